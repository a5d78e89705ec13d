package authrocket

import (
	"fmt"
	"testing"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// marked reports whether f is marked single_object_only.
func marked(f protoreflect.FieldDescriptor) bool {
	return proto.GetExtension(f.Options(), authrocketv2.E_SingleObjectOnly).(bool)
}

// reachesMarkedField answers, independently of rows.go, whether a field
// marked single_object_only is reachable from md through message fields,
// map values included.
func reachesMarkedField(md protoreflect.MessageDescriptor) bool {
	seen := map[protoreflect.FullName]bool{md.FullName(): true}
	queue := []protoreflect.MessageDescriptor{md}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		for i := 0; i < m.Fields().Len(); i++ {
			f := m.Fields().Get(i)
			if marked(f) {
				return true
			}
			sub := f.Message()
			if f.IsMap() {
				sub = f.MapValue().Message()
			}
			if sub != nil && !seen[sub.FullName()] {
				seen[sub.FullName()] = true
				queue = append(queue, sub)
			}
		}
	}
	return false
}

// checkPlan checks planFor(md) against reachesMarkedField: a plan iff a
// marked field is reachable; in it, every marked field to clear and every
// message field that leads to one to descend into, and nothing else.
func checkPlan(t *testing.T, md protoreflect.MessageDescriptor) {
	t.Helper()
	p := planFor(md)
	if (p != nil) != reachesMarkedField(md) {
		t.Errorf("%s: plan %v, but a marked field reachable: %v", md.FullName(), p != nil, reachesMarkedField(md))
		return
	}
	in := func(list []protoreflect.FieldDescriptor, f protoreflect.FieldDescriptor) bool {
		for _, g := range list {
			if g == f {
				return true
			}
		}
		return false
	}
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		wantClear := marked(f)
		wantDescend := !wantClear && f.Message() != nil && reachesMarkedField(f.Message())
		if p == nil {
			continue
		}
		if in(p.clear, f) != wantClear || in(p.descend, f) != wantDescend {
			t.Errorf("%s.%s: clear %v (want %v), descend %v (want %v)", md.FullName(), f.Name(), in(p.clear, f), wantClear, in(p.descend, f), wantDescend)
		}
	}
}

// TestRowPlansOfTheAPI: the invariant over every message of authrocket.v2,
// nested ones included.
func TestRowPlansOfTheAPI(t *testing.T) {
	n := 0
	var walk func(msgs protoreflect.MessageDescriptors)
	walk = func(msgs protoreflect.MessageDescriptors) {
		for i := 0; i < msgs.Len(); i++ {
			checkPlan(t, msgs.Get(i))
			walk(msgs.Get(i).Messages())
			n++
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("authrocket.v2", func(fd protoreflect.FileDescriptor) bool {
		walk(fd.Messages())
		return true
	})
	if n < 100 {
		t.Errorf("only %d messages checked", n)
	}
}

// cyclicFile builds, in package pkg, types that reach a marked field only
// through a cycle, as User and Membership embed each other:
//
//	message A { string secret = 1 [(single_object_only) = true]; B b = 2; }
//	message B { A a = 1; repeated C cs = 2; }
//	message C { string name = 1; }
//	message D { B b = 1; }
func cyclicFile(t *testing.T, pkg string) protoreflect.FileDescriptor {
	t.Helper()
	secretOpts := &descriptorpb.FieldOptions{}
	proto.SetExtension(secretOpts, authrocketv2.E_SingleObjectOnly, true)
	field := func(name string, n int32, typ string, opts *descriptorpb.FieldOptions, repeated bool) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(n), JsonName: proto.String(name), Options: opts,
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()}
		if repeated {
			f.Label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
		}
		if typ == "" {
			f.Type = descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum()
		} else {
			f.Type, f.TypeName = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE.Enum(), proto.String("."+pkg+"."+typ)
		}
		return f
	}
	msg := func(name string, fields ...*descriptorpb.FieldDescriptorProto) *descriptorpb.DescriptorProto {
		return &descriptorpb.DescriptorProto{Name: proto.String(name), Field: fields}
	}
	fd, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name: proto.String(pkg + "/cycle.proto"), Package: proto.String(pkg), Syntax: proto.String("proto3"),
		Dependency: []string{authrocketv2.File_authrocket_v2_options_proto.Path()},
		MessageType: []*descriptorpb.DescriptorProto{
			msg("A", field("secret", 1, "", secretOpts, false), field("b", 2, "B", nil, false)),
			msg("B", field("a", 1, "A", nil, false), field("cs", 2, "C", nil, true)),
			msg("C", field("name", 1, "", nil, false)),
			msg("D", field("b", 1, "B", nil, false)),
		},
	}, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

// TestRowPlansThroughACycle: a marked field reachable only through a cycle
// is cleared however deep the cycle goes, and the plans are the same
// whichever type is asked for first.
func TestRowPlansThroughACycle(t *testing.T) {
	for i, first := range []string{"A", "B", "C", "D"} {
		fd := cyclicFile(t, fmt.Sprintf("rowstest.order%d", i))
		msgs := fd.Messages()
		_ = planFor(msgs.ByName(protoreflect.Name(first)))
		for j := 0; j < msgs.Len(); j++ {
			checkPlan(t, msgs.Get(j))
		}
	}

	fd := cyclicFile(t, "rowstest.apply")
	a, b, d := fd.Messages().ByName("A"), fd.Messages().ByName("B"), fd.Messages().ByName("D")
	newA := func(secret string, inner protoreflect.Message) protoreflect.Message {
		m := dynamicpb.NewMessage(a)
		m.Set(a.Fields().ByName("secret"), protoreflect.ValueOfString(secret))
		if inner != nil {
			bm := dynamicpb.NewMessage(b)
			bm.Set(b.Fields().ByName("a"), protoreflect.ValueOfMessage(inner))
			m.Set(a.Fields().ByName("b"), protoreflect.ValueOfMessage(bm))
		}
		return m
	}
	// D.b.a.secret, D.b.a.b.a.secret: two turns of the cycle.
	deepest := newA("secret-2", nil)
	middle := newA("secret-1", deepest)
	row := dynamicpb.NewMessage(d)
	bm := dynamicpb.NewMessage(b)
	bm.Set(b.Fields().ByName("a"), protoreflect.ValueOfMessage(middle))
	row.Set(d.Fields().ByName("b"), protoreflect.ValueOfMessage(bm))
	p := planFor(d)
	if p == nil {
		t.Fatal("no plan for D")
	}
	p.apply(row)
	for _, m := range []protoreflect.Message{middle, deepest} {
		if m.Has(a.Fields().ByName("secret")) {
			t.Errorf("a secret left in a row: %v", m.Interface())
		}
	}
}
