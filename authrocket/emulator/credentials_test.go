package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// activateTOTP activates the realm's totp provider and returns its id.
func (h *harness) activateTOTP() string {
	h.t.Helper()
	id := h.do("GET", "/v2/auth_providers/totp", nil).want(200).str("id")
	h.do("PUT", "/v2/auth_providers/"+id, map[string]any{"auth_provider": map[string]any{"state": "active"}}).want(200)
	return id
}

// createTOTP adds a new (unverified) TOTP credential to userID and returns
// its id and secret.
func (h *harness) createTOTP(userID string) (string, []byte) {
	h.t.Helper()
	res := h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{
		"user_id": userID, "credential_type": "totp", "name": "Phone",
	}}).want(201)
	secret, err := totpEncoding.DecodeString(res.str("otp_secret"))
	if err != nil || len(secret) == 0 {
		h.t.Fatalf("otp_secret of %s: %v", res.raw, err)
	}
	return res.str("id"), secret
}

// enrollTOTP adds a verified TOTP credential to userID.
func (h *harness) enrollTOTP(userID string) (string, []byte) {
	h.t.Helper()
	id, secret := h.createTOTP(userID)
	code := totpCode(secret, h.clock.Now())
	h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": code}}).want(200)
	return id, secret
}

func TestCredentialPassword(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("pw@example.com", "first password", nil)
	user := h.do("GET", "/v2/users/"+uid, nil).want(200)
	crd := user.obj["credentials"].([]any)[0].(map[string]any)["id"].(string)

	got := h.do("GET", "/v2/credentials/"+crd, nil).want(200)
	for k, want := range map[string]any{"id": crd, "object": "credential", "user_id": uid, "credential_type": "password", "state": "active"} {
		if got.obj[k] != want {
			t.Errorf("%s = %#v, want %#v", k, got.obj[k], want)
		}
	}
	if strings.Contains(string(got.raw), "first password") || got.obj["otp_secret"] != nil {
		t.Errorf("credential leaks: %s", got.raw)
	}

	h.do("PUT", "/v2/credentials/"+crd, map[string]any{"credential": map[string]any{"password": "short"}}).
		wantErrors(422, "Password is too short (minimum is 8 characters)")
	h.do("PUT", "/v2/credentials/"+crd, map[string]any{"credential": map[string]any{"password": "second password", "password_confirmation": "x"}}, es).
		wantErrors(422, "Confirmación de contraseña no coincide con Contraseña")
	if up := h.do("PUT", "/v2/credentials/"+crd, map[string]any{"credential": map[string]any{"password": "second password"}}).want(200); up.str("id") != crd {
		t.Errorf("update = %s", up.raw)
	}
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "first password"}}).wantErrors(422, "Login failed")
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "second password"}}).want(201)

	// A user has one password credential.
	h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{"user_id": uid, "credential_type": "password", "password": "third password"}}).
		wantErrors(422, "Credential type has already been taken")

	// Deleting the only password is allowed; the user can no longer log
	// in with one.
	if del := h.do("DELETE", "/v2/credentials/"+crd, nil).want(200); del.str("id") != crd {
		t.Errorf("delete = %s", del.raw)
	}
	h.do("GET", "/v2/credentials/"+crd, nil).want(404)
	h.do("DELETE", "/v2/credentials/"+crd, nil).want(404)
	if n := len(h.do("GET", "/v2/users/"+uid, nil).want(200).obj["credentials"].([]any)); n != 0 {
		t.Errorf("%d credentials after delete", n)
	}
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "second password"}}).wantErrors(422, "Login failed")

	// A password credential can be added back.
	res := h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{"user_id": uid, "credential_type": "password", "password": "third password"}}).want(201)
	if res.str("credential_type") != "password" || res.str("id") == crd {
		t.Errorf("create = %s", res.raw)
	}
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "third password"}}).want(201)
	// Credentials of users of other realms are not found.
	other, _ := h.e.CreateRealm("Other")
	h.do("GET", "/v2/credentials/"+res.str("id"), nil, hdr("Authrocket-Realm", other)).want(404)
	// Deleting the user deletes its credentials.
	h.do("DELETE", "/v2/users/"+uid, nil).want(200)
	h.do("GET", "/v2/credentials/"+res.str("id"), nil).want(404)
}

func TestCredentialCreateValidation(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("v@example.com", "", nil)
	pwProvider := h.do("GET", "/v2/auth_providers/password", nil).want(200).str("id")
	for _, tc := range []struct {
		name   string
		attrs  map[string]any
		en, es []string
	}{
		{"nothing", map[string]any{},
			[]string{"User can't be blank", "Credential type can't be blank"},
			[]string{"Usuario no puede estar en blanco", "Tipo de credencial no puede estar en blanco"}},
		{"unknown user and type", map[string]any{"user_id": "usr_nobody", "credential_type": "kerberos"},
			[]string{"User not found", "Credential type is not included in the list"},
			[]string{"Usuario no encontrado", "Tipo de credencial no está incluido en la lista"}},
		{"password without one", map[string]any{"user_id": uid, "credential_type": "password"},
			[]string{"Password can't be blank"}, []string{"Contraseña no puede estar en blanco"}},
		{"totp while inactive, no name", map[string]any{"user_id": uid, "credential_type": "totp"},
			[]string{"Auth provider is not active", "Name can't be blank"},
			[]string{"El proveedor de autenticación no está activo", "Nombre no puede estar en blanco"}},
		{"totp at a password provider", map[string]any{"user_id": uid, "credential_type": "totp", "name": "x", "auth_provider_id": pwProvider},
			[]string{"Auth provider is invalid"}, []string{"Proveedor de autenticación no es válido"}},
		{"social without provider", map[string]any{"user_id": uid, "credential_type": "google"},
			[]string{"Auth provider is invalid", "Provider user can't be blank"},
			[]string{"Proveedor de autenticación no es válido", "Usuario del proveedor no puede estar en blanco"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.do("POST", "/v2/credentials", map[string]any{"credential": tc.attrs}).wantErrors(422, tc.en...)
			h.do("POST", "/v2/credentials", map[string]any{"credential": tc.attrs}, es).wantErrors(422, tc.es...)
		})
	}
	// A social credential names a provider of its type.
	g := h.createProvider(map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"})
	res := h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{"user_id": uid, "credential_type": "google", "auth_provider_id": g, "provider_user_id": "1234"}}).want(201)
	if res.str("auth_provider_id") != g || res.str("provider_user_id") != "1234" || res.str("state") != "active" {
		t.Errorf("social credential = %s", res.raw)
	}
	// Verifying anything but a TOTP credential fails.
	h.do("POST", "/v2/credentials/"+res.str("id")+"/verify", map[string]any{"credential": map[string]any{"code": "123456"}}).wantErrors(422, "Verification failed")
	h.do("POST", "/v2/credentials/crd_nope/verify", map[string]any{"credential": map[string]any{"code": "123456"}}).want(404)
}

func TestCredentialTOTPEnrollment(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("totp@example.com", "password1", nil)
	provider := h.activateTOTP()

	res := h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{
		"user_id": uid, "auth_provider_id": provider, "credential_type": "totp", "name": " Test ",
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "crd_") || res.str("state") != "new" || res.str("name") != "Test" || res.str("auth_provider_id") != provider {
		t.Fatalf("create = %s", res.raw)
	}
	secret, err := totpEncoding.DecodeString(res.str("otp_secret"))
	if err != nil || len(secret) != totpSecretSize {
		t.Fatalf("otp_secret %q: %v", res.str("otp_secret"), err)
	}
	pu, err := url.Parse(res.str("provisioning_uri"))
	if err != nil || pu.Scheme != "otpauth" || pu.Host != "totp" || pu.Path != "/Test realm:totp@example.com" ||
		pu.Query().Get("secret") != res.str("otp_secret") || pu.Query().Get("issuer") != "Test realm" ||
		pu.Query().Get("digits") != "6" || pu.Query().Get("period") != "30" || pu.Query().Get("algorithm") != "SHA1" {
		t.Errorf("provisioning_uri = %q", res.str("provisioning_uri"))
	}
	if svg := res.str("provisioning_svg"); !strings.HasPrefix(svg, "<svg ") || !strings.Contains(svg, "h1v1h-1z") || !strings.HasSuffix(svg, "</svg>") {
		t.Errorf("provisioning_svg = %.80s…", svg)
	}
	// While new, GET answers the enrollment data; the user embeds the
	// credential without it.
	if got := h.do("GET", "/v2/credentials/"+id, nil).want(200); got.str("otp_secret") != res.str("otp_secret") {
		t.Errorf("GET while new = %s", got.raw)
	}
	user := h.do("GET", "/v2/users/"+uid, nil).want(200)
	creds := user.obj["credentials"].([]any)
	if len(creds) != 2 || creds[1].(map[string]any)["credential_type"] != "totp" || creds[1].(map[string]any)["name"] != "Test" ||
		strings.Contains(string(user.raw), "otp_secret") {
		t.Errorf("user = %s", user.raw)
	}
	// A new credential does not yet ask for a second factor.
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201)
	if got := h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201); got.str("object") != "session" {
		t.Errorf("authenticate with a new TOTP = %s", got.raw)
	}

	// Wrong codes: the node SDK's "123456", a code two steps away, junk.
	now := h.clock.Now()
	for _, code := range []string{"123456", totpCode(secret, now.Add(2*totpStep)), "abcdef", ""} {
		if code == totpCode(secret, now) {
			continue
		}
		h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": code}}).wantErrors(422, "Verification failed")
	}
	h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": "000000"}}, es).wantErrors(422, "La verificación falló")
	// A code of the previous step still counts (clock drift).
	ok := h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": totpCode(secret, now.Add(-totpStep))}}).want(200)
	if ok.str("state") != "active" || ok.obj["otp_secret"] != nil || ok.obj["provisioning_uri"] != nil || ok.obj["provisioning_svg"] != nil {
		t.Errorf("verified = %s", ok.raw)
	}
	if got := h.do("GET", "/v2/credentials/"+id, nil).want(200); got.obj["otp_secret"] != nil || got.str("state") != "active" {
		t.Errorf("GET after verify = %s", got.raw)
	}
	// The clock decides which code is current.
	h.clock.Advance(5 * time.Minute)
	h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": totpCode(secret, now)}}).wantErrors(422, "Verification failed")
	h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": totpCode(secret, h.clock.Now())}}).want(200)

	// Only the name of a TOTP credential changes.
	up := h.do("PUT", "/v2/credentials/"+id, map[string]any{"credential": map[string]any{"name": "Tablet", "password": "ignored!!"}}).want(200)
	if up.str("name") != "Tablet" {
		t.Errorf("update = %s", up.raw)
	}
	h.do("PUT", "/v2/credentials/"+id, map[string]any{"credential": map[string]any{"name": ""}}).wantErrors(422, "Name can't be blank")
}

func TestQRSVG(t *testing.T) {
	small, big := qrSVG("otpauth://totp/a:b?secret=ABC"), qrSVG(strings.Repeat("x", 400))
	if !strings.HasPrefix(small, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `) || len(big) <= len(small) {
		t.Errorf("qrSVG sizes %d, %d", len(small), len(big))
	}
	// Version 1 is 21 modules, plus the quiet zone.
	if !strings.Contains(qrSVG("a"), `viewBox="0 0 29 29"`) {
		t.Errorf("qrSVG(a) = %.120s", qrSVG("a"))
	}
	if got := qrSVG(strings.Repeat("x", 5000)); got != "" {
		t.Errorf("too long for a QR code: %d bytes of SVG", len(got))
	}
}

// TestSocialCredentialUnique checks that one login at a provider belongs to
// one user: a second credential for the same (auth_provider_id,
// provider_user_id) is refused, on any user of the realm.
func TestSocialCredentialUnique(t *testing.T) {
	h := newHarness(t)
	g := h.createProvider(map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"})
	o := h.createProvider(map[string]any{"provider_type": "oauth2", "client_id": "a", "client_secret": "b", "authorization_url": "https://idp.example/auth"})
	ann, bob := h.createUser("ann@example.com", "", nil), h.createUser("bob@example.com", "", nil)
	social := func(user, provider, typ, pid string, opts ...reqOpt) *result {
		return h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{
			"user_id": user, "credential_type": typ, "auth_provider_id": provider, "provider_user_id": pid,
		}}, opts...)
	}
	social(ann, g, "google", "1234").want(201)
	social(bob, g, "google", " 1234 ").wantErrors(422, "Provider user has already been taken")
	social(bob, g, "google", "1234", es).wantErrors(422, "Usuario del proveedor ya está en uso")
	social(ann, g, "google", "1234").wantErrors(422, "Provider user has already been taken")
	// The same provider user at another provider is another login.
	social(bob, o, "oauth2", "1234").want(201)
	social(bob, g, "google", "5678").want(201)
}

// TestSocialLoginPicksOneUser checks that a social login finds the user by
// credential deterministically: should two users of a realm hold the same
// provider login (which the API no longer lets happen), the older user
// logs in, every time.
func TestSocialLoginPicksOneUser(t *testing.T) {
	h := newHarness(t)
	g := h.createProvider(map[string]any{"provider_type": "github", "client_id": "a", "client_secret": "b"})
	var users []string
	for i := range 6 {
		users = append(users, h.createUser(fmt.Sprintf("u%d@example.com", i), "", nil))
	}
	h.e.mu.Lock()
	for _, id := range users {
		pid, apID := "dev@example.com", g
		u := h.e.realms[h.realm].users[id]
		u.creds = append(u.creds, &credential{id: h.e.newID("crd_"), credentialType: "github", state: "active", authProviderID: &apID, providerUserID: &pid, createdAt: t0})
	}
	h.e.mu.Unlock()
	for range 20 {
		if got := h.do("POST", "/v2/auth_providers/"+g+"/authorize", map[string]any{"access_token": "emulator:dev@example.com"}).want(201).str("user_id"); got != users[0] {
			t.Fatalf("social login logged in %s, want the oldest holder %s", got, users[0])
		}
	}
}
