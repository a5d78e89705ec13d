package conformance_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// skipAuthRocket is why the AuthRocket target did not run.
const skipAuthRocket = "AuthRocket target skipped: set AUTHROCKET_URL and AUTHROCKET_API_KEY " +
	"(and optionally AUTHROCKET_REALM) to run the conformance suite against AuthRocket too"

// target is one AuthRocket the suite runs against, reached through the
// adapter.
type target struct {
	conn  adapterConn
	realm string // the realm every case works in
}

// TestConformance runs every case against the emulator and, when configured,
// against AuthRocket.
func TestConformance(t *testing.T) {
	t.Run("emulator", func(t *testing.T) { runCases(t, emulatorTarget(t)) })
	t.Run("authrocket", func(t *testing.T) {
		url, key := os.Getenv("AUTHROCKET_URL"), os.Getenv("AUTHROCKET_API_KEY")
		if url == "" || key == "" {
			t.Skip(skipAuthRocket)
		}
		runCases(t, authRocketTarget(t, url, key, os.Getenv("AUTHROCKET_REALM")))
	})
}

// cases are the conformance tests, by name.
var cases = []struct {
	name string
	run  func(*testing.T, target)
}{
	{"realm", testRealm},
	{"users/lifecycle", testUserLifecycle},
	{"users/paging", testUserPaging},
	{"users/duplicate_email", testDuplicateEmail},
	{"users/authenticate", testAuthenticate},
	{"users/update_password", testUpdatePassword},
	{"users/not_found", testUserNotFound},
	{"orgs_and_memberships", testOrgsAndMemberships},
	{"sessions", testSessions},
}

func runCases(t *testing.T, tg target) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, tg) })
	}
}

// emulatorTarget serves a fresh emulator on loopback.
func emulatorTarget(t *testing.T) target {
	emu := emulator.New()
	realm, err := emu.CreateRealm("Conformance")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return target{conn: newConn(t, srv.URL+"/v2", emu.APIKey(), realm), realm: realm}
}

// authRocketTarget works in realm, or in a realm of its own that it deletes
// at the end.
func authRocketTarget(t *testing.T, url, key, realm string) target {
	tg := target{conn: newConn(t, url, key, realm), realm: realm}
	if realm != "" {
		return tg
	}
	rl := must(t, func(ctx context.Context) (*arv2.CreateRealmResponse, error) {
		return arv2.NewRealmsServiceClient(tg.conn).CreateRealm(ctx, &arv2.CreateRealmRequest{
			Realm: &arv2.RealmInput{Name: proto.String("gateway conformance " + suffix())},
		})
	}).GetRealm()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := arv2.NewRealmsServiceClient(tg.conn).DeleteRealm(ctx, &arv2.DeleteRealmRequest{Id: rl.GetId()}); err != nil {
			t.Errorf("deleting the conformance realm %s: %v", rl.GetId(), err)
		}
	})
	tg.realm = rl.GetId()
	tg.conn = newConn(t, url, key, tg.realm)
	return tg
}

// adapterConn lets the generated gRPC clients call AuthRocket through the
// adapter, with no gRPC in between: Invoke is authrocket.Client.Call.
type adapterConn struct{ c *authrocket.Client }

func newConn(t *testing.T, url, key, realm string) adapterConn {
	t.Helper()
	c, err := authrocket.NewClient(authrocket.Config{URL: url, APIKey: authrocket.NewSecret(key), DefaultRealm: realm})
	if err != nil {
		t.Fatal(err)
	}
	return adapterConn{c}
}

// Invoke calls method ("/authrocket.v2.UsersService/GetUser") through the
// adapter, in the locale withLocale put in ctx.
func (a adapterConn) Invoke(ctx context.Context, method string, args, reply any, _ ...grpc.CallOption) error {
	name := strings.Replace(strings.TrimPrefix(method, "/"), "/", ".", 1)
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		return err
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return fmt.Errorf("%s is not a method", name)
	}
	locale, _ := ctx.Value(localeKey{}).(string)
	_, err = a.c.Call(ctx, md, args.(proto.Message), reply.(proto.Message), authrocket.CallOptions{Locale: locale})
	return err
}

// NewStream implements grpc.ClientConnInterface; AuthRocket has no streams.
func (adapterConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, errors.New("conformance: AuthRocket has no streaming calls")
}

type localeKey struct{}

// withLocale asks for AuthRocket's messages in locale (Accept-Language).
func withLocale(ctx context.Context, locale string) context.Context {
	return context.WithValue(ctx, localeKey{}, locale)
}

// ctx bounds one call.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// must runs one call and fails the test on an error.
func must[T any](t *testing.T, f func(context.Context) (T, error)) T {
	t.Helper()
	v, err := f(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// failure runs one call that must fail with an AuthRocket answer of status.
func failure[T any](t *testing.T, status int, f func(context.Context) (T, error)) *authrocket.Error {
	t.Helper()
	_, err := f(ctx(t))
	var ae *authrocket.Error
	if !errors.As(err, &ae) || ae.HTTPStatus != status {
		t.Fatalf("err = %v, want AuthRocket's %d", err, status)
	}
	return ae
}

// suffix is a random lowercase tag that keeps objects of concurrent runs
// apart.
func suffix() string { return strings.ToLower(rand.Text()[:10]) }

// recent reports whether ts is within an hour of now (clock skew allowed).
func recent(ts interface{ AsTime() time.Time }) bool {
	d := time.Since(ts.AsTime())
	return d < time.Hour && d > -time.Hour
}

// newUser makes a user with a password and deletes it at the end.
func newUser(t *testing.T, tg target, in *arv2.UserInput) *arv2.User {
	t.Helper()
	users := arv2.NewUsersServiceClient(tg.conn)
	if in.Email == nil {
		in.Email = proto.String("conformance+" + suffix() + "@example.com")
	}
	u := must(t, func(ctx context.Context) (*arv2.CreateUserResponse, error) {
		return users.CreateUser(ctx, &arv2.CreateUserRequest{User: in})
	}).GetUser()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = users.DeleteUser(ctx, &arv2.DeleteUserRequest{Id: u.GetId()})
	})
	return u
}

func testRealm(t *testing.T, tg target) {
	rl := must(t, func(ctx context.Context) (*arv2.GetRealmResponse, error) {
		return arv2.NewRealmsServiceClient(tg.conn).GetRealm(ctx, &arv2.GetRealmRequest{Id: tg.realm})
	}).GetRealm()
	if rl.GetObject() != "realm" || rl.GetId() != tg.realm || rl.GetState() != "active" || !slices.Contains([]string{"rs256", "hs256"}, rl.GetJwtAlgo()) {
		t.Errorf("GetRealm = %v", rl)
	}
}

func testUserLifecycle(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	tag := suffix()
	// Emails are stored in lower case (authrocket-api.md §4.2).
	u := newUser(t, tg, &arv2.UserInput{
		Email:     proto.String("Conformance+" + tag + "@Example.com"),
		FirstName: proto.String("Ada"),
		LastName:  proto.String("Lovelace"),
		Password:  proto.String("correct horse battery staple"),
		Reference: proto.String("ref-" + tag),
	})
	email := "conformance+" + tag + "@example.com"
	if u.GetObject() != "user" || !strings.HasPrefix(u.GetId(), "usr_") || u.GetRealmId() != tg.realm || u.GetEmail() != email ||
		u.GetState() != "active" || u.GetName() != "Ada Lovelace" || !recent(u.GetCreatedAt()) {
		t.Errorf("CreateUser = %v", u)
	}
	// The create answer embeds the password credential (§3.6).
	if len(u.GetCredentials()) != 1 || u.GetCredentials()[0].GetCredentialType() != "password" || !strings.HasPrefix(u.GetCredentials()[0].GetId(), "crd_") {
		t.Errorf("credentials = %v", u.GetCredentials())
	}
	// A user can be named by its email (§2.5).
	if got := must(t, func(ctx context.Context) (*arv2.GetUserResponse, error) {
		return users.GetUser(ctx, &arv2.GetUserRequest{Id: email})
	}).GetUser(); got.GetId() != u.GetId() {
		t.Errorf("GetUser(email) = %v", got)
	}
	// An update changes only what it names; name follows the names.
	up := must(t, func(ctx context.Context) (*arv2.UpdateUserResponse, error) {
		return users.UpdateUser(ctx, &arv2.UpdateUserRequest{Id: u.GetId(), User: &arv2.UserInput{LastName: proto.String("Byron")}})
	}).GetUser()
	if up.GetName() != "Ada Byron" || up.GetFirstName() != "Ada" || up.GetReference() != "ref-"+tag {
		t.Errorf("UpdateUser = %v", up)
	}
	// reference is an exact-match filter.
	list := must(t, func(ctx context.Context) (*arv2.ListUsersResponse, error) {
		return users.ListUsers(ctx, &arv2.ListUsersRequest{Reference: proto.String("ref-" + tag)})
	})
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != u.GetId() || list.GetMoreResults() {
		t.Errorf("ListUsers(reference) = %v", list)
	}
	must(t, func(ctx context.Context) (*arv2.DeleteUserResponse, error) {
		return users.DeleteUser(ctx, &arv2.DeleteUserRequest{Id: u.GetId()})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetUserResponse, error) {
		return users.GetUser(ctx, &arv2.GetUserRequest{Id: u.GetId()})
	})
}

// testUserPaging pages through three users with after and max_results
// (§3.2): default order is by id, which is creation order.
func testUserPaging(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	ref := "page-" + suffix()
	var ids []string
	for range 3 {
		ids = append(ids, newUser(t, tg, &arv2.UserInput{Reference: proto.String(ref)}).GetId())
	}
	var got []string
	req := &arv2.ListUsersRequest{Reference: proto.String(ref), MaxResults: proto.Int32(2)}
	for page := 0; ; page++ {
		res := must(t, func(ctx context.Context) (*arv2.ListUsersResponse, error) { return users.ListUsers(ctx, req) })
		for _, u := range res.GetCollection() {
			got = append(got, u.GetId())
		}
		if !res.GetMoreResults() {
			break
		}
		if page == 3 || len(res.GetCollection()) == 0 {
			t.Fatalf("paging does not end: %v", got)
		}
		req.After = proto.String(got[len(got)-1])
	}
	if !slices.Equal(got, ids) {
		t.Errorf("pages = %v, want %v", got, ids)
	}
	desc := must(t, func(ctx context.Context) (*arv2.ListUsersResponse, error) {
		return users.ListUsers(ctx, &arv2.ListUsersRequest{Reference: proto.String(ref), Direction: proto.String("desc")})
	})
	if len(desc.GetCollection()) != 3 || desc.GetCollection()[0].GetId() != ids[2] {
		t.Errorf("direction=desc = %v", desc)
	}
}

func testDuplicateEmail(t *testing.T, tg target) {
	u := newUser(t, tg, &arv2.UserInput{})
	ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.CreateUserResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(u.GetEmail())}})
	})
	if len(ae.Messages) == 0 {
		t.Errorf("422 without messages: %v", ae)
	}
}

func testAuthenticate(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	const password = "correct horse battery staple"
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String(password)})
	res := must(t, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: u.GetId(), User: &arv2.AuthenticateUserInput{Password: password}})
	})
	s := res.GetSession()
	if s.GetObject() != "session" || !strings.HasPrefix(s.GetId(), "kss_") || s.GetUserId() != u.GetId() || strings.Count(s.GetToken(), ".") != 2 {
		t.Errorf("AuthenticateUser = %v, want a session with a JWT", res)
	}
	// The email works as the id (§4.2), and a wrong password is 422 "Login
	// failed", localized (§3.3).
	for locale, want := range map[string]string{"en": "Login failed", "es": "Error al iniciar sesión"} {
		ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
			return users.AuthenticateUser(withLocale(ctx, locale), &arv2.AuthenticateUserRequest{Id: u.GetEmail(), User: &arv2.AuthenticateUserInput{Password: "wrong password"}})
		})
		if !slices.Contains(ae.Messages, want) {
			t.Errorf("%s: messages = %q, want %q", locale, ae.Messages, want)
		}
	}
}

func testUpdatePassword(t *testing.T, tg target) {
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String("first password 1")})
	ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.UpdateUserPasswordResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).UpdateUserPassword(ctx, &arv2.UpdateUserPasswordRequest{Id: u.GetId(), User: &arv2.UpdateUserPasswordInput{
			CurrentPassword: proto.String("not the password"), Password: proto.String("second password 2"), PasswordConfirmation: proto.String("second password 2"),
		}})
	})
	if !slices.Contains(ae.Messages, "Current password does not match") {
		t.Errorf("messages = %q", ae.Messages)
	}
	if got := must(t, func(ctx context.Context) (*arv2.UpdateUserPasswordResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).UpdateUserPassword(ctx, &arv2.UpdateUserPasswordRequest{Id: u.GetId(), User: &arv2.UpdateUserPasswordInput{
			CurrentPassword: proto.String("first password 1"), Password: proto.String("second password 2"), PasswordConfirmation: proto.String("second password 2"),
		}})
	}).GetUser(); got.GetId() != u.GetId() {
		t.Errorf("UpdateUserPassword = %v", got)
	}
}

func testUserNotFound(t *testing.T, tg target) {
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetUserResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).GetUser(ctx, &arv2.GetUserRequest{Id: "usr_0conformance" + suffix()})
	})
}

func testOrgsAndMemberships(t *testing.T, tg target) {
	orgs := arv2.NewOrgsServiceClient(tg.conn)
	mbs := arv2.NewMembershipsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	o := must(t, func(ctx context.Context) (*arv2.CreateOrgResponse, error) {
		return orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Conformance " + suffix())}})
	}).GetOrg()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = orgs.DeleteOrg(ctx, &arv2.DeleteOrgRequest{Id: o.GetId(), Force: proto.Bool(true)})
	})
	if o.GetObject() != "org" || !strings.HasPrefix(o.GetId(), "org_") || o.GetState() != "active" || !recent(o.GetCreatedAt()) {
		t.Errorf("CreateOrg = %v", o)
	}
	if got := must(t, func(ctx context.Context) (*arv2.UpdateOrgResponse, error) {
		return orgs.UpdateOrg(ctx, &arv2.UpdateOrgRequest{Id: o.GetId(), Org: &arv2.OrgInput{Reference: proto.String("conf")}})
	}).GetOrg(); got.GetReference() != "conf" || got.GetName() != o.GetName() {
		t.Errorf("UpdateOrg = %v", got)
	}

	mb := must(t, func(ctx context.Context) (*arv2.CreateMembershipResponse, error) {
		return mbs.CreateMembership(ctx, &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{
			UserId: proto.String(u.GetId()), OrgId: proto.String(o.GetId()), Permissions: []string{"ar:admin", "billing"},
		}})
	}).GetMembership()
	if mb.GetObject() != "membership" || !strings.HasPrefix(mb.GetId(), "mb_") || mb.GetUserId() != u.GetId() || mb.GetOrgId() != o.GetId() ||
		!slices.Equal(mb.GetPermissions(), []string{"ar:admin", "billing"}) {
		t.Errorf("CreateMembership = %v", mb)
	}
	// Listing by org embeds each row's user; by user, each row's org (§3.6).
	byOrg := must(t, func(ctx context.Context) (*arv2.ListMembershipsResponse, error) {
		return mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{OrgId: proto.String(o.GetId())})
	})
	if len(byOrg.GetCollection()) != 1 || byOrg.GetCollection()[0].GetUser().GetId() != u.GetId() {
		t.Errorf("ListMemberships(org_id) = %v", byOrg)
	}
	byUser := must(t, func(ctx context.Context) (*arv2.ListMembershipsResponse, error) {
		return mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{UserId: proto.String(u.GetId())})
	})
	if len(byUser.GetCollection()) != 1 || byUser.GetCollection()[0].GetOrg().GetId() != o.GetId() {
		t.Errorf("ListMemberships(user_id) = %v", byUser)
	}
	must(t, func(ctx context.Context) (*arv2.DeleteMembershipResponse, error) {
		return mbs.DeleteMembership(ctx, &arv2.DeleteMembershipRequest{Id: mb.GetId()})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetMembershipResponse, error) {
		return mbs.GetMembership(ctx, &arv2.GetMembershipRequest{Id: mb.GetId()})
	})
}

func testSessions(t *testing.T, tg target) {
	sessions := arv2.NewSessionsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	s := must(t, func(ctx context.Context) (*arv2.CreateSessionResponse, error) {
		return sessions.CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(u.GetId())}})
	}).GetSession()
	if s.GetObject() != "session" || !strings.HasPrefix(s.GetId(), "kss_") || s.GetUserId() != u.GetId() || strings.Count(s.GetToken(), ".") != 2 ||
		!s.GetExpiresAt().AsTime().After(s.GetCreatedAt().AsTime()) {
		t.Fatalf("CreateSession = %v", s)
	}
	// A session is found by its id and by its token (§2.5, §4.5).
	for _, key := range []string{s.GetId(), s.GetToken()} {
		if got := must(t, func(ctx context.Context) (*arv2.GetSessionResponse, error) {
			return sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: key})
		}).GetSession(); got.GetId() != s.GetId() {
			t.Errorf("GetSession = %v", got)
		}
	}
	// List rows leave the token out.
	list := must(t, func(ctx context.Context) (*arv2.ListSessionsResponse, error) {
		return sessions.ListSessions(ctx, &arv2.ListSessionsRequest{UserId: proto.String(u.GetId())})
	})
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != s.GetId() || list.GetCollection()[0].Token != nil {
		t.Errorf("ListSessions = %v", list)
	}
	must(t, func(ctx context.Context) (*arv2.DeleteSessionResponse, error) {
		return sessions.DeleteSession(ctx, &arv2.DeleteSessionRequest{Id: s.GetId()})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetSessionResponse, error) {
		return sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: s.GetToken()})
	})
}
