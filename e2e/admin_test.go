package e2e

import (
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestAdminPort: the operator's port serves Prometheus metrics (Go's, the
// process's, the build's, the adapter's and the verifier's) and pprof; the callers' ports serve neither.
func TestAdminPort(t *testing.T) {
	_, rec := startGateway(t, []string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, nil)
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, metrics := get("http://" + rec.Admin + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes ", `authrocket_gateway_build_info{goversion="go`,
		// The adapter's and the token verifier's, before any call.
		`authrocket_gateway_upstream_circuit_state{state="closed"} 1`, "authrocket_gateway_upstream_concurrency_limit 64",
		`authrocket_gateway_token_verifications_total{result="valid"} 0`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code, _ := get("http://" + rec.Admin + "/debug/pprof/"); code != http.StatusOK {
		t.Errorf("/debug/pprof/: %d", code)
	}
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if code, body := get("http://" + rec.HTTP + path); code == http.StatusOK || strings.Contains(body, "go_goroutines") {
			t.Errorf("the REST port serves %s: %d", path, code)
		}
	}
}

// TestVersion: `authrocket-gateway version` prints the build's version.
func TestVersion(t *testing.T) {
	out, err := exec.Command(bins.gateway, "version").CombinedOutput()
	if err != nil || !regexp.MustCompile(`^authrocket-gateway \S+\n$`).Match(out) {
		t.Errorf("version: %q, %v", out, err)
	}
}
