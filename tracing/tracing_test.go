package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/authrocket-gateway/gateway/tracing"
	"go.opentelemetry.io/otel/trace"
)

func TestEnabled(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"OTEL_SERVICE_NAME": "x", "OTEL_PROPAGATORS": "tracecontext"}, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "console"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, false},
		{map[string]string{"OTEL_SDK_DISABLED": "false", "OTEL_TRACES_EXPORTER": "otlp"}, true},
	} {
		if got := tracing.Enabled(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("Enabled(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

// logLines decodes the JSON log lines in b.
func logLines(t *testing.T, b *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func TestSetupOff(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("OTEL_SDK_DISABLED", "true")
	var b bytes.Buffer
	tr, err := tracing.Setup(context.Background(), "v1", slog.New(slog.NewJSONHandler(&b, nil)))
	if err != nil || tr != nil {
		t.Fatalf("Setup = %v, %v; want off", tr, err)
	}
	if tr.TracerProvider() != nil || tr.Propagator() != nil || tr.Shutdown(context.Background()) != nil {
		t.Error("off tracing has a provider or a propagator")
	}
	if lines := logLines(t, &b); len(lines) != 1 || lines[0]["msg"] != "tracing off" {
		t.Errorf("log: %v", lines)
	}
}

func TestSetupUnknownPropagator(t *testing.T) {
	t.Setenv("OTEL_TRACES_EXPORTER", "otlp")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("OTEL_PROPAGATORS", "tracecontext, nonesuch")
	if _, err := tracing.Setup(context.Background(), "v1", slog.New(slog.NewJSONHandler(io.Discard, nil))); err == nil {
		t.Fatal("an unknown propagator was accepted")
	}
}

// TestSetupOTLP: with an OTLP endpoint, spans are exported there over
// http/protobuf with the configured headers, and the start-up line names
// the endpoint without its user information or the headers.
func TestSetupOTLP(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	}))
	defer collector.Close()
	const key = "ks_collectorkey0123456789abcdef"
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", strings.Replace(collector.URL, "http://", "http://user:"+key+"@", 1))
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key="+key)
	var b bytes.Buffer
	tr, err := tracing.Setup(context.Background(), "v1.2.3", slog.New(slog.NewJSONHandler(&b, nil)))
	if err != nil || tr == nil {
		t.Fatalf("Setup = %v, %v", tr, err)
	}
	if strings.Contains(b.String(), key) {
		t.Errorf("the start-up line holds the collector's key: %s", b.String())
	}
	lines := logLines(t, &b)
	if len(lines) != 1 || lines[0]["msg"] != "tracing on" || lines[0]["exporter"] != "otlp" || lines[0]["protocol"] != "http/protobuf" ||
		lines[0]["endpoint"] != collector.URL || lines[0]["sampler"] != "parentbased_always_on" || lines[0]["propagators"] != "tracecontext" {
		t.Errorf("log: %v", lines)
	}
	fields := tr.Propagator().Fields()
	if !strings.Contains(strings.Join(fields, ","), "traceparent") {
		t.Errorf("propagator fields %v", fields)
	}
	_, span := tr.TracerProvider().Tracer("test").Start(context.Background(), "a span")
	span.End()
	if err := tr.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0].URL.Path != "/v1/traces" || got[0].Header.Get("X-Api-Key") != key ||
		got[0].Header.Get("Content-Type") != "application/x-protobuf" {
		t.Errorf("the collector got %d requests: %v", len(got), got)
	}
}

func TestLogHandler(t *testing.T) {
	var b bytes.Buffer
	log := slog.New(tracing.LogHandler(slog.NewJSONHandler(&b, nil))).With("component", "x")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	log.InfoContext(ctx, "in a call")
	log.InfoContext(context.Background(), "outside")
	lines := logLines(t, &b)
	if lines[0]["trace_id"] != sc.TraceID().String() || lines[0]["span_id"] != sc.SpanID().String() || lines[0]["component"] != "x" {
		t.Errorf("a line in a call: %v", lines[0])
	}
	if _, ok := lines[1]["trace_id"]; ok {
		t.Errorf("a line outside a call: %v", lines[1])
	}
}
