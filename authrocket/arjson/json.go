package arjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jkind is the type of a parsed JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	switch k {
	case jNull:
		return "null"
	case jBool:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jArray:
		return "array"
	default:
		return "object"
	}
}

// jvalue is a parsed JSON value. For numbers s holds the literal as written.
type jvalue struct {
	kind jkind
	b    bool
	s    string
	arr  []*jvalue
	obj  []jmember
}

// jmember is one key/value pair of a JSON object, in input order.
type jmember struct {
	key string
	val *jvalue
}

// parseJSON parses a whole document into a tree. It returns nil for an
// input that holds only whitespace.
func parseJSON(b []byte, maxDepth int) (*jvalue, error) {
	if !utf8.Valid(b) {
		return nil, &Error{Reason: "invalid UTF-8 in input"}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, syntaxError(err)
	}
	v, err := buildValue(dec, tok, 0, maxDepth)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, syntaxError(err)
		}
		return nil, &Error{Reason: "invalid JSON: data after the top-level value"}
	}
	return v, nil
}

func syntaxError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Reason: "invalid JSON: unexpected end of input"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Reason: "invalid JSON at offset " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()}
	}
	return &Error{Reason: "invalid JSON: " + err.Error()}
}

// buildValue turns tok (and, for containers, the tokens that follow it) into
// a jvalue. depth is the number of enclosing containers.
func buildValue(dec *json.Decoder, tok json.Token, depth, maxDepth int) (*jvalue, error) {
	switch t := tok.(type) {
	case nil:
		return &jvalue{kind: jNull}, nil
	case bool:
		return &jvalue{kind: jBool, b: t}, nil
	case json.Number:
		return &jvalue{kind: jNumber, s: string(t)}, nil
	case string:
		return &jvalue{kind: jString, s: t}, nil
	case json.Delim:
		if depth+1 > maxDepth {
			return nil, &Error{Reason: "nesting exceeds maximum depth " + strconv.Itoa(maxDepth)}
		}
		switch t {
		case '[':
			v := &jvalue{kind: jArray}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, syntaxError(err)
				}
				if tok == json.Delim(']') {
					return v, nil
				}
				elem, err := buildValue(dec, tok, depth+1, maxDepth)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, elem)
			}
		case '{':
			v := &jvalue{kind: jObject}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, syntaxError(err)
				}
				if tok == json.Delim('}') {
					return v, nil
				}
				key, ok := tok.(string)
				if !ok {
					return nil, &Error{Reason: "invalid JSON: object key is not a string"}
				}
				tok, err = dec.Token()
				if err != nil {
					return nil, syntaxError(err)
				}
				val, err := buildValue(dec, tok, depth+1, maxDepth)
				if err != nil {
					return nil, err
				}
				v.obj = append(v.obj, jmember{key: key, val: val})
			}
		}
	}
	return nil, &Error{Reason: "invalid JSON: unexpected token"}
}

// decimal is an exactly parsed number: (-1)^neg × digits × 10^exp. digits
// has no leading or trailing zeros; "" means zero.
type decimal struct {
	neg    bool
	digits string
	exp    int
}

// maxExp bounds exponents so that arithmetic on them cannot overflow; any
// exponent beyond it is far outside every range this package accepts.
const maxExp = 1 << 20

// parseDecimal parses s, which must follow the JSON number grammar.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return d, false
	}
	intPart := s[start:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return d, false
		}
		frac = s[fs:i]
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			if exp < maxExp {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == es {
			return d, false
		}
		if exp > maxExp {
			exp = maxExp
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return d, false
	}
	digits := intPart + frac
	exp -= len(frac)
	digits = strings.TrimLeft(digits, "0")
	n := len(digits)
	digits = strings.TrimRight(digits, "0")
	exp += n - len(digits)
	if digits == "" {
		return decimal{}, true
	}
	d.digits, d.exp = digits, exp
	return d, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNumber reports whether s follows the JSON number grammar.
func isNumber(s string) bool {
	_, ok := parseDecimal(s)
	return ok
}

var errNotIntegral = errors.New("not integral")
var errRange = errors.New("out of range")

// integer returns the decimal as an integer string (sign included), or
// errNotIntegral / errRange when it has a fraction or more than 20 digits.
func (d decimal) integer() (string, error) {
	if d.digits == "" {
		return "0", nil
	}
	if d.exp < 0 {
		return "", errNotIntegral
	}
	if len(d.digits)+d.exp > 20 {
		return "", errRange
	}
	s := d.digits + strings.Repeat("0", d.exp)
	if d.neg {
		s = "-" + s
	}
	return s, nil
}

// floorScaled returns floor(d × 10^scale) as an int64, or errRange when the
// result has more than 18 digits.
func (d decimal) floorScaled(scale int) (int64, error) {
	if d.digits == "" {
		return 0, nil
	}
	e := d.exp + scale
	if len(d.digits)+e > 18 {
		return 0, errRange
	}
	var whole string
	dropped := false
	if e >= 0 {
		whole = d.digits + strings.Repeat("0", e)
	} else if -e >= len(d.digits) {
		whole, dropped = "0", true
	} else {
		whole, dropped = d.digits[:len(d.digits)+e], true
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errRange
	}
	if d.neg {
		n = -n
		if dropped { // digits was nonzero past the cut: round toward -inf
			n--
		}
	}
	return n, nil
}
