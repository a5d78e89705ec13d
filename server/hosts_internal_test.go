package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	"github.com/authrocket-gateway/gateway/logintoken"
)

// TestRealmHosts: a realm's LoginRocket domain names it, in any case,
// with a port or a final dot; hosts it does not know make at most one read
// of the domains per hostMissInterval; the gateway's own addresses make
// none.
func TestRealmHosts(t *testing.T) {
	emu := emulator.New()
	a, _ := emu.CreateRealm("A")
	b, _ := emu.CreateRealm("B")
	if _, err := emu.CreateDomain(a, map[string]any{"domain_type": "loginrocket", "subdomain": "realm-a"}); err != nil {
		t.Fatal(err)
	}
	var requests atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(up.Close)
	ar, err := authrocket.NewClient(authrocket.Config{URL: up.URL + "/v2", APIKey: authrocket.NewSecret(emu.APIKey())})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	h := &realmHosts{ar: ar, now: func() time.Time { return now }}
	ctx := context.Background()

	for _, host := range []string{"127.0.0.1:8080", "[::1]:80", "localhost", ""} {
		if got := h.realm(ctx, host); got != "" || requests.Load() != 0 {
			t.Errorf("%q: realm %q after %d requests, want none", host, got, requests.Load())
		}
	}
	for _, host := range []string{"realm-a.loginrocket.localhost", "REALM-A.loginrocket.localhost:443", "realm-a.loginrocket.localhost."} {
		if got := h.realm(ctx, host); got != a {
			t.Errorf("%q: realm %q, want %s", host, got, a)
		}
	}
	reads := requests.Load()
	if reads == 0 {
		t.Fatal("the domains were never read")
	}
	// A host of no realm, many times: no new read within the interval.
	for range 5 {
		if got := h.realm(ctx, "gateway.example.com"); got != "" {
			t.Errorf("gateway.example.com: realm %q", got)
		}
	}
	if requests.Load() != reads {
		t.Errorf("%d requests for unknown hosts within %s", requests.Load()-reads, hostMissInterval)
	}
	// B gets a domain: found once the interval has passed.
	if _, err := emu.CreateDomain(b, map[string]any{"domain_type": "loginrocket", "subdomain": "realm-b"}); err != nil {
		t.Fatal(err)
	}
	if got := h.realm(ctx, "realm-b.loginrocket.localhost"); got != "" {
		t.Errorf("realm-b within the interval: %q, want not yet", got)
	}
	now = now.Add(hostMissInterval)
	if got := h.realm(ctx, "realm-b.loginrocket.localhost"); got != b {
		t.Errorf("realm-b after the interval: %q, want %s", got, b)
	}
	if hostMissInterval > logintoken.KeyMaxAge {
		t.Errorf("hostMissInterval %s is longer than the key max age", hostMissInterval)
	}
}
