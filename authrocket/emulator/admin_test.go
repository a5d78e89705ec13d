package emulator

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAdminAPI(t *testing.T) {
	e := New(WithClock(NewManualClock(t0)))
	realm, _ := e.CreateRealm("R")
	srv := httptest.NewServer(e.ServerHandler())
	defer srv.Close()
	h := &harness{t: t, e: e, srv: srv, realm: realm}

	h.do("GET", "/_emulator/requests", nil, hdr("Authrocket-Api-Key", "")).wantErrors(403, "Access denied; check your API credentials and permissions")
	h.do("GET", "/_emulator/nothing", nil).want(404)
	h.do("PUT", "/_emulator/faults", nil).want(405)
	h.do("POST", "/_emulator/faults", `{"status":1000}`).want(400)
	h.do("POST", "/_emulator/faults", `{"latency":"soon"}`).want(400)
	h.do("POST", "/_emulator/faults", `{"bogus":1}`).want(400)
	h.do("POST", "/_emulator/faults", `{}`).want(400)

	res := h.do("POST", "/_emulator/faults", `{"method":"GET","path":"/v2/orgs*","status":429,"retry_after":"3","errors":["slow down"],"times":1}`).want(201)
	id := res.str("id")
	if id == "" {
		t.Fatalf("answer %s", res.raw)
	}
	// Go field names work too; latency as a duration string.
	h.do("POST", "/_emulator/faults", `{"Path":"/v2/users","Latency":"30ms","Times":1}`, hdr("Authorization", "Bearer "+e.APIKey())).want(201)
	list := h.do("GET", "/_emulator/faults", nil).want(200).rows()
	if len(list) != 2 || list[0]["id"] != id || list[0]["retry_after"] != "3" || list[1]["latency"] != "30ms" {
		t.Fatalf("faults %v", list)
	}

	got := h.do("GET", "/v2/orgs", nil)
	got.wantErrors(429, "slow down")
	if got.header.Get("Retry-After") != "3" {
		t.Fatal("no Retry-After")
	}
	start := time.Now()
	h.do("GET", "/v2/users", nil).want(200)
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("no latency")
	}

	id2 := h.do("POST", "/_emulator/faults", `{"path":"*","drop":true}`).want(201).str("id")
	h.do("DELETE", "/_emulator/faults/"+id2, nil).want(200)
	h.do("DELETE", "/_emulator/faults/"+id2, nil).want(404)
	h.do("POST", "/_emulator/faults", `{"status":500}`).want(201)
	if n := h.do("DELETE", "/_emulator/faults", nil).want(200).obj["cleared"]; n != float64(1) {
		t.Fatalf("cleared %v", n)
	}
	h.do("GET", "/v2/orgs", nil).want(200)

	reqs := h.do("GET", "/_emulator/requests", nil).want(200)
	var body struct {
		Count    int `json:"count"`
		Requests []struct {
			Method, Path, Body string
			Header             map[string][]string
		} `json:"requests"`
	}
	if err := json.Unmarshal(reqs.raw, &body); err != nil {
		t.Fatal(err)
	}
	if body.Count != 3 || len(body.Requests) != 3 || body.Requests[0].Path != "/v2/orgs" || body.Requests[1].Path != "/v2/users" {
		t.Fatalf("requests %s", reqs.raw)
	}
	h.do("DELETE", "/_emulator/requests", nil).want(200)
	if n := h.do("GET", "/_emulator/requests", nil).want(200).obj["count"]; n != float64(0) {
		t.Fatalf("count after reset %v", n)
	}
}

func TestDecodeFaultNanoseconds(t *testing.T) {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal([]byte(`{"latency":1500000,"path":"/v2/x","drop":true}`), &raw)
	f, err := decodeFault(raw)
	if err != nil || f.Latency != 1500*time.Microsecond || !f.Drop {
		t.Fatalf("%+v %v", f, err)
	}
	// json.Marshal of a Fault round-trips through the admin decoder.
	b, _ := json.Marshal(Fault{Method: "GET", Path: "/v2/users*", Status: 503, RetryAfter: "1", Latency: time.Second, Times: 2})
	var raw2 map[string]json.RawMessage
	_ = json.Unmarshal(b, &raw2)
	f, err = decodeFault(raw2)
	if err != nil || f.Status != 503 || f.Latency != time.Second || f.Times != 2 || f.RetryAfter != "1" {
		t.Fatalf("%+v %v", f, err)
	}
}

func TestAdminClock(t *testing.T) {
	e := New(WithClock(NewManualClock(t0)))
	realm, _ := e.CreateRealm("R")
	srv := httptest.NewServer(e.ServerHandler())
	defer srv.Close()
	h := &harness{t: t, e: e, srv: srv, realm: realm}

	if got := h.do("GET", "/_emulator/clock", nil).want(200).str("time"); got != t0.UTC().Format(time.RFC3339Nano) {
		t.Fatalf("clock = %s, want %s", got, t0)
	}
	uid := h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "clock@example.com"}}).want(201).str("id")
	sid := h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": uid}}).want(201).str("id")

	for _, bad := range []string{`{"advance":"-1h"}`, `{"advance":"soon"}`, `{"advance":"0s"}`, `{"bogus":1}`, `[`} {
		h.do("POST", "/_emulator/clock", bad).want(400)
	}
	h.do("PUT", "/_emulator/clock", nil).want(405)
	h.do("GET", "/_emulator/clock", nil, hdr("Authrocket-Api-Key", "")).want(403)

	// The session lasts the realm's 360 minutes: alive after 359, gone after 361.
	want := t0.Add(359 * time.Minute).UTC().Format(time.RFC3339Nano)
	if got := h.do("POST", "/_emulator/clock", `{"advance":"359m"}`).want(200).str("time"); got != want {
		t.Fatalf("advanced clock = %s, want %s", got, want)
	}
	h.do("GET", "/v2/sessions/"+sid, nil).want(200)
	h.do("POST", "/_emulator/clock", `{"advance":"2m"}`).want(200)
	h.do("GET", "/v2/sessions/"+sid, nil).want(404)
}

// TestAdminAPIKeys: a second key works beside the first, and a revoked key
// stops working at once, for the API and the admin API alike.
func TestAdminAPIKeys(t *testing.T) {
	e := New(WithClock(NewManualClock(t0)))
	realm, _ := e.CreateRealm("R")
	srv := httptest.NewServer(e.ServerHandler())
	defer srv.Close()
	h := &harness{t: t, e: e, srv: srv, realm: realm}
	first := e.APIKey()

	second := h.do("POST", "/_emulator/api_keys", nil).want(201).str("key")
	if !strings.HasPrefix(second, "ks_") || second == first {
		t.Fatalf("new key %q", second)
	}
	for _, key := range []string{first, second} {
		h.do("GET", "/v2/users", nil, hdr("Authrocket-Api-Key", key)).want(200)
	}
	h.do("DELETE", "/_emulator/api_keys", `{"key":"`+first+`"}`, hdr("Authrocket-Api-Key", second)).want(200)
	h.do("GET", "/v2/users", nil, hdr("Authrocket-Api-Key", first)).want(403)
	h.do("GET", "/_emulator/requests", nil, hdr("Authrocket-Api-Key", first)).want(403)
	h.do("GET", "/v2/users", nil, hdr("Authrocket-Api-Key", second)).want(200)
	h.do("DELETE", "/_emulator/api_keys", `{"key":"`+first+`"}`, hdr("Authrocket-Api-Key", second)).want(404)
	for _, bad := range []string{`{}`, `{"key":1}`, `{"other":"x"}`, `[`} {
		h.do("DELETE", "/_emulator/api_keys", bad, hdr("Authrocket-Api-Key", second)).want(400)
	}
	h.do("GET", "/_emulator/api_keys", nil, hdr("Authrocket-Api-Key", second)).want(405)
}
