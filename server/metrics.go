package server

import (
	"context"

	"github.com/authrocket-gateway/gateway/call"
	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// unknownCaller is the caller label of a call refused before its caller
// was known: every unauthenticated call has this one value.
const unknownCaller = "unknown"

// latencyBuckets are the call latency histogram's buckets, in seconds:
// from a refusal or a cached token (milliseconds) to the longest call
// (DefaultMaxDeadline).
var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// metrics are the call path's Prometheus metrics. The calls admitted, on
// both transports, are counted by go-grpc-middleware's provider with the
// standard grpc_server_* names, labelled with the transport and the
// caller; the calls refused at admission, which never start, by reason.
// A nil *metrics records nothing.
type metrics struct {
	calls     *grpcprom.ServerMetrics
	intercept grpc.UnaryServerInterceptor
	refusals  *prometheus.CounterVec
	authFails *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, s *slots) (*metrics, error) {
	if reg == nil {
		return nil, nil
	}
	m := &metrics{
		calls: grpcprom.NewServerMetrics(
			grpcprom.WithServerHandlingTimeHistogram(grpcprom.WithHistogramBuckets(latencyBuckets)),
			grpcprom.WithContextLabels("transport", "caller"),
		),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authrocket_gateway_refusals_total",
			Help: "Calls refused at admission, before their request was read, by reason (the ErrorInfo reason).",
		}, []string{"transport", "reason", "caller"}),
		authFails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authrocket_gateway_auth_failures_total",
			Help: "Calls refused for want of a valid caller identity, by what was wrong.",
		}, []string{"transport", "reason"}),
	}
	// The series of refused identities exist from the start, at 0, so
	// that rate() and increase() see the first refusal.
	for _, t := range []call.Transport{call.GRPC, call.REST} {
		for _, f := range []authFailure{missingCredential, malformedCredential, unknownCredential, identityConflict, keyPresented} {
			m.authFails.WithLabelValues(t.String(), string(f))
		}
		for _, reason := range []string{"UNAUTHENTICATED", "AUTHROCKET_KEY_PRESENTED"} {
			m.refusals.WithLabelValues(t.String(), reason, unknownCaller)
		}
	}
	m.intercept = m.calls.UnaryServerInterceptor(grpcprom.WithLabelsFromContext(callLabels), grpcprom.WithExemplarFromContext(exemplar))
	for _, c := range []prometheus.Collector{
		m.calls, m.refusals, m.authFails,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "authrocket_gateway_in_flight_calls",
			Help: "Calls admitted and not yet answered, both transports.",
		}, func() float64 { return float64(s.all.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "authrocket_gateway_in_flight_limit",
			Help: "The most calls admitted at a time (--max-in-flight).",
		}, func() float64 { return float64(s.max) }),
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// callLabels are the provider's labels of the call in ctx.
func callLabels(ctx context.Context) prometheus.Labels {
	rec := call.FromContext(ctx)
	return prometheus.Labels{"transport": rec.Transport().String(), "caller": rec.Caller()}
}

// exemplar links a call's counts to its trace, when it is sampled: the
// exemplars of grpc_server_handled_total and grpc_server_handling_seconds
// (shown in the OpenMetrics format, which Prometheus asks for).
func exemplar(ctx context.Context) prometheus.Labels {
	if sc := trace.SpanContextFromContext(ctx); sc.IsSampled() {
		return prometheus.Labels{"trace_id": sc.TraceID().String()}
	}
	return nil
}

// observe runs an admitted call's stages through the provider, which
// counts it when it starts and when it ends, with its code and latency.
func (m *metrics) observe(ctx context.Context, info *grpc.UnaryServerInfo, run func(context.Context) (proto.Message, error)) (proto.Message, error) {
	if m == nil {
		return run(ctx)
	}
	resp, err := m.intercept(ctx, nil, info, func(ctx context.Context, _ any) (any, error) { return run(ctx) })
	msg, _ := resp.(proto.Message)
	return msg, err
}

// refused counts a call refused at admission.
func (m *metrics) refused(rec *call.Record) {
	if m == nil {
		return
	}
	caller := rec.Caller()
	if caller == "" {
		caller = unknownCaller
	}
	m.refusals.WithLabelValues(rec.Transport().String(), rec.Reason(), caller).Inc()
}

// authFailed counts a call without a valid caller identity.
func (m *metrics) authFailed(rec *call.Record, reason authFailure) {
	if m != nil {
		m.authFails.WithLabelValues(rec.Transport().String(), string(reason)).Inc()
	}
}
