package emulator

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestFaultStatus(t *testing.T) {
	h := newHarness(t)
	remove := h.e.InjectFault(Fault{Path: "/v2/users*", Status: 429, RetryAfter: "2"})
	res := h.do("GET", "/v2/users", nil)
	res.wantErrors(429, "Rate limited; wait before trying again")
	if res.header.Get("Retry-After") != "2" || res.header.Get("X-Request-ID") == "" {
		t.Fatalf("headers %v", res.header)
	}
	h.do("GET", "/v2/users/usr_x", nil, es).wantErrors(429, "Límite de solicitudes excedido; espere antes de volver a intentarlo")
	// Before auth: even a bad key gets the fault.
	h.do("GET", "/v2/users", nil, hdr("Authrocket-Api-Key", "ks_bad")).want(429)
	h.do("GET", "/v2/orgs", nil).want(200)
	remove()
	remove()
	h.do("GET", "/v2/users", nil).want(200)

	tests := []struct {
		fault  Fault
		method string
		path   string
		status int
		errs   []string
	}{
		{Fault{Status: 503}, "GET", "/v2/orgs", 503, []string{"Server error"}},
		{Fault{Status: 500, Errors: []string{"boom", "bang"}}, "GET", "/v2/orgs", 500, []string{"boom", "bang"}},
		{Fault{Method: "post", Path: "/v2/orgs", Status: 422}, "POST", "/v2/orgs", 422, []string{"Validation error"}},
		{Fault{Method: "POST", Path: "/v2/orgs", Status: 422}, "GET", "/v2/orgs", 200, nil},
		{Fault{Path: "/v2/orgs/org_1", Status: 404}, "GET", "/v2/orgs/org_1", 404, []string{"Not found"}},
		{Fault{Path: "/v2/orgs/org_1", Status: 404}, "GET", "/v2/orgs/org_12", 404, []string{"Not found"}},
		{Fault{Path: "/v2/orgs/org_1", Status: 418}, "GET", "/v2/orgs", 200, nil},
		{Fault{Status: 418}, "GET", "/v2/orgs", 418, []string{"Injected error (HTTP 418)"}},
		{Fault{Status: 402}, "GET", "/v2/orgs", 402, []string{"Account inactive; login to portal to check service status"}},
	}
	for _, tc := range tests {
		h.e.ClearFaults()
		h.e.InjectFault(tc.fault)
		res := h.do(tc.method, tc.path, nil)
		if tc.errs == nil {
			res.want(tc.status)
			continue
		}
		res.wantErrors(tc.status, tc.errs...)
	}
	h.e.ClearFaults()
}

func TestFaultTimesAndOrder(t *testing.T) {
	h := newHarness(t)
	h.e.InjectFault(Fault{Path: "/v2/orgs", Status: 503, Times: 2})
	h.e.InjectFault(Fault{Path: "/v2/orgs", Status: 500, Times: 1})
	for _, want := range []int{503, 503, 500, 200, 200} {
		h.do("GET", "/v2/orgs", nil).want(want)
	}
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t)
	h.e.InjectFault(Fault{Path: "/v2/orgs", Latency: 50 * time.Millisecond, Times: 1})
	start := time.Now()
	h.do("GET", "/v2/orgs", nil).want(200)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("no latency: %v", d)
	}
	// Latency then status.
	h.e.InjectFault(Fault{Path: "/v2/orgs", Latency: 20 * time.Millisecond, Status: 504, Times: 1})
	h.do("GET", "/v2/orgs", nil).want(504)

	// A long latency stops when the client gives up.
	h.e.InjectFault(Fault{Path: "/v2/users", Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := h.try("GET", "/v2/users", nil, withCtx(ctx))
	if err == nil {
		t.Fatal("no error from a cancelled request")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
}

func TestFaultDrop(t *testing.T) {
	h := newHarness(t)
	h.e.InjectFault(Fault{Path: "/v2/orgs", Drop: true})
	if _, err := h.try("GET", "/v2/orgs", nil); err == nil {
		t.Fatal("dropped connection gave no error")
	}
	h.e.ClearFaults()
	h.e.InjectFault(Fault{Method: "POST", Path: "/v2/orgs", Drop: true, Times: 1})
	if _, err := h.try("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "x"}}); err == nil {
		t.Fatal("dropped POST gave no error")
	}
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "x"}}).want(201)
}

func TestRequestsRecorded(t *testing.T) {
	h := newHarness(t)
	h.e.InjectFault(Fault{Path: "/v2/realms", Status: 500, Times: 1})
	h.do("GET", "/v2/realms", nil).want(500)
	h.do("GET", "/v2/users?state=active", nil, hdr("Authrocket-Api-Key", "ks_bad")).want(403)
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "x"}}).want(201)
	reqs := h.e.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	if reqs[0].Path != "/v2/realms" || reqs[1].RawQuery != "state=active" || reqs[1].Header.Get("Authrocket-Api-Key") != "ks_bad" ||
		reqs[2].Method != http.MethodPost || string(reqs[2].Body) != `{"org":{"name":"x"}}` || !reqs[2].Time.Equal(t0) {
		t.Fatalf("requests %+v", reqs)
	}
	reqs[2].Body[0] = 'X'
	reqs[2].Header.Set("X", "y")
	if again := h.e.Requests(); again[2].Body[0] != '{' || again[2].Header.Get("X") != "" {
		t.Fatal("Requests does not copy")
	}
	h.e.ResetRequests()
	if len(h.e.Requests()) != 0 {
		t.Fatal("not reset")
	}
}
