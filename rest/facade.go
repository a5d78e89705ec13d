package rest

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Response headers.
const (
	headerRequestID        = "X-Request-Id"         // AuthRocket's when it was called, else the gateway's
	headerGatewayRequestID = "X-Gateway-Request-Id" // the gateway's, always
)

// Call is a REST request handed to the gateway's call path.
type Call struct {
	// Record is the call's record: transport REST, the method of the route
	// the request matched ("" when none did), the request ID and the peer.
	Record *call.Record
	// Header holds the request's headers that the call path reads, as
	// gRPC metadata: authorization, authrocket-api-key, authrocket-realm
	// (with a POST's or PUT's ?realm_id=), accept-language.
	Header metadata.MD
	// Cert is the caller's verified client certificate (mTLS), or nil.
	Cert *x509.Certificate
	// Decode reads the body and fills the request message from the path,
	// the query and the body. Its errors are gRPC statuses, but for a
	// failure of the facade itself: an *apierror.Error, INTERNAL "internal
	// error", its cause for the log. Nil when Refusal is set.
	Decode func(proto.Message) error
	// Refusal is the facade's refusal of a request that matched no route
	// (NOT_FOUND; UNIMPLEMENTED for a path that exists with another
	// method; INVALID_ARGUMENT for one the router could not read): the
	// call path authenticates the caller, then answers it.
	Refusal error
}

// Config configures a Facade.
type Config struct {
	// Methods are the methods served, each with its google.api.http rule.
	Methods []protoreflect.MethodDescriptor
	// Invoke runs a call through the gateway's call path and returns its
	// answer, or an error that is a gRPC status of the error contract.
	// Required.
	Invoke func(context.Context, *Call) (proto.Message, error)
	// MaxRequestBytes bounds a request body: a larger one is answered 413.
	// Required.
	MaxRequestBytes int64
	// BodyTimeout bounds the reading of a request body, from its first
	// byte read: a body slower than that is answered 408. Required.
	BodyTimeout time.Duration
	// MaxNesting bounds the nesting of objects and arrays in a body;
	// 0 means arjson.DefaultMaxDepth.
	MaxNesting int
	// TraceHeaders are more headers to forward in Call.Header: the trace
	// context the call path reads when tracing is on (traceparent,
	// tracestate, baggage).
	TraceHeaders []string
}

// Facade is the REST facade, an http.Handler.
type Facade struct {
	mux         *runtime.ServeMux
	invoke      func(context.Context, *Call) (proto.Message, error)
	max         int64
	bodyTimeout time.Duration
	json        arjson.UnmarshalOptions
	forwarded   []string // the headers forwarded in Call.Header
}

// New compiles a route for every method of cfg and returns the facade.
func New(cfg Config) (*Facade, error) {
	if cfg.Invoke == nil || cfg.MaxRequestBytes <= 0 || cfg.BodyTimeout <= 0 {
		return nil, errors.New("rest: Invoke, MaxRequestBytes and BodyTimeout are required")
	}
	f := &Facade{invoke: cfg.Invoke, max: cfg.MaxRequestBytes, bodyTimeout: cfg.BodyTimeout,
		json: arjson.UnmarshalOptions{MaxDepth: cfg.MaxNesting}, forwarded: forwarded}
	if len(cfg.TraceHeaders) > 0 {
		f.forwarded = append(slices.Clip(forwarded), lowercase(cfg.TraceHeaders)...)
	}
	f.mux = runtime.NewServeMux(
		// An encoded "/" stays in its path segment ("a%2Fb" is one ID), so
		// validation refuses it rather than routing to another resource.
		runtime.WithUnescapingMode(runtime.UnescapingModeAllExceptReserved),
		runtime.WithRoutingErrorHandler(f.routingError),
		runtime.WithErrorHandler(f.muxError),
		// Neither AuthRocket nor its SDKs override methods or fall back
		// from POST to GET, and both would make the router parse a form
		// body before the caller is authenticated.
		runtime.WithDisableHTTPMethodOverride(),
		runtime.WithDisablePathLengthFallback(),
	)
	for _, md := range cfg.Methods {
		rt, err := compileRoute(md)
		if err != nil {
			return nil, err
		}
		if err := f.mux.HandlePath(rt.httpMethod, rt.template, f.serveRoute(rt)); err != nil {
			return nil, fmt.Errorf("rest: %s: path %q: %w", rt.name, rt.template, err)
		}
	}
	return f, nil
}

// lowercase returns keys in lowercase, as gRPC metadata has them.
func lowercase(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.ToLower(k)
	}
	return out
}

// ServeHTTP serves a REST request.
func (f *Facade) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mux.ServeHTTP(w, r)
}

// serveRoute serves the requests that match rt.
func (f *Facade) serveRoute(rt *route) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		c, body := f.newCall(w, r, rt.name)
		c.Decode = f.decoder(rt, r, body, params, c.Header)
		resp, err := f.invoke(r.Context(), c)
		body.closeIfUnread(w, r)
		if err != nil {
			httpStatus := body.httpStatus()
			if httpStatus == http.StatusUnsupportedMediaType {
				w.Header().Set("Accept-Encoding", "identity") // RFC 9110 §15.5.16
			}
			writeError(w, r, c.Record, status.Convert(err), httpStatus)
			return
		}
		writeResponse(w, r, c.Record, rt, resp)
	}
}

// routingError serves a request that matches no route: 404, or 405 for a
// path that exists with another method, once the caller is authenticated.
func (f *Facade) routingError(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	f.refuse(w, r, status.New(refusalCode(httpStatus), http.StatusText(httpStatus)), httpStatus)
}

// muxError serves a request the router refused with an error before any
// route (a malformed path escape): 400, once the caller is authenticated,
// as routingError.
func (f *Facade) muxError(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	var hse *runtime.HTTPStatusError
	if !errors.As(err, &hse) {
		st := status.Convert(err)
		f.refuse(w, r, st, runtime.HTTPStatusFromCode(st.Code()))
		return
	}
	st, ok := status.FromError(hse.Err)
	if !ok {
		st = status.New(refusalCode(hse.HTTPStatus), hse.Err.Error())
	}
	f.refuse(w, r, st, hse.HTTPStatus)
}

// refusalCode is the code of the facade's refusal answered httpStatus.
func refusalCode(httpStatus int) codes.Code {
	switch httpStatus {
	case http.StatusMethodNotAllowed:
		return codes.Unimplemented
	case http.StatusBadRequest:
		return codes.InvalidArgument
	}
	return codes.NotFound
}

// refuse hands the call path r with the facade's refusal, answered
// httpStatus once the caller is authenticated.
func (f *Facade) refuse(w http.ResponseWriter, r *http.Request, refusal *status.Status, httpStatus int) {
	c, body := f.newCall(w, r, "")
	c.Refusal = refusal.Err()
	_, err := f.invoke(r.Context(), c)
	body.closeIfUnread(w, r)
	st := status.Convert(err)
	if st.Code() != refusal.Code() {
		httpStatus = 0 // refused before the route: the status says
	}
	writeError(w, r, c.Record, st, httpStatus)
}

// newCall makes the Call of r for method (full name, "" for none): its
// record, the headers it forwards, and its body cut at the facade's limit.
func (f *Facade) newCall(w http.ResponseWriter, r *http.Request, method string) (*Call, *limitedBody) {
	start := time.Now()
	id := call.RequestID(r.Header.Get(headerRequestID))
	w.Header().Set(headerRequestID, id)
	w.Header().Set(headerGatewayRequestID, id)
	peer, cert := call.NewPeer(r.RemoteAddr, r.TLS)
	body := &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, f.max), limit: f.max,
		timeout: f.bodyTimeout, rc: http.NewResponseController(w)}
	r.Body = body
	return &Call{
		Record: call.New(start, call.REST, method, id, peer),
		Header: forwardedHeaders(r.Header, f.forwarded),
		Cert:   cert,
	}, body
}
