package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// matrixCaller is a caller of TestPolicyMatrix and what its policy grants,
// written out again here so that the test states the rules it checks.
type matrixCaller struct {
	name, token string
	methods     map[string]bool // method names, e.g. "GetUser"
	realms      []string
}

// matrixCall is one call of the matrix, made in a realm named one way.
type matrixCall struct {
	method      string // e.g. "GetUser"
	accountWide bool   // works across realms: ListRealms
	idRealm     string // the realm a RealmsService call names by id
	// grpc makes the call over gRPC; realmField goes into realm_id.
	grpc func(ctx context.Context, realmField string) error
	// rest is the call on the REST facade: method, path, body.
	rest func(realmField string) (string, string, any)
	// found reports whether the call succeeds in realm (when allowed):
	// AuthRocket scopes what it finds to the realm it works in.
	found func(realm string) bool
}

// realmSpec is how a call names its realm.
type realmSpec struct {
	name          string
	header, field string
}

// TestPolicyMatrix: with a policy of two callers and two realms, every
// combination of caller, method and realm, named in the header, in the
// request or not at all, does what the policy says on both transports.
// Denied calls never reach AuthRocket; allowed ones work in the realm the
// policy settles, and every call has its audit record.
func TestPolicyMatrix(t *testing.T) {
	billing := &matrixCaller{name: "billing", token: "billing-credential-0123456789",
		methods: map[string]bool{"GetUser": true, "ListUsers": true}}
	admin := &matrixCaller{name: "admin", token: "admin-credential-0123456789",
		methods: map[string]bool{"GetUser": true, "ListUsers": true, "CreateUser": true, "GetRealm": true, "ListRealms": true}}
	var realmA, realmB string
	e := newEnvWith(t, gatewayOptions{policy: func(t *testing.T, e *env) string {
		realmA = e.realm
		realmB = e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Second realm"}})["id"].(string)
		billing.realms, admin.realms = []string{realmA}, []string{realmA, realmB}
		return fmt.Sprintf(`callers:
  - name: billing
    credentials: [%s]
    methods: ["authrocket.v2.UsersService/Get*", "authrocket.v2.UsersService/List*"]
    realms: [%s]
  - name: admin
    credentials: [%s]
    methods: ["authrocket.v2.UsersService/*", "authrocket.v2.RealmsService/Get*", "authrocket.v2.RealmsService/List*"]
    realms: [%s, %s]
`, policy.HashCredential(billing.token), realmA, policy.HashCredential(admin.token), realmA, realmB)
	}})
	// The gateway's default realm (AUTHROCKET_REALM) is realmA.
	userA := e.authrocket(t, "POST", "/v2/users?realm_id="+realmA, map[string]any{"user": map[string]any{"email": "in-a@example.com"}})["id"].(string)

	users, realms := arv2.NewUsersServiceClient(e.conn), arv2.NewRealmsServiceClient(e.conn)
	optional := func(s string) *string {
		if s == "" {
			return nil
		}
		return proto.String(s)
	}
	n := 0
	email := func() string { n++; return fmt.Sprintf("matrix-%d@example.com", n) }
	calls := []matrixCall{
		{method: "GetUser",
			grpc: func(ctx context.Context, r string) error {
				_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: userA, RealmId: optional(r)})
				return err
			},
			rest: func(r string) (string, string, any) {
				if r != "" {
					return "GET", "/v2/users/" + userA + "?realm_id=" + r, nil
				}
				return "GET", "/v2/users/" + userA, nil
			},
			found: func(realm string) bool { return realm == realmA }},
		{method: "CreateUser",
			grpc: func(ctx context.Context, r string) error {
				_, err := users.CreateUser(ctx, &arv2.CreateUserRequest{RealmId: optional(r), User: &arv2.UserInput{Email: proto.String(email())}})
				return err
			},
			rest: func(r string) (string, string, any) {
				body := map[string]any{"user": map[string]any{"email": email()}}
				if r != "" {
					body["realm_id"] = r
				}
				return "POST", "/v2/users", body
			},
			found: func(string) bool { return true }},
	}
	realmCall := func(id string) matrixCall {
		return matrixCall{method: "GetRealm", idRealm: id,
			grpc: func(ctx context.Context, _ string) error {
				_, err := realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: id})
				return err
			},
			rest:  func(string) (string, string, any) { return "GET", "/v2/realms/" + id, nil },
			found: func(string) bool { return true }}
	}
	accountCalls := []matrixCall{realmCall(realmA), realmCall(realmB), {method: "ListRealms", accountWide: true,
		grpc: func(ctx context.Context, _ string) error {
			_, err := realms.ListRealms(ctx, &arv2.ListRealmsRequest{})
			return err
		},
		rest:  func(string) (string, string, any) { return "GET", "/v2/realms", nil },
		found: func(string) bool { return true }}}
	specs := []realmSpec{{name: "no realm"}, {name: "header A", header: realmA}, {name: "header B", header: realmB},
		{name: "field A", field: realmA}, {name: "field B", field: realmB}}

	type tcase struct {
		caller *matrixCaller
		call   matrixCall
		spec   realmSpec
	}
	var cases []tcase
	for _, c := range []*matrixCaller{billing, admin} {
		for _, call := range calls {
			for _, spec := range specs {
				cases = append(cases, tcase{c, call, spec})
			}
		}
		for _, call := range accountCalls {
			cases = append(cases, tcase{c, call, realmSpec{name: "id " + call.idRealm}})
		}
	}

	id := 0
	for _, transport := range []string{"grpc", "rest"} {
		for _, tc := range cases {
			c, call, spec := tc.caller, tc.call, tc.spec
			t.Run(fmt.Sprintf("%s/%s/%s/%s", transport, c.name, call.method, spec.name), func(t *testing.T) {
				// What the policy says, derived from the rules above.
				var named []string
				for _, r := range []string{call.idRealm, spec.field, spec.header} {
					if r != "" {
						named = append(named, r)
					}
				}
				wantCode, wantReason, realm := codes.OK, "", ""
				switch {
				case !c.methods[call.method]:
					wantCode, wantReason = codes.PermissionDenied, "METHOD_NOT_ALLOWED"
				case !allIn(named, c.realms):
					wantCode, wantReason = codes.PermissionDenied, "REALM_NOT_ALLOWED"
				case call.accountWide:
					wantCode, wantReason = codes.PermissionDenied, "REALM_NOT_ALLOWED"
				case len(named) > 0:
					realm = named[0]
				case len(c.realms) == 1:
					realm = c.realms[0]
				default:
					realm = realmA // the gateway's default realm, which admin may use
				}
				if wantCode == codes.OK && !call.found(realm) {
					wantCode = codes.NotFound
				}

				id++
				reqID := fmt.Sprintf("matrix-%d", id)
				before := e.upstreamRequests(t)
				var gotCode codes.Code
				var gotReason string
				if transport == "grpc" {
					ctx := withRequestID(withToken(bounded(t), c.token), reqID)
					if spec.header != "" {
						ctx = metadata.AppendToOutgoingContext(ctx, "authrocket-realm", spec.header)
					}
					st := status.Convert(call.grpc(ctx, spec.field))
					gotCode, gotReason = st.Code(), reasonOf(st)
				} else {
					method, path, body := call.rest(spec.field)
					headers := []string{"Authrocket-Api-Key", c.token, "X-Request-Id", reqID}
					if spec.header != "" {
						headers = append(headers, "Authrocket-Realm", spec.header)
					}
					code, _, out := e.rest(t, method, path, body, headers...)
					gotCode, gotReason = restCode(code, out), restReason(out)
				}
				if gotCode != wantCode || wantReason != "" && gotReason != wantReason {
					t.Fatalf("got %v %s, want %v %s", gotCode, gotReason, wantCode, wantReason)
				}
				after := e.upstreamRequests(t)
				rec := auditFor(t, e.gateway, reqID)
				if wantReason != "" {
					if after != before {
						t.Errorf("a denied call reached AuthRocket (%d requests)", after-before)
					}
					if rec.Decision != "deny" || rec.Caller != c.name || !strings.HasPrefix(rec.Rule, c.name+": ") {
						t.Errorf("audit record %+v", rec)
					}
					return
				}
				if after != before+1 {
					t.Errorf("%d upstream requests, want 1", after-before)
				}
				if got := e.lastUpstream(t).Header["Authrocket-Realm"]; call.idRealm == "" && !call.accountWide && (len(got) != 1 || got[0] != realm) {
					t.Errorf("AuthRocket worked in realm %v, want %s", got, realm)
				}
				if rec.Decision != "allow" || rec.Caller != c.name || rec.Realm != realm && call.idRealm == "" {
					t.Errorf("audit record %+v, want an allow of %s in %s", rec, c.name, realm)
				}
			})
		}
	}
	e.gateway.stop() // a clean stop writes the whole audit trail
	for _, secret := range []string{billing.token, admin.token, e.apiKey} {
		if strings.Contains(e.gateway.Output(), secret) {
			t.Error("the gateway's output (logs and audit trail) contains a credential or the key")
		}
	}
}

func allIn(xs, set []string) bool {
	for _, x := range xs {
		if !contains(set, x) {
			return false
		}
	}
	return true
}

func contains(set []string, x string) bool {
	for _, s := range set {
		if s == x {
			return true
		}
	}
	return false
}

// reasonOf is the reason of st's ErrorInfo.
func reasonOf(st *status.Status) string {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}

// restReason is the ErrorInfo reason in a REST error body.
func restReason(body map[string]any) string {
	details, _ := body["details"].([]any)
	for _, d := range details {
		if m, ok := d.(map[string]any); ok && m["@type"] == "type.googleapis.com/google.rpc.ErrorInfo" {
			r, _ := m["reason"].(string)
			return r
		}
	}
	return ""
}

// restCode is the gRPC code of a REST answer: its error body's "code"
// (a 403 is UNAUTHENTICATED or PERMISSION_DENIED), OK for a success.
func restCode(status int, body map[string]any) codes.Code {
	if c, ok := body["code"].(float64); ok && status >= 300 {
		return codes.Code(c)
	}
	if status < 300 {
		return codes.OK
	}
	return codes.Unknown
}

// TestRateLimit: a caller over its rate limit is refused with
// RESOURCE_EXHAUSTED and when to retry (REST: 429 and Retry-After),
// without reaching AuthRocket; another caller is not slowed by it.
func TestRateLimit(t *testing.T) {
	const other = "unlimited-credential-0123456789"
	e := newEnvWith(t, gatewayOptions{policy: func(*testing.T, *env) string {
		// One call every 100 s after a burst of 2: the refill never comes
		// within the test.
		return `callers:
  - name: limited
    credentials: [` + policy.HashCredential(testToken) + `]
    methods: ["*/*"]
    realms: ["*"]
    rate_limit: {per_second: 0.01, burst: 2}
  - name: unlimited
    credentials: [` + policy.HashCredential(other) + `]
    methods: ["*/*"]
    realms: ["*"]
`
	}})
	users := arv2.NewUsersServiceClient(e.conn)
	list := func(token string) error {
		_, err := users.ListUsers(withToken(bounded(t), token), &arv2.ListUsersRequest{})
		return err
	}
	for i := range 2 {
		if err := list(testToken); err != nil {
			t.Fatalf("call %d within the burst: %v", i, err)
		}
	}
	noUpstream := e.noUpstreamSince(t)
	st := status.Convert(list(testToken))
	var retry *errdetails.RetryInfo
	for _, d := range st.Details() {
		if r, ok := d.(*errdetails.RetryInfo); ok {
			retry = r
		}
	}
	if st.Code() != codes.ResourceExhausted || reasonOf(st) != "RATE_LIMITED" || retry == nil ||
		retry.GetRetryDelay().AsDuration() < 90*time.Second || retry.GetRetryDelay().AsDuration() > 100*time.Second {
		t.Fatalf("over the limit: %v, retry %v", st.Proto(), retry)
	}
	code, h, body := e.rest(t, "GET", "/v2/users", nil, "Authrocket-Api-Key", testToken, "X-Request-Id", "rate-limited-rest")
	if ra, _ := strconv.Atoi(h.Get("Retry-After")); code != http.StatusTooManyRequests || restReason(body) != "RATE_LIMITED" || ra < 90 || ra > 100 {
		t.Errorf("REST over the limit: %d, Retry-After %q, %v", code, h.Get("Retry-After"), body)
	}
	noUpstream("refused calls")
	for range 5 {
		if err := list(other); err != nil {
			t.Fatalf("the other caller: %v", err)
		}
	}
	if r := auditFor(t, e.gateway, "rate-limited-rest"); r.Rule != "limited: rate limit" || r.Decision != "deny" || r.Transport != "rest" {
		t.Errorf("audit record of the refused REST call: %+v", r)
	}
}

// TestUnauthenticatedNeverReachesAuthRocket: on both transports, a call
// with no credential, a wrong one, AuthRocket's own key or two credentials
// at once is UNAUTHENTICATED (401), audited, and never sent upstream.
func TestUnauthenticatedNeverReachesAuthRocket(t *testing.T) {
	e := newEnv(t)
	users := arv2.NewUsersServiceClient(e.conn)
	creds := map[string][]string{
		"none":            nil,
		"wrong":           {"authorization", "Bearer wrong-" + testToken},
		"AuthRocket key":  {"authrocket-api-key", e.apiKey},
		"two credentials": {"authorization", "Bearer " + testToken, "authrocket-api-key", "wrong-" + testToken},
		"empty bearer":    {"authorization", "Bearer "},
	}
	noUpstream := e.noUpstreamSince(t)
	for name, md := range creds {
		t.Run("grpc/"+name, func(t *testing.T) {
			ctx := metadata.AppendToOutgoingContext(bounded(t), md...)
			_, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("anon@example.com")}})
			if status.Code(err) != codes.Unauthenticated {
				t.Errorf("CreateUser: %v", err)
			}
		})
		t.Run("rest/"+name, func(t *testing.T) {
			headers := []string{"Authrocket-Api-Key", ""}
			for i := 0; i+1 < len(md); i += 2 {
				headers = append(headers, md[i], md[i+1])
			}
			if code, _, _ := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "anon@example.com"}}, headers...); code != http.StatusForbidden {
				t.Errorf("POST /v2/users: %d", code)
			}
		})
	}
	noUpstream("unauthenticated calls")
	refused := func(trail []auditRecord) (n int) {
		for _, r := range trail {
			if r.Decision == "deny" && r.Code == "UNAUTHENTICATED" && r.Caller == "" {
				n++
			}
		}
		return n
	}
	if n := refused(auditUntil(t, e.gateway, func(r []auditRecord) bool { return refused(r) >= 2*len(creds) })); n != 2*len(creds) {
		t.Errorf("%d audit records of refused calls, want %d", n, 2*len(creds))
	}
}

// TestRESTRealmRefusals: on the REST facade, a caller of one realm that
// names another where the SDKs put it on a write, `?realm_id=` on a POST or
// PUT (which becomes the Authrocket-Realm header) or `realm_id` in a
// DELETE's JSON body (which becomes the query), is refused with 403 and
// nothing reaches AuthRocket; naming its own realm the same ways works.
func TestRESTRealmRefusals(t *testing.T) {
	const token = "one-realm-credential-0123456789"
	var other string
	e := newEnvWith(t, gatewayOptions{policy: func(t *testing.T, e *env) string {
		other = e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Other realm"}})["id"].(string)
		return `callers:
  - name: billing
    credentials: [` + policy.HashCredential(token) + `]
    methods: ["authrocket.v2.UsersService/*"]
    realms: [` + e.realm + `]
`
	}})
	victim := e.authrocket(t, "POST", "/v2/users?realm_id="+other, map[string]any{"user": map[string]any{"email": "victim@example.com"}})["id"].(string)
	own := e.authrocket(t, "POST", "/v2/users?realm_id="+e.realm, map[string]any{"user": map[string]any{"email": "own@example.com"}})["id"].(string)
	as := []string{"Authrocket-Api-Key", token}
	newUser := func(email string) map[string]any { return map[string]any{"user": map[string]any{"email": email}} }

	noUpstream := e.noUpstreamSince(t)
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"POST ?realm_id=", "POST", "/v2/users?realm_id=" + other, newUser("intruder@example.com")},
		{"POST ?realm_id[]=", "POST", "/v2/users?realm_id[]=" + other, newUser("intruder@example.com")},
		{"PUT ?realm_id=", "PUT", "/v2/users/" + victim + "?realm_id=" + other, map[string]any{"user": map[string]any{"first_name": "Pwned"}}},
		{"DELETE body realm_id", "DELETE", "/v2/users/" + victim, map[string]any{"realm_id": other}},
		{"DELETE ?realm_id=", "DELETE", "/v2/users/" + victim + "?realm_id=" + other, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := "rest-realm-" + strings.NewReplacer(" ", "-", "?", "", "=", "", "[]", "").Replace(tc.name)
			code, _, out := e.rest(t, tc.method, tc.path, tc.body, append(as, "X-Request-Id", id)...)
			if code != http.StatusForbidden || restReason(out) != "REALM_NOT_ALLOWED" {
				t.Fatalf("%d %v, want 403 REALM_NOT_ALLOWED", code, out)
			}
			if r := auditFor(t, e.gateway, id); r.Caller != "billing" || r.Decision != "deny" || r.Rule != "billing: realm "+other+" not allowed" {
				t.Errorf("audit record %+v", r)
			}
		})
	}
	noUpstream("writes naming another realm")
	if got := e.authrocket(t, "GET", "/v2/users/"+victim+"?realm_id="+other, nil); got["first_name"] == "Pwned" || got["state"] != "active" {
		t.Errorf("the other realm's user was changed: %v", got)
	}

	// The same ways, naming the caller's own realm, work.
	if code, _, out := e.rest(t, "POST", "/v2/users?realm_id="+e.realm, newUser("welcome@example.com"), as...); code != http.StatusCreated || out["realm_id"] != e.realm {
		t.Errorf("POST ?realm_id=<own realm>: %d %v", code, out)
	}
	if code, _, out := e.rest(t, "DELETE", "/v2/users/"+own, map[string]any{"realm_id": e.realm}, as...); code != http.StatusOK {
		t.Errorf("DELETE with its own realm in the body: %d %v", code, out)
	}
}
