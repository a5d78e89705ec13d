package server

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// testServer builds a Server that is never served: what it registers is
// what the gateway serves.
func testServer(t *testing.T) *Server {
	t.Helper()
	ar, err := authrocket.NewClient(authrocket.Config{URL: "http://127.0.0.1:9/v2", APIKey: authrocket.NewSecret("ks_test"), DefaultRealm: "rl_1"})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.AllowAll("test", "tok", Methods())
	if err != nil {
		t.Fatal(err)
	}
	v, err := logintoken.New(logintoken.Config{})
	if err != nil {
		t.Fatal(err)
	}
	sink := audit.NewSink(io.Discard, audit.Options{})
	t.Cleanup(func() { _ = sink.Close() })
	s, err := New(ar, Config{Policy: policy.NewStore(pol), Tokens: v,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Audit: sink})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(context.Background()) })
	return s
}

// TestEveryMethodIsUnderThePolicy: every method the gateway serves is
// either one of AuthRocket's API, whose realms the authorization checks, or
// one that applies the caller's realms itself (selfScopedMethods); the
// streaming methods are only health's and reflection's; nothing else is
// registered.
func TestEveryMethodIsUnderThePolicy(t *testing.T) {
	for _, m := range Methods() {
		if !inAPI(m) && !selfScopedMethods[m] {
			t.Errorf("%s is under the policy but neither in %s nor in selfScopedMethods: its realms would go unchecked", m, APIPackage)
		}
	}
	registered := map[string]bool{}
	for svc, info := range testServer(t).grpc.GetServiceInfo() {
		for _, m := range info.Methods {
			full := "/" + svc + "/" + m.Name
			registered[full] = true
			switch {
			case m.IsClientStream || m.IsServerStream:
				if !streamMethods[full] {
					t.Errorf("%s streams, and only %v may", full, streamMethods)
				}
			case unauthenticated(full):
			case !inAPI(full[1:]) && !selfScopedMethods[full[1:]]:
				t.Errorf("%s is served but neither in %s nor in selfScopedMethods: the policy refuses it", full, APIPackage)
			}
		}
	}
	for name := range selfScopedMethods {
		if full := "/" + name; !registered[full] {
			t.Errorf("selfScopedMethods names %s, which is not served", full)
		}
	}
	for full := range streamMethods {
		if !registered[full] {
			t.Errorf("streamMethods names %s, which is not served", full)
		}
	}
	if len(registered) < 100 {
		t.Errorf("only %d methods registered", len(registered))
	}
}

// TestAuthzMethodsOutsideTheAPI: a method outside authrocket.v2 is served
// only if it applies the caller's realms itself; any other is refused,
// even to a caller of every method in every realm.
func TestAuthzMethodsOutsideTheAPI(t *testing.T) {
	pol, err := policy.AllowAll("all", "tok", Methods())
	if err != nil {
		t.Fatal(err)
	}
	caller := pol.ByCredential("tok")
	for full, want := range map[string]codes.Code{
		"/authrocket.gateway.v1.TokensService/VerifyToken": codes.OK,
		// Methods that do not exist today, as a new service might add them.
		"/authrocket.gateway.v1.TokensService/RevokeToken":     codes.PermissionDenied,
		"/authrocket.gateway.v2.AdminService/DeleteEverything": codes.PermissionDenied,
		"/authrocket.v2.admin.AdminService/DeleteEverything":   codes.PermissionDenied,
		"/grpc.reflection.v1.ServerReflection/Anything":        codes.PermissionDenied,
	} {
		t.Run(full, func(t *testing.T) {
			name := full[1:]
			c := &inflight{rec: call.New(time.Now(), call.GRPC, name, "req-1", call.Peer{}), caller: caller}
			st := statusOf((&pipeline{}).authorizeMethod(c, &method{name: name, api: inAPI(name)}), "")
			if st.Code() != want {
				t.Fatalf("status %v, want %v", st.Code(), want)
			}
			if want == codes.OK {
				return
			}
			if reasonOfStatus(st) != reasonMethodNotAllowed || c.rec.Rule() != "all: method not under the policy" || !strings.Contains(st.Message(), "not under the gateway's policy") {
				t.Errorf("reason %q, rule %q, message %q", reasonOfStatus(st), c.rec.Rule(), st.Message())
			}
		})
	}
	// A unary method registered outside the call path (which would skip
	// authentication): only health passes.
	for method, want := range map[string]codes.Code{
		"/grpc.health.v1.Health/Check":        codes.OK,
		"/authrocket.v2.UsersService/GetUser": codes.PermissionDenied,
	} {
		_, err := unaryInterceptor(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: method}, func(context.Context, any) (any, error) { return nil, nil })
		if got := status.Code(err); got != want {
			t.Errorf("%s without a caller: %v, want %v", method, got, want)
		}
	}
}

// fakeStream is a grpc.ServerStream that is never read or written.
type fakeStream struct{ grpc.ServerStream }

func (fakeStream) Context() context.Context {
	return metadata.NewIncomingContext(context.Background(), metadata.MD{})
}

// TestStreamInterceptor: health's Watch and reflection stream; any other
// registered method called as a stream is refused before its handler runs;
// a method not registered goes on to unknownMethod, which refuses it
// through the call path.
func TestStreamInterceptor(t *testing.T) {
	s := testServer(t)
	for method, want := range map[string]codes.Code{
		"/grpc.health.v1.Health/Watch":                                   codes.OK,
		"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      codes.OK,
		"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": codes.OK,
		"/authrocket.v2.UsersService/WatchUsers":                         codes.OK,
		"/authrocket.gateway.v1.TokensService/VerifyTokens":              codes.OK,
		"/grpc.health.v1.Health/Check":                                   codes.PermissionDenied,
		"/authrocket.v2.UsersService/GetUser":                            codes.PermissionDenied,
	} {
		called := false
		err := s.streamInterceptor(nil, fakeStream{}, &grpc.StreamServerInfo{FullMethod: method, IsServerStream: true}, func(any, grpc.ServerStream) error {
			called = true
			return nil
		})
		st := status.Convert(err)
		if st.Code() != want || called != (want == codes.OK) {
			t.Errorf("%s: status %v, handler called %v; want %v", method, st.Code(), called, want)
		}
		if want != codes.OK && (reasonOfStatus(st) != reasonMethodNotAllowed || !strings.Contains(st.Message(), "not under the gateway's policy")) {
			t.Errorf("%s: reason %q, message %q", method, reasonOfStatus(st), st.Message())
		}
	}
}
