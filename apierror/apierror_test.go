package apierror

import (
	"reflect"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// detailTypes names the details of st, e.g. "ErrorInfo".
func detailTypes(st *status.Status) []string {
	var out []string
	for _, d := range st.Proto().GetDetails() {
		name := string(d.MessageName())
		out = append(out, name[strings.LastIndex(name, ".")+1:])
	}
	return out
}

func errorInfo(t *testing.T, st *status.Status) *errdetails.ErrorInfo {
	t.Helper()
	info := Info(st)
	if info == nil {
		t.Fatalf("no ErrorInfo in %v", st.Proto())
	}
	return info
}

func TestContractKeepsExistingErrorInfo(t *testing.T) {
	st := New(codes.NotFound, "AUTHROCKET_NOT_FOUND", "Not found", &errdetails.ResourceInfo{ResourceType: "user", Description: "Not found"}).
		WithUpstream(&authrocket.Error{HTTPStatus: 404}).Status("a")
	if got := Contract(st, "b"); len(got.Details()) != len(st.Details()) || errorInfo(t, got).GetMetadata()[MetaGatewayRequestID] != "a" {
		t.Fatalf("Contract changed a status that had an ErrorInfo: %v", detailTypes(got))
	}
	plain := Contract(status.New(codes.Unauthenticated, "no"), "b")
	if got := detailTypes(plain); !reflect.DeepEqual(got, []string{"ErrorInfo", "RequestInfo"}) {
		t.Fatalf("details = %v", got)
	}
	if r := errorInfo(t, plain).Reason; r != "UNAUTHENTICATED" {
		t.Fatalf("reason = %q", r)
	}
	if r := errorInfo(t, Contract(status.New(codes.DeadlineExceeded, "late"), "b")).Reason; r != "DEADLINE_EXCEEDED" {
		t.Fatalf("reason = %q", r)
	}
}

func TestAuthRocketMetadataKeys(t *testing.T) {
	for _, k := range []string{"retry_url", "a", "x_y_z", "login_url2"} {
		meta := upstreamKey(k)
		if back, ok := authRocketKey(meta); !ok || back != k {
			t.Errorf("%q → %q → %q, %v", k, meta, back, ok)
		}
	}
	if got := upstreamKey("retry_url"); got != "authrocketRetryUrl" {
		t.Errorf("upstreamKey(retry_url) = %q", got)
	}
	// The gateway's own keys are not AuthRocket's.
	for _, k := range []string{MetaAuthRocketRequestID, MetaHTTPStatus, MetaGatewayRequestID, "authrocket", "other"} {
		if back, ok := authRocketKey(k); ok {
			t.Errorf("authRocketKey(%q) = %q, want none", k, back)
		}
	}
}
