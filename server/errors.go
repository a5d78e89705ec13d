package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/redact"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// statusOf turns an error of the call path into the contract's status for
// the call with the gateway's request ID requestID. An error of no known
// kind is INTERNAL with a neutral message: its text may say anything, and
// only the log gets it.
func statusOf(err error, requestID string) *status.Status {
	var ae *apierror.Error
	switch {
	case errors.As(err, &ae):
		return ae.Status(requestID)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return apierror.Contract(status.FromContextError(err), requestID)
	}
	if st, isStatus := status.FromError(err); isStatus {
		return apierror.Contract(st, requestID)
	}
	return apierror.New(codes.Internal, "INTERNAL", "internal error").Status(requestID)
}

// callFacts is what the translation of AuthRocket's errors needs to know
// about the call.
type callFacts struct {
	create       bool   // a Create… RPC: AuthRocket's 409 means "already exists"
	resourceType string // AuthRocket object type, e.g. "user"
	resourceName string // the ID the request named, if any
	locale       string // the language of AuthRocket's messages, if the caller asked for one
}

// upstreamStatus translates a failed AuthRocket call into a gRPC status:
// docs/errors.md's table, row by row.
func upstreamStatus(e *authrocket.Error, f callFacts) *apierror.Error {
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
		// Refused before any upstream call; e.Err says which part and why,
		// and may quote a map key of the request (arjson).
		msg := redact.String(e.Err.Error())
		return apierror.New(codes.InvalidArgument, "INVALID_REQUEST", msg, &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Description: msg}}})
	case errors.Is(e, authrocket.ErrBusy):
		return apierror.New(codes.Unavailable, "UPSTREAM_BUSY", "the gateway's requests to AuthRocket are at their limit; try again shortly", retryInfo(e)...).WithUpstream(e)
	case errors.Is(e, authrocket.ErrShare):
		return apierror.New(codes.ResourceExhausted, "UPSTREAM_SHARE", "this caller holds its share of the requests to AuthRocket; try again shortly", retryInfo(e)...).WithUpstream(e)
	case errors.Is(e, authrocket.ErrCircuitOpen):
		return apierror.New(codes.Unavailable, "AUTHROCKET_CIRCUIT_OPEN", "AuthRocket's recent requests failed; the gateway sends none for a few seconds", retryInfo(e)...).WithUpstream(e)
	case e.OutcomeUnknown && !errors.Is(e, context.Canceled):
		code := codes.Unknown // not UNAVAILABLE, which clients may retry on their own
		if errors.Is(e, context.DeadlineExceeded) {
			code = codes.DeadlineExceeded
		}
		return apierror.New(code, "UPSTREAM_OUTCOME_UNKNOWN", "AuthRocket got this write but did not answer: it may have applied it; check before you retry").WithUpstream(e)
	case e.HTTPStatus == 0 && errors.Is(e, context.Canceled):
		return apierror.New(codes.Canceled, "CANCELLED", "the caller cancelled the call").WithUpstream(e)
	case e.HTTPStatus == 0 && errors.Is(e, context.DeadlineExceeded):
		return apierror.New(codes.DeadlineExceeded, "DEADLINE_EXCEEDED", "the call's deadline passed before AuthRocket answered").WithUpstream(e)
	case e.HTTPStatus == 0:
		return apierror.New(codes.Unavailable, "AUTHROCKET_UNREACHABLE", "AuthRocket could not be reached").WithUpstream(e)
	case e.HTTPStatus >= 200 && e.HTTPStatus < 300:
		return apierror.New(codes.Internal, "AUTHROCKET_BAD_ANSWER", "AuthRocket's answer could not be read").WithUpstream(e)
	}
	switch e.HTTPStatus {
	case http.StatusBadRequest:
		return apierror.New(codes.InvalidArgument, "AUTHROCKET_BAD_REQUEST", orDefault(answered), badRequest(e.Messages, f)).WithUpstream(e)
	case http.StatusUnauthorized, http.StatusForbidden:
		return apierror.New(codes.Internal, "AUTHROCKET_KEY_REJECTED", "AuthRocket rejected the gateway's API key; the gateway's operator must check AUTHROCKET_API_KEY").WithUpstream(e)
	case http.StatusPaymentRequired:
		return apierror.New(codes.FailedPrecondition, "AUTHROCKET_ACCOUNT_INACTIVE", orDefault("the AuthRocket account is inactive")).WithUpstream(e)
	case http.StatusNotFound:
		return apierror.New(codes.NotFound, "AUTHROCKET_NOT_FOUND", orDefault(answered), &errdetails.ResourceInfo{ResourceType: f.resourceType, ResourceName: f.resourceName, Description: orDefault("not found")}).WithUpstream(e)
	case http.StatusConflict:
		if f.create {
			return apierror.New(codes.AlreadyExists, "AUTHROCKET_ALREADY_EXISTS", orDefault(answered), preconditionFailure(e.Messages, f)).WithUpstream(e)
		}
		return apierror.New(codes.FailedPrecondition, "AUTHROCKET_CONFLICT", orDefault(answered), preconditionFailure(e.Messages, f)).WithUpstream(e)
	case http.StatusUnprocessableEntity:
		details := []proto.Message{badRequest(e.Messages, f)}
		if f.locale != "" {
			details = append(details, &errdetails.LocalizedMessage{Locale: f.locale, Message: orDefault(answered)})
		}
		return apierror.New(codes.InvalidArgument, "AUTHROCKET_VALIDATION_FAILED", orDefault(answered), details...).WithUpstream(e)
	case http.StatusTooManyRequests:
		details := retryInfo(e)
		details = append(details, &errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{
			Subject: "authrocket", Description: orDefault("AuthRocket's rate limit was reached"),
		}}})
		return apierror.New(codes.ResourceExhausted, "AUTHROCKET_RATE_LIMITED", orDefault("AuthRocket's rate limit was reached"), details...).WithUpstream(e)
	case http.StatusInternalServerError:
		return apierror.New(codes.Internal, "AUTHROCKET_INTERNAL_ERROR", answered).WithUpstream(e)
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		return apierror.New(codes.Unavailable, "AUTHROCKET_UNAVAILABLE", answered, retryInfo(e)...).WithUpstream(e)
	case http.StatusGatewayTimeout:
		return apierror.New(codes.DeadlineExceeded, "AUTHROCKET_TIMEOUT", answered).WithUpstream(e)
	}
	return apierror.New(codes.Unknown, "AUTHROCKET_UNEXPECTED_STATUS", answered).WithUpstream(e)
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
