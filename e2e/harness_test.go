package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// bins holds the binaries that TestMain built.
var bins struct {
	gateway, emulator string
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "authrocket-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bins.gateway = filepath.Join(dir, "authrocket-gateway")
	bins.emulator = filepath.Join(dir, "authrocket-emulator")
	for out, pkg := range map[string]string{bins.gateway: "../cmd/authrocket-gateway", bins.emulator: "../cmd/authrocket-emulator"} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", pkg, err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a started binary whose output is kept for inspection.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer // stdout and stderr, everything the process wrote
	stop func()       // interrupts the process and waits for it to end (once)
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// Output returns everything the process wrote so far.
func (p *proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// start runs bin with args and env, stops it at the end of the test, and
// waits until a line of its output satisfies ready; it returns that line.
func start(t *testing.T, bin string, args, env []string, ready func(line string) bool) (*proc, string) {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...)}
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}, env...)
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = io.MultiWriter(p, pw), io.MultiWriter(p, pw)
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if ready(sc.Text()) {
				lines <- sc.Text()
				break
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait(); pw.Close() }()
	p.stop = sync.OnceFunc(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
			t.Errorf("%s did not stop within 20 s of SIGINT", filepath.Base(bin))
		}
	})
	t.Cleanup(p.stop)
	select {
	case line := <-lines:
		return p, line
	case err := <-exited:
		t.Fatalf("%s exited early (%v):\n%s", filepath.Base(bin), err, p.Output())
	case <-time.After(60 * time.Second):
		t.Fatalf("%s not ready after 60 s:\n%s", filepath.Base(bin), p.Output())
	}
	return nil, ""
}

// env is one running emulator and gateway pair.
type env struct {
	emulatorURL string // http://127.0.0.1:port
	apiKey      string // the emulator's AuthRocket key (the gateway's secret)
	realm       string
	loginrocket string // the realm's LOGINROCKET_URL at the emulator (its JWKS: + "/connect/jwks")
	token       string // the caller credential
	grpcAddr    string
	httpURL     string // http://127.0.0.1:port
	admin       string // the operator's port, host:port
	conn        *grpc.ClientConn
	gateway     *proc
	emulator    *proc
	policyFile  string // the gateway's policy; rewrite it to reload
	keyFile     string // with gatewayOptions.keyFile: the file of AuthRocket's key
}

const testToken = "caller-token-for-e2e-tests-0123456789"

// defaultPolicy lets caller "default", with testToken, do everything.
var defaultPolicy = `callers:
  - name: default
    credentials: [` + policy.HashCredential(testToken) + `]
    methods: ["*/*"]
    realms: ["*"]
`

// gatewayOptions change how newEnvWith starts the gateway.
type gatewayOptions struct {
	// policy returns the policy file's YAML, once the emulator runs and
	// before the gateway starts. Default: defaultPolicy.
	policy func(t *testing.T, e *env) string
	// args are more flags of the gateway.
	args []string
	// env returns more environment of the gateway, once the emulator runs.
	env func(t *testing.T, e *env) []string
	// keyFile gives the gateway AuthRocket's key in a file, env.keyFile
	// (AUTHROCKET_API_KEY_FILE), rather than in the environment.
	keyFile bool
}

// listening is the gateway's "listening" log record.
type listening struct {
	GRPC  string `json:"grpc"`  // host:port
	HTTP  string `json:"http"`  // host:port
	Admin string `json:"admin"` // host:port
	Dev   bool   `json:"dev"`
	TLS   bool   `json:"tls"`
}

// startGateway starts the gateway binary and waits for its listening record.
// It stops at once when interrupted (no shutdown delay), its admin port on
// any free port, unless env or args say otherwise.
func startGateway(t *testing.T, args, env []string) (*proc, listening) {
	t.Helper()
	env = append([]string{"AUTHROCKET_GATEWAY_SHUTDOWN_DELAY=0s", "AUTHROCKET_GATEWAY_ADMIN_ADDR=127.0.0.1:0"}, env...)
	p, line := start(t, bins.gateway, args, env, func(l string) bool { return strings.Contains(l, `"msg":"listening"`) })
	var rec listening
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.GRPC == "" || rec.HTTP == "" {
		t.Fatalf("gateway's listening record %q: %v", line, err)
	}
	return p, rec
}

// gatewayEnviron is the environment of a gateway in front of e's emulator,
// in e's realm and with e's policy file, AuthRocket's key aside.
func (e *env) gatewayEnviron() []string {
	return []string{
		"AUTHROCKET_URL=" + e.emulatorURL + "/v2",
		"AUTHROCKET_REALM=" + e.realm,
		"AUTHROCKET_GATEWAY_POLICY_FILE=" + e.policyFile,
	}
}

// newEnv starts the emulator binary and the gateway binary in front of it,
// with defaultPolicy.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, gatewayOptions{})
}

// newEnvWith is newEnv with options.
func newEnvWith(t *testing.T, opts gatewayOptions) *env {
	t.Helper()
	e := &env{apiKey: "ks_e2etestkey0123456789abcdefghij", token: testToken}
	var line string
	e.emulator, line = start(t, bins.emulator,
		[]string{"--addr", "127.0.0.1:0", "--api-key", e.apiKey, "--realm", "E2E realm"}, nil,
		func(l string) bool { return strings.HasPrefix(l, "AUTHROCKET_REALM=") })
	e.realm = strings.TrimPrefix(line, "AUTHROCKET_REALM=")
	for l := range strings.Lines(e.emulator.Output()) {
		if u, ok := strings.CutPrefix(strings.TrimSpace(l), "AUTHROCKET_URL="); ok {
			e.emulatorURL = strings.TrimSuffix(u, "/v2")
		}
		if u, ok := strings.CutPrefix(strings.TrimSpace(l), "LOGINROCKET_URL="); ok {
			e.loginrocket = u
		}
	}
	if e.emulatorURL == "" || e.realm == "" {
		t.Fatalf("emulator's start output lacks AUTHROCKET_URL or AUTHROCKET_REALM:\n%s", e.emulator.Output())
	}
	e.policyFile = filepath.Join(t.TempDir(), "policy.yaml")
	if opts.policy == nil {
		e.writePolicy(t, defaultPolicy)
	} else {
		e.writePolicy(t, opts.policy(t, e))
	}
	environ := e.gatewayEnviron()
	if opts.keyFile {
		e.keyFile = filepath.Join(t.TempDir(), "authrocket-api-key")
		replaceFile(t, e.keyFile, e.apiKey+"\n")
		environ = append(environ, "AUTHROCKET_API_KEY_FILE="+e.keyFile)
	} else {
		environ = append(environ, "AUTHROCKET_API_KEY="+e.apiKey)
	}
	if opts.env != nil {
		environ = append(environ, opts.env(t, e)...)
	}
	var gw listening
	e.gateway, gw = startGateway(t, append([]string{"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, opts.args...), environ)
	e.grpcAddr, e.httpURL, e.admin = gw.GRPC, "http://"+gw.HTTP, gw.Admin
	if gw.TLS {
		// The caller makes its own connections (tls_test.go).
		e.httpURL = "https://" + gw.HTTP
		return e
	}
	conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	e.conn = conn
	return e
}

// writePolicy replaces the gateway's policy file with yaml.
func (e *env) writePolicy(t *testing.T, yaml string) {
	t.Helper()
	replaceFile(t, e.policyFile, yaml)
}

// replaceFile replaces the file at path the way an operator's tooling
// does: a new file renamed over the old.
func replaceFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond until it holds, for at most 15 s: the time a file
// change takes to reach the gateway is not the test's to assert.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after 15 s, still not %s", what)
		}
	}
}

// fault injects a fault at the emulator over its admin API.
func (e *env) fault(t *testing.T, f map[string]any) {
	t.Helper()
	b, _ := json.Marshal(f)
	req, _ := http.NewRequest(http.MethodPost, e.emulatorURL+"/_emulator/faults", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+e.apiKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("injecting fault %s: %d %s", b, res.StatusCode, body)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, e.emulatorURL+"/_emulator/faults", nil)
		req.Header.Set("Authorization", "Bearer "+e.apiKey)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	})
}

// upstreamRequest is one request the emulator recorded.
type upstreamRequest struct {
	Method   string              `json:"method"`
	Path     string              `json:"path"`
	RawQuery string              `json:"raw_query"`
	Header   map[string][]string `json:"header"`
	Body     string              `json:"body"`
}

// upstreamLog returns what the emulator's admin API says it received: how
// many API requests in all, and the last ones, oldest first.
func (e *env) upstreamLog(t *testing.T) (count int, requests []upstreamRequest) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.emulatorURL+"/_emulator/requests", nil)
	req.Header.Set("Authorization", "Bearer "+e.apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Count    int               `json:"count"`
		Requests []upstreamRequest `json:"requests"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Count, body.Requests
}

// upstreamRequests returns how many API requests the emulator has received.
func (e *env) upstreamRequests(t *testing.T) int {
	t.Helper()
	n, _ := e.upstreamLog(t)
	return n
}

// noUpstreamSince returns a check that fails the test if any API request
// reached AuthRocket between now and the check: what says what was sent.
func (e *env) noUpstreamSince(t *testing.T) func(what string) {
	t.Helper()
	before := e.upstreamRequests(t)
	return func(what string) {
		t.Helper()
		if after := e.upstreamRequests(t); after != before {
			t.Errorf("%s reached AuthRocket: %d upstream requests", what, after-before)
		}
	}
}

// lastUpstream returns the last API request the emulator received.
func (e *env) lastUpstream(t *testing.T) upstreamRequest {
	t.Helper()
	_, reqs := e.upstreamLog(t)
	if len(reqs) == 0 {
		t.Fatal("the emulator has recorded no request")
	}
	return reqs[len(reqs)-1]
}

// authrocket calls the emulator's API directly with the AuthRocket key, as
// an operator provisioning a service would (not through the gateway), and
// returns the decoded answer, which must be 2xx.
func (e *env) authrocket(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.emulatorURL+path, rd)
	req.Header.Set("Authorization", "Bearer "+e.apiKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode/100 != 2 {
		t.Fatalf("AuthRocket %s %s: %d %v (%v)", method, path, res.StatusCode, out, err)
	}
	return out
}

// ctx returns a context with the caller credential for gRPC calls.
func (e *env) ctx(t *testing.T) context.Context { return withToken(bounded(t), e.token) }

// bounded returns a context that ends with the test, or after 30 s.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rest sends a REST request with the caller credential and returns the
// status, headers and decoded JSON body.
func (e *env) rest(t *testing.T, method, path string, body any, headers ...string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.httpURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authrocket-Api-Key", e.token)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %d, body not a JSON object: %s", method, path, res.StatusCode, raw)
		}
	}
	return res.StatusCode, res.Header, out
}
