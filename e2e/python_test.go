package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
)

// pythonTimeout bounds the Python run of TestPython.
const pythonTimeout = 60 * time.Second

// python is the interpreter of Debian's python3-grpcio and python3-protobuf,
// which scripts/install-python installs; the first python3 on PATH may be
// another one, without them.
const python = "/usr/bin/python3"

// pythonToken is the credential of caller "python" of TestPython's policy.
const pythonToken = "python-caller-token-for-e2e-0123456789"

// rateLimitedUser is the user whose GetUser the emulator answers with 429
// and Retry-After: 7 in TestPython.
const rateLimitedUser = "usr_ratelimited"

// TestPython runs the unittest suite of clients/python/tests (the
// authrocket_gateway helper over the stubs of gen/python) against the
// gateway binary in front of the emulator binary. CI has /usr/bin/python3
// with grpcio (scripts/install-python): without them the test fails.
func TestPython(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(python, "-c", "import grpc, google.protobuf").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import grpc and protobuf (%v): run scripts/install-python (as root)\n%s", python, err, out)
	}

	// Caller "python" may use the users, make sessions and verify tokens,
	// in its realm: anything else is refused (PERMISSION_DENIED).
	e := newEnvWith(t, gatewayOptions{
		policy: func(t *testing.T, e *env) string {
			return `callers:
  - name: python
    credentials: [` + policy.HashCredential(pythonToken) + `]
    methods:
      - authrocket.v2.UsersService/*
      - authrocket.v2.SessionsService/CreateSession
      - authrocket.gateway.v1.TokensService/VerifyToken
    realms: [` + e.realm + `]
`
		},
	})
	e.fault(t, map[string]any{"method": "GET", "path": "/v2/users/" + rateLimitedUser, "status": 429, "retry_after": "7"})

	// A second gateway serves TLS and knows a client certificate's SPIFFE
	// ID (clients/python/tests/test_tls.py).
	tlsEnv := newMTLSGateway(t, func(t *testing.T, e *env) string {
		return `callers:
  - name: python-mtls
    certificates: [spiffe://example.org/ns/python/sa/tests]
    methods: [authrocket.v2.UsersService/Get*]
    realms: [` + e.realm + `]
  - name: python
    credentials: [` + policy.HashCredential(pythonToken) + `]
    methods: [authrocket.v2.UsersService/*]
    realms: [` + e.realm + `]
`
	}, "spiffe://example.org/ns/python/sa/tests")

	ctx, cancel := context.WithTimeout(context.Background(), pythonTimeout)
	defer cancel()
	before := e.upstreamRequests(t)
	start := time.Now()
	environ := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"PYTHONPATH=" + filepath.Join(root, "gen", "python") + string(os.PathListSeparator) + filepath.Join(root, "clients", "python"),
		"PYTHONDONTWRITEBYTECODE=1", // no __pycache__ in the tree
	}
	out, err := run(ctx, root, append(environ,
		"GATEWAY_GRPC_ADDR="+e.grpcAddr,
		"GATEWAY_TOKEN="+pythonToken,
		"AUTHROCKET_REALM="+e.realm,
		"RATE_LIMITED_USER="+rateLimitedUser,
		"GATEWAY_TLS_ADDR="+tlsEnv.grpcAddr,
		"GATEWAY_TLS_CA="+tlsEnv.serverCAFile,
		"GATEWAY_TLS_CLIENT_CERT="+tlsEnv.clientCertFile,
		"GATEWAY_TLS_CLIENT_KEY="+tlsEnv.clientKeyFile,
	), python, "-m", "unittest", "discover", "-v", "-s", filepath.Join("clients", "python", "tests"))
	if err != nil {
		t.Fatalf("python -m unittest: %v\n%s", err, out)
	}
	t.Logf("python -m unittest (%s):\n%s", time.Since(start).Round(time.Millisecond), out)
	if !strings.Contains(string(out), "\nOK") {
		t.Errorf("python -m unittest did not end OK")
	}
	if e.upstreamRequests(t) == before {
		t.Error("the Python tests never reached AuthRocket through the gateway")
	}

	t.Run("docs example", func(t *testing.T) {
		script, want := pythonDocExample(t, filepath.Join(root, "docs", "clients", "python.md"))
		script = strings.NewReplacer(`"127.0.0.1:50051"`, `"`+e.grpcAddr+`"`, `"devtoken"`, `"`+pythonToken+`"`).Replace(script)
		file := filepath.Join(t.TempDir(), "first.py")
		if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := run(ctx, root, environ, python, file)
		if err != nil {
			t.Fatalf("the example of docs/clients/python.md: %v\n%s", err, out)
		}
		got := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(got) != len(want) {
			t.Fatalf("the example printed\n%s\nwant lines like\n%s", out, strings.Join(want, "\n"))
		}
		for i, w := range want {
			// "…" in the documented output stands for any text.
			parts := strings.Split(w, "…")
			for j := range parts {
				parts[j] = regexp.QuoteMeta(parts[j])
			}
			if !regexp.MustCompile("^" + strings.Join(parts, ".+") + "$").MatchString(got[i]) {
				t.Errorf("line %d: got %q, the doc shows %q", i+1, got[i], w)
			}
		}
	})
}

// pythonDocExample returns the first python block of the Markdown file at
// path and the lines of the text block after it, both dedented.
func pythonDocExample(t *testing.T, path string) (script string, output []string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?ms)^( *)```(python|text)\n(.*?)^ *```$").FindAllStringSubmatch(string(raw), -1)
	for i := 0; i+1 < len(blocks); i++ {
		if blocks[i][2] != "python" || blocks[i+1][2] != "text" {
			continue
		}
		dedent := func(b []string) []string {
			lines := strings.Split(strings.TrimRight(b[3], "\n"), "\n")
			for j, l := range lines {
				lines[j] = strings.TrimPrefix(l, b[1])
			}
			return lines
		}
		return strings.Join(dedent(blocks[i]), "\n") + "\n", dedent(blocks[i+1])
	}
	t.Fatalf("%s: no python block followed by a text block", path)
	return "", nil
}
