package rest

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	"github.com/authrocket-gateway/gateway/call"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestMarshal checks that the REST facade's response bodies are shaped as
// AuthRocket's: flat snake_case objects, epoch-second timestamps,
// lists as {"collection", "more_results"}.
func TestMarshal(t *testing.T) {
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
		`"custom":{"plan":"pro"},"created_at":1423941493.701,"last_login_at":1735689600.0,` +
		`"credentials":[{"object":"credential","id":"crd_1","user_id":"usr_0v1zUpWdE4IxVDOTnkFOrr",` +
		`"credential_type":"password","state":"active","name":"Password","auth_provider_id":"ap_1","created_at":1735689600.05}]}`
	// A row, like an embedded object, leaves out what AuthRocket writes
	// only in a single object (an empty credentials list).
	rowJSON := fullUserJSON
	org := func(id string) *arv2.Org {
		return &arv2.Org{Object: "org", Id: id, RealmId: "rl_1", Name: proto.String("Widgets Inc"),
			State: proto.String("active"), Reference: proto.String("r"), CreatedAt: ts(1735689600, 0, 0)}
	}
	orgJSON := func(id string) string {
		return `{"object":"org","id":"` + id + `","realm_id":"rl_1","name":"Widgets Inc","state":"active","reference":"r","created_at":1735689600.0}`
	}
	membership := &arv2.Membership{
		Object: "membership", Id: "mb_1", OrgId: "org_1", UserId: "usr_1",
		Permissions: []string{"admin", "billing:*"}, Selected: proto.Bool(true),
		ExpiresAt: ts(1735776000, 0, 0), CreatedAt: ts(1735689600, 123, 0),
		Org: org("org_1"),
	}
	const membershipJSON = `{"object":"membership","id":"mb_1","org_id":"org_1","user_id":"usr_1",` +
		`"permissions":["admin","billing:*"],"selected":true,"expires_at":1735776000,"created_at":1735689600.123,` +
		`"org":{"object":"org","id":"org_1","realm_id":"rl_1","name":"Widgets Inc","state":"active","reference":"r","custom":null,"created_at":1735689600.0}}`

	tests := []struct {
		name    string
		in      proto.Message
		want    string
		wantErr string
	}{
		{name: "user, every field", in: fullUser, want: fullUserJSON},
		{name: "org with custom Struct, keys sorted", in: &arv2.Org{Object: "org", Id: "org_1", RealmId: "rl_1",
			Name: proto.String("W"), State: proto.String("active"), Reference: proto.String("r"), Custom: custom, CreatedAt: ts(1735689600, 0, 0)},
			want: `{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":"active","reference":"r",` +
				`"custom":{"Zeta":"case-sensitive keys sort bytewise","nested":{"a":null,"b":"x"},"plan":"pro","ratio":0.25,"seats":5,"tags":["a",1,true,null],"trial":false},` +
				`"created_at":1735689600.0}`},
		{name: "org without custom: null in a single object", in: org("org_2"),
			want: strings.Replace(orgJSON("org_2"), `"created_at"`, `"custom":null,"created_at"`, 1)},
		{name: "org with an empty custom", in: &arv2.Org{Object: "org", Id: "org_3", RealmId: "rl_1", Custom: &structpb.Struct{}},
			want: `{"object":"org","id":"org_3","realm_id":"rl_1","name":null,"state":null,"reference":null,"custom":{},"created_at":null}`},
		{name: "membership with an embedded org", in: membership, want: membershipJSON},
		{name: "membership without permissions emits []", in: &arv2.Membership{Object: "membership", Id: "mb_2", OrgId: "org_1", UserId: "usr_1",
			Selected: proto.Bool(false), ExpiresAt: ts(1735776000, 0, 0), CreatedAt: ts(1735689600, 0, 0)},
			want: `{"object":"membership","id":"mb_2","org_id":"org_1","user_id":"usr_1","permissions":[],"selected":false,"expires_at":1735776000,"created_at":1735689600.0}`},
		{name: "user list", in: &arv2.ListUsersResponse{Collection: []*arv2.User{fullUser, fullUser}, MoreResults: true},
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
				`"created_at":1735689600.0,"expires_at":1735776000,"request":{"ip":"10.0.0.1","client":"MyApp/1.0"}}`},
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
			got, err := marshal(tt.in.ProtoReflect(), nil)
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

// TestMarshalTimestamps checks the form of a created_at (json_time FLOAT):
// epoch seconds, always with a fraction and no trailing zeros, as
// AuthRocket writes it (sub-millisecond parts are floored).
func TestMarshalTimestamps(t *testing.T) {
	tests := []struct {
		ts   *timestamppb.Timestamp
		want string
	}{
		{ts(1735689600, 0, 0), `1735689600.0`},
		{ts(1423941493, 701, 0), `1423941493.701`},
		{ts(1423941493, 701, 999_999), `1423941493.701`},
		{ts(1735689600, 50, 0), `1735689600.05`},
		{ts(1735689600, 1, 0), `1735689600.001`},
		{ts(1735689600, 0, 999_999), `1735689600.0`},
		{ts(0, 0, 0), `0.0`},
		{ts(-1, 500, 0), `-0.5`},
		{ts(-62135596800, 0, 0), `-62135596800.0`},
		{ts(253402300799, 999, 0), `253402300799.999`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := marshal((&arv2.Org{Object: "org", CreatedAt: tt.ts}).ProtoReflect(), nil)
			if err != nil {
				t.Fatal(err)
			}
			want := `{"object":"org","id":"","realm_id":"","name":null,"state":null,"reference":null,"custom":null,"created_at":` + tt.want + `}`
			if string(got) != want {
				t.Errorf("Marshal(%v) = %s, want %s", tt.ts, got, want)
			}
		})
	}
}

// TestMarshalEmitsUnpopulated checks that fields without presence are
// written even when empty, as AuthRocket writes them: "id": "",
// "collection": [], "more_results": false, "permissions": [].
func TestMarshalEmitsUnpopulated(t *testing.T) {
	tests := []struct {
		name string
		in   proto.Message
		want map[string]any
	}{
		{"user", &arv2.User{}, map[string]any{"object": "", "id": "", "realm_id": "", "credentials": []any{}, "email": nil, "last_login_at": nil}},
		{"org", &arv2.Org{}, map[string]any{"object": "", "id": "", "realm_id": "", "custom": nil}},
		{"membership", &arv2.Membership{}, map[string]any{"object": "", "id": "", "org_id": "", "user_id": "", "permissions": []any{}}},
		{"session", &arv2.Session{}, map[string]any{"object": "", "id": "", "user_id": ""}},
		{"token", &arv2.Token{}, map[string]any{"object": "", "token": ""}},
		{"list", &arv2.ListMembershipsResponse{}, map[string]any{"collection": []any{}, "more_results": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := marshal(tt.in.ProtoReflect(), nil)
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

// TestMarshalNoObject: no message at all (an unset response_body field) is
// AuthRocket's "{}".
func TestMarshalNoObject(t *testing.T) {
	if got, err := marshal(nil, nil); err != nil || string(got) != `{}` {
		t.Errorf("marshal(nil) = %s, %v", got, err)
	}
}

// TestResponseBody checks the message that is the HTTP body: the rule's
// response_body field, else the member of an object oneof that is set
// (users/:id/authenticate answers with the Session or Token itself, as
// AuthRocket does), else the response.
func TestResponseBody(t *testing.T) {
	session := &arv2.Session{Object: "session", Id: "kss_1", UserId: "usr_1", Token: proto.String("eyJ.a.b")}
	token := &arv2.Token{Object: "token", Token: "tmf:abc", UserId: proto.String("usr_1")}
	// objectRoute is the route the old flattenObjectOneof applied to every
	// response: the whole response, or its object oneof's member.
	objectRoute := func(m proto.Message) *route {
		return &route{objectOneof: authrocket.ObjectOneof(m.ProtoReflect().Descriptor())}
	}
	tests := []struct {
		name string
		in   proto.Message
		want proto.Message
		json string
	}{
		{"session", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: session}}, session,
			`{"object":"session","id":"kss_1","user_id":"usr_1","client_app_id":null,"token":"eyJ.a.b","created_at":null,"expires_at":null,"request":null}`},
		{"token", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Token{Token: token}}, token,
			`{"object":"token","token":"tmf:abc","user_id":"usr_1"}`},
		{"empty session", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: &arv2.Session{}}}, &arv2.Session{},
			`{"object":"","id":"","user_id":"","client_app_id":null,"created_at":null,"expires_at":null,"request":null}`},
		{"neither member: unchanged", &arv2.AuthenticateUserResponse{}, &arv2.AuthenticateUserResponse{}, `{}`},
		{"ordinary response: unchanged", &arv2.GetUserResponse{User: &arv2.User{Id: "usr_1"}}, &arv2.GetUserResponse{User: &arv2.User{Id: "usr_1"}}, ""},
		{"list: unchanged", &arv2.ListOrgsResponse{MoreResults: true}, &arv2.ListOrgsResponse{MoreResults: true}, ""},
		{"message with optional fields (synthetic oneofs): unchanged", token, token, ""},
		{"session: unchanged", session, session, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := responseBody(objectRoute(tt.in), tt.in)
			gm := got.Interface()
			if !proto.Equal(gm, tt.want) || got.Descriptor() != tt.want.ProtoReflect().Descriptor() {
				t.Fatalf("responseBody = %T %v, want %T %v", gm, gm, tt.want, tt.want)
			}
			if tt.json == "" {
				return
			}
			b, err := marshal(got, nil)
			if err != nil || string(b) != tt.json {
				t.Errorf("marshal = %s, %v; want %s", b, err, tt.json)
			}
		})
	}
}

// TestResponseBodyOfRoutes checks responseBody with the routes compiled
// from the rules: response_body, object oneof, whole response.
func TestResponseBodyOfRoutes(t *testing.T) {
	routes := map[string]*route{}
	for _, md := range servedMethods(t) {
		rt, err := compileRoute(md)
		if err != nil {
			t.Fatal(err)
		}
		routes[rt.name] = rt
	}
	user := &arv2.User{Object: "user", Id: "usr_1"}
	session := &arv2.Session{Object: "session", Id: "kss_1"}
	tests := []struct {
		method string
		in     proto.Message
		want   proto.Message // nil: no object
	}{
		{"authrocket.v2.UsersService/GetUser", &arv2.GetUserResponse{User: user}, user},
		{"authrocket.v2.UsersService/GetUser", &arv2.GetUserResponse{}, nil},
		{"authrocket.v2.UsersService/AuthenticateUser", &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: session}}, session},
		{"authrocket.v2.UsersService/AuthenticateUser", &arv2.AuthenticateUserResponse{}, &arv2.AuthenticateUserResponse{}},
		{"authrocket.v2.OrgsService/ListOrgs", &arv2.ListOrgsResponse{MoreResults: true}, &arv2.ListOrgsResponse{MoreResults: true}},
	}
	for _, tt := range tests {
		rt := routes[tt.method]
		if rt == nil {
			t.Fatalf("no route %s", tt.method)
		}
		got := responseBody(rt, tt.in)
		if tt.want == nil {
			if got != nil {
				t.Errorf("%s: responseBody(%v) = %v, want none", tt.method, tt.in, got.Interface())
			}
			continue
		}
		if got == nil || !proto.Equal(got.Interface(), tt.want) || got.Descriptor() != tt.want.ProtoReflect().Descriptor() {
			t.Errorf("%s: responseBody(%v) = %v, want %T %v", tt.method, tt.in, got, tt.want, tt.want)
		}
	}
}

// TestWriteResponse checks the success answer: AuthRocket's status (201 on
// create, 204 and 215 as AuthRocket sent them), AuthRocket's request ID, and
// a response that cannot be encoded answered as an internal error.
func TestWriteResponse(t *testing.T) {
	getUser := &route{name: "authrocket.v2.UsersService/GetUser", responseField: (&arv2.GetUserResponse{}).ProtoReflect().Descriptor().Fields().ByName("user")}
	user := &arv2.GetUserResponse{User: &arv2.User{Object: "user", Id: "usr_1"}}
	const userJSON = `{"object":"user","id":"usr_1","realm_id":"","state":null,"email":null,"email_pending":null,` +
		`"email_verification":null,"first_name":null,"last_name":null,"name":null,"username":null,"locale":null,` +
		`"reference":null,"custom":null,"created_at":null,"last_login_at":null,"credentials":[]}`
	tests := []struct {
		name       string
		upStatus   int
		upID       string
		resp       proto.Message
		wantStatus int
		wantID     string
		wantBody   string
	}{
		{name: "200", upStatus: 200, upID: "ar-1", resp: user, wantStatus: 200, wantID: "ar-1", wantBody: userJSON},
		{name: "201 kept", upStatus: 201, upID: "ar-1", resp: user, wantStatus: 201, wantID: "ar-1", wantBody: userJSON},
		{name: "202 kept", upStatus: 202, upID: "ar-1", resp: user, wantStatus: 202, wantID: "ar-1", wantBody: userJSON},
		{name: "215: 215 without an object", upStatus: 215, upID: "ar-1", resp: &arv2.GetUserResponse{}, wantStatus: 215, wantID: "ar-1", wantBody: `{}`},
		{name: "204 kept, without an object", upStatus: 204, upID: "ar-1", resp: &arv2.GetUserResponse{}, wantStatus: 204, wantID: "ar-1"},
		{name: "AuthRocket not asked: the gateway's ID", resp: user, wantStatus: 200, wantID: "gw-1", wantBody: userJSON},
		{name: "AuthRocket's status without its ID", upStatus: 201, resp: user, wantStatus: 201, wantID: "gw-1", wantBody: userJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rec.Header().Set(headerRequestID, "gw-1") // as newCall leaves it
			cr := testRecord("gw-1")
			if tt.upStatus != 0 {
				cr.Upstream(tt.upStatus, tt.upID, 1, time.Millisecond)
			}
			writeResponse(rec, httptest.NewRequest("GET", "/v2/users/usr_1", nil), cr, getUser, tt.resp)
			if rec.Code != tt.wantStatus {
				t.Errorf("HTTP %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get(headerRequestID); got != tt.wantID {
				t.Errorf("%s = %q, want %q", headerRequestID, got, tt.wantID)
			}
			if ct := rec.Header().Get("Content-Type"); ct != contentType {
				t.Errorf("Content-Type = %q", ct)
			}
			if tt.wantStatus != http.StatusNoContent && rec.Body.String() != tt.wantBody {
				t.Errorf("body %s, want %s", rec.Body, tt.wantBody)
			}
		})
	}

	t.Run("cannot be encoded", func(t *testing.T) {
		rec := httptest.NewRecorder()
		cr := call.New(time.Now(), call.REST, getUser.name, "gw-2", call.Peer{})
		cr.Upstream(200, "ar-2", 1, time.Millisecond)
		writeResponse(rec, httptest.NewRequest("GET", "/v2/users/usr_1", nil), cr, getUser, &arv2.GetUserResponse{User: &arv2.User{Object: "user", Email: proto.String("\xff")}})
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("HTTP %d, want 500", rec.Code)
		}
		b := decodeErrorBody(t, rec)
		if b.Code != codes.Internal || !reflect.DeepEqual(b.Errors, []string{"internal error"}) {
			t.Errorf("answer %s", rec.Body)
		}
		if got := rec.Header().Get(headerRequestID); got != "ar-2" {
			t.Errorf("%s = %q, want AuthRocket's", headerRequestID, got)
		}
	})
}
