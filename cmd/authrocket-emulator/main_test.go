package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
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
