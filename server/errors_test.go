package server

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// detailTypes lists the detail types of st, in order, e.g. "ErrorInfo".
func detailTypes(st *status.Status) []string {
	var out []string
	for _, d := range st.Details() {
		out = append(out, reflect.TypeOf(d).Elem().Name())
	}
	return out
}

func errorInfo(t *testing.T, st *status.Status) *errdetails.ErrorInfo {
	t.Helper()
	var found *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			if found != nil {
				t.Fatalf("more than one ErrorInfo in %v", st.Details())
			}
			found = ei
		}
	}
	if found == nil {
		t.Fatalf("no ErrorInfo in %v", st.Details())
	}
	return found
}

// TestUpstreamStatus checks every row of docs/errors.md's first table.
func TestUpstreamStatus(t *testing.T) {
	const gw, ar = "gw-1", "ar-1"
	msgs := []string{"Email has already been taken", "Password is too short (minimum is 8 characters)"}
	tests := []struct {
		name    string
		err     *authrocket.Error
		facts   callFacts
		code    codes.Code
		reason  string
		details []string
		message string
	}{
		{"400", &authrocket.Error{HTTPStatus: 400, Messages: []string{"bad"}}, callFacts{},
			codes.InvalidArgument, "AUTHROCKET_BAD_REQUEST", []string{"ErrorInfo", "RequestInfo", "BadRequest"}, "bad"},
		{"402", &authrocket.Error{HTTPStatus: 402}, callFacts{},
			codes.FailedPrecondition, "AUTHROCKET_ACCOUNT_INACTIVE", []string{"ErrorInfo", "RequestInfo"}, "the AuthRocket account is inactive"},
		{"401 key rejected", &authrocket.Error{HTTPStatus: 401}, callFacts{},
			codes.Internal, "AUTHROCKET_KEY_REJECTED", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"403 key rejected", &authrocket.Error{HTTPStatus: 403, Messages: []string{"Access denied"}}, callFacts{},
			codes.Internal, "AUTHROCKET_KEY_REJECTED", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"404", &authrocket.Error{HTTPStatus: 404, Messages: []string{"Not found"}}, callFacts{resourceType: "user", resourceName: "usr_x"},
			codes.NotFound, "AUTHROCKET_NOT_FOUND", []string{"ErrorInfo", "RequestInfo", "ResourceInfo"}, "Not found"},
		{"409 on create", &authrocket.Error{HTTPStatus: 409, Messages: msgs[:1]}, callFacts{create: true},
			codes.AlreadyExists, "AUTHROCKET_ALREADY_EXISTS", []string{"ErrorInfo", "RequestInfo", "PreconditionFailure"}, msgs[0]},
		{"409 otherwise", &authrocket.Error{HTTPStatus: 409, Messages: []string{"Org is closed"}}, callFacts{},
			codes.FailedPrecondition, "AUTHROCKET_CONFLICT", []string{"ErrorInfo", "RequestInfo", "PreconditionFailure"}, "Org is closed"},
		{"422", &authrocket.Error{HTTPStatus: 422, Messages: msgs}, callFacts{},
			codes.InvalidArgument, "AUTHROCKET_VALIDATION_FAILED", []string{"ErrorInfo", "RequestInfo", "BadRequest"}, msgs[0] + "; " + msgs[1]},
		{"422 with a locale", &authrocket.Error{HTTPStatus: 422, Messages: []string{"Error al iniciar sesión"}}, callFacts{locale: "es"},
			codes.InvalidArgument, "AUTHROCKET_VALIDATION_FAILED", []string{"ErrorInfo", "RequestInfo", "BadRequest", "LocalizedMessage"}, "Error al iniciar sesión"},
		{"429", &authrocket.Error{HTTPStatus: 429, RetryAfter: 7 * time.Second}, callFacts{},
			codes.ResourceExhausted, "AUTHROCKET_RATE_LIMITED", []string{"ErrorInfo", "RequestInfo", "RetryInfo", "QuotaFailure"}, ""},
		{"429 without Retry-After", &authrocket.Error{HTTPStatus: 429}, callFacts{},
			codes.ResourceExhausted, "AUTHROCKET_RATE_LIMITED", []string{"ErrorInfo", "RequestInfo", "QuotaFailure"}, ""},
		{"500", &authrocket.Error{HTTPStatus: 500}, callFacts{},
			codes.Internal, "AUTHROCKET_INTERNAL_ERROR", []string{"ErrorInfo", "RequestInfo"}, "AuthRocket answered 500 Internal Server Error"},
		{"502", &authrocket.Error{HTTPStatus: 502}, callFacts{},
			codes.Unavailable, "AUTHROCKET_UNAVAILABLE", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"503 with Retry-After", &authrocket.Error{HTTPStatus: 503, RetryAfter: time.Second}, callFacts{},
			codes.Unavailable, "AUTHROCKET_UNAVAILABLE", []string{"ErrorInfo", "RequestInfo", "RetryInfo"}, ""},
		{"network error", &authrocket.Error{Err: syscall.ECONNREFUSED}, callFacts{},
			codes.Unavailable, "AUTHROCKET_UNREACHABLE", []string{"ErrorInfo", "RequestInfo"}, "AuthRocket could not be reached"},
		{"504", &authrocket.Error{HTTPStatus: 504}, callFacts{},
			codes.DeadlineExceeded, "AUTHROCKET_TIMEOUT", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"caller's deadline", &authrocket.Error{Err: context.DeadlineExceeded}, callFacts{},
			codes.DeadlineExceeded, "DEADLINE_EXCEEDED", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"caller cancelled", &authrocket.Error{Err: context.Canceled}, callFacts{},
			codes.Canceled, "CANCELLED", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"refused before sending", &authrocket.Error{Err: fmt.Errorf("%w: id contains '/'", authrocket.ErrInvalidRequest)}, callFacts{},
			codes.InvalidArgument, "INVALID_REQUEST", []string{"ErrorInfo", "RequestInfo", "BadRequest"}, ""},
		{"unreadable answer", &authrocket.Error{HTTPStatus: 200, Err: errors.New("decoding the answer: bad")}, callFacts{},
			codes.Internal, "AUTHROCKET_BAD_ANSWER", []string{"ErrorInfo", "RequestInfo"}, ""},
		{"unexpected status", &authrocket.Error{HTTPStatus: 302}, callFacts{},
			codes.Unknown, "AUTHROCKET_UNEXPECTED_STATUS", []string{"ErrorInfo", "RequestInfo"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.err.Endpoint = "GET /v2/users/{id}"
			answered := tt.err.HTTPStatus != 0 && tt.err.Err == nil
			if answered {
				tt.err.RequestID = ar
			}
			st := upstreamStatus(tt.err, tt.facts).Status(gw)
			if st.Code() != tt.code {
				t.Errorf("code = %v, want %v", st.Code(), tt.code)
			}
			if got := detailTypes(st); !reflect.DeepEqual(got, tt.details) {
				t.Errorf("details = %v, want %v", got, tt.details)
			}
			if tt.message != "" && st.Message() != tt.message {
				t.Errorf("message = %q, want %q", st.Message(), tt.message)
			}
			ei := errorInfo(t, st)
			if ei.Reason != tt.reason || ei.Domain != apierror.Domain {
				t.Errorf("ErrorInfo = %s/%s, want %s/%s", ei.Domain, ei.Reason, apierror.Domain, tt.reason)
			}
			if ei.Metadata[apierror.MetaGatewayRequestID] != gw {
				t.Errorf("gatewayRequestId = %q", ei.Metadata[apierror.MetaGatewayRequestID])
			}
			wantReqID := gw
			if answered {
				wantReqID = ar
				if ei.Metadata[apierror.MetaAuthRocketRequestID] != ar || ei.Metadata[apierror.MetaHTTPStatus] != fmt.Sprint(tt.err.HTTPStatus) {
					t.Errorf("ErrorInfo metadata = %v", ei.Metadata)
				}
			}
			for _, d := range st.Details() {
				switch d := d.(type) {
				case *errdetails.RequestInfo:
					if d.RequestId != wantReqID {
						t.Errorf("RequestInfo.request_id = %q, want %q", d.RequestId, wantReqID)
					}
				case *errdetails.RetryInfo:
					if d.RetryDelay.AsDuration() != tt.err.RetryAfter {
						t.Errorf("RetryInfo = %v, want %v", d.RetryDelay.AsDuration(), tt.err.RetryAfter)
					}
				case *errdetails.BadRequest:
					if tt.err.HTTPStatus == 422 && len(d.FieldViolations) != len(tt.err.Messages) {
						t.Errorf("BadRequest has %d violations, want one per message (%d)", len(d.FieldViolations), len(tt.err.Messages))
					}
				case *errdetails.ResourceInfo:
					if d.ResourceType != "user" || d.ResourceName != "usr_x" {
						t.Errorf("ResourceInfo = %v", d)
					}
				case *errdetails.LocalizedMessage:
					if d.Locale != "es" {
						t.Errorf("LocalizedMessage.locale = %q", d.Locale)
					}
				}
			}
		})
	}
}
