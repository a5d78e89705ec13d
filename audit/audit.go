package audit

import (
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Decisions of a Record.
const (
	Allow = "allow"
	Deny  = "deny"
)

// Record is the audit record of one call.
type Record struct {
	// Time is when the call arrived.
	Time time.Time `json:"time"`
	// Caller is the caller's name from the policy, or "" when the call was
	// not authenticated.
	Caller string `json:"caller"`
	// Method is the full method name, "authrocket.v2.UsersService/GetUser".
	Method string `json:"method"`
	// Transport is "grpc" or "rest".
	Transport string `json:"transport"`
	// Realm is the realm the call worked in, when it named or defaulted one.
	Realm string `json:"realm,omitempty"`
	// ResourceIDs are the AuthRocket IDs the request named (usr_…, org_…).
	ResourceIDs []string `json:"resource_ids,omitempty"`
	// Decision is Allow or Deny.
	Decision string `json:"decision"`
	// Rule is what decided: a policy rule, or why the call was refused
	// before the policy (e.g. "unauthenticated").
	Rule string `json:"rule,omitempty"`
	// Code is the call's gRPC status code name, e.g. "OK", "NOT_FOUND".
	Code string `json:"code"`
	// UpstreamStatus is AuthRocket's HTTP status, or 0 when AuthRocket was
	// not called.
	UpstreamStatus int `json:"upstream_status,omitempty"`
	// RequestID is the gateway's request ID.
	RequestID string `json:"request_id"`
	// AuthRocketRequestID is AuthRocket's X-Request-ID, when it answered.
	AuthRocketRequestID string `json:"authrocket_request_id,omitempty"`
	// Latency is how long the call took in the gateway.
	Latency time.Duration `json:"-"`
}

// line is how a Record is written.
type line struct {
	Record
	LatencyMS float64 `json:"latency_ms"`
}

// Sink writes Records as JSON lines, one per Write, safe for concurrent use.
type Sink struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// NewSink writes to w (stdout, or a file opened for appending).
func NewSink(w io.Writer) *Sink {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Sink{enc: enc}
}

// Write writes r. Resource IDs and the realm that are not AuthRocket IDs
// are left out. A write error is returned; the call it describes has
// already happened, so the caller reports it and goes on.
func (s *Sink) Write(r Record) error {
	r.Time = r.Time.UTC()
	if !IsID(r.Realm) {
		r.Realm = ""
	}
	ids := r.ResourceIDs[:0:0]
	for _, id := range r.ResourceIDs {
		if IsID(id) {
			ids = append(ids, id)
		}
	}
	r.ResourceIDs = ids
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc.Encode(line{Record: r, LatencyMS: float64(r.Latency.Microseconds()) / 1000})
}

// idShape is an AuthRocket ID: a short lowercase prefix, "_", and at most
// 64 letters and digits (usr_…, rl_…, kss_…).
var idShape = regexp.MustCompile(`^[a-z][a-z0-9]{0,7}_[0-9A-Za-z]{1,64}$`)

// secretPrefixes start keys with the shape of an ID: AuthRocket's API keys
// (ks_, and AR1's ko_ and key_), realm JWT secrets (jsk_) and the
// gateway's own caller credentials (argw_, policy.CredentialPrefix; gwc_
// before it).
var secretPrefixes = []string{"ks_", "ko_", "key_", "jsk_", "argw_", "gwc_"}

// IsID reports whether s has the shape of an AuthRocket ID and is not a
// key, and so may be written to the audit trail. Emails, usernames, tokens
// and keys are not.
func IsID(s string) bool {
	for _, p := range secretPrefixes {
		if strings.HasPrefix(s, p) {
			return false
		}
	}
	return idShape.MatchString(s)
}
