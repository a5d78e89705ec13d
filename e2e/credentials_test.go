package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// totpNow is the code an authenticator app shows now for a credential's
// otp_secret (the emulator binary runs on the wall clock).
func totpNow(t *testing.T, secret string) string {
	t.Helper()
	code, err := emulator.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestCredentialsEveryRPC calls every CredentialsService RPC over gRPC and
// every credentials route over REST, and finishes logins that need a second
// factor with UsersService.AuthenticateUserToken (POST
// /v2/users/authenticate_token): TOTP enrollment, verification with a real
// RFC 6238 code, then authenticate → tmf: token → session.
func TestCredentialsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	creds := arv2.NewCredentialsServiceClient(e.conn)
	aps := arv2.NewAuthProvidersServiceClient(e.conn)

	u := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("cred@example.com"), Password: proto.String("first password")}})).must(t).GetUser()
	pwID := u.GetCredentials()[0].GetId()
	pw := call(creds.GetCredential(ctx, &arv2.GetCredentialRequest{Id: pwID})).must(t).GetCredential()
	if pw.GetObject() != "credential" || pw.GetCredentialType() != "password" || pw.GetUserId() != u.GetId() || pw.GetState() != "active" {
		t.Fatalf("GetCredential = %v", pw)
	}
	call(creds.UpdateCredential(ctx, &arv2.UpdateCredentialRequest{Id: pwID, Credential: &arv2.CredentialInput{Password: proto.String("second password")}})).must(t)
	_, err := creds.UpdateCredential(ctx, &arv2.UpdateCredentialRequest{Id: pwID, Credential: &arv2.CredentialInput{Password: proto.String("short")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Password is too short (minimum is 8 characters)" {
		t.Errorf("short password message = %q", st.Message())
	}

	// TOTP needs the realm's totp provider to be active.
	_, err = creds.CreateCredential(ctx, &arv2.CreateCredentialRequest{Credential: &arv2.CredentialInput{UserId: proto.String(u.GetId()), CredentialType: proto.String("totp"), Name: proto.String("Phone")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Auth provider is not active" {
		t.Errorf("inactive totp message = %q", st.Message())
	}
	totpProvider := call(aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "totp"})).must(t).GetAuthProvider()
	call(aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: totpProvider.GetId(), AuthProvider: &arv2.AuthProviderInput{State: proto.String("active")}})).must(t)
	totp := call(creds.CreateCredential(ctx, &arv2.CreateCredentialRequest{Credential: &arv2.CredentialInput{
		UserId: proto.String(u.GetId()), CredentialType: proto.String("totp"), AuthProviderId: proto.String(totpProvider.GetId()), Name: proto.String("Phone"),
	}})).must(t).GetCredential()
	if totp.GetState() != "new" || totp.GetOtpSecret() == "" || !strings.HasPrefix(totp.GetProvisioningUri(), "otpauth://totp/") ||
		!strings.HasPrefix(totp.GetProvisioningSvg(), "<svg") || totp.GetAuthProviderId() != totpProvider.GetId() {
		t.Fatalf("CreateCredential(totp) = %v", totp)
	}
	_, err = creds.VerifyCredential(ctx, &arv2.VerifyCredentialRequest{Id: totp.GetId(), Credential: &arv2.VerifyCredentialInput{Code: "123456"}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Verification failed" {
		t.Errorf("wrong code message = %q", st.Message())
	}
	verified := call(creds.VerifyCredential(ctx, &arv2.VerifyCredentialRequest{Id: totp.GetId(), Credential: &arv2.VerifyCredentialInput{Code: totpNow(t, totp.GetOtpSecret())}})).must(t).GetCredential()
	if verified.GetState() != "active" || verified.OtpSecret != nil {
		t.Errorf("VerifyCredential = %v", verified)
	}

	// Now a good password answers a tmf: token, and the code finishes the login.
	auth := call(users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: u.GetId(), User: &arv2.AuthenticateUserInput{Password: "second password"}})).must(t)
	if auth.GetToken() == nil || !strings.HasPrefix(auth.GetToken().GetToken(), "tmf:") || auth.GetToken().GetUserId() != u.GetId() {
		t.Fatalf("AuthenticateUser with MFA = %v", auth)
	}
	_, err = users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{User: &arv2.AuthenticateUserTokenInput{Token: auth.GetToken().GetToken(), Code: "000000"}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Login failed" {
		t.Errorf("wrong second factor message = %q", st.Message())
	}
	s := call(users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{
		User:    &arv2.AuthenticateUserTokenInput{Token: auth.GetToken().GetToken(), Code: totpNow(t, totp.GetOtpSecret())},
		Request: &arv2.RequestContext{Ip: proto.String("10.3.3.3")},
	})).must(t).GetSession()
	if s.GetObject() != "session" || s.GetUserId() != u.GetId() || strings.Count(s.GetToken(), ".") != 2 {
		t.Fatalf("AuthenticateUserToken = %v", s)
	}
	_, err = users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{User: &arv2.AuthenticateUserTokenInput{Token: auth.GetToken().GetToken(), Code: totpNow(t, totp.GetOtpSecret())}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Token is invalid or has expired" {
		t.Errorf("used token message = %q", st.Message())
	}

	if got := call(creds.DeleteCredential(ctx, &arv2.DeleteCredentialRequest{Id: totp.GetId()})).must(t).GetCredential(); got.GetId() != totp.GetId() {
		t.Errorf("DeleteCredential = %v", got)
	}
	_, err = creds.GetCredential(ctx, &arv2.GetCredentialRequest{Id: totp.GetId()})
	wantCode(t, err, codes.NotFound)

	// The gateway refuses malformed requests before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error {
			_, err := creds.GetCredential(ctx, &arv2.GetCredentialRequest{Id: "crd_1/../x"})
			return err
		},
		"wrong prefix": func() error {
			_, err := creds.DeleteCredential(ctx, &arv2.DeleteCredentialRequest{Id: "usr_1"})
			return err
		},
		"bad type": func() error {
			_, err := creds.CreateCredential(ctx, &arv2.CreateCredentialRequest{Credential: &arv2.CredentialInput{CredentialType: proto.String("kerberos")}})
			return err
		},
		"no code": func() error {
			_, err := creds.VerifyCredential(ctx, &arv2.VerifyCredentialRequest{Id: totp.GetId(), Credential: &arv2.VerifyCredentialInput{}})
			return err
		},
		"not a tmf: token": func() error {
			_, err := users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{User: &arv2.AuthenticateUserTokenInput{Token: "tpw:abc", Code: "123456"}})
			return err
		},
		"no root element": func() error {
			_, err := users.AuthenticateUserToken(ctx, &arv2.AuthenticateUserTokenRequest{})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/credentials", map[string]any{"credential": map[string]any{
		"user_id": u.GetId(), "auth_provider_id": totpProvider.GetId(), "credential_type": "totp", "name": "Test",
	}})
	cid, _ := created["id"].(string)
	secret, _ := created["otp_secret"].(string)
	if created["object"] != "credential" || !strings.HasPrefix(cid, "crd_") || created["state"] != "new" || secret == "" {
		t.Fatalf("POST /v2/credentials = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/credentials/"+cid, nil); got["otp_secret"] != secret {
		t.Errorf("GET /v2/credentials/{id} while new = %v", got)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/credentials/"+cid, map[string]any{"credential": map[string]any{"name": "Tablet"}}); got["name"] != "Tablet" {
		t.Errorf("PUT /v2/credentials/{id} = %v", got)
	}
	failed := restDo(t, e, 422, "POST", "/v2/credentials/"+cid+"/verify", map[string]any{"credential": map[string]any{"code": "123456"}}, "Accept-Language", "es")
	if errs, _ := failed["errors"].([]any); len(errs) != 1 || errs[0] != "La verificación falló" {
		t.Errorf("wrong code = %v", failed)
	}
	if got := restDo(t, e, 200, "POST", "/v2/credentials/"+cid+"/verify", map[string]any{"credential": map[string]any{"code": totpNow(t, secret)}}); got["state"] != "active" || got["otp_secret"] != nil {
		t.Errorf("POST /v2/credentials/{id}/verify = %v", got)
	}
	tok := restDo(t, e, http.StatusCreated, "POST", "/v2/users/cred@example.com/authenticate", map[string]any{"user": map[string]any{"password": "second password"}})
	if tok["object"] != "token" || !strings.HasPrefix(tok["token"].(string), "tmf:") {
		t.Fatalf("authenticate with MFA = %v (want the flat token)", tok)
	}
	sess := restDo(t, e, http.StatusCreated, "POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok["token"], "code": totpNow(t, secret)}})
	if sess["object"] != "session" || sess["user_id"] != u.GetId() || sess["token"] == nil {
		t.Errorf("POST /v2/users/authenticate_token = %v", sess)
	}
	restDo(t, e, 422, "POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok["token"], "code": totpNow(t, secret)}})
	restDo(t, e, 200, "DELETE", "/v2/credentials/"+cid, nil)
	restDo(t, e, 404, "GET", "/v2/credentials/"+cid, nil)
	restDo(t, e, 400, "GET", "/v2/credentials/ap_1", nil)
	restDo(t, e, 400, "POST", "/v2/credentials/%2e%2e/verify", map[string]any{"credential": map[string]any{"code": "1"}})

	e.gateway.stop() // a clean stop writes the whole audit trail
	// Passwords, TOTP secrets and tmf: tokens are in no log.
	for _, secret := range []string{"first password", "second password", totp.GetOtpSecret(), secret, auth.GetToken().GetToken(), tok["token"].(string)} {
		if strings.Contains(e.gateway.Output(), secret) || strings.Contains(e.emulator.Output(), secret) {
			t.Errorf("a log contains a secret (%.8s…)", secret)
		}
	}
}
