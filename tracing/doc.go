// Package tracing owns the gateway's OpenTelemetry tracing: the SDK's
// setup from the standard OTEL_* environment (Setup), and a slog handler
// that writes the trace and span IDs of a call into every line logged
// with its context (LogHandler).
//
// Tracing is off unless the environment asks for it: OTEL_TRACES_EXPORTER
// set to an exporter other than "none", or, with OTEL_TRACES_EXPORTER
// unset, OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
// set. OTEL_SDK_DISABLED=true turns it off whatever else is set. Off, there
// is no tracer provider and no propagator: Setup returns nil, and the
// server and the adapter, given none, start no span and read or send no
// traceparent.
//
// On, the exporter is the one autoexport builds from the environment (OTLP
// over http/protobuf by default, or grpc, by OTEL_EXPORTER_OTLP_PROTOCOL;
// "console" writes spans to standard output), the propagators those of
// OTEL_PROPAGATORS (default W3C tracecontext alone: a caller's baggage
// is not passed on to AuthRocket unless it names baggage), the sampler that
// of OTEL_TRACES_SAMPLER (default parentbased_always_on), and the resource
// names the service "authrocket-gateway" (OTEL_SERVICE_NAME overrides it)
// and its version.
package tracing
