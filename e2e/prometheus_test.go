package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/deploy"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// TestPrometheus: a real Prometheus server (Debian's prometheus package,
// scripts/install-prometheus) scrapes the gateway's admin port every
// second and evaluates deploy/prometheus/alerts.yml while two callers
// send a bounded load through the gateway:
//
//   - AuthRocket healthy: every rule evaluates without error, the error
//     ratio is 0 and AuthRocketGatewayErrorRatioHigh stays inactive;
//   - AuthRocket answering 429: AuthRocketGatewayUpstreamRateLimited fires,
//     the error ratio alert does not (RESOURCE_EXHAUSTED is no error);
//   - AuthRocket answering 503: AuthRocketGatewayErrorRatioHigh and
//     AuthRocketGatewayCircuitOpen fire;
//   - a few refused credentials all along: the spike alert fires (a
//     gateway with no history: its baseline is 0).
//
// Then every dashboard expression runs on that Prometheus, and the
// gateway's /metrics holds the names the kit reads (deploy.Metrics).
//
// Prometheus gets a copy of alerts.yml with its windows shortened so that
// the test takes seconds, not the production minutes: every "for:" becomes
// "for: 2s" and every range of minutes ("[5m]", "[1m]", "[15m]") "[10s]".
// Ranges of a day and offsets stay: a gateway 10 minutes old has no
// history, which the rules handle. Skipped when prometheus is not on PATH,
// unless AUTHROCKET_GATEWAY_REQUIRE_PROMETHEUS is set (CI sets it).
func TestPrometheus(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("AUTHROCKET_GATEWAY_REQUIRE_PROMETHEUS") == "" {
			t.Skip("prometheus not installed (scripts/install-prometheus)")
		}
		t.Fatalf("AUTHROCKET_GATEWAY_REQUIRE_PROMETHEUS is set and prometheus is not on PATH: %v", err)
	}
	e := newEnv(t)
	admin := adminAddr(t, e)
	prom := startPrometheus(t, bin, admin)

	users := arv2.NewUsersServiceClient(e.conn)
	u, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("watched@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	stopLoad := promLoad(t, e, u.GetUser().GetId())
	defer stopLoad()

	// Healthy.
	waitFor(t, prom, "the error ratio computed (0) over calls", func() bool {
		return len(prom.query(t, `job:authrocket_gateway_call_error_ratio:rate5m == 0 and on (job) job:authrocket_gateway_calls:rate5m > 0.1`)) == 1
	})
	healthy := time.Now()
	waitFor(t, prom, "4 s of rule evaluations over healthy calls", func() bool {
		rules := prom.rules(t)
		for name, r := range rules {
			if r.Health != "ok" {
				t.Fatalf("rule %s: health %s: %s", name, r.Health, r.LastError)
			}
		}
		for _, name := range []string{"AuthRocketGatewayErrorRatioHigh", "AuthRocketGatewayUpstreamRateLimited", "AuthRocketGatewayCircuitOpen"} {
			if rules[name].State != "inactive" {
				t.Fatalf("AuthRocket healthy, %s is %s", name, rules[name].State)
			}
		}
		return rules["AuthRocketGatewayErrorRatioHigh"].LastEvaluation.After(healthy.Add(4 * time.Second))
	})
	t.Logf("AuthRocket healthy: %v", prom.states(t))

	// 429s.
	e.fault(t, map[string]any{"path": "/v2/users*", "status": 429})
	waitFor(t, prom, "AuthRocketGatewayUpstreamRateLimited firing", func() bool {
		return prom.rules(t)["AuthRocketGatewayUpstreamRateLimited"].State == "firing"
	})
	if s := prom.rules(t)["AuthRocketGatewayErrorRatioHigh"].State; s != "inactive" {
		t.Errorf("AuthRocket answering 429, AuthRocketGatewayErrorRatioHigh is %s, want inactive", s)
	}
	t.Logf("AuthRocket answering 429: %v", prom.states(t))

	// 503s.
	clearFaults(t, e)
	e.fault(t, map[string]any{"path": "/v2/users*", "status": 503})
	waitFor(t, prom, "AuthRocketGatewayErrorRatioHigh and AuthRocketGatewayCircuitOpen firing", func() bool {
		rules := prom.rules(t)
		return rules["AuthRocketGatewayErrorRatioHigh"].State == "firing" && rules["AuthRocketGatewayCircuitOpen"].State == "firing"
	})
	if s := prom.rules(t)["AuthRocketGatewayCredentialRefusalsSpike"].State; s != "firing" {
		t.Errorf("AuthRocketGatewayCredentialRefusalsSpike is %s, want firing (refused credentials from no history)", s)
	}
	t.Logf("AuthRocket answering 503: %v", prom.states(t))
	calls := stopLoad()
	t.Logf("%d calls in all", calls)

	// The dashboard's expressions, on a real PromQL engine.
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(deploy.Dashboard, &dash); err != nil {
		t.Fatal(err)
	}
	vars := strings.NewReplacer("$job", ".+", "$instance", ".+", "$__rate_interval", "10s")
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			if _, err := prom.tryQuery(vars.Replace(tg.Expr)); err != nil {
				t.Errorf("panel %q: %s: %v", p.Title, tg.Expr, err)
			}
		}
	}

	// The names the kit reads, on the gateway's /metrics. The key and
	// verified-token caches count only once a valid token was verified.
	res, err := http.Get("http://" + admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	exported := map[string]bool{}
	for l := range strings.Lines(string(body)) {
		if name, _, ok := strings.Cut(l, " "); ok && !strings.HasPrefix(l, "#") {
			name, _, _ = strings.Cut(name, "{")
			exported[name] = true
		}
	}
	onUse := map[string]bool{"authrocket_gateway_token_key_lookups_total": true, "authrocket_gateway_token_cache_lookups_total": true}
	for _, name := range deploy.Metrics {
		if !exported[name] && !onUse[name] {
			t.Errorf("the gateway's /metrics lacks %s, which the kit reads (deploy.Metrics)", name)
		}
	}
}

// adminAddr returns the gateway's admin address from its listening record.
func adminAddr(t *testing.T, e *env) string {
	t.Helper()
	for l := range strings.Lines(e.gateway.Output()) {
		var rec listening
		if strings.Contains(l, `"msg":"listening"`) && json.Unmarshal([]byte(l), &rec) == nil && rec.Admin != "" {
			return rec.Admin
		}
	}
	t.Fatalf("no admin address in the gateway's listening record:\n%s", e.gateway.Output())
	return ""
}

// promLoad starts two callers, each sending GetUser and ListUsers in turn,
// one call every 100 ms, at most 450 calls each or 50 s, and every tenth
// turn a call with an unknown credential and a VerifyToken of a token that
// is none. The returned func stops them (once) and returns how many calls
// they made.
func promLoad(t *testing.T, e *env, userID string) func() int {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	users := arv2.NewUsersServiceClient(e.conn)
	tokens := gatewayv1.NewTokensServiceClient(e.conn)
	var wg sync.WaitGroup
	var mu sync.Mutex
	calls := 0
	for range 2 {
		wg.Go(func() {
			for i := range 450 {
				c := withToken(ctx, e.token)
				switch {
				case i%10 == 9:
					_, _ = users.GetUser(withToken(ctx, "an-unknown-credential-0123456789"), &arv2.GetUserRequest{Id: userID})
					_, _ = tokens.VerifyToken(c, &gatewayv1.VerifyTokenRequest{Token: "not.a.token"})
				case i%2 == 0:
					_, _ = users.GetUser(c, &arv2.GetUserRequest{Id: userID})
				default:
					_, _ = users.ListUsers(c, &arv2.ListUsersRequest{MaxResults: proto.Int32(5)})
				}
				mu.Lock()
				calls++
				mu.Unlock()
				select {
				case <-ctx.Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		})
	}
	stop := sync.OnceValue(func() int {
		cancel()
		wg.Wait()
		return calls
	})
	t.Cleanup(func() { stop() })
	return stop
}

// clearFaults removes every fault injected at the emulator.
func clearFaults(t *testing.T, e *env) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, e.emulatorURL+"/_emulator/faults", nil)
	req.Header.Set("Authorization", "Bearer "+e.apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		t.Fatalf("clearing the emulator's faults: %d", res.StatusCode)
	}
}

// prometheus is a running Prometheus server's HTTP API.
type prometheus struct{ url string }

// startPrometheus runs bin on a free loopback port with a temporary
// database, scraping target every second and evaluating a shortened copy
// of alerts.yml (see TestPrometheus) every second.
func startPrometheus(t *testing.T, bin, target string) *prometheus {
	t.Helper()
	dir := t.TempDir()
	rules := string(deploy.Alerts)
	fors := regexp.MustCompile(`(?m)^(\s+for:) \d+[smh]$`)
	ranges := regexp.MustCompile(`\[\d+m\]`)
	if len(fors.FindAllString(rules, -1)) < 5 || len(ranges.FindAllString(rules, -1)) < 5 {
		t.Fatal("alerts.yml no longer has the for: durations and [Nm] ranges this test shortens")
	}
	rules = ranges.ReplaceAllString(fors.ReplaceAllString(rules, "$1 2s"), "[10s]")
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [alerts.yml]
scrape_configs:
  - job_name: authrocket-gateway
    static_configs: [{targets: [%q]}]
`, target)
	for name, content := range map[string]string{"alerts.yml": rules, "prometheus.yml": config} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Prometheus cannot listen on port 0 and tell which port it got.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start(t, bin, []string{
		"--config.file=" + filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path=" + filepath.Join(dir, "data"),
		"--web.listen-address=" + addr,
	}, nil, func(l string) bool { return strings.Contains(l, "Server is ready to receive web requests") })
	return &prometheus{url: "http://" + addr}
}

// api GETs an API path and decodes its data into out.
func (p *prometheus) api(path string, out any) error {
	res, err := http.Get(p.url + path)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var body struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return fmt.Errorf("%s: %d, %v", path, res.StatusCode, err)
	}
	if body.Status != "success" {
		return fmt.Errorf("%s: %d %s", path, res.StatusCode, body.Error)
	}
	return json.Unmarshal(body.Data, out)
}

// sample is one element of an instant vector.
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// tryQuery evaluates an instant query now.
func (p *prometheus) tryQuery(q string) ([]sample, error) {
	var data struct {
		Result json.RawMessage `json:"result"`
	}
	if err := p.api("/api/v1/query?query="+url.QueryEscape(q), &data); err != nil {
		return nil, err
	}
	var v []sample
	_ = json.Unmarshal(data.Result, &v) // a scalar is no vector: empty
	return v, nil
}

// query is tryQuery, fatal on error.
func (p *prometheus) query(t *testing.T, q string) []sample {
	t.Helper()
	v, err := p.tryQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rule is a rule's state as /api/v1/rules says.
type rule struct {
	State          string    `json:"state"` // alerts: inactive, pending, firing
	Health         string    `json:"health"`
	LastError      string    `json:"lastError"`
	LastEvaluation time.Time `json:"lastEvaluation"`
}

// rules returns every rule (recording and alerting) by name.
func (p *prometheus) rules(t *testing.T) map[string]rule {
	t.Helper()
	var data struct {
		Groups []struct {
			Rules []struct {
				Name string `json:"name"`
				rule
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := p.api("/api/v1/rules", &data); err != nil {
		t.Fatal(err)
	}
	rules := map[string]rule{}
	for _, g := range data.Groups {
		for _, r := range g.Rules {
			rules[r.Name] = r.rule
		}
	}
	if len(rules) == 0 {
		t.Fatal("Prometheus has loaded no rule")
	}
	return rules
}

// states returns the alerts that are not inactive, with their state.
func (p *prometheus) states(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, r := range p.rules(t) {
		if r.State != "" && r.State != "inactive" {
			out[name] = r.State
		}
	}
	return out
}

// waitFor polls cond every 250 ms for at most 30 s: when Prometheus
// scrapes and evaluates is not the test's to assert.
func waitFor(t *testing.T, p *prometheus, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			var up []sample
			up, _ = p.tryQuery("up")
			t.Fatalf("after 30 s, still not %s; alerts %v; up %v", what, p.states(t), up)
		}
	}
}
