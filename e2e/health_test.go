package e2e

import (
	"crypto/x509"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHealthCommand: `authrocket-gateway health`, the image's HEALTHCHECK,
// against the real gateway: 0 while it serves, on the address the server
// reads from the environment (":PORT" meaning loopback, as in the image);
// --ready 1 with "draining" once SIGTERM came while /healthz still
// answers 0; 1 with a line that says so when nothing listens.
func TestHealthCommand(t *testing.T) {
	p, rec := startGateway(t, []string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--shutdown-delay", "3s"}, nil)
	_, port, err := net.SplitHostPort(rec.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		addr string
		args []string
		want string
	}{
		{rec.HTTP, nil, "http://" + rec.HTTP + "/healthz: ok\n"},
		{":" + port, []string{"--ready"}, "http://" + rec.HTTP + "/readyz: ready\n"},
		{"0.0.0.0:" + port, nil, "http://" + rec.HTTP + "/healthz: ok\n"},
	} {
		code, out, errOut := runBinEnv(t, bins.gateway, []string{"AUTHROCKET_GATEWAY_HTTP_ADDR=" + tc.addr}, append([]string{"health"}, tc.args...)...)
		if code != 0 || out != tc.want || errOut != "" {
			t.Errorf("health %q on %s = %d, %q, %q; want 0, %q", tc.args, tc.addr, code, out, errOut, tc.want)
		}
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	env := []string{"AUTHROCKET_GATEWAY_HTTP_ADDR=" + rec.HTTP}
	var code int
	var errOut string
	for i := 0; i < 50; i++ { // bounded: the delay is 3 s
		if code, _, errOut = runBinEnv(t, bins.gateway, env, "health", "--ready"); code != 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	want := "authrocket-gateway health: http://" + rec.HTTP + "/readyz answered 503 Service Unavailable: draining\n"
	if code != 1 || errOut != want {
		t.Errorf("health --ready while draining = %d, %q; want 1, %q", code, errOut, want)
	}
	if code, _, errOut := runBinEnv(t, bins.gateway, env, "health"); code != 0 {
		t.Errorf("health while draining = %d, %q; want 0: the process still serves", code, errOut)
	}
	p.stop()

	code, out, errOut := runBinEnv(t, bins.gateway, env, "health")
	want = "authrocket-gateway health: nothing listens on " + rec.HTTP + " (connection refused): is the gateway running, on --http-addr / AUTHROCKET_GATEWAY_HTTP_ADDR?\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("health with nothing listening = %d, %q, %q; want 1, %q", code, out, errOut, want)
	}
}

// TestHealthCommandTLS: with the gateway's TLS certificate in the
// environment, as the server reads it, the check speaks HTTPS to it.
func TestHealthCommandTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := writePEM(t, dir, "server", newCA(t, "server CA").issue(t, x509.ExtKeyUsageServerAuth, "gateway.example.com"))
	tlsEnv := []string{"AUTHROCKET_GATEWAY_TLS_CERT_FILE=" + cert, "AUTHROCKET_GATEWAY_TLS_KEY_FILE=" + key}
	_, rec := startGateway(t, []string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, tlsEnv)
	if !rec.TLS {
		t.Fatal("the gateway does not serve TLS")
	}
	env := append([]string{"AUTHROCKET_GATEWAY_HTTP_ADDR=" + rec.HTTP}, tlsEnv...)
	if code, out, errOut := runBinEnv(t, bins.gateway, env, "health", "--ready"); code != 0 || !strings.HasPrefix(out, "https://"+rec.HTTP+"/readyz: ready") {
		t.Errorf("health --ready over TLS = %d, %q, %q", code, out, errOut)
	}
}
