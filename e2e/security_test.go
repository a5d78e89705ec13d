package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// rawCodec sends and receives gRPC messages as they are on the wire, so a
// test can send what no proto library would encode (invalid UTF-8).
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error)   { return *v.(*[]byte), nil }
func (rawCodec) Unmarshal(b []byte, v any) error { *v.(*[]byte) = b; return nil }
func (rawCodec) Name() string                    { return "proto" }
func (rawCodec) String() string                  { return "raw" }

var _ encoding.Codec = rawCodec{}

// TestHostileGRPCInput: what a hand-made gRPC client can send is refused
// with INVALID_ARGUMENT, audited, and never reaches AuthRocket.
func TestHostileGRPCInput(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	noUpstream := e.noUpstreamSince(t)
	raw := func(method string, msg []byte, md ...string) error {
		var out []byte
		return e.conn.Invoke(metadata.AppendToOutgoingContext(ctx, md...), method, &msg, &out, grpc.ForceCodec(rawCodec{}))
	}
	tests := map[string]func() error{
		// field 1 (id), a string of invalid UTF-8
		"invalid UTF-8 in an ID": func() error { return raw("/authrocket.v2.UsersService/GetUser", []byte{0x0a, 0x03, 0xff, 0xfe, 'A'}) },
		// field 1 (id) with the varint wire type
		"wrong wire type":   func() error { return raw("/authrocket.v2.UsersService/GetUser", []byte{0x08, 0x01}) },
		"truncated message": func() error { return raw("/authrocket.v2.UsersService/GetUser", []byte{0x0a, 0x40, 'u'}) },
		"path traversal": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1/../../realms"})
			return err
		},
		"encoded traversal": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "%2e%2e"})
			return err
		},
		"query in an ID": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1?realm_id=rl_other"})
			return err
		},
		"fragment in an ID": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1#x"})
			return err
		},
		"control character in an ID": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1\x00"})
			return err
		},
		"over-long ID": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_" + strings.Repeat("a", 10000)})
			return err
		},
		"CRLF in realm_id": func() error {
			_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_1\r\nX-Injected: 1")})
			return err
		},
		"absurd page size": func() error {
			_, err := users.ListUsers(ctx, &arv2.ListUsersRequest{MaxResults: proto.Int32(1 << 30)})
			return err
		},
		"negative page size": func() error {
			_, err := users.ListUsers(ctx, &arv2.ListUsersRequest{MaxResults: proto.Int32(-1)})
			return err
		},
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			err := f()
			if st := status.Convert(err); st.Code() != codes.InvalidArgument || st.Message() == "" || leaked(st.Message()) != "" {
				t.Errorf("error = %v, want INVALID_ARGUMENT with a message in the gateway's words", err)
			}
		})
	}
	noUpstream("hostile requests")
	// Refused, but still audited, as the caller's.
	trail := auditUntil(t, e.gateway, func(r []auditRecord) bool { return len(r) >= len(tests) })
	for _, r := range trail {
		if r.Caller != "default" || r.Code != "INVALID_ARGUMENT" || r.UpstreamStatus != 0 {
			t.Errorf("audit record %+v", r)
		}
	}
	if n := len(trail); n != len(tests) {
		t.Errorf("%d audit records for %d calls", n, len(tests))
	}
}

// TestHostileRESTInput: the same on the REST facade, where the hostile
// parts arrive in the path, the query, headers and the JSON body.
func TestHostileRESTInput(t *testing.T) {
	e := newEnv(t)
	noUpstream := e.noUpstreamSince(t)
	tests := []struct {
		name, method, path string
		body               any
		headers            []string
	}{
		{"dot-dot", "GET", "/v2/users/..", nil, nil},
		{"encoded dot-dot", "GET", "/v2/users/%2e%2e", nil, nil},
		{"encoded slash", "GET", "/v2/users/usr_1%2F..%2Frealms", nil, nil},
		{"encoded question mark", "GET", "/v2/users/usr_1%3Frealm_id=rl_x", nil, nil},
		{"encoded hash", "GET", "/v2/users/usr_1%23x", nil, nil},
		{"encoded NUL", "GET", "/v2/users/usr_1%00", nil, nil},
		{"encoded CRLF", "GET", "/v2/users/usr_1%0d%0aX-Injected:%201", nil, nil},
		{"over-long ID", "GET", "/v2/users/usr_" + strings.Repeat("a", 9000), nil, nil},
		{"CRLF in realm_id query", "GET", "/v2/users?realm_id=rl_1%0d%0aX:%201", nil, nil},
		{"non-ASCII realm header", "GET", "/v2/users", nil, []string{"Authrocket-Realm", "rl_é"}},
		{"tab in the locale header", "GET", "/v2/users", nil, []string{"Accept-Language", "en\tes"}},
		{"over-long locale header", "GET", "/v2/users", nil, []string{"Accept-Language", strings.Repeat("en,", 200)}},
		{"malformed JSON", "POST", "/v2/users", `{"user": {"email": "a@example.com"`, nil},
		{"wrong type", "POST", "/v2/users", `{"user": {"email": ["a@example.com"]}}`, nil},
		{"invalid UTF-8", "POST", "/v2/users", "{\"user\": {\"email\": \"\xff\xfe@example.com\"}}", nil},
		{"JSON array body", "POST", "/v2/users", `[]`, nil},
		{"absurd page size", "GET", "/v2/users?max_results=99999999999", nil, nil},
		{"page size zero", "GET", "/v2/users?max_results=0", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, out := e.rest(t, tt.method, tt.path, tt.body, tt.headers...)
			if errs, _ := out["errors"].([]any); code != http.StatusBadRequest || len(errs) == 0 {
				t.Errorf("%d %v, want 400 with AuthRocket-shaped errors", code, out)
			}
		})
	}
	noUpstream("hostile requests")
}

// TestMalformedRealms: a realm that is not a realm ID (huge, with CR, LF, a
// tab, or the shape of a key) in the Authrocket-Realm header, in realm_id
// or in the query is refused as invalid (REST 400, gRPC INVALID_ARGUMENT)
// before any policy decision, for a caller limited to one realm as for one
// of every realm; nothing reaches AuthRocket, the audit record says why in
// a few words, and nothing the gateway writes repeats the value.
func TestMalformedRealms(t *testing.T) {
	const restricted = "restricted-credential-0123456789"
	e := newEnvWith(t, gatewayOptions{policy: func(t *testing.T, e *env) string {
		return defaultPolicy + `  - name: restricted
    credentials: [` + policy.HashCredential(restricted) + `]
    methods: ["authrocket.v2.UsersService/*"]
    realms: [` + e.realm + `]
`
	}})
	// Each value carries a marker to look for in the gateway's output. Both
	// transports take 64 KiB of headers (TestHeaderLimits), so a huge realm
	// goes in the body or the message, and a long one (30,000 bytes) in a
	// header.
	const marker = "XINJECTEDX"
	huge := "rl_" + strings.Repeat(marker, 20_000)
	long := "rl_" + strings.Repeat(marker, 3_000)
	crlf := "rl_a\r\nX-Injected: " + marker
	tab := "rl_a\t" + marker
	key := "ks_" + marker + "0123456789abcdef"
	users := arv2.NewUsersServiceClient(e.conn)
	getUser := func(realm string, header ...string) func(context.Context) error {
		return func(ctx context.Context) error {
			if len(header) > 0 {
				ctx = metadata.AppendToOutgoingContext(ctx, "authrocket-realm", header[0])
			}
			req := &arv2.GetUserRequest{Id: "usr_1"}
			if realm != "" {
				req.RealmId = proto.String(realm)
			}
			_, err := users.GetUser(ctx, req)
			return err
		}
	}
	const (
		invalidRequest = "invalid request"
		notARealm      = "a named realm is not a realm ID"
		malformed      = "malformed request"
	)
	grpcCases := []struct {
		name string
		call func(context.Context) error
		rule string
	}{
		{"huge realm_id", getUser(huge), invalidRequest},
		{"CRLF in realm_id", getUser(crlf), invalidRequest},
		{"tab in realm_id", getUser(tab), invalidRequest},
		{"key in realm_id", getUser(key), invalidRequest},
		{"long header", getUser("", long), notARealm},
		{"key in the header", getUser("", key), notARealm},
		{"a good header, then a long one", func(ctx context.Context) error {
			return getUser("", e.realm)(metadata.AppendToOutgoingContext(ctx, "authrocket-realm", long))
		}, notARealm},
	}
	restCases := []struct {
		name, method, path string
		body               any
		headers            []string
		rule               string // of the audit record
	}{
		{"huge realm_id in the body", "POST", "/v2/users", map[string]any{"realm_id": huge, "user": map[string]any{"email": "a@example.com"}}, nil, invalidRequest},
		{"CRLF in realm_id in the body", "POST", "/v2/users", map[string]any{"realm_id": crlf, "user": map[string]any{"email": "a@example.com"}}, nil, invalidRequest},
		{"long realm_id in the query", "GET", "/v2/users/usr_1?realm_id=" + long, nil, nil, invalidRequest},
		{"CRLF in realm_id in the query", "GET", "/v2/users/usr_1?realm_id=" + url.QueryEscape(crlf), nil, nil, invalidRequest},
		{"key in realm_id in the query", "GET", "/v2/users/usr_1?realm_id=" + key, nil, nil, invalidRequest},
		{"CRLF in a POST's query realm_id", "POST", "/v2/users?realm_id=" + url.QueryEscape(crlf), map[string]any{"user": map[string]any{"email": "a@example.com"}}, nil, malformed},
		{"long header", "GET", "/v2/users/usr_1", nil, []string{"Authrocket-Realm", long}, notARealm},
		{"tab in the header", "GET", "/v2/users/usr_1", nil, []string{"Authrocket-Realm", tab}, notARealm},
		{"key in the header", "GET", "/v2/users/usr_1", nil, []string{"Authrocket-Realm", key}, notARealm},
	}
	noUpstream := e.noUpstreamSince(t)
	n := 0
	for _, caller := range []struct{ name, token string }{{"default", testToken}, {"restricted", restricted}} {
		// A realm in the message is refused by validation, one in a header
		// by the realm check, one in a POST's query when it is read.
		wantAudit := func(t *testing.T, id, rule string) {
			t.Helper()
			r := auditFor(t, e.gateway, id)
			if r.Caller != caller.name || r.Decision != "deny" || r.Code != "INVALID_ARGUMENT" || r.Rule != caller.name+": "+rule {
				t.Errorf("audit record %+v, want rule %q", r, caller.name+": "+rule)
			}
		}
		for _, tc := range grpcCases {
			t.Run("grpc/"+caller.name+"/"+tc.name, func(t *testing.T) {
				n++
				id := fmt.Sprintf("malformed-realm-%d", n)
				err := tc.call(withRequestID(withToken(bounded(t), caller.token), id))
				if st := status.Convert(err); st.Code() != codes.InvalidArgument || reasonOf(st) != "INVALID_REQUEST" {
					t.Fatalf("status %v %s, want INVALID_ARGUMENT INVALID_REQUEST", st.Code(), reasonOf(st))
				}
				wantAudit(t, id, tc.rule)
			})
		}
		// What grpc-go will not send: a tab reaches the gateway; CR and LF
		// are refused by HTTP/2 itself, before gRPC sees the call.
		for _, tc := range []struct {
			name, value string
			wantReset   bool
		}{{"tab in the header", tab, false}, {"CRLF in the header", crlf, true}} {
			t.Run("grpc/"+caller.name+"/raw "+tc.name, func(t *testing.T) {
				n++
				id := fmt.Sprintf("malformed-realm-%d", n)
				code, msg, reset := rawGRPC(t, e.grpcAddr, "/authrocket.v2.UsersService/GetUser", &arv2.GetUserRequest{Id: "usr_1"},
					"authorization", "Bearer "+caller.token, "x-request-id", id, "authrocket-realm", e.realm, "authrocket-realm", tc.value)
				switch {
				case tc.wantReset && !reset:
					t.Fatalf("answered %v %q, want the stream refused", code, msg)
				case !tc.wantReset && (reset || code != codes.InvalidArgument):
					t.Fatalf("answered %v %q (reset %v), want INVALID_ARGUMENT", code, msg, reset)
				case !tc.wantReset:
					wantAudit(t, id, notARealm)
				}
			})
		}
		for _, tc := range restCases {
			t.Run("rest/"+caller.name+"/"+tc.name, func(t *testing.T) {
				n++
				id := fmt.Sprintf("malformed-realm-%d", n)
				code, _, out := e.rest(t, tc.method, tc.path, tc.body, append([]string{"Authrocket-Api-Key", caller.token, "X-Request-Id", id}, tc.headers...)...)
				if errs, _ := out["errors"].([]any); code != http.StatusBadRequest || len(errs) == 0 || restReason(out) != "INVALID_REQUEST" {
					t.Fatalf("%d %v, want 400 INVALID_REQUEST", code, out)
				}
				wantAudit(t, id, tc.rule)
			})
		}
	}
	noUpstream("calls naming malformed realms")
	e.gateway.stop() // a clean stop writes the whole audit trail
	for l := range strings.Lines(e.gateway.Output()) {
		if strings.Contains(l, marker) || len(l) > 2000 {
			t.Errorf("the gateway wrote a line of %d bytes that repeats a malformed realm: %.300s", len(l), l)
		}
	}
}

// TestOpenStreams: the only streaming methods, health's Watch and gRPC
// reflection, are served without a credential.
func TestOpenStreams(t *testing.T) {
	e := newEnv(t)
	w, err := healthpb.NewHealthClient(e.conn).Watch(bounded(t), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := w.Recv(); err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Watch: %v, %v", res, err)
	}
	r, err := reflectionpb.NewServerReflectionClient(e.conn).ServerReflectionInfo(bounded(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	res, err := r.Recv()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range res.GetListServicesResponse().GetService() {
		found = found || s.GetName() == "authrocket.v2.UsersService"
	}
	if !found {
		t.Errorf("reflection lists %v", res.GetListServicesResponse().GetService())
	}
}

// leakPatterns are words of Go, protobuf or gRPC internals that no error
// message to a caller may hold (matched case-insensitively).
var leakPatterns = []string{"proto:", "grpc:", "strconv.", ".go:", "goroutine", "*structpb", "protoreflect", "runtime.", "marshal"}

// leaked returns the first of leakPatterns in s, or "".
func leaked(s string) string {
	s = strings.ToLower(s)
	for _, p := range leakPatterns {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// rawHTTP sends req, the bytes of an HTTP/1.1 request up to its headers
// (the request line and any header lines, each ending "\r\n"), with the
// caller's credential and body, over one connection to the REST listener,
// so that the request line and headers can hold bytes no HTTP client
// would send. It returns the status, the headers and the body.
func (e *env) rawHTTP(t *testing.T, req, body string) (int, http.Header, string) {
	t.Helper()
	u, err := url.Parse(e.httpURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if body != "" && !strings.Contains(strings.ToLower(req), "content-type:") {
		req += "Content-Type: application/json\r\n"
	}
	if !strings.Contains(strings.ToLower(req), "transfer-encoding:") {
		req += "Content-Length: " + strconv.Itoa(len(body)) + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"Host: "+u.Host+"\r\nAuthrocket-Api-Key: "+e.token+"\r\nConnection: close\r\n\r\n"+body); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(raw)
}

// TestMalformedRESTInput sends an authenticated caller's malformed REST
// requests, one kind of mistake each, byte for byte: every one is refused
// with a 4xx whose message says what was wrong in the gateway's own words
// (none of leakPatterns), naming the field when it is one, and none
// reaches AuthRocket.
func TestMalformedRESTInput(t *testing.T) {
	e := newEnv(t)
	deep := strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200)
	tests := []struct {
		name string
		req  string // request line and header lines
		body string
		// field the message must name; "" when the refusal names none
		// (net/http's own answer to a request line it cannot read).
		field string
	}{
		// Path variables.
		{"path: invalid UTF-8", "GET /v2/users/%FF HTTP/1.1\r\n", "", "id"},
		{"path: truncated UTF-8", "GET /v2/users/%C3%28 HTTP/1.1\r\n", "", "id"},
		{"path: raw invalid byte", "GET /v2/users/\xff HTTP/1.1\r\n", "", "id"},
		{"path: NUL", "GET /v2/users/usr_1%00 HTTP/1.1\r\n", "", "id"},
		{"path: malformed escape", "GET /v2/users/%zz HTTP/1.1\r\n", "", ""},
		{"path: lone percent", "GET /v2/users/% HTTP/1.1\r\n", "", ""},
		{"path: invalid UTF-8 before an action", "POST /v2/users/%FF/authenticate HTTP/1.1\r\n", `{"user": {"password": "pw"}}`, "id"},
		{"path: invalid UTF-8 in an update", "PUT /v2/orgs/%FF HTTP/1.1\r\n", `{"org": {"name": "x"}}`, "id"},
		{"path: invalid UTF-8 in a delete", "DELETE /v2/orgs/%FF HTTP/1.1\r\n", "", "id"},

		// Query values and keys: strings.
		{"query: invalid UTF-8 in email", "GET /v2/users?email=%C3%28 HTTP/1.1\r\n", "", "email"},
		{"query: raw invalid byte", "GET /v2/users?email=\xff HTTP/1.1\r\n", "", "email"},
		{"query: invalid UTF-8 in realm_id", "GET /v2/users?realm_id=%FF HTTP/1.1\r\n", "", "realm_id"},
		{"query: invalid UTF-8 in a POST's realm_id", "POST /v2/users?realm_id=%FF HTTP/1.1\r\n", `{"user": {"email": "a@example.com"}}`, "realm_id"},
		{"query: invalid UTF-8 in a key", "GET /v2/users?%FF=1 HTTP/1.1\r\n", "", "query parameter"},
		{"query: NUL in a value", "GET /v2/users?email=a%00b HTTP/1.1\r\n", "", "email"},
		{"query: NUL in a key", "GET /v2/users?%00=1 HTTP/1.1\r\n", "", "query parameter"},
		{"query: malformed escape", "GET /v2/users?email=%zz HTTP/1.1\r\n", "", "email"},
		{"query: lone percent", "GET /v2/users?email=% HTTP/1.1\r\n", "", "email"},
		{"query: malformed escape in a key", "GET /v2/users?%zz=1 HTTP/1.1\r\n", "", "query parameter"},
		{"query: semicolon", "GET /v2/users?state=active;email=x HTTP/1.1\r\n", "", "query"},
		{"query: malformed escape in a POST's query", "POST /v2/users?x=%zz HTTP/1.1\r\n", `{"user": {"email": "a@example.com"}}`, "x"},
		// Query values: each scalar kind a query sets (int32, bool,
		// repeated string).
		{"int32: a word", "GET /v2/users?max_results=many HTTP/1.1\r\n", "", "max_results"},
		{"int32: a fraction", "GET /v2/users?max_results=1.5 HTTP/1.1\r\n", "", "max_results"},
		{"int32: an exponent", "GET /v2/users?max_results=1e3 HTTP/1.1\r\n", "", "max_results"},
		{"int32: hexadecimal", "GET /v2/users?max_results=0x10 HTTP/1.1\r\n", "", "max_results"},
		{"int32: empty", "GET /v2/users?max_results= HTTP/1.1\r\n", "", "max_results"},
		{"int32: huge", "GET /v2/users?max_results=99999999999999999999999 HTTP/1.1\r\n", "", "max_results"},
		{"int32: huge negative", "GET /v2/users?max_results=-99999999999 HTTP/1.1\r\n", "", "max_results"},
		{"int32: invalid UTF-8", "GET /v2/users?max_results=%FF HTTP/1.1\r\n", "", "max_results"},
		{"int32: twice", "GET /v2/users?max_results=1&max_results=2 HTTP/1.1\r\n", "", "max_results"},
		{"int32: by its name and its JSON name", "GET /v2/users?max_results=1&maxResults=2 HTTP/1.1\r\n", "", "max_results"},
		{"bool: a word", "DELETE /v2/orgs/org_1?force=yes HTTP/1.1\r\n", "", "force"},
		{"bool: a number", "DELETE /v2/orgs/org_1?force=2 HTTP/1.1\r\n", "", "force"},
		{"bool: empty", "DELETE /v2/orgs/org_1?force= HTTP/1.1\r\n", "", "force"},
		{"bool: in a DELETE body", "DELETE /v2/orgs/org_1 HTTP/1.1\r\n", `{"force": "yes"}`, "force"},
		{"bool: a huge number in a DELETE body", "DELETE /v2/orgs/org_1 HTTP/1.1\r\n", `{"force": 1e400}`, "force"},
		{"DELETE body: invalid UTF-8", "DELETE /v2/orgs/org_1 HTTP/1.1\r\n", "{\"realm_id\": \"\xff\"}", "UTF-8"},
		{"repeated: invalid UTF-8", "GET /v2/orgs?expand=custom&expand=%FF HTTP/1.1\r\n", "", "expand"},
		{"repeated: invalid UTF-8, PHP's form", "GET /v2/orgs?expand[0]=%FF HTTP/1.1\r\n", "", "expand"},

		// Headers the call path reads.
		{"header: invalid UTF-8 realm", "GET /v2/users HTTP/1.1\r\nAuthrocket-Realm: \xff\r\n", "", "Authrocket-Realm"},
		{"header: truncated UTF-8 locale", "GET /v2/users HTTP/1.1\r\nAccept-Language: es\xc3\r\n", "", "Accept-Language"},

		// JSON bodies, in each type the bodies carry.
		{"body: invalid UTF-8", "POST /v2/users HTTP/1.1\r\n", "{\"user\": {\"email\": \"\xc3\x28@example.com\"}}", "UTF-8"},
		{"body: raw NUL in a string", "POST /v2/users HTTP/1.1\r\n", "{\"user\": {\"email\": \"a\x00@example.com\"}}", ""},
		{"body: string given a number", "POST /v2/users HTTP/1.1\r\n", `{"user": {"email": 5}}`, "user.email"},
		{"body: object given an array", "POST /v2/users HTTP/1.1\r\n", `{"user": []}`, "user"},
		{"body: int32 given a word", "POST /v2/auth_providers HTTP/1.1\r\n", `{"auth_provider": {"provider_type": "password", "min_length": "many"}}`, "auth_provider.min_length"},
		{"body: int32 given a fraction", "POST /v2/auth_providers HTTP/1.1\r\n", `{"auth_provider": {"min_length": 1.5}}`, "auth_provider.min_length"},
		{"body: int32 given a huge number", "POST /v2/auth_providers HTTP/1.1\r\n", `{"auth_provider": {"min_length": 1e400}}`, "auth_provider.min_length"},
		{"body: bool given a word", "POST /v2/client_apps HTTP/1.1\r\n", `{"client_app": {"trusted": "very"}}`, "client_app.trusted"},
		{"body: timestamp given a word", "POST /v2/memberships HTTP/1.1\r\n", `{"membership": {"expires_at": "tomorrow"}}`, "membership.expires_at"},
		{"body: timestamp out of range", "POST /v2/memberships HTTP/1.1\r\n", `{"membership": {"expires_at": 1e300}}`, "membership.expires_at"},
		// arjson decodes no Duration: any max_age is refused.
		{"body: duration given a word", "POST /gateway/v1/tokens:verify HTTP/1.1\r\n", `{"token": "eyJ.a.b", "max_age": "forever"}`, "max_age"},
		{"body: struct given a string", "POST /v2/users HTTP/1.1\r\n", `{"user": {"custom": "x"}}`, "user.custom"},
		{"body: repeated given an object", "POST /v2/memberships HTTP/1.1\r\n", `{"membership": {"permissions": {"a": 1}}}`, "membership.permissions"},
		{"body: deep nesting", "POST /v2/users HTTP/1.1\r\n", `{"user": {"custom": ` + deep + `}}`, ""},
		{"body: truncated", "POST /v2/users HTTP/1.1\r\n", `{"user": {"email": "a@`, ""},
		{"body: top-level array", "POST /v2/users HTTP/1.1\r\n", `[{"user": {}}]`, ""},
		{"body: gzip", "POST /v2/users HTTP/1.1\r\nContent-Encoding: gzip\r\n", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00", "Content-Encoding"},
	}
	noUpstream := e.noUpstreamSince(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, body := e.rawHTTP(t, tt.req, tt.body)
			if code < 400 || code >= 500 {
				t.Errorf("HTTP %d, want a 4xx: %.300s", code, body)
			}
			if p := leaked(body); p != "" {
				t.Errorf("the answer says %q: %.300s", p, body)
			}
			if tt.field != "" && !strings.Contains(body, tt.field) {
				t.Errorf("the answer does not name %s: %.300s", tt.field, body)
			}
		})
	}
	noUpstream("malformed requests")
}

// gzipped is `{}` compressed with gzip.
const gzipped = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00"

// TestEncodedBodies: the gateway reads bodies as sent. A Content-Encoding
// other than identity is refused 415 once the caller is authenticated,
// before the body is read. A transfer coding other than chunked net/http
// answers itself, before any handler: 501, as RFC 9112 §6.1 says a server
// should. Nothing reaches AuthRocket.
func TestEncodedBodies(t *testing.T) {
	e := newEnv(t)
	noUpstream := e.noUpstreamSince(t)
	t.Run("Content-Encoding: gzip", func(t *testing.T) {
		code, h, body := e.rawHTTP(t, "POST /v2/users HTTP/1.1\r\nContent-Encoding: gzip\r\n", gzipped)
		if code != http.StatusUnsupportedMediaType || h.Get("Accept-Encoding") != "identity" ||
			!strings.Contains(body, "Content-Encoding is not supported: send the body uncompressed") {
			t.Errorf("HTTP %d, Accept-Encoding %q: %s; want 415", code, h.Get("Accept-Encoding"), body)
		}
	})
	t.Run("Content-Encoding: gzip, two credentials", func(t *testing.T) { // unauthenticated: 403 first
		code, _, body := e.rawHTTP(t, "POST /v2/users HTTP/1.1\r\nContent-Encoding: gzip\r\nAuthorization: Bearer nope\r\n", gzipped)
		if code != http.StatusForbidden {
			t.Errorf("HTTP %d: %s; want 403", code, body)
		}
	})
	t.Run("Transfer-Encoding: gzip, chunked", func(t *testing.T) {
		chunked := strconv.FormatInt(int64(len(gzipped)), 16) + "\r\n" + gzipped + "\r\n0\r\n\r\n"
		code, _, body := e.rawHTTP(t, "POST /v2/users HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n", chunked)
		if code != http.StatusNotImplemented || body != "Unsupported transfer encoding" {
			t.Errorf("HTTP %d %q, want net/http's 501", code, body)
		}
	})
	noUpstream("encoded bodies")
}
