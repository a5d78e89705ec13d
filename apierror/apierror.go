package apierror

import (
	"strconv"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// Domain is the domain of every ErrorInfo the gateway sends.
const Domain = "authrocket-gateway"

// ErrorInfo metadata keys.
const (
	MetaHTTPStatus          = "httpStatus"          // AuthRocket's HTTP status, when it answered
	MetaAuthRocketRequestID = "authrocketRequestId" // AuthRocket's X-Request-ID, when it sent one
	MetaGatewayRequestID    = "gatewayRequestId"    // the gateway's request ID, always
	// metaAuthRocketPrefix starts the keys of what AuthRocket sent beside
	// its errors, in lowerCamelCase: retry_url → authrocketRetryUrl.
	metaAuthRocketPrefix = "authrocket"
)

// Error is an error of the contract before it becomes a status: its code,
// its ErrorInfo reason, its message, what AuthRocket answered (if it was
// asked) and the details of its kind.
type Error struct {
	Code     codes.Code
	Reason   string
	Message  string
	Upstream *authrocket.Error
	Details  []proto.Message
	// Cause is what failed, for the gateway's log (never the caller's
	// answer): AuthRocket's error, or another failure of the gateway.
	Cause error
}

// New returns the error of code with reason (UPPER_SNAKE), message msg and
// details.
func New(code codes.Code, reason, msg string, details ...proto.Message) *Error {
	return &Error{Code: code, Reason: reason, Message: msg, Details: details}
}

// WithUpstream records AuthRocket's answer in e (its status, request ID and
// the top-level fields it sent beside its errors) and returns e.
func (e *Error) WithUpstream(up *authrocket.Error) *Error {
	e.Upstream, e.Cause = up, up
	return e
}

// WithCause records in e the failure it stands for, for the gateway's log,
// and returns e.
func (e *Error) WithCause(err error) *Error {
	e.Cause = err
	return e
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// Status returns e as the contract's status for the call whose gateway
// request ID is requestID.
func (e *Error) Status(requestID string) *status.Status {
	info := &errdetails.ErrorInfo{
		Reason:   e.Reason,
		Domain:   Domain,
		Metadata: map[string]string{MetaGatewayRequestID: requestID},
	}
	shown := requestID
	if up := e.Upstream; up != nil {
		if up.HTTPStatus != 0 {
			info.Metadata[MetaHTTPStatus] = strconv.Itoa(up.HTTPStatus)
		}
		if up.RequestID != "" {
			info.Metadata[MetaAuthRocketRequestID] = up.RequestID
			shown = up.RequestID
		}
		for k, v := range up.Metadata {
			info.Metadata[upstreamKey(k)] = v
		}
	}
	p := &spb.Status{Code: int32(e.Code), Message: e.Message}
	for _, d := range append([]proto.Message{info, &errdetails.RequestInfo{RequestId: shown}}, e.Details...) {
		a, err := anypb.New(d)
		if err != nil {
			continue // cannot happen for the errdetails types
		}
		p.Details = append(p.Details, a)
	}
	return status.FromProto(p)
}

// defaultReasons name the reason of statuses raised without one.
var defaultReasons = map[codes.Code]string{
	codes.InvalidArgument:  "INVALID_REQUEST",
	codes.Unauthenticated:  "UNAUTHENTICATED",
	codes.PermissionDenied: "PERMISSION_DENIED",
	codes.Internal:         "INTERNAL",
	codes.Unimplemented:    "UNIMPLEMENTED",
}

// Contract returns st with the contract's ErrorInfo and RequestInfo in
// front of its details, unless it has an ErrorInfo already. The reason is
// that of defaultReasons, else the code's name (CANCELLED, NOT_FOUND, ...).
func Contract(st *status.Status, requestID string) *status.Status {
	if Info(st) != nil {
		return st
	}
	reason, ok := defaultReasons[st.Code()]
	if !ok {
		reason = strings.NewReplacer("CANCELED", "CANCELLED").Replace(toUpperSnake(st.Code().String()))
	}
	p := New(st.Code(), reason, st.Message()).Status(requestID).Proto()
	p.Details = append(p.Details, st.Proto().GetDetails()...)
	return status.FromProto(p)
}

// Info returns st's ErrorInfo, or nil.
func Info(st *status.Status) *errdetails.ErrorInfo {
	for _, d := range st.Proto().GetDetails() {
		if d.MessageIs((*errdetails.ErrorInfo)(nil)) {
			var info errdetails.ErrorInfo
			if d.UnmarshalTo(&info) == nil {
				return &info
			}
		}
	}
	return nil
}

// HTTPStatus returns AuthRocket's HTTP status recorded in info, or 0.
func HTTPStatus(info *errdetails.ErrorInfo) int {
	n, _ := strconv.Atoi(info.GetMetadata()[MetaHTTPStatus])
	return n
}

// AuthRocketFields returns what AuthRocket sent beside its errors
// (retry_url, ...) as recorded in info, under AuthRocket's own keys.
func AuthRocketFields(info *errdetails.ErrorInfo) map[string]string {
	var out map[string]string
	for k, v := range info.GetMetadata() {
		if key, ok := authRocketKey(k); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[key] = v
		}
	}
	return out
}

// upstreamKey is the ErrorInfo metadata key of a key AuthRocket sent
// beside its errors (snake_case: authrocket.Error.Metadata).
func upstreamKey(k string) string {
	var b strings.Builder
	b.WriteString(metaAuthRocketPrefix)
	for w := range strings.SplitSeq(k, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// authRocketKey inverts upstreamKey: the key as AuthRocket sent it, or
// false for metadata of the gateway's own.
func authRocketKey(metaKey string) (string, bool) {
	rest, ok := strings.CutPrefix(metaKey, metaAuthRocketPrefix)
	if !ok || metaKey == MetaAuthRocketRequestID || rest == "" {
		return "", false
	}
	var b strings.Builder
	for i, r := range rest {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// toUpperSnake turns a code name such as "DeadlineExceeded" into
// "DEADLINE_EXCEEDED".
func toUpperSnake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && 'A' <= r && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
