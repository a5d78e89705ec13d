package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket"
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1" // registers the authrocket.gateway.v1 descriptors and types
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"         // registers the authrocket.v2 descriptors and types
	"golang.org/x/text/language"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// APIPackage is the proto package whose services mirror AuthRocket's API.
const APIPackage protoreflect.FullName = "authrocket.v2"

// proxy serves every RPC of APIPackage by handing it to the adapter.
type proxy struct {
	ar *authrocket.Client
}

// Methods returns the full names of the methods the gateway serves under
// its policy ("authrocket.v2.UsersService/GetUser"), in a stable order:
// what a policy's method patterns are checked against.
func Methods() []string {
	var out []string
	for _, sd := range servedServices() {
		for i := 0; i < sd.Methods().Len(); i++ {
			out = append(out, string(sd.FullName())+"/"+string(sd.Methods().Get(i).Name()))
		}
	}
	return out
}

// apiServices returns the services of APIPackage, in a stable order.
func apiServices() []protoreflect.ServiceDescriptor { return servicesOf(APIPackage) }

// servedServices are the services under the policy: AuthRocket's API and
// the gateway's own.
func servedServices() []protoreflect.ServiceDescriptor {
	return append(apiServices(), servicesOf(GatewayPackage)...)
}

func servicesOf(pkg protoreflect.FullName) []protoreflect.ServiceDescriptor {
	var out []protoreflect.ServiceDescriptor
	protoregistry.GlobalFiles.RangeFilesByPackage(pkg, func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			out = append(out, fd.Services().Get(i))
		}
		return true
	})
	return out
}

// register registers a generic handler for every RPC of every service of
// APIPackage: the descriptors say everything the adapter needs.
func (p *proxy) register(s *grpc.Server) error {
	for _, sd := range apiServices() {
		desc := grpc.ServiceDesc{
			ServiceName: string(sd.FullName()),
			HandlerType: (*any)(nil),
			Metadata:    sd.ParentFile().Path(),
		}
		for i := 0; i < sd.Methods().Len(); i++ {
			md := sd.Methods().Get(i)
			if md.IsStreamingClient() || md.IsStreamingServer() {
				return fmt.Errorf("server: %s: streaming RPCs are not supported", md.FullName())
			}
			h, err := p.handler(md)
			if err != nil {
				return err
			}
			desc.Methods = append(desc.Methods, grpc.MethodDesc{MethodName: string(md.Name()), Handler: h})
		}
		s.RegisterService(&desc, p)
	}
	return nil
}

// handler returns the grpc.MethodDesc handler of md.
func (p *proxy) handler(md protoreflect.MethodDescriptor) (grpc.MethodHandler, error) {
	in, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil, fmt.Errorf("server: %s: %w", md.FullName(), err)
	}
	out, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
	if err != nil {
		return nil, fmt.Errorf("server: %s: %w", md.FullName(), err)
	}
	fullMethod := fmt.Sprintf("/%s/%s", md.Parent().FullName(), md.Name())
	facts := callFacts{create: strings.HasPrefix(string(md.Name()), "Create")}
	call := func(ctx context.Context, req any) (any, error) {
		if m, ok := req.(malformedRequest); ok {
			return nil, m.status(ctx) // never sent upstream, whatever the interceptors
		}
		return p.call(ctx, md, out, facts, req.(proto.Message))
	}
	return func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
		t := &decodeTarget{msg: in.New().Interface()}
		if err := dec(t); err != nil {
			return nil, err
		}
		req := t.msg
		if t.err != nil {
			// Through the interceptors all the same, so that the call is
			// authenticated and audited before validation refuses it.
			req = malformedRequest{Message: in.New().Interface(), err: t.err}
		}
		if interceptor == nil {
			return call(ctx, req)
		}
		return interceptor(ctx, req, &grpc.UnaryServerInfo{Server: srv, FullMethod: fullMethod}, call)
	}, nil
}

// call sends one RPC to AuthRocket and reports AuthRocket's status and
// request ID in the response headers.
func (p *proxy) call(ctx context.Context, md protoreflect.MethodDescriptor, out protoreflect.MessageType, facts callFacts, req proto.Message) (any, error) {
	opts := authrocket.CallOptions{Realm: callRealm(ctx)}
	if in, ok := metadata.FromIncomingContext(ctx); ok {
		opts.Locale = first(in.Get(mdLocale))
	}
	resp := out.New().Interface()
	res, err := p.ar.Call(ctx, md, req, resp, opts)
	res = noteUpstream(ctx, res, err)
	var upErr *authrocket.Error
	errors.As(err, &upErr)
	header := metadata.MD{}
	if res.RequestID != "" {
		header.Set(mdAuthRocketRequestID, res.RequestID)
	}
	if res.HTTPStatus != 0 {
		header.Set(mdAuthRocketStatus, strconv.Itoa(res.HTTPStatus))
	}
	_ = grpc.SetHeader(ctx, header)
	if err == nil {
		return resp, nil
	}
	if upErr == nil {
		return nil, err
	}
	facts.requestID = RequestID(ctx)
	facts.locale = messageLocale(opts.Locale)
	facts.resourceType = upErr.Resource()
	facts.resourceName = stringField(req, "id")
	return nil, upstreamStatus(upErr, facts).Err()
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// authrocketLanguages are the languages AuthRocket localizes its messages
// in; it answers English for any other.
var authrocketLanguages = language.NewMatcher([]language.Tag{language.English, language.Spanish, language.Japanese})

// messageLocale returns the language AuthRocket's messages come in for an
// Accept-Language header, as a BCP-47 tag for LocalizedMessage, or "" when
// the caller asked for none ("", "*" or unparsable).
func messageLocale(acceptLanguage string) string {
	if strings.TrimSpace(acceptLanguage) == "*" {
		return "" // what Node's fetch sends when no language was asked for
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 || tags[0] == language.Und {
		return ""
	}
	_, i, _ := authrocketLanguages.Match(tags...)
	return []string{"en", "es", "ja"}[i]
}
