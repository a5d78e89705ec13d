package audit_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc/codes"
)

// facts are what a test's call record says.
type facts struct {
	start             time.Time
	transport         call.Transport
	method, requestID string
	peer              call.Peer
	caller, realm     string
	ids               []string
	deny              bool
	rule              string
	status            int
	arID              string
	attempts          int
	upstream          time.Duration
	code              codes.Code
	reason            string
	latency           time.Duration
	traceID           [16]byte
	secrets           []string
}

// record makes the call.Record of f the way the server fills one.
func (f facts) record() *call.Record {
	r := call.New(f.start, f.transport, f.method, f.requestID, f.peer)
	r.Authenticated(f.caller)
	r.Resources(f.ids)
	r.Allowed(f.realm, f.rule)
	if f.deny {
		r.Denied(f.rule)
	}
	if len(f.secrets) > 0 {
		r.SecretsHandedOut(f.secrets)
	}
	r.Upstream(f.status, f.arID, f.attempts, f.upstream)
	r.Traced(f.traceID)
	r.Finish(f.code, f.reason, f.start.Add(f.latency))
	return r
}

// jsonLine is the audit line as encoding/json writes it: the reference
// the encoder is checked against, and BenchmarkEncodingJSON's encoding.
type jsonLine struct {
	Time                time.Time `json:"time"`
	Caller              string    `json:"caller"`
	Method              string    `json:"method"`
	Transport           string    `json:"transport"`
	Peer                string    `json:"peer,omitempty"`
	TLS                 bool      `json:"tls,omitempty"`
	ClientIdentity      string    `json:"client_identity,omitempty"`
	Realm               string    `json:"realm,omitempty"`
	ResourceIDs         []string  `json:"resource_ids,omitempty"`
	Decision            string    `json:"decision"`
	Rule                string    `json:"rule,omitempty"`
	SecretHandedOut     string    `json:"secret_handed_out,omitempty"`
	SecretRealms        []string  `json:"secret_realms,omitempty"`
	Code                string    `json:"code"`
	Reason              string    `json:"reason,omitempty"`
	UpstreamStatus      int       `json:"upstream_status,omitempty"`
	Attempts            int       `json:"attempts,omitempty"`
	RequestID           string    `json:"request_id"`
	TraceID             string    `json:"trace_id,omitempty"`
	AuthRocketRequestID string    `json:"authrocket_request_id,omitempty"`
	UpstreamMS          float64   `json:"upstream_ms,omitempty"`
	LatencyMS           float64   `json:"latency_ms"`
}

// jsonLineOf fills a jsonLine from r as the old sink did: realm and IDs
// filtered by IsID, time in UTC, durations cut to microseconds.
func jsonLineOf(r *call.Record) jsonLine {
	l := jsonLine{
		Time: r.Start().UTC(), Caller: r.Caller(), Method: r.Method(), Transport: r.Transport().String(),
		Peer: r.Peer().Addr, TLS: r.Peer().TLS, ClientIdentity: r.Peer().Identity,
		Decision: r.Decision().String(), Rule: r.Rule(), Code: code.Code(r.Code()).String(), Reason: r.Reason(),
		UpstreamStatus: r.UpstreamStatus(), Attempts: r.Attempts(), RequestID: r.RequestID(),
		AuthRocketRequestID: r.UpstreamRequestID(), TraceID: r.TraceID(),
		UpstreamMS: float64(r.UpstreamTime().Microseconds()) / 1000,
		LatencyMS:  float64(r.Latency().Microseconds()) / 1000,
	}
	if audit.IsID(r.Realm()) {
		l.Realm = r.Realm()
	}
	if len(r.SecretRealms()) > 0 {
		l.SecretHandedOut = "jwt_secret"
	}
	for _, realm := range r.SecretRealms() {
		if audit.IsID(realm) {
			l.SecretRealms = append(l.SecretRealms, realm)
		}
	}
	for _, id := range r.ResourceIDs() {
		if audit.IsID(id) {
			l.ResourceIDs = append(l.ResourceIDs, id)
		}
	}
	return l
}

// encodingJSON is jsonLineOf(r) encoded as the old sink did.
func encodingJSON(t testing.TB, r *call.Record) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonLineOf(r)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var (
	cet  = time.FixedZone("CET", 3600)
	full = facts{
		start: time.Date(2026, 12, 1, 10, 0, 0, 123456789, cet), transport: call.REST,
		method: "authrocket.v2.UsersService/GetUser", requestID: "gw-1",
		peer:   call.Peer{Addr: "203.0.113.7:50412", TLS: true, Identity: "spiffe://example.org/billing"},
		caller: "billing", realm: "rl_0abc", ids: []string{"usr_0def", "ada@example.com", "org_1"},
		rule: "billing: authrocket.v2.UsersService/Get*", status: 404, arID: "ar-1", attempts: 2,
		upstream: 3210 * time.Microsecond, code: codes.NotFound, reason: "NOT_FOUND",
		latency: 4213*time.Microsecond + 999*time.Nanosecond,
		traceID: [16]byte{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
	}
	minimal = facts{
		start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), transport: call.GRPC,
		method: "authrocket.v2.UsersService/GetUser", requestID: "gw-2",
	}
)

func TestAppendRecordGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    facts
		want string
	}{
		{"full", full, `{"time":"2026-12-01T09:00:00.123456789Z","caller":"billing","method":"authrocket.v2.UsersService/GetUser","transport":"rest","peer":"203.0.113.7:50412","tls":true,"client_identity":"spiffe://example.org/billing","realm":"rl_0abc","resource_ids":["usr_0def","org_1"],"decision":"allow","rule":"billing: authrocket.v2.UsersService/Get*","code":"NOT_FOUND","reason":"NOT_FOUND","upstream_status":404,"attempts":2,"request_id":"gw-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","authrocket_request_id":"ar-1","upstream_ms":3.21,"latency_ms":4.213}`},
		{"minimal", minimal, `{"time":"2026-12-01T10:00:00Z","caller":"","method":"authrocket.v2.UsersService/GetUser","transport":"grpc","decision":"allow","code":"OK","request_id":"gw-2","latency_ms":0}`},
		{"unauthenticated", facts{
			start: minimal.start, transport: call.GRPC, method: "authrocket.v2.UsersService/GetUser", requestID: "gw-3",
			peer: call.Peer{Addr: "[2001:db8::1]:443"}, deny: true, rule: "unauthenticated",
			code: codes.Unauthenticated, reason: "UNAUTHENTICATED", latency: 12 * time.Microsecond,
		}, `{"time":"2026-12-01T10:00:00Z","caller":"","method":"authrocket.v2.UsersService/GetUser","transport":"grpc","peer":"[2001:db8::1]:443","decision":"deny","rule":"unauthenticated","code":"UNAUTHENTICATED","reason":"UNAUTHENTICATED","request_id":"gw-3","latency_ms":0.012}`},
		{"a JWT secret handed out", facts{
			start: minimal.start, transport: call.REST, method: "authrocket.v2.RealmsService/GetRealm", requestID: "gw-5", caller: "legacy",
			realm: "rl_hs", rule: "legacy: authrocket.v2.RealmsService/GetRealm", secrets: []string{"rl_hs", "jsk_not-an-id"}, status: 200, attempts: 1,
		}, `{"time":"2026-12-01T10:00:00Z","caller":"legacy","method":"authrocket.v2.RealmsService/GetRealm","transport":"rest","realm":"rl_hs","decision":"allow","rule":"legacy: authrocket.v2.RealmsService/GetRealm","secret_handed_out":"jwt_secret","secret_realms":["rl_hs"],"code":"OK","upstream_status":200,"attempts":1,"request_id":"gw-5","latency_ms":0}`},
		{"cancelled after an upstream timeout", facts{
			start: minimal.start, transport: call.GRPC, method: "m", requestID: "gw-4", caller: "c",
			attempts: 3, upstream: 2 * time.Second, code: codes.Canceled, latency: 2500 * time.Millisecond,
		}, `{"time":"2026-12-01T10:00:00Z","caller":"c","method":"m","transport":"grpc","decision":"allow","code":"CANCELLED","attempts":3,"request_id":"gw-4","upstream_ms":2000,"latency_ms":2500}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.f.record()
			got := string(audit.AppendRecord(nil, r))
			if got != tc.want+"\n" {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if ref := encodingJSON(t, r); got != ref {
				t.Errorf("encoding/json writes\n     %s", ref)
			}
		})
	}
}

func TestAppendMillis(t *testing.T) {
	for us, want := range map[int64]string{
		0: "0", 1: "0.001", 10: "0.01", 999: "0.999", 1000: "1", 1500: "1.5", 4213: "4.213", 60_000_000: "60000",
		-1: "-0.001", -1500: "-1.5", -9223372036854775: "-9223372036854.775", 9223372036854775: "9223372036854.775",
	} {
		if got := string(audit.AppendMillis(nil, us)); got != want {
			t.Errorf("AppendMillis(%d) = %s, want %s", us, got, want)
		}
	}
	// encoding/json writes the same number for float64(us)/1000 well past
	// any latency.
	for us := int64(-2_000_000); us < 2_000_000; us += 7 {
		for _, u := range []int64{us, us * 1_000_003} {
			want, _ := json.Marshal(float64(u) / 1000)
			if got := audit.AppendMillis(nil, u); !bytes.Equal(got, want) {
				t.Fatalf("AppendMillis(%d) = %s, encoding/json %s", u, got, want)
			}
		}
	}
}

// adversarial are strings a careless encoder gets wrong.
var adversarial = []string{
	"", `"`, `\`, `\"`, `"},"decision":"allow`, "a\nb", "\r\n", "\t\b\f", "\x00\x01\x1f\x7f",
	"\xff", "\xc3", "a\xc3(b", "\xed\xa0\x80", "\xf4\x90\x80\x80", "é ü 日本 🎉", "\u2028\u2029", "x\u2028y",
	"<script>&amp;</script>", "\ufffd", "rl_1\r\nx", "usr_1\"", strings.Repeat(`a"\`+"\x01é\u2028\xff", 10_000),
}

// checkLine checks that r's line is what encoding/json writes for the
// same facts, one valid JSON line, and that it decodes to r's values.
func checkLine(t *testing.T, r *call.Record) {
	t.Helper()
	got := audit.AppendRecord(nil, r)
	if want := encodingJSON(t, r); string(got) != want {
		t.Fatalf("line differs from encoding/json:\n got  %q\n want %q", got, want)
	}
	if bytes.IndexByte(got, '\n') != len(got)-1 || !json.Valid(got) {
		t.Fatalf("not one valid JSON line: %q", got)
	}
	var back jsonLine
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	want := jsonLineOf(r)
	for _, s := range []*string{&want.Caller, &want.Method, &want.Peer, &want.ClientIdentity, &want.Rule, &want.Reason, &want.RequestID, &want.AuthRocketRequestID} {
		*s = validUTF8(*s)
	}
	if b, w := jsonOf(back), jsonOf(want); b != w {
		t.Fatalf("decoded\n %s\nwant\n %s", b, w)
	}
}

// validUTF8 is s with each byte of invalid UTF-8 replaced by U+FFFD, as
// a JSON string carrying s decodes.
func validUTF8(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// adversarialRecord puts s in every string field of a record.
func adversarialRecord(s string, deny bool) *call.Record {
	return facts{
		start: time.Date(2026, 12, 1, 10, 0, 0, 1, cet), transport: call.GRPC, method: s, requestID: s,
		peer: call.Peer{Addr: s, TLS: true, Identity: s}, caller: s, realm: s, ids: []string{s, "usr_1", s},
		deny: deny, rule: s, status: 502, arID: s, attempts: 1, upstream: time.Millisecond,
		code: codes.Unavailable, reason: s, latency: time.Second,
	}.record()
}

func TestAppendRecordEscapes(t *testing.T) {
	for _, s := range adversarial {
		t.Run("", func(t *testing.T) {
			checkLine(t, adversarialRecord(s, false))
			checkLine(t, adversarialRecord(s, true))
		})
	}
}

func FuzzAppendRecord(f *testing.F) {
	for i, s := range adversarial {
		if len(s) > 1024 {
			continue // TestAppendRecordEscapes has it; the fuzzer makes its own
		}
		f.Add(s, s, "usr_1", int64(i)*1e15, uint32(i), i%2 == 0, int64(i)*1001)
	}
	f.Add("rl_0abc", "rl_0abc", "ks_live1", int64(0), uint32(99), false, int64(-1))
	f.Fuzz(func(t *testing.T, s, realm, id string, ns int64, c uint32, tls bool, latencyUS int64) {
		// Durations within ±2^40 µs (12 days), where a float64 still
		// holds every microsecond.
		latency := time.Duration(latencyUS%(1<<40)) * time.Microsecond
		r := call.New(time.Unix(0, ns), call.Transport(c%4), s, s, call.Peer{Addr: s, TLS: tls, Identity: s})
		r.Authenticated(s)
		r.Resources([]string{id, s, realm})
		r.Allowed(realm, s)
		if tls {
			r.Denied(s)
		}
		r.Upstream(int(c), s, int(c%5), latency/3)
		r.Finish(codes.Code(c%20), s, r.Start().Add(latency))
		if y := r.Start().UTC().Year(); y < 0 || y > 9999 {
			t.Skip("encoding/json refuses years outside 0-9999")
		}
		checkLine(t, r)
	})
}
