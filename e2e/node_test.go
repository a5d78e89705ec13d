package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
)

// nodeTimeout bounds the whole of TestNode: npm ci on first use and the run.
const nodeTimeout = 4 * time.Minute

// TestNode runs the Node clients of test/node (an AuthRocket-SDK-style REST
// client and a @grpc/grpc-js client, under node:test) against the gateway
// binary in front of the emulator binary. CI has Node and npm: a missing one
// fails the test. The pinned packages are installed with npm ci when
// test/node/node_modules is missing.
func TestNode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	dir := npmPackage(ctx, t, "test/node")

	// The gateway takes its keys from LoginRocket's JWKS, as it would in
	// production, so that its own /connect/jwks carries LoginRocket's kids.
	// Caller "legacy" (legacyToken) is granted the HS256 realm's secret.
	var hs map[string]any
	e := newEnvWith(t, gatewayOptions{
		env: func(_ *testing.T, e *env) []string { return []string{"LOGINROCKET_URL=" + e.loginrocket} },
		policy: func(t *testing.T, e *env) string {
			hs = e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Node HS256", "jwt_algo": "hs256", "jwt_scopes": "ar.orgs"}})
			return defaultPolicy + `  - name: legacy
    credentials: [` + policy.HashCredential(legacyToken) + `]
    methods: ["authrocket.v2.RealmsService/GetRealm", "authrocket.v2.JwtKeysService/ListJwtKeys"]
    realms: [` + hs["id"].(string) + `]
    jwt_secrets: [` + hs["id"].(string) + `]
`
		},
	})
	// The realms' token keys, as an operator would configure a service that
	// verifies tokens itself: from AuthRocket, not through the gateway.
	rsKey, _ := e.authrocket(t, "GET", "/v2/realms/"+e.realm, nil)["jwt_key"].(string)
	hsRealm, _ := hs["id"].(string)
	hsKey, _ := hs["jwt_key"].(string)
	before := e.upstreamRequests(t)
	out, err := run(ctx, dir, []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"NO_COLOR=1",
		"GATEWAY_REST_URL=" + e.httpURL,
		"GATEWAY_GRPC_ADDR=" + e.grpcAddr,
		"GATEWAY_TOKEN=" + e.token,
		"GATEWAY_LEGACY_TOKEN=" + legacyToken,
		"AUTHROCKET_REALM=" + e.realm,
		"AUTHROCKET_JWT_KEY=" + rsKey,
		"AUTHROCKET_HS256_REALM=" + hsRealm,
		"AUTHROCKET_HS256_JWT_KEY=" + hsKey,
		"LOGINROCKET_URL=" + e.loginrocket,
	}, "node", "--test", "--test-reporter=spec")
	if err != nil {
		t.Fatalf("node --test in %s: %v\n%s", dir, err, out)
	}
	t.Logf("node --test:\n%s", out)
	if e.upstreamRequests(t) == before {
		t.Error("the Node clients never reached AuthRocket through the gateway")
	}
}

// run runs name with args in dir with exactly env, and returns its combined
// output. A run cut short by ctx says so.
func run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second // do not wait forever for pipes held by grandchildren
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = errors.Join(err, ctx.Err())
	}
	return out, err
}

// npmPackage returns the absolute path of the npm package at path (from
// the repository's root), its pinned packages installed with npm ci when
// its node_modules is missing. CI has Node and npm: a missing one fails t.
func npmPackage(ctx context.Context, t *testing.T, path string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH: the tests of %s need Node.js 20+ with npm", tool, path)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); errors.Is(err, os.ErrNotExist) {
		// npm keeps the whole environment: its registry and proxy settings.
		if out, err := run(ctx, dir, os.Environ(), "npm", "ci", "--no-audit", "--no-fund"); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	return dir
}
