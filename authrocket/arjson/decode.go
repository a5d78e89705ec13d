package arjson

import (
	"encoding/base64"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DefaultMaxDepth is the nesting limit used when UnmarshalOptions.MaxDepth is 0.
const DefaultMaxDepth = 100

// DefaultMaxBytes is the size limit DecodeReader uses when maxBytes <= 0.
const DefaultMaxBytes = 4 << 20

// UnmarshalOptions configures decoding of AuthRocket JSON.
type UnmarshalOptions struct {
	// MaxDepth limits the nesting of JSON arrays and objects; 0 means
	// DefaultMaxDepth. Deeper input is an error.
	MaxDepth int
}

// Unmarshal decodes AuthRocket JSON into m with default options.
func Unmarshal(b []byte, m proto.Message) error {
	return UnmarshalOptions{}.Unmarshal(b, m)
}

// Unmarshal resets m and decodes the AuthRocket JSON document b into it.
// Empty input and a top-level null leave m empty. Errors are *Error values.
func (o UnmarshalOptions) Unmarshal(b []byte, m proto.Message) error {
	if m == nil {
		return &Error{Reason: "nil message"}
	}
	proto.Reset(m)
	maxDepth := o.MaxDepth
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	v, err := parseJSON(b, maxDepth)
	if err != nil {
		return err
	}
	if v == nil || v.kind == jNull {
		return nil
	}
	d := &decoder{}
	return d.message(m.ProtoReflect(), v)
}

// DecodeReader reads at most maxBytes bytes from r and decodes them into m
// like Unmarshal. maxBytes <= 0 means DefaultMaxBytes. Longer input gives an
// error wrapping ErrTooLarge, without decoding anything.
func DecodeReader(r io.Reader, m proto.Message, maxBytes int64) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	limit := maxBytes
	if limit < math.MaxInt64 {
		limit++
	}
	b, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return &Error{Reason: "reading input: " + err.Error()}
	}
	if int64(len(b)) > maxBytes {
		return &tooLargeError{limit: maxBytes}
	}
	return Unmarshal(b, m)
}

// tooLargeError reports input over DecodeReader's limit.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return ErrTooLarge.Error() + " of " + strconv.FormatInt(e.limit, 10) + " bytes"
}

func (e *tooLargeError) Unwrap() error { return ErrTooLarge }

// decoder walks a parsed JSON tree into a message.
type decoder struct {
	path pathStack
}

func (d *decoder) typeError(want string, v *jvalue) error {
	return d.path.errorf("expected " + want + ", got " + v.kind.String())
}

// message decodes v (not null) into m.
func (d *decoder) message(m protoreflect.Message, v *jvalue) error {
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
	if isWrapper(md.FullName()) {
		fd := md.Fields().ByNumber(1)
		val, err := d.scalar(fd, v)
		if err != nil {
			return err
		}
		m.Set(fd, val)
		return nil
	}
	if v.kind != jObject {
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
		if val.kind == jNull {
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
func (d *decoder) field(m protoreflect.Message, fd protoreflect.FieldDescriptor, v *jvalue) error {
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

func (d *decoder) list(l protoreflect.List, fd protoreflect.FieldDescriptor, v *jvalue) error {
	elems := v.arr
	if v.kind != jArray {
		if fd.Message() != nil || v.kind == jObject {
			return d.typeError("array", v)
		}
		elems = []*jvalue{v} // a single scalar where a list is expected
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
			if e.kind == jNull {
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
func (d *decoder) nullableMessage(m protoreflect.Message, v *jvalue) error {
	if v.kind == jNull && m.Descriptor().FullName() != "google.protobuf.Value" {
		return d.path.errorf("unexpected null")
	}
	return d.message(m, v)
}

func (d *decoder) mapField(mp protoreflect.Map, fd protoreflect.FieldDescriptor, v *jvalue) error {
	if v.kind != jObject {
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
		if mem.val.kind == jNull && !isValue {
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

func (d *decoder) mapKey(fd protoreflect.FieldDescriptor, s string) (protoreflect.MapKey, error) {
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
func (d *decoder) scalar(fd protoreflect.FieldDescriptor, v *jvalue) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		switch {
		case v.kind == jBool:
			return protoreflect.ValueOfBool(v.b), nil
		case v.kind == jString && v.s == "true":
			return protoreflect.ValueOfBool(true), nil
		case v.kind == jString && v.s == "false":
			return protoreflect.ValueOfBool(false), nil
		case v.kind == jString:
			return protoreflect.Value{}, d.path.errorf("expected boolean, got string that is not \"true\" or \"false\"")
		}
		return protoreflect.Value{}, d.typeError("boolean", v)
	case protoreflect.StringKind:
		if v.kind != jString {
			return protoreflect.Value{}, d.typeError("string", v)
		}
		return protoreflect.ValueOfString(v.s), nil
	case protoreflect.BytesKind:
		if v.kind != jString {
			return protoreflect.Value{}, d.typeError("base64 string", v)
		}
		b, err := decodeBase64(v.s)
		if err != nil {
			return protoreflect.Value{}, d.path.errorf("invalid base64 string")
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		return d.enum(fd, v)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		if v.kind != jNumber && v.kind != jString {
			return protoreflect.Value{}, d.typeError("number", v)
		}
		if !isNumber(v.s) {
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
		if v.kind != jNumber && v.kind != jString {
			return protoreflect.Value{}, d.typeError("integer", v)
		}
		what := "number"
		if v.kind == jString {
			what = "string"
		}
		return d.integer(fd, v.s, what)
	}
}

// integer parses s (a number literal or numeric string) for an integer field.
func (d *decoder) integer(fd protoreflect.FieldDescriptor, s, what string) (protoreflect.Value, error) {
	dec, ok := parseDecimal(s)
	if !ok {
		return protoreflect.Value{}, d.path.errorf("expected integer, got non-numeric " + what)
	}
	is, err := dec.integer()
	if err == errNotIntegral {
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

func (d *decoder) enum(fd protoreflect.FieldDescriptor, v *jvalue) (protoreflect.Value, error) {
	ed := fd.Enum()
	switch v.kind {
	case jString:
		if ev := ed.Values().ByName(protoreflect.Name(v.s)); ev != nil {
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		if !isNumber(v.s) {
			return protoreflect.Value{}, d.path.errorf("unknown value " + quoteShort(v.s) + " for enum " + string(ed.FullName()))
		}
	case jNumber:
	default:
		return protoreflect.Value{}, d.typeError("enum name or number", v)
	}
	dec, _ := parseDecimal(v.s)
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

// decodeBase64 accepts standard or URL-safe base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
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
	minTimestamp = -62135596800
	maxTimestamp = 253402300799
)

func (d *decoder) timestamp(m protoreflect.Message, v *jvalue) error {
	var ms int64
	switch {
	case v.kind == jNumber || (v.kind == jString && isNumber(v.s)):
		dec, _ := parseDecimal(v.s)
		n, err := dec.floorScaled(3)
		if err != nil {
			return d.path.errorf("timestamp out of range")
		}
		ms = n
	case v.kind == jString:
		t, err := time.Parse(time.RFC3339Nano, v.s)
		if err != nil {
			return d.path.errorf("invalid timestamp string: want epoch seconds or RFC 3339")
		}
		sec := t.Unix()
		if sec < minTimestamp || sec > maxTimestamp {
			return d.path.errorf("timestamp out of range")
		}
		ms = sec*1000 + int64(t.Nanosecond()/1e6)
	default:
		return d.typeError("epoch seconds or RFC 3339 string", v)
	}
	sec, msPart := floorDiv(ms, 1000)
	if sec < minTimestamp || sec > maxTimestamp {
		return d.path.errorf("timestamp out of range")
	}
	fields := m.Descriptor().Fields()
	m.Set(fields.ByNumber(1), protoreflect.ValueOfInt64(sec))
	m.Set(fields.ByNumber(2), protoreflect.ValueOfInt32(int32(msPart*1e6)))
	return nil
}

// floorDiv returns floor(a/b) and the non-negative remainder.
func floorDiv(a, b int64) (int64, int64) {
	q, r := a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return q, r
}

func (d *decoder) structValue(m protoreflect.Message, v *jvalue) error {
	if v.kind != jObject {
		return d.typeError("object", v)
	}
	return d.mapField(m.Mutable(m.Descriptor().Fields().ByNumber(1)).Map(), m.Descriptor().Fields().ByNumber(1), v)
}

func (d *decoder) listValue(m protoreflect.Message, v *jvalue) error {
	if v.kind != jArray {
		return d.typeError("array", v)
	}
	fd := m.Descriptor().Fields().ByNumber(1)
	return d.list(m.Mutable(fd).List(), fd, v)
}

// value decodes any JSON value into a google.protobuf.Value.
func (d *decoder) value(m protoreflect.Message, v *jvalue) error {
	fields := m.Descriptor().Fields()
	switch v.kind {
	case jNull:
		m.Set(fields.ByName("null_value"), protoreflect.ValueOfEnum(0))
	case jBool:
		m.Set(fields.ByName("bool_value"), protoreflect.ValueOfBool(v.b))
	case jNumber:
		f, err := strconv.ParseFloat(v.s, 64)
		if err != nil {
			return d.path.errorf("number out of range for double")
		}
		m.Set(fields.ByName("number_value"), protoreflect.ValueOfFloat64(f))
	case jString:
		m.Set(fields.ByName("string_value"), protoreflect.ValueOfString(v.s))
	case jArray:
		fd := fields.ByName("list_value")
		val := m.NewField(fd)
		if err := d.listValue(val.Message(), v); err != nil {
			return err
		}
		m.Set(fd, val)
	case jObject:
		fd := fields.ByName("struct_value")
		val := m.NewField(fd)
		if err := d.structValue(val.Message(), v); err != nil {
			return err
		}
		m.Set(fd, val)
	}
	return nil
}

// isWrapper reports whether name is one of the google.protobuf wrapper types.
func isWrapper(name protoreflect.FullName) bool {
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
