package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func containsText(s, sub string) bool { return strings.Contains(s, sub) }

// TestErrorTable drives every row of the error contract (docs/errors.md)
// through the emulator's fault injection, on both transports. The circuit
// breaker would open on its 5xx rows in a row: it is TestCircuitOpen's.
func TestErrorTable(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--breaker-failures", "1000"}})
	users := arv2.NewUsersServiceClient(e.conn)
	rows := []struct {
		name     string
		fault    map[string]any
		code     codes.Code
		rest     int
		detail   string // a detail type the status must carry
		deadline time.Duration
	}{
		{"400", map[string]any{"status": 400}, codes.InvalidArgument, 400, "", 0},
		{"402", map[string]any{"status": 402}, codes.FailedPrecondition, 402, "", 0},
		{"401 key rejected", map[string]any{"status": 401}, codes.Internal, 500, "", 0},
		{"403 key rejected", map[string]any{"status": 403}, codes.Internal, 500, "", 0},
		{"404", map[string]any{"status": 404}, codes.NotFound, 404, "ResourceInfo", 0},
		{"409", map[string]any{"status": 409, "errors": []string{"Conflict"}}, codes.FailedPrecondition, 409, "PreconditionFailure", 0},
		{"422", map[string]any{"status": 422, "errors": []string{"Email is invalid"}}, codes.InvalidArgument, 422, "BadRequest", 0},
		{"429", map[string]any{"status": 429, "retry_after": "7"}, codes.ResourceExhausted, 429, "RetryInfo", 0},
		{"500", map[string]any{"status": 500}, codes.Internal, 500, "", 0},
		{"502", map[string]any{"status": 502, "times": 3}, codes.Unavailable, 503, "", 0},
		{"503", map[string]any{"status": 503, "retry_after": "7"}, codes.Unavailable, 503, "RetryInfo", 0}, // longer than a retry waits
		{"504", map[string]any{"status": 504}, codes.DeadlineExceeded, 504, "", 0},
		{"dropped connection", map[string]any{"drop": true}, codes.Unavailable, 503, "", 0},
		{"caller's deadline", map[string]any{"latency": "3s"}, codes.DeadlineExceeded, 0, "", 300 * time.Millisecond},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			f := map[string]any{"method": "GET", "path": "/v2/users/*"}
			for k, v := range row.fault {
				f[k] = v
			}
			e.fault(t, f)
			ctx := e.ctx(t)
			if row.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(withRequestID(ctx, "caller-deadline"), row.deadline)
				defer cancel()
			}
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_faulty"})
			st, _ := status.FromError(err)
			if st.Code() != row.code {
				t.Fatalf("gRPC: %v, want %v", err, row.code)
			}
			if row.deadline > 0 {
				// The client gave up on its own; the gateway's side of the
				// call shows in its audit trail once the deadline reached the
				// adapter.
				for i := 0; i < 100 && !strings.Contains(e.gateway.Output(), `"request_id":"caller-deadline"`); i++ {
					time.Sleep(50 * time.Millisecond)
				}
				if r := auditFor(t, e.gateway, "caller-deadline"); r.Code != "DEADLINE_EXCEEDED" {
					t.Errorf("the gateway's record of the call: %+v, want DEADLINE_EXCEEDED", r)
				}
				return
			}
			var info *errdetails.ErrorInfo
			var sawDetail bool
			for _, d := range st.Details() {
				if ei, ok := d.(*errdetails.ErrorInfo); ok {
					info = ei
				}
				if row.detail != "" && strings.HasSuffix(string(protoName(d)), row.detail) {
					sawDetail = true
				}
			}
			if info == nil || info.GetMetadata()["gatewayRequestId"] == "" {
				t.Errorf("no ErrorInfo with gatewayRequestId: %v", st.Details())
			}
			if row.detail != "" && !sawDetail {
				t.Errorf("no %s in %v", row.detail, st.Details())
			}
			if strings.Contains(st.Message(), e.apiKey) {
				t.Errorf("message leaks the key: %q", st.Message())
			}
			if row.rest != 0 {
				// REST: faults with "times" were used up by gRPC's retries; inject again.
				if _, ok := row.fault["times"]; ok {
					e.fault(t, f)
				}
				code, h, out := e.rest(t, http.MethodGet, "/v2/users/usr_faulty", nil)
				if code != row.rest {
					t.Errorf("REST: %d %v, want %d", code, out, row.rest)
				}
				if want, _ := row.fault["retry_after"].(string); h.Get("Retry-After") != want {
					t.Errorf("REST Retry-After = %q, want %q", h.Get("Retry-After"), want)
				}
			}
		})
	}

	// 409 on a create means the object already exists.
	t.Run("409 on create", func(t *testing.T) {
		e.fault(t, map[string]any{"method": "POST", "path": "/v2/users", "status": 409, "errors": []string{"Email has already been taken"}})
		_, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("conflict@example.com")}})
		st := wantCode(t, err, codes.AlreadyExists)
		var sawPrecondition bool
		for _, d := range st.Details() {
			_, ok := d.(*errdetails.PreconditionFailure)
			sawPrecondition = sawPrecondition || ok
		}
		if !sawPrecondition || st.Message() != "Email has already been taken" {
			t.Errorf("status %v %v", st.Message(), st.Details())
		}
		code, _, out := e.rest(t, http.MethodPost, "/v2/users", map[string]any{"user": map[string]any{"email": "conflict@example.com"}})
		if errs, _ := out["errors"].([]any); code != http.StatusConflict || len(errs) != 1 {
			t.Errorf("REST: %d %v, want 409 with AuthRocket's errors", code, out)
		}
	})
}
