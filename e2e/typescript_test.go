package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
)

// typescriptTimeout bounds the whole of TestTypeScript: npm ci on first use,
// the type check and the run.
const typescriptTimeout = 4 * time.Minute

// TestTypeScript runs the tests of clients/typescript (the code generated
// by protoc-gen-es and the helper around it, under node:test) against the
// gateway binary in front of the emulator binary, and type-checks the
// example that uses them (tsc --noEmit), so that the hand-written and
// generated declarations are held to the code. A second gateway, over TLS,
// takes a client certificate as the credential (mTLS). CI has Node and npm: a
// missing one fails the test. The pinned packages are installed with npm ci
// when clients/typescript/node_modules is missing.
func TestTypeScript(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), typescriptTimeout)
	defer cancel()
	dir := npmPackage(ctx, t, "clients/typescript")
	tests, err := filepath.Glob(filepath.Join(dir, "test", "*.test.js"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no tests in %s/test (%v)", dir, err)
	}
	environ := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "NO_COLOR=1"}

	// The type check needs no gateway: it runs while the gateway starts.
	type result struct {
		out []byte
		err error
	}
	typecheck := make(chan result, 1)
	go func() {
		out, err := run(ctx, dir, environ, filepath.Join(dir, "node_modules", ".bin", "tsc"), "--noEmit", "-p", "example")
		typecheck <- result{out, err}
	}()

	// One caller, "typescript", with testToken: the users, the sessions it
	// verifies, and VerifyToken; GetRealm (and everything else) refused.
	e := newEnvWith(t, gatewayOptions{
		policy: func(t *testing.T, e *env) string {
			return `callers:
  - name: typescript
    credentials: [` + policy.HashCredential(testToken) + `]
    methods:
      - authrocket.v2.UsersService/*
      - authrocket.v2.SessionsService/CreateSession
      - authrocket.gateway.v1.TokensService/VerifyToken
    realms: [` + e.realm + `]
`
		},
	})
	// AuthRocket slow for one user (past every deadline of the tests), and
	// at its rate limit for another.
	const slowUser, rateLimitedUser = "usr_0tsslowpoke", "usr_0tsratelimited"
	e.fault(t, map[string]any{"method": "GET", "path": "/v2/users/" + slowUser, "latency": "10s"})
	e.fault(t, map[string]any{"method": "GET", "path": "/v2/users/" + rateLimitedUser, "status": 429, "retry_after": "7"})

	// A second gateway over TLS, whose one caller is a client certificate
	// that may list users.
	tlsEnv := newMTLSGateway(t, func(*testing.T, *env) string {
		return `callers:
  - name: typescript-mtls
    certificates: [spiffe://example.org/ns/typescript/sa/test]
    methods: ["authrocket.v2.UsersService/List*"]
    realms: ["*"]
`
	}, "spiffe://example.org/ns/typescript/sa/test")

	before := e.upstreamRequests(t)
	start := time.Now()
	out, err := run(ctx, dir, append(environ,
		"GATEWAY_GRPC_URL=http://"+e.grpcAddr,
		"GATEWAY_TOKEN="+e.token,
		"AUTHROCKET_REALM="+e.realm,
		"SLOW_USER_ID="+slowUser,
		"RATE_LIMITED_USER_ID="+rateLimitedUser,
		"GATEWAY_TLS_URL=https://"+tlsEnv.grpcAddr,
		"GATEWAY_CA_FILE="+tlsEnv.serverCAFile,
		"GATEWAY_CLIENT_CERT_FILE="+tlsEnv.clientCertFile,
		"GATEWAY_CLIENT_KEY_FILE="+tlsEnv.clientKeyFile,
	), "node", append([]string{"--test", "--test-reporter=spec"}, tests...)...)
	if err != nil {
		t.Fatalf("node --test in %s: %v\n%s", dir, err, out)
	}
	t.Logf("node --test (%v):\n%s", time.Since(start).Round(time.Millisecond), out)
	if e.upstreamRequests(t) == before {
		t.Error("the TypeScript client never reached AuthRocket through the gateway")
	}

	tc := <-typecheck
	if tc.err != nil {
		t.Fatalf("tsc --noEmit -p example in %s: %v\n%s", dir, tc.err, tc.out)
	}
}
