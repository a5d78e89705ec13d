package authrocket

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// route is an RPC's google.api.http rule, compiled once: how to build
// AuthRocket's request and where its answer goes.
type route struct {
	method     string // HTTP method
	template   string // the rule's path, e.g. "/v2/users/{id}"
	segments   []segment
	pathFields map[protoreflect.Name]bool
	// hasBody: the non-path fields are the JSON body ("*"); otherwise the query.
	hasBody bool
	// responseField is the response field that AuthRocket's answer fills
	// (the rule's response_body); nil means the whole response message.
	responseField protoreflect.FieldDescriptor
	// objectOneof is set when the response is a single oneof whose member
	// names are AuthRocket `object` values (a session or a token).
	objectOneof protoreflect.OneofDescriptor
	// objects are the `object`s AuthRocket's answer may have, when it is
	// one object (responseField); collection: the answer is a page, with
	// its `collection`. checkAnswer holds an answer to them. A sparse
	// answer (json_sparse: a login URL) has no `object`, only an `id`.
	objects    [2]string
	collection bool
	sparse     bool
	// read: the method has no side effects (NO_SIDE_EFFECTS): it may be
	// sent again after any retryable failure.
	read bool
	// idempotent: a write marked IDEMPOTENT. It is sent again only after
	// an answer that says AuthRocket did not apply it (502, 503): after a
	// lost answer it might have, and a second send would fail or differ
	// (update_password's current-password check, a DELETE's 404).
	idempotent bool
}

// segment is a literal path segment, or a field whose value fills it.
type segment struct {
	literal string
	field   protoreflect.FieldDescriptor
}

// endpoint names the route in errors, logs and metrics.
func (r *route) endpoint() string { return r.method + " " + r.template }

// apiRoutes are the routes of every RPC of package authrocket.v2, compiled
// once when the program starts; NewClient fails with apiRoutesErr, which
// names each method whose rule is wrong.
var apiRoutes, apiRoutesErr = compileAPI()

// compileAPI compiles the route of every RPC of package authrocket.v2.
func compileAPI() (map[protoreflect.FullName]*route, error) {
	routes := map[protoreflect.FullName]*route{}
	var errs []error
	protoregistry.GlobalFiles.RangeFilesByPackage(apiPackage, func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			methods := fd.Services().Get(i).Methods()
			for j := 0; j < methods.Len(); j++ {
				r, err := compileRoute(methods.Get(j))
				if err != nil {
					errs = append(errs, err)
					continue
				}
				routes[methods.Get(j).FullName()] = r
			}
		}
		return true
	})
	return routes, errors.Join(errs...)
}

// apiPackage is the proto package of AuthRocket's API.
const apiPackage protoreflect.FullName = "authrocket.v2"

// routeFor returns the compiled route of an RPC of AuthRocket's API.
func routeFor(md protoreflect.MethodDescriptor) (*route, error) {
	if r, ok := apiRoutes[md.FullName()]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("authrocket: %s is not a method of %s", md.FullName(), apiPackage)
}

// HTTPRule returns md's google.api.http rule, the one description of
// AuthRocket's endpoint that the adapter calls and the REST facade serves,
// with its HTTP method and path template.
func HTTPRule(md protoreflect.MethodDescriptor) (rule *annotations.HttpRule, method, template string, err error) {
	opts, _ := md.Options().(*descriptorpb.MethodOptions)
	rule, _ = proto.GetExtension(opts, annotations.E_Http).(*annotations.HttpRule)
	if rule == nil {
		return nil, "", "", errors.New("no google.api.http rule")
	}
	switch p := rule.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return rule, http.MethodGet, p.Get, nil
	case *annotations.HttpRule_Post:
		return rule, http.MethodPost, p.Post, nil
	case *annotations.HttpRule_Put:
		return rule, http.MethodPut, p.Put, nil
	case *annotations.HttpRule_Delete:
		return rule, http.MethodDelete, p.Delete, nil
	case *annotations.HttpRule_Patch:
		return rule, http.MethodPatch, p.Patch, nil
	}
	return nil, "", "", fmt.Errorf("unsupported HTTP pattern %T", rule.GetPattern())
}

// compileRoute reads an RPC's HTTP rule. It accepts the subset of
// google.api.http that AuthRocket's API needs: one binding, single-segment
// `{field}` variables naming top-level string fields, and body "" or "*".
func compileRoute(md protoreflect.MethodDescriptor) (*route, error) {
	fail := func(format string, args ...any) (*route, error) {
		return nil, fmt.Errorf("authrocket: %s: %s", md.FullName(), fmt.Sprintf(format, args...))
	}
	r := &route{pathFields: map[protoreflect.Name]bool{}}
	rule, method, template, err := HTTPRule(md)
	if err != nil {
		return fail("%v", err)
	}
	r.method, r.template = method, template
	if !strings.HasPrefix(r.template, "/v2/") {
		return fail("path %q is not under /v2/", r.template)
	}
	in := md.Input()
	for _, s := range strings.Split(strings.TrimPrefix(r.template, "/"), "/") {
		if !strings.HasPrefix(s, "{") {
			r.segments = append(r.segments, segment{literal: s})
			continue
		}
		name := protoreflect.Name(strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}"))
		f := in.Fields().ByName(name)
		if f == nil || f.Kind() != protoreflect.StringKind || f.IsList() || f.IsMap() {
			return fail("path variable %s must be a top-level string field", s)
		}
		r.segments = append(r.segments, segment{field: f})
		r.pathFields[name] = true
	}
	switch rule.GetBody() {
	case "":
	case "*":
		r.hasBody = true
	default:
		return fail("body %q: only \"*\" is supported (AuthRocket's root element is a field of the request)", rule.GetBody())
	}
	if !r.hasBody {
		for i := 0; i < in.Fields().Len(); i++ {
			f := in.Fields().Get(i)
			if !r.pathFields[f.Name()] && f.Kind() == protoreflect.MessageKind {
				return fail("field %s cannot travel in a query string", f.Name())
			}
		}
	}
	out := md.Output()
	if name := rule.GetResponseBody(); name != "" {
		r.responseField = out.Fields().ByName(protoreflect.Name(name))
		if r.responseField == nil || r.responseField.Kind() != protoreflect.MessageKind {
			return fail("response_body %q is not a message field of %s", name, out.FullName())
		}
		// AuthRocket names an object as the key that holds it (user), or as
		// its type (oauth2_session in a session).
		r.objects = [2]string{name, objectName(r.responseField.Message())}
	} else {
		r.objectOneof = ObjectOneof(out)
		r.collection = r.objectOneof == nil && out.Fields().ByName("collection") != nil
	}
	mo, _ := md.Options().(*descriptorpb.MethodOptions)
	r.sparse = proto.GetExtension(mo, authrocketv2.E_JsonSparse).(bool)
	r.read = mo.GetIdempotencyLevel() == descriptorpb.MethodOptions_NO_SIDE_EFFECTS
	r.idempotent = mo.GetIdempotencyLevel() == descriptorpb.MethodOptions_IDEMPOTENT
	return r, nil
}

// ObjectOneof returns the oneof of a response that is AuthRocket's answer
// of one of several object types (a session or a token): a real oneof (not
// the synthetic one of a proto3 optional field) holding every field of msg,
// each a message. It returns nil for any other message.
func ObjectOneof(msg protoreflect.MessageDescriptor) protoreflect.OneofDescriptor {
	if msg.Oneofs().Len() != 1 {
		return nil
	}
	o := msg.Oneofs().Get(0)
	if o.IsSynthetic() || o.Fields().Len() != msg.Fields().Len() {
		return nil
	}
	for i := 0; i < o.Fields().Len(); i++ {
		if o.Fields().Get(i).Kind() != protoreflect.MessageKind {
			return nil
		}
	}
	return o
}

// checkAnswer refuses a 2xx answer that is not of the shape the method's
// answer has: another object, or a page without its collection. Decoding
// would make an empty message of it, a success with nothing in it.
func (r *route) checkAnswer(body []byte) error {
	switch {
	case r.objects[0] != "" && r.sparse:
		if got, _ := arjson.TopLevel(body, "id"); got == "" {
			return fmt.Errorf("%w: want an object with an id", ErrBadAnswer)
		}
	case r.objects[0] != "":
		if got, _ := arjson.TopLevel(body, "object"); got == "" || got != r.objects[0] && got != r.objects[1] {
			return fmt.Errorf("%w: want object %q, got %.40q", ErrBadAnswer, r.objects[0], got)
		}
	case r.collection:
		if _, ok := arjson.TopLevel(body, "collection"); !ok {
			return fmt.Errorf("%w: a page without its collection", ErrBadAnswer)
		}
	}
	return nil
}

// objectName is a message's name in snake_case (Oauth2Session:
// "oauth2_session").
func objectName(md protoreflect.MessageDescriptor) string {
	var b strings.Builder
	for i, c := range string(md.Name()) {
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}
