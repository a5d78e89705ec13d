package authrocket

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"
)

// The label values of authrocket_gateway_upstream_requests_total's status
// when AuthRocket did not answer.
const (
	statusTimeout  = -1 // the attempt's timeout or the call's deadline
	statusError    = -2 // a network error, or an answer that could not be read
	statusCanceled = -3 // the caller went away
)

// notSentReason is why the gateway did not send a request
// (authrocket_gateway_upstream_not_sent_total's reason).
type notSentReason int

const (
	notSentCircuitOpen notSentReason = iota
	notSentBusy
	notSentShare
	notSentRetryThrottled
	numNotSent
)

var notSentNames = [numNotSent]string{"circuit_open", "busy", "share", "retry_throttled"}

// metrics are a Client's collectors (Config.Metrics). A nil *metrics
// records nothing, at the cost of a nil check.
type metrics struct {
	requests *prometheus.CounterVec   // method, route, status, attempt
	duration *prometheus.HistogramVec // method, route
	retries  *prometheus.CounterVec   // method, route
	notSent  [numNotSent]prometheus.Counter
}

// newMetrics registers the Client's collectors with reg: the counters and
// histogram of its requests, and gauges read at scrape time from the
// circuit breaker, the gate and the retry throttle.
func newMetrics(reg prometheus.Registerer, c *Client) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authrocket_gateway_upstream_requests_total",
			Help: "Requests sent to AuthRocket, by HTTP method, route template, status (HTTP status, or timeout, error, canceled without an answer) and attempt (1-based).",
		}, []string{"method", "route", "status", "attempt"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "authrocket_gateway_upstream_request_duration_seconds",
			Help:    "Time of one attempt of a request to AuthRocket, from sending to the answer read, by HTTP method and route template.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authrocket_gateway_upstream_retries_total",
			Help: "Attempts sent to AuthRocket after a call's first, by HTTP method and route template.",
		}, []string{"method", "route"}),
	}
	notSent := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "authrocket_gateway_upstream_not_sent_total",
		Help: "Requests the gateway did not send to AuthRocket, by reason: circuit_open, busy (gate full), share (caller over its share), retry_throttled.",
	}, []string{"reason"})
	for i, name := range notSentNames {
		m.notSent[i] = notSent.WithLabelValues(name)
	}
	gauge := func(name, help string, labels prometheus.Labels, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help, ConstLabels: labels}, f)
	}
	cs := []prometheus.Collector{m.requests, m.duration, m.retries, notSent}
	for _, s := range []gobreaker.State{gobreaker.StateClosed, gobreaker.StateHalfOpen, gobreaker.StateOpen} {
		cs = append(cs, gauge("authrocket_gateway_upstream_circuit_state",
			"The state of the circuit breaker in front of AuthRocket: 1 for the current state, 0 for the others.",
			prometheus.Labels{"state": stateName(s)}, func() float64 {
				if c.breaker.State() == s {
					return 1
				}
				return 0
			}))
	}
	g, t := c.gate, c.throttle
	cs = append(cs,
		gauge("authrocket_gateway_upstream_budget_rate", "The requests a second the gateway may send to AuthRocket, all callers together.", nil,
			func() float64 { return float64(g.budget.Limit()) }),
		gauge("authrocket_gateway_upstream_budget_tokens", "Tokens left in the bucket of requests to AuthRocket (negative while requests wait for the budget).", nil,
			func() float64 { return g.budget.Tokens() }),
		gauge("authrocket_gateway_upstream_in_flight", "Requests to AuthRocket in flight.", nil,
			func() float64 { return float64(g.inFlight()) }),
		gauge("authrocket_gateway_upstream_concurrency_limit", "The most requests to AuthRocket in flight at once.", nil,
			func() float64 { return float64(g.size) }),
		gauge("authrocket_gateway_upstream_queued", "Requests waiting for a slot to AuthRocket.", nil,
			func() float64 { return float64(g.queued.Load()) }),
		gauge("authrocket_gateway_upstream_queue_limit", "The most requests that wait for a slot to AuthRocket.", nil,
			func() float64 { return float64(g.maxQueue) }),
		gauge("authrocket_gateway_upstream_retry_tokens", "The retry throttle's tokens: retries go while more than half of 10 are left.", nil,
			t.available),
	)
	for _, col := range cs {
		if err := reg.Register(col); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// stateName is a circuit state as a label value.
func stateName(s gobreaker.State) string {
	switch s {
	case gobreaker.StateClosed:
		return "closed"
	case gobreaker.StateHalfOpen:
		return "half_open"
	}
	return "open"
}

// start returns the time an attempt starts, or the zero time without metrics.
func (m *metrics) start() time.Time {
	if m == nil {
		return time.Time{}
	}
	return time.Now()
}

// attempt records a request sent to AuthRocket: attempt is 1-based, a
// and err are what send returned, start when it began.
func (m *metrics) attempt(r *route, attempt int, a answer, err error, start time.Time) {
	if m == nil {
		return
	}
	m.duration.WithLabelValues(r.method, r.template).Observe(time.Since(start).Seconds())
	if attempt > 1 {
		m.retries.WithLabelValues(r.method, r.template).Inc()
	}
	m.requests.WithLabelValues(r.method, r.template, statusLabel(attemptStatus(a, err)), strconv.Itoa(attempt)).Inc()
}

// refused counts a request the gateway did not send.
func (m *metrics) refused(why notSentReason) {
	if m != nil {
		m.notSent[why].Inc()
	}
}

// attemptStatus is an attempt's status: AuthRocket's HTTP status, or why
// there was none.
func attemptStatus(a answer, err error) int {
	if err == nil {
		return a.HTTPStatus
	}
	// An answer whose body could not be read (a timeout, a reset, too
	// large) is classed by what went wrong, not by its status line.
	var e *Error
	switch {
	case errors.As(err, &e) && e.HTTPStatus != 0 && e.Err == nil:
		return e.HTTPStatus
	case errors.Is(err, errAttemptTimeout), errors.Is(err, context.DeadlineExceeded):
		return statusTimeout
	case errors.Is(err, context.Canceled):
		return statusCanceled
	}
	return statusError
}

// statusLabel is a status as a label value.
func statusLabel(status int) string {
	switch status {
	case statusTimeout:
		return "timeout"
	case statusError:
		return "error"
	case statusCanceled:
		return "canceled"
	}
	return strconv.Itoa(status)
}
