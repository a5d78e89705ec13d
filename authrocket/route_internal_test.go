package authrocket

import (
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// v2Methods returns every RPC of every service of package authrocket.v2.
func v2Methods(t testing.TB) []protoreflect.MethodDescriptor {
	t.Helper()
	_ = arv2.File_authrocket_v2_users_proto // link the generated package in
	var mds []protoreflect.MethodDescriptor
	protoregistry.GlobalFiles.RangeFilesByPackage("authrocket.v2", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			for j := 0; j < sd.Methods().Len(); j++ {
				mds = append(mds, sd.Methods().Get(j))
			}
		}
		return true
	})
	return mds
}

// TestEveryMethodHasARoute compiles the route of every RPC of package
// authrocket.v2 and compares it with the method's google.api.http rule.
func TestEveryMethodHasARoute(t *testing.T) {
	mds := v2Methods(t)
	services := map[protoreflect.FullName]bool{}
	for _, md := range mds {
		services[md.Parent().FullName()] = true
	}
	// UsersService (8), OrgsService (5), MembershipsService (5) at least.
	if len(services) < 3 || len(mds) < 18 {
		t.Fatalf("found %d methods in %d services of authrocket.v2; the generated package is not registered?", len(mds), len(services))
	}
	for _, md := range mds {
		t.Run(string(md.FullName()), func(t *testing.T) {
			r, err := routeFor(md)
			if err != nil {
				t.Fatalf("routeFor: %v", err)
			}
			opts := md.Options().(*descriptorpb.MethodOptions)
			rule := proto.GetExtension(opts, annotations.E_Http).(*annotations.HttpRule)
			var method, template string
			switch {
			case rule.GetGet() != "":
				method, template = http.MethodGet, rule.GetGet()
			case rule.GetPost() != "":
				method, template = http.MethodPost, rule.GetPost()
			case rule.GetPut() != "":
				method, template = http.MethodPut, rule.GetPut()
			case rule.GetDelete() != "":
				method, template = http.MethodDelete, rule.GetDelete()
			case rule.GetPatch() != "":
				method, template = http.MethodPatch, rule.GetPatch()
			default:
				t.Fatalf("rule %v has no pattern", rule)
			}
			if r.method != method || r.template != template {
				t.Errorf("route %s %s, rule %s %s", r.method, r.template, method, template)
			}
			if got := r.endpoint(); got != method+" "+template {
				t.Errorf("endpoint() = %q", got)
			}
			if len(rule.GetAdditionalBindings()) != 0 {
				t.Errorf("rule has additional bindings, which the route ignores")
			}
			// Writes carry a body, reads and deletes a query string.
			wantBody := method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
			if r.hasBody != wantBody || (rule.GetBody() == "*") != wantBody {
				t.Errorf("hasBody %v, rule body %q, method %s", r.hasBody, rule.GetBody(), method)
			}
			if rb := rule.GetResponseBody(); rb != "" {
				if r.responseField == nil || string(r.responseField.Name()) != rb {
					t.Errorf("responseField %v, rule response_body %q", r.responseField, rb)
				}
			} else if r.responseField != nil {
				t.Errorf("responseField %v without response_body", r.responseField.Name())
			}
			// Rebuild the template from the compiled segments.
			var b strings.Builder
			vars := 0
			for _, s := range r.segments {
				b.WriteByte('/')
				if s.field != nil {
					b.WriteString("{" + string(s.field.Name()) + "}")
					vars++
					continue
				}
				b.WriteString(s.literal)
			}
			if b.String() != template || vars != len(r.pathFields) {
				t.Errorf("segments rebuild %q (%d variables), rule %q", b.String(), vars, template)
			}
			if r.read != (opts.GetIdempotencyLevel() == descriptorpb.MethodOptions_NO_SIDE_EFFECTS) ||
				r.idempotent != (opts.GetIdempotencyLevel() == descriptorpb.MethodOptions_IDEMPOTENT) {
				t.Errorf("read %v, idempotent %v; idempotency_level %v", r.read, r.idempotent, opts.GetIdempotencyLevel())
			}
			// Only GETs read: any other may have been applied before its
			// answer was lost.
			if method != http.MethodGet && r.read {
				t.Errorf("%s is marked NO_SIDE_EFFECTS", method)
			}
			if method == http.MethodGet && !r.read {
				t.Errorf("GET not NO_SIDE_EFFECTS: it would never be retried")
			}
			// The compiled route is cached.
			r2, _ := routeFor(md)
			if r2 != r {
				t.Errorf("routeFor compiled the route twice")
			}
		})
	}
}

// TestRouteObjectOneof: the answers of AuthenticateUser and
// ResetUserPasswordWithToken are a session or a token, chosen by
// AuthRocket's `object`; no other answer is.
func TestRouteObjectOneof(t *testing.T) {
	oneofs := map[protoreflect.Name]bool{"AuthenticateUser": true, "ResetUserPasswordWithToken": true}
	for name := range oneofs {
		md := arv2.File_authrocket_v2_users_proto.Services().ByName("UsersService").Methods().ByName(name)
		r, err := routeFor(md)
		if err != nil {
			t.Fatal(err)
		}
		if r.objectOneof == nil || r.objectOneof.Name() != "result" {
			t.Fatalf("%s: objectOneof = %v, want result", name, r.objectOneof)
		}
	}
	for _, md := range v2Methods(t) {
		r, _ := routeFor(md)
		if r.objectOneof != nil && !oneofs[md.Name()] {
			t.Errorf("%s: unexpected objectOneof %s", md.FullName(), r.objectOneof.FullName())
		}
	}
}

// testFile builds a file of package test.v1 with one service whose methods
// are given as (name, input, output, rule).
func testFile(t *testing.T, msgs []*descriptorpb.DescriptorProto, methods []*descriptorpb.MethodDescriptorProto) protoreflect.FileDescriptor {
	t.Helper()
	fdp := &descriptorpb.FileDescriptorProto{
		Name:        proto.String("test/v1/route_test.proto"),
		Package:     proto.String("test.v1"),
		Syntax:      proto.String("proto3"),
		Dependency:  []string{"google/api/annotations.proto"},
		MessageType: msgs,
		Service:     []*descriptorpb.ServiceDescriptorProto{{Name: proto.String("TestService"), Method: methods}},
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

func field(name string, n int32, typ descriptorpb.FieldDescriptorProto_Type, typeName string) *descriptorpb.FieldDescriptorProto {
	f := &descriptorpb.FieldDescriptorProto{
		Name:     proto.String(name),
		JsonName: proto.String(name),
		Number:   proto.Int32(n),
		Type:     typ.Enum(),
		Label:    descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
	}
	if typeName != "" {
		f.TypeName = proto.String(typeName)
	}
	return f
}

func rpc(name, in, out string, rule *annotations.HttpRule) *descriptorpb.MethodDescriptorProto {
	opts := &descriptorpb.MethodOptions{}
	if rule != nil {
		proto.SetExtension(opts, annotations.E_Http, rule)
	}
	return &descriptorpb.MethodDescriptorProto{Name: proto.String(name), InputType: proto.String(in), OutputType: proto.String(out), Options: opts}
}

// TestCompileRouteRefuses covers the rules the adapter cannot honour: it
// must refuse them when compiling, never build a wrong request.
func TestCompileRouteRefuses(t *testing.T) {
	str := descriptorpb.FieldDescriptorProto_TYPE_STRING
	i32 := descriptorpb.FieldDescriptorProto_TYPE_INT32
	msg := descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	repeated := field("ids", 3, str, "")
	repeated.Label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	msgs := []*descriptorpb.DescriptorProto{
		{Name: proto.String("Req"), Field: []*descriptorpb.FieldDescriptorProto{
			field("id", 1, str, ""), field("n", 2, i32, ""), repeated,
		}},
		{Name: proto.String("ReqMsg"), Field: []*descriptorpb.FieldDescriptorProto{
			field("id", 1, str, ""), field("inner", 2, msg, ".test.v1.Req"),
		}},
		{Name: proto.String("Resp"), Field: []*descriptorpb.FieldDescriptorProto{
			field("n", 1, i32, ""), field("inner", 2, msg, ".test.v1.Req"),
		}},
	}
	get := func(p string) *annotations.HttpRule {
		return &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: p}}
	}
	tests := []struct {
		name string
		in   string
		rule *annotations.HttpRule
		ok   bool
	}{
		{"Fine", ".test.v1.Req", get("/v2/things/{id}"), true},
		{"FineBody", ".test.v1.ReqMsg", &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: "/v2/things/{id}"}, Body: "*"}, true},
		{"NoRule", ".test.v1.Req", nil, false},
		{"Custom", ".test.v1.Req", &annotations.HttpRule{Pattern: &annotations.HttpRule_Custom{Custom: &annotations.CustomHttpPattern{Kind: "HEAD", Path: "/v2/x"}}}, false},
		{"NotV2", ".test.v1.Req", get("/v1/things"), false},
		{"Relative", ".test.v1.Req", get("v2/things"), false},
		{"UnknownVariable", ".test.v1.Req", get("/v2/things/{nope}"), false},
		{"IntVariable", ".test.v1.Req", get("/v2/things/{n}"), false},
		{"RepeatedVariable", ".test.v1.Req", get("/v2/things/{ids}"), false},
		{"MultiSegmentVariable", ".test.v1.Req", get("/v2/{id=things/*}"), false},
		{"BodyField", ".test.v1.Req", &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: "/v2/things"}, Body: "id"}, false},
		{"MessageInQuery", ".test.v1.ReqMsg", get("/v2/things/{id}"), false},
		{"ResponseBodyNotMessage", ".test.v1.Req", &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: "/v2/things"}, ResponseBody: "n"}, false},
		{"ResponseBodyUnknown", ".test.v1.Req", &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: "/v2/things"}, ResponseBody: "nope"}, false},
	}
	var methods []*descriptorpb.MethodDescriptorProto
	for _, tt := range tests {
		methods = append(methods, rpc(tt.name, tt.in, ".test.v1.Resp", tt.rule))
	}
	sd := testFile(t, msgs, methods).Services().Get(0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := sd.Methods().ByName(protoreflect.Name(tt.name))
			r, err := compileRoute(md)
			if tt.ok != (err == nil) {
				t.Fatalf("compileRoute = %v, %v; want ok=%v", r, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), string(md.FullName())) {
				t.Errorf("error %q does not name the method", err)
			}
			// A refused route is cached as refused, and Call reports it.
			if !tt.ok {
				if _, err2 := routeFor(md); err2 == nil {
					t.Errorf("routeFor accepted what compileRoute refused")
				}
			}
		})
	}
}

// TestCompileRouteObjectOneof: only a real oneof whose members are all
// messages is read as AuthRocket's session-or-token answer. The synthetic
// oneof of a proto3 `optional` field is not (the answer is the whole message),
// nor is a oneof with a scalar member (decoding would have to call Mutable on
// a scalar field, which panics).
func TestCompileRouteObjectOneof(t *testing.T) {
	str := descriptorpb.FieldDescriptorProto_TYPE_STRING
	msg := descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	optTok := field("token", 1, str, "")
	optTok.Proto3Optional = proto.Bool(true)
	optTok.OneofIndex = proto.Int32(0)
	scalarTok := field("token", 1, str, "")
	scalarTok.OneofIndex = proto.Int32(0)
	msgTok := field("token", 1, msg, ".test.v1.Req")
	msgTok.OneofIndex = proto.Int32(0)
	msgSession := field("session", 2, msg, ".test.v1.Req")
	msgSession.OneofIndex = proto.Int32(0)
	msgs := []*descriptorpb.DescriptorProto{
		{Name: proto.String("Req"), Field: []*descriptorpb.FieldDescriptorProto{field("id", 1, str, "")}},
		{Name: proto.String("Optional"), Field: []*descriptorpb.FieldDescriptorProto{optTok}, OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("_token")}}},
		{Name: proto.String("Scalar"), Field: []*descriptorpb.FieldDescriptorProto{scalarTok}, OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("result")}}},
		{Name: proto.String("Object"), Field: []*descriptorpb.FieldDescriptorProto{msgTok, msgSession}, OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("result")}}},
	}
	get := &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: "/v2/things/{id}"}}
	fd := testFile(t, msgs, []*descriptorpb.MethodDescriptorProto{
		rpc("Optional", ".test.v1.Req", ".test.v1.Optional", get),
		rpc("Scalar", ".test.v1.Req", ".test.v1.Scalar", get),
		rpc("Object", ".test.v1.Req", ".test.v1.Object", get),
	})
	for name, want := range map[protoreflect.Name]bool{"Optional": false, "Scalar": false, "Object": true} {
		r, err := compileRoute(fd.Services().Get(0).Methods().ByName(name))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.objectOneof != nil; got != want {
			t.Errorf("%s: objectOneof = %v, want set=%v", name, r.objectOneof, want)
		}
	}
}
