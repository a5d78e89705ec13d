package conformance_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func testUserLifecycle(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	tag := suffix()
	// AuthRocket stores emails in lower case.
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
	// The create answer embeds the password credential.
	if len(u.GetCredentials()) != 1 || u.GetCredentials()[0].GetCredentialType() != "password" || !strings.HasPrefix(u.GetCredentials()[0].GetId(), "crd_") {
		t.Errorf("credentials = %v", u.GetCredentials())
	}
	// A user can be named by its email.
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

// testUserPaging pages through three users with after and max_results: default
// order is by id, which is creation order.
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
	const password = "correct horse battery staple"
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String(password)})
	res := must(t, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return authenticate(ctx, tg, u.GetId(), password, "")
	})
	wantSession(t, "AuthenticateUser", res.GetSession(), u.GetId())
	// The email works as the id, and a wrong password is 422 "Login failed",
	// localized.
	for locale, want := range map[string]string{"en": "Login failed", "es": "Error al iniciar sesión"} {
		ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
			return authenticate(ctx, tg, u.GetEmail(), "wrong password", locale)
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

// wantSession checks that s is a new session of user with its login token. It
// names the token only by its shape: tokens are secrets.
func wantSession(t *testing.T, what string, s *arv2.Session, user string) {
	t.Helper()
	if s.GetObject() != "session" || !strings.HasPrefix(s.GetId(), "kss_") || s.GetUserId() != user || !isJWT(s.GetToken()) {
		t.Errorf("%s: session object %q, id %q, user %q, token a JWT: %v; want a session of %s", what,
			s.GetObject(), s.GetId(), s.GetUserId(), isJWT(s.GetToken()), user)
	}
}

// wantToken checks that tok is a one-time token with prefix, of user unless
// user is "" (the tmf: token's body is not documented).
func wantToken(t *testing.T, what string, tok *arv2.Token, prefix, user string) {
	t.Helper()
	if tok.GetObject() != "token" || !strings.HasPrefix(tok.GetToken(), prefix) || (user != "" && tok.GetUserId() != user) {
		t.Errorf("%s: token object %q, %s prefix: %v, user %q; want a %s token of %s", what,
			tok.GetObject(), prefix, strings.HasPrefix(tok.GetToken(), prefix), tok.GetUserId(), prefix, user)
	}
}

// authenticate checks a password, in locale when it is not "".
func authenticate(ctx context.Context, tg target, id, password, locale string) (*arv2.AuthenticateUserResponse, error) {
	if locale != "" {
		ctx = withLocale(ctx, locale)
	}
	return arv2.NewUsersServiceClient(tg.conn).AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: id, User: &arv2.AuthenticateUserInput{Password: password}})
}

// loginFails checks that password is refused with 422 "Login failed".
func loginFails(t *testing.T, tg target, id, password string) {
	t.Helper()
	ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return authenticate(ctx, tg, id, password, "")
	})
	if !slices.Contains(ae.Messages, "Login failed") {
		t.Errorf("messages = %q, want Login failed", ae.Messages)
	}
}

// testPasswordToken resets a password with a tpw: token, which logs the user
// in.
func testPasswordToken(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String("first password 1")})
	tok := must(t, func(ctx context.Context) (*arv2.GenerateUserPasswordTokenResponse, error) {
		return users.GenerateUserPasswordToken(ctx, &arv2.GenerateUserPasswordTokenRequest{Id: u.GetId()})
	}).GetToken()
	wantToken(t, "GenerateUserPasswordToken", tok, "tpw:", u.GetId())
	res := must(t, func(ctx context.Context) (*arv2.ResetUserPasswordWithTokenResponse, error) {
		return users.ResetUserPasswordWithToken(ctx, &arv2.ResetUserPasswordWithTokenRequest{User: &arv2.ResetUserPasswordWithTokenInput{
			Token: tok.GetToken(), Password: proto.String("second password 2"), PasswordConfirmation: proto.String("second password 2"),
		}})
	})
	wantSession(t, "ResetUserPasswordWithToken", res.GetSession(), u.GetId())
	wantSession(t, "AuthenticateUser", must(t, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return authenticate(ctx, tg, u.GetId(), "second password 2", "")
	}).GetSession(), u.GetId())
	loginFails(t, tg, u.GetId(), "first password 1")
}

// testEmailVerification verifies an email with a tve: token.
func testEmailVerification(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	if u.GetEmailVerification() != "none" { // the default
		t.Errorf("CreateUser: email_verification %q, want none", u.GetEmailVerification())
	}
	tok := must(t, func(ctx context.Context) (*arv2.RequestUserEmailVerificationResponse, error) {
		return users.RequestUserEmailVerification(ctx, &arv2.RequestUserEmailVerificationRequest{Id: u.GetId()})
	}).GetToken()
	wantToken(t, "RequestUserEmailVerification", tok, "tve:", u.GetId())
	got := must(t, func(ctx context.Context) (*arv2.VerifyUserEmailResponse, error) {
		return users.VerifyUserEmail(ctx, &arv2.VerifyUserEmailRequest{User: &arv2.VerifyUserEmailInput{Token: tok.GetToken()}})
	}).GetUser()
	if got.GetObject() != "user" || got.GetId() != u.GetId() || got.GetEmailVerification() != "verified" || got.GetEmail() != u.GetEmail() {
		t.Errorf("VerifyUserEmail = %v", got)
	}
}

// testUpdateProfile changes a user's profile; the new username works as the
// user's key.
func testUpdateProfile(t *testing.T, tg target) {
	users := arv2.NewUsersServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{FirstName: proto.String("Ada"), LastName: proto.String("Lovelace")})
	username := "conformance" + suffix()
	up := must(t, func(ctx context.Context) (*arv2.UpdateUserProfileResponse, error) {
		return users.UpdateUserProfile(ctx, &arv2.UpdateUserProfileRequest{Id: u.GetId(), User: &arv2.UpdateUserProfileInput{
			FirstName: proto.String("Augusta"), Username: proto.String(username),
		}})
	}).GetUser()
	if up.GetObject() != "user" || up.GetId() != u.GetId() || up.GetFirstName() != "Augusta" || up.GetLastName() != "Lovelace" ||
		up.GetUsername() != username || up.GetEmail() != u.GetEmail() {
		t.Errorf("UpdateUserProfile = %v", up)
	}
	if got := must(t, func(ctx context.Context) (*arv2.GetUserResponse, error) {
		return users.GetUser(ctx, &arv2.GetUserRequest{Id: username})
	}).GetUser(); got.GetId() != u.GetId() {
		t.Errorf("GetUser(username) = %v", got)
	}
}

// testMFALogin logs in a user with an active TOTP credential in two steps:
// authenticate answers a tmf: token, authenticate_token trades it and a code
// of the authenticator app for the session.
func testMFALogin(t *testing.T, tg target) {
	needOwnRealm(t, tg) // the totp provider must be active
	users := arv2.NewUsersServiceClient(tg.conn)
	const password = "correct horse battery staple"
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String(password)})
	crd := verifyTOTP(t, tg, newTOTPCredential(t, tg, u))
	res := must(t, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return authenticate(ctx, tg, u.GetId(), password, "")
	})
	if res.GetSession() != nil {
		t.Fatalf("AuthenticateUser answered a session for a user with an active TOTP credential")
	}
	wantToken(t, "AuthenticateUser", res.GetToken(), "tmf:", "")
	s := must(t, func(ctx context.Context) (*arv2.AuthenticateUserTokenResponse, error) {
		return users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{User: &arv2.AuthenticateUserTokenInput{
			Token: res.GetToken().GetToken(), Code: totp(t, crd.secret, time.Now()),
		}})
	}).GetSession()
	wantSession(t, "AuthenticateUserToken", s, u.GetId())

	// A password reset logs the user in the same way: a tmf: token, not a
	// session.
	tpw := must(t, func(ctx context.Context) (*arv2.GenerateUserPasswordTokenResponse, error) {
		return users.GenerateUserPasswordToken(ctx, &arv2.GenerateUserPasswordTokenRequest{Id: u.GetId()})
	}).GetToken()
	reset := must(t, func(ctx context.Context) (*arv2.ResetUserPasswordWithTokenResponse, error) {
		return users.ResetUserPasswordWithToken(ctx, &arv2.ResetUserPasswordWithTokenRequest{User: &arv2.ResetUserPasswordWithTokenInput{
			Token: tpw.GetToken(), Password: proto.String(password + " 2"), PasswordConfirmation: proto.String(password + " 2"),
		}})
	})
	if reset.GetSession() != nil {
		t.Fatalf("ResetUserPasswordWithToken answered a session for a user with an active TOTP credential")
	}
	wantToken(t, "ResetUserPasswordWithToken", reset.GetToken(), "tmf:", "")
}
