package rest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// httpRule is the HTTP method and path template of a google.api.http rule.
func httpRule(r *annotations.HttpRule) (method, path string) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return http.MethodGet, p.Get
	case *annotations.HttpRule_Post:
		return http.MethodPost, p.Post
	case *annotations.HttpRule_Put:
		return http.MethodPut, p.Put
	case *annotations.HttpRule_Delete:
		return http.MethodDelete, p.Delete
	case *annotations.HttpRule_Patch:
		return http.MethodPatch, p.Patch
	}
	return "", ""
}

// TestEveryMethodHasRoute compiles every method of every service of
// authrocket.v2 and authrocket.gateway.v1, and checks that each is served
// at its google.api.http rule's method and path: a request there reaches
// the call path as a call of that method.
func TestEveryMethodHasRoute(t *testing.T) {
	mds := servedMethods(t)
	services := map[protoreflect.FullName]bool{}
	for _, md := range mds {
		services[md.Parent().FullName()] = true
	}
	for _, want := range []protoreflect.FullName{"authrocket.v2.UsersService", "authrocket.v2.JwtKeysService", "authrocket.gateway.v1.TokensService"} {
		if !services[want] {
			t.Errorf("service %s not among the served methods", want)
		}
	}

	var got string
	f, err := New(Config{Methods: mds, MaxRequestBytes: 1 << 10, BodyTimeout: time.Second, Invoke: func(_ context.Context, c *Call) (proto.Message, error) {
		if c.Refusal != nil {
			got = "refused: " + c.Refusal.Error()
			return nil, c.Refusal
		}
		got = c.Record.Method()
		return nil, status.Error(codes.Unimplemented, "not in this test")
	}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	param := regexp.MustCompile(`\{[^}]*\}`)
	for _, md := range mds {
		rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
		method, path := httpRule(rule)
		if method == "" {
			t.Errorf("%s: no google.api.http rule this test knows: %v", md.FullName(), rule)
			continue
		}
		rt, err := compileRoute(md)
		if err != nil {
			t.Errorf("%s: %v", md.FullName(), err)
			continue
		}
		if rt.httpMethod != method || rt.template != path || rt.name != methodName(md) {
			t.Errorf("%s: route %s %s %s, want %s %s %s", md.FullName(), rt.name, rt.httpMethod, rt.template, methodName(md), method, path)
		}
		got = ""
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest(method, param.ReplaceAllString(path, "x"), strings.NewReader("{}")))
		if got != methodName(md) {
			t.Errorf("%s %s reached the call path as %q, want %s", method, path, got, methodName(md))
		}
		if rec.Code != http.StatusNotImplemented {
			t.Errorf("%s %s answered %d, want the call path's 501; body %s", method, path, rec.Code, rec.Body)
		}
	}
}

// TestNewRequiresInvokeAndLimit: both are required (a limit of 0 once
// meant arjson's default; the facade has no default).
func TestNewRequiresInvokeAndLimit(t *testing.T) {
	invoke := func(context.Context, *Call) (proto.Message, error) { return nil, nil }
	for _, cfg := range []Config{
		{Invoke: invoke},
		{Invoke: invoke, MaxRequestBytes: -1, BodyTimeout: time.Second},
		{Invoke: invoke, MaxRequestBytes: 10},
		{MaxRequestBytes: 10},
	} {
		if f, err := New(cfg); err == nil || f != nil {
			t.Errorf("New(Invoke set %v, MaxRequestBytes %d) = %v, %v; want an error", cfg.Invoke != nil, cfg.MaxRequestBytes, f, err)
		}
	}
	if _, err := New(Config{Invoke: invoke, MaxRequestBytes: 1, BodyTimeout: time.Second}); err != nil {
		t.Errorf("New without methods: %v", err)
	}
}

// badMethod builds test.v1.BadService/Call (Req{id, user, tags}, Resp{n})
// with rule as its google.api.http rule.
func badMethod(t *testing.T, rule *annotations.HttpRule) protoreflect.MethodDescriptor {
	t.Helper()
	opts := &descriptorpb.MethodOptions{}
	if rule != nil {
		proto.SetExtension(opts, annotations.E_Http, rule)
	}
	field := func(name string, n int32, typ descriptorpb.FieldDescriptorProto_Type, label descriptorpb.FieldDescriptorProto_Label, typeName string) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(n), Type: typ.Enum(), Label: label.Enum(), JsonName: proto.String(name)}
		if typeName != "" {
			f.TypeName = proto.String(typeName)
		}
		return f
	}
	optional, repeated := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL, descriptorpb.FieldDescriptorProto_LABEL_REPEATED
	fdp := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("test/v1/bad.proto"),
		Package: proto.String("test.v1"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("Req"), Field: []*descriptorpb.FieldDescriptorProto{
				field("id", 1, descriptorpb.FieldDescriptorProto_TYPE_STRING, optional, ""),
				field("user", 2, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, optional, ".test.v1.Resp"),
				field("tags", 3, descriptorpb.FieldDescriptorProto_TYPE_STRING, repeated, ""),
			}},
			{Name: proto.String("Resp"), Field: []*descriptorpb.FieldDescriptorProto{
				field("n", 1, descriptorpb.FieldDescriptorProto_TYPE_INT32, optional, ""),
			}},
		},
		Service: []*descriptorpb.ServiceDescriptorProto{{
			Name: proto.String("BadService"),
			Method: []*descriptorpb.MethodDescriptorProto{{
				Name: proto.String("Call"), InputType: proto.String(".test.v1.Req"), OutputType: proto.String(".test.v1.Resp"), Options: opts,
			}},
		}},
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return fd.Services().Get(0).Methods().Get(0)
}

// TestBadHTTPRule: a rule the facade cannot serve is an error of New
// naming the method, never a route that misbehaves.
func TestBadHTTPRule(t *testing.T) {
	const name = "test.v1.BadService/Call"
	get := func(path string) *annotations.HttpRule {
		return &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: path}}
	}
	tests := []struct {
		name string
		rule *annotations.HttpRule
		want string
	}{
		{"the control case is served", get("/v1/things/{id}"), ""},
		{"no rule", nil, "no google.api.http rule"},
		{"custom pattern", &annotations.HttpRule{Pattern: &annotations.HttpRule_Custom{Custom: &annotations.CustomHttpPattern{Kind: "HEAD", Path: "/v1/x"}}}, "unsupported HTTP pattern"},
		{"path variable naming no field", get("/v1/things/{nope}"), `path variable {nope}: test.v1.Req has no field "nope"`},
		{"path variable naming a message", get("/v1/things/{user}"), `field "user" is a message`},
		{"path variable naming a repeated field", get("/v1/things/{tags}"), `field "tags" is repeated`},
		{"path variable through a scalar", get("/v1/things/{id.x}"), `field "id" is not a message`},
		{"malformed template: unclosed variable", get("/v1/things/{id"), `path "/v1/things/{id"`},
		{"malformed template: no leading slash", get("v1/things"), `path "v1/things"`},
		{"body naming no field", &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: "/v1/things"}, Body: "nope"}, `body "nope" is not a message field`},
		{"body naming a scalar", &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: "/v1/things"}, Body: "id"}, `body "id" is not a message field`},
		{"response_body naming no field", &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: "/v1/things"}, ResponseBody: "nope"}, `response_body "nope" is not a message field`},
		{"response_body naming a scalar", &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: "/v1/things"}, ResponseBody: "n"}, `response_body "n" is not a message field`},
	}
	invoke := func(context.Context, *Call) (proto.Message, error) { return nil, nil }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := badMethod(t, tt.rule)
			f, err := New(Config{Methods: []protoreflect.MethodDescriptor{md}, Invoke: invoke, MaxRequestBytes: 10, BodyTimeout: time.Second})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || f != nil {
				t.Fatalf("New = %v, %v; want an error", f, err)
			}
			if !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v; want an error naming %s and saying %q", err, name, tt.want)
			}
		})
	}
}
