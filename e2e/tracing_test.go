package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// collector is an OTLP/HTTP trace receiver: it keeps the spans of every
// export request, and the resource they came with.
type collector struct {
	url       string
	mu        sync.Mutex
	spans     []*tracepb.Span
	resources []map[string]string
	requests  int
}

func startCollector(t *testing.T) *collector {
	t.Helper()
	c := &collector{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var req coltracepb.ExportTraceServiceRequest
		if err == nil && (r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf") {
			err = fmt.Errorf("%s %s", r.URL.Path, r.Header.Get("Content-Type"))
		}
		if err == nil {
			err = proto.Unmarshal(body, &req)
		}
		if err != nil {
			t.Errorf("the collector got an unreadable export: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.requests++
		for _, rs := range req.GetResourceSpans() {
			c.resources = append(c.resources, attrs(rs.GetResource().GetAttributes()))
			for _, ss := range rs.GetScopeSpans() {
				c.spans = append(c.spans, ss.GetSpans()...)
			}
		}
		c.mu.Unlock()
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	c.url = srv.URL
	return c
}

// ofTrace returns the spans of trace id (hex) received so far.
func (c *collector) ofTrace(id string) []*tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*tracepb.Span
	for _, s := range c.spans {
		if hex.EncodeToString(s.GetTraceId()) == id {
			out = append(out, s)
		}
	}
	return out
}

// waitTrace waits up to 10 s for n spans of trace id to arrive (the
// gateway exports in batches) and returns them.
func (c *collector) waitTrace(t *testing.T, id string, n int) []*tracepb.Span {
	t.Helper()
	var spans []*tracepb.Span
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if spans = c.ofTrace(id); len(spans) >= n {
			break
		}
	}
	if len(spans) != n {
		t.Fatalf("%d spans of trace %s arrived, want %d: %v", len(spans), id, n, spanNames(spans))
	}
	return spans
}

func attrs(kvs []*commonpb.KeyValue) map[string]string {
	m := map[string]string{}
	for _, kv := range kvs {
		v := kv.GetValue()
		switch {
		case v.GetStringValue() != "":
			m[kv.GetKey()] = v.GetStringValue()
		default:
			m[kv.GetKey()] = fmt.Sprint(v.GetIntValue())
		}
	}
	return m
}

func spanNames(spans []*tracepb.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.GetName())
	}
	return out
}

// newTraceparent returns a caller's traceparent and its trace ID and span
// ID in hex.
func newTraceparent() (header, traceID, spanID string) {
	var b [24]byte
	_, _ = rand.Read(b[:])
	traceID, spanID = hex.EncodeToString(b[:16]), hex.EncodeToString(b[16:])
	return "00-" + traceID + "-" + spanID + "-01", traceID, spanID
}

// TestTracingOTLP runs the gateway with tracing on (OTLP over
// http/protobuf to a receiver of the test's): a gRPC and a REST call made
// with a caller's traceparent are exported as a server span, the child of
// the caller's span, and a client span per upstream attempt, the child of
// the server span; AuthRocket got the client span's traceparent; the audit
// record and the call's log line carry the trace ID; a refused call is
// traced too; no span holds the caller's credential or AuthRocket's key.
func TestTracingOTLP(t *testing.T) {
	col := startCollector(t)
	e := newEnvWith(t, gatewayOptions{
		args: []string{"--log-level", "debug"},
		env: func(*testing.T, *env) []string {
			return []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + col.url, "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
				"OTEL_EXPORTER_OTLP_HEADERS=x-collector-key=ks_collectorkey0123456789abcdef", "OTEL_BSP_SCHEDULE_DELAY=50"}
		},
	})
	if out := e.gateway.Output(); !strings.Contains(out, `"msg":"tracing on","exporter":"otlp","protocol":"http/protobuf","endpoint":"`+col.url+`"`) ||
		strings.Contains(out, "ks_collectorkey") {
		t.Errorf("the start-up log does not say where spans go, or says the collector's key:\n%s", out)
	}

	check := func(t *testing.T, requestID, traceID, callerSpan, method, client string) {
		t.Helper()
		spans := col.waitTrace(t, traceID, 2)
		var srv, cli *tracepb.Span
		for _, s := range spans {
			switch s.GetKind() {
			case tracepb.Span_SPAN_KIND_SERVER:
				srv = s
			case tracepb.Span_SPAN_KIND_CLIENT:
				cli = s
			}
		}
		if srv == nil || cli == nil || srv.GetName() != method || cli.GetName() != client {
			t.Fatalf("spans %v, want a server span %q and a client span %q", spanNames(spans), method, client)
		}
		if got := hex.EncodeToString(srv.GetParentSpanId()); got != callerSpan {
			t.Errorf("server span's parent %s, want the caller's %s", got, callerSpan)
		}
		if got, want := hex.EncodeToString(cli.GetParentSpanId()), hex.EncodeToString(srv.GetSpanId()); got != want {
			t.Errorf("client span's parent %s, want the server span %s", got, want)
		}
		a := attrs(srv.GetAttributes())
		if a["gateway.caller"] != "default" || a["rpc.grpc.status_code"] != "0" || a["gateway.request_id"] != requestID {
			t.Errorf("server span's attributes %v", a)
		}
		want := "00-" + traceID + "-" + hex.EncodeToString(cli.GetSpanId()) + "-01"
		if got := e.lastUpstream(t).Header["Traceparent"]; len(got) != 1 || got[0] != want {
			t.Errorf("AuthRocket got traceparent %v, want %s", got, want)
		}
		if rec := auditFor(t, e.gateway, requestID); rec.TraceID != traceID {
			t.Errorf("audit record's trace_id %q, want %s", rec.TraceID, traceID)
		}
		if line := callLine(t, e.gateway, requestID); line["trace_id"] != traceID || line["span_id"] != hex.EncodeToString(srv.GetSpanId()) {
			t.Errorf("call line %v, want trace_id %s", line, traceID)
		}
	}

	t.Run("grpc", func(t *testing.T) {
		tp, traceID, spanID := newTraceparent()
		ctx := metadata.AppendToOutgoingContext(e.ctx(t), "x-request-id", "otlp-grpc", "traceparent", tp)
		if _, err := arv2.NewUsersServiceClient(e.conn).ListUsers(ctx, &arv2.ListUsersRequest{Email: proto.String("otlp@example.com")}); err != nil {
			t.Fatal(err)
		}
		check(t, "otlp-grpc", traceID, spanID, "authrocket.v2.UsersService/ListUsers", "GET /v2/users")
	})
	t.Run("rest", func(t *testing.T) {
		tp, traceID, spanID := newTraceparent()
		if code, _, body := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "otlp@example.com"}},
			"X-Request-Id", "otlp-rest", "Traceparent", tp); code != http.StatusCreated {
			t.Fatalf("POST /v2/users: %d %v", code, body)
		}
		check(t, "otlp-rest", traceID, spanID, "authrocket.v2.UsersService/CreateUser", "POST /v2/users")
	})
	t.Run("refused", func(t *testing.T) {
		tp, traceID, spanID := newTraceparent()
		if code, _, _ := e.rest(t, "GET", "/v2/users/usr_1", nil, "Authrocket-Api-Key", "", "X-Request-Id", "otlp-refused", "Traceparent", tp); code != http.StatusForbidden {
			t.Fatalf("GET without a credential: %d", code)
		}
		spans := col.waitTrace(t, traceID, 1)
		if spans[0].GetName() != "authrocket.v2.UsersService/GetUser" || hex.EncodeToString(spans[0].GetParentSpanId()) != spanID {
			t.Errorf("refused call's span %q", spans[0].GetName())
		}
		if rec := auditFor(t, e.gateway, "otlp-refused"); rec.TraceID != traceID || rec.Decision != "deny" {
			t.Errorf("refused call's audit record %+v", rec)
		}
	})

	col.mu.Lock()
	defer col.mu.Unlock()
	for _, r := range col.resources {
		if r["service.name"] != "authrocket-gateway" || r["service.version"] == "" {
			t.Errorf("resource %v", r)
		}
	}
	for _, s := range col.spans {
		for k, v := range attrs(s.GetAttributes()) {
			for _, secret := range []string{e.apiKey, e.token, "otlp@example.com", "otlp%40example.com"} {
				if strings.Contains(v, secret) {
					t.Errorf("span %q's %s holds %q", s.GetName(), k, secret)
				}
			}
		}
	}
}

// TestTracingOff: without OTEL_* settings, or with OTEL_SDK_DISABLED=true
// beside an endpoint, the gateway traces nothing: it exports nothing,
// sends AuthRocket no traceparent though the caller sent one, and writes
// no trace_id.
func TestTracingOff(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  func(col *collector) []string
	}{
		{"no OTEL settings", func(*collector) []string { return nil }},
		{"OTEL_SDK_DISABLED", func(col *collector) []string {
			return []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + col.url, "OTEL_SDK_DISABLED=true", "OTEL_BSP_SCHEDULE_DELAY=50"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			col := startCollector(t)
			e := newEnvWith(t, gatewayOptions{
				args: []string{"--log-level", "debug"},
				env:  func(*testing.T, *env) []string { return tc.env(col) },
			})
			if !strings.Contains(e.gateway.Output(), `"msg":"tracing off"`) {
				t.Errorf("the start-up log does not say tracing is off:\n%s", e.gateway.Output())
			}
			tp, _, _ := newTraceparent()
			ctx := metadata.AppendToOutgoingContext(e.ctx(t), "x-request-id", "off-grpc", "traceparent", tp)
			if _, err := arv2.NewUsersServiceClient(e.conn).ListUsers(ctx, &arv2.ListUsersRequest{}); err != nil {
				t.Fatal(err)
			}
			if got := e.lastUpstream(t).Header["Traceparent"]; got != nil {
				t.Errorf("AuthRocket got traceparent %v", got)
			}
			if rec := auditFor(t, e.gateway, "off-grpc"); rec.TraceID != "" {
				t.Errorf("audit record's trace_id %q", rec.TraceID)
			}
			if line := callLine(t, e.gateway, "off-grpc"); line["trace_id"] != nil {
				t.Errorf("call line %v", line)
			}
			// The gateway exports at its stop, if ever.
			e.gateway.stop()
			col.mu.Lock()
			defer col.mu.Unlock()
			if col.requests != 0 {
				t.Errorf("the collector got %d exports", col.requests)
			}
		})
	}
}

// callLine waits for the gateway's "call" log line of request ID id and
// returns it.
func callLine(t *testing.T, p *proc, id string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for l := range strings.Lines(p.Output()) {
			if !strings.Contains(l, `"msg":"call"`) || !strings.Contains(l, id) {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("log line %q: %v", l, err)
			}
			if m["request_id"] == id {
				return m
			}
		}
	}
	t.Fatalf("no call line of %s in:\n%s", id, p.Output())
	return nil
}
