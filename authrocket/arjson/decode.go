package arjson

import (
	"bytes"
	"encoding/base64"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
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
	d := decoder{in: b, maxDepth: maxDepth}
	err := d.document(m.ProtoReflect())
	if err == nil {
		return nil
	}
	// Report errors in the order a parse of the whole input before decoding
	// would: invalid UTF-8 anywhere, then the first syntax or depth error,
	// then the decoding error.
	if !utf8.Valid(b) {
		return errInvalidUTF8()
	}
	if !d.fatal {
		if e, ok := err.(*Error); ok {
			e.Path = strings.TrimPrefix(e.Path, ".")
		}
	}
	return err
}

// DecodeReader reads at most maxBytes bytes from r and decodes them into m
// like Unmarshal. maxBytes <= 0 means DefaultMaxBytes. Longer input gives an
// error wrapping ErrTooLarge, without decoding anything.
func DecodeReader(r io.Reader, m proto.Message, maxBytes int64) error {
	return UnmarshalOptions{}.DecodeReader(r, m, maxBytes)
}

// DecodeReader is DecodeReader with the options o.
func (o UnmarshalOptions) DecodeReader(r io.Reader, m proto.Message, maxBytes int64) error {
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
	return o.Unmarshal(b, m)
}

// tooLargeError reports input over DecodeReader's limit.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return ErrTooLarge.Error() + " of " + strconv.FormatInt(e.limit, 10) + " bytes"
}

func (e *tooLargeError) Unwrap() error { return ErrTooLarge }

// document decodes the whole input into m.
func (d *decoder) document(m protoreflect.Message) error {
	d.skipSpace()
	if d.pos == len(d.in) {
		return nil
	}
	if d.in[d.pos] == 'n' {
		if err := d.literal("null"); err != nil {
			return err
		}
	} else if err := d.message(m, infoOf(m.Descriptor()), 0); err != nil {
		if d.fatal {
			return err
		}
		if eerr := d.end(); eerr != nil {
			return eerr
		}
		return err
	}
	return d.end()
}

// Decoding errors have a path relative to the value being decoded; each
// enclosing field, index and map key prefixes it as the error unwinds.
// Syntax errors have no path.

func (d *decoder) errorf(reason string) error {
	return &Error{Reason: reason}
}

// typeError reports a value of the wrong type after consuming it.
func (d *decoder) typeError(want string, got jkind, depth int) error {
	return d.skipped(d.errorf("expected "+want+", got "+got.String()), depth)
}

// skipped returns err after consuming the value at d.pos, which has depth
// enclosing containers; a syntax or depth error in it is returned instead.
// Decoding functions consume their value even when they fail, so that
// decoding can go on after the error to the end of the input.
func (d *decoder) skipped(err error, depth int) error {
	if serr := d.skipValue(depth); serr != nil {
		return serr
	}
	return err
}

func (d *decoder) inField(err error, name protoreflect.Name) error {
	if e, ok := err.(*Error); ok && !d.fatal {
		e.Path = "." + string(name) + e.Path
	}
	return err
}

func (d *decoder) atIndex(err error, i int) error {
	if e, ok := err.(*Error); ok && !d.fatal {
		e.Path = "[" + strconv.Itoa(i) + "]" + e.Path
	}
	return err
}

func (d *decoder) atKey(err error, k string) error {
	if e, ok := err.(*Error); ok && !d.fatal {
		e.Path = "[" + quoteShort(k) + "]" + e.Path
	}
	return err
}

// message decodes the value at d.pos (not null, unless m is a
// google.protobuf.Value) into m. depth is the number of enclosing
// containers.
func (d *decoder) message(m protoreflect.Message, mi *msgInfo, depth int) error {
	switch mi.kind {
	case timestampMsg:
		return d.timestamp(m, mi, depth)
	case structMsg:
		if s, ok := m.Interface().(*structpb.Struct); ok {
			return d.structpbStruct(s, depth)
		}
		return d.mapField(m.Mutable(mi.sub.fd).Map(), mi.sub, depth)
	case listValueMsg:
		if l, ok := m.Interface().(*structpb.ListValue); ok {
			return d.structpbList(l, depth)
		}
		return d.listValue(m, mi, depth)
	case valueMsg:
		if v, ok := m.Interface().(*structpb.Value); ok {
			return d.structpbValue(v, depth)
		}
		return d.value(m, mi, depth)
	case unsupportedMsg:
		return d.skipped(d.errorf("unsupported type "+string(mi.desc.FullName())), depth)
	case wrapperMsg:
		val, err := d.scalar(mi.f1, depth)
		if err != nil {
			return err
		}
		m.Set(mi.f1, val)
		return nil
	}
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jObject {
		return d.typeError("object", k, depth)
	}
	return d.object(m, mi, depth)
}

// pendingError is a field's decoding error, which a later key naming the
// same field (or oneof) supersedes.
type pendingError struct {
	fi  *fieldInfo
	err error
}

// object decodes the members of the object at d.pos into m. The last of
// duplicate keys wins, so a field named again is cleared first, and a
// field's decoding error is only reported once no later key names it.
func (d *decoder) object(m protoreflect.Message, mi *msgInfo, depth int) error {
	if err := d.enter(depth); err != nil {
		return err
	}
	var seenBuf [4]uint64
	seen := seenBuf[:]
	if mi.nfields > 64*len(seenBuf) {
		seen = make([]uint64, (mi.nfields+63)/64)
	}
	var pending []pendingError
	for first := true; ; first = false {
		key, more, err := d.objectKey(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		fi := mi.fields[string(key)]
		if fi == nil { // unknown key: AuthRocket adds fields over time
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			continue
		}
		if len(pending) > 0 {
			pending = dropPending(pending, fi)
		}
		word, bit := fi.index/64, uint64(1)<<(fi.index%64)
		if fi.oneof != nil {
			if set := m.WhichOneof(fi.oneof); set != nil {
				m.Clear(set)
			}
		} else if seen[word]&bit != 0 {
			m.Clear(fi.fd)
		}
		seen[word] |= bit
		if d.pos < len(d.in) && d.in[d.pos] == 'n' { // null leaves the field unset
			if err := d.literal("null"); err != nil {
				return err
			}
			continue
		}
		if err := d.field(m, fi, depth+1); err != nil {
			if d.fatal {
				return err
			}
			pending = append(pending, pendingError{fi, d.inField(err, fi.fd.Name())})
		}
	}
	if len(pending) > 0 {
		return pending[0].err
	}
	return nil
}

// dropPending removes the errors of fi and of the other members of its oneof.
func dropPending(pending []pendingError, fi *fieldInfo) []pendingError {
	out := pending[:0]
	for _, p := range pending {
		if p.fi != fi && (fi.oneof == nil || p.fi.oneof != fi.oneof) {
			out = append(out, p)
		}
	}
	return out
}

// field decodes the value at d.pos (not null) into field fi of m.
func (d *decoder) field(m protoreflect.Message, fi *fieldInfo, depth int) error {
	fd := fi.fd
	switch {
	case fd.IsList():
		return d.list(m.Mutable(fd).List(), fi, depth)
	case fd.IsMap():
		return d.mapField(m.Mutable(fd).Map(), fi, depth)
	case fi.msgDesc != nil:
		val := m.NewField(fd)
		if err := d.message(val.Message(), fi.message(), depth); err != nil {
			return err
		}
		m.Set(fd, val)
		return nil
	}
	val, err := d.scalar(fd, depth)
	if err != nil {
		return err
	}
	m.Set(fd, val)
	return nil
}

// list decodes an array, or a single scalar, into l.
func (d *decoder) list(l protoreflect.List, fi *fieldInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jArray {
		if fi.msgDesc != nil || k == jObject {
			return d.typeError("array", k, depth)
		}
		// A single scalar where a list is expected.
		if err := d.element(l, fi, depth); err != nil {
			return d.atIndex(err, 0)
		}
		return nil
	}
	if err := d.enter(depth); err != nil {
		return err
	}
	var first error // the first element's error; the others are skipped
	for i := 0; ; i++ {
		more, err := d.arrayNext(i == 0)
		if err != nil {
			return err
		}
		if !more {
			return first
		}
		if first != nil {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
		} else if err := d.element(l, fi, depth+1); err != nil {
			if d.fatal {
				return err
			}
			first = d.atIndex(err, i)
		}
	}
}

// element decodes one list element: null is a null google.protobuf.Value
// and an error for any other type.
func (d *decoder) element(l protoreflect.List, fi *fieldInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if fi.msgDesc != nil {
		mi := fi.message()
		if k == jNull && mi.kind != valueMsg {
			return d.skipped(d.errorf("unexpected null"), depth)
		}
		el := l.NewElement()
		if err := d.message(el.Message(), mi, depth); err != nil {
			return err
		}
		l.Append(el)
		return nil
	}
	if k == jNull {
		return d.skipped(d.errorf("unexpected null in array"), depth)
	}
	val, err := d.scalar(fi.fd, depth)
	if err != nil {
		return err
	}
	l.Append(val)
	return nil
}

// mapField decodes an object into mp. Duplicate keys are decoded in turn, so
// the last one wins.
func (d *decoder) mapField(mp protoreflect.Map, fi *fieldInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jObject {
		return d.typeError("object", k, depth)
	}
	if err := d.enter(depth); err != nil {
		return err
	}
	var firstErr error // the first entry's error; the others are skipped
	for first := true; ; first = false {
		key, more, err := d.objectKey(first)
		if err != nil {
			return err
		}
		if !more {
			return firstErr
		}
		if firstErr != nil {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			continue
		}
		ks := string(key)
		if err := d.mapEntry(mp, fi, ks, depth+1); err != nil {
			if d.fatal {
				return err
			}
			firstErr = d.atKey(err, ks)
		}
	}
}

// mapEntry decodes the value at d.pos for key ks: null leaves the key out,
// except that it is a null google.protobuf.Value.
func (d *decoder) mapEntry(mp protoreflect.Map, fi *fieldInfo, ks string, depth int) error {
	key, err := d.mapKey(fi.fd.MapKey(), ks)
	if err != nil {
		return d.skipped(err, depth)
	}
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	var mi *msgInfo
	if fi.msgDesc != nil {
		mi = fi.message()
	}
	if k == jNull && (mi == nil || mi.kind != valueMsg) {
		if err := d.literal("null"); err != nil {
			return err
		}
		mp.Clear(key)
		return nil
	}
	if mi != nil {
		val := mp.NewValue()
		if err := d.message(val.Message(), mi, depth); err != nil {
			return err
		}
		mp.Set(key, val)
		return nil
	}
	val, err := d.scalar(fi.fd.MapValue(), depth)
	if err != nil {
		return err
	}
	mp.Set(key, val)
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
		return protoreflect.MapKey{}, d.errorf("invalid map key: expected true or false")
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
		return protoreflect.MapKey{}, d.errorf("unsupported map key kind " + fd.Kind().String())
	}
	if err != nil {
		return protoreflect.MapKey{}, d.errorf("invalid map key for " + fd.Kind().String())
	}
	return val.MapKey(), nil
}

// scalar decodes the value at d.pos (not null) for a non-message field.
func (d *decoder) scalar(fd protoreflect.FieldDescriptor, depth int) (protoreflect.Value, error) {
	k, err := d.valueKind()
	if err != nil {
		return protoreflect.Value{}, err
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		switch k {
		case jBool:
			b := d.in[d.pos] == 't'
			lit := "false"
			if b {
				lit = "true"
			}
			if err := d.literal(lit); err != nil {
				return protoreflect.Value{}, err
			}
			return protoreflect.ValueOfBool(b), nil
		case jString:
			s, err := d.readString()
			if err != nil {
				return protoreflect.Value{}, err
			}
			switch {
			case string(s) == "true":
				return protoreflect.ValueOfBool(true), nil
			case string(s) == "false":
				return protoreflect.ValueOfBool(false), nil
			}
			return protoreflect.Value{}, d.errorf("expected boolean, got string that is not \"true\" or \"false\"")
		}
		return protoreflect.Value{}, d.typeError("boolean", k, depth)
	case protoreflect.StringKind:
		if k != jString {
			return protoreflect.Value{}, d.typeError("string", k, depth)
		}
		s, err := d.readString()
		if err != nil {
			return protoreflect.Value{}, err
		}
		return protoreflect.ValueOfString(string(s)), nil
	case protoreflect.BytesKind:
		if k != jString {
			return protoreflect.Value{}, d.typeError("base64 string", k, depth)
		}
		s, err := d.readString()
		if err != nil {
			return protoreflect.Value{}, err
		}
		b, err := decodeBase64(s)
		if err != nil {
			return protoreflect.Value{}, d.errorf("invalid base64 string")
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		return d.enum(fd, k, depth)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		var s []byte
		switch k {
		case jNumber:
			s, err = d.scanNumber()
		case jString:
			s, err = d.readString()
			if err == nil && !isNumber(s) {
				return protoreflect.Value{}, d.errorf("expected number, got non-numeric string")
			}
		default:
			return protoreflect.Value{}, d.typeError("number", k, depth)
		}
		if err != nil {
			return protoreflect.Value{}, err
		}
		if fd.Kind() == protoreflect.FloatKind {
			f, err := strconv.ParseFloat(string(s), 32)
			if err != nil {
				return protoreflect.Value{}, d.errorf("number out of range for float")
			}
			return protoreflect.ValueOfFloat32(float32(f)), nil
		}
		f, err := strconv.ParseFloat(string(s), 64)
		if err != nil {
			return protoreflect.Value{}, d.errorf("number out of range for double")
		}
		return protoreflect.ValueOfFloat64(f), nil
	default: // integer kinds
		var s []byte
		what := "number"
		switch k {
		case jNumber:
			s, err = d.scanNumber()
		case jString:
			s, err = d.readString()
			what = "string"
		default:
			return protoreflect.Value{}, d.typeError("integer", k, depth)
		}
		if err != nil {
			return protoreflect.Value{}, err
		}
		return d.integer(fd, s, what)
	}
}

// integer parses s (a number literal or numeric string) for an integer field.
func (d *decoder) integer(fd protoreflect.FieldDescriptor, s []byte, what string) (protoreflect.Value, error) {
	kind := fd.Kind()
	mag, neg, ok := smallInt(s)
	if !ok {
		return d.bigInteger(kind, string(s), what)
	}
	inRange := false
	var val protoreflect.Value
	switch kind {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		if neg {
			inRange = mag <= 1<<31
			val = protoreflect.ValueOfInt32(int32(-int64(mag)))
		} else {
			inRange = mag <= math.MaxInt32
			val = protoreflect.ValueOfInt32(int32(mag))
		}
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		// 18 digits fit an int64.
		inRange = true
		if neg {
			val = protoreflect.ValueOfInt64(-int64(mag))
		} else {
			val = protoreflect.ValueOfInt64(int64(mag))
		}
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		inRange = (!neg || mag == 0) && mag <= math.MaxUint32
		val = protoreflect.ValueOfUint32(uint32(mag))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		inRange = !neg || mag == 0
		val = protoreflect.ValueOfUint64(mag)
	default:
		return protoreflect.Value{}, d.errorf("unsupported field kind " + kind.String())
	}
	if !inRange {
		return protoreflect.Value{}, d.errorf(what + " out of range for " + kind.String())
	}
	return val, nil
}

// bigInteger is integer for the forms smallInt does not take: more digits,
// a fraction or an exponent (1e3 and 5.0 are integral).
func (d *decoder) bigInteger(kind protoreflect.Kind, s, what string) (protoreflect.Value, error) {
	dec, ok := parseDecimal(s)
	if !ok {
		return protoreflect.Value{}, d.errorf("expected integer, got non-numeric " + what)
	}
	is, err := dec.integer()
	if err == errNotIntegral {
		return protoreflect.Value{}, d.errorf("expected integer, got " + what + " with a fraction")
	}
	rangeErr := func() (protoreflect.Value, error) {
		return protoreflect.Value{}, d.errorf(what + " out of range for " + kind.String())
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
	return protoreflect.Value{}, d.errorf("unsupported field kind " + kind.String())
}

func (d *decoder) enum(fd protoreflect.FieldDescriptor, k jkind, depth int) (protoreflect.Value, error) {
	ed := fd.Enum()
	var s []byte
	var err error
	switch k {
	case jString:
		if s, err = d.readString(); err != nil {
			return protoreflect.Value{}, err
		}
		if ev := ed.Values().ByName(protoreflect.Name(s)); ev != nil {
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		if !isNumber(s) {
			return protoreflect.Value{}, d.errorf("unknown value " + quoteShort(string(s)) + " for enum " + string(ed.FullName()))
		}
	case jNumber:
		if s, err = d.scanNumber(); err != nil {
			return protoreflect.Value{}, err
		}
	default:
		return protoreflect.Value{}, d.typeError("enum name or number", k, depth)
	}
	var n int64
	if mag, neg, ok := smallInt(s); ok {
		if neg {
			if mag > 1<<31 {
				return protoreflect.Value{}, d.errorf("number out of range for enum " + string(ed.FullName()))
			}
			n = -int64(mag)
		} else {
			if mag > math.MaxInt32 {
				return protoreflect.Value{}, d.errorf("number out of range for enum " + string(ed.FullName()))
			}
			n = int64(mag)
		}
	} else {
		dec, _ := parseDecimal(string(s))
		is, err := dec.integer()
		if err != nil {
			return protoreflect.Value{}, d.errorf("invalid number for enum " + string(ed.FullName()))
		}
		if n, err = strconv.ParseInt(is, 10, 32); err != nil {
			return protoreflect.Value{}, d.errorf("number out of range for enum " + string(ed.FullName()))
		}
	}
	num := protoreflect.EnumNumber(n)
	if ed.IsClosed() && ed.Values().ByNumber(num) == nil {
		return protoreflect.Value{}, d.errorf("unknown number " + strconv.FormatInt(n, 10) + " for enum " + string(ed.FullName()))
	}
	return protoreflect.ValueOfEnum(num), nil
}

// decodeBase64 accepts standard or URL-safe base64, padded or not.
func decodeBase64(s []byte) ([]byte, error) {
	enc := base64.StdEncoding
	if bytes.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if len(s)%4 != 0 {
		if enc == base64.StdEncoding {
			enc = base64.RawStdEncoding
		} else {
			enc = base64.RawURLEncoding
		}
	}
	b := make([]byte, enc.DecodedLen(len(s)))
	n, err := enc.Decode(b, s)
	return b[:n], err
}

// Timestamp limits: 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
const (
	minTimestamp = -62135596800
	maxTimestamp = 253402300799
)

func (d *decoder) timestamp(m protoreflect.Message, mi *msgInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	var s []byte
	switch k {
	case jNumber:
		s, err = d.scanNumber()
	case jString:
		s, err = d.readString()
	default:
		return d.typeError("epoch seconds or RFC 3339 string", k, depth)
	}
	if err != nil {
		return err
	}
	ms, ok := epochMillis(s)
	if !ok {
		if k == jNumber || isNumber(s) {
			dec, _ := parseDecimal(string(s))
			if ms, err = dec.floorScaled(3); err != nil {
				return d.errorf("timestamp out of range")
			}
		} else {
			t, err := time.Parse(time.RFC3339Nano, string(s))
			if err != nil {
				return d.errorf("invalid timestamp string: want epoch seconds or RFC 3339")
			}
			sec := t.Unix()
			if sec < minTimestamp || sec > maxTimestamp {
				return d.errorf("timestamp out of range")
			}
			ms = sec*1000 + int64(t.Nanosecond()/1e6)
		}
	}
	sec, msPart := floorDiv(ms, 1000)
	if sec < minTimestamp || sec > maxTimestamp {
		return d.errorf("timestamp out of range")
	}
	if ts, ok := m.Interface().(*timestamppb.Timestamp); ok {
		ts.Seconds, ts.Nanos = sec, int32(msPart*1e6)
		return nil
	}
	m.Set(mi.f1, protoreflect.ValueOfInt64(sec))
	m.Set(mi.f2, protoreflect.ValueOfInt32(int32(msPart*1e6)))
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

func (d *decoder) listValue(m protoreflect.Message, mi *msgInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jArray {
		return d.typeError("array", k, depth)
	}
	return d.list(m.Mutable(mi.sub.fd).List(), mi.sub, depth)
}

// value decodes any JSON value into a google.protobuf.Value.
func (d *decoder) value(m protoreflect.Message, mi *msgInfo, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	switch k {
	case jNull:
		if err := d.literal("null"); err != nil {
			return err
		}
		m.Set(mi.nullV, protoreflect.ValueOfEnum(0))
	case jBool:
		b := d.in[d.pos] == 't'
		lit := "false"
		if b {
			lit = "true"
		}
		if err := d.literal(lit); err != nil {
			return err
		}
		m.Set(mi.boolV, protoreflect.ValueOfBool(b))
	case jNumber:
		s, err := d.scanNumber()
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(string(s), 64)
		if err != nil {
			return d.errorf("number out of range for double")
		}
		m.Set(mi.numberV, protoreflect.ValueOfFloat64(f))
	case jString:
		s, err := d.readString()
		if err != nil {
			return err
		}
		m.Set(mi.stringV, protoreflect.ValueOfString(string(s)))
	case jArray:
		val := m.NewField(mi.listV.fd)
		if err := d.listValue(val.Message(), mi.listV.message(), depth); err != nil {
			return err
		}
		m.Set(mi.listV.fd, val)
	case jObject:
		val := m.NewField(mi.structV.fd)
		if err := d.message(val.Message(), mi.structV.message(), depth); err != nil {
			return err
		}
		m.Set(mi.structV.fd, val)
	}
	return nil
}

// structpbValue is value for the generated type, without reflection.
func (d *decoder) structpbValue(v *structpb.Value, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	switch k {
	case jNull:
		if err := d.literal("null"); err != nil {
			return err
		}
		v.Kind = &structpb.Value_NullValue{}
	case jBool:
		b := d.in[d.pos] == 't'
		lit := "false"
		if b {
			lit = "true"
		}
		if err := d.literal(lit); err != nil {
			return err
		}
		v.Kind = &structpb.Value_BoolValue{BoolValue: b}
	case jNumber:
		s, err := d.scanNumber()
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(string(s), 64)
		if err != nil {
			return d.errorf("number out of range for double")
		}
		v.Kind = &structpb.Value_NumberValue{NumberValue: f}
	case jString:
		s, err := d.readString()
		if err != nil {
			return err
		}
		v.Kind = &structpb.Value_StringValue{StringValue: string(s)}
	case jArray:
		l := new(structpb.ListValue)
		if err := d.structpbList(l, depth); err != nil {
			return err
		}
		v.Kind = &structpb.Value_ListValue{ListValue: l}
	case jObject:
		s := new(structpb.Struct)
		if err := d.structpbStruct(s, depth); err != nil {
			return err
		}
		v.Kind = &structpb.Value_StructValue{StructValue: s}
	}
	return nil
}

// structpbList is listValue for the generated type.
func (d *decoder) structpbList(l *structpb.ListValue, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jArray {
		return d.typeError("array", k, depth)
	}
	if err := d.enter(depth); err != nil {
		return err
	}
	var first error
	for i := 0; ; i++ {
		more, err := d.arrayNext(i == 0)
		if err != nil {
			return err
		}
		if !more {
			return first
		}
		if first != nil {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			continue
		}
		v := new(structpb.Value)
		if err := d.structpbValue(v, depth+1); err != nil {
			if d.fatal {
				return err
			}
			first = d.atIndex(err, i)
			continue
		}
		l.Values = append(l.Values, v)
	}
}

// structpbStruct is a Struct's mapField for the generated type.
func (d *decoder) structpbStruct(s *structpb.Struct, depth int) error {
	k, err := d.valueKind()
	if err != nil {
		return err
	}
	if k != jObject {
		return d.typeError("object", k, depth)
	}
	if err := d.enter(depth); err != nil {
		return err
	}
	var firstErr error
	for first := true; ; first = false {
		key, more, err := d.objectKey(first)
		if err != nil {
			return err
		}
		if !more {
			return firstErr
		}
		if firstErr != nil {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			continue
		}
		ks := string(key)
		v := new(structpb.Value)
		if err := d.structpbValue(v, depth+1); err != nil {
			if d.fatal {
				return err
			}
			firstErr = d.atKey(err, ks)
			continue
		}
		if s.Fields == nil {
			s.Fields = make(map[string]*structpb.Value)
		}
		s.Fields[ks] = v
	}
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
