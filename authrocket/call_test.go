package authrocket_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// sent is what the emulator must have seen for one call.
type sent struct {
	method string
	path   string     // decoded, as the emulator routes it
	uri    string     // as on the wire; "" skips the check
	query  url.Values // nil: no query string
	body   string     // JSON; "": no body (and no Content-Type)
	realm  string     // Authrocket-Realm; "": absent
	locale string     // Accept-Language; "": absent
	ua     string     // User-Agent; "": DefaultUserAgent
}

// expect checks the one request the emulator saw against want, then forgets it.
func (u *upstream) expect(t *testing.T, want sent) emulator.Request {
	t.Helper()
	defer u.reset()
	r := u.only(t)
	if r.Method != want.method || r.Path != want.path {
		t.Errorf("request %s %s, want %s %s", r.Method, r.Path, want.method, want.path)
	}
	if want.uri != "" {
		if w := u.wire(); len(w) != 1 || w[0] != want.method+" "+want.uri {
			t.Errorf("on the wire %q, want %q", w, want.method+" "+want.uri)
		}
	}
	if want.query == nil {
		if r.RawQuery != "" {
			t.Errorf("query %q, want none", r.RawQuery)
		}
	} else if got, err := url.ParseQuery(r.RawQuery); err != nil || !reflect.DeepEqual(got, want.query) {
		t.Errorf("query %q = %v, want %v", r.RawQuery, got, want.query)
	}
	if want.body == "" {
		if len(r.Body) != 0 {
			t.Errorf("body %s, want none", r.Body)
		}
		if ct := r.Header.Get("Content-Type"); ct != "" {
			t.Errorf("Content-Type %q without a body", ct)
		}
	} else {
		if !jsonEqual(t, r.Body, want.body) {
			t.Errorf("body %s, want %s", r.Body, want.body)
		}
		if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
	}
	ua := want.ua
	if ua == "" {
		ua = authrocket.DefaultUserAgent
	}
	for name, v := range map[string]string{
		"Authorization":    "Bearer " + testKey,
		"Accept":           "application/json",
		"User-Agent":       ua,
		"Authrocket-Realm": want.realm,
		"Accept-Language":  want.locale,
		// The key travels once, as a Bearer token only.
		"Authrocket-Api-Key": "",
	} {
		got := r.Header.Values(name)
		switch {
		case v == "" && len(got) != 0:
			t.Errorf("header %s: %q, want none", name, got)
		case v != "" && (len(got) != 1 || got[0] != v):
			t.Errorf("header %s: %q, want %q", name, got, v)
		}
	}
	return r
}

func TestCallHeadersAndRealm(t *testing.T) {
	u := newUpstream(t)
	other, _ := u.emu.CreateRealm("Other")
	third, _ := u.emu.CreateRealm("Third")
	c := u.client(t)
	usr := createUser(t, c, "realm@example.com", "")
	u.reset()
	path := "/v2/users/" + usr.GetId()

	tests := []struct {
		name  string
		req   *arv2.GetUserRequest
		opts  authrocket.CallOptions
		query url.Values
		realm string
	}{
		{"DefaultRealm", &arv2.GetUserRequest{Id: usr.GetId()}, authrocket.CallOptions{}, nil, u.realm},
		{"CallRealm", &arv2.GetUserRequest{Id: usr.GetId()}, authrocket.CallOptions{Realm: other}, nil, other},
		{"RequestRealmWins", &arv2.GetUserRequest{Id: usr.GetId(), RealmId: proto.String(third)}, authrocket.CallOptions{Realm: other},
			url.Values{"realm_id": {third}}, third},
		{"RequestRealmOverDefault", &arv2.GetUserRequest{Id: usr.GetId(), RealmId: proto.String(other)}, authrocket.CallOptions{},
			url.Values{"realm_id": {other}}, other},
		// An empty realm_id names no realm: the call's realm applies.
		{"EmptyRequestRealm", &arv2.GetUserRequest{Id: usr.GetId(), RealmId: proto.String("")}, authrocket.CallOptions{Realm: other},
			url.Values{"realm_id": {""}}, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _ = call(t, c, "UsersService.GetUser", tt.req, &arv2.GetUserResponse{}, tt.opts)
			u.expect(t, sent{method: "GET", path: path, query: tt.query, realm: tt.realm})
		})
	}

	t.Run("NoRealmAtAll", func(t *testing.T) {
		c := u.client(t, func(cfg *authrocket.Config) { cfg.DefaultRealm = "" })
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		if e := asError(t, err); e.HTTPStatus != http.StatusBadRequest {
			t.Errorf("HTTPStatus %d, want the emulator's 400 for a missing realm", e.HTTPStatus)
		}
		u.expect(t, sent{method: "GET", path: path})
	})

	t.Run("LocaleAndUserAgent", func(t *testing.T) {
		c := u.client(t, func(cfg *authrocket.Config) { cfg.UserAgent = "gateway-test/1.0" })
		got := mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{Locale: "es"})
		if got.GetUser().GetEmail() != "realm@example.com" {
			t.Errorf("user %v", got.GetUser())
		}
		u.expect(t, sent{method: "GET", path: path, realm: u.realm, locale: "es", ua: "gateway-test/1.0"})
	})

	t.Run("KeyRotation", func(t *testing.T) {
		c := u.client(t)
		c.SetAPIKey(authrocket.NewSecret("ks_revoked"))
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		if e := asError(t, err); e.HTTPStatus != http.StatusForbidden || strings.Contains(err.Error(), "ks_revoked") {
			t.Errorf("with a wrong key: %v", err)
		}
		if got := u.only(t).Header.Get("Authorization"); got != "Bearer ks_revoked" {
			t.Errorf("Authorization %q after SetAPIKey", got)
		}
		u.reset()
		c.SetAPIKey(authrocket.NewSecret(testKey))
		mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		u.expect(t, sent{method: "GET", path: path, realm: u.realm})
	})
}

// TestCallWire checks exactly what the emulator sees for representative calls
// of each kind: path, query string, body and headers.
func TestCallWire(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := createUser(t, c, "a+b@example.com", "correct horse battery")
	org := createOrg(t, c, "Widgets")
	u.reset()
	opts := authrocket.CallOptions{}
	userPath := "/v2/users/" + usr.GetId()
	expires := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

	t.Run("GetUserByEmail", func(t *testing.T) {
		got := mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "a+b@example.com"}, &arv2.GetUserResponse{}, opts)
		if got.GetUser().GetId() != usr.GetId() {
			t.Errorf("found %v", got.GetUser())
		}
		// '+' and '@' are left as they are; the emulator must not read '+' as a space.
		u.expect(t, sent{method: "GET", path: "/v2/users/a+b@example.com", uri: "/v2/users/a+b@example.com", realm: u.realm})
	})
	t.Run("GetUserEscaped", func(t *testing.T) {
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "john doe;x=1 é"}, &arv2.GetUserResponse{}, opts)
		if e := asError(t, err); e.HTTPStatus != http.StatusNotFound {
			t.Errorf("HTTPStatus %d, want 404", e.HTTPStatus)
		}
		u.expect(t, sent{method: "GET", path: "/v2/users/john doe;x=1 é", uri: "/v2/users/john%20doe%3Bx=1%20%C3%A9", realm: u.realm})
	})
	t.Run("CreateUser", func(t *testing.T) {
		custom, _ := structpb.NewStruct(map[string]any{"plan": "pro", "seats": 3})
		req := &arv2.CreateUserRequest{
			User: &arv2.UserInput{
				Email:     proto.String("new@example.com"),
				FirstName: proto.String("Ada"),
				Password:  proto.String("s3cret-pass"),
				Custom:    custom,
			},
			Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1"), Client: proto.String("MyApp/1.0")},
		}
		resp, res, err := call(t, c, "UsersService.CreateUser", req, &arv2.CreateUserResponse{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.HTTPStatus != http.StatusCreated || res.RequestID == "" || res.RequestID != u.lastRequestID() {
			t.Errorf("Response %+v, X-Request-ID %q", res, u.lastRequestID())
		}
		if resp.GetUser().GetEmail() != "new@example.com" || resp.GetUser().GetCustom().GetFields()["seats"].GetNumberValue() != 3 {
			t.Errorf("user %v", resp.GetUser())
		}
		u.expect(t, sent{method: "POST", path: "/v2/users", realm: u.realm, body: `{
			"user": {"email": "new@example.com", "first_name": "Ada", "password": "s3cret-pass", "custom": {"plan": "pro", "seats": 3}},
			"request": {"ip": "10.0.0.1", "client": "MyApp/1.0"}}`})
	})
	t.Run("UpdateUserOnlyReference", func(t *testing.T) {
		req := &arv2.UpdateUserRequest{Id: usr.GetId(), User: &arv2.UserInput{Reference: proto.String("x")}}
		resp := mustCall(t, c, "UsersService.UpdateUser", req, &arv2.UpdateUserResponse{}, opts)
		if resp.GetUser().GetReference() != "x" || resp.GetUser().GetEmail() != "a+b@example.com" {
			t.Errorf("user %v", resp.GetUser())
		}
		// The path's id is not repeated in the body; nothing unset is sent.
		u.expect(t, sent{method: "PUT", path: userPath, realm: u.realm, body: `{"user": {"reference": "x"}}`})
	})
	t.Run("UpdateUserClearsWithEmpty", func(t *testing.T) {
		req := &arv2.UpdateUserRequest{Id: usr.GetId(), User: &arv2.UserInput{Reference: proto.String("")}}
		mustCall(t, c, "UsersService.UpdateUser", req, &arv2.UpdateUserResponse{}, opts)
		u.expect(t, sent{method: "PUT", path: userPath, realm: u.realm, body: `{"user": {"reference": ""}}`})
	})
	t.Run("UpdateUserEmpty", func(t *testing.T) {
		req := &arv2.UpdateUserRequest{Id: usr.GetId(), User: &arv2.UserInput{}}
		mustCall(t, c, "UsersService.UpdateUser", req, &arv2.UpdateUserResponse{}, opts)
		u.expect(t, sent{method: "PUT", path: userPath, realm: u.realm, body: `{"user": {}}`})
	})
	t.Run("UpdateUserWithRequestAndRealm", func(t *testing.T) {
		req := &arv2.UpdateUserRequest{
			Id:      usr.GetId(),
			User:    &arv2.UserInput{Reference: proto.String("y"), Locale: proto.String("es")},
			Request: &arv2.RequestContext{Ip: proto.String("2001:db8::1")},
			RealmId: proto.String(u.realm),
		}
		mustCall(t, c, "UsersService.UpdateUser", req, &arv2.UpdateUserResponse{}, authrocket.CallOptions{Realm: "rl_ignored"})
		u.expect(t, sent{method: "PUT", path: userPath, realm: u.realm,
			body: `{"user": {"locale": "es", "reference": "y"}, "request": {"ip": "2001:db8::1"}, "realm_id": "` + u.realm + `"}`})
	})
	t.Run("AuthenticateUser", func(t *testing.T) {
		req := &arv2.AuthenticateUserRequest{Id: "a+b@example.com", User: &arv2.AuthenticateUserInput{Password: "correct horse battery"}}
		resp, res, err := call(t, c, "UsersService.AuthenticateUser", req, &arv2.AuthenticateUserResponse{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		s := resp.GetSession()
		if res.HTTPStatus != http.StatusCreated || s == nil || !strings.HasPrefix(s.GetId(), "kss_") || s.GetUserId() != usr.GetId() || s.GetToken() == "" || resp.GetToken() != nil {
			t.Errorf("answer %d %v", res.HTTPStatus, resp)
		}
		if !s.GetExpiresAt().AsTime().After(s.GetCreatedAt().AsTime()) {
			t.Errorf("created_at %v, expires_at %v", s.GetCreatedAt().AsTime(), s.GetExpiresAt().AsTime())
		}
		u.expect(t, sent{method: "POST", path: "/v2/users/a+b@example.com/authenticate", realm: u.realm,
			body: `{"user": {"password": "correct horse battery"}}`})
	})
	t.Run("ListUsers", func(t *testing.T) {
		req := &arv2.ListUsersRequest{
			MaxResults: proto.Int32(25),
			After:      proto.String("usr_0"),
			Sort:       proto.String("id"),
			Direction:  proto.String("asc"),
			Email:      proto.String("a+b@example.com"),
			State:      proto.String("active"),
		}
		resp := mustCall(t, c, "UsersService.ListUsers", req, &arv2.ListUsersResponse{}, opts)
		if len(resp.GetCollection()) != 1 || resp.GetCollection()[0].GetId() != usr.GetId() || resp.GetMoreResults() {
			t.Errorf("list %v", resp)
		}
		u.expect(t, sent{method: "GET", path: "/v2/users", realm: u.realm, query: url.Values{
			"max_results": {"25"}, "after": {"usr_0"}, "sort": {"id"}, "direction": {"asc"},
			"email": {"a+b@example.com"}, "state": {"active"},
		}})
	})
	t.Run("ListOrgsRepeated", func(t *testing.T) {
		req := &arv2.ListOrgsRequest{Expand: []string{"custom", "other"}, RealmId: proto.String(u.realm)}
		resp := mustCall(t, c, "OrgsService.ListOrgs", req, &arv2.ListOrgsResponse{}, opts)
		if len(resp.GetCollection()) != 1 || resp.GetCollection()[0].GetCustom() == nil {
			t.Errorf("list %v: expand=custom was not understood", resp)
		}
		r := u.expect(t, sent{method: "GET", path: "/v2/orgs", realm: u.realm, query: url.Values{
			"expand[]": {"custom", "other"}, "realm_id": {u.realm},
		}})
		if !strings.Contains(r.RawQuery, "expand%5B%5D=custom&expand%5B%5D=other") {
			t.Errorf("query %q: repeated values out of order", r.RawQuery)
		}
	})
	t.Run("CreateMembership", func(t *testing.T) {
		req := &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{
			OrgId: proto.String(org.GetId()), UserId: proto.String(usr.GetId()),
			Permissions: []string{"ar:owner", "billing:read"}, ExpiresAt: timestamppb.New(expires),
		}}
		resp := mustCall(t, c, "MembershipsService.CreateMembership", req, &arv2.CreateMembershipResponse{}, opts)
		mb := resp.GetMembership()
		if !strings.HasPrefix(mb.GetId(), "mb_") || !mb.GetExpiresAt().AsTime().Equal(expires) || len(mb.GetPermissions()) != 2 {
			t.Errorf("membership %v", mb)
		}
		u.expect(t, sent{method: "POST", path: "/v2/memberships", realm: u.realm, body: `{"membership": {
			"org_id": "` + org.GetId() + `", "user_id": "` + usr.GetId() + `",
			"permissions": ["ar:owner", "billing:read"], "expires_at": 1893553445}}`})
	})
	t.Run("ListMembershipsByUser", func(t *testing.T) {
		req := &arv2.ListMembershipsRequest{UserId: proto.String(usr.GetId()), MaxResults: proto.Int32(1)}
		resp := mustCall(t, c, "MembershipsService.ListMemberships", req, &arv2.ListMembershipsResponse{}, opts)
		if len(resp.GetCollection()) != 1 || resp.GetCollection()[0].GetOrg().GetName() != "Widgets" {
			t.Errorf("list %v: the org should be embedded", resp)
		}
		u.expect(t, sent{method: "GET", path: "/v2/memberships", realm: u.realm, query: url.Values{
			"user_id": {usr.GetId()}, "max_results": {"1"},
		}})
	})
	t.Run("DeleteOrgCloses", func(t *testing.T) {
		resp := mustCall(t, c, "OrgsService.DeleteOrg", &arv2.DeleteOrgRequest{Id: org.GetId()}, &arv2.DeleteOrgResponse{}, opts)
		if resp.GetOrg().GetState() != "closed" {
			t.Errorf("org %v, want closed", resp.GetOrg())
		}
		u.expect(t, sent{method: "DELETE", path: "/v2/orgs/" + org.GetId(), realm: u.realm})
	})
	t.Run("DeleteOrgForce", func(t *testing.T) {
		resp := mustCall(t, c, "OrgsService.DeleteOrg", &arv2.DeleteOrgRequest{Id: org.GetId(), Force: proto.Bool(true)}, &arv2.DeleteOrgResponse{}, opts)
		if resp.GetOrg().GetId() != org.GetId() {
			t.Errorf("org %v", resp.GetOrg())
		}
		u.expect(t, sent{method: "DELETE", path: "/v2/orgs/" + org.GetId(), realm: u.realm, query: url.Values{"force": {"true"}}})
		_, _, err := call(t, c, "OrgsService.GetOrg", &arv2.GetOrgRequest{Id: org.GetId()}, &arv2.GetOrgResponse{}, opts)
		if e := asError(t, err); e.HTTPStatus != http.StatusNotFound {
			t.Errorf("GetOrg after a forced delete: %v", err)
		}
		u.reset()
	})
	t.Run("DeleteUser", func(t *testing.T) {
		resp := mustCall(t, c, "UsersService.DeleteUser", &arv2.DeleteUserRequest{Id: usr.GetId()}, &arv2.DeleteUserResponse{}, opts)
		if resp.GetUser().GetId() != usr.GetId() {
			t.Errorf("user %v", resp.GetUser())
		}
		u.expect(t, sent{method: "DELETE", path: userPath, realm: u.realm})
	})
}

// TestCallDoesNotChangeRequest: building the body must not clear the path
// fields of the caller's message.
func TestCallDoesNotChangeRequest(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := createUser(t, c, "keep@example.com", "")
	req := &arv2.UpdateUserRequest{Id: usr.GetId(), User: &arv2.UserInput{Reference: proto.String("r")}}
	want := proto.Clone(req)
	mustCall(t, c, "UsersService.UpdateUser", req, &arv2.UpdateUserResponse{}, authrocket.CallOptions{})
	if !proto.Equal(req, want) {
		t.Fatalf("request changed to %v", req)
	}
}

func TestCallPaging(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	var ids []string
	for _, e := range []string{"p1@example.com", "p2@example.com", "p3@example.com"} {
		ids = append(ids, createUser(t, c, e, "").GetId())
	}
	var got []string
	req := &arv2.ListUsersRequest{MaxResults: proto.Int32(2)}
	for page := 0; ; page++ {
		if page > 3 {
			t.Fatal("paging does not end")
		}
		resp := mustCall(t, c, "UsersService.ListUsers", req, &arv2.ListUsersResponse{}, authrocket.CallOptions{})
		for _, usr := range resp.GetCollection() {
			got = append(got, usr.GetId())
			if usr.GetObject() != "user" || usr.GetCreatedAt() == nil || usr.GetCreatedAt().AsTime().IsZero() {
				t.Errorf("row %v", usr)
			}
		}
		if wantMore := page == 0; resp.GetMoreResults() != wantMore {
			t.Errorf("page %d: more_results %v", page, resp.GetMoreResults())
		}
		if !resp.GetMoreResults() {
			break
		}
		req.After = proto.String(got[len(got)-1])
	}
	if !reflect.DeepEqual(got, ids) {
		t.Fatalf("paged ids %v, want %v", got, ids)
	}
}

// TestCallHTTPS calls the emulator over TLS, as AuthRocket is called.
func TestCallHTTPS(t *testing.T) {
	u := newUpstream(t)
	srv := httptest.NewTLSServer(u.emu.ServerHandler())
	defer srv.Close()
	c, err := authrocket.NewClient(authrocket.Config{
		URL: srv.URL + "/v2", APIKey: authrocket.NewSecret(testKey), DefaultRealm: u.realm,
		Transport: srv.Client().Transport, // trusts the test certificate
	})
	if err != nil {
		t.Fatal(err)
	}
	usr := createUser(t, c, "tls@example.com", "")
	got := mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "tls@example.com"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if got.GetUser().GetId() != usr.GetId() {
		t.Fatalf("user %v", got.GetUser())
	}
	// The default transport does not trust the test certificate: an error,
	// not a silent fallback.
	c2, _ := authrocket.NewClient(authrocket.Config{URL: srv.URL, APIKey: authrocket.NewSecret(testKey), MaxRetries: -1})
	_, _, err = call(t, c2, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if e := asError(t, err); e.HTTPStatus != 0 || e.Err == nil {
		t.Fatalf("untrusted certificate: %v", err)
	}
}

// TestCallConcurrent runs calls from many goroutines while the key rotates
// (run with -race).
func TestCallConcurrent(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := createUser(t, c, "many@example.com", "")
	md := method(t, "UsersService.GetUser")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				resp := &arv2.GetUserResponse{}
				if _, err := c.Call(t.Context(), md, &arv2.GetUserRequest{Id: usr.GetId()}, resp, authrocket.CallOptions{}); err != nil {
					t.Error(err)
					return
				}
				if resp.GetUser().GetId() != usr.GetId() {
					t.Errorf("user %v", resp.GetUser())
					return
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		c.SetAPIKey(authrocket.NewSecret(testKey))
	}
	wg.Wait()
	if n := len(u.emu.Requests()); n != 1+8*20 {
		t.Errorf("%d requests, want %d", n, 1+8*20)
	}
}
