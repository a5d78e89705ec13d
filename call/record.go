package call

import (
	"context"
	"encoding/hex"
	"time"

	"google.golang.org/grpc/codes"
)

// Transport is how a call reached the gateway.
type Transport uint8

// Transports.
const (
	GRPC Transport = iota + 1 // the gRPC port
	REST                      // the REST facade
)

// String returns "grpc" or "rest".
func (t Transport) String() string {
	switch t {
	case GRPC:
		return "grpc"
	case REST:
		return "rest"
	}
	return "unknown"
}

// Decision is what the gateway decided about a call.
type Decision uint8

// Decisions. A call that no stage refused is allowed.
const (
	Allow Decision = iota
	Deny
)

// String returns "allow" or "deny".
func (d Decision) String() string {
	if d == Deny {
		return "deny"
	}
	return "allow"
}

// Peer is the network party of a call as the gateway saw it.
type Peer struct {
	// Addr is the caller's address ("203.0.113.7:50412").
	Addr string
	// TLS reports whether the connection was TLS.
	TLS bool
	// Identity is the verified client certificate's identity: its first
	// SPIFFE ID, else its first DNS name; "" without one.
	Identity string
}

// Record is the record of one call. Its zero value is not usable: make one
// with New.
type Record struct {
	start     time.Time
	transport Transport
	method    string
	requestID string
	peer      Peer

	caller      string
	realm       string
	resourceIDs []string
	decision    Decision
	rule        string
	secrets     []string // realms whose JWT secret the answer hands out

	upstreamStatus    int
	upstreamRequestID string
	attempts          int
	upstreamTime      time.Duration

	code    codes.Code
	reason  string
	latency time.Duration

	traceID [16]byte // zero: not traced
}

// New returns the record of a call that arrived at start over t for
// method ("authrocket.v2.UsersService/GetUser", no leading slash), with the
// gateway's request ID.
func New(start time.Time, t Transport, method, requestID string, p Peer) *Record {
	return &Record{start: start, transport: t, method: method, requestID: requestID, peer: p}
}

// Authenticated records who the caller is (its name in the policy).
func (r *Record) Authenticated(caller string) { r.caller = caller }

// Resources records the AuthRocket IDs the request names.
func (r *Record) Resources(ids []string) { r.resourceIDs = ids }

// Allowed records the rule that allowed the call and the realm AuthRocket
// works in for it ("" for an account-wide call).
func (r *Record) Allowed(realm, rule string) { r.realm, r.rule = realm, rule }

// SecretsHandedOut records that the answer hands the caller the JWT
// secrets (jsk_…) of realms, by a policy grant.
func (r *Record) SecretsHandedOut(realms []string) { r.secrets = realms }

// SecretRealms returns the realms whose JWT secret the answer handed out.
func (r *Record) SecretRealms() []string { return r.secrets }

// Denied records that the call was refused and what refused it: a policy
// rule, or why it was refused before the policy ("unauthenticated").
func (r *Record) Denied(rule string) { r.decision, r.rule = Deny, rule }

// Upstream records one exchange with AuthRocket: its HTTP status (0 when it
// did not answer), its request ID, the attempts it took and their time. A
// call that exchanges more than once (a token check that reads a key, then
// a session) keeps the last status and request ID and adds up the rest.
func (r *Record) Upstream(status int, requestID string, attempts int, d time.Duration) {
	if status != 0 {
		r.upstreamStatus = status
	}
	if requestID != "" {
		r.upstreamRequestID = requestID
	}
	r.attempts += attempts
	r.upstreamTime += d
}

// Traced records the call's W3C trace ID.
func (r *Record) Traced(traceID [16]byte) { r.traceID = traceID }

// Finish records the call's outcome, its gRPC code and the ErrorInfo
// reason of its error (""), at end.
func (r *Record) Finish(code codes.Code, reason string, end time.Time) {
	r.code, r.reason, r.latency = code, reason, end.Sub(r.start)
}

// Start is when the call arrived.
func (r *Record) Start() time.Time { return r.start }

// Transport is how the call arrived.
func (r *Record) Transport() Transport { return r.transport }

// Method is the call's full method name, without a leading slash.
func (r *Record) Method() string { return r.method }

// RequestID is the gateway's request ID of the call.
func (r *Record) RequestID() string { return r.requestID }

// Peer is the caller's network party.
func (r *Record) Peer() Peer { return r.peer }

// Caller is the caller's name in the policy, or "" before (or without)
// authentication.
func (r *Record) Caller() string { return r.caller }

// Realm is the realm AuthRocket works in for the call, "" when none.
func (r *Record) Realm() string { return r.realm }

// ResourceIDs are the AuthRocket IDs the request names, unchecked.
func (r *Record) ResourceIDs() []string { return r.resourceIDs }

// Decision is Deny if a stage refused the call, else Allow.
func (r *Record) Decision() Decision { return r.decision }

// Rule is what decided: the policy rule that allowed or refused the call,
// or why it was refused before the policy.
func (r *Record) Rule() string { return r.rule }

// UpstreamStatus is AuthRocket's last HTTP status, 0 when it never answered.
func (r *Record) UpstreamStatus() int { return r.upstreamStatus }

// UpstreamRequestID is AuthRocket's last X-Request-ID, when it sent one.
func (r *Record) UpstreamRequestID() string { return r.upstreamRequestID }

// Attempts is how many HTTP requests the call sent to AuthRocket.
func (r *Record) Attempts() int { return r.attempts }

// UpstreamTime is the time spent in exchanges with AuthRocket.
func (r *Record) UpstreamTime() time.Duration { return r.upstreamTime }

// Code is the call's gRPC status code, once finished.
func (r *Record) Code() codes.Code { return r.code }

// Reason is the ErrorInfo reason of the call's error, "" on success.
func (r *Record) Reason() string { return r.reason }

// Latency is how long the call took in the gateway, once finished.
func (r *Record) Latency() time.Duration { return r.latency }

// Trace returns the call's trace ID, and whether the call was traced.
func (r *Record) Trace() (traceID [16]byte, ok bool) {
	return r.traceID, r.traceID != [16]byte{}
}

// TraceID is the call's trace ID in hex (32 digits), "" when it was not
// traced.
func (r *Record) TraceID() string {
	if r.traceID == [16]byte{} {
		return ""
	}
	return hex.EncodeToString(r.traceID[:])
}

type recordKey struct{}

// NewContext returns ctx carrying r.
func NewContext(ctx context.Context, r *Record) context.Context {
	return context.WithValue(ctx, recordKey{}, r)
}

// FromContext returns the Record in ctx, or nil.
func FromContext(ctx context.Context) *Record {
	r, _ := ctx.Value(recordKey{}).(*Record)
	return r
}
