package tracing

import (
	"strings"
	"testing"
)

// TestDefaultPropagator: unless OTEL_PROPAGATORS names baggage, a caller's
// baggage is not passed on to AuthRocket: only the W3C trace context is.
func TestDefaultPropagator(t *testing.T) {
	p, err := propagators("")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Fields(), ","); got != "traceparent,tracestate" {
		t.Errorf("default propagator's fields = %s, want traceparent,tracestate", got)
	}
}
