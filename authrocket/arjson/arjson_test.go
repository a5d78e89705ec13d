package arjson

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"testing/iotest"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func ts(sec int64, nanos int32) *timestamppb.Timestamp {
	return &timestamppb.Timestamp{Seconds: sec, Nanos: nanos}
}

func fullSample() *dynamicpb.Message {
	return sample(func(m protoreflect.Message) {
		setF(m, "opt_string", "opt")
		setF(m, "name", "Widgets \"Inc\"\n")
		setF(m, "count", int32(-7))
		setF(m, "big", int64(math.MaxInt64))
		setF(m, "ubig", uint64(math.MaxUint64))
		setF(m, "ratio", 0.25)
		setF(m, "active", true)
		setF(m, "data", []byte("hi!?"))
		setF(m, "kind", protoreflect.EnumNumber(2))
		appendF(m, "tags", "read", "write")
		appendF(m, "items", item("a", 1), item("", 0))
		putF(m, "labels", "z", "last")
		putF(m, "labels", "a", "first")
		setF(m, "child", item("c", 3))
		setF(m, "created_at", ts(1423941493, 701000000))
		custom, _ := structpb.NewStruct(map[string]any{"b": []any{true, nil, "x"}, "a": 1, "c": map[string]any{"d": 1.5}})
		setF(m, "custom", custom)
		setF(m, "nickname", wrapperspb.String(""))
		setF(m, "phone", int64(5551234))
		setF(m, "score", float32(1.5))
		putF(m, "by_num", int32(10), item("ten", 0))
		putF(m, "by_num", int32(-2), item("", 0))
		appendF(m, "kinds", protoreflect.EnumNumber(1), protoreflect.EnumNumber(7))
	})
}

const fullJSON = `{"opt_string":"opt","name":"Widgets \"Inc\"\n","count":-7,"big":9223372036854775807,` +
	`"ubig":18446744073709551615,"ratio":0.25,"active":true,"data":"aGkhPw==","kind":"KIND_ORG",` +
	`"tags":["read","write"],"items":[{"id":"a","n":1},{}],"labels":{"a":"first","z":"last"},` +
	`"child":{"id":"c","n":3},"created_at":1423941493.701,"custom":{"a":1,"b":[true,null,"x"],"c":{"d":1.5}},` +
	`"nickname":"","phone":5551234,"score":1.5,"by_num":{"-2":{},"10":{"id":"ten"}},"kinds":["KIND_USER",7]}`

func TestMarshal(t *testing.T) {
	tests := []struct {
		name string
		opts MarshalOptions
		msg  proto.Message
		want string
	}{
		{"empty", MarshalOptions{}, newSample(), `{}`},
		{"empty emit unpopulated", MarshalOptions{EmitUnpopulated: true}, newSample(),
			`{"name":"","count":0,"big":0,"ubig":0,"ratio":0,"active":false,"data":"","kind":"KIND_UNSPECIFIED",` +
				`"tags":[],"items":[],"labels":{},"score":0,"by_num":{},"kinds":[]}`},
		{"full", MarshalOptions{}, fullSample(), fullJSON},
		{"full emit unpopulated", MarshalOptions{EmitUnpopulated: true}, fullSample(), strings.NewReplacer(
			`[{"id":"a","n":1},{}]`, `[{"id":"a","n":1},{"id":"","n":0}]`,
			`{"-2":{},"10":{"id":"ten"}}`, `{"-2":{"id":"","n":0},"10":{"id":"ten","n":0}}`).Replace(fullJSON)},
		{"optional set to zero", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "opt_string", "")
			setF(m, "email", "")
		}), `{"opt_string":"","email":""}`},
		{"nested emit unpopulated: unset messages and nested empty message lists omitted", MarshalOptions{EmitUnpopulated: true}, sample(func(m protoreflect.Message) {
			setF(m, "next", newSample())
			setF(m, "child", item("", 0))
		}), `{"name":"","count":0,"big":0,"ubig":0,"ratio":0,"active":false,"data":"","kind":"KIND_UNSPECIFIED",` +
			`"tags":[],"items":[],"labels":{},"child":{"id":"","n":0},` +
			`"next":{"name":"","count":0,"big":0,"ubig":0,"ratio":0,"active":false,"data":"","kind":"KIND_UNSPECIFIED",` +
			`"tags":[],"labels":{},"score":0,"by_num":{},"kinds":[]},"score":0,"by_num":{},"kinds":[]}`},
		{"whole-second timestamp", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "created_at", ts(1735689600, 0))
		}), `{"created_at":1735689600}`},
		{"sub-millisecond truncated", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "created_at", ts(1735689600, 500))
		}), `{"created_at":1735689600}`},
		{"half second", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "created_at", ts(1735689600, 500999999))
		}), `{"created_at":1735689600.500}`},
		{"negative timestamp", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "created_at", ts(-2, 500000000))
		}), `{"created_at":-1.500}`},
		{"small negative timestamp", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "created_at", ts(-1, 999000000))
		}), `{"created_at":-0.001}`},
		{"floats", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "ratio", 1e21)
			setF(m, "score", float32(0.1))
		}), `{"ratio":1e+21,"score":0.1}`},
		{"large double", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "ratio", 1735689600.5)
		}), `{"ratio":1735689600.5}`},
		{"control chars escaped", MarshalOptions{}, sample(func(m protoreflect.Message) {
			setF(m, "name", "a\x00\tb\\é")
		}), `{"name":"a\u0000\tb\\é"}`},
		{"indent", MarshalOptions{Indent: "  "}, sample(func(m protoreflect.Message) {
			setF(m, "name", "x")
			appendF(m, "tags", "t")
		}), "{\n  \"name\": \"x\",\n  \"tags\": [\n    \"t\"\n  ]\n}"},
		{"top-level timestamp", MarshalOptions{}, ts(1735689600, 0), `1735689600`},
		{"top-level wrapper", MarshalOptions{}, wrapperspb.Int64(42), `42`},
		{"top-level struct", MarshalOptions{}, &structpb.Struct{}, `{}`},
		{"empty value is null", MarshalOptions{}, &structpb.Value{}, `null`},
		{"nil message", MarshalOptions{}, nil, `{}`},
		{"typed nil message", MarshalOptions{}, (*timestamppb.Timestamp)(nil), `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.Marshal(tt.msg)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestMarshalDefault(t *testing.T) {
	got, err := Marshal(fullSample())
	if err != nil || string(got) != fullJSON {
		t.Fatalf("Marshal = %s, %v", got, err)
	}
}

func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		name string
		msg  proto.Message
		want string
	}{
		{"NaN", sample(func(m protoreflect.Message) { setF(m, "ratio", math.NaN()) }),
			"arjson: ratio: NaN or infinite number cannot be encoded"},
		{"Inf in struct", sample(func(m protoreflect.Message) {
			setF(m, "custom", &structpb.Struct{Fields: map[string]*structpb.Value{"x": structpb.NewNumberValue(math.Inf(1))}})
		}), `arjson: custom["x"]: NaN or infinite number cannot be encoded`},
		{"bad UTF-8", sample(func(m protoreflect.Message) { appendF(m, "items", item("\xff", 0)) }),
			"arjson: items[0].id: invalid UTF-8 in string"},
		{"bad timestamp", sample(func(m protoreflect.Message) { setF(m, "created_at", ts(0, -1)) }),
			"arjson: created_at: invalid timestamp"},
		{"duration", durationpb.New(1), "arjson: unsupported type google.protobuf.Duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Marshal(tt.msg)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Marshal error = %v, want %q", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not *Error", err)
			}
		})
	}
}

// decodeTests map inputs to the canonical encoding of what they decode to.
var decodeTests = []struct {
	name, in, want string
}{
	{"empty input", ``, `{}`},
	{"whitespace input", " \n\t", `{}`},
	{"top-level null", `null`, `{}`},
	{"empty object", `{}`, `{}`},
	{"full canonical", fullJSON, fullJSON},
	{"camel keys", `{"optString":"o","createdAt":1735689600,"byNum":{"1":{"id":"x"}}}`,
		`{"opt_string":"o","created_at":1735689600,"by_num":{"1":{"id":"x"}}}`},
	{"unknown keys ignored", `{"object":"user","id":"usr_1","name":"n","extra":{"deep":[1,2,{"x":null}]}}`, `{"name":"n"}`},
	{"null leaves fields unset", `{"opt_string":null,"name":null,"count":null,"tags":null,"items":null,"labels":null,` +
		`"child":null,"created_at":null,"custom":null,"nickname":null,"email":null,"kind":null}`, `{}`},
	{"optional zero is set", `{"opt_string":"","email":""}`, `{"opt_string":"","email":""}`},
	{"zero plain scalars", `{"name":"","count":0,"active":false,"tags":[]}`, `{}`},
	{"timestamp integer", `{"created_at":1735689600}`, `{"created_at":1735689600}`},
	{"timestamp float zero fraction", `{"created_at":1735689600.0}`, `{"created_at":1735689600}`},
	{"timestamp float millis", `{"created_at":1423941493.701}`, `{"created_at":1423941493.701}`},
	{"timestamp exponent", `{"created_at":1.4239414937015e9}`, `{"created_at":1423941493.701}`},
	{"timestamp numeric string", `{"created_at":"1423941493.701"}`, `{"created_at":1423941493.701}`},
	{"timestamp integer string", `{"created_at":"1735689600"}`, `{"created_at":1735689600}`},
	{"timestamp RFC 3339", `{"created_at":"2025-01-01T00:00:00Z"}`, `{"created_at":1735689600}`},
	{"timestamp RFC 3339 offset and nanos", `{"created_at":"2015-02-14T21:38:13.701999+01:00"}`, `{"created_at":1423946293.701}`},
	{"timestamp negative", `{"created_at":-1.5}`, `{"created_at":-1.500}`},
	{"timestamp negative sub-milli floors", `{"created_at":-0.0001}`, `{"created_at":-0.001}`},
	{"timestamp min", `{"created_at":"0001-01-01T00:00:00Z"}`, `{"created_at":-62135596800}`},
	{"single scalar for repeated", `{"tags":"read","kinds":"KIND_ORG"}`, `{"tags":["read"],"kinds":["KIND_ORG"]}`},
	{"ints from strings and exponents", `{"count":"-12","big":"9223372036854775807","ubig":1e19,"phone":"5.0"}`,
		`{"count":-12,"big":9223372036854775807,"ubig":10000000000000000000,"phone":5}`},
	{"int from float form", `{"count":2.0e1}`, `{"count":20}`},
	{"negative zero int", `{"count":-0}`, `{}`},
	{"double forms", `{"ratio":"1.5","score":"2"}`, `{"ratio":1.5,"score":2}`},
	{"double underflow", `{"ratio":1e-400}`, `{}`},
	{"bool strings", `{"active":"true","opt_string":"x"}`, `{"opt_string":"x","active":true}`},
	{"bool false string", `{"active":"false"}`, `{}`},
	{"bytes forms", `{"data":"aGkhPw"}`, `{"data":"aGkhPw=="}`},
	{"bytes url-safe", `{"data":"-_8="}`, `{"data":"+/8="}`},
	{"enum by number", `{"kind":1,"kinds":[2,"1","KIND_USER",9]}`, `{"kind":"KIND_USER","kinds":["KIND_ORG","KIND_USER","KIND_USER",9]}`},
	{"map null value skipped", `{"labels":{"a":"x","b":null},"by_num":{"3":null}}`, `{"labels":{"a":"x"}}`},
	{"map key forms", `{"by_num":{"+7":{"n":1},"07":{"n":2}}}`, `{"by_num":{"7":{"n":2}}}`},
	{"struct nulls", `{"custom":{"a":null,"b":[null,{}],"c":1e2}}`, `{"custom":{"a":null,"b":[null,{}],"c":100}}`},
	{"wrapper zero", `{"nickname":""}`, `{"nickname":""}`},
	{"duplicate keys last wins", `{"name":"a","name":"b","tags":["x"],"tags":["y"]}`, `{"name":"b","tags":["y"]}`},
	{"duplicate proto and camel key", `{"opt_string":"a","optString":"b"}`, `{"opt_string":"b"}`},
	{"oneof last member wins", `{"email":"e","phone":3}`, `{"phone":3}`},
	{"oneof null after member", `{"email":"e","phone":null}`, `{}`},
	{"nested", `{"next":{"next":{"name":"deep"}},"child":{"id":"c"},"items":[{"n":"3"}]}`,
		`{"items":[{"n":3}],"child":{"id":"c"},"next":{"next":{"name":"deep"}}}`},
	{"escapes", `{"name":"\u00e9\ud83d\ude00\n\"\/"}`, `{"name":"é😀\n\"/"}`},
	{"root element", `{"user":{"email":"x"},"request":{"ip":"1.2.3.4"}}`, `{}`},
	{"bad value superseded by a later key", `{"count":"x","count":1,"email":1,"phone":2,"items":[null],"items":[]}`,
		`{"count":1,"phone":2}`},
}

func TestUnmarshal(t *testing.T) {
	for _, tt := range decodeTests {
		t.Run(tt.name, func(t *testing.T) {
			m := newSample()
			if err := Unmarshal([]byte(tt.in), m); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			got, err := Marshal(m)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("decoded to\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestUnmarshalValues(t *testing.T) {
	m := newSample()
	if err := Unmarshal([]byte(`{"created_at":"2025-01-01T00:00:00.123456789Z","custom":{"n":1}}`), m); err != nil {
		t.Fatal(err)
	}
	got := m.Get(fd(m, "created_at")).Message().Interface()
	if want := ts(1735689600, 123000000); !proto.Equal(got, want) {
		t.Errorf("created_at = %v, want %v", got, want)
	}

	// Unmarshal resets the message first.
	setF(m, "name", "stale")
	if err := Unmarshal([]byte(`{}`), m); err != nil {
		t.Fatal(err)
	}
	if m.Has(fd(m, "name")) || m.Has(fd(m, "custom")) {
		t.Error("Unmarshal did not reset the message")
	}

	// Well-known types at the top level use their own form.
	var tsm timestamppb.Timestamp
	if err := Unmarshal([]byte(`"2025-01-01T00:00:00Z"`), &tsm); err != nil || tsm.Seconds != 1735689600 {
		t.Errorf("top-level timestamp = %v, %v", &tsm, err)
	}
	var wv wrapperspb.BoolValue
	if err := Unmarshal([]byte(`"true"`), &wv); err != nil || !wv.Value {
		t.Errorf("top-level BoolValue = %v, %v", &wv, err)
	}
	var sv structpb.Value
	if err := Unmarshal([]byte(`[1,"a",null]`), &sv); err != nil || len(sv.GetListValue().GetValues()) != 3 {
		t.Errorf("top-level Value = %v, %v", &sv, err)
	}
}

var decodeErrorTests = []struct {
	name, in, want string
}{
	{"top-level array", `[]`, "arjson: expected object, got array"},
	{"top-level string", `"x"`, "arjson: expected object, got string"},
	{"syntax", `{"name":`, "arjson: invalid JSON: unexpected end of input"},
	{"trailing data", `{} {}`, "arjson: invalid JSON: data after the top-level value"},
	{"trailing comma", `{"tags":["a",]}`, "arjson: invalid JSON at offset 13: invalid character ']' looking for beginning of value"},
	{"bad UTF-8", "{\"name\":\"\xff\"}", "arjson: invalid UTF-8 in input"},
	{"string got number", `{"name":12}`, "arjson: name: expected string, got number"},
	{"nested path", `{"items":[{},{"id":true}]}`, "arjson: items[1].id: expected string, got boolean"},
	{"map path", `{"by_num":{"4":{"id":[]}}}`, `arjson: by_num["4"].id: expected string, got array`},
	{"int got bool", `{"count":true}`, "arjson: count: expected integer, got boolean"},
	{"int fraction", `{"count":1.5}`, "arjson: count: expected integer, got number with a fraction"},
	{"int32 out of range", `{"count":2147483648}`, "arjson: count: number out of range for int32"},
	{"int64 out of range", `{"big":"9223372036854775808"}`, "arjson: big: string out of range for int64"},
	{"uint64 negative", `{"ubig":-1}`, "arjson: ubig: number out of range for uint64"},
	{"uint64 huge exponent", `{"ubig":1e400}`, "arjson: ubig: number out of range for uint64"},
	{"int non-numeric string", `{"count":"12 apples"}`, "arjson: count: expected integer, got non-numeric string"},
	{"double out of range", `{"ratio":1e400}`, "arjson: ratio: number out of range for double"},
	{"float out of range", `{"score":1e39}`, "arjson: score: number out of range for float"},
	{"double NaN string", `{"ratio":"NaN"}`, "arjson: ratio: expected number, got non-numeric string"},
	{"bool bad string", `{"active":"yes"}`, `arjson: active: expected boolean, got string that is not "true" or "false"`},
	{"bool got number", `{"active":1}`, "arjson: active: expected boolean, got number"},
	{"bad base64", `{"data":"!!!"}`, "arjson: data: invalid base64 string"},
	{"bytes got number", `{"data":1}`, "arjson: data: expected base64 string, got number"},
	{"bad enum name", `{"kind":"KIND_ROBOT"}`, `arjson: kind: unknown value "KIND_ROBOT" for enum arjsontest.Kind`},
	{"long enum name truncated", `{"kind":"` + strings.Repeat("s3cret", 20) + `"}`,
		`arjson: kind: unknown value "` + strings.Repeat("s3cret", 6) + `s3cr"… for enum arjsontest.Kind`},
	{"enum fraction", `{"kind":1.5}`, "arjson: kind: invalid number for enum arjsontest.Kind"},
	{"enum got object", `{"kind":{}}`, "arjson: kind: expected enum name or number, got object"},
	{"bad timestamp string", `{"created_at":"yesterday"}`, "arjson: created_at: invalid timestamp string: want epoch seconds or RFC 3339"},
	{"timestamp got bool", `{"created_at":true}`, "arjson: created_at: expected epoch seconds or RFC 3339 string, got boolean"},
	{"timestamp out of range", `{"created_at":1e12}`, "arjson: created_at: timestamp out of range"},
	{"timestamp before year 1", `{"created_at":-62135596801}`, "arjson: created_at: timestamp out of range"},
	{"timestamp huge", `{"created_at":1e400}`, "arjson: created_at: timestamp out of range"},
	{"message got string", `{"child":"c"}`, "arjson: child: expected object, got string"},
	{"repeated message got object", `{"items":{"id":"a"}}`, "arjson: items: expected array, got object"},
	{"repeated scalar got object", `{"tags":{}}`, "arjson: tags: expected array, got object"},
	{"null in repeated", `{"tags":["a",null]}`, "arjson: tags[1]: unexpected null in array"},
	{"null in repeated message", `{"items":[null]}`, "arjson: items[0]: unexpected null"},
	{"map got array", `{"labels":[]}`, "arjson: labels: expected object, got array"},
	{"bad map key", `{"by_num":{"x":{}}}`, `arjson: by_num["x"]: invalid map key for int32`},
	{"long map key truncated", `{"by_num":{"` + strings.Repeat("k", 100) + `":1}}`,
		`arjson: by_num["` + strings.Repeat("k", 40) + `"…]: invalid map key for int32`},
	{"struct got array", `{"custom":[]}`, "arjson: custom: expected object, got array"},
	{"struct number overflow", `{"custom":{"a":[1e999]}}`, `arjson: custom["a"][0]: number out of range for double`},
	{"wrapper got object", `{"nickname":{"value":"x"}}`, "arjson: nickname: expected string, got object"},
	{"too deep", strings.Repeat(`{"next":`, 100) + `{}` + strings.Repeat(`}`, 100), "arjson: nesting exceeds maximum depth 100"},
	{"first error among the last keys", `{"name":1,"next":{"name":2},"name":"x"}`, "arjson: next.name: expected string, got number"},
	{"syntax error after a decoding error", `{"name":1,"count":tru}`,
		"arjson: invalid JSON at offset 21: invalid character '}' in literal true (expecting 'e')"},
	{"depth error after a decoding error", `{"name":1,"custom":{"a":` + strings.Repeat(`[`, 200) + strings.Repeat(`]`, 200) + `}}`,
		"arjson: nesting exceeds maximum depth 100"},
	{"too deep arrays", `{"custom":{"a":` + strings.Repeat(`[`, 200) + strings.Repeat(`]`, 200) + `}}`, "arjson: nesting exceeds maximum depth 100"},
}

func TestUnmarshalErrors(t *testing.T) {
	for _, tt := range decodeErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			err := Unmarshal([]byte(tt.in), newSample())
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Unmarshal error = %v\nwant %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not *Error", err)
			}
		})
	}
}

func TestUnmarshalErrorsDoNotEchoSecrets(t *testing.T) {
	for _, in := range []string{
		`{"count":"hunter2-password"}`, `{"active":"hunter2-password"}`,
		`{"created_at":"hunter2-password"}`, `{"ratio":"hunter2-password"}`,
		`{"data":"hunter2 password!"}`, `{"phone":"hunter2-password"}`, `{"ubig":"hunter2-password"}`,
	} {
		err := Unmarshal([]byte(in), newSample())
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Unmarshal(%s) error = %v", in, err)
		}
	}
}

func TestMaxDepth(t *testing.T) {
	in := []byte(strings.Repeat(`{"next":`, 99) + `{}` + strings.Repeat(`}`, 99)) // depth 100
	if err := Unmarshal(in, newSample()); err != nil {
		t.Errorf("depth 100: %v", err)
	}
	if err := (UnmarshalOptions{MaxDepth: 5}).Unmarshal(in, newSample()); err == nil ||
		err.Error() != "arjson: nesting exceeds maximum depth 5" {
		t.Errorf("MaxDepth 5: %v", err)
	}
}

func TestDecodeReader(t *testing.T) {
	body := `{"name":"n","tags":"t"}`
	m := newSample()
	if err := DecodeReader(strings.NewReader(body), m, int64(len(body))); err != nil {
		t.Fatalf("at limit: %v", err)
	}
	if got, _ := Marshal(m); string(got) != `{"name":"n","tags":["t"]}` {
		t.Errorf("decoded %s", got)
	}
	err := DecodeReader(strings.NewReader(body), m, int64(len(body)-1))
	if !errors.Is(err, ErrTooLarge) || err.Error() != "arjson: input exceeds size limit of 22 bytes" {
		t.Errorf("over limit: %v", err)
	}
	if err := DecodeReader(strings.NewReader(""), m, 0); err != nil || m.Has(fd(m, "name")) {
		t.Errorf("empty body: %v", err)
	}
	if err := DecodeReader(iotest.ErrReader(errors.New("boom")), m, 10); err == nil || err.Error() != "arjson: reading input: boom" {
		t.Errorf("read error: %v", err)
	}
	if err := DecodeReader(bytes.NewReader([]byte(body)), m, math.MaxInt64); err != nil {
		t.Errorf("MaxInt64 limit: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	msgs := []proto.Message{newSample(), fullSample(), sample(func(m protoreflect.Message) {
		setF(m, "opt_string", "")
		setF(m, "created_at", ts(-62135596800, 999000000))
		setF(m, "ratio", 5e-324)
		setF(m, "score", float32(3.4028235e38))
		setF(m, "big", int64(math.MinInt64))
		setF(m, "next", fullSample())
		setF(m, "nickname", wrapperspb.String("nick"))
		setF(m, "custom", &structpb.Struct{})
	})}
	for i, msg := range msgs {
		for _, opts := range []MarshalOptions{{}, {EmitUnpopulated: true}, {Indent: "\t"}} {
			b, err := opts.Marshal(msg)
			if err != nil {
				t.Fatalf("%d: Marshal: %v", i, err)
			}
			got := newSample()
			if err := Unmarshal(b, got); err != nil {
				t.Fatalf("%d: Unmarshal(%s): %v", i, b, err)
			}
			if !proto.Equal(got, msg) {
				t.Errorf("%d %+v: round trip changed the message:\n%s", i, opts, b)
			}
		}
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, tt := range decodeTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range decodeErrorTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m1 := newSample()
		if err := Unmarshal(in, m1); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			return
		}
		for _, opts := range []MarshalOptions{{}, {EmitUnpopulated: true}} {
			b, err := opts.Marshal(m1)
			if err != nil {
				t.Fatalf("Marshal of decoded message: %v", err)
			}
			// A single scalar for a repeated field re-encodes as an array,
			// one level deeper, so allow more depth for the second decode.
			m2 := newSample()
			if err := (UnmarshalOptions{MaxDepth: 2 * DefaultMaxDepth}).Unmarshal(b, m2); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			if !proto.Equal(m1, m2) {
				t.Fatalf("round trip changed the message: %s", b)
			}
		}
	})
}
