package server

import (
	"context"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
)

// Attributes of a call's server span.
const (
	attrRPCSystem     = attribute.Key("rpc.system")
	attrRPCService    = attribute.Key("rpc.service")
	attrRPCMethod     = attribute.Key("rpc.method")
	attrGRPCStatus    = attribute.Key("rpc.grpc.status_code")
	attrTransport     = attribute.Key("gateway.transport")
	attrCaller        = attribute.Key("gateway.caller")
	attrReason        = attribute.Key("gateway.reason")
	attrRequestID     = attribute.Key("gateway.request_id")
	unknownMethodSpan = "unknown"
)

// tracer starts the server span of every call; nil when tracing is off.
type tracer struct {
	t    trace.Tracer
	prop propagation.TextMapPropagator
}

func newTracer(tp trace.TracerProvider, prop propagation.TextMapPropagator) *tracer {
	if tp == nil {
		return nil
	}
	if prop == nil {
		prop = propagation.NewCompositeTextMapPropagator() // reads and writes nothing
	}
	return &tracer{t: tp.Tracer("github.com/authrocket-gateway/gateway/server"), prop: prop}
}

// headers are the request headers the propagator reads, which the REST
// facade forwards; none when tracing is off.
func (tr *tracer) headers() []string {
	if tr == nil {
		return nil
	}
	return tr.prop.Fields()
}

// start starts c's server span, the child of the trace context in c's
// headers (traceparent) when they carry one, from the time its record was
// made, and records its trace in the record. It returns ctx with the span:
// the adapter's client spans are its children. The span is named after
// the method served, "unknown" when none is: never what the caller asked
// for.
func (tr *tracer) start(ctx context.Context, c *inflight) context.Context {
	if tr == nil {
		return ctx
	}
	ctx = tr.prop.Extract(ctx, mdCarrier(c.md))
	rec := c.rec
	name := rec.Method()
	attrs := make([]attribute.KeyValue, 0, 5)
	attrs = append(attrs, attrRPCSystem.String("grpc"), attrTransport.String(rec.Transport().String()), attrRequestID.String(rec.RequestID()))
	if service, method, ok := strings.Cut(name, "/"); ok {
		attrs = append(attrs, attrRPCService.String(service), attrRPCMethod.String(method))
	} else {
		name = unknownMethodSpan
	}
	ctx, c.span = tr.t.Start(ctx, name, trace.WithSpanKind(trace.SpanKindServer), trace.WithTimestamp(rec.Start()), trace.WithAttributes(attrs...))
	if sc := c.span.SpanContext(); sc.IsValid() {
		rec.Traced(sc.TraceID())
	}
	return ctx
}

// endSpan ends c's server span, if it has one, with the call's outcome as
// its record has it. The span's status is an error for the codes that say
// the gateway or AuthRocket failed, as logCall's warn level, not for a
// caller's mistake or refusal.
func endSpan(c *inflight, end time.Time) {
	if c.span == nil {
		return
	}
	rec := c.rec
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, attrGRPCStatus.Int(int(rec.Code())))
	if caller := rec.Caller(); caller != "" {
		attrs = append(attrs, attrCaller.String(caller))
	}
	if reason := rec.Reason(); reason != "" {
		attrs = append(attrs, attrReason.String(reason))
	}
	c.span.SetAttributes(attrs...)
	if serverFault(rec.Code()) {
		c.span.SetStatus(otelcodes.Error, rec.Code().String())
	}
	c.span.End(trace.WithTimestamp(end))
}

// serverFault reports whether code says the gateway or AuthRocket failed
// the call, rather than the caller.
func serverFault(code codes.Code) bool {
	switch code {
	case codes.Unknown, codes.DeadlineExceeded, codes.Internal, codes.Unavailable, codes.DataLoss:
		return true
	}
	return false
}

// mdCarrier reads a propagator's headers (traceparent, tracestate, …)
// from a call's metadata; the REST facade forwards them
// (rest.Config.TraceHeaders).
type mdCarrier metadata.MD

func (m mdCarrier) Get(key string) string {
	if v := metadata.MD(m).Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (m mdCarrier) Set(key, value string) { metadata.MD(m).Set(key, value) }

func (m mdCarrier) Keys() []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
