package server_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	"github.com/authrocket-gateway/gateway/call"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
	"github.com/authrocket-gateway/gateway/tracing"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

const traceToken = "argw_TRACECALLERTOKEN0123456789"

// traceGateway is a traced gateway on loopback in front of an emulator,
// its spans exported to memory as each ends (or as export says).
type traceGateway struct {
	emu   *emulator.Emulator
	spans *tracetest.InMemoryExporter
	conn  *grpc.ClientConn
	rest  string
	up    string // the emulator's URL
	audit *records
	log   *syncBuffer
	// metrics has the gateway's metrics.
	metrics *prometheus.Registry
}

func startTraceGateway(t testing.TB, export ...sdktrace.TracerProviderOption) *traceGateway {
	t.Helper()
	g := &traceGateway{emu: emulator.New(), spans: tracetest.NewInMemoryExporter(), audit: &records{}, log: &syncBuffer{}, metrics: prometheus.NewRegistry()}
	realm, err := g.emu.CreateRealm("Trace realm")
	if err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(g.emu)
	t.Cleanup(up.Close)
	g.up = up.URL
	if export == nil {
		export = []sdktrace.TracerProviderOption{sdktrace.WithSyncer(g.spans)}
	}
	tp := sdktrace.NewTracerProvider(export...)
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	prop := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	ar, err := authrocket.NewClient(authrocket.Config{URL: up.URL + "/v2", APIKey: authrocket.NewSecret(g.emu.APIKey()), DefaultRealm: realm,
		TracerProvider: tp, Propagator: prop, Rate: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.AllowAll("tracer", traceToken, server.Methods())
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := logintoken.New(logintoken.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ar, server.Config{
		Policy:         policy.NewStore(pol),
		Tokens:         verifier,
		Logger:         slog.New(tracing.LogHandler(slog.NewJSONHandler(g.log, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		Audit:          g.audit,
		TracerProvider: tp,
		Propagator:     prop,
		Metrics:        g.metrics,
	})
	if err != nil {
		t.Fatal(err)
	}
	g.conn, g.rest = serveOnLoopback(t, srv)
	return g
}

// callerTrace is the trace context a caller sends: a fresh trace ID and
// the ID of the caller's own span.
type callerTrace struct {
	traceID trace.TraceID
	spanID  trace.SpanID
}

func newCallerTrace() callerTrace {
	var c callerTrace
	_, _ = rand.Read(c.traceID[:])
	_, _ = rand.Read(c.spanID[:])
	return c
}

func (c callerTrace) traceparent() string {
	return fmt.Sprintf("00-%s-%s-01", c.traceID, c.spanID)
}

// ofTrace returns the spans of trace id, in the order they ended.
func (g *traceGateway) ofTrace(id trace.TraceID) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, s := range g.spans.GetSpans() {
		if s.SpanContext.TraceID() == id {
			out = append(out, s)
		}
	}
	return out
}

func attrOf(s tracetest.SpanStub, key string) attribute.Value {
	for _, a := range s.Attributes {
		if string(a.Key) == key {
			return a.Value
		}
	}
	return attribute.Value{}
}

// checkCall checks the spans of one proxied call made with caller's trace
// context: one server span named method, the child of the caller's span;
// attempts client spans named client, each the child of the server span;
// AuthRocket got, with each attempt, a traceparent naming its client span;
// the audit record and the call's log line carry the trace ID.
func (g *traceGateway) checkCall(t *testing.T, caller callerTrace, requestID, transport, method, client string, attempts int, sent []emulator.Request) {
	t.Helper()
	spans := g.ofTrace(caller.traceID)
	var srv tracetest.SpanStub
	var clients []tracetest.SpanStub
	for _, s := range spans {
		switch s.SpanKind {
		case trace.SpanKindServer:
			if srv.Name != "" {
				t.Fatalf("two server spans in the trace: %s and %s", srv.Name, s.Name)
			}
			srv = s
		case trace.SpanKindClient:
			clients = append(clients, s)
		default:
			t.Errorf("span %q of kind %v", s.Name, s.SpanKind)
		}
	}
	if srv.Name != method {
		t.Fatalf("server span %q, want %q; spans: %v", srv.Name, method, names(spans))
	}
	if srv.Parent.SpanID() != caller.spanID || !srv.Parent.IsRemote() {
		t.Errorf("server span's parent %v, want the caller's span %v", srv.Parent.SpanID(), caller.spanID)
	}
	service, rpcMethod, _ := strings.Cut(method, "/")
	for key, want := range map[string]string{"rpc.system": "grpc", "rpc.service": service, "rpc.method": rpcMethod,
		"gateway.transport": transport, "gateway.caller": "tracer", "gateway.request_id": requestID} {
		if got := attrOf(srv, key).AsString(); got != want {
			t.Errorf("server span's %s = %q, want %q", key, got, want)
		}
	}
	if got := attrOf(srv, "rpc.grpc.status_code"); got.Type() != attribute.INT64 || got.AsInt64() != 0 {
		t.Errorf("server span's rpc.grpc.status_code = %v, want 0", got.String())
	}
	if len(clients) != attempts || len(sent) != attempts {
		t.Fatalf("%d client spans and %d requests at AuthRocket, want %d each", len(clients), len(sent), attempts)
	}
	for i, c := range clients {
		if c.Name != client {
			t.Errorf("client span %q, want %q", c.Name, client)
		}
		if c.Parent.SpanID() != srv.SpanContext.SpanID() {
			t.Errorf("client span %q's parent %v, want the server span %v", c.Name, c.Parent.SpanID(), srv.SpanContext.SpanID())
		}
		want := fmt.Sprintf("00-%s-%s-01", caller.traceID, c.SpanContext.SpanID())
		if got := sent[i].Header.Get("Traceparent"); got != want {
			t.Errorf("AuthRocket got traceparent %q with attempt %d, want %q (its client span)", got, i+1, want)
		}
		if i > 0 && attrOf(c, "http.request.resend_count").AsInt64() != int64(i) {
			t.Errorf("attempt %d's http.request.resend_count = %v", i+1, attrOf(c, "http.request.resend_count").String())
		}
	}
	recs := g.audit.of(requestID)
	if len(recs) != 1 || recs[0].TraceID() != caller.traceID.String() {
		t.Errorf("audit records of %s: %d, trace ID %q, want one with %s", requestID, len(recs), traceIDs(recs), caller.traceID)
	}
	lines := g.log.callLines(t, requestID)
	if len(lines) != 1 || lines[0]["trace_id"] != caller.traceID.String() || lines[0]["span_id"] != srv.SpanContext.SpanID().String() {
		t.Errorf("call lines of %s: %v, want one with trace_id %s and span_id %s", requestID, lines, caller.traceID, srv.SpanContext.SpanID())
	}
}

func names(spans []tracetest.SpanStub) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

func traceIDs(recs []*call.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.TraceID())
	}
	return out
}

// TestTraceParentage: on both transports, a call's server span is the
// child of the caller's traceparent, each upstream attempt's client span
// the child of the server span, and AuthRocket gets the traceparent of its
// attempt's span; a refused call and a call of no method are traced too;
// no span attribute holds a secret, an ID or an email address the caller
// sent.
func TestTraceParentage(t *testing.T) {
	g := startTraceGateway(t)
	users := arv2.NewUsersServiceClient(g.conn)
	const email = "traced.person@example.com"
	ctx := context.Background()

	t.Run("grpc", func(t *testing.T) {
		caller := newCallerTrace()
		g.emu.ResetRequests()
		// The first attempt is answered 503, and retried: two client spans.
		defer g.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/v2/users", Status: 503, Times: 1})()
		cctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+traceToken, "x-request-id", "trace-grpc", "traceparent", caller.traceparent())
		if _, err := users.ListUsers(cctx, &arv2.ListUsersRequest{Email: proto.String(email)}); err != nil {
			t.Fatal(err)
		}
		g.checkCall(t, caller, "trace-grpc", "grpc", "authrocket.v2.UsersService/ListUsers", "GET /v2/users", 2, g.emu.Requests())
	})

	t.Run("rest", func(t *testing.T) {
		caller := newCallerTrace()
		g.emu.ResetRequests()
		req, _ := http.NewRequest(http.MethodPost, g.rest+"/v2/users", strings.NewReader(`{"user":{"email":"`+email+`"}}`))
		req.Header.Set("Authrocket-Api-Key", traceToken)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", "trace-rest")
		req.Header.Set("Traceparent", caller.traceparent())
		if err := sendExpect(req, http.StatusCreated); err != nil {
			t.Fatal(err)
		}
		g.checkCall(t, caller, "trace-rest", "rest", "authrocket.v2.UsersService/CreateUser", "POST /v2/users", 1, g.emu.Requests())
		// The user's ID is in the next call's path: never in its span.
		g.emu.ResetRequests()
		id := findUserID(t, g, email)
		caller = newCallerTrace()
		req, _ = http.NewRequest(http.MethodGet, g.rest+"/v2/users/"+id, nil)
		req.Header.Set("Authrocket-Api-Key", traceToken)
		req.Header.Set("X-Request-Id", "trace-rest-get")
		req.Header.Set("Traceparent", caller.traceparent())
		if err := sendExpect(req, http.StatusOK); err != nil {
			t.Fatal(err)
		}
		spans := g.ofTrace(caller.traceID)
		var client tracetest.SpanStub
		for _, s := range spans {
			if s.SpanKind == trace.SpanKindClient {
				client = s
			}
		}
		if client.Name != "GET /v2/users/{id}" || attrOf(client, "url.full").AsString() != g.up+"/v2/users/{id}" || attrOf(client, "url.template").AsString() != "/v2/users/{id}" {
			t.Errorf("GetUser's spans %v; client span %q, url.full %q", names(spans), client.Name, attrOf(client, "url.full").AsString())
		}
		for _, s := range spans {
			for _, a := range s.Attributes {
				if strings.Contains(a.Value.String(), id) {
					t.Errorf("span %q's %s holds the user's ID: %s", s.Name, a.Key, a.Value.String())
				}
			}
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name, method string
			do           func(caller callerTrace) error
		}{
			{"grpc without a credential", "authrocket.v2.UsersService/GetUser", func(caller callerTrace) error {
				cctx := metadata.AppendToOutgoingContext(ctx, "x-request-id", "trace-refused-grpc", "traceparent", caller.traceparent())
				_, err := users.GetUser(cctx, &arv2.GetUserRequest{Id: "usr_1"})
				if status.Code(err) != codes.Unauthenticated {
					return fmt.Errorf("GetUser without a credential: %v", err)
				}
				return nil
			}},
			{"rest without a credential", "authrocket.v2.UsersService/GetUser", func(caller callerTrace) error {
				return restStatus(g.rest, "GET", "/v2/users/usr_1", "", "trace-refused-rest", caller, http.StatusForbidden)
			}},
			{"rest of no method", "unknown", func(caller callerTrace) error {
				return restStatus(g.rest, "GET", "/v2/nothing/usr_2", traceToken, "trace-refused-nothing", caller, http.StatusNotFound)
			}},
			{"grpc of no method", "unknown", func(caller callerTrace) error {
				cctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+traceToken, "x-request-id", "trace-refused-nothing-grpc", "traceparent", caller.traceparent())
				err := g.conn.Invoke(cctx, "/authrocket.v2.UsersService/usr_secretish", &arv2.GetUserRequest{}, &arv2.User{})
				if status.Code(err) != codes.Unimplemented {
					return fmt.Errorf("an unserved method: %v", err)
				}
				return nil
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				caller := newCallerTrace()
				before := g.emu.RequestCount()
				if err := tc.do(caller); err != nil {
					t.Fatal(err)
				}
				if g.emu.RequestCount() != before {
					t.Error("a refused call reached AuthRocket")
				}
				spans := g.ofTrace(caller.traceID)
				if len(spans) != 1 || spans[0].Name != tc.method || spans[0].SpanKind != trace.SpanKindServer || spans[0].Parent.SpanID() != caller.spanID {
					t.Fatalf("spans %v, want one server span %q, the caller's span's child", names(spans), tc.method)
				}
				if tc.method == "unknown" && attrOf(spans[0], "rpc.method").AsString() != "" {
					t.Errorf("the span of no method names one: %s", attrOf(spans[0], "rpc.method").String())
				}
				if code := attrOf(spans[0], "rpc.grpc.status_code").AsInt64(); code == 0 {
					t.Error("a refused call's span has status code OK")
				}
				if spans[0].Status.Code == otelcodes.Error {
					t.Error("a caller's refusal is an error of the gateway's span")
				}
				if !g.audit.hasTrace(caller.traceID.String()) {
					t.Error("no audit record with the caller's trace ID")
				}
			})
		}
	})

	// No span holds the caller's credential, AuthRocket's key, the email
	// address sent, or anything shaped like a secret.
	secrets := []string{traceToken, g.emu.APIKey(), "traced.person", "ks_", "Bearer"} // the email address, escaped in a query or not
	for _, s := range g.spans.GetSpans() {
		for _, a := range s.Attributes {
			for _, secret := range secrets {
				if strings.Contains(a.Value.String(), secret) {
					t.Errorf("span %q's %s holds %q: %s", s.Name, a.Key, secret, a.Value.String())
				}
			}
		}
		for _, secret := range secrets {
			if strings.Contains(s.Status.Description, secret) || strings.Contains(s.Name, secret) {
				t.Errorf("span %q (status %q) holds %q", s.Name, s.Status.Description, secret)
			}
		}
	}
}

// hasTrace reports whether a record has trace ID id.
func (r *records) hasTrace(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range r.list {
		if rec.TraceID() == id {
			return true
		}
	}
	return false
}

// findUserID returns the ID of the user with email, asking the gateway.
func findUserID(t *testing.T, g *traceGateway, email string) string {
	t.Helper()
	cctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+traceToken)
	list, err := arv2.NewUsersServiceClient(g.conn).ListUsers(cctx, &arv2.ListUsersRequest{Email: proto.String(email)})
	if err != nil || len(list.GetCollection()) != 1 {
		t.Fatalf("ListUsers %s: %v %v", email, list, err)
	}
	return list.GetCollection()[0].GetId()
}

// restStatus sends a REST request with the caller's trace context and
// checks its status.
func restStatus(base, method, path, token, requestID string, caller callerTrace, want int) error {
	req, _ := http.NewRequest(method, base+path, nil)
	if token != "" {
		req.Header.Set("Authrocket-Api-Key", token)
	}
	req.Header.Set("X-Request-Id", requestID)
	req.Header.Set("Traceparent", caller.traceparent())
	return sendExpect(req, want)
}

// TestTraceExemplar: a traced call's count carries its trace ID as an
// exemplar, so a dashboard can go from a spike to a trace.
func TestTraceExemplar(t *testing.T) {
	g := startTraceGateway(t)
	caller := newCallerTrace()
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+traceToken, "traceparent", caller.traceparent())
	if _, err := arv2.NewUsersServiceClient(g.conn).ListUsers(ctx, &arv2.ListUsersRequest{}); err != nil {
		t.Fatal(err)
	}
	families, err := g.metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "grpc_server_handled_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetCounter().GetExemplar().GetLabel() {
				if l.GetName() == "trace_id" && l.GetValue() == caller.traceID.String() {
					return
				}
			}
		}
	}
	t.Errorf("no grpc_server_handled_total exemplar names the call's trace %s", caller.traceID)
}
