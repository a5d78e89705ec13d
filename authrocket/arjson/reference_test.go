package arjson

// The tree decoder that Unmarshal used before it decoded in one pass: it
// parses the whole input into a generic tree with encoding/json's Decoder,
// then walks the tree into the message. It is kept unchanged, under ref
// names, as the reference FuzzDecodeMatchesReference compares Unmarshal with.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// refUnmarshal is UnmarshalOptions.Unmarshal as it was.
func refUnmarshal(o UnmarshalOptions, b []byte, m proto.Message) error {
	if m == nil {
		return &Error{Reason: "nil message"}
	}
	proto.Reset(m)
	maxDepth := o.MaxDepth
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	v, err := refParseJSON(b, maxDepth)
	if err != nil {
		return err
	}
	if v == nil || v.kind == refJNull {
		return nil
	}
	d := &refDecoder{}
	return d.message(m.ProtoReflect(), v)
}

// refJkind is the type of a parsed JSON value.
type refJkind uint8

const (
	refJNull refJkind = iota
	refJBool
	refJNumber
	refJString
	refJArray
	refJObject
)

func (k refJkind) String() string {
	switch k {
	case refJNull:
		return "null"
	case refJBool:
		return "boolean"
	case refJNumber:
		return "number"
	case refJString:
		return "string"
	case refJArray:
		return "array"
	default:
		return "object"
	}
}

// refJvalue is a parsed JSON value. For numbers s holds the literal as written.
type refJvalue struct {
	kind refJkind
	b    bool
	s    string
	arr  []*refJvalue
	obj  []refJmember
}

// refJmember is one key/value pair of a JSON object, in input order.
type refJmember struct {
	key string
	val *refJvalue
}

// refParseJSON parses a whole document into a tree. It returns nil for an
// input that holds only whitespace.
func refParseJSON(b []byte, maxDepth int) (*refJvalue, error) {
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
		return nil, refSyntaxError(err)
	}
	v, err := refBuildValue(dec, tok, 0, maxDepth)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, refSyntaxError(err)
		}
		return nil, &Error{Reason: "invalid JSON: data after the top-level value"}
	}
	return v, nil
}

func refSyntaxError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Reason: "invalid JSON: unexpected end of input"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Reason: "invalid JSON at offset " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()}
	}
	return &Error{Reason: "invalid JSON: " + err.Error()}
}

// refBuildValue turns tok (and, for containers, the tokens that follow it) into
// a refJvalue. depth is the number of enclosing containers.
func refBuildValue(dec *json.Decoder, tok json.Token, depth, maxDepth int) (*refJvalue, error) {
	switch t := tok.(type) {
	case nil:
		return &refJvalue{kind: refJNull}, nil
	case bool:
		return &refJvalue{kind: refJBool, b: t}, nil
	case json.Number:
		return &refJvalue{kind: refJNumber, s: string(t)}, nil
	case string:
		return &refJvalue{kind: refJString, s: t}, nil
	case json.Delim:
		if depth+1 > maxDepth {
			return nil, &Error{Reason: "nesting exceeds maximum depth " + strconv.Itoa(maxDepth)}
		}
		switch t {
		case '[':
			v := &refJvalue{kind: refJArray}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, refSyntaxError(err)
				}
				if tok == json.Delim(']') {
					return v, nil
				}
				elem, err := refBuildValue(dec, tok, depth+1, maxDepth)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, elem)
			}
		case '{':
			v := &refJvalue{kind: refJObject}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, refSyntaxError(err)
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
					return nil, refSyntaxError(err)
				}
				val, err := refBuildValue(dec, tok, depth+1, maxDepth)
				if err != nil {
					return nil, err
				}
				v.obj = append(v.obj, refJmember{key: key, val: val})
			}
		}
	}
	return nil, &Error{Reason: "invalid JSON: unexpected token"}
}

// refDecimal is an exactly parsed number: (-1)^neg × digits × 10^exp. digits
// has no leading or trailing zeros; "" means zero.
type refDecimal struct {
	neg    bool
	digits string
	exp    int
}

// refMaxExp bounds exponents so that arithmetic on them cannot overflow; any
// exponent beyond it is far outside every range this package accepts.
const refMaxExp = 1 << 20

// refParseDecimal parses s, which must follow the JSON number grammar.
func refParseDecimal(s string) (refDecimal, bool) {
	var d refDecimal
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
		for i < len(s) && refIsDigit(s[i]) {
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
		for i < len(s) && refIsDigit(s[i]) {
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
		for i < len(s) && refIsDigit(s[i]) {
			if exp < refMaxExp {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == es {
			return d, false
		}
		if exp > refMaxExp {
			exp = refMaxExp
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
		return refDecimal{}, true
	}
	d.digits, d.exp = digits, exp
	return d, true
}

func refIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// refIsNumber reports whether s follows the JSON number grammar.
func refIsNumber(s string) bool {
	_, ok := refParseDecimal(s)
	return ok
}

var errRefNotIntegral = errors.New("not integral")
var errRefRange = errors.New("out of range")

// integer returns the refDecimal as an integer string (sign included), or
// errRefNotIntegral / errRefRange when it has a fraction or more than 20 digits.
func (d refDecimal) integer() (string, error) {
	if d.digits == "" {
		return "0", nil
	}
	if d.exp < 0 {
		return "", errRefNotIntegral
	}
	if len(d.digits)+d.exp > 20 {
		return "", errRefRange
	}
	s := d.digits + strings.Repeat("0", d.exp)
	if d.neg {
		s = "-" + s
	}
	return s, nil
}

// floorScaled returns floor(d × 10^scale) as an int64, or errRefRange when the
// result has more than 18 digits.
func (d refDecimal) floorScaled(scale int) (int64, error) {
	if d.digits == "" {
		return 0, nil
	}
	e := d.exp + scale
	if len(d.digits)+e > 18 {
		return 0, errRefRange
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
		return 0, errRefRange
	}
	if d.neg {
		n = -n
		if dropped { // digits was nonzero past the cut: round toward -inf
			n--
		}
	}
	return n, nil
}

// refDecoder walks a parsed JSON tree into a message.
type refDecoder struct {
	path pathStack
}

func (d *refDecoder) typeError(want string, v *refJvalue) error {
	return d.path.errorf("expected " + want + ", got " + v.kind.String())
}

// message decodes v (not null) into m.
func (d *refDecoder) message(m protoreflect.Message, v *refJvalue) error {
	md := m.Descriptor()
	switch md.FullName() {
	case "google.protobuf.Timestamp":
		return d.timestamp(m, v)
	case "google.protobuf.Struct":
		return d.structValue(m, v)
	case "google.protobuf.ListValue":
		return d.listValue(m, v)
	case "google.protobuf.Value":
		return d.value(m, v)
	case "google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Any":
		return d.path.errorf("unsupported type " + string(md.FullName()))
	}
	if refIsWrapper(md.FullName()) {
		fd := md.Fields().ByNumber(1)
		val, err := d.scalar(fd, v)
		if err != nil {
			return err
		}
		m.Set(fd, val)
		return nil
	}
	if v.kind != refJObject {
		return d.typeError("object", v)
	}
	fields := md.Fields()
	resolved := make([]protoreflect.FieldDescriptor, len(v.obj))
	var last map[protoreflect.FieldNumber]int
	for i, mem := range v.obj {
		fd := fields.ByName(protoreflect.Name(mem.key))
		if fd == nil {
			fd = fields.ByJSONName(mem.key)
		}
		if fd == nil {
			continue // unknown key: AuthRocket adds fields over time
		}
		resolved[i] = fd
		if last == nil {
			last = make(map[protoreflect.FieldNumber]int, len(v.obj))
		}
		last[fd.Number()] = i
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			// One member per oneof: the last key naming any member wins.
			for j := 0; j < od.Fields().Len(); j++ {
				last[od.Fields().Get(j).Number()] = i
			}
		}
	}
	for i, fd := range resolved {
		if fd == nil || last[fd.Number()] != i {
			continue
		}
		val := v.obj[i].val
		if val.kind == refJNull {
			continue // null leaves the field unset
		}
		d.path.pushField(string(fd.Name()))
		if err := d.field(m, fd, val); err != nil {
			return err
		}
		d.path.pop()
	}
	return nil
}

// field decodes v (not null) into field fd of m.
func (d *refDecoder) field(m protoreflect.Message, fd protoreflect.FieldDescriptor, v *refJvalue) error {
	switch {
	case fd.IsList():
		return d.list(m.Mutable(fd).List(), fd, v)
	case fd.IsMap():
		return d.mapField(m.Mutable(fd).Map(), fd, v)
	case fd.Message() != nil:
		val := m.NewField(fd)
		if err := d.message(val.Message(), v); err != nil {
			return err
		}
		m.Set(fd, val)
		return nil
	default:
		val, err := d.scalar(fd, v)
		if err != nil {
			return err
		}
		m.Set(fd, val)
		return nil
	}
}

func (d *refDecoder) list(l protoreflect.List, fd protoreflect.FieldDescriptor, v *refJvalue) error {
	elems := v.arr
	if v.kind != refJArray {
		if fd.Message() != nil || v.kind == refJObject {
			return d.typeError("array", v)
		}
		elems = []*refJvalue{v} // a single scalar where a list is expected
	}
	for i, e := range elems {
		d.path.pushIndex(i)
		if fd.Message() != nil {
			el := l.NewElement()
			if err := d.nullableMessage(el.Message(), e); err != nil {
				return err
			}
			l.Append(el)
		} else {
			if e.kind == refJNull {
				return d.path.errorf("unexpected null in array")
			}
			val, err := d.scalar(fd, e)
			if err != nil {
				return err
			}
			l.Append(val)
		}
		d.path.pop()
	}
	return nil
}

// nullableMessage decodes a list element or map value: null is a null
// google.protobuf.Value and an error for any other message.
func (d *refDecoder) nullableMessage(m protoreflect.Message, v *refJvalue) error {
	if v.kind == refJNull && m.Descriptor().FullName() != "google.protobuf.Value" {
		return d.path.errorf("unexpected null")
	}
	return d.message(m, v)
}

func (d *refDecoder) mapField(mp protoreflect.Map, fd protoreflect.FieldDescriptor, v *refJvalue) error {
	if v.kind != refJObject {
		return d.typeError("object", v)
	}
	kfd, vfd := fd.MapKey(), fd.MapValue()
	isValue := vfd.Message() != nil && vfd.Message().FullName() == "google.protobuf.Value"
	for _, mem := range v.obj {
		d.path.pushKey(mem.key)
		key, err := d.mapKey(kfd, mem.key)
		if err != nil {
			return err
		}
		if mem.val.kind == refJNull && !isValue {
			mp.Clear(key) // null: no entry (last key wins)
			d.path.pop()
			continue
		}
		if vfd.Message() != nil {
			val := mp.NewValue()
			if err := d.message(val.Message(), mem.val); err != nil {
				return err
			}
			mp.Set(key, val)
		} else {
			val, err := d.scalar(vfd, mem.val)
			if err != nil {
				return err
			}
			mp.Set(key, val)
		}
		d.path.pop()
	}
	return nil
}

func (d *refDecoder) mapKey(fd protoreflect.FieldDescriptor, s string) (protoreflect.MapKey, error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(s).MapKey(), nil
	case protoreflect.BoolKind:
		switch s {
		case "true":
			return protoreflect.ValueOfBool(true).MapKey(), nil
		case "false":
			return protoreflect.ValueOfBool(false).MapKey(), nil
		}
		return protoreflect.MapKey{}, d.path.errorf("invalid map key: expected true or false")
	}
	var val protoreflect.Value
	var err error
	switch fd.Kind() {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		var n int64
		n, err = strconv.ParseInt(s, 10, 32)
		val = protoreflect.ValueOfInt32(int32(n))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		var n int64
		n, err = strconv.ParseInt(s, 10, 64)
		val = protoreflect.ValueOfInt64(n)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		var n uint64
		n, err = strconv.ParseUint(s, 10, 32)
		val = protoreflect.ValueOfUint32(uint32(n))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		var n uint64
		n, err = strconv.ParseUint(s, 10, 64)
		val = protoreflect.ValueOfUint64(n)
	default:
		return protoreflect.MapKey{}, d.path.errorf("unsupported map key kind " + fd.Kind().String())
	}
	if err != nil {
		return protoreflect.MapKey{}, d.path.errorf("invalid map key for " + fd.Kind().String())
	}
	return val.MapKey(), nil
}

// scalar decodes a non-message value (v is not null).
func (d *refDecoder) scalar(fd protoreflect.FieldDescriptor, v *refJvalue) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		switch {
		case v.kind == refJBool:
			return protoreflect.ValueOfBool(v.b), nil
		case v.kind == refJString && v.s == "true":
			return protoreflect.ValueOfBool(true), nil
		case v.kind == refJString && v.s == "false":
			return protoreflect.ValueOfBool(false), nil
		case v.kind == refJString:
			return protoreflect.Value{}, d.path.errorf("expected boolean, got string that is not \"true\" or \"false\"")
		}
		return protoreflect.Value{}, d.typeError("boolean", v)
	case protoreflect.StringKind:
		if v.kind != refJString {
			return protoreflect.Value{}, d.typeError("string", v)
		}
		return protoreflect.ValueOfString(v.s), nil
	case protoreflect.BytesKind:
		if v.kind != refJString {
			return protoreflect.Value{}, d.typeError("base64 string", v)
		}
		b, err := refDecodeBase64(v.s)
		if err != nil {
			return protoreflect.Value{}, d.path.errorf("invalid base64 string")
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		return d.enum(fd, v)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		if v.kind != refJNumber && v.kind != refJString {
			return protoreflect.Value{}, d.typeError("number", v)
		}
		if !refIsNumber(v.s) {
			return protoreflect.Value{}, d.path.errorf("expected number, got non-numeric string")
		}
		if fd.Kind() == protoreflect.FloatKind {
			f, err := strconv.ParseFloat(v.s, 32)
			if err != nil {
				return protoreflect.Value{}, d.path.errorf("number out of range for float")
			}
			return protoreflect.ValueOfFloat32(float32(f)), nil
		}
		f, err := strconv.ParseFloat(v.s, 64)
		if err != nil {
			return protoreflect.Value{}, d.path.errorf("number out of range for double")
		}
		return protoreflect.ValueOfFloat64(f), nil
	default: // integer kinds
		if v.kind != refJNumber && v.kind != refJString {
			return protoreflect.Value{}, d.typeError("integer", v)
		}
		what := "number"
		if v.kind == refJString {
			what = "string"
		}
		return d.integer(fd, v.s, what)
	}
}

// integer parses s (a number literal or numeric string) for an integer field.
func (d *refDecoder) integer(fd protoreflect.FieldDescriptor, s, what string) (protoreflect.Value, error) {
	dec, ok := refParseDecimal(s)
	if !ok {
		return protoreflect.Value{}, d.path.errorf("expected integer, got non-numeric " + what)
	}
	is, err := dec.integer()
	if err == errRefNotIntegral {
		return protoreflect.Value{}, d.path.errorf("expected integer, got " + what + " with a fraction")
	}
	kind := fd.Kind()
	rangeErr := func() (protoreflect.Value, error) {
		return protoreflect.Value{}, d.path.errorf(what + " out of range for " + kind.String())
	}
	if err != nil {
		return rangeErr()
	}
	switch kind {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := strconv.ParseInt(is, 10, 32)
		if err != nil {
			return rangeErr()
		}
		return protoreflect.ValueOfInt32(int32(n)), nil
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := strconv.ParseInt(is, 10, 64)
		if err != nil {
			return rangeErr()
		}
		return protoreflect.ValueOfInt64(n), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := strconv.ParseUint(is, 10, 32)
		if err != nil {
			return rangeErr()
		}
		return protoreflect.ValueOfUint32(uint32(n)), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := strconv.ParseUint(is, 10, 64)
		if err != nil {
			return rangeErr()
		}
		return protoreflect.ValueOfUint64(n), nil
	}
	return protoreflect.Value{}, d.path.errorf("unsupported field kind " + kind.String())
}

func (d *refDecoder) enum(fd protoreflect.FieldDescriptor, v *refJvalue) (protoreflect.Value, error) {
	ed := fd.Enum()
	switch v.kind {
	case refJString:
		if ev := ed.Values().ByName(protoreflect.Name(v.s)); ev != nil {
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		if !refIsNumber(v.s) {
			return protoreflect.Value{}, d.path.errorf("unknown value " + quoteShort(v.s) + " for enum " + string(ed.FullName()))
		}
	case refJNumber:
	default:
		return protoreflect.Value{}, d.typeError("enum name or number", v)
	}
	dec, _ := refParseDecimal(v.s)
	is, err := dec.integer()
	if err != nil {
		return protoreflect.Value{}, d.path.errorf("invalid number for enum " + string(ed.FullName()))
	}
	n, err := strconv.ParseInt(is, 10, 32)
	if err != nil {
		return protoreflect.Value{}, d.path.errorf("number out of range for enum " + string(ed.FullName()))
	}
	num := protoreflect.EnumNumber(n)
	if ed.IsClosed() && ed.Values().ByNumber(num) == nil {
		return protoreflect.Value{}, d.path.errorf("unknown number " + is + " for enum " + string(ed.FullName()))
	}
	return protoreflect.ValueOfEnum(num), nil
}

// refDecodeBase64 accepts standard or URL-safe base64, padded or not.
func refDecodeBase64(s string) ([]byte, error) {
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if len(s)%4 != 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	return enc.DecodeString(s)
}

// Timestamp limits: 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
const (
	refMinTimestamp = -62135596800
	refMaxTimestamp = 253402300799
)

func (d *refDecoder) timestamp(m protoreflect.Message, v *refJvalue) error {
	var ms int64
	switch {
	case v.kind == refJNumber || (v.kind == refJString && refIsNumber(v.s)):
		dec, _ := refParseDecimal(v.s)
		n, err := dec.floorScaled(3)
		if err != nil {
			return d.path.errorf("timestamp out of range")
		}
		ms = n
	case v.kind == refJString:
		t, err := time.Parse(time.RFC3339Nano, v.s)
		if err != nil {
			return d.path.errorf("invalid timestamp string: want epoch seconds or RFC 3339")
		}
		sec := t.Unix()
		if sec < refMinTimestamp || sec > refMaxTimestamp {
			return d.path.errorf("timestamp out of range")
		}
		ms = sec*1000 + int64(t.Nanosecond()/1e6)
	default:
		return d.typeError("epoch seconds or RFC 3339 string", v)
	}
	sec, msPart := refFloorDiv(ms, 1000)
	if sec < refMinTimestamp || sec > refMaxTimestamp {
		return d.path.errorf("timestamp out of range")
	}
	fields := m.Descriptor().Fields()
	m.Set(fields.ByNumber(1), protoreflect.ValueOfInt64(sec))
	m.Set(fields.ByNumber(2), protoreflect.ValueOfInt32(int32(msPart*1e6)))
	return nil
}

// refFloorDiv returns floor(a/b) and the non-negative remainder.
func refFloorDiv(a, b int64) (int64, int64) {
	q, r := a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return q, r
}

func (d *refDecoder) structValue(m protoreflect.Message, v *refJvalue) error {
	if v.kind != refJObject {
		return d.typeError("object", v)
	}
	return d.mapField(m.Mutable(m.Descriptor().Fields().ByNumber(1)).Map(), m.Descriptor().Fields().ByNumber(1), v)
}

func (d *refDecoder) listValue(m protoreflect.Message, v *refJvalue) error {
	if v.kind != refJArray {
		return d.typeError("array", v)
	}
	fd := m.Descriptor().Fields().ByNumber(1)
	return d.list(m.Mutable(fd).List(), fd, v)
}

// value decodes any JSON value into a google.protobuf.Value.
func (d *refDecoder) value(m protoreflect.Message, v *refJvalue) error {
	fields := m.Descriptor().Fields()
	switch v.kind {
	case refJNull:
		m.Set(fields.ByName("null_value"), protoreflect.ValueOfEnum(0))
	case refJBool:
		m.Set(fields.ByName("bool_value"), protoreflect.ValueOfBool(v.b))
	case refJNumber:
		f, err := strconv.ParseFloat(v.s, 64)
		if err != nil {
			return d.path.errorf("number out of range for double")
		}
		m.Set(fields.ByName("number_value"), protoreflect.ValueOfFloat64(f))
	case refJString:
		m.Set(fields.ByName("string_value"), protoreflect.ValueOfString(v.s))
	case refJArray:
		fd := fields.ByName("list_value")
		val := m.NewField(fd)
		if err := d.listValue(val.Message(), v); err != nil {
			return err
		}
		m.Set(fd, val)
	case refJObject:
		fd := fields.ByName("struct_value")
		val := m.NewField(fd)
		if err := d.structValue(val.Message(), v); err != nil {
			return err
		}
		m.Set(fd, val)
	}
	return nil
}

// refIsWrapper reports whether name is one of the google.protobuf wrapper types.
func refIsWrapper(name protoreflect.FullName) bool {
	switch name {
	case "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value",
		"google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue",
		"google.protobuf.BytesValue":
		return true
	}
	return false
}
