package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redisstate/redistest"
)

// burstyToken is a caller of 1 call a second past a burst of 10.
const burstyToken = "bursty-caller-token-0123456789abcdef"

// TestReplicasShareRedis runs two gateway replicas in front of one
// emulator, sharing a real redis-server: a caller's rate limit holds across
// them, a create retried with its Idempotency-Key on the other replica is
// not applied twice; with Redis killed both keep serving on their share of
// the limit and say so in /metrics, and share again once it is back.
func TestReplicasShareRedis(t *testing.T) {
	r := redistest.Start(t)
	shared := []string{"AUTHROCKET_GATEWAY_REDIS_URL=" + r.URL(), "AUTHROCKET_GATEWAY_REPLICAS=2"}
	a := newEnvWith(t, gatewayOptions{
		policy: func(*testing.T, *env) string {
			return defaultPolicy + `  - name: bursty
    credentials: [` + policy.HashCredential(burstyToken) + `]
    methods: ["authrocket.v2.UsersService/*"]
    realms: ["*"]
    rate_limit: {per_second: 1, burst: 10}
`
		},
		env: func(*testing.T, *env) []string { return shared },
	})
	gw, rec := startGateway(t, []string{"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, append([]string{
		"AUTHROCKET_URL=" + a.emulatorURL + "/v2", "AUTHROCKET_REALM=" + a.realm,
		"AUTHROCKET_GATEWAY_POLICY_FILE=" + a.policyFile, "AUTHROCKET_API_KEY=" + a.apiKey,
	}, shared...))
	b := *a
	b.gateway, b.httpURL, b.admin = gw, "http://"+rec.HTTP, rec.Admin
	replicas := []*env{a, &b}

	// One limit for both: a burst of 10 in all, whichever replica answers.
	allowed := 0
	for i := range 20 {
		status, _, _ := replicas[i%2].rest(t, "GET", "/v2/users", nil, "Authrocket-Api-Key", burstyToken)
		switch status {
		case http.StatusOK:
			allowed++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("GET /v2/users: %d", status)
		}
	}
	if allowed < 10 || allowed > 11 { // 11: a second call may come due while the loop runs
		t.Errorf("%d of 20 calls allowed across two replicas under a burst of 10 (each alone would allow 10)", allowed)
	}

	// A create retried on the other replica: one user, the same answer.
	var ids []any
	for _, rp := range replicas {
		status, _, body := rp.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "once@example.com"}}, "Idempotency-Key", "create-once-1")
		if status != http.StatusCreated {
			t.Fatalf("POST /v2/users: %d %v", status, body)
		}
		ids = append(ids, body["id"])
	}
	if ids[0] != ids[1] {
		t.Errorf("the retry on the other replica made user %v, the first %v", ids[1], ids[0])
	}
	if rows := a.authrocket(t, "GET", "/v2/users?email=once@example.com&realm_id="+a.realm, nil)["collection"].([]any); len(rows) != 1 {
		t.Errorf("AuthRocket has %d users once@example.com", len(rows))
	}

	// Redis killed: both replicas serve on, each on its own share.
	r.Stop()
	for i := range 6 {
		if status, _, body := replicas[i%2].rest(t, "GET", "/v2/users", nil); status != http.StatusOK {
			t.Errorf("GET /v2/users with Redis down: %d %v", status, body)
		}
	}
	for _, rp := range replicas {
		eventually(t, "authrocket_gateway_redis_up 0", func() bool { return redisUp(t, rp) == 0 })
		if !strings.Contains(rp.gateway.Output(), "redis unreachable") {
			t.Errorf("no log line says Redis is unreachable:\n%s", rp.gateway.Output())
		}
	}
	r.Restart()
	for _, rp := range replicas {
		eventually(t, "authrocket_gateway_redis_up 1", func() bool { return redisUp(t, rp) == 1 })
	}
	if status, _, _ := a.rest(t, "GET", "/v2/users", nil); status != http.StatusOK {
		t.Errorf("GET /v2/users with Redis back: %d", status)
	}
}

// redisUp is the replica's authrocket_gateway_redis_up.
func redisUp(t *testing.T, e *env) float64 {
	t.Helper()
	f := scrape(t, e.admin)["authrocket_gateway_redis_up"]
	if f == nil || len(f.GetMetric()) != 1 {
		t.Fatalf("no authrocket_gateway_redis_up in %s/metrics", e.admin)
	}
	return f.GetMetric()[0].GetGauge().GetValue()
}
