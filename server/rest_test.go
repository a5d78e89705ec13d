package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// ts is a timestamp of sec seconds and ms milliseconds (plus extra
// nanoseconds below the millisecond).
func ts(sec int64, ms, extraNanos int32) *timestamppb.Timestamp {
	return &timestamppb.Timestamp{Seconds: sec, Nanos: ms*1e6 + extraNanos}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRESTMarshalerMarshal checks the response bodies of the REST facade
// against authrocket-api.md §3: flat snake_case objects, epoch-second
// timestamps, lists as {"collection", "more_results"}.
func TestRESTMarshalerMarshal(t *testing.T) {
	custom := mustStruct(t, map[string]any{
		"plan":   "pro",
		"seats":  5,
		"ratio":  0.25,
		"trial":  false,
		"tags":   []any{"a", 1, true, nil},
		"nested": map[string]any{"b": "x", "a": nil},
		"Zeta":   "case-sensitive keys sort bytewise",
	})
	fullUser := &arv2.User{
		Object: "user", Id: "usr_0v1zUpWdE4IxVDOTnkFOrr", RealmId: "rl_0v1zTBT29bUPrGLIEhQ5uj",
		State: proto.String("active"), Email: proto.String("ann@example.com"), EmailPending: proto.String(""),
		EmailVerification: proto.String("verified"), FirstName: proto.String("Ann"), LastName: proto.String("Lee"),
		Name: proto.String("Ann Lee"), Username: proto.String("ann"), Locale: proto.String("es"),
		Reference: proto.String("ext-1"),
		Custom:    mustStruct(t, map[string]any{"plan": "pro"}),
		CreatedAt: ts(1423941493, 701, 999_999), LastLoginAt: ts(1735689600, 0, 0),
		Credentials: []*arv2.Credential{{
			Object: "credential", Id: "crd_1", UserId: "usr_0v1zUpWdE4IxVDOTnkFOrr",
			CredentialType: proto.String("password"), State: proto.String("active"), Name: proto.String("Password"),
			AuthProviderId: proto.String("ap_1"), CreatedAt: ts(1735689600, 50, 0),
		}},
	}
	const fullUserJSON = `{"object":"user","id":"usr_0v1zUpWdE4IxVDOTnkFOrr","realm_id":"rl_0v1zTBT29bUPrGLIEhQ5uj",` +
		`"state":"active","email":"ann@example.com","email_pending":"","email_verification":"verified",` +
		`"first_name":"Ann","last_name":"Lee","name":"Ann Lee","username":"ann","locale":"es","reference":"ext-1",` +
		`"custom":{"plan":"pro"},"created_at":1423941493.701,"last_login_at":1735689600,` +
		`"credentials":[{"object":"credential","id":"crd_1","user_id":"usr_0v1zUpWdE4IxVDOTnkFOrr",` +
		`"credential_type":"password","state":"active","name":"Password","auth_provider_id":"ap_1","created_at":1735689600.050}],` +
		`"memberships":[]}`
	rowJSON := strings.Replace(fullUserJSON, `,"memberships":[]`, "", 1)
	org := func(id string) *arv2.Org {
		return &arv2.Org{Object: "org", Id: id, RealmId: "rl_1", Name: proto.String("Widgets Inc"),
			State: proto.String("active"), Reference: proto.String("r"), CreatedAt: ts(1735689600, 0, 0)}
	}
	orgJSON := func(id string) string {
		return `{"object":"org","id":"` + id + `","realm_id":"rl_1","name":"Widgets Inc","state":"active","reference":"r","created_at":1735689600}`
	}
	membership := &arv2.Membership{
		Object: "membership", Id: "mb_1", OrgId: "org_1", UserId: "usr_1",
		Permissions: []string{"admin", "billing:*"}, Selected: proto.Bool(true),
		ExpiresAt: ts(1735776000, 0, 0), CreatedAt: ts(1735689600, 123, 0),
		Org: org("org_1"),
	}
	const membershipJSON = `{"object":"membership","id":"mb_1","org_id":"org_1","user_id":"usr_1",` +
		`"permissions":["admin","billing:*"],"selected":true,"expires_at":1735776000,"created_at":1735689600.123,` +
		`"org":{"object":"org","id":"org_1","realm_id":"rl_1","name":"Widgets Inc","state":"active","reference":"r","created_at":1735689600}}`

	tests := []struct {
		name    string
		in      any
		want    string
		wantErr string
	}{
		{name: "user, every field", in: fullUser, want: fullUserJSON},
		{name: "org with custom Struct, keys sorted", in: &arv2.Org{Object: "org", Id: "org_1", RealmId: "rl_1",
			Name: proto.String("W"), State: proto.String("active"), Reference: proto.String("r"), Custom: custom, CreatedAt: ts(1735689600, 0, 0)},
			want: `{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":"active","reference":"r",` +
				`"custom":{"Zeta":"case-sensitive keys sort bytewise","nested":{"a":null,"b":"x"},"plan":"pro","ratio":0.25,"seats":5,"tags":["a",1,true,null],"trial":false},` +
				`"created_at":1735689600}`},
		{name: "org without custom (a list row without expand=custom)", in: org("org_2"), want: orgJSON("org_2")},
		{name: "org with an empty custom", in: &arv2.Org{Object: "org", Id: "org_3", RealmId: "rl_1", Custom: &structpb.Struct{}},
			want: `{"object":"org","id":"org_3","realm_id":"rl_1","custom":{}}`},
		{name: "membership with an embedded org", in: membership, want: membershipJSON},
		{name: "membership without permissions emits []", in: &arv2.Membership{Object: "membership", Id: "mb_2", OrgId: "org_1", UserId: "usr_1",
			Selected: proto.Bool(false), ExpiresAt: ts(1735776000, 0, 0), CreatedAt: ts(1735689600, 0, 0)},
			want: `{"object":"membership","id":"mb_2","org_id":"org_1","user_id":"usr_1","permissions":[],"selected":false,"expires_at":1735776000,"created_at":1735689600}`},
		{name: "user list", in: &arv2.ListUsersResponse{Collection: []*arv2.User{fullUser, fullUser}, MoreResults: true},
			// Rows leave out the empty memberships list AuthRocket never sent.
			want: `{"collection":[` + rowJSON + `,` + rowJSON + `],"more_results":true}`},
		{name: "org list, last page", in: &arv2.ListOrgsResponse{Collection: []*arv2.Org{org("org_1"), org("org_2")}},
			want: `{"collection":[` + orgJSON("org_1") + `,` + orgJSON("org_2") + `],"more_results":false}`},
		{name: "membership list", in: &arv2.ListMembershipsResponse{Collection: []*arv2.Membership{membership}, MoreResults: true},
			want: `{"collection":[` + membershipJSON + `],"more_results":true}`},
		{name: "empty user list", in: &arv2.ListUsersResponse{}, want: `{"collection":[],"more_results":false}`},
		{name: "empty org list", in: &arv2.ListOrgsResponse{}, want: `{"collection":[],"more_results":false}`},
		{name: "empty membership list", in: &arv2.ListMembershipsResponse{}, want: `{"collection":[],"more_results":false}`},
		{name: "session", in: &arv2.Session{Object: "session", Id: "kss_1", UserId: "usr_1", ClientAppId: proto.String("ca_1"),
			Token: proto.String("eyJ.a.b"), CreatedAt: ts(1735689600, 0, 0), ExpiresAt: ts(1735776000, 0, 0),
			Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1"), Client: proto.String("MyApp/1.0")}},
			want: `{"object":"session","id":"kss_1","user_id":"usr_1","client_app_id":"ca_1","token":"eyJ.a.b",` +
				`"created_at":1735689600,"expires_at":1735776000,"request":{"ip":"10.0.0.1","client":"MyApp/1.0"}}`},
		{name: "token", in: &arv2.Token{Object: "token", Token: "tmf:abc", UserId: proto.String("usr_1")},
			want: `{"object":"token","token":"tmf:abc","user_id":"usr_1"}`},
		{name: "string escaping", in: &arv2.Token{Object: "token", Token: "a\"b\\c\n<é>", UserId: proto.String("usr_1")},
			want: `{"object":"token","token":"a\"b\\c\n<é>","user_id":"usr_1"}`},

		// No object: AuthRocket's 204/215, or a response_body field left unset.
		{name: "nil user", in: (*arv2.User)(nil), want: `{}`},
		{name: "nil session", in: (*arv2.Session)(nil), want: `{}`},
		{name: "get response without a user", in: &arv2.GetUserResponse{}, want: `{}`},
		{name: "authenticate response with neither member", in: &arv2.AuthenticateUserResponse{}, want: `{}`},
		{name: "google.protobuf.Empty", in: &emptypb.Empty{}, want: `{}`},

		{name: "not a proto message: encoding/json", in: map[string]any{"b": 1, "a": []string{"x"}}, want: `{"a":["x"],"b":1}`},

		{name: "invalid UTF-8", in: &arv2.Token{Object: "token", Token: "\xff"},
			wantErr: "arjson: token: invalid UTF-8 in string"},
		{name: "nanos out of range", in: &arv2.Org{Object: "org", CreatedAt: &timestamppb.Timestamp{Seconds: 1, Nanos: 1e9}},
			wantErr: "arjson: created_at: invalid timestamp"},
		{name: "year 10000", in: &arv2.Org{Object: "org", CreatedAt: &timestamppb.Timestamp{Seconds: 253402300800}},
			wantErr: "arjson: created_at: invalid timestamp"},
		{name: "NaN in custom", in: &arv2.Org{Object: "org", Custom: &structpb.Struct{Fields: map[string]*structpb.Value{"x": structpb.NewNumberValue(math.NaN())}}},
			wantErr: `arjson: custom["x"]: NaN or infinite number cannot be encoded`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := restMarshaler{}.Marshal(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Marshal = %s, %v; want error %q", got, err, tt.wantErr)
				}
				var ae *arjson.Error
				if !errors.As(err, &ae) {
					t.Errorf("error %T is not an *arjson.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal =\n%s\nwant\n%s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Errorf("Marshal wrote invalid JSON %s", got)
			}
		})
	}
}

// TestRESTMarshalerTimestamps checks AuthRocket's time_t form: epoch seconds,
// an integer when whole, else exactly three decimals (sub-millisecond parts
// are floored).
func TestRESTMarshalerTimestamps(t *testing.T) {
	tests := []struct {
		ts   *timestamppb.Timestamp
		want string
	}{
		{ts(1735689600, 0, 0), `1735689600`},
		{ts(1423941493, 701, 0), `1423941493.701`},
		{ts(1423941493, 701, 999_999), `1423941493.701`},
		{ts(1735689600, 50, 0), `1735689600.050`},
		{ts(1735689600, 1, 0), `1735689600.001`},
		{ts(1735689600, 0, 999_999), `1735689600`},
		{ts(0, 0, 0), `0`},
		{ts(-1, 500, 0), `-0.500`},
		{ts(-62135596800, 0, 0), `-62135596800`},
		{ts(253402300799, 999, 0), `253402300799.999`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := restMarshaler{}.Marshal(&arv2.Org{Object: "org", CreatedAt: tt.ts})
			if err != nil {
				t.Fatal(err)
			}
			want := `{"object":"org","id":"","realm_id":"","created_at":` + tt.want + `}`
			if string(got) != want {
				t.Errorf("Marshal(%v) = %s, want %s", tt.ts, got, want)
			}
		})
	}
}

// TestRESTMarshalerEmitsUnpopulated checks that fields without presence are
// written even when empty, as AuthRocket writes them: "id": "",
// "collection": [], "more_results": false, "permissions": [].
func TestRESTMarshalerEmitsUnpopulated(t *testing.T) {
	tests := []struct {
		name string
		in   proto.Message
		want map[string]any
	}{
		{"user", &arv2.User{}, map[string]any{"object": "", "id": "", "realm_id": "", "credentials": []any{}, "memberships": []any{}}},
		{"org", &arv2.Org{}, map[string]any{"object": "", "id": "", "realm_id": ""}},
		{"membership", &arv2.Membership{}, map[string]any{"object": "", "id": "", "org_id": "", "user_id": "", "permissions": []any{}}},
		{"session", &arv2.Session{}, map[string]any{"object": "", "id": "", "user_id": ""}},
		{"token", &arv2.Token{}, map[string]any{"object": "", "token": ""}},
		{"list", &arv2.ListMembershipsResponse{}, map[string]any{"collection": []any{}, "more_results": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := restMarshaler{}.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			for k, want := range tt.want {
				if v, ok := got[k]; !ok || !reflect.DeepEqual(v, want) {
					t.Errorf("%s: %q = %#v (present %v), want %#v", b, k, v, ok, want)
				}
			}
		})
	}
}

// TestRESTMarshalerUnmarshal checks request bodies as AuthRocket's SDKs send
// them (authrocket-api.md §2.3) and the errors bad bodies give.
func TestRESTMarshalerUnmarshal(t *testing.T) {
	type newMsg = func() proto.Message
	createUser := func() proto.Message { return &arv2.CreateUserRequest{} }
	createMembership := func() proto.Message { return &arv2.CreateMembershipRequest{} }
	membershipExpiring := func(e *timestamppb.Timestamp) proto.Message {
		return &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{OrgId: proto.String("org_1"), ExpiresAt: e}}
	}
	tests := []struct {
		name    string
		body    string
		msg     newMsg
		want    proto.Message
		wantErr string
		// errPrefix: wantErr is a prefix (encoding/json words the rest).
		errPrefix bool
	}{
		{name: "root element with the request context", msg: createUser,
			body: `{"user": {"email": "ann@example.com", "first_name": "Ann", "password": "s3cret-Pass",` +
				` "custom": {"plan": "pro", "seats": 5, "tags": ["a"]}}, "request": {"ip": "10.0.0.1", "client": "MyApp/1.0"}, "realm_id": "rl_1"}`,
			want: &arv2.CreateUserRequest{
				User: &arv2.UserInput{Email: proto.String("ann@example.com"), FirstName: proto.String("Ann"), Password: proto.String("s3cret-Pass"),
					Custom: mustStruct(t, map[string]any{"plan": "pro", "seats": 5, "tags": []any{"a"}})},
				Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1"), Client: proto.String("MyApp/1.0")},
				RealmId: proto.String("rl_1"),
			}},
		{name: "empty strings are set, not absent", msg: createUser, body: `{"user": {"reference": "", "locale": ""}}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Reference: proto.String(""), Locale: proto.String("")}}},
		{name: "lowerCamel names", msg: createUser, body: `{"user": {"firstName": "Ann"}, "realmId": "rl_1"}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{FirstName: proto.String("Ann")}, RealmId: proto.String("rl_1")}},
		{name: "unknown fields are ignored", msg: createUser,
			body: `{"user": {"email": "a@b.c", "favourite_color": "blue", "extra": {"x": [1]}}, "unknown_top": 1}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("a@b.c")}}},
		{name: "null leaves a field unset", msg: createUser, body: `{"user": {"email": null, "username": "ann"}, "request": null}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Username: proto.String("ann")}}},
		{name: "root element null", msg: createUser, body: `{"user": null}`, want: &arv2.CreateUserRequest{}},
		{name: "empty object", msg: createUser, body: `{}`, want: &arv2.CreateUserRequest{}},
		{name: "empty body (the PHP SDK with no params)", msg: createUser, body: ``, want: &arv2.CreateUserRequest{}},
		{name: "whitespace body", msg: createUser, body: " \n\t", want: &arv2.CreateUserRequest{}},
		{name: "null body", msg: createUser, body: `null`, want: &arv2.CreateUserRequest{}},
		{name: "the last duplicate key wins", msg: createUser, body: `{"user": {"email": "a@b.c", "email": "d@e.f"}}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("d@e.f")}}},
		{name: "permissions array", msg: createMembership, body: `{"membership": {"user_id": "usr_1", "permissions": ["admin", "x:y"]}}`,
			want: &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{UserId: proto.String("usr_1"), Permissions: []string{"admin", "x:y"}}}},
		{name: "a single permission where an array is expected", msg: createMembership, body: `{"membership": {"permissions": "admin"}}`,
			want: &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{Permissions: []string{"admin"}}}},

		// Timestamps: epoch numbers (as AuthRocket writes them), numeric strings, RFC 3339.
		{name: "timestamp: integer epoch seconds", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": 1735776000}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},
		{name: "timestamp: epoch seconds with milliseconds", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": 1423941493.701}}`,
			want: membershipExpiring(ts(1423941493, 701, 0))},
		{name: "timestamp: 1735689600.0", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": 1735689600.0}}`,
			want: membershipExpiring(ts(1735689600, 0, 0))},
		{name: "timestamp: sub-millisecond floored", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": 1735689600.0019}}`,
			want: membershipExpiring(ts(1735689600, 1, 0))},
		{name: "timestamp: exponent", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": 1.7357760e9}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},
		{name: "timestamp: numeric string", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": "1735776000.5"}}`,
			want: membershipExpiring(ts(1735776000, 500, 0))},
		{name: "timestamp: RFC 3339", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": "2025-01-02T00:00:00.250Z"}}`,
			want: membershipExpiring(ts(1735776000, 250, 0))},
		{name: "timestamp: RFC 3339 with an offset", msg: createMembership, body: `{"membership": {"org_id": "org_1", "expires_at": "2025-01-02T01:00:00+01:00"}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},

		// Wrong types.
		{name: "string field given a number", msg: createUser, body: `{"user": {"email": 1}}`,
			wantErr: "arjson: user.email: expected string, got number"},
		{name: "root element given a string", msg: createUser, body: `{"user": "ann@example.com"}`,
			wantErr: "arjson: user: expected object, got string"},
		{name: "root element given an array", msg: createUser, body: `{"user": [{"email": "a@b.c"}]}`,
			wantErr: "arjson: user: expected object, got array"},
		{name: "custom given an array", msg: createUser, body: `{"user": {"custom": ["a"]}}`,
			wantErr: "arjson: user.custom: expected object, got array"},
		{name: "permissions given an object", msg: createMembership, body: `{"membership": {"permissions": {"a": 1}}}`,
			wantErr: "arjson: membership.permissions: expected array, got object"},
		{name: "null inside permissions", msg: createMembership, body: `{"membership": {"permissions": ["a", null]}}`,
			wantErr: "arjson: membership.permissions[1]: unexpected null in array"},
		{name: "timestamp given a boolean", msg: createMembership, body: `{"membership": {"expires_at": true}}`,
			wantErr: "arjson: membership.expires_at: expected epoch seconds or RFC 3339 string, got boolean"},
		{name: "timestamp given a date", msg: createMembership, body: `{"membership": {"expires_at": "2025-01-02"}}`,
			wantErr: "arjson: membership.expires_at: invalid timestamp string: want epoch seconds or RFC 3339"},
		{name: "timestamp out of range", msg: createMembership, body: `{"membership": {"expires_at": 1e12}}`,
			wantErr: "arjson: membership.expires_at: timestamp out of range"},
		{name: "top-level array", msg: createUser, body: `[{"user": {}}]`,
			wantErr: "arjson: expected object, got array"},
		{name: "top-level string", msg: createUser, body: `"user"`,
			wantErr: "arjson: expected object, got string"},

		// Malformed JSON and bad bytes.
		{name: "truncated", msg: createUser, body: `{"user": {"email": "a@b.c"`,
			wantErr: "arjson: invalid JSON: unexpected end of input"},
		{name: "data after the value", msg: createUser, body: `{"user": {}} {}`,
			wantErr: "arjson: invalid JSON: data after the top-level value"},
		{name: "unquoted key", msg: createUser, body: `{user: {}}`,
			wantErr: "arjson: invalid JSON at offset 1: invalid character 'u'", errPrefix: true},
		{name: "trailing comma", msg: createUser, body: `{"user": {},}`,
			wantErr: "arjson: invalid JSON at offset 12: invalid character '}'", errPrefix: true},
		{name: "invalid UTF-8", msg: createUser, body: "{\"user\": {\"first_name\": \"\xffAnn\"}}",
			wantErr: "arjson: invalid UTF-8 in input"},
		{name: "nesting too deep", msg: createUser, body: `{"user": {"custom": {"a": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}}`,
			wantErr: "arjson: nesting exceeds maximum depth 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The target holds stale data: Unmarshal must reset it.
			got := tt.msg()
			got.ProtoReflect().Set(got.ProtoReflect().Descriptor().Fields().ByName("realm_id"), protoreflect.ValueOfString("rl_stale"))
			err := restMarshaler{}.Unmarshal([]byte(tt.body), got)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr && !(tt.errPrefix && strings.HasPrefix(err.Error(), tt.wantErr)) {
					t.Fatalf("Unmarshal(%s) = %v, want error %q", tt.body, err, tt.wantErr)
				}
				var ae *arjson.Error
				if !errors.As(err, &ae) {
					t.Errorf("error %T is not an *arjson.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.body, err)
			}
			if !proto.Equal(got, tt.want) {
				t.Errorf("Unmarshal(%s) =\n%v\nwant\n%v", tt.body, got, tt.want)
			}
		})
	}
}

// TestRESTMarshalerErrorsDoNotQuoteValues checks that a decoding error never
// repeats a field's value (it may be a password).
func TestRESTMarshalerErrorsDoNotQuoteValues(t *testing.T) {
	for _, body := range []string{
		`{"user": {"password": ["hunter2-secret"]}}`,
		`{"user": {"password": {"x": "hunter2-secret"}}}`,
		`{"user": {"custom": "hunter2-secret"}}`,
		`{"user": "hunter2-secret"}`,
	} {
		err := restMarshaler{}.Unmarshal([]byte(body), &arv2.CreateUserRequest{})
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Unmarshal(%s) = %v", body, err)
		}
	}
}

func TestRESTMarshalerUnmarshalNotProto(t *testing.T) {
	var got map[string]any
	if err := (restMarshaler{}).Unmarshal([]byte(`{"force": true}`), &got); err != nil || got["force"] != true {
		t.Fatalf("Unmarshal = %v, %v", got, err)
	}
	if err := (restMarshaler{}).Unmarshal([]byte(`{`), &got); err == nil {
		t.Fatal("Unmarshal of malformed JSON into a map: no error")
	}
}

// TestRESTMarshalerNewDecoder checks the request-body decoder grpc-gateway
// uses, with its size limit.
func TestRESTMarshalerNewDecoder(t *testing.T) {
	const limit = 64
	user := `{"user": {"email": "ann@example.com"}}`
	atLimit := `{"user": {"email": "ann@example.com"}}` + strings.Repeat(" ", limit-len(user))
	tests := []struct {
		name     string
		maxBytes int64
		body     string
		want     proto.Message
		wantErr  string
		tooLarge bool
	}{
		{name: "root element", maxBytes: limit, body: user,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com")}}},
		{name: "exactly maxBytes", maxBytes: limit, body: atLimit,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com")}}},
		{name: "one byte over maxBytes", maxBytes: limit, body: atLimit + " ",
			wantErr: "arjson: input exceeds size limit of 64 bytes", tooLarge: true},
		{name: "far over maxBytes", maxBytes: limit, body: `{"user": {"email": "` + strings.Repeat("a", 10000) + `"}}`,
			wantErr: "arjson: input exceeds size limit of 64 bytes", tooLarge: true},
		{name: "maxBytes 0 means arjson's default", maxBytes: 0, body: `{"user": {"email": "` + strings.Repeat("a", 100000) + `"}}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(strings.Repeat("a", 100000))}}},
		{name: "empty body is an empty request, not io.EOF", maxBytes: limit, body: ``, want: &arv2.CreateUserRequest{}},
		{name: "malformed", maxBytes: limit, body: `{"user": `, wantErr: "arjson: invalid JSON: unexpected end of input"},
		{name: "wrong type", maxBytes: limit, body: `{"user": {"email": true}}`, wantErr: "arjson: user.email: expected string, got boolean"},
		{name: "invalid UTF-8", maxBytes: limit, body: "{\"user\": {\"email\": \"\xc3\x28\"}}", wantErr: "arjson: invalid UTF-8 in input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := &arv2.CreateUserRequest{}
			err := restMarshaler{maxBytes: tt.maxBytes}.NewDecoder(strings.NewReader(tt.body)).Decode(got)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Decode = %v, want error %q", err, tt.wantErr)
				}
				if errors.Is(err, arjson.ErrTooLarge) != tt.tooLarge {
					t.Errorf("errors.Is(%v, ErrTooLarge) = %v, want %v", err, !tt.tooLarge, tt.tooLarge)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !proto.Equal(got, tt.want) {
				t.Errorf("Decode =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}

	t.Run("read error", func(t *testing.T) {
		err := restMarshaler{maxBytes: limit}.NewDecoder(io.MultiReader(strings.NewReader(`{"user"`), errReader{})).Decode(&arv2.CreateUserRequest{})
		if err == nil || !strings.Contains(err.Error(), "reading input") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("Decode = %v, want a read error", err)
		}
	})
	t.Run("not a proto message", func(t *testing.T) {
		var got map[string]any
		if err := (restMarshaler{maxBytes: limit}).NewDecoder(strings.NewReader(`{"force": true}`)).Decode(&got); err != nil || got["force"] != true {
			t.Fatalf("Decode = %v, %v", got, err)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

func TestRESTMarshalerContentTypeAndEncoder(t *testing.T) {
	rm := restMarshaler{maxBytes: 10}
	for _, v := range []any{nil, &arv2.User{}, map[string]any{}} {
		if ct := rm.ContentType(v); ct != "application/json" {
			t.Errorf("ContentType(%T) = %q", v, ct)
		}
	}
	var buf bytes.Buffer
	if err := rm.NewEncoder(&buf).Encode(&arv2.Token{Object: "token", Token: "t"}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != `{"object":"token","token":"t"}` {
		t.Errorf("Encode = %s", got)
	}
	if err := rm.NewEncoder(&buf).Encode(&arv2.Token{Token: "\xff"}); err == nil {
		t.Error("Encode of invalid UTF-8: no error")
	}
}

// TestNormalizeQuery checks the array forms of authrocket-api.md §2.4.
func TestNormalizeQuery(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", ""},
		{"no brackets: unchanged, not re-sorted", "state=active&realm_id=rl_1", "state=active&realm_id=rl_1"},
		{"no brackets, plus and escapes kept", "email=a%2Bb%40c.d&q=x+y", "email=a%2Bb%40c.d&q=x+y"},
		{"Ruby/axios k[]=v", "expand[]=custom", "expand=custom"},
		{"k[]=v twice keeps order", "expand[]=custom&expand[]=notifications", "expand=custom&expand=notifications"},
		{"escaped k%5B%5D=v", "expand%5B%5D=custom", "expand=custom"},
		{"half escaped", "expand%5B]=custom", "expand=custom"},
		{"PHP k[0]=v", "expand[0]=custom", "expand=custom"},
		{"PHP escaped k%5B0%5D=v", "expand%5B0%5D=custom", "expand=custom"},
		{"multi-digit index", "expand[12]=custom", "expand=custom"},
		{"mixed with plain keys, order kept", "realm_id=rl_1&expand[]=custom&max_results=1", "realm_id=rl_1&expand=custom&max_results=1"},
		{"values kept as sent", "expand[]=a%20b&email=a%2Bb%40c.d", "expand=a%20b&email=a%2Bb%40c.d"},
		{"hash key k[sub] is not an index", "user[name]=ann", "user[name]=ann"},
		{"PHP indexed array keeps its order", "k[0]=a&k[1]=b&k[2]=c&k[10]=d", "k=a&k=b&k=c&k=d"},
		{"Ruby's empty array k[] is no value", "expand[]&state=active", "state=active"},
		{"empty element dropped", "expand[]=&expand[]=custom", "expand=custom"},
		{"lowercase escapes", "expand%5b%5d=custom", "expand=custom"},
		{"only a trailing index is removed", "a[0][1]=x", "a%5B0%5D=x"},
		{"malformed escape left for grpc-gateway", "a=%zz&expand[]=custom", "a=%zz&expand[]=custom"},
		{"semicolon left for grpc-gateway", "expand[]=a;b", "expand[]=a;b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeQuery(tt.raw); got != tt.want {
				t.Errorf("normalizeQuery(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// TestDeleteBodyToQuery checks the PHP SDK's DELETE body (authrocket-api.md
// §2.4): {"force": true} reads as ?force=true.
func TestDeleteBodyToQuery(t *testing.T) {
	tests := []struct {
		name          string
		query         string
		contentType   string
		body          string
		unknownLength bool
		readErr       bool // the body fails after its bytes
		wantQuery     string
		wantErr       string
	}{
		{name: "no body", query: "force=true", wantQuery: "force=true"},
		{name: "no body, query not re-encoded", query: "b=1&a=2", wantQuery: "b=1&a=2"},
		{name: "PHP force", body: `{"force": true}`, contentType: "application/json", wantQuery: "force=true"},
		{name: "no Content-Type", body: `{"force": false}`, wantQuery: "force=false"},
		{name: "JSON with charset", body: `{"force": true}`, contentType: "application/json; charset=utf-8", wantQuery: "force=true"},
		{name: "unknown length", body: `{"force": true}`, unknownLength: true, wantQuery: "force=true"},
		{name: "scalars of each type; nested values and null dropped", contentType: "application/json",
			body:      `{"force": true, "realm_id": "rl_1", "max_results": 10, "ratio": 0.5, "nested": {"a": 1}, "list": [1], "none": null}`,
			wantQuery: "force=true&max_results=10&ratio=0.5&realm_id=rl_1"},
		{name: "merged with the query", query: "realm_id=rl_1", body: `{"force": true}`, wantQuery: "force=true&realm_id=rl_1"},
		{name: "the query wins over the body", query: "force=false", body: `{"force": true}`, wantQuery: "force=false"},
		{name: "the query wins, even empty", query: "force=", body: `{"force": true}`, wantQuery: "force="},
		{name: "whitespace body", query: "force=true", body: " \n", wantQuery: "force=true"},
		{name: "empty body of unknown length", query: "force=true", unknownLength: true, wantQuery: "force=true"},
		{name: "JSON null", query: "force=true", body: `null`, wantQuery: "force=true"},
		{name: "empty object", body: `{}`, wantQuery: ""},

		{name: "form body", body: `force=true`, contentType: "application/x-www-form-urlencoded", wantErr: "a DELETE body must be JSON"},
		{name: "text body", body: `{"force": true}`, contentType: "text/plain", wantErr: "a DELETE body must be JSON"},
		{name: "malformed Content-Type", body: `{"force": true}`, contentType: "application/json; =", wantErr: "a DELETE body must be JSON"},
		{name: "array", body: `[{"force": true}]`, wantErr: "a DELETE body must be a JSON object"},
		{name: "string", body: `"force"`, wantErr: "a DELETE body must be a JSON object"},
		{name: "number", body: `1`, wantErr: "a DELETE body must be a JSON object"},
		{name: "malformed JSON", body: `{"force": true`, wantErr: "a DELETE body must be a JSON object"},
		{name: "read error", body: `{"force"`, unknownLength: true, readErr: true, wantErr: "reading the body: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.readErr {
				body = io.MultiReader(body, errReader{})
			}
			if tt.unknownLength {
				body = io.MultiReader(body) // hides the length from NewRequest
			}
			r := httptest.NewRequest(http.MethodDelete, "/v2/orgs/org_1?"+tt.query, body)
			if tt.query == "" {
				r.URL.RawQuery = ""
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			if tt.unknownLength && r.ContentLength != -1 {
				t.Fatalf("ContentLength = %d, want -1", r.ContentLength)
			}
			err := deleteBodyToQuery(r)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("deleteBodyToQuery = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("deleteBodyToQuery: %v", err)
			}
			if r.URL.RawQuery != tt.wantQuery {
				t.Errorf("query = %q, want %q", r.URL.RawQuery, tt.wantQuery)
			}
			if tt.body != "" || tt.unknownLength {
				if r.ContentLength != 0 || r.Body != http.NoBody {
					t.Errorf("body not consumed: ContentLength %d, Body %T", r.ContentLength, r.Body)
				}
			}
		})
	}
}

// TestFlattenObjectOneof checks that users/:id/authenticate answers with the
// Session or Token itself, as AuthRocket does (authrocket-api.md §3.1).
func TestFlattenObjectOneof(t *testing.T) {
	session := &arv2.Session{Object: "session", Id: "kss_1", UserId: "usr_1", Token: proto.String("eyJ.a.b")}
	token := &arv2.Token{Object: "token", Token: "tmf:abc", UserId: proto.String("usr_1")}
	tests := []struct {
		name string
		in   proto.Message
		want proto.Message
		json string
	}{
		{"session", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: session}}, session,
			`{"object":"session","id":"kss_1","user_id":"usr_1","token":"eyJ.a.b"}`},
		{"token", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Token{Token: token}}, token,
			`{"object":"token","token":"tmf:abc","user_id":"usr_1"}`},
		{"empty session", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: &arv2.Session{}}}, &arv2.Session{},
			`{"object":"","id":"","user_id":""}`},
		{"neither member: unchanged", &arv2.AuthenticateUserResponse{}, &arv2.AuthenticateUserResponse{}, `{}`},
		{"ordinary response: unchanged", &arv2.GetUserResponse{User: &arv2.User{Id: "usr_1"}}, &arv2.GetUserResponse{User: &arv2.User{Id: "usr_1"}}, ""},
		{"list: unchanged", &arv2.ListOrgsResponse{MoreResults: true}, &arv2.ListOrgsResponse{MoreResults: true}, ""},
		{"message with optional fields (synthetic oneofs): unchanged", token, token, ""},
		{"session: unchanged", session, session, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flattenObjectOneof(context.Background(), tt.in)
			if err != nil {
				t.Fatal(err)
			}
			gm, ok := got.(proto.Message)
			if !ok || !proto.Equal(gm, tt.want) || gm.ProtoReflect().Descriptor() != tt.want.ProtoReflect().Descriptor() {
				t.Fatalf("flattenObjectOneof = %T %v, want %T %v", got, got, tt.want, tt.want)
			}
			if tt.json == "" {
				return
			}
			b, err := restMarshaler{}.Marshal(got)
			if err != nil || string(b) != tt.json {
				t.Errorf("Marshal = %s, %v; want %s", b, err, tt.json)
			}
		})
	}
}

func TestIncomingHeader(t *testing.T) {
	tests := []struct {
		key  string
		want string
		ok   bool
	}{
		{"Authrocket-Api-Key", "authrocket-api-key", true},
		{"authrocket-api-key", "authrocket-api-key", true},
		{"AUTHROCKET-API-KEY", "authrocket-api-key", true},
		{"Authrocket-Realm", "authrocket-realm", true},
		{"Accept-Language", "accept-language", true},
		{"X-Request-Id", "x-request-id", true},
		{"x-request-id", "x-request-id", true},
		// Authorization is forwarded by grpc-gateway itself.
		{"Authorization", "", false},
		{"X-Gateway-Request-Id", "", false},
		{"X-Authrocket-Api-Key", "", false},
		{"X-Authrocket-Realm", "", false},
		{"Authrocket-Service", "", false},
		{"Content-Type", "", false},
		{"Cookie", "", false},
		{"Grpc-Metadata-Authrocket-Realm", "", false},
		{"Authrocket-Http-Status", "", false},
		{"Authrocket-Request-Id", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := incomingHeader(tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("incomingHeader(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsJSON(t *testing.T) {
	tests := []struct {
		ct   string
		want bool
	}{
		{"", true},
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON", true},
		{"application/vnd.api+json", true},
		{"application/merge-patch+json; charset=utf-8", true},
		{"application/x-www-form-urlencoded", false},
		{"multipart/form-data; boundary=x", false},
		{"text/plain", false},
		{"text/json", false},
		{"application/jsonx", false},
		{"application/json-seq", false},
		{"json", false},
		{"application/json; =", false},
		{";", false},
	}
	for _, tt := range tests {
		if got := isJSON(tt.ct); got != tt.want {
			t.Errorf("isJSON(%q) = %v, want %v", tt.ct, got, tt.want)
		}
	}
}

// restErrorBody is the error body of the REST facade (DESIGN.md §4.3).
type restErrorBody struct {
	Errors  []string          `json:"errors"`
	Code    codes.Code        `json:"code"`
	Message string            `json:"message"`
	Details []json.RawMessage `json:"details"`
}

func decodeErrorBody(t *testing.T, rec *httptest.ResponseRecorder) restErrorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &keys); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	for k := range keys {
		if !slices.Contains([]string{"errors", "code", "message", "details"}, k) {
			t.Errorf("unexpected key %q in %s", k, rec.Body)
		}
	}
	var b restErrorBody
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	return b
}

// detailsOf returns the "@type" suffix of each detail, e.g. "ErrorInfo".
func detailsOf(t *testing.T, b restErrorBody) []string {
	t.Helper()
	var out []string
	for _, d := range b.Details {
		var a struct {
			Type string `json:"@type"`
		}
		if err := json.Unmarshal(d, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimPrefix(a.Type, "type.googleapis.com/google.rpc."))
	}
	return out
}

// withDetails returns status code/msg with details.
func withDetails(t *testing.T, code codes.Code, msg string, details ...protoadapt.MessageV1) *status.Status {
	t.Helper()
	st, err := status.New(code, msg).WithDetails(details...)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// upstreamInfo is an ErrorInfo like the one upstreamStatus writes.
func upstreamInfo(httpStatus string) *errdetails.ErrorInfo {
	return &errdetails.ErrorInfo{Reason: "X", Domain: ErrorDomain, Metadata: map[string]string{metaHTTPStatus: httpStatus, metaGatewayRequestID: "gw-1"}}
}

// TestWriteErrorHTTPStatus checks the REST status of an error: the status
// given, else AuthRocket's 400/402/404/409/422/429 kept from the ErrorInfo,
// else the gRPC code's (DESIGN.md §4.3).
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
		{name: "no httpStatus in the ErrorInfo", st: withDetails(t, codes.NotFound, "m", &errdetails.ErrorInfo{Reason: "X", Domain: ErrorDomain}), want: 404},

		// An explicit status wins.
		{name: "explicit status over the code", st: status.New(codes.InvalidArgument, "m"), httpStatus: 413, want: 413},
		{name: "explicit status over the ErrorInfo", st: withDetails(t, codes.InvalidArgument, "m", upstreamInfo("422")), httpStatus: 405, want: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/v2/users/usr_1", nil)
			r.Header.Set(headerRequestID, "gw-1")
			writeError(rec, r, tt.st, tt.httpStatus)
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
			&errdetails.ErrorInfo{Reason: "INVALID_REQUEST", Domain: ErrorDomain, Metadata: map[string]string{metaGatewayRequestID: "gw-1"}}, badRequest),
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
			r := httptest.NewRequest(http.MethodPost, "/v2/users", nil)
			r.Header.Set(headerRequestID, "gw-42")
			writeError(rec, r, tt.st, 0)
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
				if info.Reason != tt.reason || info.Domain != ErrorDomain || info.Metadata[metaGatewayRequestID] != "gw-42" {
					t.Errorf("ErrorInfo = %s", b.Details[0])
				}
				var ri struct {
					RequestID string `json:"requestId"`
				}
				if err := json.Unmarshal(b.Details[1], &ri); err != nil || ri.RequestID != "gw-42" {
					t.Errorf("RequestInfo = %s", b.Details[1])
				}
			} else if info.Metadata[metaGatewayRequestID] != "gw-1" {
				t.Errorf("the status's own ErrorInfo was not kept: %s", b.Details[0])
			}
		})
	}
}

// TestRESTError checks grpc-gateway's error hook: HTTPStatusError,
// AuthRocket's request ID from the call's header metadata.
func TestRESTError(t *testing.T) {
	withAR := func(id string) context.Context {
		return runtime.NewServerMetadataContext(context.Background(), runtime.ServerMetadata{
			HeaderMD: metadata.Pairs(mdAuthRocketRequestID, id, mdAuthRocketStatus, "404"),
		})
	}
	tests := []struct {
		name       string
		ctx        context.Context
		err        error
		wantStatus int
		wantCode   codes.Code
		wantErrors []string
		wantReqID  string
	}{
		{name: "status error", ctx: context.Background(), err: status.Error(codes.PermissionDenied, "caller may not call GetUser"),
			wantStatus: 403, wantCode: codes.PermissionDenied, wantErrors: []string{"caller may not call GetUser"}, wantReqID: "gw-7"},
		{name: "AuthRocket's request ID", ctx: withAR("ar-7"),
			err:        withDetails(t, codes.NotFound, "Not found", upstreamInfo("404")).Err(),
			wantStatus: 404, wantCode: codes.NotFound, wantErrors: []string{"Not found"}, wantReqID: "ar-7"},
		{name: "metadata without AuthRocket's request ID", ctx: runtime.NewServerMetadataContext(context.Background(), runtime.ServerMetadata{HeaderMD: metadata.Pairs("other", "x")}),
			err: status.Error(codes.Unavailable, "down"), wantStatus: 503, wantCode: codes.Unavailable, wantErrors: []string{"down"}, wantReqID: "gw-7"},
		{name: "HTTPStatusError over a status", ctx: context.Background(),
			err:        &runtime.HTTPStatusError{HTTPStatus: http.StatusMethodNotAllowed, Err: status.Error(codes.Unimplemented, http.StatusText(http.StatusMethodNotAllowed))},
			wantStatus: 405, wantCode: codes.Unimplemented, wantErrors: []string{"Method Not Allowed"}, wantReqID: "gw-7"},
		{name: "HTTPStatusError over a plain error (malformed path escape)", ctx: context.Background(),
			err:        &runtime.HTTPStatusError{HTTPStatus: http.StatusBadRequest, Err: errors.New("malformed path escape")},
			wantStatus: 400, wantCode: codes.Unknown, wantErrors: []string{"malformed path escape"}, wantReqID: "gw-7"},
		{name: "wrapped HTTPStatusError", ctx: context.Background(),
			err:        fmt.Errorf("routing: %w", &runtime.HTTPStatusError{HTTPStatus: http.StatusNotFound, Err: status.Error(codes.NotFound, "Not Found")}),
			wantStatus: 404, wantCode: codes.NotFound, wantErrors: []string{"Not Found"}, wantReqID: "gw-7"},
		{name: "plain error", ctx: context.Background(), err: errors.New("boom"),
			wantStatus: 500, wantCode: codes.Unknown, wantErrors: []string{"boom"}, wantReqID: "gw-7"},
		{name: "decoding error from a generated handler", ctx: context.Background(),
			err:        status.Errorf(codes.InvalidArgument, "%v", errors.New("arjson: user.email: expected string, got number")),
			wantStatus: 400, wantCode: codes.InvalidArgument, wantErrors: []string{"arjson: user.email: expected string, got number"}, wantReqID: "gw-7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			// As restMiddleware leaves them.
			rec.Header().Set(headerRequestID, "gw-7")
			rec.Header().Set(headerGatewayRequestID, "gw-7")
			r := httptest.NewRequest(http.MethodGet, "/v2/users/usr_1", nil)
			r.Header.Set(headerRequestID, "gw-7")
			restError(tt.ctx, nil, restMarshaler{}, rec, r, tt.err)
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
		})
	}
}

var hexRequestID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestRESTMiddleware runs restMiddleware over a handler that records what
// grpc-gateway would see.
func TestRESTMiddleware(t *testing.T) {
	const maxBytes = 32
	type seen struct {
		called    bool
		requestID string
		rawQuery  string
		body      string
		readErr   error
		realms    []string
	}
	longID := strings.Repeat("a", 128)
	tests := []struct {
		name          string
		method        string
		target        string
		requestID     string // "" sends none
		contentType   string
		body          string
		unknownLength bool
		contentLength int64 // overrides the request's when > 0
		realmHeaders  []string

		wantStatus    int
		wantRequestID string // "new" for a fresh gateway ID
		wantQuery     string
		wantBody      string
		wantErrors    []string
		wantReadErr   bool
		wantRealms    []string // the Authrocket-Realm headers the handler sees
	}{
		{name: "caller's request ID kept", method: "GET", target: "/v2/users/usr_1", requestID: "req-1:a.B_9",
			wantStatus: 200, wantRequestID: "req-1:a.B_9"},
		{name: "128-character request ID kept", method: "GET", target: "/v2/users/usr_1", requestID: longID,
			wantStatus: 200, wantRequestID: longID},
		{name: "129-character request ID replaced", method: "GET", target: "/v2/users/usr_1", requestID: longID + "a",
			wantStatus: 200, wantRequestID: "new"},
		{name: "request ID with a space replaced", method: "GET", target: "/v2/users/usr_1", requestID: "req 1",
			wantStatus: 200, wantRequestID: "new"},
		{name: "request ID with a slash replaced", method: "GET", target: "/v2/users/usr_1", requestID: "req/1",
			wantStatus: 200, wantRequestID: "new"},
		{name: "non-ASCII request ID replaced", method: "GET", target: "/v2/users/usr_1", requestID: "réq",
			wantStatus: 200, wantRequestID: "new"},
		{name: "no request ID", method: "GET", target: "/v2/users/usr_1",
			wantStatus: 200, wantRequestID: "new"},

		{name: "query arrays normalized", method: "GET", target: "/v2/orgs?expand[]=custom&realm_id=rl_1",
			wantStatus: 200, wantRequestID: "new", wantQuery: "expand=custom&realm_id=rl_1"},
		{name: "plain query untouched", method: "GET", target: "/v2/orgs?state=active&realm_id=rl_1",
			wantStatus: 200, wantRequestID: "new", wantQuery: "state=active&realm_id=rl_1"},

		{name: "body at the limit passes", method: "POST", target: "/v2/users", body: strings.Repeat("x", maxBytes),
			wantStatus: 200, wantRequestID: "new", wantBody: strings.Repeat("x", maxBytes)},
		{name: "Content-Length over the limit: 413", method: "POST", target: "/v2/users", requestID: "req-2", body: strings.Repeat("x", maxBytes+1),
			wantStatus: 413, wantRequestID: "req-2", wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "declared Content-Length over the limit: 413 before reading", method: "PUT", target: "/v2/users/usr_1", body: "{}", contentLength: 1 << 30,
			wantStatus: 413, wantRequestID: "new", wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "DELETE Content-Length over the limit: 413", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": true, "pad": "` + strings.Repeat("x", maxBytes) + `"}`,
			wantStatus: 413, wantRequestID: "new", wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "unknown length under the limit", method: "POST", target: "/v2/users", body: "{}", unknownLength: true,
			wantStatus: 200, wantRequestID: "new", wantBody: "{}"},
		{name: "unknown length over the limit: MaxBytesReader", method: "POST", target: "/v2/users", body: strings.Repeat("x", maxBytes+1), unknownLength: true,
			wantStatus: 200, wantRequestID: "new", wantBody: strings.Repeat("x", maxBytes), wantReadErr: true},

		{name: "DELETE body moved to the query", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": true}`, contentType: "application/json",
			wantStatus: 200, wantRequestID: "new", wantQuery: "force=true"},
		{name: "DELETE query wins over the body", method: "DELETE", target: "/v2/orgs/org_1?force=false", body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "new", wantQuery: "force=false"},
		{name: "DELETE body and bracketed query", method: "DELETE", target: "/v2/orgs/org_1?expand[]=custom", body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "new", wantQuery: "expand=custom&force=true"},
		{name: "DELETE without a body", method: "DELETE", target: "/v2/orgs/org_1?force=true",
			wantStatus: 200, wantRequestID: "new", wantQuery: "force=true"},
		{name: "DELETE non-JSON body: 400", method: "DELETE", target: "/v2/orgs/org_1", requestID: "req-3", body: `force=true`, contentType: "application/x-www-form-urlencoded",
			wantStatus: 400, wantRequestID: "req-3", wantErrors: []string{"a DELETE body must be JSON"}},
		{name: "DELETE array body: 400", method: "DELETE", target: "/v2/orgs/org_1", body: `[true]`,
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"a DELETE body must be a JSON object"}},
		{name: "POST body not moved", method: "POST", target: "/v2/orgs", body: `{"org": {"name": "W"}}`,
			wantStatus: 200, wantRequestID: "new", wantBody: `{"org": {"name": "W"}}`},

		// A POST's or PUT's ?realm_id= becomes the Authrocket-Realm header;
		// two different ones are refused, as on a GET, never one of them
		// taken.
		{name: "POST realm_id in the query", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}",
			wantStatus: 200, wantRequestID: "new", wantQuery: "realm_id=rl_a", wantBody: "{}", wantRealms: []string{"rl_a"}},
		{name: "POST realm_id twice, the same", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=rl_a", body: "{}",
			wantStatus: 200, wantRequestID: "new", wantQuery: "realm_id=rl_a&realm_id=rl_a", wantBody: "{}", wantRealms: []string{"rl_a"}},
		{name: "POST realm_id twice, different: 400", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=rl_b", body: "{}",
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "PUT realm_id twice, different, as an array: 400", method: "PUT", target: "/v2/users/usr_1?realm_id[]=rl_a&realm_id[]=rl_b", body: "{}",
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "POST realm_id twice, one empty: 400", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=", body: "{}",
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "POST realm_id and the same header", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}", realmHeaders: []string{"rl_a"},
			wantStatus: 200, wantRequestID: "new", wantQuery: "realm_id=rl_a", wantBody: "{}", wantRealms: []string{"rl_a"}},
		{name: "POST realm_id and a second header of another realm: 400", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}", realmHeaders: []string{"rl_a", "rl_b"},
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"realm_id in the query and the Authrocket-Realm header disagree"}},
		{name: "POST realm_id not a realm ID: 400", method: "POST", target: "/v2/users?realm_id=rl_a%0d%0aX:%201", body: "{}",
			wantStatus: 400, wantRequestID: "new", wantErrors: []string{"realm_id in the query is not a realm ID (rl_ and 1 to 64 letters or digits)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			h := restMiddleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got.called = true
				got.requestID = r.Header.Get(headerRequestID)
				got.rawQuery = r.URL.RawQuery
				got.realms = r.Header.Values(mdRealm)
				b, err := io.ReadAll(r.Body)
				got.body, got.readErr = string(b), err
				w.WriteHeader(http.StatusOK)
			}), maxBytes)
			var body io.Reader = strings.NewReader(tt.body)
			if tt.unknownLength {
				body = io.MultiReader(body)
			}
			r := httptest.NewRequest(tt.method, tt.target, body)
			if tt.contentLength > 0 {
				r.ContentLength = tt.contentLength
			}
			if tt.requestID != "" {
				r.Header.Set(headerRequestID, tt.requestID)
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			for _, h := range tt.realmHeaders {
				r.Header.Add(mdRealm, h)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)

			if rec.Code != tt.wantStatus {
				t.Fatalf("HTTP %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			id, gwID := rec.Header().Get(headerRequestID), rec.Header().Get(headerGatewayRequestID)
			if id != gwID {
				t.Errorf("%s %q != %s %q", headerRequestID, id, headerGatewayRequestID, gwID)
			}
			switch tt.wantRequestID {
			case "new":
				if !hexRequestID.MatchString(id) || id == tt.requestID {
					t.Errorf("request ID %q, want a fresh one", id)
				}
			default:
				if id != tt.wantRequestID {
					t.Errorf("request ID %q, want %q", id, tt.wantRequestID)
				}
			}
			if tt.wantErrors != nil {
				if got.called {
					t.Error("the handler was called")
				}
				b := decodeErrorBody(t, rec)
				if b.Code != codes.InvalidArgument || !reflect.DeepEqual(b.Errors, tt.wantErrors) {
					t.Errorf("code %d, errors %q; want %d, %q", b.Code, b.Errors, codes.InvalidArgument, tt.wantErrors)
				}
				var info struct {
					Reason   string            `json:"reason"`
					Metadata map[string]string `json:"metadata"`
				}
				if err := json.Unmarshal(b.Details[0], &info); err != nil || info.Reason != "INVALID_REQUEST" || info.Metadata[metaGatewayRequestID] != id {
					t.Errorf("ErrorInfo %s, want reason INVALID_REQUEST and the request's ID %q", b.Details[0], id)
				}
				return
			}
			if !got.called {
				t.Fatal("the handler was not called")
			}
			if got.requestID != id {
				t.Errorf("the handler saw request ID %q, the response says %q", got.requestID, id)
			}
			if got.rawQuery != tt.wantQuery {
				t.Errorf("the handler saw query %q, want %q", got.rawQuery, tt.wantQuery)
			}
			if got.body != tt.wantBody {
				t.Errorf("the handler read %q, want %q", got.body, tt.wantBody)
			}
			if !slices.Equal(got.realms, tt.wantRealms) {
				t.Errorf("the handler saw Authrocket-Realm %q, want %q", got.realms, tt.wantRealms)
			}
			var mbe *http.MaxBytesError
			if tt.wantReadErr != errors.As(got.readErr, &mbe) {
				t.Errorf("read error %v, want a MaxBytesError: %v", got.readErr, tt.wantReadErr)
			}
		})
	}
}

// TestRESTMiddlewareFreshIDs checks that generated request IDs differ.
func TestRESTMiddlewareFreshIDs(t *testing.T) {
	h := restMiddleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), 10)
	ids := map[string]bool{}
	for range 100 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v2/users", nil))
		ids[rec.Header().Get(headerRequestID)] = true
	}
	if len(ids) != 100 {
		t.Fatalf("%d distinct IDs in 100 requests", len(ids))
	}
}

// TestEveryServiceHasREST keeps restHandlers complete: every service of
// APIPackage has a REST registration and every registration a service, and
// each registration serves its own service's routes.
func TestEveryServiceHasREST(t *testing.T) {
	var services []string
	for _, sd := range servedServices() {
		services = append(services, string(sd.FullName()))
	}
	var registered []string
	for name := range restHandlers {
		registered = append(registered, name)
	}
	slices.Sort(services)
	slices.Sort(registered)
	if len(services) == 0 {
		t.Fatal("no services in package authrocket.v2")
	}
	if !slices.Equal(services, registered) {
		t.Fatalf("services of %s: %v\nrestHandlers: %v", APIPackage, services, registered)
	}

	// A gRPC server without services: a routed call reaches it and gets
	// Unimplemented (501); an unrouted one gets 404 from grpc-gateway.
	lis := bufconn.Listen(1 << 16)
	gs := grpc.NewServer()
	go func() { _ = gs.Serve(lis) }()
	t.Cleanup(gs.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	param := regexp.MustCompile(`\{[^}]*\}`)
	for _, sd := range apiServices() {
		mux := runtime.NewServeMux()
		if err := restHandlers[string(sd.FullName())](context.Background(), mux, conn); err != nil {
			t.Fatalf("%s: %v", sd.FullName(), err)
		}
		for i := 0; i < sd.Methods().Len(); i++ {
			md := sd.Methods().Get(i)
			rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
			if rule == nil {
				t.Errorf("%s has no google.api.http rule", md.FullName())
				continue
			}
			method, path := httpRule(rule)
			if method == "" {
				t.Errorf("%s: unsupported rule %v", md.FullName(), rule)
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			r := httptest.NewRequestWithContext(ctx, method, param.ReplaceAllString(path, "x"), strings.NewReader("{}"))
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, r)
			cancel()
			if rec.Code != http.StatusNotImplemented {
				t.Errorf("%s: %s %s answered %d, want 501 from the gRPC server (%s)", md.FullName(), method, path, rec.Code, rec.Body)
			}
		}
	}
}

func httpRule(r *annotations.HttpRule) (method, path string) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return http.MethodGet, p.Get
	case *annotations.HttpRule_Post:
		return http.MethodPost, p.Post
	case *annotations.HttpRule_Put:
		return http.MethodPut, p.Put
	case *annotations.HttpRule_Delete:
		return http.MethodDelete, p.Delete
	case *annotations.HttpRule_Patch:
		return http.MethodPatch, p.Patch
	}
	return "", ""
}
