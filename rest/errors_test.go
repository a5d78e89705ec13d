package rest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// TestWriteErrorHTTPStatus checks the REST status of an error: the status
// given, else AuthRocket's 400/402/404/409/422/429 kept from the ErrorInfo,
// else the gRPC code's (docs/errors.md).
func TestWriteErrorHTTPStatus(t *testing.T) {
	tests := []struct {
		name       string
		st         *status.Status
		httpStatus int
		want       int
	}{
		{name: "Canceled", st: status.New(codes.Canceled, "m"), want: 499},
		{name: "Unknown", st: status.New(codes.Unknown, "m"), want: 500},
		{name: "InvalidArgument", st: status.New(codes.InvalidArgument, "m"), want: 400},
		{name: "DeadlineExceeded", st: status.New(codes.DeadlineExceeded, "m"), want: 504},
		{name: "NotFound", st: status.New(codes.NotFound, "m"), want: 404},
		{name: "AlreadyExists", st: status.New(codes.AlreadyExists, "m"), want: 409},
		{name: "PermissionDenied", st: status.New(codes.PermissionDenied, "m"), want: 403},
		{name: "Unauthenticated", st: status.New(codes.Unauthenticated, "m"), want: 401},
		{name: "ResourceExhausted", st: status.New(codes.ResourceExhausted, "m"), want: 429},
		{name: "FailedPrecondition", st: status.New(codes.FailedPrecondition, "m"), want: 400},
		{name: "Aborted", st: status.New(codes.Aborted, "m"), want: 409},
		{name: "OutOfRange", st: status.New(codes.OutOfRange, "m"), want: 400},
		{name: "Unimplemented", st: status.New(codes.Unimplemented, "m"), want: 501},
		{name: "Internal", st: status.New(codes.Internal, "m"), want: 500},
		{name: "Unavailable", st: status.New(codes.Unavailable, "m"), want: 503},
		{name: "DataLoss", st: status.New(codes.DataLoss, "m"), want: 500},

		// AuthRocket's status is kept when it describes the caller's request,
		// whatever the code says.
		{name: "httpStatus 400 kept", st: withDetails(t, codes.Unknown, "m", upstreamInfo("400")), want: 400},
		{name: "httpStatus 402 kept", st: withDetails(t, codes.FailedPrecondition, "m", upstreamInfo("402")), want: 402},
		{name: "httpStatus 404 kept", st: withDetails(t, codes.Unknown, "m", upstreamInfo("404")), want: 404},
		{name: "httpStatus 409 kept (conflict)", st: withDetails(t, codes.FailedPrecondition, "m", upstreamInfo("409")), want: 409},
		{name: "httpStatus 409 kept (exists)", st: withDetails(t, codes.AlreadyExists, "m", upstreamInfo("409")), want: 409},
		{name: "httpStatus 422 kept", st: withDetails(t, codes.InvalidArgument, "m", upstreamInfo("422")), want: 422},
		{name: "httpStatus 429 kept", st: withDetails(t, codes.Unavailable, "m", upstreamInfo("429")), want: 429},
		// … and not kept otherwise: the gateway's key rejected is the
		// operator's problem, not a 401/403 for the caller.
		{name: "httpStatus 401 not kept", st: withDetails(t, codes.Internal, "m", upstreamInfo("401")), want: 500},
		{name: "httpStatus 403 not kept", st: withDetails(t, codes.Internal, "m", upstreamInfo("403")), want: 500},
		{name: "httpStatus 500 not kept", st: withDetails(t, codes.Unavailable, "m", upstreamInfo("500")), want: 503},
		{name: "httpStatus 502 not kept", st: withDetails(t, codes.Unavailable, "m", upstreamInfo("502")), want: 503},
		{name: "httpStatus 504 not kept", st: withDetails(t, codes.DeadlineExceeded, "m", upstreamInfo("504")), want: 504},
		{name: "httpStatus 201 not kept", st: withDetails(t, codes.Internal, "m", upstreamInfo("201")), want: 500},
		{name: "httpStatus not a number", st: withDetails(t, codes.Internal, "m", upstreamInfo("422x")), want: 500},
		{name: "no httpStatus in the ErrorInfo", st: withDetails(t, codes.NotFound, "m", &errdetails.ErrorInfo{Reason: "X", Domain: apierror.Domain}), want: 404},

		// An explicit status wins.
		{name: "explicit status over the code", st: status.New(codes.InvalidArgument, "m"), httpStatus: 413, want: 413},
		{name: "explicit status over the ErrorInfo", st: withDetails(t, codes.InvalidArgument, "m", upstreamInfo("422")), httpStatus: 405, want: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, httptest.NewRequest("GET", "/gateway/v1/x", nil), testRecord("gw-1"), tt.st, tt.httpStatus)
			if rec.Code != tt.want {
				t.Errorf("HTTP %d, want %d", rec.Code, tt.want)
			}
			b := decodeErrorBody(t, rec)
			if b.Code != tt.st.Code() {
				t.Errorf("code = %d, want %d", b.Code, tt.st.Code())
			}
		})
	}
}

// TestWriteErrorBody checks the merged body {"errors", "code", "message",
// "details"}: errors from BadRequest and PreconditionFailure violations,
// else the message.
func TestWriteErrorBody(t *testing.T) {
	badRequest := &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
		{Field: "user", Description: "Email has already been taken"},
		{Field: "user", Description: "Password is too short"},
	}}
	precondition := &errdetails.PreconditionFailure{Violations: []*errdetails.PreconditionFailure_Violation{
		{Type: "AUTHROCKET", Subject: "org", Description: "Org has active memberships"},
	}}
	tests := []struct {
		name    string
		st      *status.Status
		errors  []string
		details []string
		reason  string // of the ErrorInfo; "" for the status's own
	}{
		{name: "message only", st: status.New(codes.NotFound, "user not found"),
			errors: []string{"user not found"}, details: []string{"ErrorInfo", "RequestInfo"}, reason: "NOT_FOUND"},
		{name: "gateway's own error", st: status.New(codes.Unauthenticated, "a caller credential is required"),
			errors: []string{"a caller credential is required"}, details: []string{"ErrorInfo", "RequestInfo"}, reason: "UNAUTHENTICATED"},
		{name: "BadRequest: one error per violation", st: withDetails(t, codes.InvalidArgument, "Email has already been taken; Password is too short", upstreamInfo("422"), badRequest),
			errors: []string{"Email has already been taken", "Password is too short"}, details: []string{"ErrorInfo", "BadRequest"}},
		{name: "PreconditionFailure", st: withDetails(t, codes.FailedPrecondition, "Org has active memberships", upstreamInfo("409"), precondition),
			errors: []string{"Org has active memberships"}, details: []string{"ErrorInfo", "PreconditionFailure"}},
		{name: "AuthRocket's BadRequest: the messages alone", st: withDetails(t, codes.InvalidArgument, "m", upstreamInfo("400"), badRequest),
			errors: []string{"Email has already been taken", "Password is too short"}, details: []string{"ErrorInfo", "BadRequest"}},
		{name: "the gateway's BadRequest: each message after its field", st: withDetails(t, codes.InvalidArgument, "invalid request: user.email: value must be a valid email address",
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
				{Field: "user.email", Description: "value must be a valid email address"},
				{Field: "realm_id", Description: "value does not match regex pattern `^rl_[0-9A-Za-z]{1,64}$`"},
				{Description: "id contains '/'"},
			}}),
			errors:  []string{"user.email value must be a valid email address", "realm_id value does not match regex pattern `^rl_[0-9A-Za-z]{1,64}$`", "id contains '/'"},
			details: []string{"ErrorInfo", "RequestInfo", "BadRequest"}, reason: "INVALID_REQUEST"},
		{name: "the gateway's ErrorInfo without httpStatus", st: withDetails(t, codes.InvalidArgument, "m",
			&errdetails.ErrorInfo{Reason: "INVALID_REQUEST", Domain: apierror.Domain, Metadata: map[string]string{apierror.MetaGatewayRequestID: "gw-1"}}, badRequest),
			errors: []string{"user Email has already been taken", "user Password is too short"}, details: []string{"ErrorInfo", "BadRequest"}},
		{name: "both, in detail order", st: withDetails(t, codes.FailedPrecondition, "m", upstreamInfo("409"), precondition, badRequest),
			errors:  []string{"Org has active memberships", "Email has already been taken", "Password is too short"},
			details: []string{"ErrorInfo", "PreconditionFailure", "BadRequest"}},
		{name: "BadRequest without violations: the message", st: withDetails(t, codes.InvalidArgument, "invalid id", &errdetails.BadRequest{}),
			errors: []string{"invalid id"}, details: []string{"ErrorInfo", "RequestInfo", "BadRequest"}, reason: "INVALID_REQUEST"},
		{name: "other details: the message", st: withDetails(t, codes.ResourceExhausted, "slow down", upstreamInfo("429"),
			&errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{Subject: "authrocket", Description: "rate limit"}}}),
			errors: []string{"slow down"}, details: []string{"ErrorInfo", "QuotaFailure"}},
		{name: "localized message", st: withDetails(t, codes.InvalidArgument, "Error al iniciar sesión", upstreamInfo("422"),
			&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Description: "Error al iniciar sesión"}}},
			&errdetails.LocalizedMessage{Locale: "es", Message: "Error al iniciar sesión"}),
			errors: []string{"Error al iniciar sesión"}, details: []string{"ErrorInfo", "BadRequest", "LocalizedMessage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, httptest.NewRequest("GET", "/gateway/v1/x", nil), testRecord("gw-42"), tt.st, 0)
			b := decodeErrorBody(t, rec)
			if !reflect.DeepEqual(b.Errors, tt.errors) {
				t.Errorf("errors = %q, want %q", b.Errors, tt.errors)
			}
			if b.Code != tt.st.Code() || b.Message != tt.st.Message() {
				t.Errorf("code, message = %d %q; want %d %q", b.Code, b.Message, tt.st.Code(), tt.st.Message())
			}
			if got := detailsOf(t, b); !reflect.DeepEqual(got, tt.details) {
				t.Errorf("details = %v, want %v", got, tt.details)
			}
			var info struct {
				Reason   string            `json:"reason"`
				Domain   string            `json:"domain"`
				Metadata map[string]string `json:"metadata"`
			}
			if err := json.Unmarshal(b.Details[0], &info); err != nil {
				t.Fatal(err)
			}
			if tt.reason != "" {
				// Added by writeError: the contract's ErrorInfo and RequestInfo
				// carrying the request's ID.
				if info.Reason != tt.reason || info.Domain != apierror.Domain || info.Metadata[apierror.MetaGatewayRequestID] != "gw-42" {
					t.Errorf("ErrorInfo = %s", b.Details[0])
				}
				var ri struct {
					RequestID string `json:"requestId"`
				}
				if err := json.Unmarshal(b.Details[1], &ri); err != nil || ri.RequestID != "gw-42" {
					t.Errorf("RequestInfo = %s", b.Details[1])
				}
			} else if info.Metadata[apierror.MetaGatewayRequestID] != "gw-1" {
				t.Errorf("the status's own ErrorInfo was not kept: %s", b.Details[0])
			}
		})
	}
}

// TestWriteErrorUpstreamStatus checks docs/errors.md with the errors the
// call path makes of AuthRocket's answers (the code of each row is that of
// docs/errors.md): statuses that describe the caller's request stay
// AuthRocket's; the others follow the gRPC code.
func TestWriteErrorUpstreamStatus(t *testing.T) {
	tests := []struct {
		upstream int
		code     codes.Code
		details  func(messages []string) []proto.Message
		want     int
		errors   []string
	}{
		{400, codes.InvalidArgument, badRequestOf, 400, []string{"m"}},
		{401, codes.Internal, nil, 500, nil},
		{402, codes.FailedPrecondition, nil, 402, nil},
		{403, codes.Internal, nil, 500, nil},
		{404, codes.NotFound, resourceInfoOf, 404, []string{"m"}},
		{409, codes.FailedPrecondition, preconditionOf, 409, []string{"m"}},
		{422, codes.InvalidArgument, badRequestOf, 422, []string{"m"}},
		{429, codes.ResourceExhausted, nil, 429, nil},
		{500, codes.Internal, nil, 500, nil},
		{502, codes.Unavailable, nil, 503, nil},
		{503, codes.Unavailable, nil, 503, nil},
		{504, codes.DeadlineExceeded, nil, 504, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.upstream), func(t *testing.T) {
			msg := fmt.Sprintf("AuthRocket answered %d %s", tt.upstream, http.StatusText(tt.upstream))
			if tt.errors != nil {
				msg = strings.Join(tt.errors, "; ")
			}
			var details []proto.Message
			if tt.details != nil {
				details = tt.details(tt.errors)
			}
			st := apierror.New(tt.code, "AUTHROCKET_X", msg, details...).
				WithUpstream(&authrocket.Error{HTTPStatus: tt.upstream, RequestID: "ar-9", Messages: tt.errors}).Status("gw-9")
			rec := httptest.NewRecorder()
			cr := testRecord("gw-9")
			cr.Upstream(tt.upstream, "ar-9", 1, time.Millisecond)
			writeError(rec, httptest.NewRequest("GET", "/gateway/v1/x", nil), cr, st, 0)
			if rec.Code != tt.want {
				t.Errorf("HTTP %d, want %d", rec.Code, tt.want)
			}
			var body struct {
				Errors  []string          `json:"errors"`
				Code    int               `json:"code"`
				Message string            `json:"message"`
				Details []json.RawMessage `json:"details"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %s: %v", rec.Body, err)
			}
			if body.Code != int(st.Code()) || body.Message != st.Message() || len(body.Details) != len(st.Details()) {
				t.Errorf("body = %s, status %v", rec.Body, st.Proto())
			}
			if len(body.Errors) == 0 || (tt.errors != nil && body.Errors[0] != tt.errors[0]) {
				t.Errorf("errors = %q, want AuthRocket's %q", body.Errors, tt.errors)
			}
			if got := rec.Header().Get(headerRequestID); got != "ar-9" {
				t.Errorf("%s = %q, want AuthRocket's", headerRequestID, got)
			}
		})
	}
}

func badRequestOf(messages []string) []proto.Message {
	br := &errdetails.BadRequest{}
	for _, m := range messages {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: "user", Description: m})
	}
	return []proto.Message{br}
}

func preconditionOf(messages []string) []proto.Message {
	pf := &errdetails.PreconditionFailure{}
	for _, m := range messages {
		pf.Violations = append(pf.Violations, &errdetails.PreconditionFailure_Violation{Type: "AUTHROCKET", Subject: "user", Description: m})
	}
	return []proto.Message{pf}
}

func resourceInfoOf(messages []string) []proto.Message {
	return []proto.Message{&errdetails.ResourceInfo{ResourceType: "user", ResourceName: "usr_1", Description: strings.Join(messages, "; ")}}
}

// TestWriteErrorAuthRocketFields: what AuthRocket sent beside its errors
// goes back at the top level, where SDKs read it, and a RetryInfo becomes
// Retry-After in whole seconds, rounded up.
func TestWriteErrorAuthRocketFields(t *testing.T) {
	st := apierror.New(codes.ResourceExhausted, "AUTHROCKET_RATE_LIMITED", "slow down",
		&errdetails.RetryInfo{RetryDelay: durationpb.New(1200 * time.Millisecond)}).
		WithUpstream(&authrocket.Error{HTTPStatus: 429, RequestID: "ar-5", Messages: []string{"slow down"},
			Metadata: map[string]string{"retry_url": "https://example.com/retry", "errors": "not the errors", "code": "not the code"}}).Status("gw-5")
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/gateway/v1/x", nil), testRecord("gw-5"), st, 0)
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("HTTP %d, want 429", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body["retry_url"] != "https://example.com/retry" {
		t.Errorf("retry_url = %v in %s", body["retry_url"], rec.Body)
	}
	// AuthRocket's keys never replace the body's own.
	if !reflect.DeepEqual(body["errors"], []any{"slow down"}) || body["code"] != float64(codes.ResourceExhausted) {
		t.Errorf("errors %v, code %v in %s", body["errors"], body["code"], rec.Body)
	}
}

// TestInvokeErrors checks the answer to each kind of error a call can end
// with: the call path's status, AuthRocket's request ID once AuthRocket
// answered, and the facade's own refusals.
func TestInvokeErrors(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		header map[string]string
		body   string
		// rawPath overrides the request's escaped path: net/http refuses
		// a malformed escape itself, but a Handler may be given one.
		rawPath string
		// invoke answers a call for a route.
		invoke     func(c *Call) error
		wantStatus int
		wantCode   codes.Code
		wantErrors []string
		wantReqID  string
	}{
		{name: "status error", method: "GET", target: "/v2/users/usr_1",
			invoke:     func(*Call) error { return status.Error(codes.PermissionDenied, "caller may not call GetUser") },
			wantStatus: 403, wantCode: codes.PermissionDenied, wantErrors: []string{"caller may not call GetUser"}, wantReqID: "gw-7"},
		{name: "AuthRocket's request ID", method: "GET", target: "/v2/users/usr_1",
			invoke: func(c *Call) error {
				c.Record.Upstream(404, "ar-7", 1, time.Millisecond)
				return apierror.New(codes.NotFound, "AUTHROCKET_NOT_FOUND", "Not found").
					WithUpstream(&authrocket.Error{HTTPStatus: 404, RequestID: "ar-7", Messages: []string{"Not found"}}).Status(c.Record.RequestID()).Err()
			},
			wantStatus: 404, wantCode: codes.NotFound, wantErrors: []string{"Not found"}, wantReqID: "ar-7"},
		{name: "AuthRocket not reached: no request ID of its own", method: "GET", target: "/v2/users/usr_1",
			invoke: func(c *Call) error {
				c.Record.Upstream(0, "", 3, time.Millisecond)
				return status.Error(codes.Unavailable, "down")
			},
			wantStatus: 503, wantCode: codes.Unavailable, wantErrors: []string{"down"}, wantReqID: "gw-7"},
		{name: "wrong method: 405", method: "PATCH", target: "/v2/users/usr_1",
			wantStatus: 405, wantCode: codes.Unimplemented, wantErrors: []string{"Method Not Allowed"}, wantReqID: "gw-7"},
		{name: "no route: 404", method: "GET", target: "/v2/nothing",
			wantStatus: 404, wantCode: codes.NotFound, wantErrors: []string{"Not Found"}, wantReqID: "gw-7"},
		// No method override, no POST-to-GET fallback: the form is not parsed.
		{name: "X-HTTP-Method-Override is ignored: 405", method: "POST", target: "/v2/users/usr_1",
			header: map[string]string{"X-Http-Method-Override": "GET", "Content-Type": "application/x-www-form-urlencoded"}, body: "a=%zz",
			wantStatus: 405, wantCode: codes.Unimplemented, wantErrors: []string{"Method Not Allowed"}, wantReqID: "gw-7"},
		{name: "malformed path escape: 400", method: "GET", target: "/v2/users/x", rawPath: "/v2/users/%zz",
			wantStatus: 400, wantCode: codes.InvalidArgument, wantErrors: []string{`malformed path escape "%zz"`}, wantReqID: "gw-7"},
		{name: "plain error", method: "GET", target: "/v2/users/usr_1",
			invoke:     func(*Call) error { return errors.New("boom") },
			wantStatus: 500, wantCode: codes.Unknown, wantErrors: []string{"boom"}, wantReqID: "gw-7"},
		{name: "decoding error", method: "POST", target: "/v2/users", body: `{"user": {"email": 1}}`,
			invoke: func(c *Call) error {
				req, err := newRequest(c)
				if err != nil {
					return err
				}
				return c.Decode(req)
			},
			wantStatus: 400, wantCode: codes.InvalidArgument, wantErrors: []string{"arjson: user.email: expected string, got number"}, wantReqID: "gw-7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFacade(t, 1<<10, func(_ context.Context, c *Call) (proto.Message, error) {
				if c.Refusal != nil {
					return nil, c.Refusal
				}
				if tt.invoke == nil {
					t.Fatalf("the call path got a call of %s", c.Record.Method())
				}
				return nil, tt.invoke(c)
			})
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.rawPath != "" {
				r.URL.RawPath = tt.rawPath
			}
			r.Header.Set(headerRequestID, "gw-7")
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, r)
			if rec.Code != tt.wantStatus {
				t.Errorf("HTTP %d, want %d", rec.Code, tt.wantStatus)
			}
			b := decodeErrorBody(t, rec)
			if b.Code != tt.wantCode || !reflect.DeepEqual(b.Errors, tt.wantErrors) {
				t.Errorf("code %d, errors %q; want %d, %q", b.Code, b.Errors, tt.wantCode, tt.wantErrors)
			}
			if got := rec.Header().Get(headerRequestID); got != tt.wantReqID {
				t.Errorf("%s = %q, want %q", headerRequestID, got, tt.wantReqID)
			}
			if got := rec.Header().Get(headerGatewayRequestID); got != "gw-7" {
				t.Errorf("%s = %q, want the gateway's", headerGatewayRequestID, got)
			}
			if reason, _, meta := errorInfoOf(t, b); reason == "" || meta[apierror.MetaGatewayRequestID] != "gw-7" {
				t.Errorf("ErrorInfo %s, want the contract's with the gateway's request ID", b.Details[0])
			}
		})
	}
}
