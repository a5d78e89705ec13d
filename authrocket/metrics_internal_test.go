package authrocket

import (
	"context"
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// BenchmarkMetricsAttempt is what the metrics add to one attempt: two
// clock reads, the histogram, and the request counter looked up by its
// labels.
func BenchmarkMetricsAttempt(b *testing.B) {
	c, err := NewClient(Config{URL: "http://127.0.0.1/v2", APIKey: NewSecret("ks_benchmarkkey0123456789"), Metrics: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	r := apiRoutes[getRealm.FullName()]
	a := answer{Response: Response{HTTPStatus: 200}}
	b.ReportAllocs()
	for b.Loop() {
		c.metrics.attempt(r, 1, a, nil, c.metrics.start())
	}
}

// TestAttemptStatus: an attempt is counted by its answer's status only
// when the answer was read whole; a body cut short counts as what cut it.
func TestAttemptStatus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, "200"},
		{&Error{HTTPStatus: 503}, "503"},
		{&Error{HTTPStatus: 200, Err: errors.New("answer larger than 8 bytes")}, "error"},
		{&Error{HTTPStatus: 200, Err: errAttemptTimeout}, "timeout"},
		{&Error{HTTPStatus: 200, Err: context.DeadlineExceeded}, "timeout"},
		{&Error{Err: context.Canceled}, "canceled"},
		{&Error{Err: errors.New("connection refused")}, "error"},
	} {
		if got := statusLabel(attemptStatus(answer{Response: Response{HTTPStatus: 200}}, tt.err)); got != tt.want {
			t.Errorf("attemptStatus(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}
