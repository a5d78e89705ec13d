package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/call"
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1" // registers the authrocket.gateway.v1 descriptors and types
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"         // registers the authrocket.v2 descriptors and types
	"github.com/authrocket-gateway/gateway/idempotency"
	"golang.org/x/text/language"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// APIPackage is the proto package whose services mirror AuthRocket's API.
const APIPackage protoreflect.FullName = "authrocket.v2"

// proxy serves every RPC of APIPackage by handing it to the adapter.
type proxy struct {
	ar   *authrocket.Client
	keys idempotency.Keeper // the outcomes of writes by Idempotency-Key
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

// handler returns the call path's handler of md: the request goes to
// AuthRocket through the adapter.
func (p *proxy) handler(md protoreflect.MethodDescriptor) (handler, error) {
	out, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
	if err != nil {
		return nil, fmt.Errorf("server: %s: %w", md.FullName(), err)
	}
	create := strings.HasPrefix(string(md.Name()), "Create")
	mo, _ := md.Options().(*descriptorpb.MethodOptions)
	write := mo.GetIdempotencyLevel() != descriptorpb.MethodOptions_NO_SIDE_EFFECTS
	return func(ctx context.Context, c *inflight, req proto.Message) (proto.Message, error) {
		do := func() (proto.Message, error) { return p.call(ctx, c, md, out, create, req) }
		var resp proto.Message
		var err error
		if key := first(c.md.Get(call.HeaderIdempotencyKey)); write && key != "" {
			resp, err = p.once(c, md, out, key, req, do)
		} else {
			resp, err = do()
		}
		if err != nil || resp == nil {
			return resp, err
		}
		return withholdJWTSecrets(c, resp), nil
	}, nil
}

// withholdJWTSecrets is resp without the HS256 realms' secrets the caller
// is not granted (policy jwt_secrets); the audit record names the realms
// whose secret it hands out. resp is copied first, so that an outcome kept
// for Idempotency-Key replays is never changed, and each replay is held to
// the policy in force.
func withholdJWTSecrets(c *inflight, resp proto.Message) proto.Message {
	if !authrocket.MayHoldJWTSecrets(resp) {
		return resp
	}
	resp = proto.Clone(resp)
	if realms := authrocket.WithholdJWTSecrets(resp, c.caller.JWTSecret); len(realms) > 0 {
		c.rec.SecretsHandedOut(realms)
	}
	return resp
}

// call sends req to AuthRocket and answers its response, or its error as a
// status of the contract.
func (p *proxy) call(ctx context.Context, c *inflight, md protoreflect.MethodDescriptor, out protoreflect.MessageType, create bool, req proto.Message) (proto.Message, error) {
	opts := authrocket.CallOptions{Realm: c.realm, Locale: first(c.md.Get(mdLocale)), Caller: c.caller.Name, RequestID: c.rec.RequestID()}
	resp := out.New().Interface()
	start := time.Now()
	res, err := p.ar.Call(ctx, md, req, resp, opts)
	noteUpstream(ctx, res, err, time.Since(start))
	var upErr *authrocket.Error
	switch {
	case err == nil:
		return resp, nil // the handler withholds HS256 secrets
	case !errors.As(err, &upErr):
		return nil, err
	}
	return nil, upstreamStatus(upErr, callFacts{
		create:       create,
		locale:       messageLocale(opts.Locale),
		resourceType: upErr.Resource(),
		resourceName: stringField(req, "id"),
	})
}

// noteUpstream records one exchange with AuthRocket (res, or the status
// and request ID of its error) in the record of the call in ctx.
func noteUpstream(ctx context.Context, res authrocket.Response, err error, took time.Duration) {
	rec := call.FromContext(ctx)
	if rec == nil {
		return
	}
	var up *authrocket.Error
	if errors.As(err, &up) {
		res = authrocket.Response{HTTPStatus: up.HTTPStatus, RequestID: up.RequestID, Attempts: up.Attempts}
	}
	if res.Attempts > 0 {
		rec.Upstream(res.HTTPStatus, res.RequestID, res.Attempts, took)
	}
}

// requestIDOf is the request ID of the call in ctx, or "".
func requestIDOf(ctx context.Context) string {
	if rec := call.FromContext(ctx); rec != nil {
		return rec.RequestID()
	}
	return ""
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
