package e2e

import (
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
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
			if st := status.Convert(err); st.Code() != codes.InvalidArgument || st.Message() == "" {
				t.Errorf("error = %v, want INVALID_ARGUMENT with a message", err)
			}
		})
	}
	noUpstream("hostile requests")
	// Refused, but still audited, as the caller's.
	for _, r := range auditTrail(t, e.gateway) {
		if r.Caller != "default" || r.Code != "INVALID_ARGUMENT" || r.UpstreamStatus != 0 {
			t.Errorf("audit record %+v", r)
		}
	}
	if n := len(auditTrail(t, e.gateway)); n != len(tests) {
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
