package authrocket

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// BenchmarkMetricsAttempt is what the metrics add to one attempt: two
// clock reads, the histogram and the request counter of a route's cached
// children.
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
