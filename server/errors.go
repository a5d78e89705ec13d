package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
)

// ErrorDomain is the domain of every ErrorInfo the gateway sends.
const ErrorDomain = "authrocket-gateway"

// ErrorInfo metadata keys.
const (
	metaHTTPStatus          = "httpStatus"          // AuthRocket's HTTP status, when it answered
	metaAuthRocketRequestID = "authrocketRequestId" // AuthRocket's X-Request-ID, when it sent one
	metaGatewayRequestID    = "gatewayRequestId"    // the gateway's request ID, always
	// metaAuthRocketPrefix starts the keys of what AuthRocket sent beside
	// its errors, in lowerCamelCase: retry_url → authrocketRetryUrl.
	metaAuthRocketPrefix = "authrocket"
)

// callFacts is what the error translation needs to know about the call.
type callFacts struct {
	requestID    string // the gateway's
	create       bool   // a Create… RPC: AuthRocket's 409 means "already exists"
	resourceType string // AuthRocket object type, e.g. "user"
	resourceName string // the ID the request named, if any
	locale       string // the language of AuthRocket's messages, if the caller asked for one
}

// newStatus builds a status with the contract's ErrorInfo and RequestInfo
// followed by details. up is the adapter's error when AuthRocket was called.
func newStatus(code codes.Code, msg, reason string, f callFacts, up *authrocket.Error, details ...proto.Message) *status.Status {
	info := &errdetails.ErrorInfo{
		Reason:   reason,
		Domain:   ErrorDomain,
		Metadata: map[string]string{metaGatewayRequestID: f.requestID},
	}
	requestID := f.requestID
	if up != nil {
		if up.HTTPStatus != 0 {
			info.Metadata[metaHTTPStatus] = strconv.Itoa(up.HTTPStatus)
		}
		if up.RequestID != "" {
			info.Metadata[metaAuthRocketRequestID] = up.RequestID
			requestID = up.RequestID
		}
		for k, v := range up.Metadata {
			info.Metadata[upstreamMetaKey(k)] = v
		}
	}
	all := append([]proto.Message{info, &errdetails.RequestInfo{RequestId: requestID}}, details...)
	p := &spb.Status{Code: int32(code), Message: msg}
	for _, d := range all {
		a, err := anypb.New(d)
		if err != nil {
			continue // cannot happen for the errdetails types
		}
		p.Details = append(p.Details, a)
	}
	return status.FromProto(p)
}

// upstreamMetaKey is the ErrorInfo metadata key of a key AuthRocket sent
// beside its errors (snake_case: authrocket.Error.Metadata).
func upstreamMetaKey(k string) string {
	var b strings.Builder
	b.WriteString(metaAuthRocketPrefix)
	for w := range strings.SplitSeq(k, "_") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// authRocketKey inverts upstreamMetaKey: the key as AuthRocket sent it, or
// false for metadata of the gateway's own.
func authRocketKey(metaKey string) (string, bool) {
	rest, ok := strings.CutPrefix(metaKey, metaAuthRocketPrefix)
	if !ok || metaKey == metaAuthRocketRequestID || rest == "" {
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

// upstreamStatus translates a failed AuthRocket call into a gRPC status:
// the table of DESIGN.md §4.2, row by row.
func upstreamStatus(e *authrocket.Error, f callFacts) *status.Status {
	messages := strings.Join(e.Messages, "; ")
	orDefault := func(def string) string {
		if messages != "" {
			return messages
		}
		return def
	}
	answered := fmt.Sprintf("AuthRocket answered %d %s", e.HTTPStatus, http.StatusText(e.HTTPStatus))
	switch {
	case errors.Is(e, authrocket.ErrInvalidRequest):
		// Refused before any upstream call; e.Err says which part and why.
		return newStatus(codes.InvalidArgument, e.Err.Error(), "INVALID_REQUEST", f, nil,
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Description: e.Err.Error()}}})
	case e.HTTPStatus == 0 && errors.Is(e, context.Canceled):
		return newStatus(codes.Canceled, "the caller cancelled the call", "CANCELLED", f, e)
	case e.HTTPStatus == 0 && errors.Is(e, context.DeadlineExceeded):
		return newStatus(codes.DeadlineExceeded, "the call's deadline passed before AuthRocket answered", "DEADLINE_EXCEEDED", f, e)
	case e.HTTPStatus == 0:
		return newStatus(codes.Unavailable, "AuthRocket could not be reached", "AUTHROCKET_UNREACHABLE", f, e)
	case e.HTTPStatus >= 200 && e.HTTPStatus < 300:
		return newStatus(codes.Internal, "AuthRocket's answer could not be read", "AUTHROCKET_BAD_ANSWER", f, e)
	}
	switch e.HTTPStatus {
	case http.StatusBadRequest:
		return newStatus(codes.InvalidArgument, orDefault(answered), "AUTHROCKET_BAD_REQUEST", f, e, badRequest(e.Messages, f))
	case http.StatusUnauthorized, http.StatusForbidden:
		return newStatus(codes.Internal, "AuthRocket rejected the gateway's API key; the gateway's operator must check AUTHROCKET_API_KEY",
			"AUTHROCKET_KEY_REJECTED", f, e)
	case http.StatusPaymentRequired:
		return newStatus(codes.FailedPrecondition, orDefault("the AuthRocket account is inactive"), "AUTHROCKET_ACCOUNT_INACTIVE", f, e)
	case http.StatusNotFound:
		return newStatus(codes.NotFound, orDefault(answered), "AUTHROCKET_NOT_FOUND", f, e,
			&errdetails.ResourceInfo{ResourceType: f.resourceType, ResourceName: f.resourceName, Description: orDefault("not found")})
	case http.StatusConflict:
		if f.create {
			return newStatus(codes.AlreadyExists, orDefault(answered), "AUTHROCKET_ALREADY_EXISTS", f, e, preconditionFailure(e.Messages, f))
		}
		return newStatus(codes.FailedPrecondition, orDefault(answered), "AUTHROCKET_CONFLICT", f, e, preconditionFailure(e.Messages, f))
	case http.StatusUnprocessableEntity:
		details := []proto.Message{badRequest(e.Messages, f)}
		if f.locale != "" {
			details = append(details, &errdetails.LocalizedMessage{Locale: f.locale, Message: orDefault(answered)})
		}
		return newStatus(codes.InvalidArgument, orDefault(answered), "AUTHROCKET_VALIDATION_FAILED", f, e, details...)
	case http.StatusTooManyRequests:
		details := retryInfo(e)
		details = append(details, &errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{
			Subject: "authrocket", Description: orDefault("AuthRocket's rate limit was reached"),
		}}})
		return newStatus(codes.ResourceExhausted, orDefault("AuthRocket's rate limit was reached"), "AUTHROCKET_RATE_LIMITED", f, e, details...)
	case http.StatusInternalServerError:
		return newStatus(codes.Internal, answered, "AUTHROCKET_INTERNAL_ERROR", f, e)
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		return newStatus(codes.Unavailable, answered, "AUTHROCKET_UNAVAILABLE", f, e, retryInfo(e)...)
	case http.StatusGatewayTimeout:
		return newStatus(codes.DeadlineExceeded, answered, "AUTHROCKET_TIMEOUT", f, e)
	}
	return newStatus(codes.Unknown, answered, "AUTHROCKET_UNEXPECTED_STATUS", f, e)
}

func badRequest(messages []string, f callFacts) *errdetails.BadRequest {
	br := &errdetails.BadRequest{}
	for _, m := range messages {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: f.resourceType, Description: m})
	}
	return br
}

func preconditionFailure(messages []string, f callFacts) *errdetails.PreconditionFailure {
	pf := &errdetails.PreconditionFailure{}
	for _, m := range messages {
		pf.Violations = append(pf.Violations, &errdetails.PreconditionFailure_Violation{Type: "AUTHROCKET", Subject: f.resourceType, Description: m})
	}
	return pf
}

func retryInfo(e *authrocket.Error) []proto.Message {
	if e.RetryAfter <= 0 {
		return nil
	}
	return []proto.Message{&errdetails.RetryInfo{RetryDelay: durationpb.New(e.RetryAfter)}}
}

// defaultReasons name the ErrorInfo reason of errors raised by the gateway
// itself (not by AuthRocket) that carry none.
var defaultReasons = map[codes.Code]string{
	codes.InvalidArgument:  "INVALID_REQUEST",
	codes.Unauthenticated:  "UNAUTHENTICATED",
	codes.PermissionDenied: "PERMISSION_DENIED",
	codes.Internal:         "INTERNAL",
	codes.Unimplemented:    "UNIMPLEMENTED",
}

// withContract returns st with the contract's ErrorInfo and RequestInfo in
// front of its details, unless it has an ErrorInfo already.
func withContract(st *status.Status, requestID string) *status.Status {
	for _, d := range st.Details() {
		if _, ok := d.(*errdetails.ErrorInfo); ok {
			return st
		}
	}
	reason, ok := defaultReasons[st.Code()]
	if !ok {
		reason = strings.NewReplacer("CANCELED", "CANCELLED").Replace(toUpperSnake(st.Code().String()))
	}
	p := newStatus(st.Code(), st.Message(), reason, callFacts{requestID: requestID}, nil).Proto()
	p.Details = append(p.Details, st.Proto().GetDetails()...)
	return status.FromProto(p)
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

// errorContractInterceptor makes every error of the chain below it follow
// the error contract (an ErrorInfo and a RequestInfo).
func errorContractInterceptor(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := handler(ctx, req)
	if err == nil {
		return resp, nil
	}
	st, ok := status.FromError(err)
	if !ok {
		st = status.FromContextError(err)
	}
	return nil, withContract(st, RequestID(ctx)).Err()
}
