package tracing

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/contrib/propagators/autoprop"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// ServiceName is the service.name of the gateway's spans unless
// OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) says
// otherwise.
const ServiceName = "authrocket-gateway"

// Tracing is the gateway's tracing when it is on. A nil *Tracing is off.
type Tracing struct {
	provider   *sdktrace.TracerProvider
	propagator propagation.TextMapPropagator
}

// Enabled reports whether the environment getenv asks for tracing (see
// the package's doc).
func Enabled(getenv func(string) string) bool {
	if disabled, _ := strconv.ParseBool(strings.TrimSpace(getenv("OTEL_SDK_DISABLED"))); disabled {
		return false
	}
	if e := strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")); e != "" {
		return e != "none"
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Setup starts tracing when the process's environment asks for it (see
// the package's doc), and returns nil when it does not. It logs one line
// to log saying which: the exporter, its protocol and endpoint, never the
// OTLP headers (they may hold an API key). The SDK's own errors (a failed
// export) go to log at warn level. Shutdown flushes the spans.
func Setup(ctx context.Context, version string, log *slog.Logger) (*Tracing, error) {
	if !Enabled(os.Getenv) {
		log.Info("tracing off", "reason", "no OTEL_TRACES_EXPORTER or OTEL_EXPORTER_OTLP_ENDPOINT set, or OTEL_SDK_DISABLED=true")
		return nil, nil
	}
	exporter, err := autoexport.NewSpanExporter(ctx)
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", ServiceName), attribute.String("service.version", version)),
		resource.WithFromEnv(), // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES: theirs win
		resource.WithTelemetrySDK(),
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		_ = exporter.Shutdown(ctx)
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	propagator, err := propagators(os.Getenv("OTEL_PROPAGATORS"))
	if err != nil {
		_ = exporter.Shutdown(ctx)
		return nil, fmt.Errorf("tracing: OTEL_PROPAGATORS: %w", err)
	}
	// The SDK reports failed exports and its own trouble through the
	// global handlers: into the gateway's JSON log, not as plain text on
	// stderr.
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		log.Warn("tracing", "error", err.Error())
	}))
	otel.SetLogger(logr.FromSlogHandler(log.Handler()))
	// The sampler is OTEL_TRACES_SAMPLER's, the batching OTEL_BSP_*'s: the
	// SDK reads them.
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	log.Info("tracing on", describe(os.Getenv)...)
	return &Tracing{provider: tp, propagator: propagator}, nil
}

// propagators are those env names (OTEL_PROPAGATORS), W3C tracecontext
// alone when it names none: not the SDK's default of tracecontext and
// baggage, since what a caller puts in its baggage is its organisation's,
// not AuthRocket's to receive. An unknown name is an error, not a silent
// default.
func propagators(env string) (propagation.TextMapPropagator, error) {
	if strings.TrimSpace(env) == "" {
		return propagation.TraceContext{}, nil
	}
	names := strings.Split(env, ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	return autoprop.TextMapPropagator(names...)
}

// TracerProvider is the provider of the gateway's tracers, nil when off.
func (t *Tracing) TracerProvider() trace.TracerProvider {
	if t == nil {
		return nil
	}
	return t.provider
}

// Propagator reads and writes the trace context of a call's headers
// (traceparent), nil when off.
func (t *Tracing) Propagator() propagation.TextMapPropagator {
	if t == nil {
		return nil
	}
	return t.propagator
}

// Shutdown exports the spans still buffered, until ctx ends, and stops
// tracing. It does nothing when off.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return t.provider.Shutdown(ctx)
}

// describe is what the start-up line says of tracing: the exporter, for
// OTLP its protocol and endpoint without user information, query or
// fragment (never OTEL_EXPORTER_OTLP_HEADERS), the sampler and the
// propagators.
func describe(getenv func(string) string) []any {
	exporter := cmp.Or(firstSet(getenv, "OTEL_TRACES_EXPORTER"), "otlp")
	attrs := []any{"exporter", exporter}
	if exporter == "otlp" {
		endpoint := firstSet(getenv, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
		if u, err := url.Parse(endpoint); endpoint == "" {
			endpoint = "(default)"
		} else if err == nil && u.Host != "" {
			endpoint = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
		} else {
			endpoint = "(unreadable)"
		}
		attrs = append(attrs,
			"protocol", cmp.Or(firstSet(getenv, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"), "http/protobuf"),
			"endpoint", endpoint)
	}
	return append(attrs,
		"sampler", cmp.Or(firstSet(getenv, "OTEL_TRACES_SAMPLER"), "parentbased_always_on"),
		"propagators", cmp.Or(firstSet(getenv, "OTEL_PROPAGATORS"), "tracecontext"))
}

func firstSet(getenv func(string) string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
	}
	return ""
}
