package conformance_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
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
	// ownRealm is whether the suite made realm itself (and deletes it at the
	// end), so that cases may change realm-wide state there.
	ownRealm bool
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
	{"realms/lifecycle", testRealmLifecycle},
	{"users/lifecycle", testUserLifecycle},
	{"users/paging", testUserPaging},
	{"users/duplicate_email", testDuplicateEmail},
	{"users/authenticate", testAuthenticate},
	{"users/update_password", testUpdatePassword},
	{"users/not_found", testUserNotFound},
	{"users/password_token", testPasswordToken},
	{"users/email_verification", testEmailVerification},
	{"users/update_profile", testUpdateProfile},
	{"users/mfa", testMFALogin},
	{"orgs_and_memberships", testOrgsAndMemberships},
	{"invitations/lifecycle", testInvitations},
	{"invitations/accept", testAcceptInvitation},
	{"sessions", testSessions},
	{"sessions/oauth2", testOAuth2Session},
	{"credentials/totp", testTOTPCredential},
	{"credentials/password", testPasswordCredential},
	{"auth_providers/defaults", testDefaultAuthProviders},
	{"auth_providers/password_policy", testPasswordPolicy},
	{"auth_providers/social", testSocialAuthProvider},
	{"client_apps/lifecycle", testClientApps},
	{"domains/lifecycle", testDomains},
	{"jwt_keys/lifecycle", testJWTKeys},
	{"hooks/lifecycle", testHooks},
	{"events/user_created", testEvents},
	{"named_permissions/lifecycle", testNamedPermissions},
	{"resource_links/lifecycle", testResourceLinks},
	{"mailing_list_providers/lifecycle", testMailingListProviders},
	{"mailing_list_subscriptions/lifecycle", testMailingListSubscriptions},
	{"smtp_providers/lifecycle", testSMTPProviders},
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
	return target{conn: newConn(t, srv.URL+"/v2", emu.APIKey(), realm), realm: realm, ownRealm: true}
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
	cleanup(t, func(ctx context.Context) error {
		if _, err := arv2.NewRealmsServiceClient(tg.conn).DeleteRealm(ctx, &arv2.DeleteRealmRequest{Id: rl.GetId()}); err != nil {
			t.Errorf("deleting the conformance realm %s: %v", rl.GetId(), err)
		}
		return nil
	})
	tg.realm, tg.ownRealm = rl.GetId(), true
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
	cleanup(t, func(ctx context.Context) error {
		_, err := users.DeleteUser(ctx, &arv2.DeleteUserRequest{Id: u.GetId()})
		return err
	})
	return u
}

// cleanup calls f when the test ends, with a deadline of its own. Its error
// is ignored: the case may have deleted the object already.
func cleanup(t *testing.T, f func(context.Context) error) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = f(ctx)
	})
}

// skipForeignRealm is why a case that changes realm-wide state did not run.
const skipForeignRealm = "changes realm-wide state: runs only in a realm the suite makes itself " +
	"(unset AUTHROCKET_REALM to let it make one)"

// needOwnRealm skips a case that changes realm-wide state (realm settings,
// signing keys, auth providers, domains, mail delivery) unless the suite
// made the realm itself.
func needOwnRealm(t *testing.T, tg target) {
	t.Helper()
	if !tg.ownRealm {
		t.Skip(skipForeignRealm)
	}
}

// newOrg makes an org and deletes it for good at the end.
func newOrg(t *testing.T, tg target) *arv2.Org {
	t.Helper()
	orgs := arv2.NewOrgsServiceClient(tg.conn)
	o := must(t, func(ctx context.Context) (*arv2.CreateOrgResponse, error) {
		return orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Conformance " + suffix())}})
	}).GetOrg()
	cleanup(t, func(ctx context.Context) error {
		_, err := orgs.DeleteOrg(ctx, &arv2.DeleteOrgRequest{Id: o.GetId(), Force: proto.Bool(true)})
		return err
	})
	return o
}

// isJWT reports whether s looks like a compact JWS.
func isJWT(s string) bool { return strings.Count(s, ".") == 2 && !strings.Contains(s, " ") }

// resource is what every AuthRocket object has: object and id.
type resource interface {
	GetObject() string
	GetId() string
}

// page is one answer of a list endpoint.
type page[T resource] interface {
	GetCollection() []T
	GetMoreResults() bool
}

// lister asks for the page of rows after the given id (nil: the first page).
type lister[T resource] func(ctx context.Context, after *string) (page[T], error)

// findRow pages through a list with after until the row with id shows up, and
// fails the test if it does not. It returns the row.
func findRow[T resource](t *testing.T, id string, list lister[T]) T {
	t.Helper()
	var after *string
	for range 100 {
		p := must(t, func(ctx context.Context) (page[T], error) { return list(ctx, after) })
		rows := p.GetCollection()
		for _, r := range rows {
			if r.GetObject() == "" || r.GetId() == "" {
				t.Errorf("list row: object %q, id %q", r.GetObject(), r.GetId())
			}
			if r.GetId() == id {
				return r
			}
		}
		if !p.GetMoreResults() {
			break
		}
		if len(rows) == 0 {
			t.Fatal("more_results with an empty page")
		}
		after = proto.String(rows[len(rows)-1].GetId())
	}
	t.Errorf("%s is not in the list", id)
	var zero T
	return zero
}

// lifecycle drives one resource through its CRUD endpoints: create, get, list
// (when the resource lists), update, delete, and a get that is then a 404. The
// functions make the calls; run checks what every resource shares (object and
// id) and leaves the resource's own attributes to the case. Failure messages
// name only object and id: some resources carry secrets.
type lifecycle[T resource] struct {
	object string // the documented object value
	create func(context.Context) (T, error)
	get    func(context.Context, string) (T, error)
	list   lister[T]                                // nil when the resource has no list endpoint
	update func(context.Context, string) (T, error) // nil when the resource has no update endpoint
	delete func(context.Context, string) error
	alive  func(*testing.T, T) // optional: more checks before the update
}

// run returns the resource as created and as updated.
func (l lifecycle[T]) run(t *testing.T) (created, updated T) {
	t.Helper()
	created = must(t, l.create)
	id := created.GetId()
	if created.GetObject() != l.object || id == "" {
		t.Fatalf("create: object %q, id %q; want a %s", created.GetObject(), id, l.object)
	}
	cleanup(t, func(ctx context.Context) error { return l.delete(ctx, id) })
	if got := must(t, func(ctx context.Context) (T, error) { return l.get(ctx, id) }); got.GetId() != id || got.GetObject() != l.object {
		t.Errorf("get %s: object %q, id %q", id, got.GetObject(), got.GetId())
	}
	if l.list != nil {
		findRow(t, id, l.list)
	}
	if l.alive != nil {
		l.alive(t, created)
	}
	if l.update != nil {
		updated = must(t, func(ctx context.Context) (T, error) { return l.update(ctx, id) })
		if updated.GetId() != id || updated.GetObject() != l.object {
			t.Errorf("update %s: object %q, id %q", id, updated.GetObject(), updated.GetId())
		}
	}
	must(t, func(ctx context.Context) (struct{}, error) { return struct{}{}, l.delete(ctx, id) })
	failure(t, http.StatusNotFound, func(ctx context.Context) (T, error) { return l.get(ctx, id) })
	return created, updated
}
