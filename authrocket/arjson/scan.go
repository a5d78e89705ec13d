package arjson

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jkind is the JSON type of a value.
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

// decoder scans one JSON document and decodes it into a message as it goes.
// It accepts exactly RFC 8259 JSON, as encoding/json does.
type decoder struct {
	in       []byte
	pos      int
	maxDepth int
	// fatal is set with a syntax, depth or UTF-8 error: it ends decoding,
	// where a decoding error may still be superseded by a later duplicate key.
	fatal bool
	// buf holds the last string read that had escapes.
	buf []byte
}

// Syntax errors. Their wording follows encoding/json; the offset is that of
// the offending byte.

func (d *decoder) eof() error {
	d.fatal = true
	return &Error{Reason: "invalid JSON: unexpected end of input"}
}

// badChar reports the byte at d.pos.
func (d *decoder) badChar(context string) error {
	d.fatal = true
	return &Error{Reason: "invalid JSON at offset " + strconv.Itoa(d.pos) + ": invalid character " +
		quoteChar(d.in[d.pos]) + " " + context}
}

func (d *decoder) tooDeep() error {
	d.fatal = true
	return &Error{Reason: "nesting exceeds maximum depth " + strconv.Itoa(d.maxDepth)}
}

func (d *decoder) invalidUTF8() error {
	d.fatal = true
	return errInvalidUTF8()
}

func errInvalidUTF8() error { return &Error{Reason: "invalid UTF-8 in input"} }

const errDataAfter = "invalid JSON: data after the top-level value"

// quoteChar formats c like encoding/json's syntax errors do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.in) {
		switch d.in[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// valueKind returns the type of the value that starts at d.pos, or a syntax
// error if none does. It consumes nothing.
func (d *decoder) valueKind() (jkind, error) {
	if d.pos >= len(d.in) {
		return 0, d.eof()
	}
	switch c := d.in[d.pos]; c {
	case '{':
		return jObject, nil
	case '[':
		return jArray, nil
	case '"':
		return jString, nil
	case 't', 'f':
		return jBool, nil
	case 'n':
		return jNull, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return jNumber, nil
	}
	return 0, d.badChar("looking for beginning of value")
}

// enter consumes the '{' or '[' at d.pos of a value with depth enclosing
// containers.
func (d *decoder) enter(depth int) error {
	if depth+1 > d.maxDepth {
		return d.tooDeep()
	}
	d.pos++
	return nil
}

// objectKey reads the next key of an object and the colon after it, leaving
// d.pos at the value; at the closing brace it returns more == false. first
// says whether a member has been read yet. The key is valid until the next
// string is read.
func (d *decoder) objectKey(first bool) (key []byte, more bool, err error) {
	d.skipSpace()
	if d.pos >= len(d.in) {
		return nil, false, d.eof()
	}
	c := d.in[d.pos]
	if c == '}' {
		d.pos++
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, d.badChar("after object key:value pair")
		}
		d.pos++
		d.skipSpace()
		if d.pos >= len(d.in) {
			return nil, false, d.eof()
		}
		c = d.in[d.pos]
	}
	if c != '"' {
		return nil, false, d.badChar("looking for beginning of object key string")
	}
	if key, err = d.readString(); err != nil {
		return nil, false, err
	}
	d.skipSpace()
	if d.pos >= len(d.in) {
		return nil, false, d.eof()
	}
	if d.in[d.pos] != ':' {
		return nil, false, d.badChar("after object key")
	}
	d.pos++
	d.skipSpace()
	return key, true, nil
}

// arrayNext moves to the next element of an array, or past its closing
// bracket, where it returns false.
func (d *decoder) arrayNext(first bool) (bool, error) {
	d.skipSpace()
	if d.pos >= len(d.in) {
		return false, d.eof()
	}
	switch c := d.in[d.pos]; {
	case c == ']':
		d.pos++
		return false, nil
	case first:
		return true, nil
	case c == ',':
		d.pos++
		d.skipSpace()
		return true, nil
	}
	return false, d.badChar("after array element")
}

// readString reads the string at d.pos and returns its unescaped bytes: a
// slice of the input, or of d.buf if it has escapes, valid until the next
// call. Lone surrogate escapes become U+FFFD, as in encoding/json.
func (d *decoder) readString() ([]byte, error) {
	in := d.in
	start := d.pos + 1
	for i := start; i < len(in); {
		c := in[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return in[start:i], nil
		case c == '\\':
			d.buf = append(d.buf[:0], in[start:i]...)
			d.pos = i
			return d.readEscaped()
		case c < ' ':
			d.pos = i
			return nil, d.badChar("in string literal")
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(in[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, d.invalidUTF8()
			}
			i += n
		}
	}
	d.pos = len(in)
	return nil, d.eof()
}

// readEscaped continues readString from d.pos into d.buf.
func (d *decoder) readEscaped() ([]byte, error) {
	in := d.in
	for i := d.pos; i < len(in); {
		c := in[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return d.buf, nil
		case c == '\\':
			if i+1 >= len(in) {
				d.pos = len(in)
				return nil, d.eof()
			}
			switch e := in[i+1]; e {
			case '"', '\\', '/':
				d.buf = append(d.buf, e)
			case 'b':
				d.buf = append(d.buf, '\b')
			case 'f':
				d.buf = append(d.buf, '\f')
			case 'n':
				d.buf = append(d.buf, '\n')
			case 'r':
				d.buf = append(d.buf, '\r')
			case 't':
				d.buf = append(d.buf, '\t')
			case 'u':
				r, err := d.hex4(i + 2)
				if err != nil {
					return nil, err
				}
				i += 6
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+6 <= len(in) && in[i] == '\\' && in[i+1] == 'u' {
						r2 = parseHex4(in[i+2 : i+6])
					}
					if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
						d.buf = utf8.AppendRune(d.buf, dec)
						i += 6
						continue
					}
					r = unicode.ReplacementChar
				}
				d.buf = utf8.AppendRune(d.buf, r)
				continue
			default:
				d.pos = i + 1
				return nil, d.badChar("in string escape code")
			}
			i += 2
		case c < ' ':
			d.pos = i
			return nil, d.badChar("in string literal")
		case c < utf8.RuneSelf:
			d.buf = append(d.buf, c)
			i++
		default:
			r, n := utf8.DecodeRune(in[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, d.invalidUTF8()
			}
			d.buf = append(d.buf, in[i:i+n]...)
			i += n
		}
	}
	d.pos = len(in)
	return nil, d.eof()
}

// hex4 reads the four hex digits of a \u escape at in[i:].
func (d *decoder) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(d.in) {
			d.pos = len(d.in)
			return 0, d.eof()
		}
		v := hexVal(d.in[j])
		if v < 0 {
			d.pos = j
			return 0, d.badChar(`in \u hexadecimal character escape`)
		}
		r = r<<4 | v
	}
	return r, nil
}

// parseHex4 returns the value of four hex digits, or -1.
func parseHex4(b []byte) rune {
	var r rune
	for _, c := range b {
		v := hexVal(c)
		if v < 0 {
			return -1
		}
		r = r<<4 | v
	}
	return r
}

func hexVal(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// literal consumes the literal true, false or null at d.pos.
func (d *decoder) literal(lit string) error {
	for i := 1; i < len(lit); i++ {
		j := d.pos + i
		if j >= len(d.in) {
			d.pos = len(d.in)
			return d.eof()
		}
		if d.in[j] != lit[i] {
			d.pos = j
			return d.badChar("in literal " + lit + " (expecting " + quoteChar(lit[i]) + ")")
		}
	}
	d.pos += len(lit)
	return nil
}

// scanNumber consumes the number at d.pos and returns it as written.
func (d *decoder) scanNumber() ([]byte, error) {
	in := d.in
	start, i := d.pos, d.pos
	if in[i] == '-' {
		i++
	}
	if i >= len(in) {
		d.pos = i
		return nil, d.eof()
	}
	switch c := in[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		i = skipDigits(in, i+1)
	default:
		d.pos = i
		return nil, d.badChar("in numeric literal")
	}
	if i < len(in) && in[i] == '.' {
		i++
		if i >= len(in) {
			d.pos = i
			return nil, d.eof()
		}
		if !isDigit(in[i]) {
			d.pos = i
			return nil, d.badChar("after decimal point in numeric literal")
		}
		i = skipDigits(in, i+1)
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if i >= len(in) {
			d.pos = i
			return nil, d.eof()
		}
		if !isDigit(in[i]) {
			d.pos = i
			return nil, d.badChar("in exponent of numeric literal")
		}
		i = skipDigits(in, i+1)
	}
	d.pos = i
	return in[start:i], nil
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNumber reports whether b follows the JSON number grammar.
func isNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = skipDigits(b, i+1)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if i+1 >= len(b) || !isDigit(b[i+1]) {
			return false
		}
		i = skipDigits(b, i+1)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return false
		}
		i = skipDigits(b, i+1)
	}
	return i == len(b)
}

// skipValue consumes the value at d.pos, which has depth enclosing
// containers, checking it as thoroughly as decoding would.
func (d *decoder) skipValue(depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	switch k {
	case jObject:
		if err := d.enter(depth); err != nil {
			return err
		}
		for first := true; ; first = false {
			_, more, err := d.objectKey(first)
			if err != nil || !more {
				return err
			}
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
		}
	case jArray:
		if err := d.enter(depth); err != nil {
			return err
		}
		for first := true; ; first = false {
			more, err := d.arrayNext(first)
			if err != nil || !more {
				return err
			}
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
		}
	case jString:
		_, err := d.readString()
		return err
	case jNumber:
		_, err := d.scanNumber()
		return err
	case jBool:
		if d.in[d.pos] == 't' {
			return d.literal("true")
		}
		return d.literal("false")
	default:
		return d.literal("null")
	}
}

// end checks that only whitespace follows the top-level value.
func (d *decoder) end() error {
	d.skipSpace()
	if d.pos == len(d.in) {
		return nil
	}
	// Like encoding/json's Decoder, which reads one more token: an opening
	// bracket or a well-formed scalar is data after the value.
	if c := d.in[d.pos]; c != '{' && c != '[' {
		if err := d.skipValue(0); err != nil {
			return err
		}
	}
	d.fatal = true
	return &Error{Reason: errDataAfter}
}

// Numbers: fast paths for the common forms, and an exact decimal for the
// others (1e3, 5.0, 1423941493.7010e0, …).

// smallInt parses an integer of at most 18 digits without fraction or
// exponent: -?(0|[1-9][0-9]*).
func smallInt(b []byte) (mag uint64, neg, ok bool) {
	i := 0
	if len(b) > 0 && b[0] == '-' {
		neg, i = true, 1
	}
	n := len(b) - i
	if n == 0 || n > 18 || (b[i] == '0' && n > 1) {
		return 0, false, false
	}
	for ; i < len(b); i++ {
		c := b[i]
		if !isDigit(c) {
			return 0, false, false
		}
		mag = mag*10 + uint64(c-'0')
	}
	return mag, neg, true
}

// epochMillis returns floor(b × 1000) for b of the form
// -?(0|[1-9][0-9]{0,11})(\.[0-9]+)?, the usual timestamp.
func epochMillis(b []byte) (int64, bool) {
	i := 0
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	n := i - start
	if n == 0 || n > 12 || (b[start] == '0' && n > 1) {
		return 0, false
	}
	var ms int64
	for _, c := range b[start:i] {
		ms = ms*10 + int64(c-'0')
	}
	frac := 0
	dropped := false
	if i < len(b) {
		if b[i] != '.' || i+1 == len(b) {
			return 0, false
		}
		for _, c := range b[i+1:] {
			if !isDigit(c) {
				return 0, false
			}
			if frac < 3 {
				ms = ms*10 + int64(c-'0')
				frac++
			} else if c != '0' {
				dropped = true
			}
		}
	}
	for ; frac < 3; frac++ {
		ms *= 10
	}
	if neg {
		ms = -ms
		if dropped { // round toward -inf
			ms--
		}
	}
	return ms, true
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
