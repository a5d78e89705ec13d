package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/app"
	"github.com/authrocket-gateway/gateway/authrocket"
)

// syncBuffer is a goroutine-safe bytes.Buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	key := "ks_" + strings.Repeat("a", 32)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--api-key", key, "--realm", "R", "--jwt-algo", "hs256", "--loginrocket-subdomain", "emu"}, &out, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("timeout waiting for server")
	}
	if !strings.Contains(out.String(), "AUTHROCKET_API_KEY="+key) || !strings.Contains(out.String(), "AUTHROCKET_REALM=rl_") {
		t.Fatalf("banner = %q", out.String())
	}
	lrURL := "http://" + addr + "/_loginrocket/emu.loginrocket.localhost"
	if !strings.Contains(out.String(), "LOGINROCKET_URL="+lrURL+"\n") {
		t.Fatalf("banner = %q, want LOGINROCKET_URL=%s", out.String(), lrURL)
	}
	// The realm's JWKS, without an API key.
	resp, err := http.Get(lrURL + "/connect/jwks")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s/connect/jwks = %d", lrURL, resp.StatusCode)
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/v2/realms", http.StatusOK},
		{"/_emulator/requests", http.StatusOK},
	} {
		req, _ := http.NewRequest("GET", "http://"+addr+tc.path, nil)
		req.Header.Set("Authrocket-Api-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s = %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--api-key", "nope"},
		{"--jwt-algo", "es256"},
	} {
		var out syncBuffer
		if err := run(context.Background(), args, &out, nil); err == nil {
			t.Errorf("run(%v) succeeded", args)
		}
	}
}

// TestHelp: --help and -h exit 0 with the usage on stdout; a wrong flag
// exits 2.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		var out, errOut syncBuffer
		code := exitCode(run(context.Background(), args, &out, nil), &errOut)
		if code != 0 || !strings.HasPrefix(out.String(), "usage: authrocket-emulator [flags]\n") || !strings.Contains(out.String(), "-addr host:port") || errOut.String() != "" {
			t.Errorf("%q = %d, %q, %q", args, code, out.String(), errOut.String())
		}
	}
	for _, args := range [][]string{{"--nope"}, {"--jwt-algo", "es256"}, {"serve"}} {
		var out, errOut syncBuffer
		if code := exitCode(run(context.Background(), args, &out, nil), &errOut); code != 2 || !strings.Contains(errOut.String(), "-h lists the flags") {
			t.Errorf("%q = %d, %q", args, code, errOut.String())
		}
	}
}

// everyInterface is a loopback listener that says it is on every
// interface, as one on 0.0.0.0 or [::] would (tests bind loopback only).
type everyInterface struct {
	net.Listener
	ip net.IP
}

func (l everyInterface) Addr() net.Addr {
	return &net.TCPAddr{IP: l.ip, Port: l.Listener.Addr().(*net.TCPAddr).Port}
}

// TestEveryInterfaceBanner: on every interface, the banner's URLs are
// loopback's with the real port: the gateway takes them, and they answer.
func TestEveryInterfaceBanner(t *testing.T) {
	defer func(l func(string, string) (net.Listener, error)) { listen = l }(listen)
	for _, tc := range []struct {
		addr, bind string
		ip         net.IP // what the listener on every interface says
		host       string
	}{
		{"0.0.0.0:0", "127.0.0.1:0", net.IPv4zero, "127.0.0.1"},
		{":0", "127.0.0.1:0", net.IPv6unspecified, "127.0.0.1"}, // Go's dual stack: [::]
		{"[::]:0", "[::1]:0", net.IPv6unspecified, "[::1]"},
	} {
		listen = func(network, addr string) (net.Listener, error) {
			if addr != tc.addr {
				t.Errorf("listen on %q, want %q", addr, tc.addr)
			}
			ln, err := net.Listen(network, tc.bind)
			if err != nil {
				t.Skipf("no loopback %s: %v", tc.bind, err)
			}
			return everyInterface{ln, tc.ip}, nil
		}
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuffer
		ready := make(chan string, 1)
		done := make(chan error, 1)
		key := "ks_" + strings.Repeat("b", 32)
		go func() { done <- run(ctx, []string{"--addr", tc.addr, "--api-key", key}, &out, ready) }()
		select {
		case <-ready:
		case err := <-done:
			t.Fatalf("run: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("timeout waiting for server")
		}
		env := map[string]string{"AUTHROCKET_API_KEY": key, "AUTHROCKET_GATEWAY_POLICY_FILE": "policy.yaml"}
		for line := range strings.Lines(out.String()) {
			if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
				env[k] = v
			}
		}
		if !strings.HasPrefix(env["AUTHROCKET_URL"], "http://"+tc.host+":") || !strings.HasPrefix(env["LOGINROCKET_URL"], "http://"+tc.host+":") {
			t.Errorf("--addr %s: banner %q, want URLs on %s", tc.addr, out.String(), tc.host)
		}
		if _, err := app.ParseConfig(nil, func(k string) string { return env[k] }, io.Discard); err != nil {
			t.Errorf("--addr %s: the gateway refuses the banner's settings: %v", tc.addr, err)
		}
		if _, err := authrocket.NewClient(authrocket.Config{URL: env["AUTHROCKET_URL"], APIKey: authrocket.NewSecret(key)}); err != nil {
			t.Errorf("--addr %s: %v", tc.addr, err)
		}
		req, _ := http.NewRequest("GET", env["AUTHROCKET_URL"]+"/realms", nil)
		req.Header.Set("Authrocket-Api-Key", key)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("--addr %s: GET AUTHROCKET_URL/realms: %v %v", tc.addr, resp, err)
		} else {
			resp.Body.Close()
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("run returned %v", err)
		}
	}
}
