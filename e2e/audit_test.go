package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// auditRecord is one line of the gateway's audit trail.
type auditRecord struct {
	Time                time.Time `json:"time"`
	Caller              string    `json:"caller"`
	Method              string    `json:"method"`
	Transport           string    `json:"transport"`
	Realm               string    `json:"realm"`
	ResourceIDs         []string  `json:"resource_ids"`
	Decision            string    `json:"decision"`
	Rule                string    `json:"rule"`
	SecretHandedOut     string    `json:"secret_handed_out"`
	SecretRealms        []string  `json:"secret_realms"`
	Code                string    `json:"code"`
	UpstreamStatus      int       `json:"upstream_status"`
	RequestID           string    `json:"request_id"`
	AuthRocketRequestID string    `json:"authrocket_request_id"`
	TraceID             string    `json:"trace_id"`
	LatencyMS           *float64  `json:"latency_ms"`
}

// auditTrail returns the audit records in what the process wrote so far.
func auditTrail(t *testing.T, p *proc) []auditRecord {
	t.Helper()
	var out []auditRecord
	for l := range strings.Lines(p.Output()) {
		if !strings.Contains(l, `"decision":`) {
			continue
		}
		var r auditRecord
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

// auditUntil waits up to 5 s for the trail to satisfy ok (the gateway
// writes records in batches, up to 100 ms after their calls) and returns it.
func auditUntil(t *testing.T, p *proc, ok func([]auditRecord) bool) []auditRecord {
	t.Helper()
	var trail []auditRecord
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if trail = auditTrail(t, p); ok(trail) {
			break
		}
	}
	return trail
}

// auditFor waits for the record of the call with request ID id: the
// gateway writes it as the call ends, after the answer may have arrived.
func auditFor(t *testing.T, p *proc, id string) auditRecord {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, r := range auditTrail(t, p) {
			if r.RequestID == id {
				return r
			}
		}
	}
	t.Fatalf("no audit record with request_id %q in:\n%s", id, p.Output())
	return auditRecord{}
}

// TestAuditTrail checks one record per call on both transports: allowed,
// failed upstream, refused before AuthRocket and unauthenticated.
func TestAuditTrail(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	u := call(users.CreateUser(withRequestID(ctx, "audit-create"), &arv2.CreateUserRequest{User: &arv2.UserInput{
		Email: proto.String("audit@example.com"), Password: proto.String("correct horse battery"),
	}})).must(t).GetUser()
	_, err := users.AuthenticateUser(withRequestID(ctx, "audit-login"), &arv2.AuthenticateUserRequest{Id: u.GetId(), User: &arv2.AuthenticateUserInput{Password: "wrong password"}})
	wantCode(t, err, codes.InvalidArgument)
	_, err = users.GetUser(withRequestID(ctx, "audit-invalid"), &arv2.GetUserRequest{Id: "usr_1/../x"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = users.GetUser(withRequestID(withToken(context.Background(), "wrong"), "audit-anon"), &arv2.GetUserRequest{Id: u.GetId()})
	wantCode(t, err, codes.Unauthenticated)
	_, err = users.GetUser(withRequestID(withToken(context.Background(), "ks_"+strings.Repeat("k", 30)), "audit-key"), &arv2.GetUserRequest{Id: u.GetId()})
	wantCode(t, err, codes.Unauthenticated)
	e.rest(t, "GET", "/v2/users/"+u.GetEmail(), nil, "X-Request-Id", "audit-rest")

	created := auditFor(t, e.gateway, "audit-create")
	if created.Caller != "default" || created.Method != "authrocket.v2.UsersService/CreateUser" || created.Transport != "grpc" ||
		created.Realm != e.realm || created.Decision != "allow" || created.Code != "OK" || created.UpstreamStatus != http.StatusCreated ||
		created.AuthRocketRequestID == "" || created.LatencyMS == nil || time.Since(created.Time) > time.Minute {
		t.Errorf("CreateUser record = %+v", created)
	}
	for id, want := range map[string]auditRecord{
		"audit-login": {Caller: "default", Method: "authrocket.v2.UsersService/AuthenticateUser", Transport: "grpc", Realm: e.realm, ResourceIDs: []string{u.GetId()}, Decision: "allow", Rule: "default: */*", Code: "INVALID_ARGUMENT", UpstreamStatus: 422},
		// Refused by validation, before any realm is settled.
		"audit-invalid": {Caller: "default", Method: "authrocket.v2.UsersService/GetUser", Transport: "grpc", Decision: "deny", Rule: "default: invalid request", Code: "INVALID_ARGUMENT"},
		// Refused before the request is decoded: it names nothing.
		"audit-anon": {Method: "authrocket.v2.UsersService/GetUser", Transport: "grpc", Decision: "deny", Rule: "unauthenticated", Code: "UNAUTHENTICATED"},
		"audit-key":  {Method: "authrocket.v2.UsersService/GetUser", Transport: "grpc", Decision: "deny", Rule: "AuthRocket key presented", Code: "UNAUTHENTICATED"},
		// An email in the id field is not an ID: it stays out of the trail.
		"audit-rest": {Caller: "default", Method: "authrocket.v2.UsersService/GetUser", Transport: "rest", Realm: e.realm, Decision: "allow", Rule: "default: */*", Code: "OK", UpstreamStatus: 200},
	} {
		got := auditFor(t, e.gateway, id)
		got.Time, got.LatencyMS, got.RequestID = time.Time{}, nil, ""
		if want.UpstreamStatus != 0 && got.AuthRocketRequestID == "" {
			t.Errorf("%s: no AuthRocket request ID", id)
		}
		got.AuthRocketRequestID = ""
		if g, w := mustMarshal(got), mustMarshal(want); g != w {
			t.Errorf("%s:\n got %s\nwant %s", id, g, w)
		}
	}
	// One record per call, health checks aside.
	if n := len(auditTrail(t, e.gateway)); n != 6 {
		t.Errorf("%d audit records, want 6", n)
	}
	e.gateway.stop() // a clean stop writes the whole audit trail
	if out := e.gateway.Output(); strings.Contains(out, "audit@example.com") || strings.Contains(out, "correct horse") || strings.Contains(out, "wrong password") {
		t.Errorf("the audit trail or logs carry an email or a password:\n%s", out)
	}
}

func mustMarshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
