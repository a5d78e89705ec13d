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

// TestOauth2SessionsEveryRPC calls SessionsService's OAuth2 RPCs over gRPC,
// then their routes over REST: a code is issued, exchanged once with the
// app's secret, and sessions/oauth2/… never reaches GetSession.
func TestOauth2SessionsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	apps := arv2.NewClientAppsServiceClient(e.conn)
	users := arv2.NewUsersServiceClient(e.conn)
	sessions := arv2.NewSessionsServiceClient(e.conn)
	app := call(apps.CreateClientApp(ctx, &arv2.CreateClientAppRequest{ClientApp: &arv2.ClientAppInput{
		ClientType: proto.String("oauth2"), Name: proto.String("OAuth2 e2e"), RedirectUris: []string{"https://app.example/cb"},
	}})).must(t).GetClientApp()
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("oauth2@example.com")}})).must(t).GetUser().GetId()

	var header metadata.MD
	started := call(sessions.CreateOauth2Session(ctx, &arv2.CreateOauth2SessionRequest{Session: &arv2.Oauth2SessionInput{
		ClientAppId: proto.String(app.GetId()), UserId: proto.String(uid),
	}}, grpc.Header(&header))).must(t).GetSession()
	if started.GetObject() != "oauth2_session" || !strings.HasPrefix(started.GetId(), "kss_") || started.GetCode() == "" ||
		started.GetRedirectUri() != "https://app.example/cb" || started.GetClientAppId() != app.GetId() || started.GetExpiresAt() == nil {
		t.Fatalf("CreateOauth2Session = %v", started)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	if got := call(sessions.GetOauth2Session(ctx, &arv2.GetOauth2SessionRequest{Id: started.GetId()})).must(t).GetSession(); got.GetCode() != started.GetCode() {
		t.Errorf("GetOauth2Session = %v", got)
	}
	_, err := sessions.ExchangeOauth2Code(ctx, &arv2.ExchangeOauth2CodeRequest{Session: &arv2.Oauth2CodeInput{
		ClientAppId: proto.String(app.GetId()), ClientAppSecret: proto.String("not-the-secret"), Code: proto.String(started.GetCode()),
	}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Client app secret is invalid" {
		t.Errorf("wrong secret: %q", st.Message())
	}
	exchange := &arv2.ExchangeOauth2CodeRequest{Session: &arv2.Oauth2CodeInput{
		ClientAppId: proto.String(app.GetId()), ClientAppSecret: proto.String(app.GetSecret()), Code: proto.String(started.GetCode()),
	}}
	tok := call(sessions.ExchangeOauth2Code(ctx, exchange)).must(t).GetSession()
	if tok.GetId() != started.GetId() || tok.GetTokenType() != "Bearer" || tok.GetExpiresIn() <= 0 || tok.Code != nil ||
		tok.GetProfile().GetFields()["sub"].GetStringValue() != uid || strings.Count(tok.GetIdToken(), ".") != 2 {
		t.Fatalf("ExchangeOauth2Code = %v", tok)
	}
	if err := verifyWithJWKS(t, e.loginrocket, tok.GetAccessToken()); err != nil {
		t.Errorf("access token vs JWKS: %v", err)
	}
	sess := call(sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: tok.GetAccessToken()})).must(t).GetSession()
	if sess.GetId() != tok.GetId() || sess.GetClientAppId() != app.GetId() {
		t.Errorf("the exchange's session = %v", sess)
	}
	_, err = sessions.ExchangeOauth2Code(ctx, exchange)
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Code is invalid" {
		t.Errorf("second exchange: %q", st.Message())
	}

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"session id": func() error {
			_, err := sessions.GetOauth2Session(ctx, &arv2.GetOauth2SessionRequest{Id: "kss_1/../x"})
			return err
		},
		"not a kss_": func() error {
			_, err := sessions.GetOauth2Session(ctx, &arv2.GetOauth2SessionRequest{Id: "code"})
			return err
		},
		"bad user": func() error {
			_, err := sessions.CreateOauth2Session(ctx, &arv2.CreateOauth2SessionRequest{Session: &arv2.Oauth2SessionInput{UserId: proto.String("org_1")}})
			return err
		},
		"bad app": func() error {
			_, err := sessions.ExchangeOauth2Code(ctx, &arv2.ExchangeOauth2CodeRequest{Session: &arv2.Oauth2CodeInput{ClientAppId: proto.String("../x")}})
			return err
		},
		"no root": func() error {
			_, err := sessions.ExchangeOauth2Code(ctx, &arv2.ExchangeOauth2CodeRequest{})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as the Ruby SDK's Oauth2Session calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{
		"client_app_id": app.GetId(), "user_id": uid, "redirect_uri": "https://app.example/cb?x=1",
	}})
	id, code := created["id"].(string), created["code"].(string)
	if created["object"] != "oauth2_session" || id == "" || code == "" || created["redirect_uri"] != "https://app.example/cb?x=1" {
		t.Fatalf("POST /v2/sessions/oauth2 = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/sessions/oauth2/"+id, nil); got["code"] != code || got["object"] != "oauth2_session" {
		t.Errorf("GET /v2/sessions/oauth2/%s = %v", id, got)
	}
	// The OAuth2 literal never reaches GetSession: sessions/oauth2 alone is
	// GetSession with an invalid id, refused before AuthRocket.
	noUpstream = e.noUpstreamSince(t)
	restDo(t, e, 400, "GET", "/v2/sessions/oauth2", nil)
	restDo(t, e, 400, "GET", "/v2/sessions/oauth2/code", nil)
	noUpstream("refused REST requests")
	restDo(t, e, 404, "GET", "/v2/sessions/"+id, nil) // not a session until the exchange
	restDo(t, e, 422, "POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{
		"client_app_id": app.GetId(), "client_app_secret": app.GetSecret(), "code": "wrong",
	}})
	got := restDo(t, e, 200, "POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{
		"client_app_id": app.GetId(), "client_app_secret": app.GetSecret(), "code": code,
	}})
	if got["id"] != id || got["token_type"] != "Bearer" || got["access_token"] == nil || got["code"] != nil {
		t.Fatalf("POST /v2/sessions/oauth2/code = %v", got)
	}
	if _, ok := got["expires_at"].(float64); !ok {
		t.Errorf("expires_at = %#v, want epoch seconds", got["expires_at"])
	}
	if s := restDo(t, e, 200, "GET", "/v2/sessions/"+id, nil); s["client_app_id"] != app.GetId() {
		t.Errorf("GET /v2/sessions/%s = %v", id, s)
	}
	restDo(t, e, 200, "DELETE", "/v2/sessions/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/sessions/oauth2/"+id, nil)
}
