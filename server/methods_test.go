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
	"google.golang.org/grpc/codes"
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
				if !openMethods[full] {
					t.Errorf("%s streams, and only those of %v may", full, openMethods)
				}
			case openMethods[full]:
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
	for full := range openMethods {
		if !registered[full] {
			t.Errorf("openMethods names %s, which is not served", full)
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

}
