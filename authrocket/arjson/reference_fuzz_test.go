package arjson

import (
	"errors"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var _ = durationpb.New // google/protobuf/duration.proto in GlobalFiles

// wideFile is arjsontest2.proto, the kinds Sample lacks:
//
//	syntax = "proto2";
//	package arjsontest2;
//	enum Closed { CLOSED_ZERO = 0; CLOSED_ONE = 1; CLOSED_FIVE = 5; }
//	message Wide {
//	  optional uint32 u32 = 1; optional sint32 s32 = 2; optional fixed64 f64 = 3;
//	  optional sfixed32 sf32 = 4; optional Closed closed = 5; repeated bytes blobs = 6;
//	  map<bool, string> flags = 7; map<uint64, int64> counts = 8;
//	  optional google.protobuf.Int64Value w64 = 9; optional google.protobuf.BoolValue wbool = 10;
//	  optional google.protobuf.BytesValue wbytes = 11; optional google.protobuf.DoubleValue wdouble = 12;
//	  optional google.protobuf.Duration dur = 13; optional google.protobuf.ListValue lv = 14;
//	  optional google.protobuf.Value val = 15; repeated google.protobuf.Timestamp times = 16;
//	  map<string, google.protobuf.Value> vals = 17; repeated google.protobuf.Value vlist = 18;
//	  oneof pick { Wide sub = 19; string label = 20; google.protobuf.Timestamp at = 21; }
//	  repeated double ds = 22; repeated Closed closeds = 23;
//	  repeated google.protobuf.StringValue wlist = 24; map<string, Closed> kmap = 25;
//	  optional string x_y = 26 [json_name = "customName"]; optional float f32 = 27;
//	  optional uint64 u64 = 28; optional string fooBar = 29; optional string foo_bar = 30;
//	  repeated google.protobuf.Duration durs = 31; map<sint64, Wide> subs = 32;
//	}
var wideFile = &descriptorpb.FileDescriptorProto{
	Name:    proto.String("arjsontest2/arjsontest2.proto"),
	Package: proto.String("arjsontest2"),
	Syntax:  proto.String("proto2"),
	Dependency: []string{"google/protobuf/timestamp.proto", "google/protobuf/struct.proto",
		"google/protobuf/wrappers.proto", "google/protobuf/duration.proto"},
	EnumType: []*descriptorpb.EnumDescriptorProto{{
		Name: proto.String("Closed"),
		Value: []*descriptorpb.EnumValueDescriptorProto{
			{Name: proto.String("CLOSED_ZERO"), Number: proto.Int32(0)},
			{Name: proto.String("CLOSED_ONE"), Number: proto.Int32(1)},
			{Name: proto.String("CLOSED_FIVE"), Number: proto.Int32(5)},
		},
	}},
	MessageType: []*descriptorpb.DescriptorProto{{
		Name: proto.String("Wide"),
		Field: []*descriptorpb.FieldDescriptorProto{
			fieldP("u32", 1, descriptorpb.FieldDescriptorProto_TYPE_UINT32),
			fieldP("s32", 2, descriptorpb.FieldDescriptorProto_TYPE_SINT32),
			fieldP("f64", 3, descriptorpb.FieldDescriptorProto_TYPE_FIXED64),
			fieldP("sf32", 4, descriptorpb.FieldDescriptorProto_TYPE_SFIXED32),
			fieldP("closed", 5, tEnum, typeName(".arjsontest2.Closed")),
			fieldP("blobs", 6, tBytes, repeated),
			fieldP("flags", 7, tMessage, typeName(".arjsontest2.Wide.FlagsEntry"), repeated),
			fieldP("counts", 8, tMessage, typeName(".arjsontest2.Wide.CountsEntry"), repeated),
			fieldP("w64", 9, tMessage, typeName(".google.protobuf.Int64Value")),
			fieldP("wbool", 10, tMessage, typeName(".google.protobuf.BoolValue")),
			fieldP("wbytes", 11, tMessage, typeName(".google.protobuf.BytesValue")),
			fieldP("wdouble", 12, tMessage, typeName(".google.protobuf.DoubleValue")),
			fieldP("dur", 13, tMessage, typeName(".google.protobuf.Duration")),
			fieldP("lv", 14, tMessage, typeName(".google.protobuf.ListValue")),
			fieldP("val", 15, tMessage, typeName(".google.protobuf.Value")),
			fieldP("times", 16, tMessage, typeName(".google.protobuf.Timestamp"), repeated),
			fieldP("vals", 17, tMessage, typeName(".arjsontest2.Wide.ValsEntry"), repeated),
			fieldP("vlist", 18, tMessage, typeName(".google.protobuf.Value"), repeated),
			fieldP("sub", 19, tMessage, typeName(".arjsontest2.Wide"), oneofIndex(0)),
			fieldP("label", 20, tString, oneofIndex(0)),
			fieldP("at", 21, tMessage, typeName(".google.protobuf.Timestamp"), oneofIndex(0)),
			fieldP("ds", 22, tDouble, repeated),
			fieldP("closeds", 23, tEnum, typeName(".arjsontest2.Closed"), repeated),
			fieldP("wlist", 24, tMessage, typeName(".google.protobuf.StringValue"), repeated),
			fieldP("kmap", 25, tMessage, typeName(".arjsontest2.Wide.KmapEntry"), repeated),
			fieldP("x_y", 26, tString, func(f *descriptorpb.FieldDescriptorProto) { f.JsonName = proto.String("customName") }),
			fieldP("f32", 27, tFloat),
			fieldP("u64", 28, tUint64),
			fieldP("fooBar", 29, tString),
			fieldP("foo_bar", 30, tString),
			fieldP("durs", 31, tMessage, typeName(".google.protobuf.Duration"), repeated),
			fieldP("subs", 32, tMessage, typeName(".arjsontest2.Wide.SubsEntry"), repeated),
		},
		OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("pick")}},
		NestedType: []*descriptorpb.DescriptorProto{
			mapEntryOf("FlagsEntry", fieldP("key", 1, tBool), fieldP("value", 2, tString)),
			mapEntryOf("CountsEntry", fieldP("key", 1, tUint64), fieldP("value", 2, tInt64)),
			mapEntryOf("ValsEntry", fieldP("key", 1, tString), fieldP("value", 2, tMessage, typeName(".google.protobuf.Value"))),
			mapEntryOf("KmapEntry", fieldP("key", 1, tString), fieldP("value", 2, tEnum, typeName(".arjsontest2.Closed"))),
			mapEntryOf("SubsEntry", fieldP("key", 1, descriptorpb.FieldDescriptorProto_TYPE_SINT64), fieldP("value", 2, tMessage, typeName(".arjsontest2.Wide"))),
		},
	}},
}

func mapEntryOf(name string, key, value *descriptorpb.FieldDescriptorProto) *descriptorpb.DescriptorProto {
	return &descriptorpb.DescriptorProto{
		Name:    proto.String(name),
		Field:   []*descriptorpb.FieldDescriptorProto{key, value},
		Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
	}
}

var wideDesc = func() protoreflect.MessageDescriptor {
	fd, err := protodesc.NewFile(wideFile, protoregistry.GlobalFiles)
	if err != nil {
		panic(err)
	}
	return fd.Messages().ByName("Wide")
}()

// referenceCases are the message types and options the decoders are
// compared on.
var referenceCases = []struct {
	name string
	opts UnmarshalOptions
	new  func() proto.Message
}{
	{"Sample", UnmarshalOptions{}, func() proto.Message { return newSample() }},
	{"Sample MaxDepth 3", UnmarshalOptions{MaxDepth: 3}, func() proto.Message { return newSample() }},
	{"Wide", UnmarshalOptions{}, func() proto.Message { return dynamicpb.NewMessage(wideDesc) }},
	{"User", UnmarshalOptions{}, func() proto.Message { return new(arv2.User) }},
	{"ListUsersResponse", UnmarshalOptions{}, func() proto.Message { return new(arv2.ListUsersResponse) }},
	{"Session", UnmarshalOptions{}, func() proto.Message { return new(arv2.Session) }},
	{"Value", UnmarshalOptions{}, func() proto.Message { return new(structpb.Value) }},
	{"Timestamp", UnmarshalOptions{}, func() proto.Message { return new(timestamppb.Timestamp) }},
}

// referenceSeeds are realistic AuthRocket objects and inputs for the kinds
// of Wide.
var referenceSeeds = []string{
	benchUserJSON,
	benchListJSON(),
	benchSessionJSON,
	protojsonForm(benchUserJSON),
	`{"object":"user","id":"usr_1","realmId":"rl_1","custom":{"a":[1,"2",null,{"b":false}],"c":null},` +
		`"created_at":"1735689600.5","lastLoginAt":null,"memberships":[{"org":{"name":"x"},"permissions":"ar:owner"}],` +
		`"credentials":[],"unknown":{"deep":[[[]]],"s":"\ud800"},"id":"usr_2"}`,
	`{"collection":[{"id":"usr_1","created_at":-0.0005},{"id":"usr_2","created_at":1e9}],"more_results":"true","more_results":false}`,
	`{"user":{"email":"a@b.c"},"token":"t","request":{"ip":"1.2.3.4","client":null},"expires_at":253402300799.999}`,
	`{"u32":4294967295,"s32":-2147483648,"f64":"18446744073709551615","sf32":"-5e0","closed":"CLOSED_FIVE",` +
		`"blobs":["aGk=","aGk","-_8",""],"flags":{"true":"t","false":null},"counts":{"18446744073709551615":-1},` +
		`"w64":"12","wbool":"false","wbytes":"AA==","wdouble":1e308,"lv":[1,[2],{"x":null}],"val":null,` +
		`"times":[0,"1970-01-01T00:00:00Z"],"vals":{"n":null,"o":{}},"vlist":[null,true],"sub":{"label":"x"},` +
		`"ds":1.5,"closeds":[1,"CLOSED_ONE"],"wlist":["a",""],"kmap":{"k":5},"customName":"c","x_y":"d",` +
		`"f32":3.4e38,"u64":1e19,"fooBar":"p","foo_bar":"q","durs":[],"subs":{"-3":{"at":1}}}`,
	`{"label":"x","at":5,"sub":{}}`,
	`{"closed":2}`, `{"dur":"1s"}`, `{"durs":[null]}`, `{"flags":{"yes":"x"}}`, `{"subs":{"x":{}}}`,
}

// FuzzDecodeMatchesReference checks that Unmarshal and the tree decoder it
// replaced (reference_test.go) agree on every input: both fail or both
// decode equal messages. Their errors also agree, except for the wording of
// syntax errors ("invalid JSON…").
func FuzzDecodeMatchesReference(f *testing.F) {
	for _, tt := range decodeTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range decodeErrorTests {
		f.Add([]byte(tt.in))
	}
	for _, s := range referenceSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, c := range referenceCases {
			got, want := c.new(), c.new()
			err := c.opts.Unmarshal(in, got)
			werr := refUnmarshal(c.opts, in, want)
			if (err == nil) != (werr == nil) {
				t.Fatalf("%s: Unmarshal error %v, reference error %v", c.name, err, werr)
			}
			if err == nil {
				if !proto.Equal(got, want) {
					t.Fatalf("%s: Unmarshal decoded\n%v\nreference decoded\n%v", c.name, got, want)
				}
				continue
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: error %T is not *Error: %v", c.name, err, err)
			}
			const syntax = "arjson: invalid JSON"
			if strings.HasPrefix(werr.Error(), syntax) {
				if !strings.HasPrefix(err.Error(), syntax) {
					t.Fatalf("%s: Unmarshal error %v, reference error %v", c.name, err, werr)
				}
			} else if err.Error() != werr.Error() {
				t.Fatalf("%s: Unmarshal error %v, reference error %v", c.name, err, werr)
			}
		}
	})
}
