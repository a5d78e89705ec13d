package e2e

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/redisstate/redistest"
)

// Scale-out figures: three replicas share a budget of scaleBudget
// requests a second to AuthRocket while callers offer scaleOffered calls a
// second, spread evenly.
const (
	scaleReplicas = 3
	scaleBudget   = 40
	scaleOffered  = 120
	scaleWindow   = 3 * time.Second
)

// scaleTally counts a load run's answers.
type scaleTally struct {
	ok, busy, other atomic.Int64
	firstOther      atomic.Value
}

// TestScaleOut: three replicas in front of one emulator share AuthRocket's
// budget through Redis: AuthRocket sees the budget of one gateway (±10%),
// not three; with Redis killed mid-run each replica spends its third and
// the total holds, and no call fails but for the budget's own refusals
// (UPSTREAM_BUSY, 503); with Redis back the budget is shared again. The
// figures go to docs/operations.md.
func TestScaleOut(t *testing.T) {
	r := redistest.Start(t)
	replicas := startReplicas(t, r, scaleReplicas, gatewayOptions{args: []string{"--upstream-rate", fmt.Sprint(scaleBudget)}})
	first := replicas[0]
	user := first.authrocket(t, "POST", "/v2/users?realm_id="+first.realm, map[string]any{"user": map[string]any{"email": "scale@example.com"}})["id"].(string)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	t.Cleanup(client.CloseIdleConnections)

	// run offers scaleOffered calls a second for d, round robin over
	// replicas, and counts the answers.
	run := func(replicas []*env, d time.Duration, tl *scaleTally) {
		var wg sync.WaitGroup
		tick := time.NewTicker(time.Second / scaleOffered)
		defer tick.Stop()
		for i, end := 0, time.Now().Add(d); time.Now().Before(end); i++ {
			<-tick.C
			e := replicas[i%len(replicas)]
			wg.Go(func() {
				req, _ := http.NewRequest("GET", e.httpURL+"/v2/users/"+user, nil)
				req.Header.Set("Authorization", "Bearer "+e.token)
				res, err := client.Do(req)
				if err != nil {
					tl.other.Add(1)
					tl.firstOther.CompareAndSwap(nil, err.Error())
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				switch res.StatusCode {
				case http.StatusOK:
					tl.ok.Add(1)
				case http.StatusServiceUnavailable:
					tl.busy.Add(1)
				default:
					tl.other.Add(1)
					tl.firstOther.CompareAndSwap(nil, fmt.Sprintf("%d %s", res.StatusCode, body))
				}
			})
		}
		wg.Wait()
	}
	// phase warms up (the budget's burst is spent), then measures a window:
	// AuthRocket's requests a second in it, which should be want ±10%.
	phase := func(name string, replicas []*env, want float64) {
		run(replicas, time.Second, &scaleTally{})
		var tl scaleTally
		before, start := first.upstreamRequests(t), time.Now()
		run(replicas, scaleWindow, &tl)
		rate := float64(first.upstreamRequests(t)-before) / time.Since(start).Seconds()
		calls := tl.ok.Load() + tl.busy.Load() + tl.other.Load()
		t.Logf("| %s | %d | %.0f/s | %.1f/s | %d ok, %d UPSTREAM_BUSY, %d other |",
			name, len(replicas), float64(calls)/scaleWindow.Seconds(), rate, tl.ok.Load(), tl.busy.Load(), tl.other.Load())
		if tl.other.Load() > 0 {
			t.Errorf("%s: %d calls failed otherwise than the budget's refusal, the first: %v", name, tl.other.Load(), tl.firstOther.Load())
		}
		if rate < 0.9*want || rate > 1.1*want {
			t.Errorf("%s: AuthRocket saw %.1f requests a second, want %.0f ±10%%", name, rate, want)
		}
	}

	// The baseline: the same replicas each on its own budget let three
	// budgets through (here, all that is offered).
	var alone []*env
	for range scaleReplicas {
		gw, rec := startGateway(t, []string{"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--upstream-rate", fmt.Sprint(scaleBudget)},
			append(first.gatewayEnviron(), "AUTHROCKET_API_KEY="+first.apiKey))
		e := *first
		e.gateway, e.httpURL, e.admin = gw, "http://"+rec.HTTP, rec.Admin
		alone = append(alone, &e)
	}
	phase("no Redis (baseline)", alone, min(scaleReplicas*scaleBudget, scaleOffered))
	for _, e := range alone {
		e.gateway.stop()
	}

	phase("Redis shared", replicas, scaleBudget)
	r.Stop()
	phase("Redis killed: a third each", replicas, scaleBudget)
	for _, e := range replicas {
		if redisUp(t, e) != 0 {
			t.Errorf("%s: authrocket_gateway_redis_up is not 0 with Redis killed", e.admin)
		}
	}
	r.Restart()
	for _, e := range replicas {
		eventually(t, "authrocket_gateway_redis_up 1", func() bool { return redisUp(t, e) == 1 })
	}
	phase("Redis back", replicas, scaleBudget)
}
