package rest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// restMethods returns every method that the REST facade serves: those of
// the gateway's packages with a google.api.http rule.
func restMethods(t *testing.T) []protoreflect.MethodDescriptor {
	t.Helper()
	var out []protoreflect.MethodDescriptor
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		pkg := string(fd.Package())
		if pkg != "authrocket.v2" && !strings.HasPrefix(pkg, "authrocket.gateway.") {
			return true
		}
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			for j := 0; j < sd.Methods().Len(); j++ {
				md := sd.Methods().Get(j)
				if _, _, _, err := authrocket.HTTPRule(md); err == nil {
					out = append(out, md)
				}
			}
		}
		return true
	})
	if len(out) < 50 {
		t.Fatalf("found %d REST methods; the registry lacks the API", len(out))
	}
	return out
}

// bodyMessages returns the messages a REST answer of md can be: the
// response_body field's, the object oneof's members', or the response's.
func bodyMessages(t *testing.T, md protoreflect.MethodDescriptor) []protoreflect.MessageDescriptor {
	t.Helper()
	rt, err := compileRoute(md)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case rt.responseField != nil:
		return []protoreflect.MessageDescriptor{rt.responseField.Message()}
	case rt.objectOneof != nil:
		var out []protoreflect.MessageDescriptor
		for i := 0; i < rt.objectOneof.Fields().Len(); i++ {
			out = append(out, rt.objectOneof.Fields().Get(i).Message())
		}
		return out
	}
	return []protoreflect.MessageDescriptor{md.Output()}
}

// TestShapeRules walks every message that a REST answer writes and fails
// for a field without a rule where AuthRocket's shape needs one: a field
// that can be unset or empty (with presence, a list, a map) needs a
// json_presence, a Timestamp a json_time. The rules are what the REST path
// writes; gRPC ignores them.
func TestShapeRules(t *testing.T) {
	seen := map[protoreflect.FullName]bool{}
	var missing []string
	var walk func(md protoreflect.MessageDescriptor)
	walk = func(md protoreflect.MessageDescriptor) {
		if seen[md.FullName()] || strings.HasPrefix(string(md.FullName()), "google.protobuf.") {
			return
		}
		seen[md.FullName()] = true
		for i := 0; i < md.Fields().Len(); i++ {
			fd := md.Fields().Get(i)
			opts := fd.Options()
			presence := proto.GetExtension(opts, arv2.E_JsonPresence).(arv2.JsonPresence)
			methods := proto.GetExtension(opts, arv2.E_JsonPresenceMethods).([]string)
			form := proto.GetExtension(opts, arv2.E_JsonTime).(arv2.JsonTime)
			if (fd.HasPresence() || fd.IsList() || fd.IsMap()) && presence == arv2.JsonPresence_JSON_PRESENCE_UNSPECIFIED {
				missing = append(missing, fmt.Sprintf("%s: json_presence", fd.FullName()))
			}
			if len(methods) > 0 && presence != arv2.JsonPresence_JSON_PRESENCE_SINGLE_OBJECT {
				t.Errorf("%s: json_presence_methods without JSON_PRESENCE_SINGLE_OBJECT", fd.FullName())
			}
			if with := proto.GetExtension(opts, arv2.E_JsonNullWith).(string); with != "" &&
				(!fd.IsList() || md.Fields().ByName(protoreflect.Name(with)) == nil) {
				t.Errorf("%s: json_null_with %q: not a list, or no such sibling", fd.FullName(), with)
			}
			isTime := fd.Message() != nil && fd.Message().FullName() == "google.protobuf.Timestamp"
			if isTime && form == arv2.JsonTime_JSON_TIME_UNSPECIFIED {
				missing = append(missing, fmt.Sprintf("%s: json_time", fd.FullName()))
			}
			if !isTime && form != arv2.JsonTime_JSON_TIME_UNSPECIFIED {
				t.Errorf("%s: json_time on a field that is not a Timestamp", fd.FullName())
			}
			if m := fd.Message(); m != nil {
				if fd.IsMap() {
					m = fd.MapValue().Message()
				}
				if m != nil {
					walk(m)
				}
			}
		}
	}
	names := map[string]bool{}
	for _, md := range restMethods(t) {
		names[string(md.FullName())] = true
		for _, m := range bodyMessages(t, md) {
			walk(m)
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("%s missing: AuthRocket's JSON shape of the field is not described", m)
	}
	// json_presence_methods name methods that exist.
	for name := range seen {
		d, _ := protoregistry.GlobalFiles.FindDescriptorByName(name)
		md, _ := d.(protoreflect.MessageDescriptor)
		for i := 0; md != nil && i < md.Fields().Len(); i++ {
			for _, m := range proto.GetExtension(md.Fields().Get(i).Options(), arv2.E_JsonPresenceMethods).([]string) {
				if !names[m] {
					t.Errorf("%s: json_presence_methods names %q, not a REST method", md.Fields().Get(i).FullName(), m)
				}
			}
		}
	}
}
