package arjson

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Make sure the well-known files are in protoregistry.GlobalFiles.
var (
	_ = timestamppb.New
	_ = structpb.NewValue
	_ = wrapperspb.String
)

func fieldP(name string, num int32, typ descriptorpb.FieldDescriptorProto_Type, opts ...func(*descriptorpb.FieldDescriptorProto)) *descriptorpb.FieldDescriptorProto {
	f := &descriptorpb.FieldDescriptorProto{
		Name:   proto.String(name),
		Number: proto.Int32(num),
		Type:   typ.Enum(),
		Label:  descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

func typeName(n string) func(*descriptorpb.FieldDescriptorProto) {
	return func(f *descriptorpb.FieldDescriptorProto) { f.TypeName = proto.String(n) }
}

func repeated(f *descriptorpb.FieldDescriptorProto) {
	f.Label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
}

func oneofIndex(i int32) func(*descriptorpb.FieldDescriptorProto) {
	return func(f *descriptorpb.FieldDescriptorProto) { f.OneofIndex = proto.Int32(i) }
}

const (
	tString  = descriptorpb.FieldDescriptorProto_TYPE_STRING
	tInt32   = descriptorpb.FieldDescriptorProto_TYPE_INT32
	tInt64   = descriptorpb.FieldDescriptorProto_TYPE_INT64
	tUint64  = descriptorpb.FieldDescriptorProto_TYPE_UINT64
	tDouble  = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
	tFloat   = descriptorpb.FieldDescriptorProto_TYPE_FLOAT
	tBool    = descriptorpb.FieldDescriptorProto_TYPE_BOOL
	tBytes   = descriptorpb.FieldDescriptorProto_TYPE_BYTES
	tEnum    = descriptorpb.FieldDescriptorProto_TYPE_ENUM
	tMessage = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
)

// testFile is arjsontest.proto:
//
//	syntax = "proto3";
//	package arjsontest;
//	enum Kind { KIND_UNSPECIFIED = 0; KIND_USER = 1; KIND_ORG = 2; }
//	message Item { string id = 1; int32 n = 2; }
//	message Sample {
//	  optional string opt_string = 1;
//	  string name = 2; int32 count = 3; int64 big = 4; uint64 ubig = 5;
//	  double ratio = 6; bool active = 7; bytes data = 8; Kind kind = 9;
//	  repeated string tags = 10; repeated Item items = 11;
//	  map<string, string> labels = 12; Item child = 13;
//	  google.protobuf.Timestamp created_at = 14;
//	  google.protobuf.Struct custom = 15;
//	  google.protobuf.StringValue nickname = 16;
//	  oneof contact { string email = 17; int64 phone = 18; }
//	  Sample next = 19; float score = 20; map<int32, Item> by_num = 21;
//	  repeated Kind kinds = 22;
//	}
var testFile = &descriptorpb.FileDescriptorProto{
	Name:       proto.String("arjsontest/arjsontest.proto"),
	Package:    proto.String("arjsontest"),
	Syntax:     proto.String("proto3"),
	Dependency: []string{"google/protobuf/timestamp.proto", "google/protobuf/struct.proto", "google/protobuf/wrappers.proto"},
	EnumType: []*descriptorpb.EnumDescriptorProto{{
		Name: proto.String("Kind"),
		Value: []*descriptorpb.EnumValueDescriptorProto{
			{Name: proto.String("KIND_UNSPECIFIED"), Number: proto.Int32(0)},
			{Name: proto.String("KIND_USER"), Number: proto.Int32(1)},
			{Name: proto.String("KIND_ORG"), Number: proto.Int32(2)},
		},
	}},
	MessageType: []*descriptorpb.DescriptorProto{
		{
			Name: proto.String("Item"),
			Field: []*descriptorpb.FieldDescriptorProto{
				fieldP("id", 1, tString),
				fieldP("n", 2, tInt32),
			},
		},
		{
			Name: proto.String("Sample"),
			Field: []*descriptorpb.FieldDescriptorProto{
				fieldP("opt_string", 1, tString, oneofIndex(1), func(f *descriptorpb.FieldDescriptorProto) { f.Proto3Optional = proto.Bool(true) }),
				fieldP("name", 2, tString),
				fieldP("count", 3, tInt32),
				fieldP("big", 4, tInt64),
				fieldP("ubig", 5, tUint64),
				fieldP("ratio", 6, tDouble),
				fieldP("active", 7, tBool),
				fieldP("data", 8, tBytes),
				fieldP("kind", 9, tEnum, typeName(".arjsontest.Kind")),
				fieldP("tags", 10, tString, repeated),
				fieldP("items", 11, tMessage, typeName(".arjsontest.Item"), repeated),
				fieldP("labels", 12, tMessage, typeName(".arjsontest.Sample.LabelsEntry"), repeated),
				fieldP("child", 13, tMessage, typeName(".arjsontest.Item")),
				fieldP("created_at", 14, tMessage, typeName(".google.protobuf.Timestamp")),
				fieldP("custom", 15, tMessage, typeName(".google.protobuf.Struct")),
				fieldP("nickname", 16, tMessage, typeName(".google.protobuf.StringValue")),
				fieldP("email", 17, tString, oneofIndex(0)),
				fieldP("phone", 18, tInt64, oneofIndex(0)),
				fieldP("next", 19, tMessage, typeName(".arjsontest.Sample")),
				fieldP("score", 20, tFloat),
				fieldP("by_num", 21, tMessage, typeName(".arjsontest.Sample.ByNumEntry"), repeated),
				fieldP("kinds", 22, tEnum, typeName(".arjsontest.Kind"), repeated),
			},
			OneofDecl: []*descriptorpb.OneofDescriptorProto{
				{Name: proto.String("contact")},
				{Name: proto.String("_opt_string")},
			},
			NestedType: []*descriptorpb.DescriptorProto{
				mapEntry("LabelsEntry", fieldP("value", 2, tString)),
				mapEntry("ByNumEntry", fieldP("value", 2, tMessage, typeName(".arjsontest.Item"))),
			},
		},
	},
}

func mapEntry(name string, value *descriptorpb.FieldDescriptorProto) *descriptorpb.DescriptorProto {
	key := fieldP("key", 1, tString)
	if name == "ByNumEntry" {
		key = fieldP("key", 1, tInt32)
	}
	return &descriptorpb.DescriptorProto{
		Name:    proto.String(name),
		Field:   []*descriptorpb.FieldDescriptorProto{key, value},
		Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
	}
}

var sampleDesc, itemDesc = func() (protoreflect.MessageDescriptor, protoreflect.MessageDescriptor) {
	fd, err := protodesc.NewFile(testFile, protoregistry.GlobalFiles)
	if err != nil {
		panic(err)
	}
	return fd.Messages().ByName("Sample"), fd.Messages().ByName("Item")
}()

func newSample() *dynamicpb.Message { return dynamicpb.NewMessage(sampleDesc) }

// sample builds a Sample with fields set by set.
func sample(set func(m protoreflect.Message)) *dynamicpb.Message {
	m := newSample()
	if set != nil {
		set(m)
	}
	return m
}

func fd(m protoreflect.Message, name string) protoreflect.FieldDescriptor {
	f := m.Descriptor().Fields().ByName(protoreflect.Name(name))
	if f == nil {
		panic("no field " + name)
	}
	return f
}

func setF(m protoreflect.Message, name string, v any) {
	f := fd(m, name)
	switch x := v.(type) {
	case proto.Message:
		m.Set(f, protoreflect.ValueOfMessage(x.ProtoReflect()))
	case protoreflect.EnumNumber:
		m.Set(f, protoreflect.ValueOfEnum(x))
	default:
		m.Set(f, protoreflect.ValueOf(v))
	}
}

func item(id string, n int32) *dynamicpb.Message {
	m := dynamicpb.NewMessage(itemDesc)
	if id != "" {
		setF(m, "id", id)
	}
	if n != 0 {
		setF(m, "n", n)
	}
	return m
}

func appendF(m protoreflect.Message, name string, vs ...any) {
	l := m.Mutable(fd(m, name)).List()
	for _, v := range vs {
		switch x := v.(type) {
		case proto.Message:
			l.Append(protoreflect.ValueOfMessage(x.ProtoReflect()))
		case protoreflect.EnumNumber:
			l.Append(protoreflect.ValueOfEnum(x))
		default:
			l.Append(protoreflect.ValueOf(v))
		}
	}
}

func putF(m protoreflect.Message, name string, k, v any) {
	mp := m.Mutable(fd(m, name)).Map()
	val := protoreflect.ValueOf(v)
	if x, ok := v.(proto.Message); ok {
		val = protoreflect.ValueOfMessage(x.ProtoReflect())
	}
	mp.Set(protoreflect.ValueOf(k).MapKey(), val)
}
