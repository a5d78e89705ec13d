package arjson

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ContentType is the media type of AuthRocket JSON.
const ContentType = "application/json"

// MarshalOptions configures encoding to AuthRocket JSON.
type MarshalOptions struct {
	// EmitUnpopulated writes fields without presence (plain scalars,
	// repeated fields, maps) even when empty: "more_results": false,
	// "collection": []. Unset fields with presence are still omitted, and
	// so are empty lists of messages below the outermost message.
	EmitUnpopulated bool
	// Shapes writes AuthRocket's shape of answers: the fields that carry
	// the authrocket.v2 options json_presence and json_time follow them
	// (presence rule, number form of times) instead of EmitUnpopulated's
	// rule. The REST facade sets it; the adapter's requests do not.
	Shapes bool
	// Method is the method whose answer is written, for Shapes: its
	// json_sparse option and the fields' json_presence_methods.
	Method protoreflect.MethodDescriptor
	// Indent, when not empty, is repeated once per nesting level in
	// multi-line output; "" gives compact output.
	Indent string
}

// Marshal encodes m as AuthRocket JSON with default options.
func Marshal(m proto.Message) ([]byte, error) {
	return MarshalOptions{}.Marshal(m)
}

// Marshal encodes m as AuthRocket JSON. A nil or invalid message encodes as
// {}. Errors are *Error values (invalid UTF-8 in a string, NaN or infinite
// numbers, invalid timestamps, unsupported well-known types).
func (o MarshalOptions) Marshal(m proto.Message) ([]byte, error) {
	if m == nil || !m.ProtoReflect().IsValid() {
		return []byte("{}"), nil
	}
	e := &encoder{opts: o}
	if o.Shapes && o.Method != nil && o.Method.Options() != nil {
		e.sparse = proto.GetExtension(o.Method.Options(), authrocketv2.E_JsonSparse).(bool)
	}
	if err := e.message(m.ProtoReflect()); err != nil {
		return nil, err
	}
	if o.Indent == "" {
		return e.buf, nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, e.buf, "", o.Indent); err != nil {
		return nil, &Error{Reason: "indenting output: " + err.Error()}
	}
	return out.Bytes(), nil
}

// encoder appends compact JSON to buf.
type encoder struct {
	opts  MarshalOptions
	buf   []byte
	path  pathStack
	depth int // nesting of the message being written; 1 is the outermost
	// rowNext says that the next message written is a list row: an
	// element of the outermost message's "collection".
	rowNext bool
	sparse  bool // the method's json_sparse
}

// place is where a message is written, for json_presence.
type place uint8

const (
	ownObject place = iota // the outermost message
	listRow                // an element of the outermost message's "collection"
	embedded               // any other
)

// emitUnsetAt reports whether an unset field fd of a message at pl is
// written anyway.
func (e *encoder) emitUnsetAt(fd protoreflect.FieldDescriptor, pl place) bool {
	if e.opts.Shapes && e.sparse && fd.ContainingMessage().Fields().ByName("object") != nil {
		// The method's objects (not a list answer's wrapper) are sparse.
		return false
	}
	if e.opts.Shapes {
		sh := shapeOf(fd)
		switch sh.presence {
		case authrocketv2.JsonPresence_JSON_PRESENCE_ALWAYS:
			return true
		case authrocketv2.JsonPresence_JSON_PRESENCE_WHEN_SET:
			return false
		case authrocketv2.JsonPresence_JSON_PRESENCE_SINGLE_OBJECT:
			return pl == ownObject && (len(sh.methods) == 0 || e.opts.Method != nil && slices.Contains(sh.methods, e.opts.Method.FullName()))
		case authrocketv2.JsonPresence_JSON_PRESENCE_NOT_IN_ROWS:
			return pl != listRow
		}
	}
	return e.emitUnset(fd)
}

// emitUnset reports whether an unset field fd is written anyway.
func (e *encoder) emitUnset(fd protoreflect.FieldDescriptor) bool {
	switch {
	case !e.opts.EmitUnpopulated || fd.HasPresence():
		return false
	case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
		// An empty list of objects is written only at the top
		// ("collection": []): AuthRocket leaves embedded lists it did not
		// send out, and so does the gateway rather than claim "none".
		return e.depth == 1
	}
	return true
}

func (e *encoder) message(m protoreflect.Message) error {
	md := m.Descriptor()
	switch md.FullName() {
	case "google.protobuf.Timestamp":
		return e.timestamp(m)
	case "google.protobuf.Struct":
		fd := md.Fields().ByNumber(1)
		return e.mapValue(m.Get(fd).Map(), fd)
	case "google.protobuf.ListValue":
		fd := md.Fields().ByNumber(1)
		return e.list(m.Get(fd).List(), fd)
	case "google.protobuf.Value":
		od := md.Oneofs().ByName("kind")
		fd := m.WhichOneof(od)
		if fd == nil {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.single(fd, m.Get(fd))
	case "google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Any":
		return e.path.errorf("unsupported type " + string(md.FullName()))
	}
	if isWrapper(md.FullName()) {
		fd := md.Fields().ByNumber(1)
		return e.single(fd, m.Get(fd))
	}
	pl := embedded
	switch {
	case e.depth == 0:
		pl = ownObject
	case e.rowNext:
		pl = listRow
	}
	e.rowNext = false
	e.buf = append(e.buf, '{')
	e.depth++
	defer func() { e.depth-- }()
	first := true
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		set := m.Has(fd)
		if !set && !e.emitUnsetAt(fd, pl) {
			continue
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		key := keyOf(fd)
		e.buf = appendString(e.buf, key)
		e.buf = append(e.buf, ':')
		if !set && e.opts.Shapes && fd.IsList() {
			if sib := shapeOf(fd).nullWith; sib != nil && !m.Has(sib) {
				e.buf = append(e.buf, "null"...)
				continue
			}
		}
		if !set && fd.HasPresence() {
			// Only a json_presence rule writes an unset field with
			// presence: AuthRocket's null.
			e.buf = append(e.buf, "null"...)
			continue
		}
		e.path.pushField(key)
		if err := e.field(fd, m.Get(fd)); err != nil {
			return err
		}
		e.path.pop()
	}
	e.buf = append(e.buf, '}')
	return nil
}

func (e *encoder) field(fd protoreflect.FieldDescriptor, v protoreflect.Value) error {
	switch {
	case fd.IsList():
		return e.list(v.List(), fd)
	case fd.IsMap():
		return e.mapValue(v.Map(), fd)
	default:
		return e.single(fd, v)
	}
}

func (e *encoder) list(l protoreflect.List, fd protoreflect.FieldDescriptor) error {
	rows := e.depth == 1 && fd.Name() == "collection" && fd.Kind() == protoreflect.MessageKind
	e.buf = append(e.buf, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.rowNext = rows
		e.path.pushIndex(i)
		if err := e.single(fd, l.Get(i)); err != nil {
			return err
		}
		e.path.pop()
	}
	e.buf = append(e.buf, ']')
	return nil
}

func (e *encoder) mapValue(mp protoreflect.Map, fd protoreflect.FieldDescriptor) error {
	keys := make([]protoreflect.MapKey, 0, mp.Len())
	mp.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
		keys = append(keys, k)
		return true
	})
	slices.SortFunc(keys, compareMapKeys)
	vfd := fd.MapValue()
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		ks := k.String()
		e.path.pushKey(ks)
		if fd.MapKey().Kind() == protoreflect.StringKind && !utf8.ValidString(ks) {
			return e.path.errorf("invalid UTF-8 in map key")
		}
		e.buf = appendString(e.buf, ks)
		e.buf = append(e.buf, ':')
		if err := e.single(vfd, mp.Get(k)); err != nil {
			return err
		}
		e.path.pop()
	}
	e.buf = append(e.buf, '}')
	return nil
}

// compareMapKeys orders keys of one map: strings bytewise, numbers
// numerically, false before true.
func compareMapKeys(a, b protoreflect.MapKey) int {
	switch av := a.Interface().(type) {
	case string:
		return cmp.Compare(av, b.String())
	case bool:
		bv := b.Bool()
		switch {
		case av == bv:
			return 0
		case !av:
			return -1
		default:
			return 1
		}
	case int32, int64:
		return cmp.Compare(a.Int(), b.Int())
	default:
		return cmp.Compare(a.Uint(), b.Uint())
	}
}

// single encodes one value of fd that is not a whole list or map.
func (e *encoder) single(fd protoreflect.FieldDescriptor, v protoreflect.Value) error {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		if e.opts.Shapes && fd.Message().FullName() == "google.protobuf.Timestamp" {
			if form := shapeOf(fd).time; form != authrocketv2.JsonTime_JSON_TIME_UNSPECIFIED {
				return e.timestampAs(v.Message(), form)
			}
		}
		return e.message(v.Message())
	case protoreflect.BoolKind:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case protoreflect.StringKind:
		if !utf8.ValidString(v.String()) {
			return e.path.errorf("invalid UTF-8 in string")
		}
		e.buf = appendString(e.buf, v.String())
	case protoreflect.BytesKind:
		e.buf = append(e.buf, '"')
		e.buf = base64.StdEncoding.AppendEncode(e.buf, v.Bytes())
		e.buf = append(e.buf, '"')
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			e.buf = appendString(e.buf, string(ev.Name()))
		} else {
			e.buf = strconv.AppendInt(e.buf, int64(v.Enum()), 10)
		}
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case protoreflect.FloatKind:
		return e.float(v.Float(), 32)
	case protoreflect.DoubleKind:
		return e.float(v.Float(), 64)
	default:
		return e.path.errorf("unsupported field kind " + fd.Kind().String())
	}
	return nil
}

// float writes f the way encoding/json does: plain decimal notation for
// magnitudes in [1e-6, 1e21), exponent notation otherwise.
func (e *encoder) float(f float64, bits int) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return e.path.errorf("NaN or infinite number cannot be encoded")
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	return nil
}

func (e *encoder) timestamp(m protoreflect.Message) error {
	return e.timestampAs(m, authrocketv2.JsonTime_JSON_TIME_UNSPECIFIED)
}

// timestampAs writes a Timestamp in form: FLOAT always has a fraction,
// without trailing zeros (1735689600.0, 1423941493.7); INTEGER is whole
// seconds, floored; UNSPECIFIED is whole seconds or three decimals.
func (e *encoder) timestampAs(m protoreflect.Message, form authrocketv2.JsonTime) error {
	fields := m.Descriptor().Fields()
	sec := m.Get(fields.ByNumber(1)).Int()
	nanos := m.Get(fields.ByNumber(2)).Int()
	if sec < minTimestamp || sec > maxTimestamp || nanos < 0 || nanos >= 1e9 {
		return e.path.errorf("invalid timestamp")
	}
	switch form {
	case authrocketv2.JsonTime_JSON_TIME_INTEGER:
		e.buf = strconv.AppendInt(e.buf, sec, 10)
		return nil
	case authrocketv2.JsonTime_JSON_TIME_FLOAT:
		// Like AuthRocket's floats: the shortest decimal of ms/1000.
		ms := sec*1000 + nanos/1e6
		var tmp [32]byte
		s := strconv.AppendFloat(tmp[:0], float64(ms)/1000, 'f', -1, 64)
		e.buf = append(e.buf, s...)
		if !bytes.ContainsAny(s, ".e") {
			e.buf = append(e.buf, ".0"...)
		}
		return nil
	}
	ms := sec*1000 + nanos/1e6
	if ms%1000 == 0 {
		e.buf = strconv.AppendInt(e.buf, ms/1000, 10)
		return nil
	}
	if ms < 0 {
		e.buf = append(e.buf, '-')
		ms = -ms
	}
	e.buf = strconv.AppendInt(e.buf, ms/1000, 10)
	frac := ms % 1000
	e.buf = append(e.buf, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	return nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. s must be valid UTF-8.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// keyOf is a field's key in AuthRocket's JSON: its proto name, or the
// json_name the proto gives it explicitly (a field whose proto name had to
// differ from AuthRocket's key, such as Realm.jwt_key_material: jwt_key).
// Compilers fill in every field's json_name, so only one that is not the
// default lowerCamelCase of the name counts as given.
func keyOf(fd protoreflect.FieldDescriptor) string {
	name := string(fd.Name())
	if j := fd.JSONName(); j != defaultJSONName(name) {
		return j
	}
	return name
}

// defaultJSONName is protoc's json_name of a field without one: the name
// with each '_' dropped and the letter after it upper-cased.
func defaultJSONName(name string) string {
	b := make([]byte, 0, len(name))
	up := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_':
			up = true
			continue
		case up && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		up = false
		b = append(b, c)
	}
	return string(b)
}
