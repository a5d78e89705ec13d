package server

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	"github.com/authrocket-gateway/gateway/logintoken"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
)

// TestTokenReasons: every reason of the Verifier has its own reason in the
// API, and every API reason but UNSPECIFIED is one of them.
func TestTokenReasons(t *testing.T) {
	seen := map[gatewayv1.InvalidToken_Reason]bool{}
	for r := logintoken.Malformed; r <= logintoken.Revoked; r++ {
		api, ok := reasons[r]
		if !ok || api == gatewayv1.InvalidToken_REASON_UNSPECIFIED || seen[api] {
			t.Errorf("logintoken reason %d maps to %v", r, api)
		}
		seen[api] = true
	}
	for n := range gatewayv1.InvalidToken_Reason_name {
		if r := gatewayv1.InvalidToken_Reason(n); r != gatewayv1.InvalidToken_REASON_UNSPECIFIED && !seen[r] {
			t.Errorf("%v is answered for no reason of the Verifier", r)
		}
	}
}

func TestVerifyFailure(t *testing.T) {
	tests := []struct {
		err    error
		code   codes.Code
		reason string
	}{
		{&authrocket.Error{HTTPStatus: 503, RequestID: "ar-1"}, codes.Unavailable, "AUTHROCKET_UNAVAILABLE"},
		{&authrocket.Error{HTTPStatus: 403}, codes.Internal, "AUTHROCKET_KEY_REJECTED"},
		{fmt.Errorf("fetch: %w", context.Canceled), codes.Canceled, "CANCELLED"},
		{context.DeadlineExceeded, codes.DeadlineExceeded, "DEADLINE_EXCEEDED"},
		{errors.New("logintoken: the JWKS answered 502"), codes.Unavailable, "KEYS_UNAVAILABLE"},
	}
	for _, tt := range tests {
		st := verifyFailure(tt.err).Status("req-1")
		var reason string
		var retry bool
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.ErrorInfo:
				reason = d.GetReason()
			case *errdetails.RetryInfo:
				retry = true
			}
		}
		if st.Code() != tt.code || reason != tt.reason || (tt.reason == "KEYS_UNAVAILABLE") != (retry && tt.code == codes.Unavailable && tt.reason == "KEYS_UNAVAILABLE") {
			t.Errorf("%v: %v %s (retry %v), want %v %s", tt.err, st.Code(), reason, retry, tt.code, tt.reason)
		}
	}
}
