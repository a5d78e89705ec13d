package emulator

import (
	"testing"
	"time"
)

func TestOAuth2CodeFlow(t *testing.T) {
	h := newHarness(t)
	app := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "API", "redirect_uris": []string{"http://localhost:3000/", "https://app.example/cb"}})
	appID, secret := app.str("id"), app.str("secret")
	u := h.createUser("oauth@example.com", "", map[string]any{"first_name": "Oa", "username": "oa"})
	dom := h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}}).want(201)

	start := h.do("POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": appID, "user_id": u}}).want(201)
	id, code := start.str("id"), start.str("code")
	if start.str("object") != "oauth2_session" || id[:4] != "kss_" || len(code) != 40 || start.str("user_id") != u ||
		start.str("client_app_id") != appID || start.str("redirect_uri") != "http://localhost:3000/" ||
		start.obj["expires_at"] != float64(t0.Add(10*time.Minute).Unix()) || start.obj["access_token"] != nil {
		t.Fatalf("create %s", start.raw)
	}
	if got := h.do("GET", "/v2/sessions/oauth2/"+id, nil).want(200); got.str("code") != code {
		t.Errorf("get before the exchange %s", got.raw)
	}
	// sessions/oauth2 is not a session id, and a code is not yet a session.
	h.do("GET", "/v2/sessions/oauth2", nil).want(404)
	h.do("GET", "/v2/sessions/"+id, nil).want(404)

	exchange := func(body map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/sessions/oauth2/code", map[string]any{"session": body}, opts...)
	}
	exchange(map[string]any{}).wantErrors(422, "Client app can't be blank", "Client app secret can't be blank", "Code can't be blank")
	exchange(map[string]any{"client_app_id": appID, "client_app_secret": "wrong", "code": code}).wantErrors(422, "Client app secret is invalid")
	exchange(map[string]any{"client_app_id": appID, "client_app_secret": "wrong", "code": code}, es).wantErrors(422, "Secreto de la aplicación cliente no es válido")
	exchange(map[string]any{"client_app_id": appID, "client_app_secret": secret, "code": "nope"}).wantErrors(422, "Code is invalid")
	exchange(map[string]any{"client_app_id": "ca_nope", "client_app_secret": secret, "code": code}).wantErrors(422, "Client app not found")

	tok := exchange(map[string]any{"client_app_id": appID, "client_app_secret": secret, "code": code}).want(200)
	if tok.str("id") != id || tok.obj["code"] != nil || tok.str("token_type") != "Bearer" || tok.obj["expires_in"] != float64(3600) ||
		tok.obj["expires_at"] != float64(t0.Add(time.Hour).Unix()) {
		t.Fatalf("exchange %s", tok.raw)
	}
	profile, _ := tok.obj["profile"].(map[string]any)
	if profile["sub"] != u || profile["email"] != "oauth@example.com" || profile["preferred_username"] != "oa" || profile["given_name"] != "Oa" {
		t.Errorf("profile %v", profile)
	}
	// The access token is the new session's login token, verifiable with the
	// realm's JWKS; the id token names the app as its audience.
	sess := h.do("GET", "/v2/sessions/"+tok.str("access_token"), nil).want(200)
	if sess.str("id") != id || sess.str("client_app_id") != appID || sess.str("user_id") != u {
		t.Errorf("session %s", sess.raw)
	}
	_, doc := h.fetchJWKS(LoginRocketPrefix+dom.str("fqdn")+"/connect/jwks", "")
	for _, jwt := range []string{tok.str("access_token"), tok.str("id_token")} {
		if err := verifyWithJWKS(jwt, doc); err != nil {
			t.Errorf("token vs JWKS: %v", err)
		}
	}
	_, idClaims, _, _ := decodeJWT(t, tok.str("id_token"))
	if idClaims["aud"] != appID || idClaims["sid"] != id || idClaims["sub"] != u {
		t.Errorf("id token claims %v", idClaims)
	}
	// Once only.
	exchange(map[string]any{"client_app_id": appID, "client_app_secret": secret, "code": code}).wantErrors(422, "Code is invalid")
	h.clock.Advance(30 * time.Minute)
	if got := h.do("GET", "/v2/sessions/oauth2/"+id, nil).want(200); got.str("access_token") != tok.str("access_token") || got.obj["expires_in"] != float64(1800) {
		t.Errorf("get after the exchange %s", got.raw)
	}
	// Ending the session ends the OAuth2 session.
	h.do("DELETE", "/v2/sessions/"+id, nil).want(200)
	h.do("GET", "/v2/sessions/oauth2/"+id, nil).want(404)
}

func TestOAuth2CodeRules(t *testing.T) {
	h := newHarness(t)
	app := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "A", "redirect_uris": []string{"https://app.example/cb"}})
	other := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "B", "redirect_uris": []string{"https://b.example/"}})
	std := h.createClientApp(map[string]any{"client_type": "standard", "name": "S", "redirect_uris": []string{"https://s.example/"}})
	u := h.createUser("rules@example.com", "", nil)
	start := func(body map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/sessions/oauth2", map[string]any{"session": body}, opts...)
	}
	start(map[string]any{}).wantErrors(422, "Client app can't be blank", "User can't be blank")
	start(map[string]any{"client_app_id": std.str("id"), "user_id": "usr_nope"}).wantErrors(422, "Client app is not an OAuth2 app", "User not found")
	start(map[string]any{"client_app_id": app.str("id"), "user_id": u, "redirect_uri": "https://evil.example/cb"}).wantErrors(422, "Redirect URI is invalid")
	start(map[string]any{"client_app_id": app.str("id"), "user_id": u, "redirect_uri": "https://app.example/cbx"}, es).wantErrors(422, "URI de redirección no es válido")
	// Equal or more specific redirect URIs are allowed.
	for _, uri := range []string{"https://app.example/cb", "https://app.example/cb?state=1", "https://app.example/cb/deeper"} {
		if got := start(map[string]any{"client_app_id": app.str("id"), "user_id": u, "redirect_uri": uri}).want(201); got.str("redirect_uri") != uri {
			t.Errorf("redirect_uri %q: %s", uri, got.raw)
		}
	}

	// A code is bound to its app, and expires after 10 minutes.
	code := start(map[string]any{"client_app_id": app.str("id"), "user_id": u}).want(201)
	h.do("POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{
		"client_app_id": other.str("id"), "client_app_secret": other.str("secret"), "code": code.str("code"),
	}}).wantErrors(422, "Code is invalid")
	h.clock.Advance(10*time.Minute + time.Second)
	h.do("POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{
		"client_app_id": app.str("id"), "client_app_secret": app.str("secret"), "code": code.str("code"),
	}}).wantErrors(422, "Code is invalid")
	h.do("GET", "/v2/sessions/oauth2/"+code.str("id"), nil).want(404)

	// An inactive app cannot start logins; a deleted one takes its codes.
	fresh := start(map[string]any{"client_app_id": app.str("id"), "user_id": u}).want(201).str("id")
	h.do("PUT", "/v2/client_apps/"+other.str("id"), map[string]any{"client_app": map[string]any{"state": "inactive"}}).want(200)
	start(map[string]any{"client_app_id": other.str("id"), "user_id": u}).wantErrors(422, "Client app is inactive")
	h.do("DELETE", "/v2/client_apps/"+app.str("id"), nil).want(200)
	h.do("GET", "/v2/sessions/oauth2/"+fresh, nil).want(404)
}
