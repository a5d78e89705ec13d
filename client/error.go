package client

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Error is a failed call, as the gateway describes it in its status
// details (docs/errors.md). It answers GRPCStatus, so status.Code and
// status.FromError work on it as on any gRPC error.
type Error struct {
	Code    codes.Code
	Message string
	// Reason says what happened, e.g. AUTHROCKET_NOT_FOUND,
	// AUTHROCKET_VALIDATION_FAILED, METHOD_NOT_ALLOWED (docs/errors.md).
	Reason string
	// GatewayRequestID names the call in the gateway's logs and audit.
	GatewayRequestID string
	// AuthRocketRequestID is AuthRocket's X-Request-ID, when it answered.
	AuthRocketRequestID string
	// HTTPStatus is AuthRocket's HTTP status, when it answered (else 0).
	HTTPStatus int
	// RetryDelay is how long to wait before trying again, when the gateway
	// says (RetryInfo); 0 otherwise.
	RetryDelay time.Duration
	// FieldViolations are the request's fields that were wrong (BadRequest).
	FieldViolations []FieldViolation

	status *status.Status
}

// FieldViolation is a field of the request and what was wrong with it.
type FieldViolation struct {
	Field, Description string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("gateway: %s: %s", e.Code, e.Message)
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	return s
}

// GRPCStatus is the call's status, details included.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// Temporary reports whether the same call may succeed later: the gateway
// said when (RetryDelay), or AuthRocket or the gateway was unavailable.
func (e *Error) Temporary() bool {
	return e.RetryDelay > 0 || e.Code == codes.Unavailable
}

// FromError returns err as an *Error when it is a gRPC status other than
// OK, and err unchanged otherwise (nil, or an error of another kind).
func FromError(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok || st.Code() == codes.OK {
		return err
	}
	e = &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			e.Reason = d.GetReason()
			e.GatewayRequestID = d.GetMetadata()["gatewayRequestId"]
			e.AuthRocketRequestID = d.GetMetadata()["authrocketRequestId"]
			e.HTTPStatus, _ = strconv.Atoi(d.GetMetadata()["httpStatus"])
		case *errdetails.RetryInfo:
			e.RetryDelay = d.GetRetryDelay().AsDuration()
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				e.FieldViolations = append(e.FieldViolations, FieldViolation{Field: v.GetField(), Description: v.GetDescription()})
			}
		}
	}
	return e
}
