package authrocket

import (
	"context"
	"net/http"
	"net/url"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	noopmetric "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Attributes of an attempt's client span, beside otelhttp's.
const (
	attrURLTemplate = attribute.Key("url.template")
	attrResendCount = attribute.Key("http.request.resend_count")
)

// attemptKey is the context key of the *attempt of a traced request.
type attemptKey struct{}

// attempt is what an attempt's client span says of it: the route's HTTP
// method and template, and how many attempts of the call came before.
type attempt struct {
	method, template string
	n                int
}

// realURLKey is the context key of the *url.URL a traced request is sent
// to, while otelhttp sees the template's.
type realURLKey struct{}

// withAttempt returns ctx naming the attempt n (0 for the first) of route
// r, when the client traces its requests.
func (c *Client) withAttempt(ctx context.Context, r *route, n int) context.Context {
	if !c.traced {
		return ctx
	}
	return context.WithValue(ctx, attemptKey{}, &attempt{method: r.method, template: r.template, n: n})
}

// tracedTransport sends each request through otelhttp, which makes its
// client span, the child of the span in its context, and sends that
// span's context to AuthRocket (traceparent). otelhttp sees the request
// with the route's template as its URL, so that neither an ID nor the
// query (which may hold an email address) is in the span: "GET
// /v2/users/{id}", url.full "https://api-e2.authrocket.com/v2/users/{id}".
// It records no header: the API key never reaches the span.
func tracedTransport(base http.RoundTripper, tp trace.TracerProvider, p propagation.TextMapPropagator) http.RoundTripper {
	if p == nil {
		p = propagation.NewCompositeTextMapPropagator()
	}
	return templateURL{otelhttp.NewTransport(realURL{base},
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(p),
		otelhttp.WithMeterProvider(noopmetric.NewMeterProvider()), // the adapter's metrics are Prometheus's
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			if a, ok := r.Context().Value(attemptKey{}).(*attempt); ok {
				return a.method + " " + a.template
			}
			return r.Method
		}),
	)}
}

// templateURL hands its transport the request with its URL replaced by
// the template's (scheme and host kept), the real one in its context.
type templateURL struct{ next http.RoundTripper }

func (t templateURL) RoundTrip(r *http.Request) (*http.Response, error) {
	template := "/"
	if a, ok := r.Context().Value(attemptKey{}).(*attempt); ok {
		template = a.template
	}
	shown := r.WithContext(context.WithValue(r.Context(), realURLKey{}, r.URL))
	// Opaque keeps the braces of "{id}" as they are in url.full.
	shown.URL = &url.URL{Scheme: r.URL.Scheme, Host: r.URL.Host, Opaque: "//" + r.URL.Host + template}
	return t.next.RoundTrip(shown)
}

// realURL sends the request to the URL in its context, and adds the
// template and the attempt to the span.
type realURL struct{ base http.RoundTripper }

func (t realURL) RoundTrip(r *http.Request) (*http.Response, error) {
	if a, ok := r.Context().Value(attemptKey{}).(*attempt); ok {
		span := trace.SpanFromContext(r.Context())
		span.SetAttributes(attrURLTemplate.String(a.template))
		if a.n > 0 {
			span.SetAttributes(attrResendCount.Int(a.n))
		}
	}
	if u, ok := r.Context().Value(realURLKey{}).(*url.URL); ok {
		r = r.WithContext(r.Context()) // a copy: a RoundTripper leaves its request as it is
		r.URL = u
	}
	return t.base.RoundTrip(r)
}
