package rest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// route is a method's google.api.http rule, compiled for the facade.
type route struct {
	name       string // full method name, "authrocket.v2.UsersService/GetUser"
	method     protoreflect.MethodDescriptor
	httpMethod string
	template   string   // "/v2/users/{id}"
	pathFields []string // the fields the path's variables fill
	// body is the request field the HTTP body fills: the whole request for
	// "*" (wholeBody), a field for "<field>", none for "".
	wholeBody bool
	body      protoreflect.FieldDescriptor
	// query are the fields the query string may not set: the path's and
	// the body's.
	query *utilities.DoubleArray
	// responseField is the response field that is the HTTP body (the
	// rule's response_body); nil for the whole response.
	responseField protoreflect.FieldDescriptor
	// objectOneof is set for a response that is one of several AuthRocket
	// objects (a session or a token): the member that is set is the body.
	objectOneof protoreflect.OneofDescriptor
}

// pathVariable matches a variable of a path template: "{id}", "{name=*}".
var pathVariable = regexp.MustCompile(`\{([^}=]+)(=[^}]*)?\}`)

// compileRoute reads md's google.api.http rule. Additional bindings are not
// served: AuthRocket's API has one path per endpoint.
func compileRoute(md protoreflect.MethodDescriptor) (*route, error) {
	rt := &route{name: string(md.Parent().FullName()) + "/" + string(md.Name()), method: md}
	fail := func(format string, args ...any) (*route, error) {
		return nil, fmt.Errorf("rest: %s: %s", rt.name, fmt.Sprintf(format, args...))
	}
	rule, method, template, err := authrocket.HTTPRule(md)
	if err != nil {
		return fail("%v", err)
	}
	rt.httpMethod, rt.template = method, template
	in, out := md.Input(), md.Output()
	var notInQuery [][]string
	for _, v := range pathVariable.FindAllStringSubmatch(rt.template, -1) {
		if err := checkFieldPath(in, v[1]); err != nil {
			return fail("path variable %s: %v", v[0], err)
		}
		rt.pathFields = append(rt.pathFields, v[1])
		notInQuery = append(notInQuery, strings.Split(v[1], "."))
	}
	switch b := rule.GetBody(); b {
	case "":
	case "*":
		rt.wholeBody = true
	default:
		rt.body = in.Fields().ByName(protoreflect.Name(b))
		if rt.body == nil || rt.body.Kind() != protoreflect.MessageKind || rt.body.IsList() || rt.body.IsMap() {
			return fail("body %q is not a message field of %s", b, in.FullName())
		}
		notInQuery = append(notInQuery, []string{b})
	}
	rt.query = utilities.NewDoubleArray(notInQuery)
	if name := rule.GetResponseBody(); name != "" {
		rt.responseField = out.Fields().ByName(protoreflect.Name(name))
		if rt.responseField == nil || rt.responseField.Kind() != protoreflect.MessageKind || rt.responseField.IsList() || rt.responseField.IsMap() {
			return fail("response_body %q is not a message field of %s", name, out.FullName())
		}
	} else {
		rt.objectOneof = authrocket.ObjectOneof(out)
	}
	return rt, nil
}

// checkFieldPath checks that path ("id", "user.id") names a singular
// scalar field of msg, through singular message fields.
func checkFieldPath(msg protoreflect.MessageDescriptor, path string) error {
	names := strings.Split(path, ".")
	for i, name := range names {
		f := msg.Fields().ByName(protoreflect.Name(name))
		switch {
		case f == nil:
			return fmt.Errorf("%s has no field %q", msg.FullName(), name)
		case f.IsList() || f.IsMap():
			return fmt.Errorf("field %q is repeated", name)
		case i < len(names)-1:
			if f.Kind() != protoreflect.MessageKind {
				return fmt.Errorf("field %q is not a message", name)
			}
			msg = f.Message()
		case f.Kind() == protoreflect.MessageKind || f.Kind() == protoreflect.GroupKind:
			return fmt.Errorf("field %q is a message", name)
		}
	}
	return nil
}
