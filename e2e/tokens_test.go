package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// loginToken makes a user (with an org membership) in realm through the
// operator's direct access to AuthRocket, then a session through the
// gateway, and returns the session's token.
func loginToken(t *testing.T, e *env, realm, email string) (token, userID, sessionID string) {
	t.Helper()
	q := "?realm_id=" + realm
	u := e.authrocket(t, "POST", "/v2/users"+q, map[string]any{"user": map[string]any{"email": email, "first_name": "Ada", "last_name": "Lovelace", "reference": "ref-" + email}})
	o := e.authrocket(t, "POST", "/v2/orgs"+q, map[string]any{"org": map[string]any{"name": "Widgets " + email}})
	e.authrocket(t, "POST", "/v2/memberships"+q, map[string]any{"membership": map[string]any{"user_id": u["id"], "org_id": o["id"], "permissions": []string{"billing"}}})
	// The session is made through the gateway, as a service would.
	code, _, s := e.rest(t, "POST", "/v2/sessions"+q, map[string]any{"session": map[string]any{"user_id": u["id"]}})
	if code != http.StatusCreated {
		t.Fatalf("POST /v2/sessions through the gateway: %d %v", code, s)
	}
	return s["token"].(string), u["id"].(string), s["id"].(string)
}

// verify calls VerifyToken over gRPC.
func verify(t *testing.T, e *env, req *gatewayv1.VerifyTokenRequest) *gatewayv1.VerifyTokenResponse {
	t.Helper()
	res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), req)
	if err != nil {
		t.Fatalf("VerifyToken: %v", err)
	}
	return res
}

// reasonOfToken is the reason an answer gives, or "valid".
func reasonOfToken(res *gatewayv1.VerifyTokenResponse) string {
	if res.GetSession() != nil {
		return "valid"
	}
	return res.GetInvalidToken().GetReason().String()
}

// TestVerifyTokenEveryKeySource: tokens that AuthRocket minted verify to
// their session, user and memberships on both transports, with keys read
// through the API (RS256 and HS256 realms, with and without ar.orgs), from
// LoginRocket's JWKS, and from AUTHROCKET_JWT_KEY_FILE, whose rotation
// takes effect without a restart.
func TestVerifyTokenEveryKeySource(t *testing.T) {
	t.Run("realm keys through the API", func(t *testing.T) {
		e := newEnv(t)
		hs := e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "HS", "jwt_algo": "hs256", "jwt_scopes": "ar.orgs"}})["id"].(string)
		for _, tc := range []struct {
			realm    string
			orgs     bool
			wantAlgo string
		}{{e.realm, false, "RS256"}, {hs, true, "HS256"}} {
			token, userID, sessionID := loginToken(t, e, tc.realm, "api-"+tc.wantAlgo+"@example.com")
			if alg := tokenHeader(t, token)["alg"]; alg != tc.wantAlgo {
				t.Fatalf("the emulator signed %s, want %s", alg, tc.wantAlgo)
			}
			res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(withRequestID(e.ctx(t), "verify-"+tc.wantAlgo), &gatewayv1.VerifyTokenRequest{Token: token})
			if err != nil {
				t.Fatal(err)
			}
			s := res.GetSession()
			// The realm's key was read through the API for this call: its
			// audit record says so.
			if r := auditFor(t, e.gateway, "verify-"+tc.wantAlgo); r.UpstreamStatus != http.StatusOK || r.AuthRocketRequestID == "" || r.Realm != tc.realm {
				t.Errorf("audit record %+v, want AuthRocket's 200 and the realm", r)
			}
			u := s.GetUser()
			if s.GetId() != sessionID || s.GetUserId() != userID || u.GetRealmId() != tc.realm || u.GetFirstName() != "Ada" ||
				u.GetLastName() != "Lovelace" || u.GetReference() != "ref-api-"+tc.wantAlgo+"@example.com" || s.GetToken() != token {
				t.Errorf("%s: session %v", tc.wantAlgo, s)
			}
			if got := len(u.GetMemberships()); tc.orgs != (got == 1) {
				t.Errorf("%s (ar.orgs %v): %d memberships", tc.wantAlgo, tc.orgs, got)
			} else if tc.orgs && (u.GetMemberships()[0].GetPermissions()[0] != "billing" || !u.GetMemberships()[0].GetSelected() ||
				!strings.HasPrefix(u.GetMemberships()[0].GetOrg().GetName(), "Widgets")) {
				t.Errorf("membership %v", u.GetMemberships()[0])
			}
			// REST: AuthRocket's flat session object, times as epoch seconds.
			code, _, body := e.rest(t, "POST", "/gateway/v1/tokens:verify", map[string]any{"token": token})
			if code != http.StatusOK || body["object"] != "session" || body["id"] != sessionID || body["user_id"] != userID {
				t.Errorf("REST %s: %d %v", tc.wantAlgo, code, body)
			}
			if _, ok := body["expires_at"].(float64); !ok {
				t.Errorf("REST expires_at = %#v, want epoch seconds", body["expires_at"])
			}
		}
	})

	t.Run("LoginRocket's JWKS", func(t *testing.T) {
		e := newEnvWith(t, gatewayOptions{env: func(_ *testing.T, e *env) []string { return []string{"LOGINROCKET_URL=" + e.loginrocket} }})
		token, _, sessionID := loginToken(t, e, e.realm, "jwks@example.com")
		if s := verify(t, e, &gatewayv1.VerifyTokenRequest{Token: token}).GetSession(); s.GetId() != sessionID {
			t.Fatalf("session %v", s)
		}
		// A new key of the realm: its kid is unknown until the JWKS is
		// fetched again, which the first token signed with it causes.
		k := e.authrocket(t, "POST", "/v2/jwt_keys?realm_id="+e.realm, map[string]any{"jwt_key": map[string]any{"algo": "rs256"}})
		rotated, _, rotatedID := loginToken(t, e, e.realm, "jwks-rotated@example.com")
		if kid := tokenHeader(t, rotated)["kid"]; kid != k["id"] {
			t.Fatalf("the new token's kid %v, want the new key %v", kid, k["id"])
		}
		// Within 10 s of the last fetch (logintoken.KeyRefreshInterval) the
		// gateway cannot tell: UNAVAILABLE, with when to retry; then it
		// fetches the set again and the token verifies.
		if _, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), &gatewayv1.VerifyTokenRequest{Token: rotated}); status.Code(err) != codes.Unavailable {
			t.Errorf("a new kid just after a fetch: %v, want UNAVAILABLE", err)
		}
		eventually(t, "verifying the rotated key's token", func() bool {
			res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), &gatewayv1.VerifyTokenRequest{Token: rotated})
			return err == nil && res.GetSession().GetId() == rotatedID
		})
		// A kid LoginRocket does not have: the set is fetched again (it is
		// older than the refresh interval or not), and the answer is clear.
		stranger, _ := rsa.GenerateKey(rand.Reader, 2048)
		unknown, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "https://authrocket.com", "sub": "usr_1", "sid": "kss_1", "rid": e.realm,
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}).SignedString(stranger)
		if err != nil {
			t.Fatal(err)
		}
		unknown = strings.Replace(unknown, strings.Split(unknown, ".")[0], base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","kid":"no-such-kid","typ":"JWT"}`)), 1)
		// Just after a fetch: it cannot tell yet (a flood of made-up kids
		// costs LoginRocket nothing).
		if _, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), &gatewayv1.VerifyTokenRequest{Token: unknown}); status.Code(err) != codes.Unavailable {
			t.Errorf("an unknown kid just after a fetch: %v, want UNAVAILABLE", err)
		}
		// The gateway serves the keys it trusts, kids as LoginRocket's.
		res, err := http.Get(e.httpURL + "/connect/jwks")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var doc struct {
			Keys []map[string]any `json:"keys"`
		}
		if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /connect/jwks: %d %v", res.StatusCode, err)
		}
		kids := map[any]bool{}
		for _, k := range doc.Keys {
			kids[k["kid"]] = true
			if k["kty"] != "RSA" || k["n"] == nil || k["x5c"] == nil || k["k"] != nil || k["d"] != nil {
				t.Errorf("JWKS key %v", k)
			}
		}
		if !kids[tokenHeader(t, token)["kid"]] || !kids[k["id"]] {
			t.Errorf("the gateway's JWKS has kids %v, want both of the realm's RS256 keys", kids)
		}
	})

	t.Run("every realm beside LoginRocket's", func(t *testing.T) {
		// LOGINROCKET_URL is the default realm's JWKS; tokens of other
		// realms, RS256 and HS256, are verified with their own keys read
		// through the API, and each realm's JWKS is served.
		e := newEnvWith(t, gatewayOptions{env: func(_ *testing.T, e *env) []string { return []string{"LOGINROCKET_URL=" + e.loginrocket} }})
		rs := e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Other RS"}})["id"].(string)
		hs := e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Other HS", "jwt_algo": "hs256"}})["id"].(string)
		for _, realm := range []string{e.realm, rs, hs} {
			token, _, sessionID := loginToken(t, e, realm, "every-"+realm+"@example.com")
			if s := verify(t, e, &gatewayv1.VerifyTokenRequest{Token: token}).GetSession(); s.GetId() != sessionID {
				t.Errorf("a token of realm %s: %v", realm, s)
			}
		}
		// The other RS256 realm rotates: a token of its new key's kid
		// verifies once the realm is read again (at most every 10 s).
		k := e.authrocket(t, "POST", "/v2/jwt_keys?realm_id="+rs, map[string]any{"jwt_key": map[string]any{"algo": "rs256"}})
		rotated, _, rotatedID := loginToken(t, e, rs, "every-rotated@example.com")
		eventually(t, "verifying the rotated key's token", func() bool {
			res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), &gatewayv1.VerifyTokenRequest{Token: rotated})
			return err == nil && res.GetSession().GetId() == rotatedID
		})
		// Each realm's JWKS, by query and by path.
		kidsOf := func(path string) map[any]bool {
			t.Helper()
			res, err := http.Get(e.httpURL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var doc struct {
				Keys []map[string]any `json:"keys"`
			}
			if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 {
				t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
			}
			kids := map[any]bool{}
			for _, k := range doc.Keys {
				kids[k["kid"]] = true
				if k["kty"] != "RSA" || k["k"] != nil || k["d"] != nil {
					t.Errorf("%s: key %v", path, k)
				}
			}
			return kids
		}
		// By Host, as LoginRocket: the realm whose domain it is.
		fqdn, _ := e.authrocket(t, "POST", "/v2/domains?realm_id="+rs, map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}})["fqdn"].(string)
		req, _ := http.NewRequest("GET", e.httpURL+"/connect/jwks", nil)
		req.Host = fqdn + ":80"
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var byHost struct {
			Keys []map[string]any `json:"keys"`
		}
		if err := json.NewDecoder(res.Body).Decode(&byHost); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET /connect/jwks, Host %s: %d %v", fqdn, res.StatusCode, err)
		}
		res.Body.Close()
		hostKids := map[any]bool{}
		for _, k := range byHost.Keys {
			hostKids[k["kid"]] = true
		}
		if fqdn == "" || !hostKids[k["id"]] {
			t.Errorf("GET /connect/jwks, Host %q: kids %v, want realm %s's %v", fqdn, hostKids, rs, k["id"])
		}
		for _, path := range []string{"/connect/jwks?realm_id=" + rs, "/_realms/" + rs + "/connect/jwks"} {
			if kids := kidsOf(path); !kids[k["id"]] || !kids[tokenHeader(t, rotated)["kid"]] {
				t.Errorf("%s: kids %v, want the realm's new key %v", path, kids, k["id"])
			}
		}
		// An HS256 realm's JWKS holds its RS256 keys only (kidsOf checks
		// each is RSA), as LoginRocket's does.
		kidsOf("/connect/jwks?realm_id=" + hs)
		if kids := kidsOf("/connect/jwks?realm_id=" + e.realm); len(kids) == 0 {
			t.Error("the default realm's JWKS is empty")
		}
		for _, bad := range []string{"/connect/jwks?realm_id=usr_1", "/connect/jwks?realm_id=" + rs + "&realm_id=" + hs} {
			res, err := http.Get(e.httpURL + bad)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", bad, res.StatusCode)
			}
		}
	})

	t.Run("a configured key file, rotated", func(t *testing.T) {
		keyFile := filepath.Join(t.TempDir(), "jwt-key")
		var hs string
		e := newEnvWith(t, gatewayOptions{env: func(t *testing.T, e *env) []string {
			realm := e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "HS file", "jwt_algo": "hs256"}})
			hs = realm["id"].(string)
			replaceFile(t, keyFile, realm["jwt_key"].(string)+"\n")
			// The configured key is the default realm's (AUTHROCKET_REALM):
			// other realms' tokens are verified with their keys through
			// the API.
			return []string{"AUTHROCKET_JWT_KEY_FILE=" + keyFile, "AUTHROCKET_REALM=" + hs}
		}})
		old, _, _ := loginToken(t, e, hs, "file@example.com")
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: old})); got != "valid" {
			t.Fatalf("a token of the configured key: %s", got)
		}
		// Rotate the realm's HS256 key: a new one, the old one deleted.
		oldKey := e.authrocket(t, "GET", "/v2/realms/"+hs, nil)["jwt_key"].(string)
		e.authrocket(t, "POST", "/v2/jwt_keys?realm_id="+hs, map[string]any{"jwt_key": map[string]any{"algo": "hs256"}})
		newKey := e.authrocket(t, "GET", "/v2/realms/"+hs, nil)["jwt_key"].(string)
		if newKey == oldKey {
			t.Fatal("the realm's key did not change")
		}
		replaceFile(t, keyFile, newKey+"\n")
		fresh, _, _ := loginToken(t, e, hs, "file-rotated@example.com")
		eventually(t, "verifying with the new key", func() bool {
			return reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: fresh})) == "valid"
		})
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: old})); got != "REASON_BAD_SIGNATURE" {
			t.Errorf("a token of the replaced key: %s", got)
		}
		for _, secret := range []string{oldKey, newKey} {
			if strings.Contains(e.gateway.Output(), secret) {
				t.Error("the gateway's output contains the realm's JWT secret")
			}
		}
	})
}

// TestVerifyTokenRefuses: tampered, adversarial and foreign tokens are
// answered with their reason on both transports; a caller's own failure to
// authenticate is an error, never an answer.
func TestVerifyTokenRefuses(t *testing.T) {
	const other = "other-realm-caller-credential-0123"
	var hs, hsKey string
	e := newEnvWith(t, gatewayOptions{policy: func(t *testing.T, e *env) string {
		realm := e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "HS", "jwt_algo": "hs256"}})
		hs, hsKey = realm["id"].(string), realm["jwt_key"].(string)
		return defaultPolicy + `  - name: one-realm
    credentials: [` + policy.HashCredential(other) + `]
    methods: ["authrocket.gateway.v1.TokensService/*"]
    realms: [` + e.realm + `]
`
	}})
	token, _, sessionID := loginToken(t, e, e.realm, "refuse@example.com")
	hsToken, _, _ := loginToken(t, e, hs, "refuse-hs@example.com")
	parts := strings.Split(token, ".")
	claims := map[string]any{}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	_ = json.Unmarshal(raw, &claims)
	b64 := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	with := func(edit func(map[string]any)) map[string]any {
		c := map[string]any{}
		for k, v := range claims {
			c[k] = v
		}
		edit(c)
		return c
	}
	// Signed with the HS256 realm's own secret, so only the claim differs.
	hsClaims := map[string]any{}
	raw, _ = base64.RawURLEncoding.DecodeString(strings.Split(hsToken, ".")[1])
	_ = json.Unmarshal(raw, &hsClaims)
	signHS := func(c map[string]any) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(c)).SignedString([]byte(hsKey))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	hsWith := func(edit func(map[string]any)) string {
		c := map[string]any{}
		for k, v := range hsClaims {
			c[k] = v
		}
		edit(c)
		return signHS(c)
	}
	rsPEM := e.authrocket(t, "GET", "/v2/realms/"+e.realm, nil)["jwt_key"].(string)
	confused, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims)).SignedString([]byte(rsPEM))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(rsPEM))
	if _, err := x509.ParsePKIXPublicKey(block.Bytes); err != nil {
		t.Fatalf("the realm's jwt_key is not an RSA public key: %v", err)
	}

	now := time.Now()
	tests := map[string]struct {
		token string
		want  string
	}{
		"tampered claims":               {parts[0] + "." + b64(with(func(c map[string]any) { c["sub"] = "usr_0someoneelse" })) + "." + parts[2], "REASON_BAD_SIGNATURE"},
		"bad base64":                    {parts[0] + ".***." + parts[2], "REASON_MALFORMED"},
		"two segments":                  {parts[0] + "." + parts[1], "REASON_MALFORMED"},
		"four segments":                 {token + ".x", "REASON_MALFORMED"},
		"alg none":                      {b64(map[string]string{"alg": "none", "typ": "JWT"}) + "." + parts[1] + ".", "REASON_ALGORITHM_NOT_ALLOWED"},
		"HS256 with the RSA public key": {confused, "REASON_ALGORITHM_NOT_ALLOWED"},
		"expired":                       {hsWith(func(c map[string]any) { c["exp"] = now.Add(-time.Minute).Unix() }), "REASON_EXPIRED"},
		"iat in the future":             {hsWith(func(c map[string]any) { c["iat"] = now.Add(time.Hour).Unix() }), "REASON_NOT_YET_VALID"},
		"wrong issuer":                  {hsWith(func(c map[string]any) { c["iss"] = "https://evil.example" }), "REASON_WRONG_ISSUER"},
		"unknown realm":                 {hsWith(func(c map[string]any) { c["rid"] = "rl_0nosuchrealm" }), "REASON_UNKNOWN_KEY"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: tt.token})); got != tt.want {
				t.Errorf("gRPC: %s, want %s", got, tt.want)
			}
			code, _, body := e.rest(t, "POST", "/gateway/v1/tokens:verify", map[string]any{"token": tt.token})
			if code != http.StatusOK || body["object"] != "invalid_token" || body["reason"] != tt.want || body["message"] == "" {
				t.Errorf("REST: %d %v, want an invalid_token %s", code, body, tt.want)
			}
		})
	}

	t.Run("max_age", func(t *testing.T) {
		old := hsWith(func(c map[string]any) { c["iat"] = now.Add(-10 * time.Minute).Unix() })
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: old, MaxAge: durationpb.New(time.Minute)})); got != "REASON_TOO_OLD" {
			t.Errorf("%s", got)
		}
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: old})); got != "valid" {
			t.Errorf("without max_age: %s", got)
		}
	})
	t.Run("a realm outside the caller's policy", func(t *testing.T) {
		res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(withToken(bounded(t), other), &gatewayv1.VerifyTokenRequest{Token: hsToken})
		if err != nil || reasonOfToken(res) != "REASON_FOREIGN_REALM" {
			t.Errorf("%v, %v", res, err)
		}
		// Refused before any key is looked up: naming a realm never seen
		// makes the gateway read nothing.
		noUpstream := e.noUpstreamSince(t)
		unseen := hsWith(func(c map[string]any) { c["rid"] = "rl_0neverseenbefore" })
		res, err = gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(withToken(bounded(t), other), &gatewayv1.VerifyTokenRequest{Token: unseen})
		if err != nil || reasonOfToken(res) != "REASON_FOREIGN_REALM" {
			t.Errorf("an unseen realm: %v, %v", res, err)
		}
		noUpstream("a token of a foreign realm")
		if res, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(withToken(bounded(t), other), &gatewayv1.VerifyTokenRequest{Token: token}); err != nil || res.GetSession() == nil {
			t.Errorf("its own realm: %v, %v", res, err)
		}
	})
	t.Run("a revoked session", func(t *testing.T) {
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: token, CheckSession: true})); got != "valid" {
			t.Fatalf("a live session: %s", got)
		}
		users := arv2.NewSessionsServiceClient(e.conn)
		if _, err := users.DeleteSession(e.ctx(t), &arv2.DeleteSessionRequest{Id: sessionID}); err != nil {
			t.Fatal(err)
		}
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: token, CheckSession: true})); got != "REASON_REVOKED" {
			t.Errorf("logged out: %s", got)
		}
		if got := reasonOfToken(verify(t, e, &gatewayv1.VerifyTokenRequest{Token: token})); got != "valid" {
			t.Errorf("logged out, not checked: %s (local verification cannot know)", got)
		}
	})
	t.Run("the caller's own failures are errors", func(t *testing.T) {
		_, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(withToken(bounded(t), "wrong-credential"), &gatewayv1.VerifyTokenRequest{Token: token})
		if status.Code(err) != codes.Unauthenticated {
			t.Errorf("a wrong credential: %v", err)
		}
		if code, _, _ := e.rest(t, "POST", "/gateway/v1/tokens:verify", map[string]any{"token": token}, "Authrocket-Api-Key", "wrong"); code != http.StatusUnauthorized {
			t.Errorf("REST, a wrong credential: %d", code)
		}
		for name, req := range map[string]*gatewayv1.VerifyTokenRequest{
			"empty token":  {},
			"huge token":   {Token: strings.Repeat("a", 9000)},
			"negative age": {Token: token, MaxAge: durationpb.New(-time.Second)},
		} {
			if _, err := gatewayv1.NewTokensServiceClient(e.conn).VerifyToken(e.ctx(t), req); status.Code(err) != codes.InvalidArgument {
				t.Errorf("%s: %v", name, err)
			}
		}
		if code, _, _ := e.rest(t, "POST", "/gateway/v1/tokens:verify", `{"token": 5}`); code != http.StatusBadRequest {
			t.Errorf("REST, a token of the wrong type: %d", code)
		}
	})
	e.gateway.stop() // a clean stop writes the whole audit trail
	out := e.gateway.Output()
	for _, s := range []string{hsKey, parts[2], strings.Split(hsToken, ".")[2]} {
		if strings.Contains(out, s) {
			t.Error("the gateway's output contains a token's signature or the realm's secret")
		}
	}
	if !strings.Contains(out, `"method":"authrocket.gateway.v1.TokensService/VerifyToken"`) {
		t.Error("no audit record of VerifyToken")
	}
}

// tokenHeader decodes a JWT's header.
func tokenHeader(t *testing.T, token string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	h := map[string]any{}
	if err != nil || json.Unmarshal(raw, &h) != nil {
		t.Fatalf("not a JWT header: %v", err)
	}
	return h
}
