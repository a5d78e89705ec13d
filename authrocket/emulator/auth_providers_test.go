package emulator

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// createProvider creates an auth provider and returns its id.
func (h *harness) createProvider(attrs map[string]any) string {
	h.t.Helper()
	return h.do("POST", "/v2/auth_providers", map[string]any{"auth_provider": attrs}).want(201).str("id")
}

// authURLState returns the state parameter of a login URL.
func authURLState(t *testing.T, authURL string) string {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil || u.Query().Get("state") == "" {
		t.Fatalf("auth_url %q has no state", authURL)
	}
	return u.Query().Get("state")
}

func TestAuthProviderDefaults(t *testing.T) {
	h := newHarness(t)
	list := h.do("GET", "/v2/auth_providers", nil).want(200)
	rows := list.rows()
	if len(rows) != 2 || list.more() {
		t.Fatalf("a new realm's providers: %s", list.raw)
	}
	pw, totp := rows[0], rows[1]
	for k, want := range map[string]any{"object": "auth_provider", "provider_type": "password", "state": "active", "min_length": float64(8), "realm_id": h.realm} {
		if pw[k] != want {
			t.Errorf("password provider %s = %#v, want %#v", k, pw[k], want)
		}
	}
	if totp["provider_type"] != "totp" || totp["state"] != "inactive" || totp["min_length"] != nil {
		t.Errorf("totp provider = %v", totp)
	}
	if !strings.HasPrefix(pw["id"].(string), "ap_") {
		t.Errorf("id = %v", pw["id"])
	}
	// Found by id and by provider type.
	for key, id := range map[string]any{"password": pw["id"], "totp": totp["id"], pw["id"].(string): pw["id"]} {
		if got := h.do("GET", "/v2/auth_providers/"+key, nil).want(200); got.str("id") != id {
			t.Errorf("GET %s = %s", key, got.raw)
		}
	}
	h.do("GET", "/v2/auth_providers/google", nil).wantErrors(404, "Not found")
	h.do("GET", "/v2/auth_providers/ap_nope", nil).want(404)
	// Another realm has its own.
	other, _ := h.e.CreateRealm("Other")
	if got := h.do("GET", "/v2/auth_providers/password", nil, hdr("Authrocket-Realm", other)).want(200); got.str("id") == pw["id"] || got.str("realm_id") != other {
		t.Errorf("other realm's password provider = %s", got.raw)
	}
}

func TestAuthProviderCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/auth_providers", map[string]any{"auth_provider": map[string]any{
		"provider_type": "google", "client_id": "pinky-and", "client_secret": "the-brain", "scopes": "openid email",
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "ap_") || res.str("object") != "auth_provider" || res.str("state") != "active" ||
		res.str("name") != "Google" || res.str("client_id") != "pinky-and" || res.str("scopes") != "openid email" {
		t.Fatalf("create = %s", res.raw)
	}
	if strings.Contains(string(res.raw), "the-brain") || strings.Contains(string(res.raw), "client_secret") {
		t.Errorf("the client secret is answered: %s", res.raw)
	}
	if !strings.Contains(string(res.raw), `"created_at":1735689600.0`) {
		t.Errorf("created_at not the clock's: %s", res.raw)
	}

	tests := []struct {
		name   string
		attrs  map[string]any
		en, es string
	}{
		{"taken type", map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"},
			"Provider type has already been taken", "Tipo de proveedor ya está en uso"},
		{"second password", map[string]any{"provider_type": "password"},
			"Provider type has already been taken", "Tipo de proveedor ya está en uso"},
		{"no type", map[string]any{"client_id": "a"}, "Provider type can't be blank", "Tipo de proveedor no puede estar en blanco"},
		{"unknown type", map[string]any{"provider_type": "myspace"},
			"Provider type is not included in the list", "Tipo de proveedor no está incluido en la lista"},
		{"no secret", map[string]any{"provider_type": "github", "client_id": "a"},
			"Client secret can't be blank", "Secreto de cliente no puede estar en blanco"},
		{"oauth2 without URL", map[string]any{"provider_type": "oauth2", "client_id": "a", "client_secret": "b"},
			"Authorization URL can't be blank", "URL de autorización no puede estar en blanco"},
		{"oauth2 bad URL", map[string]any{"provider_type": "oauth2", "client_id": "a", "client_secret": "b", "authorization_url": "javascript:alert(1)"},
			"Authorization URL is invalid", "URL de autorización no es válido"},
	}
	for _, tc := range tests {
		h.do("POST", "/v2/auth_providers", map[string]any{"auth_provider": tc.attrs}).wantErrors(422, tc.en)
		h.do("POST", "/v2/auth_providers", map[string]any{"auth_provider": tc.attrs}, es).wantErrors(422, tc.es)
	}
	// Several oauth2 providers may coexist.
	for range 2 {
		h.createProvider(map[string]any{"provider_type": "oauth2", "name": "Corp SSO", "client_id": "a", "client_secret": "b", "authorization_url": "https://sso.example.com/authorize"})
	}

	up := h.do("PUT", "/v2/auth_providers/"+id, map[string]any{"auth_provider": map[string]any{"state": "inactive", "name": "Google Workspace", "provider_type": "github"}}).want(200)
	if up.str("state") != "inactive" || up.str("name") != "Google Workspace" || up.str("provider_type") != "google" || up.str("client_id") != "pinky-and" {
		t.Errorf("update = %s", up.raw)
	}
	h.do("PUT", "/v2/auth_providers/"+id, map[string]any{"auth_provider": map[string]any{"state": "gone"}}).wantErrors(422, "State is not included in the list")
	h.do("PUT", "/v2/auth_providers/"+id, map[string]any{"auth_provider": map[string]any{"client_secret": ""}}).wantErrors(422, "Client secret can't be blank")
	h.do("PUT", "/v2/auth_providers/ap_nope", map[string]any{"auth_provider": map[string]any{}}).want(404)

	pw := h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"min_length": 12, "min_complexity": 2, "required_chars": []string{"number", "uppercase"}}}).want(200)
	if pw.obj["min_length"] != float64(12) || pw.obj["min_complexity"] != float64(2) || len(pw.obj["required_chars"].([]any)) != 2 {
		t.Errorf("password policy update = %s", pw.raw)
	}
	for attrs, want := range map[string]string{
		`{"min_length": 0}`:                  "Min length must be greater than 0",
		`{"min_length": "x"}`:                "Min length is not a number",
		`{"min_complexity": 5}`:              "Min complexity is not included in the list",
		`{"required_chars": ["emoji"]}`:      "Required chars is not included in the list",
		`{"required_chars": [{"a": "b"}]}`:   "Required chars is not included in the list",
		`{"name": {"not": "a string"}}`:      "Name is invalid",
		`{"state": ["active"]}`:              "State is not included in the list",
		`{"min_length": 10, "state": "bad"}`: "State is not included in the list",
	} {
		h.do("PUT", "/v2/auth_providers/password", `{"auth_provider": `+attrs+`}`).wantErrors(422, want)
	}
	// required_chars is a list like any other: one string is a list of one,
	// blank entries are dropped, repeats kept once; state is trimmed.
	rc := h.do("PUT", "/v2/auth_providers/password", `{"auth_provider": {"required_chars": [" number", "", "number", "symbol "], "state": " active "}}`).want(200)
	if got, _ := rc.obj["required_chars"].([]any); len(got) != 2 || got[0] != "number" || got[1] != "symbol" || rc.str("state") != "active" {
		t.Errorf("required_chars with blanks and repeats = %s", rc.raw)
	}
	h.do("PUT", "/v2/auth_providers/password", `{"auth_provider": {"required_chars": ["number", "uppercase"]}}`).want(200)
	if got := h.do("GET", "/v2/auth_providers/password", nil).want(200); got.obj["min_length"] != float64(12) {
		t.Errorf("a refused update changed the provider: %s", got.raw)
	}

	before := len(h.do("GET", "/v2/auth_providers", nil).want(200).rows())
	if got := h.do("DELETE", "/v2/auth_providers/"+id, nil).want(200); got.str("id") != id {
		t.Errorf("delete = %s", got.raw)
	}
	if after := len(h.do("GET", "/v2/auth_providers", nil).want(200).rows()); after != before-1 {
		t.Errorf("%d providers after delete, want %d", after, before-1)
	}
	h.do("GET", "/v2/auth_providers/"+id, nil).want(404)
	h.do("DELETE", "/v2/auth_providers/"+id, nil).want(404)
	// A deleted type can be created again.
	h.createProvider(map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"})
}

func TestAuthProviderListPagingAndFilters(t *testing.T) {
	h := newHarness(t)
	gh := h.createProvider(map[string]any{"provider_type": "github", "client_id": "a", "client_secret": "b", "name": "Aardvark"})
	h.createProvider(map[string]any{"provider_type": "slack", "client_id": "a", "client_secret": "b", "state": "inactive"})
	all := h.do("GET", "/v2/auth_providers", nil).want(200).ids()
	if len(all) != 4 {
		t.Fatalf("ids = %v", all)
	}
	p1 := h.do("GET", "/v2/auth_providers?max_results=3", nil).want(200)
	p2 := h.do("GET", "/v2/auth_providers?max_results=3&after="+p1.ids()[2], nil).want(200)
	if !p1.more() || p2.more() || strings.Join(append(p1.ids(), p2.ids()...), ",") != strings.Join(all, ",") {
		t.Errorf("pages %v %v, want %v", p1.ids(), p2.ids(), all)
	}
	if got := h.do("GET", "/v2/auth_providers?sort=name&max_results=1", nil).want(200).ids(); got[0] != gh {
		t.Errorf("sort=name first = %v", got)
	}
	if got := h.do("GET", "/v2/auth_providers?direction=desc", nil).want(200).ids(); got[0] != all[3] {
		t.Errorf("desc = %v", got)
	}
	if got := h.do("GET", "/v2/auth_providers?state=inactive", nil).want(200).rows(); len(got) != 2 {
		t.Errorf("state=inactive = %v", got)
	}
	if got := h.do("GET", "/v2/auth_providers?provider_type[]=github&provider_type[]=totp", nil).want(200).rows(); len(got) != 2 {
		t.Errorf("provider_type filter = %v", got)
	}
	h.do("GET", "/v2/auth_providers?sort=state", nil).wantErrors(422, "Invalid sort: must be one of id, name")
	h.do("GET", "/v2/auth_providers?max_results=0", nil).want(422)
}

func TestPasswordPolicyFromProvider(t *testing.T) {
	h := newHarness(t)
	h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"min_length": 12}}).want(200)
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "a@example.com", "password": "ten chars!"}}).
		wantErrors(422, "Password is too short (minimum is 12 characters)")
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "a@example.com", "password": "ten chars!"}}, es).
		wantErrors(422, "Contraseña es demasiado corto (12 caracteres mínimo)")
	h.createUser("a@example.com", "twelve chars", nil)

	h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"min_length": 4, "required_chars": []string{"lowercase", "uppercase", "number", "symbol"}}}).want(200)
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "b@example.com", "password": "abcd"}}).
		wantErrors(422, "Password must include an uppercase letter", "Password must include a number", "Password must include a symbol")
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "b@example.com", "password": "ABCD"}}, es).
		wantErrors(422, "Contraseña debe incluir una letra minúscula", "Contraseña debe incluir un número", "Contraseña debe incluir un símbolo")
	h.createUser("b@example.com", "aB3$", nil)
	// A single string is one set.
	h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"required_chars": "number"}}).want(200)
	h.do("PUT", "/v2/users/b@example.com", map[string]any{"user": map[string]any{"password": "abcdefgh"}}).wantErrors(422, "Password must include a number")

	// An inactive password provider turns password logins off; the
	// password stays.
	h.do("POST", "/v2/users/a@example.com/authenticate", map[string]any{"user": map[string]any{"password": "twelve chars"}}).want(201)
	h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"state": "inactive"}}).want(200)
	h.do("POST", "/v2/users/a@example.com/authenticate", map[string]any{"user": map[string]any{"password": "twelve chars"}}).wantErrors(422, "Login failed")
	// Without a password provider, the default length applies.
	h.do("DELETE", "/v2/auth_providers/password", nil).want(200)
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "c@example.com", "password": "seven77"}}).
		wantErrors(422, "Password is too short (minimum is 8 characters)")
	h.do("POST", "/v2/users/a@example.com/authenticate", map[string]any{"user": map[string]any{"password": "twelve chars"}}).wantErrors(422, "Login failed")
}

func TestResetRestoresDefaultProviders(t *testing.T) {
	h := newHarness(t)
	h.createProvider(map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"})
	h.do("PUT", "/v2/auth_providers/password", map[string]any{"auth_provider": map[string]any{"min_length": 20}}).want(200)
	old := h.do("GET", "/v2/auth_providers/totp", nil).want(200).str("id")
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	rows := h.do("GET", "/v2/auth_providers", nil).want(200).rows()
	if len(rows) != 2 || rows[0]["min_length"] != float64(8) || rows[1]["provider_type"] != "totp" || rows[1]["id"] == old {
		t.Errorf("providers after reset = %v", rows)
	}
}

func TestAuthorizeURLs(t *testing.T) {
	h := newHarness(t)
	if rows := h.do("GET", "/v2/auth_providers/authorize?redirect_uri=https://local.dev/", nil).want(200).rows(); len(rows) != 0 {
		t.Errorf("password and totp listed: %v", rows)
	}
	fb := h.createProvider(map[string]any{"provider_type": "facebook", "client_id": "dummy-1", "client_secret": "dummy-2", "scopes": "email"})
	h.createProvider(map[string]any{"provider_type": "github", "client_id": "gh", "client_secret": "x", "state": "inactive"})
	sso := h.createProvider(map[string]any{"provider_type": "oauth2", "name": "Corp SSO", "client_id": "corp", "client_secret": "x", "authorization_url": "https://sso.example.com/authorize?tenant=7"})

	list := h.do("GET", "/v2/auth_providers/authorize?redirect_uri=https://local.dev/cb&nonce=n-1", nil).want(200)
	rows := list.rows()
	if len(rows) != 2 || list.more() || rows[0]["id"] != fb || rows[1]["id"] != sso {
		t.Fatalf("login URLs = %s", list.raw)
	}
	if rows[0]["provider_type"] != "facebook" || len(rows[0]) != 3 {
		t.Errorf("row = %v, want id, provider_type and auth_url only", rows[0])
	}
	u, _ := url.Parse(rows[0]["auth_url"].(string))
	q := u.Query()
	if u.Scheme+"://"+u.Host+u.Path != "https://www.facebook.com/dialog/oauth" || q.Get("client_id") != "dummy-1" ||
		q.Get("redirect_uri") != "https://local.dev/cb" || q.Get("response_type") != "code" || q.Get("scope") != "email" ||
		q.Get("nonce") != "n-1" || len(q.Get("state")) < 20 {
		t.Errorf("auth_url = %s", u)
	}
	if s := rows[1]["auth_url"].(string); !strings.HasPrefix(s, "https://sso.example.com/authorize?tenant=7&") || strings.Contains(s, "dummy-2") {
		t.Errorf("oauth2 auth_url = %s", s)
	}

	one := h.do("GET", "/v2/auth_providers/"+fb+"/authorize?redirect_uri=https://local.dev/", nil).want(200)
	if one.str("id") != fb || one.str("provider_type") != "facebook" || authURLState(t, one.str("auth_url")) == authURLState(t, rows[0]["auth_url"].(string)) {
		t.Errorf("one login URL = %s", one.raw)
	}
	h.do("GET", "/v2/auth_providers/facebook/authorize?redirect_uri=https://local.dev/", nil).want(200)
	h.do("GET", "/v2/auth_providers/password/authorize?redirect_uri=https://local.dev/", nil).
		wantErrors(422, "Auth provider is not an active social or OAuth2 provider")
	h.do("GET", "/v2/auth_providers/github/authorize?redirect_uri=https://local.dev/", nil, es).
		wantErrors(422, "El proveedor de autenticación no es un proveedor social u OAuth2 activo")
	h.do("GET", "/v2/auth_providers/ap_nope/authorize?redirect_uri=https://local.dev/", nil).want(404)
	h.do("GET", "/v2/auth_providers/authorize", nil).wantErrors(422, "Redirect URI can't be blank")
	h.do("GET", "/v2/auth_providers/authorize?redirect_uri=local.dev", nil, es).wantErrors(422, "URI de redirección no es válido")
	h.do("GET", "/v2/auth_providers/"+fb+"/authorize?redirect_uri=", nil).wantErrors(422, "Redirect URI can't be blank")
	// The literal route is not taken for an id, and other methods are refused.
	h.do("PUT", "/v2/auth_providers/authorize", map[string]any{}).want(404)
	h.do("DELETE", "/v2/auth_providers/authorize", nil).want(404)
}

func TestAuthorizeCodeLogin(t *testing.T) {
	h := newHarness(t)
	fb := h.createProvider(map[string]any{"provider_type": "facebook", "client_id": "dummy-1", "client_secret": "dummy-2"})
	authURL := h.do("GET", "/v2/auth_providers/"+fb+"/authorize?redirect_uri=https://local.dev/&nonce=abc", nil).want(200).str("auth_url")
	state := authURLState(t, authURL)

	// A code the provider would refuse: errors and a fresh login URL.
	bad := h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "invalid", "state": state})
	bad.wantErrors(422, "Error validating code")
	retry := bad.str("retry_url")
	if !strings.HasPrefix(retry, "https://www.facebook.com/dialog/oauth?") || authURLState(t, retry) == state || !strings.Contains(retry, "nonce=abc") {
		t.Errorf("retry_url = %q", retry)
	}
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:not-an-email", "state": state}, es).wantErrors(422, "Error al validar el código")
	// The nonce, when sent, must be the login URL's.
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": state, "nonce": "other"}).wantErrors(422, "Error validating code")

	res := h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:Ann@Example.com", "state": state, "nonce": "abc", "request": map[string]any{"ip": "10.1.1.1"}}).want(201)
	if res.str("object") != "session" || !strings.HasPrefix(res.str("id"), "kss_") || strings.Count(res.str("token"), ".") != 2 {
		t.Fatalf("login = %s", res.raw)
	}
	uid := res.str("user_id")
	user := h.do("GET", "/v2/users/"+uid, nil).want(200)
	creds := user.obj["credentials"].([]any)
	if user.str("email") != "ann@example.com" || user.str("email_verification") != "verified" || len(creds) != 1 || user.obj["last_login_at"] == nil {
		t.Fatalf("social user = %s", user.raw)
	}
	if cr := creds[0].(map[string]any); cr["credential_type"] != "facebook" || cr["auth_provider_id"] != fb || cr["provider_user_id"] != "ann@example.com" {
		t.Errorf("social credential = %v", cr)
	}
	if got := h.do("GET", "/v2/sessions/"+res.str("token"), nil).want(200); got.str("id") != res.str("id") {
		t.Errorf("session by token = %s", got.raw)
	}
	// A state works once; an unknown one gives no retry_url.
	used := h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": state})
	used.wantErrors(422, "Error validating code")
	if _, ok := used.obj["retry_url"]; ok {
		t.Errorf("retry_url without a known state: %s", used.raw)
	}
	// The next login finds the same user; an existing user by email gains
	// the credential.
	again := h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": authURLState(t, retry)}).want(201)
	if again.str("user_id") != uid {
		t.Errorf("second login user %s, want %s", again.str("user_id"), uid)
	}
	bob := h.createUser("bob@example.com", "password1", nil)
	state2 := authURLState(t, h.do("GET", "/v2/auth_providers/facebook/authorize?redirect_uri=https://local.dev/", nil).want(200).str("auth_url"))
	if got := h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:bob@example.com", "state": state2}).want(201); got.str("user_id") != bob {
		t.Errorf("login of an existing user = %s", got.raw)
	}
	if n := len(h.do("GET", "/v2/users/"+bob, nil).want(200).obj["credentials"].([]any)); n != 2 {
		t.Errorf("bob has %d credentials, want password + facebook", n)
	}

	// Login URLs expire after 30 minutes, and die with their provider.
	late := authURLState(t, h.do("GET", "/v2/auth_providers/facebook/authorize?redirect_uri=https://local.dev/", nil).want(200).str("auth_url"))
	gone := authURLState(t, h.do("GET", "/v2/auth_providers/facebook/authorize?redirect_uri=https://local.dev/", nil).want(200).str("auth_url"))
	h.clock.Advance(31 * time.Minute)
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": late}).wantErrors(422, "Error validating code")
	fresh := authURLState(t, h.do("GET", "/v2/auth_providers/facebook/authorize?redirect_uri=https://local.dev/", nil).want(200).str("auth_url"))
	h.do("DELETE", "/v2/auth_providers/"+fb, nil).want(200)
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": fresh}).wantErrors(422, "Error validating code")
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:ann@example.com", "state": gone}).want(422)
	h.do("POST", "/v2/auth_providers/authorize", map[string]any{}).wantErrors(422, "Error validating code")

	logins, created := 0, false
	for _, ev := range h.recordedEvents() {
		switch ev.eventType {
		case "user.login.succeeded":
			logins++
			if ev.authProviderID != fb || ev.sessionID == "" || ev.userID == "" {
				t.Errorf("login event = %+v", ev)
			}
		case "user.created":
			created = created || ev.userID == uid
		case "user.login.failed", "user.login.initiated":
			t.Errorf("event %+v", ev)
		}
	}
	if logins != 3 || !created {
		t.Errorf("%d user.login.succeeded events (want 3); user.created for the new user: %v", logins, created)
	}
}

func TestAuthorizeTokenLogin(t *testing.T) {
	h := newHarness(t)
	gh := h.createProvider(map[string]any{"provider_type": "github", "client_id": "a", "client_secret": "b"})
	res := h.do("POST", "/v2/auth_providers/"+gh+"/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).want(201)
	if res.str("object") != "session" || res.str("token") == "" {
		t.Fatalf("login = %s", res.raw)
	}
	if again := h.do("POST", "/v2/auth_providers/github/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).want(201); again.str("user_id") != res.str("user_id") {
		t.Errorf("by type: %s", again.raw)
	}
	h.do("POST", "/v2/auth_providers/"+gh+"/authorize", map[string]any{"access_token": "gho_real_looking"}).wantErrors(422, "Error validating access token")
	h.do("POST", "/v2/auth_providers/"+gh+"/authorize", map[string]any{}, es).wantErrors(422, "Error al validar el token de acceso")
	h.do("POST", "/v2/auth_providers/totp/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).want(422)
	h.do("POST", "/v2/auth_providers/ap_nope/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).want(404)
	// An inactive user cannot log in this way either.
	h.do("PUT", "/v2/users/"+res.str("user_id"), map[string]any{"user": map[string]any{"state": "inactive"}}).want(200)
	h.do("POST", "/v2/auth_providers/"+gh+"/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).wantErrors(422, "Login failed")
	evs := h.recordedEvents()
	if last := evs[len(evs)-1]; last.eventType != "user.login.failed" || last.userID != res.str("user_id") || last.authProviderID != gh {
		t.Errorf("last event = %+v", last)
	}
	h.do("PUT", "/v2/auth_providers/"+gh, map[string]any{"auth_provider": map[string]any{"state": "inactive"}}).want(200)
	h.do("POST", "/v2/auth_providers/"+gh+"/authorize", map[string]any{"access_token": "emulator:other@example.com"}).
		wantErrors(422, "Auth provider is not an active social or OAuth2 provider")
}
