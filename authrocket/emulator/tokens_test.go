package emulator

import (
	"strings"
	"testing"
	"time"
)

// recordedEvents returns a copy of the events of the harness realm.
func (h *harness) recordedEvents() []event {
	h.e.mu.Lock()
	defer h.e.mu.Unlock()
	var out []event
	for _, ev := range h.e.realms[h.realm].events {
		out = append(out, *ev)
	}
	return out
}

// lastEvent returns the last recorded event, failing unless it has type typ.
func (h *harness) lastEvent(typ string) event {
	h.t.Helper()
	evs := h.recordedEvents()
	if len(evs) == 0 || evs[len(evs)-1].eventType != typ {
		h.t.Fatalf("last event is not %s: %v", typ, evs)
	}
	return evs[len(evs)-1]
}

// token checks a token answer and returns the token.
func (r *result) token(prefix, userID string) string {
	r.t.Helper()
	tok := r.str("token")
	if r.str("object") != "token" || r.str("user_id") != userID || !strings.HasPrefix(tok, prefix) || len(tok) < len(prefix)+20 {
		r.t.Fatalf("token answer %s", r.raw)
	}
	if len(r.obj) != 3 {
		r.t.Errorf("token answer has other keys than object, token, user_id: %s", r.raw)
	}
	return tok
}

func TestPasswordResetWithToken(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("reset@example.com", "old password", nil)
	// Unwrapped; the user named by id or email.
	h.do("POST", "/v2/users/"+u+"/generate_password_token", nil).want(200).token("tpw:", u)
	tok := h.do("POST", "/v2/users/reset@example.com/generate_password_token", map[string]any{"request": map[string]any{"ip": "10.1.1.1"}}).want(200).token("tpw:", u)
	ev := h.lastEvent("user.password.resetting")
	if ev.userID != u || ev.token != tok || ev.expiresAt == nil || !ev.expiresAt.Equal(t0.Add(time.Hour)) || ev.request["ip"] != "10.1.1.1" {
		t.Fatalf("resetting event = %+v", ev)
	}
	h.do("POST", "/v2/users/nobody@example.com/generate_password_token", nil).wantErrors(404, "Not found")

	h.clock.Advance(time.Minute)
	res := h.do("POST", "/v2/users/reset_password_with_token", map[string]any{
		"user": map[string]any{"token": tok, "password": "new password", "password_confirmation": "new password"},
	}).want(201)
	if res.str("object") != "session" || res.str("user_id") != u || !strings.HasPrefix(res.str("id"), "kss_") || strings.Count(res.str("token"), ".") != 2 {
		t.Fatalf("reset answer %s", res.raw)
	}
	// The reset records user.password.updated, then the login it makes.
	if ev := h.lastEvent("user.login.succeeded"); ev.userID != u || ev.sessionID != res.str("id") {
		t.Errorf("login event = %+v", ev)
	}
	if evs := h.recordedEvents(); evs[len(evs)-2].eventType != "user.password.updated" || evs[len(evs)-2].userID != u || evs[len(evs)-2].token != "" {
		t.Errorf("updated event = %+v", evs[len(evs)-2])
	}
	h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "new password"}}).want(201)
	h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "old password"}}).wantErrors(422, "Login failed")
	if got := h.do("GET", "/v2/users/"+u, nil).want(200); got.obj["last_login_at"] == nil {
		t.Errorf("last_login_at not set: %s", got.raw)
	}
	// Single use.
	again := map[string]any{"user": map[string]any{"token": tok, "password": "third password"}}
	h.do("POST", "/v2/users/reset_password_with_token", again).wantErrors(422, "Token is invalid")
	h.do("POST", "/v2/users/reset_password_with_token", again, es).wantErrors(422, "Token no es válido")
}

func TestPasswordResetRefusals(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("r@example.com", "old password", nil)
	tok := h.do("POST", "/v2/users/"+u+"/generate_password_token", nil).want(200).token("tpw:", u)
	reset := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/users/reset_password_with_token", map[string]any{"user": attrs}, opts...)
	}
	reset(map[string]any{"password": "new password"}).wantErrors(422, "Token can't be blank")
	reset(map[string]any{"token": " ", "password": "new password"}, es).wantErrors(422, "Token no puede estar en blanco")
	reset(map[string]any{"token": "tpw:made-up", "password": "new password"}).wantErrors(422, "Token is invalid")
	// None of these use the token up.
	reset(map[string]any{"token": tok}).wantErrors(422, "Password can't be blank")
	reset(map[string]any{"token": tok, "password": "short"}).wantErrors(422, "Password is too short (minimum is 8 characters)")
	reset(map[string]any{"token": tok, "password": "short"}, es).wantErrors(422, "Contraseña es demasiado corto (8 caracteres mínimo)")
	reset(map[string]any{"token": tok, "password": "new password", "password_confirmation": "other"}).wantErrors(422, "Password confirmation doesn't match Password")
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"state": "inactive"}}).want(200)
	reset(map[string]any{"token": tok, "password": "new password"}).wantErrors(422, "Login failed")
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"state": "active"}}).want(200)
	h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "old password"}}).want(201)

	// A tve: token does not reset a password.
	tve := h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	reset(map[string]any{"token": tve, "password": "new password"}).wantErrors(422, "Token is invalid")
	// Nor does a token of another realm.
	other, err := h.e.CreateRealm("Other")
	if err != nil {
		t.Fatal(err)
	}
	reset(map[string]any{"token": tok, "password": "new password"}, hdr("Authrocket-Realm", other)).wantErrors(422, "Token is invalid")
	// Expired after an hour on the emulator clock.
	h.clock.Advance(time.Hour)
	reset(map[string]any{"token": tok, "password": "new password"}).wantErrors(422, "Token is invalid")
	// A deleted user's token is dead.
	tok = h.do("POST", "/v2/users/"+u+"/generate_password_token", nil).want(200).token("tpw:", u)
	h.do("DELETE", "/v2/users/"+u, nil).want(200)
	reset(map[string]any{"token": tok, "password": "new password"}).wantErrors(422, "Token is invalid")
}

func TestEmailVerification(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("v@example.com", "", nil)
	tok := h.do("POST", "/v2/users/"+u+"/request_email_verification", map[string]any{}).want(200).token("tve:", u)
	if ev := h.lastEvent("user.email.verifying"); ev.userID != u || ev.token != tok || !ev.expiresAt.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("verifying event = %+v", ev)
	}
	if got := h.do("GET", "/v2/users/"+u, nil).want(200).str("email_verification"); got != "requested" {
		t.Errorf("email_verification after request = %q", got)
	}
	res := h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).want(200)
	if res.str("id") != u || res.str("object") != "user" || res.str("email_verification") != "verified" || res.str("email") != "v@example.com" {
		t.Fatalf("verify answer %s", res.raw)
	}
	if _, ok := res.obj["credentials"]; !ok {
		t.Errorf("verify answer lacks the embedded credentials: %s", res.raw)
	}
	if ev := h.lastEvent("user.email.verified"); ev.userID != u {
		t.Errorf("verified event = %+v", ev)
	}
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).wantErrors(422, "Token is invalid")
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{}}, es).wantErrors(422, "Token no puede estar en blanco")
	h.do("POST", "/v2/users/nobody/request_email_verification", nil).want(404)

	// A pending email change becomes the email.
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"email_pending": "New@Example.com"}}).want(200)
	tok = h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	res = h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).want(200)
	if res.str("email") != "new@example.com" || res.obj["email_pending"] != nil || res.str("email_verification") != "verified" {
		t.Fatalf("verify with email_pending: %s", res.raw)
	}

	// A token is for the address it was made for.
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"email_pending": "first@example.com"}}).want(200)
	tok = h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"email_pending": "second@example.com"}}).want(200)
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).wantErrors(422, "Token is invalid")

	// The pending address was taken meanwhile.
	tok = h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	h.createUser("second@example.com", "", nil)
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).wantErrors(422, "Email has already been taken")

	// Expired after a day; a tpw: token does not verify.
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"email_pending": nil}}).want(200)
	tok = h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	tpw := h.do("POST", "/v2/users/"+u+"/generate_password_token", nil).want(200).token("tpw:", u)
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tpw}}).wantErrors(422, "Token is invalid")
	h.clock.Advance(24 * time.Hour)
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).wantErrors(422, "Token is invalid")
}

func TestTokensGoWithRealmReset(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("z@example.com", "", nil)
	tok := h.do("POST", "/v2/users/"+u+"/request_email_verification", nil).want(200).token("tve:", u)
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	h.do("POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": tok}}).wantErrors(422, "Token is invalid")
}
