package e2e

import (
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// TestUserTokensEveryRPC calls the UsersService RPCs that hand out or use
// one-time tokens (tpw: password reset, tve: email verification) over gRPC,
// then their routes over REST.
func TestUserTokensEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	u := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{
		Email: proto.String("tokens@example.com"), Password: proto.String("old password"),
	}})).must(t).GetUser()

	var header metadata.MD
	tpw := call(users.GenerateUserPasswordToken(ctx, &arv2.GenerateUserPasswordTokenRequest{Id: "tokens@example.com"}, grpc.Header(&header))).must(t).GetToken()
	if tpw.GetObject() != "token" || !strings.HasPrefix(tpw.GetToken(), "tpw:") || tpw.GetUserId() != u.GetId() {
		t.Fatalf("GenerateUserPasswordToken = %v", tpw)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "200" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	if got := e.lastUpstream(t).Body; got != "{}" {
		t.Errorf("GenerateUserPasswordToken sent AuthRocket %s, want an unwrapped (empty) body", got)
	}
	reset := &arv2.ResetUserPasswordWithTokenRequest{User: &arv2.ResetUserPasswordWithTokenInput{
		Token: tpw.GetToken(), Password: proto.String("new password"), PasswordConfirmation: proto.String("new password"),
	}}
	res := call(users.ResetUserPasswordWithToken(ctx, reset)).must(t)
	if s := res.GetSession(); s.GetObject() != "session" || s.GetUserId() != u.GetId() || strings.Count(s.GetToken(), ".") != 2 {
		t.Fatalf("ResetUserPasswordWithToken = %v", res)
	}
	call(users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: u.GetId(), User: &arv2.AuthenticateUserInput{Password: "new password"}})).must(t)
	_, err := users.ResetUserPasswordWithToken(ctx, reset)
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Token is invalid" {
		t.Errorf("second use: %q", st.Message())
	}

	tve := call(users.RequestUserEmailVerification(ctx, &arv2.RequestUserEmailVerificationRequest{Id: u.GetId()})).must(t).GetToken()
	if !strings.HasPrefix(tve.GetToken(), "tve:") || tve.GetUserId() != u.GetId() {
		t.Fatalf("RequestUserEmailVerification = %v", tve)
	}
	if got := call(users.GetUser(ctx, &arv2.GetUserRequest{Id: u.GetId()})).must(t).GetUser(); got.GetEmailVerification() != "requested" {
		t.Errorf("email_verification = %q", got.GetEmailVerification())
	}
	verified := call(users.VerifyUserEmail(ctx, &arv2.VerifyUserEmailRequest{User: &arv2.VerifyUserEmailInput{Token: tve.GetToken()}})).must(t).GetUser()
	if verified.GetId() != u.GetId() || verified.GetEmailVerification() != "verified" {
		t.Errorf("VerifyUserEmail = %v", verified)
	}

	// Malformed requests are refused before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error {
			_, err := users.GenerateUserPasswordToken(ctx, &arv2.GenerateUserPasswordTokenRequest{Id: "../orgs"})
			return err
		},
		"id with a slash": func() error {
			_, err := users.RequestUserEmailVerification(ctx, &arv2.RequestUserEmailVerificationRequest{Id: "usr_1/x"})
			return err
		},
		"tve: token for a reset": func() error {
			_, err := users.ResetUserPasswordWithToken(ctx, &arv2.ResetUserPasswordWithTokenRequest{User: &arv2.ResetUserPasswordWithTokenInput{Token: tve.GetToken()}})
			return err
		},
		"no user element": func() error {
			_, err := users.ResetUserPasswordWithToken(ctx, &arv2.ResetUserPasswordWithTokenRequest{})
			return err
		},
		"tpw: token to verify": func() error {
			_, err := users.VerifyUserEmail(ctx, &arv2.VerifyUserEmailRequest{User: &arv2.VerifyUserEmailInput{Token: tpw.GetToken()}})
			return err
		},
		"bad realm": func() error {
			_, err := users.GenerateUserPasswordToken(ctx, &arv2.GenerateUserPasswordTokenRequest{Id: u.GetId(), RealmId: proto.String("rl_../x")})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it: unwrapped token requests, wrapped uses.
	tok := restDo(t, e, 200, "POST", "/v2/users/tokens@example.com/generate_password_token", map[string]any{})
	if tok["object"] != "token" || !strings.HasPrefix(tok["token"].(string), "tpw:") || tok["user_id"] != u.GetId() || len(tok) != 3 {
		t.Fatalf("POST generate_password_token = %v (want the flat token)", tok)
	}
	sess := restDo(t, e, http.StatusCreated, "POST", "/v2/users/reset_password_with_token", map[string]any{
		"user":    map[string]any{"token": tok["token"], "password": "third password", "password_confirmation": "third password"},
		"request": map[string]any{"ip": "10.0.0.7"},
	})
	if sess["object"] != "session" || sess["user_id"] != u.GetId() || sess["token"] == "" {
		t.Fatalf("POST reset_password_with_token = %v (want the flat session)", sess)
	}
	if errs := restDo(t, e, 422, "POST", "/v2/users/reset_password_with_token", map[string]any{
		"user": map[string]any{"token": tok["token"], "password": "fourth password"},
	}, "Accept-Language", "es")["errors"].([]any); len(errs) != 1 || errs[0] != "Token no es válido" {
		t.Errorf("reused token: %v", errs)
	}
	tok = restDo(t, e, 200, "POST", "/v2/users/"+u.GetId()+"/request_email_verification", nil)
	if !strings.HasPrefix(tok["token"].(string), "tve:") {
		t.Fatalf("POST request_email_verification = %v", tok)
	}
	usr := restDo(t, e, 200, "POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok["token"]}})
	if usr["object"] != "user" || usr["id"] != u.GetId() || usr["email_verification"] != "verified" {
		t.Errorf("POST verify_email = %v (want the flat user)", usr)
	}
	assertNotLogged(t, e, tpw.GetToken(), tve.GetToken(), tok["token"].(string), "third password")
	restDo(t, e, 404, "POST", "/v2/users/nobody@example.com/generate_password_token", map[string]any{})
	restDo(t, e, 400, "POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": "nope"}})
}

// assertNotLogged fails if the gateway or the emulator wrote any of the
// values (tokens, passwords) to its output.
func assertNotLogged(t *testing.T, e *env, values ...string) {
	t.Helper()
	for _, p := range []*proc{e.gateway, e.emulator} {
		out := p.Output()
		for _, v := range values {
			if v != "" && strings.Contains(out, v) {
				t.Errorf("a token or password is in the output: %.8s…", v)
			}
		}
	}
}
