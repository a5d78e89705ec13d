package authrocket_test

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/redact"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// metricsClient returns a client of u whose metrics go to a registry of
// its own.
func metricsClient(t *testing.T, u *upstream, edit ...func(*authrocket.Config)) (*authrocket.Client, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	c := u.client(t, append([]func(*authrocket.Config){func(cfg *authrocket.Config) { cfg.Metrics = reg }}, edit...)...)
	return c, reg
}

// sample returns the value of the series of name with exactly labels (a
// histogram's sample count), or -1 when there is none.
func sample(t *testing.T, reg prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			if len(m.GetLabel())*2 != len(labels) {
				continue
			}
			for _, l := range m.GetLabel() {
				i := slices.Index(labels, l.GetName())
				if i < 0 || i%2 != 0 || labels[i+1] != l.GetValue() {
					continue next
				}
			}
			switch {
			case m.GetCounter() != nil:
				return m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				return m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				return float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return -1
}

func wantSample(t *testing.T, reg prometheus.Gatherer, want float64, name string, labels ...string) {
	t.Helper()
	if got := sample(t, reg, name, labels...); math.Abs(got-want) > 1e-9 {
		t.Errorf("%s%q = %v, want %v", name, labels, got, want)
	}
}

// TestUpstreamMetrics: each request sent is counted once, by route
// template, status and attempt, and timed; a retry is counted as one.
func TestUpstreamMetrics(t *testing.T) {
	u := newUpstream(t)
	c, reg := metricsClient(t, u)
	usr := createUser(t, c, "metrics@example.com", "")
	get := func(id string) error {
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		return err
	}
	if err := get(usr.GetId()); err != nil {
		t.Fatal(err)
	}
	if e := asError(t, get("usr_nosuchuser")); e.HTTPStatus != 404 {
		t.Fatalf("unknown user: %v", e)
	}
	u.emu.InjectFault(emulator.Fault{Path: "/v2/users/" + usr.GetId(), Status: 503, Times: 1})
	if err := get(usr.GetId()); err != nil {
		t.Fatalf("503 then 200: %v", err)
	}

	want := `
# HELP authrocket_gateway_upstream_requests_total Requests sent to AuthRocket, by HTTP method, route template, status (HTTP status, or timeout, error, canceled without an answer) and attempt (1-based).
# TYPE authrocket_gateway_upstream_requests_total counter
authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users/{id}",status="200"} 1
authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users/{id}",status="404"} 1
authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users/{id}",status="503"} 1
authrocket_gateway_upstream_requests_total{attempt="2",method="GET",route="/v2/users/{id}",status="200"} 1
authrocket_gateway_upstream_requests_total{attempt="1",method="POST",route="/v2/users",status="201"} 1
# HELP authrocket_gateway_upstream_retries_total Attempts sent to AuthRocket after a call's first, by HTTP method and route template.
# TYPE authrocket_gateway_upstream_retries_total counter
authrocket_gateway_upstream_retries_total{method="GET",route="/v2/users/{id}"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want),
		"authrocket_gateway_upstream_requests_total", "authrocket_gateway_upstream_retries_total"); err != nil {
		t.Error(err)
	}
	if n := len(u.wire()); n != 5 {
		t.Errorf("%d requests on the wire, want the 5 counted", n)
	}
	wantSample(t, reg, 4, "authrocket_gateway_upstream_request_duration_seconds", "method", "GET", "route", "/v2/users/{id}")
	wantSample(t, reg, 1, "authrocket_gateway_upstream_request_duration_seconds", "method", "POST", "route", "/v2/users")
	// 10 tokens, less 1 for the 503, plus 0.1 for the 200 after it.
	wantSample(t, reg, 9.1, "authrocket_gateway_upstream_retry_tokens")
	wantSample(t, reg, 1, "authrocket_gateway_upstream_circuit_state", "state", "closed")
	for _, reason := range []string{"circuit_open", "busy", "share", "retry_throttled"} {
		wantSample(t, reg, 0, "authrocket_gateway_upstream_not_sent_total", "reason", reason)
	}
}

// TestUpstreamMetricsCircuitOpen: a call refused by the open circuit is
// not_sent circuit_open, not a request, and the state gauge says open.
func TestUpstreamMetricsCircuitOpen(t *testing.T) {
	u := newUpstream(t)
	c, reg := metricsClient(t, u, func(cfg *authrocket.Config) {
		cfg.BreakerFailures, cfg.BreakerOpen, cfg.MaxRetries = 2, time.Hour, -1
	})
	for _, s := range []string{"closed", "half_open", "open"} {
		wantSample(t, reg, map[string]float64{"closed": 1}[s], "authrocket_gateway_upstream_circuit_state", "state", s)
	}
	u.emu.InjectFault(emulator.Fault{Status: 503})
	for range 2 {
		if _, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{}); asError(t, err).HTTPStatus != 503 {
			t.Fatalf("want a 503: %v", err)
		}
	}
	_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if !errors.Is(err, authrocket.ErrCircuitOpen) {
		t.Fatalf("third call: %v, want ErrCircuitOpen", err)
	}
	wantSample(t, reg, 1, "authrocket_gateway_upstream_not_sent_total", "reason", "circuit_open")
	wantSample(t, reg, 2, "authrocket_gateway_upstream_requests_total", "method", "GET", "route", "/v2/users/{id}", "status", "503", "attempt", "1")
	for _, s := range []string{"closed", "half_open", "open"} {
		wantSample(t, reg, map[string]float64{"open": 1}[s], "authrocket_gateway_upstream_circuit_state", "state", s)
	}
	if got := testutil.CollectAndCount(reg, "authrocket_gateway_upstream_requests_total"); got != 1 {
		t.Errorf("%d request series, want 1", got)
	}
}

// TestUpstreamMetricsRetryThrottled: once the retry throttle has spent its
// tokens, a retry it holds back is counted as not sent.
func TestUpstreamMetricsRetryThrottled(t *testing.T) {
	u := newUpstream(t)
	c, reg := metricsClient(t, u, func(cfg *authrocket.Config) { cfg.BreakerFailures = 1000 })
	u.emu.InjectFault(emulator.Fault{Status: 503})
	// 3 attempts (10 → 7 tokens), 2 (→ 5: the second's retry is held back).
	for range 2 {
		call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	}
	wantSample(t, reg, 1, "authrocket_gateway_upstream_not_sent_total", "reason", "retry_throttled")
	wantSample(t, reg, 5, "authrocket_gateway_upstream_retry_tokens")
	wantSample(t, reg, 3, "authrocket_gateway_upstream_retries_total", "method", "GET", "route", "/v2/users/{id}")
	wantSample(t, reg, 1, "authrocket_gateway_upstream_requests_total", "method", "GET", "route", "/v2/users/{id}", "status", "503", "attempt", "3")
}

// TestUpstreamMetricsGate: the gate's gauges, and its refusals by reason
// (share, busy), with requests held in flight by the emulator's latency.
func TestUpstreamMetricsGate(t *testing.T) {
	u := newUpstream(t)
	c, reg := metricsClient(t, u, func(cfg *authrocket.Config) {
		cfg.Concurrency, cfg.QueueWait, cfg.Rate, cfg.Burst = 4, 20*time.Millisecond, 1000, 1000
		cfg.Deadline, cfg.AttemptTimeout = time.Hour, time.Hour // the held calls end when cancelled
	})
	wantSample(t, reg, 4, "authrocket_gateway_upstream_concurrency_limit")
	wantSample(t, reg, 16, "authrocket_gateway_upstream_queue_limit")
	wantSample(t, reg, 0, "authrocket_gateway_upstream_in_flight")
	wantSample(t, reg, 1000, "authrocket_gateway_upstream_budget_rate")
	u.emu.InjectFault(emulator.Fault{Path: "/v2/users/usr_slow", Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	hold := func(caller string) {
		wg.Go(func() {
			c.Call(ctx, method(t, "UsersService.GetUser"), &arv2.GetUserRequest{Id: "usr_slow"}, &arv2.GetUserResponse{}, authrocket.CallOptions{Caller: caller})
		})
	}
	waitInFlight := func(n float64) {
		t.Helper()
		for sample(t, reg, "authrocket_gateway_upstream_in_flight") != n {
			time.Sleep(time.Millisecond)
		}
	}
	get := func(caller string) error {
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{Caller: caller})
		return err
	}
	hold("a")
	hold("a")
	hold("b")
	waitInFlight(3)
	// a holds its share (2 of 4, with b in) and 1 slot is left.
	if err := get("a"); !errors.Is(err, authrocket.ErrShare) {
		t.Errorf("a over its share: %v, want ErrShare", err)
	}
	hold("b")
	waitInFlight(4)
	if err := get("c"); !errors.Is(err, authrocket.ErrBusy) {
		t.Errorf("every slot held: %v, want ErrBusy", err)
	}
	wantSample(t, reg, 1, "authrocket_gateway_upstream_not_sent_total", "reason", "share")
	wantSample(t, reg, 1, "authrocket_gateway_upstream_not_sent_total", "reason", "busy")
	wantSample(t, reg, 0, "authrocket_gateway_upstream_queued")
	cancel()
	wg.Wait()
	waitInFlight(0)
	// The held calls' attempts ended without an answer: canceled.
	wantSample(t, reg, 4, "authrocket_gateway_upstream_requests_total", "method", "GET", "route", "/v2/users/{id}", "status", "canceled", "attempt", "1")
	if got := testutil.CollectAndCount(reg, "authrocket_gateway_upstream_requests_total"); got != 1 {
		t.Errorf("%d request series, want 1: a refused call is no request", got)
	}
}

// TestUpstreamMetricsBudget: the budget's gauges are read at scrape time.
func TestUpstreamMetricsBudget(t *testing.T) {
	u := newUpstream(t)
	// A budget that refills one request in 100 s: no refill shows.
	c, reg := metricsClient(t, u, func(cfg *authrocket.Config) { cfg.Rate, cfg.Burst = 0.01, 5 })
	wantSample(t, reg, 0.01, "authrocket_gateway_upstream_budget_rate")
	wantSample(t, reg, 5, "authrocket_gateway_upstream_budget_tokens")
	createUser(t, c, "budget@example.com", "")
	createUser(t, c, "budget2@example.com", "")
	if got := sample(t, reg, "authrocket_gateway_upstream_budget_tokens"); got < 3 || got > 3.5 {
		t.Errorf("budget tokens after 2 requests = %v, want about 3", got)
	}
}

// TestUpstreamMetricsRegisterTwice: a second client on the same registry
// fails to start rather than share or lose its gauges.
func TestUpstreamMetricsRegisterTwice(t *testing.T) {
	u := newUpstream(t)
	reg := prometheus.NewRegistry()
	u.client(t, func(cfg *authrocket.Config) { cfg.Metrics = reg })
	_, err := authrocket.NewClient(authrocket.Config{URL: u.srv.URL, APIKey: authrocket.NewSecret(testKey), Metrics: reg})
	if err == nil {
		t.Fatal("a second client registered the same metrics")
	}
}

// TestUpstreamMetricLabels: after calls with IDs in their paths, bodies
// and headers, and with secrets in AuthRocket's answers, every label value
// of every metric is of a fixed set or a route template.
func TestUpstreamMetricLabels(t *testing.T) {
	u := newUpstream(t)
	c, reg := metricsClient(t, u, func(cfg *authrocket.Config) { cfg.AttemptTimeout = 50 * time.Millisecond })
	usr := createUser(t, c, "labels@example.com", "password123")
	org := createOrg(t, c, "Labels Inc")
	ids := []string{usr.GetId(), org.GetId(), u.realm, "usr_nosuchuser", "labels@example.com", testKey}
	mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	mustCall(t, c, "OrgsService.GetOrg", &arv2.GetOrgRequest{Id: org.GetId()}, &arv2.GetOrgResponse{}, authrocket.CallOptions{Realm: u.realm})
	call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_nosuchuser"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	u.emu.InjectFault(emulator.Fault{Path: "/v2/users/" + usr.GetId(), Status: 500, Errors: []string{"leaked " + testKey}, Times: 1})
	call(t, c, "UsersService.DeleteUser", &arv2.DeleteUserRequest{Id: usr.GetId()}, &arv2.DeleteUserResponse{}, authrocket.CallOptions{})
	u.emu.InjectFault(emulator.Fault{Path: "/v2/orgs/" + org.GetId(), Drop: true, Times: 1})
	u.emu.InjectFault(emulator.Fault{Path: "/v2/orgs/" + org.GetId(), Latency: time.Second, Times: 1})
	mustCall(t, c, "OrgsService.GetOrg", &arv2.GetOrgRequest{Id: org.GetId()}, &arv2.GetOrgResponse{}, authrocket.CallOptions{})
	mustCall(t, c, "UsersService.ListUsers", &arv2.ListUsersRequest{Email: proto.String("labels@example.com")}, &arv2.ListUsersResponse{}, authrocket.CallOptions{})

	templates := map[string]bool{}
	protoregistry.GlobalFiles.RangeFilesByPackage("authrocket.v2", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			for j := 0; j < fd.Services().Get(i).Methods().Len(); j++ {
				if _, _, tmpl, err := authrocket.HTTPRule(fd.Services().Get(i).Methods().Get(j)); err == nil {
					templates[tmpl] = true
				}
			}
		}
		return true
	})
	status := regexp.MustCompile(`^([1-5][0-9][0-9]|timeout|error|canceled)$`)
	attempt := regexp.MustCompile(`^[1-9]$`)
	allowed := map[string]func(string) bool{
		"method":  func(v string) bool { return slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, v) },
		"route":   func(v string) bool { return templates[v] },
		"status":  status.MatchString,
		"attempt": attempt.MatchString,
		"reason": func(v string) bool {
			return slices.Contains([]string{"circuit_open", "busy", "share", "retry_throttled"}, v)
		},
		"state": func(v string) bool { return slices.Contains([]string{"closed", "half_open", "open"}, v) },
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				checkLabel(t, f, l, allowed, ids)
				seen[l.GetName()+"="+l.GetValue()] = true
			}
		}
	}
	// What the calls must have produced, so that the check saw them.
	for _, s := range []string{"route=/v2/users/{id}", "route=/v2/orgs/{id}", "route=/v2/users", "status=500", "status=404", "status=error", "status=timeout", "attempt=3"} {
		if !seen[s] {
			t.Errorf("no series with %s: %v", s, seen)
		}
	}
}

func checkLabel(t *testing.T, f *dto.MetricFamily, l *dto.LabelPair, allowed map[string]func(string) bool, ids []string) {
	t.Helper()
	ok, known := allowed[l.GetName()]
	if !known || !ok(l.GetValue()) {
		t.Errorf("%s: label %s=%q is not of a fixed set", f.GetName(), l.GetName(), l.GetValue())
	}
	for _, id := range ids {
		if strings.Contains(l.GetValue(), id) {
			t.Errorf("%s: label %s=%q holds %q", f.GetName(), l.GetName(), l.GetValue(), id)
		}
	}
	if redact.Contains(l.GetValue()) {
		t.Errorf("%s: label %s=%q holds a secret", f.GetName(), l.GetName(), l.GetValue())
	}
}
