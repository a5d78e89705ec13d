package authrocket

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	"github.com/authrocket-gateway/gateway/redact"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Defaults of Config.
const (
	DefaultMaxRetries  = 2
	DefaultUserAgent   = "authrocket-gateway"
	maxResponseBytes   = 32 << 20
	maxErrorMessages   = 100
	maxErrorMessageLen = 1024
	maxErrorMetadata   = 8               // other top-level keys of an error answer kept, e.g. retry_url
	maxRetryAfter      = 2 * time.Second // the longest Retry-After a retry waits for
)

// Config configures a Client.
type Config struct {
	// URL is AuthRocket's API URL, e.g. https://api-e2.authrocket.com/v2
	// (a trailing /v2 is optional). It must be https, except on a loopback
	// host (the emulator).
	URL string
	// APIKey is the secret API key, ks_….
	APIKey Secret
	// DefaultRealm is the realm (rl_…) of calls that name none.
	DefaultRealm string
	// UserAgent is sent as User-Agent. Default DefaultUserAgent.
	UserAgent string
	// Deadline bounds a call whose context has no deadline. Default
	// DefaultDeadline.
	Deadline time.Duration
	// MaxDeadline bounds every call, whatever its context's deadline.
	// Default DefaultMaxDeadline. A call ends deadlineMargin before its
	// context's deadline.
	MaxDeadline time.Duration
	// AttemptTimeout bounds one attempt of a call that may be sent again.
	// Default DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	// MaxRetries is how often a read is sent again after a network error,
	// an attempt's timeout or a 502/503 answer, and a write IDEMPOTENT by
	// its proto option after a 502/503, while the retry throttle allows.
	// Default DefaultMaxRetries; negative disables retries.
	MaxRetries int
	// BreakerFailures is how many attempts in a row must fail (network
	// error, timeout, 5xx) to open the circuit breaker; BreakerOpen how long
	// it then refuses calls before one probe. Defaults
	// DefaultBreakerFailures, DefaultBreakerOpen.
	BreakerFailures int
	BreakerOpen     time.Duration
	// Concurrency bounds the requests in flight to AuthRocket, and its
	// pooled connections; one more waits up to QueueWait in a queue four
	// times as long, else it is refused with ErrBusy; while fewer than a
	// quarter are free, a caller holds at most an equal share of those
	// holding some (ErrShare). Rate and Burst are the token bucket of
	// the requests to AuthRocket, all callers together: set it below the
	// account's rate limit. Defaults DefaultConcurrency, DefaultQueueWait,
	// DefaultRate, a burst of Rate.
	Concurrency int
	QueueWait   time.Duration
	Rate        float64
	Burst       int
	// Budget, when set, holds the token bucket for every replica of the
	// gateway together (Redis); while it fails, this replica spends its
	// share: Rate and Burst divided by Replicas, the replicas expected.
	Budget   SharedLimiter
	Replicas int
	// Logger receives the circuit breaker's changes and one line per
	// failed attempt ("authrocket request failed"). Default slog.Default().
	Logger *slog.Logger
	// Metrics, when set, registers the client's metrics
	// (authrocket_gateway_upstream_*); nil: no metrics.
	Metrics prometheus.Registerer
	// Transport replaces the default pooled transport (tests, TLS settings).
	Transport http.RoundTripper
	// TracerProvider, when set, makes a client span of each attempt, the
	// child of the span in the call's context, named after its route
	// ("GET /v2/users/{id}"), and Propagator sends its context to
	// AuthRocket (traceparent). Nil: tracing off.
	TracerProvider trace.TracerProvider
	Propagator     propagation.TextMapPropagator
}

// Client calls AuthRocket. It is safe for concurrent use.
type Client struct {
	base       string // scheme://host[:port], no trailing slash
	apiKey     atomic.Pointer[Secret]
	realm      string
	userAgent  string
	deadline   time.Duration
	maxDead    time.Duration
	attempt    time.Duration
	maxRetries int
	throttle   *retryThrottle
	breaker    *gobreaker.CircuitBreaker[answer]
	gate       *gate
	openFor    time.Duration
	http       *http.Client
	traced     bool // the transport makes a span of each attempt (withAttempt)
	log        *slog.Logger
	metrics    *metrics // nil: none
}

// NewClient validates cfg and returns a Client with pooled connections.
func NewClient(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("authrocket: URL must look like https://api-e2.authrocket.com/v2")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && IsLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("authrocket: URL must be https (plain http only to a loopback emulator), got scheme %q host %q", u.Scheme, u.Hostname())
	}
	if p := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/v2"); p != "" {
		return nil, fmt.Errorf("authrocket: URL path must be empty or /v2, got %q", u.Path)
	}
	if cfg.APIKey.IsZero() {
		return nil, errors.New("authrocket: API key is empty")
	}
	if apiRoutesErr != nil {
		return nil, apiRoutesErr
	}
	c := &Client{
		base:       u.Scheme + "://" + u.Host,
		realm:      cfg.DefaultRealm,
		userAgent:  cfg.UserAgent,
		deadline:   cmp.Or(cfg.Deadline, DefaultDeadline),
		maxDead:    cmp.Or(cfg.MaxDeadline, DefaultMaxDeadline),
		attempt:    cmp.Or(cfg.AttemptTimeout, DefaultAttemptTimeout),
		maxRetries: cfg.MaxRetries,
		throttle:   newRetryThrottle(),
		openFor:    cmp.Or(cfg.BreakerOpen, DefaultBreakerOpen),
		log:        cmp.Or(cfg.Logger, slog.Default()),
	}
	concurrency := cmp.Or(cfg.Concurrency, DefaultConcurrency)
	perSecond := cmp.Or(cfg.Rate, DefaultRate)
	c.gate = newGate(concurrency, cmp.Or(cfg.QueueWait, DefaultQueueWait), perSecond, cmp.Or(cfg.Burst, int(perSecond)), cfg.Budget, cfg.Replicas)
	c.breaker = newBreaker(uint32(cmp.Or(cfg.BreakerFailures, DefaultBreakerFailures)), c.openFor, c.log)
	c.apiKey.Store(&cfg.APIKey)
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.maxRetries == 0 {
		c.maxRetries = DefaultMaxRetries
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport(concurrency)
	}
	if cfg.TracerProvider != nil {
		transport, c.traced = tracedTransport(transport, cfg.TracerProvider, cfg.Propagator), true
	}
	c.http = &http.Client{
		Transport: transport,
		// AuthRocket's key never follows a redirect: the 3xx is the answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if cfg.Metrics != nil {
		if c.metrics, err = newMetrics(cfg.Metrics, c); err != nil {
			return nil, fmt.Errorf("authrocket: registering metrics: %w", err)
		}
	}
	return c, nil
}

// newTransport pools at most conns connections to AuthRocket, all kept
// when idle; HTTP/2 when AuthRocket offers it.
func newTransport(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	t.ForceAttemptHTTP2 = true
	t.MaxConnsPerHost = conns
	t.MaxIdleConns = conns
	t.MaxIdleConnsPerHost = conns
	t.IdleConnTimeout = 90 * time.Second
	t.Proxy = nil // the key goes to AuthRocket's host only
	return t
}

// IsLoopback reports whether host (a name or IP, no port) is this machine:
// the only place plain HTTP, or a --dev listener, is allowed.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DefaultRealm is the realm of calls that name none (Config.DefaultRealm).
func (c *Client) DefaultRealm() string { return c.realm }

// SetAPIKey replaces the API key for later calls (key rotation).
func (c *Client) SetAPIKey(key Secret) { c.apiKey.Store(&key) }

// CallOptions are the per-call settings that travel as headers.
type CallOptions struct {
	// Realm is sent as Authrocket-Realm when the request has no realm_id.
	// Empty: the client's default realm.
	Realm string
	// Locale is sent as Accept-Language; it localizes AuthRocket's messages.
	Locale string
	// Caller is the gateway's caller, whose share of the requests in
	// flight the call takes.
	Caller string
	// RequestID is the gateway's request ID of the call, logged with each
	// failed attempt.
	RequestID string
}

// Response describes AuthRocket's answer to a successful call.
type Response struct {
	// HTTPStatus is AuthRocket's status, e.g. 200 or 201.
	HTTPStatus int
	// RequestID is AuthRocket's X-Request-ID, if it sent one.
	RequestID string
	// Attempts is how many HTTP requests the call sent (retries of a read
	// included).
	Attempts int
}

// Call sends the RPC md with request req to AuthRocket and decodes the answer
// into resp (of md's output type). Every failure is an *Error.
func (c *Client) Call(ctx context.Context, md protoreflect.MethodDescriptor, req, resp proto.Message, opts CallOptions) (Response, error) {
	r, a, err := c.exchange(ctx, md, req, opts)
	if err != nil {
		return Response{}, err
	}
	res, err := c.decode(r, a, resp)
	if err != nil {
		c.logFailure(ctx, r, a.Attempts, err, opts.RequestID, false)
	}
	return res, err
}

// exchange sends the RPC md with request req to AuthRocket, retrying reads,
// and returns its 2xx answer undecoded.
func (c *Client) exchange(ctx context.Context, md protoreflect.MethodDescriptor, req proto.Message, opts CallOptions) (*route, answer, error) {
	r, err := routeFor(md)
	if err != nil {
		return nil, answer{}, &Error{Endpoint: string(md.FullName()), Err: err}
	}
	fail := func(err error) (*route, answer, error) {
		return nil, answer{}, &Error{Endpoint: r.endpoint(), Err: err}
	}
	path, err := r.path(req.ProtoReflect())
	if err != nil {
		return fail(err)
	}
	realm := opts.Realm
	if f := req.ProtoReflect().Descriptor().Fields().ByName("realm_id"); f != nil && req.ProtoReflect().Has(f) {
		if v := req.ProtoReflect().Get(f).String(); v != "" { // an empty realm_id names no realm
			realm = v
		}
	}
	if realm == "" {
		realm = c.realm
	}
	if err := checkHeaderValue("realm", realm); err != nil {
		return fail(err)
	}
	if err := checkHeaderValue("locale", opts.Locale); err != nil {
		return fail(err)
	}
	target := c.base + path
	var body []byte
	if r.hasBody {
		rd, err := r.body(req)
		if err != nil {
			return fail(fmt.Errorf("%w: %v", ErrInvalidRequest, err))
		}
		body, _ = io.ReadAll(rd)
	} else if q := r.query(req.ProtoReflect()); q != "" {
		target += "?" + q
	}
	ctx, cancel := callDeadline(ctx, c.deadline, c.maxDead)
	defer cancel()
	for attempt := 0; ; attempt++ {
		last := !r.read && !r.idempotent || attempt >= c.maxRetries
		res, sent, err := c.attemptOnce(c.withAttempt(ctx, r, attempt), attempt+1, last, r, target, body, realm, opts)
		if !notSent(err) {
			c.throttle.record(err != nil && retryable(err))
		}
		if err == nil {
			res.Attempts = attempt + 1
			return r, res, nil
		}
		var e *Error
		if errors.As(err, &e) {
			e.Attempts = attempt + 1
		}
		wait, again := c.retryWait(ctx, attempt, last, r, err, e)
		if sent {
			c.logFailure(ctx, r, attempt+1, err, opts.RequestID, again)
		}
		if !again {
			return nil, answer{}, err
		}
		select {
		case <-ctx.Done():
			return nil, answer{}, err
		case <-time.After(wait):
		}
	}
}

// retryWait decides whether the failed attempt (0-based) of a call is sent
// again, and after how long.
func (c *Client) retryWait(ctx context.Context, attempt int, last bool, r *route, err error, e *Error) (time.Duration, bool) {
	if last || !retryable(err) || !r.read && e.HTTPStatus == 0 || ctx.Err() != nil {
		return 0, false
	}
	if !c.throttle.allow() {
		c.metrics.refused(notSentRetryThrottled)
		return 0, false
	}
	// Exponential backoff with jitter: 100 ms, 200 ms, … plus up to 50%,
	// or AuthRocket's Retry-After when it asks for longer. A wait beyond
	// maxRetryAfter or the deadline is the caller's to decide (RetryInfo).
	wait := time.Duration(100<<attempt) * time.Millisecond
	wait += time.Duration(rand.Int64N(int64(wait / 2)))
	if e != nil && e.RetryAfter > wait {
		if deadline, _ := ctx.Deadline(); e.RetryAfter > maxRetryAfter || time.Now().Add(e.RetryAfter).After(deadline) {
			return 0, false
		}
		wait = e.RetryAfter
	}
	return wait, true
}

// callerFault are AuthRocket's answers that blame the request, not
// AuthRocket: logged at debug, not as failures.
func callerFault(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// logFailure logs a failed attempt (1-based) of a call once: at warn, or
// at debug when AuthRocket blamed the request (callerFault) or the caller
// went away. again: the call sends it once more. The error is scrubbed of
// secrets.
func (c *Client) logFailure(ctx context.Context, r *route, attempt int, err error, requestID string, again bool) {
	var e *Error
	errors.As(err, &e)
	status, upstreamID := 0, ""
	if e != nil {
		status, upstreamID = e.HTTPStatus, e.RequestID
	}
	level := slog.LevelWarn
	if callerFault(status) || status == 0 && errors.Is(err, context.Canceled) {
		level = slog.LevelDebug
	}
	if !c.log.Enabled(ctx, level) {
		return
	}
	c.log.LogAttrs(ctx, level, "authrocket request failed",
		slog.String("route", r.endpoint()),
		slog.Int("attempt", attempt),
		slog.Int("status", status),
		slog.String("authrocket_request_id", upstreamID),
		slog.String("request_id", redact.String(requestID)),
		slog.Bool("retry", again),
		slog.String("error", redact.String(err.Error())),
	)
}

// checkHeaderValue refuses values that could split or smuggle headers.
func checkHeaderValue(name, v string) error {
	if len(v) > 256 {
		return fmt.Errorf("%w: %s is too long", ErrInvalidRequest, name)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			return fmt.Errorf("%w: %s contains a control or non-ASCII character", ErrInvalidRequest, name)
		}
	}
	return nil
}

// notSent reports whether err is the gateway's refusal to send a request:
// the circuit open, or the gate's limits. Neither is AuthRocket's failure.
func notSent(err error) bool {
	return errors.Is(err, ErrCircuitOpen) || errors.Is(err, ErrBusy) || errors.Is(err, ErrShare)
}

// attemptOnce sends attempt (1-based) of a call, within AttemptTimeout
// unless it is the last one, which has the call's whole time, and counts
// it (Config.Metrics), or the gateway's refusal to send it. sent: the
// request went to AuthRocket (the circuit and the gate let it through).
// It goes through the circuit breaker: while the circuit is open, it
// fails at once with ErrCircuitOpen.
func (c *Client) attemptOnce(ctx context.Context, attempt int, last bool, r *route, target string, body []byte, realm string, opts CallOptions) (a answer, sent bool, err error) {
	a, err = c.breaker.Execute(func() (answer, error) {
		release, wait, err := c.gate.enter(ctx, opts.Caller)
		if err != nil {
			switch {
			case errors.Is(err, ErrBusy):
				c.metrics.refused(notSentBusy)
			case errors.Is(err, ErrShare):
				c.metrics.refused(notSentShare)
			}
			return answer{}, &Error{Endpoint: r.endpoint(), Err: err, RetryAfter: wait}
		}
		defer release()
		sent = true
		start := c.metrics.start()
		a, err := c.sendWithin(ctx, last, r, target, body, realm, opts.Locale)
		c.metrics.attempt(r, attempt, a, err, start)
		return a, err
	})
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		c.metrics.refused(notSentCircuitOpen)
		return answer{}, false, &Error{Endpoint: r.endpoint(), Err: ErrCircuitOpen, RetryAfter: c.openFor}
	}
	return a, sent, err
}

// sendWithin sends one attempt, within AttemptTimeout unless it is the last.
func (c *Client) sendWithin(ctx context.Context, last bool, r *route, target string, body []byte, realm, locale string) (answer, error) {
	if last {
		return c.send(ctx, r, target, body, realm, locale)
	}
	actx, cancel := context.WithTimeoutCause(ctx, c.attempt, errAttemptTimeout)
	defer cancel()
	a, err := c.send(actx, r, target, body, realm, locale)
	var e *Error
	if errors.As(err, &e) && e.HTTPStatus == 0 && ctx.Err() == nil && errors.Is(context.Cause(actx), errAttemptTimeout) {
		e.Err = errAttemptTimeout
	}
	return a, err
}

func retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if e.HTTPStatus == 0 {
		return !errors.Is(e.Err, context.Canceled) && !errors.Is(e.Err, context.DeadlineExceeded) && !notSent(e)
	}
	return e.HTTPStatus == http.StatusBadGateway || e.HTTPStatus == http.StatusServiceUnavailable
}

// answer is a read response: status, request ID and body.
type answer struct {
	Response
	body []byte
}

// send makes one HTTP exchange. A non-2xx answer is an *Error.
func (c *Client) send(ctx context.Context, r *route, target string, body []byte, realm, locale string) (answer, error) {
	fail := func(a answer, err error) (answer, error) {
		return answer{}, &Error{Endpoint: r.endpoint(), HTTPStatus: a.HTTPStatus, RequestID: a.RequestID, Err: err}
	}
	var rd io.Reader = noRewind{}
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hreq, err := http.NewRequestWithContext(ctx, r.method, target, rd)
	if err != nil {
		return fail(answer{}, err)
	}
	hreq.GetBody = nil   // see noRewind
	var sent atomic.Bool // the whole request was written
	if !r.read {
		hreq = hreq.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(info httptrace.WroteRequestInfo) { sent.Store(info.Err == nil) },
		}))
	}
	h := hreq.Header
	h.Set("Authorization", "Bearer "+c.apiKey.Load().Reveal())
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if realm != "" {
		h.Set("Authrocket-Realm", realm)
	}
	if locale != "" {
		h.Set("Accept-Language", locale)
	}
	hres, err := c.http.Do(hreq)
	if err != nil {
		// Keep the context's error as the cause; the *url.Error text would
		// repeat the URL, which is fine, but the cause must be classifiable.
		cause := errors.Unwrap(err)
		if ctxErr := ctx.Err(); ctxErr != nil {
			cause = ctxErr
		}
		_, e := fail(answer{}, cause)
		e.(*Error).OutcomeUnknown = sent.Load()
		return answer{}, e
	}
	defer hres.Body.Close()
	a := answer{Response: Response{HTTPStatus: hres.StatusCode, RequestID: redact.String(hres.Header.Get("X-Request-Id"))}}
	a.body, err = io.ReadAll(io.LimitReader(hres.Body, maxResponseBytes+1))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fail(a, ctxErr)
		}
		return fail(a, fmt.Errorf("reading the answer: %w", err))
	}
	if len(a.body) > maxResponseBytes {
		return fail(a, fmt.Errorf("answer larger than %d bytes", maxResponseBytes))
	}
	if hres.StatusCode >= 200 && hres.StatusCode < 300 {
		return a, nil
	}
	messages, metadata := errorBody(a.body)
	return answer{}, &Error{
		Endpoint:   r.endpoint(),
		HTTPStatus: a.HTTPStatus,
		RequestID:  a.RequestID,
		Messages:   messages,
		Metadata:   metadata,
		RetryAfter: retryAfter(hres.Header.Get("Retry-After"), time.Now()),
	}
}

// decode fills resp from a 2xx answer. 204 and 215 (AuthRocket's
// "metadata only") leave resp empty; any other answer must be of the
// method's answer's shape (checkAnswer), an empty body too.
func (c *Client) decode(r *route, a answer, resp proto.Message) (Response, error) {
	if a.HTTPStatus == http.StatusNoContent || a.HTTPStatus == 215 {
		return a.Response, nil
	}
	fail := func(err error) (Response, error) {
		return Response{}, &Error{Endpoint: r.endpoint(), HTTPStatus: a.HTTPStatus, RequestID: a.RequestID, Attempts: a.Attempts,
			Err: fmt.Errorf("decoding the answer: %w", err)}
	}
	if err := r.checkAnswer(a.body); err != nil {
		return fail(err)
	}
	if len(bytes.TrimSpace(a.body)) == 0 {
		return a.Response, nil
	}
	m := resp.ProtoReflect()
	target := resp
	switch {
	case r.responseField != nil:
		target = m.Mutable(r.responseField).Message().Interface()
	case r.objectOneof != nil:
		var head struct {
			Object string `json:"object"`
		}
		if err := json.Unmarshal(a.body, &head); err != nil {
			return fail(err)
		}
		f := r.objectOneof.Fields().ByName(protoreflect.Name(head.Object))
		if f == nil {
			return fail(fmt.Errorf("unexpected object %q", head.Object))
		}
		target = m.Mutable(f).Message().Interface()
	}
	if err := arjson.Unmarshal(a.body, target); err != nil {
		return fail(err)
	}
	clearRows(target.ProtoReflect())
	return a.Response, nil
}

// errorBody reads an error answer: AuthRocket's `errors`, an array of
// strings or a hash of arrays (older API versions) flattened in key order,
// and the other top-level keys with string values, which clients treat as
// metadata (a failed authorize sends retry_url).
// Each message and value is scrubbed of secrets (redact.String) before it
// is cut to length, so that not even the start of one is kept.
func errorBody(body []byte) (messages []string, metadata map[string]string) {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return nil, nil
	}
	return errorMessages(doc["errors"]), errorMetadata(doc)
}

func errorMessages(errs json.RawMessage) []string {
	if len(errs) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(errs, &list) != nil {
		var byField map[string][]string
		if json.Unmarshal(errs, &byField) != nil {
			return nil
		}
		keys := make([]string, 0, len(byField))
		for k := range byField {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			list = append(list, byField[k]...)
		}
	}
	if len(list) > maxErrorMessages {
		list = list[:maxErrorMessages]
	}
	for i, m := range list {
		list[i] = truncate(redact.String(m), maxErrorMessageLen)
	}
	return list
}

// errorMetadata keeps, in key order, up to maxErrorMetadata top-level keys
// of an error answer that are snake_case names with string values.
func errorMetadata(doc map[string]json.RawMessage) map[string]string {
	keys := make([]string, 0, len(doc))
	for k := range doc {
		if k != "errors" && metadataKey.MatchString(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var md map[string]string
	for _, k := range keys {
		var v string
		if json.Unmarshal(doc[k], &v) != nil || v == "" {
			continue
		}
		if md == nil {
			md = map[string]string{}
		}
		md[k] = truncate(redact.String(v), maxErrorMessageLen)
		if len(md) == maxErrorMetadata {
			break
		}
	}
	return md
}

// metadataKey is the shape of a metadata key kept from an error answer.
// Each word starts with a letter, so that the key survives a round trip
// through lowerCamelCase (retry_url ↔ retryUrl).
var metadataKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z][a-z0-9]*){0,7}$`)

// truncate cuts s to at most n bytes at a rune boundary, so that it stays
// valid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if s > math.MaxInt64/uint64(time.Second) { // would overflow: as long as a Duration can be
			return math.MaxInt64
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
