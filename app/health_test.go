package app

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// healthServer serves /healthz 200 and /readyz with readyCode, as the
// gateway's REST listener does.
func healthServer(readyCode int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			writePlainTest(w, http.StatusOK, "ok")
		case "/readyz":
			writePlainTest(w, readyCode, map[int]string{200: "ready", 503: "draining"}[readyCode]+"\nauthrocket circuit: closed")
		default:
			http.NotFound(w, r)
		}
	})
}

func writePlainTest(w http.ResponseWriter, code int, body string) {
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body + "\n"))
}

// runHealth runs `authrocket-gateway health args...` through Main with env.
func runHealth(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(append([]string{"health"}, args...), envOf(env), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestHealth: `health` exits 0 when /healthz answers 200, and --ready
// follows /readyz: 0 when ready, 1 with the status and the answer's first
// line when draining. The address comes from the environment or
// --http-addr, the flag over the environment.
func TestHealth(t *testing.T) {
	ready := httptest.NewServer(healthServer(http.StatusOK))
	defer ready.Close()
	draining := httptest.NewServer(healthServer(http.StatusServiceUnavailable))
	defer draining.Close()
	addrOf := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		code     int
		out, err string
	}{
		{"healthy", map[string]string{EnvHTTPAddr: addrOf(ready)}, nil, 0, "/healthz: ok\n", ""},
		{"ready", map[string]string{EnvHTTPAddr: addrOf(ready)}, []string{"--ready"}, 0, "/readyz: ready\n", ""},
		{"draining but live", map[string]string{EnvHTTPAddr: addrOf(draining)}, nil, 0, "/healthz: ok\n", ""},
		{"draining", map[string]string{EnvHTTPAddr: addrOf(draining)}, []string{"--ready"}, 1, "",
			"/readyz answered 503 Service Unavailable: draining\n"},
		{"flag over env", map[string]string{EnvHTTPAddr: addrOf(draining)}, []string{"--ready", "--http-addr", addrOf(ready)}, 0, "/readyz: ready\n", ""},
		{"bad address", map[string]string{EnvHTTPAddr: "8080"}, nil, 1, "", `"8080" is not a listen address`},
		{"usage", nil, []string{"now"}, 2, "", "usage:\n  authrocket-gateway health [--ready]"},
		{"unknown flag", nil, []string{"--nope"}, 2, "", "usage:\n  authrocket-gateway health [--ready]"},
	} {
		code, out, errOut := runHealth(t, tc.env, tc.args...)
		if code != tc.code || !strings.HasSuffix(out, tc.out) || (tc.out == "") != (out == "") ||
			!strings.Contains(errOut, tc.err) || (tc.err == "") != (errOut == "") {
			t.Errorf("%s: %q = %d, %q, %q; want %d, …%q, …%q", tc.name, tc.args, code, out, errOut, tc.code, tc.out, tc.err)
		}
		if code == 1 && (strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "authrocket-gateway health: ")) {
			t.Errorf("%s: not one line that says why: %q", tc.name, errOut)
		}
	}
}

// TestHealthNothingListening: with nothing on the port, `health` exits 1
// at once with a line that says so and names the setting.
func TestHealthNothingListening(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start := time.Now()
	code, out, errOut := runHealth(t, map[string]string{EnvHTTPAddr: addr})
	want := "authrocket-gateway health: nothing listens on " + addr + " (connection refused): is the gateway running, on --http-addr / " + EnvHTTPAddr + "?\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("health = %d, %q, %q; want 1 and %q", code, out, errOut, want)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

// TestHealthTimeout: a listener that never answers fails the check after
// the timeout, with a line that says so.
func TestHealthTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	code, msg := checkHealth(strings.TrimPrefix(srv.URL, "http://"), "", "/healthz", 100*time.Millisecond)
	if code != 1 || !strings.HasSuffix(msg, "/healthz did not answer within 100ms") {
		t.Errorf("checkHealth = %d, %q", code, msg)
	}
	if healthTimeout >= 3*time.Second {
		t.Errorf("healthTimeout %s is not under the image's HEALTHCHECK --timeout=3s", healthTimeout)
	}
}

// TestHealthTarget: an unspecified listen host is checked on loopback.
func TestHealthTarget(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":                "127.0.0.1:8080",
		"0.0.0.0:8080":         "127.0.0.1:8080",
		"[::]:8080":            "[::1]:8080",
		"127.0.0.1:9000":       "127.0.0.1:9000",
		"gateway.internal:443": "gateway.internal:443",
	} {
		if got, err := healthTarget(addr); err != nil || got != want {
			t.Errorf("healthTarget(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
}

// TestHealthTLS: with the TLS certificate set, the check speaks HTTPS; on
// loopback it does without verification, to any other host it verifies
// the certificate against the gateway's own certificate file.
func TestHealthTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(healthServer(http.StatusOK))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the plain-http try below
	srv.StartTLS()
	defer srv.Close()
	dir := t.TempDir()
	certFile := filepath.Join(dir, "cert.pem")
	writeFile(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	addr := strings.TrimPrefix(srv.URL, "https://")

	code, out, errOut := runHealth(t, map[string]string{EnvHTTPAddr: addr, EnvTLSCertFile: certFile}, "--ready")
	if code != 0 || out != "https://"+addr+"/readyz: ready\n" {
		t.Errorf("health over TLS = %d, %q, %q", code, out, errOut)
	}
	if code, _, errOut := runHealth(t, map[string]string{EnvHTTPAddr: addr}); code != 1 || errOut == "" {
		t.Errorf("plain http to a TLS listener = %d, %q", code, errOut)
	}

	// httptest's certificate names example.com: dial the server but verify
	// the name, as the check does to a host that is not loopback.
	otherFile := filepath.Join(dir, "other.pem")
	writeFile(t, otherFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: selfSigned(t, "example.com")})))
	for file, ok := range map[string]bool{certFile: true, otherFile: false} {
		tc, err := healthTLS("example.com", file)
		if err != nil {
			t.Fatal(err)
		}
		if tc.InsecureSkipVerify {
			t.Fatal("verification skipped for a host that is not loopback")
		}
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: tc}, Timeout: 5 * time.Second}
		res, err := client.Get(srv.URL + "/healthz")
		if err == nil {
			res.Body.Close()
		}
		if (err == nil) != ok {
			t.Errorf("verified against %s: err %v, want ok %v", filepath.Base(file), err, ok)
		}
	}
	if _, err := healthTLS("example.com", filepath.Join(dir, "none.pem")); err == nil {
		t.Error("no error for a missing certificate file")
	}
}

// selfSigned is the DER of a new self-signed certificate for name.
func selfSigned(t *testing.T, name string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
