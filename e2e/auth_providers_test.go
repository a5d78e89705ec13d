package e2e

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"net/http"
	"net/url"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// stateOf returns the state parameter of a login URL.
func stateOf(t *testing.T, authURL string) string {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil || u.Query().Get("state") == "" {
		t.Fatalf("auth_url %q has no state", authURL)
	}
	return u.Query().Get("state")
}

// TestAuthProvidersEveryRPC calls every AuthProvidersService RPC over gRPC,
// then every auth_providers route over REST, including the literal
// `authorize` routes next to `{id}` and a social login through the
// emulator's code convention ("emulator:" + email).
func TestAuthProvidersEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	aps := arv2.NewAuthProvidersServiceClient(e.conn)
	sessions := arv2.NewSessionsServiceClient(e.conn)

	// A new realm's two providers; the password one found by its type.
	list := call(aps.ListAuthProviders(ctx, &arv2.ListAuthProvidersRequest{})).must(t)
	if len(list.GetCollection()) != 2 || list.GetMoreResults() || list.GetCollection()[0].GetProviderType() != "password" ||
		list.GetCollection()[0].GetMinLength() != 8 || list.GetCollection()[1].GetState() != "inactive" {
		t.Fatalf("ListAuthProviders = %v", list)
	}
	pw := call(aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "password"})).must(t).GetAuthProvider()
	if pw.GetObject() != "auth_provider" || pw.GetId() != list.GetCollection()[0].GetId() || pw.GetRealmId() != e.realm {
		t.Errorf("GetAuthProvider(password) = %v", pw)
	}
	page := call(aps.ListAuthProviders(ctx, &arv2.ListAuthProvidersRequest{MaxResults: proto.Int32(1), After: proto.String(pw.GetId())})).must(t)
	if len(page.GetCollection()) != 1 || page.GetCollection()[0].GetProviderType() != "totp" || page.GetMoreResults() {
		t.Errorf("ListAuthProviders after = %v", page)
	}

	var header metadata.MD
	fb := call(aps.CreateAuthProvider(ctx, &arv2.CreateAuthProviderRequest{AuthProvider: &arv2.AuthProviderInput{
		ProviderType: proto.String("facebook"), ClientId: proto.String("dummy-1"), ClientSecret: proto.String("dummy-2-secret"),
	}}, grpc.Header(&header))).must(t).GetAuthProvider()
	if !strings.HasPrefix(fb.GetId(), "ap_") || fb.GetProviderType() != "facebook" || fb.GetState() != "active" || fb.GetClientId() != "dummy-1" {
		t.Fatalf("CreateAuthProvider = %v", fb)
	}
	if raw, _ := proto.Marshal(fb); strings.Contains(string(raw), "dummy-2-secret") {
		t.Errorf("the client secret is handed back: %v", fb)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	up := call(aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: pw.GetId(), AuthProvider: &arv2.AuthProviderInput{
		MinLength: proto.Int32(12), RequiredChars: []string{"number"},
	}})).must(t).GetAuthProvider()
	if up.GetMinLength() != 12 || len(up.GetRequiredChars()) != 1 || up.GetState() != "active" {
		t.Errorf("UpdateAuthProvider = %v", up)
	}
	_, err := aps.CreateAuthProvider(ctx, &arv2.CreateAuthProviderRequest{AuthProvider: &arv2.AuthProviderInput{ProviderType: proto.String("facebook"), ClientId: proto.String("a"), ClientSecret: proto.String("b")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Provider type has already been taken" {
		t.Errorf("duplicate type message = %q", st.Message())
	}

	// Login URLs, then a social login with the state and an emulator code.
	urls := call(aps.ListAuthProviderAuthorizeUrls(ctx, &arv2.ListAuthProviderAuthorizeUrlsRequest{RedirectUri: "https://local.dev/cb", Nonce: proto.String("n1")})).must(t)
	if len(urls.GetCollection()) != 1 || urls.GetCollection()[0].GetId() != fb.GetId() || !strings.HasPrefix(urls.GetCollection()[0].GetAuthUrl(), "https://www.facebook.com/") {
		t.Fatalf("ListAuthProviderAuthorizeUrls = %v", urls)
	}
	one := call(aps.GetAuthProviderAuthorizeUrl(ctx, &arv2.GetAuthProviderAuthorizeUrlRequest{Id: fb.GetId(), RedirectUri: "https://local.dev/cb"})).must(t).GetAuthProvider()
	state := stateOf(t, one.GetAuthUrl())
	_, err = aps.AuthorizeAuthProvider(ctx, &arv2.AuthorizeAuthProviderRequest{Code: "invalid", State: state})
	st := wantCode(t, err, codes.InvalidArgument)
	if st.Message() != "Error validating code" {
		t.Errorf("bad code message = %q", st.Message())
	}
	// AuthRocket's retry_url (a fresh login URL) reaches the caller.
	retry := ""
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			retry = ei.GetMetadata()["authrocketRetryUrl"]
		}
	}
	if !strings.HasPrefix(retry, "https://www.facebook.com/") {
		t.Errorf("ErrorInfo authrocketRetryUrl = %q, want a login URL", retry)
	}
	s := call(aps.AuthorizeAuthProvider(ctx, &arv2.AuthorizeAuthProviderRequest{
		Code: "emulator:social@example.com", State: state, Request: &arv2.RequestContext{Ip: proto.String("10.2.2.2")},
	})).must(t).GetSession()
	if s.GetObject() != "session" || !strings.HasPrefix(s.GetId(), "kss_") || strings.Count(s.GetToken(), ".") != 2 {
		t.Fatalf("AuthorizeAuthProvider = %v", s)
	}
	if got := call(sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: s.GetToken()})).must(t).GetSession(); got.GetUserId() != s.GetUserId() {
		t.Errorf("the social session's JWT does not find it: %v", got)
	}
	tok := call(aps.AuthorizeAuthProviderToken(ctx, &arv2.AuthorizeAuthProviderTokenRequest{Id: "facebook", AccessToken: "emulator:social@example.com"})).must(t).GetSession()
	if tok.GetUserId() != s.GetUserId() || tok.GetToken() == "" {
		t.Errorf("AuthorizeAuthProviderToken = %v (want the same user %s)", tok, s.GetUserId())
	}
	_, err = aps.AuthorizeAuthProviderToken(ctx, &arv2.AuthorizeAuthProviderTokenRequest{Id: fb.GetId(), AccessToken: "EAAB-not-ours"})
	wantCode(t, err, codes.InvalidArgument)

	del := call(aps.DeleteAuthProvider(ctx, &arv2.DeleteAuthProviderRequest{Id: fb.GetId()})).must(t).GetAuthProvider()
	if del.GetId() != fb.GetId() {
		t.Errorf("DeleteAuthProvider = %v", del)
	}
	_, err = aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: fb.GetId()})
	wantCode(t, err, codes.NotFound)

	// The gateway refuses malformed requests before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error {
			_, err := aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "ap_1/../x"})
			return err
		},
		"unknown type": func() error {
			_, err := aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "authorize"})
			return err
		},
		"type on delete": func() error {
			_, err := aps.DeleteAuthProvider(ctx, &arv2.DeleteAuthProviderRequest{Id: "password"})
			return err
		},
		"bad type": func() error {
			_, err := aps.CreateAuthProvider(ctx, &arv2.CreateAuthProviderRequest{AuthProvider: &arv2.AuthProviderInput{ProviderType: proto.String("myspace")}})
			return err
		},
		"bad required_chars": func() error {
			_, err := aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: pw.GetId(), AuthProvider: &arv2.AuthProviderInput{RequiredChars: []string{"emoji"}}})
			return err
		},
		"no redirect_uri": func() error {
			_, err := aps.ListAuthProviderAuthorizeUrls(ctx, &arv2.ListAuthProviderAuthorizeUrlsRequest{})
			return err
		},
		"no state": func() error {
			_, err := aps.AuthorizeAuthProvider(ctx, &arv2.AuthorizeAuthProviderRequest{Code: "emulator:a@example.com"})
			return err
		},
		"hostile id on token login": func() error {
			_, err := aps.AuthorizeAuthProviderToken(ctx, &arv2.AuthorizeAuthProviderTokenRequest{Id: "..", AccessToken: "x"})
			return err
		},
		"no root element": func() error { _, err := aps.CreateAuthProvider(ctx, &arv2.CreateAuthProviderRequest{}); return err },
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	if got := restDo(t, e, 200, "GET", "/v2/auth_providers/totp", nil); got["provider_type"] != "totp" || got["object"] != "auth_provider" {
		t.Errorf("GET /v2/auth_providers/totp = %v", got)
	}
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/auth_providers", map[string]any{"auth_provider": map[string]any{
		"provider_type": "google", "client_id": "pinky-and", "client_secret": "the-brain",
	}})
	gid, _ := created["id"].(string)
	if created["object"] != "auth_provider" || !strings.HasPrefix(gid, "ap_") || created["state"] != "active" {
		t.Fatalf("POST /v2/auth_providers = %v", created)
	}
	if _, ok := created["client_secret"]; ok {
		t.Errorf("client_secret answered: %v", created)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/auth_providers/"+gid, map[string]any{"auth_provider": map[string]any{"name": "Workspace"}}); got["name"] != "Workspace" || got["client_id"] != "pinky-and" {
		t.Errorf("PUT = %v", got)
	}
	rows, _ := restDo(t, e, 200, "GET", "/v2/auth_providers?provider_type=google", nil)["collection"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["id"] != gid {
		t.Errorf("GET /v2/auth_providers?provider_type = %v", rows)
	}
	// The literal authorize routes are not taken for an {id}.
	urlList := restDo(t, e, 200, "GET", "/v2/auth_providers/authorize?redirect_uri=https://local.dev/&nonce=xyz", nil)
	if rows, _ := urlList["collection"].([]any); len(rows) != 1 || rows[0].(map[string]any)["provider_type"] != "google" || urlList["more_results"] != false {
		t.Errorf("GET /v2/auth_providers/authorize = %v", urlList)
	}
	oneURL := restDo(t, e, 200, "GET", "/v2/auth_providers/"+gid+"/authorize?redirect_uri=https://local.dev/", nil)
	authURL, _ := oneURL["auth_url"].(string)
	if oneURL["id"] != gid || !strings.HasPrefix(authURL, "https://accounts.google.com/") {
		t.Errorf("GET /v2/auth_providers/{id}/authorize = %v", oneURL)
	}
	bad := restDo(t, e, 422, "POST", "/v2/auth_providers/authorize", map[string]any{"code": "invalid", "state": stateOf(t, authURL)}, "Accept-Language", "es")
	if errs, _ := bad["errors"].([]any); len(errs) != 1 || errs[0] != "Error al validar el código" {
		t.Errorf("bad code = %v", bad)
	}
	// AuthRocket's retry_url, a fresh login URL, stays at the top level.
	retry, _ = bad["retry_url"].(string)
	stateOf(t, retry)
	login := restDo(t, e, http.StatusCreated, "POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:rest@example.com", "state": stateOf(t, authURL)})
	if login["object"] != "session" || login["token"] == nil || login["user_id"] == nil {
		t.Errorf("POST /v2/auth_providers/authorize = %v (want the flat session)", login)
	}
	byToken := restDo(t, e, http.StatusCreated, "POST", "/v2/auth_providers/"+gid+"/authorize", map[string]any{"access_token": "emulator:rest@example.com"})
	if byToken["object"] != "session" || byToken["user_id"] != login["user_id"] {
		t.Errorf("POST /v2/auth_providers/{id}/authorize = %v", byToken)
	}
	restDo(t, e, 422, "GET", "/v2/auth_providers/password/authorize?redirect_uri=https://local.dev/", nil)
	restDo(t, e, 200, "DELETE", "/v2/auth_providers/"+gid, nil)
	restDo(t, e, 404, "GET", "/v2/auth_providers/"+gid, nil)
	restDo(t, e, 400, "GET", "/v2/auth_providers/crd_1", nil)
	restDo(t, e, 400, "PUT", "/v2/auth_providers/..", map[string]any{"auth_provider": map[string]any{}})

	e.gateway.stop() // a clean stop writes the whole audit trail
	// Client secrets, codes and access tokens are in no log.
	for _, secret := range []string{"dummy-2-secret", "the-brain", "emulator:", state} {
		if strings.Contains(e.gateway.Output(), secret) || strings.Contains(e.emulator.Output(), secret) {
			t.Errorf("a log contains %q", secret)
		}
	}
}
