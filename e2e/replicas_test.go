package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redisstate/redistest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// burstyToken is a caller of 1 call a second past a burst of 10.
const burstyToken = "bursty-caller-token-0123456789abcdef"

// TestReplicasShareRedis runs three gateway replicas in front of one
// emulator, sharing a real redis-server: a caller's rate limit holds across
// them, a create retried with its Idempotency-Key on the other replica is
// not applied twice; with Redis killed they keep serving on their share of
// the limit and say so in /metrics, and share again once it is back.
func TestReplicasShareRedis(t *testing.T) {
	r := redistest.Start(t)
	replicas := startReplicas(t, r, 3, gatewayOptions{
		policy: func(*testing.T, *env) string {
			return defaultPolicy + `  - name: bursty
    credentials: [` + policy.HashCredential(burstyToken) + `]
    methods: ["authrocket.v2.UsersService/*"]
    realms: ["*"]
    rate_limit: {per_second: 1, burst: 10}
`
		},
	})
	a := replicas[0]

	// One limit for all: a burst of 10 in all, whichever replica answers.
	allowed := 0
	for i := range 30 {
		status, _, _ := replicas[i%3].rest(t, "GET", "/v2/users", nil, "Authrocket-Api-Key", burstyToken)
		switch status {
		case http.StatusOK:
			allowed++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("GET /v2/users: %d", status)
		}
	}
	if allowed < 10 || allowed > 11 { // 11: a second call may come due while the loop runs
		t.Errorf("%d of 30 calls allowed across three replicas under a burst of 10 (each alone would allow 10)", allowed)
	}

	// A create retried on the other replicas: one user, the same answer.
	var ids []any
	for _, rp := range replicas {
		status, _, body := rp.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "once@example.com"}}, "Idempotency-Key", "create-once-1")
		if status != http.StatusCreated {
			t.Fatalf("POST /v2/users: %d %v", status, body)
		}
		ids = append(ids, body["id"])
	}
	if ids[0] != ids[1] || ids[0] != ids[2] {
		t.Errorf("the retries on the other replicas answered users %v and %v, the first %v", ids[1], ids[2], ids[0])
	}
	if rows := a.authrocket(t, "GET", "/v2/users?email=once@example.com&realm_id="+a.realm, nil)["collection"].([]any); len(rows) != 1 {
		t.Errorf("AuthRocket has %d users once@example.com", len(rows))
	}

	// Redis killed: each replica notices by itself, idle or not, and
	// serves on, on its own share.
	r.Stop()
	killed := time.Now()
	for _, rp := range replicas {
		eventually(t, "authrocket_gateway_redis_up 0", func() bool { return redisUp(t, rp) == 0 })
	}
	t.Logf("all %d replicas on their own state %v after Redis was killed", len(replicas), time.Since(killed).Round(10*time.Millisecond))
	if got := readyz(t, a); !strings.Contains(got, "redis: down") {
		t.Errorf("/readyz with Redis down: %q", got)
	}
	for i := range 6 {
		if status, _, body := replicas[i%3].rest(t, "GET", "/v2/users", nil); status != http.StatusOK {
			t.Errorf("GET /v2/users with Redis down: %d %v", status, body)
		}
	}
	for _, rp := range replicas {
		if strings.Count(rp.gateway.Output(), "redis unreachable") != 1 {
			t.Errorf("not one log line that says Redis is unreachable:\n%s", rp.gateway.Output())
		}
	}
	r.Restart()
	restarted := time.Now()
	for _, rp := range replicas {
		eventually(t, "authrocket_gateway_redis_up 1", func() bool { return redisUp(t, rp) == 1 })
	}
	t.Logf("all %d replicas shared again %v after Redis restarted", len(replicas), time.Since(restarted).Round(10*time.Millisecond))
	if got := readyz(t, a); !strings.Contains(got, "redis: up") {
		t.Errorf("/readyz with Redis back: %q", got)
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

// startReplicas starts n gateway replicas in front of one emulator, each
// with opts, sharing Redis r (AUTHROCKET_GATEWAY_REPLICAS=n). The first is
// newEnvWith's env; the others are copies of it with their own gateway.
func startReplicas(t *testing.T, r *redistest.Server, n int, opts gatewayOptions) []*env {
	t.Helper()
	shared := []string{"AUTHROCKET_GATEWAY_REDIS_URL=" + r.URL(), fmt.Sprintf("AUTHROCKET_GATEWAY_REPLICAS=%d", n)}
	more := opts.env
	opts.env = func(t *testing.T, e *env) []string {
		if more != nil {
			return append(more(t, e), shared...)
		}
		return shared
	}
	first := newEnvWith(t, opts)
	replicas := []*env{first}
	for range n - 1 {
		environ := append(first.gatewayEnviron(), append([]string{"AUTHROCKET_API_KEY=" + first.apiKey}, opts.env(t, first)...)...)
		gw, rec := startGateway(t, append([]string{"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, opts.args...), environ)
		e := *first
		e.gateway, e.grpcAddr, e.httpURL, e.admin = gw, rec.GRPC, "http://"+rec.HTTP, rec.Admin
		conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		e.conn = conn
		replicas = append(replicas, &e)
	}
	return replicas
}

// readyz is the replica's GET /readyz: 200 and its details.
func readyz(t *testing.T, e *env) string {
	t.Helper()
	res, err := http.Get(e.httpURL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Errorf("/readyz: %d %s", res.StatusCode, body)
	}
	return string(body)
}
