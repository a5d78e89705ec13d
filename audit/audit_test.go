package audit_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
)

func TestSinkWritesOneLinePerRecord(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewSink(&buf)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	err := s.Write(audit.Record{
		Time: at, Caller: "billing", Method: "authrocket.v2.UsersService/GetUser", Transport: "rest",
		Realm: "rl_0abc", ResourceIDs: []string{"usr_0def"}, Decision: audit.Allow,
		Rule: `callers.billing.methods[0]`, Code: "NOT_FOUND", UpstreamStatus: 404,
		RequestID: "gw-1", AuthRocketRequestID: "ar-1", Latency: 1500 * time.Microsecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("not one JSON line: %q (%v)", buf.String(), err)
	}
	want := map[string]any{
		"time": "2026-11-23T09:00:00Z", "caller": "billing", "method": "authrocket.v2.UsersService/GetUser",
		"transport": "rest", "realm": "rl_0abc", "resource_ids": []any{"usr_0def"}, "decision": "allow",
		"rule": "callers.billing.methods[0]", "code": "NOT_FOUND", "upstream_status": 404.0,
		"request_id": "gw-1", "authrocket_request_id": "ar-1", "latency_ms": 1.5,
	}
	for k, v := range want {
		if b, _ := json.Marshal(got[k]); string(b) != mustJSON(v) {
			t.Errorf("%s = %s, want %s", k, b, mustJSON(v))
		}
	}
	if len(got) != len(want) {
		t.Errorf("fields = %v, want exactly %d", got, len(want))
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// An ID field can carry what is not an ID (GetUser by email, GetSession by
// login token); only AuthRocket IDs reach the trail.
func TestSinkDropsWhatIsNotAnID(t *testing.T) {
	var buf bytes.Buffer
	secrets := []string{"ada@example.com", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3IifQ.sig", "tpw:abc", "ks_live1234", "jsk_abc", "gwc_abc", "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA", "usr_1/../x", "ada"}
	err := audit.NewSink(&buf).Write(audit.Record{
		Caller: "c", Method: "m", Decision: audit.Deny, Realm: "rl_1\r\nx",
		ResourceIDs: append([]string{"usr_1"}, secrets...),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range append(secrets, "rl_1") {
		if strings.Contains(out, s) {
			t.Errorf("%q written: %s", s, out)
		}
	}
	if !strings.Contains(out, `"resource_ids":["usr_1"]`) {
		t.Errorf("usr_1 missing: %s", out)
	}
}

func TestIsID(t *testing.T) {
	for s, want := range map[string]bool{
		"usr_0abc": true, "rl_x": true, "kss_AbC123": true, "mb_1": true, "ap_facebook1": true,
		"": false, "usr_": false, "_abc": false, "USR_1": false, "usr-1": false, "usr_1.2": false,
		"ks_0abc": false, "jsk_0abc": false, "gwc_0abc": false, "key_0abc": false, "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA": false,
		"ada@example.com": false, "tpw:abc": false, "usr_" + strings.Repeat("a", 65): false,
	} {
		if got := audit.IsID(s); got != want {
			t.Errorf("IsID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSinkConcurrentWritesStayLines(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewSink(&buf)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { _ = s.Write(audit.Record{Caller: "c", Method: "m", Decision: audit.Allow, Code: "OK"}) })
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 50 {
		t.Fatalf("%d lines, want 50", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("interleaved line %q", l)
		}
	}
}
