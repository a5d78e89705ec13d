package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestMFALogin(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("mfa@example.com", "password1", nil)
	h.activateTOTP()
	_, secret := h.enrollTOTP(uid)
	login := map[string]any{"user": map[string]any{"password": "password1"}}

	// The password is right: a tmf: token instead of a session.
	res := h.do("POST", "/v2/users/mfa@example.com/authenticate", login).want(201)
	tok := res.str("token")
	if res.str("object") != "token" || !strings.HasPrefix(tok, "tmf:") || res.str("user_id") != uid || res.obj["id"] != nil {
		t.Fatalf("authenticate = %s", res.raw)
	}
	if ev := h.lastEvent("user.login.initiated"); ev.userID != uid || ev.token != tok ||
		ev.expiresAt == nil || !ev.expiresAt.Equal(t0.Add(mfaTokenLifetime)) {
		t.Errorf("event = %+v", ev)
	}
	if u := h.do("GET", "/v2/users/"+uid, nil).want(200); u.obj["last_login_at"] != nil {
		t.Errorf("last_login_at set before the second factor: %s", u.raw)
	}

	// A wrong code: Login failed, and the token still works.
	wrong := totpCode(secret, h.clock.Now().Add(3*totpStep))
	h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok, "code": wrong}}).wantErrors(422, "Login failed")
	h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok, "code": wrong}}, es).wantErrors(422, "Error al iniciar sesión")
	if ev := h.lastEvent("user.login.failed"); ev.userID != uid {
		t.Errorf("event = %+v", ev)
	}
	s := h.do("POST", "/v2/users/authenticate_token", map[string]any{
		"user":    map[string]any{"token": tok, "code": totpCode(secret, h.clock.Now())},
		"request": map[string]any{"ip": "10.9.9.9"},
	}).want(201)
	if s.str("object") != "session" || s.str("user_id") != uid || strings.Count(s.str("token"), ".") != 2 {
		t.Fatalf("authenticate_token = %s", s.raw)
	}
	if ev := h.lastEvent("user.login.succeeded"); ev.sessionID != s.str("id") || ev.request["ip"] != "10.9.9.9" {
		t.Errorf("event = %+v", ev)
	}
	if u := h.do("GET", "/v2/users/"+uid, nil).want(200); u.obj["last_login_at"] == nil {
		t.Errorf("last_login_at not set: %s", u.raw)
	}
	// The token is single-use.
	h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok, "code": totpCode(secret, h.clock.Now())}}).
		wantErrors(422, "Token is invalid or has expired")

	// Tokens expire.
	tok2 := h.do("POST", "/v2/users/"+uid+"/authenticate", login).want(201).str("token")
	h.clock.Advance(mfaTokenLifetime + time.Second)
	h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok2, "code": totpCode(secret, h.clock.Now())}}, es).
		wantErrors(422, "El token no es válido o ha caducado")
	for _, body := range []any{map[string]any{"user": map[string]any{"token": "tmf:nope", "code": "123456"}}, map[string]any{}, "null"} {
		h.do("POST", "/v2/users/authenticate_token", body).wantErrors(422, "Token is invalid or has expired")
	}

	// A token of a user who is deactivated meanwhile does not log in.
	tok3 := h.do("POST", "/v2/users/"+uid+"/authenticate", login).want(201).str("token")
	h.do("PUT", "/v2/users/"+uid, map[string]any{"user": map[string]any{"state": "inactive"}}).want(200)
	h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tok3, "code": totpCode(secret, h.clock.Now())}}).wantErrors(422, "Login failed")
	h.do("PUT", "/v2/users/"+uid, map[string]any{"user": map[string]any{"state": "active"}}).want(200)

	// A wrong password never reaches the second factor.
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "nope"}}).wantErrors(422, "Login failed")
	if ev := h.lastEvent("user.login.failed"); ev.token != "" {
		t.Errorf("event = %+v", ev)
	}

	// An inactive totp provider turns the second factor off.
	h.do("PUT", "/v2/auth_providers/totp", map[string]any{"auth_provider": map[string]any{"state": "inactive"}}).want(200)
	if got := h.do("POST", "/v2/users/"+uid+"/authenticate", login).want(201); got.str("object") != "session" {
		t.Errorf("authenticate with totp off = %s", got.raw)
	}
}

func TestHasActiveMFA(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("h@example.com", "password1", nil)
	check := func(want bool) {
		t.Helper()
		h.e.mu.Lock()
		rl := h.e.realms[h.realm]
		got := rl.users[uid].hasActiveMFA(rl)
		h.e.mu.Unlock()
		if got != want {
			t.Errorf("hasActiveMFA = %v, want %v", got, want)
		}
	}
	check(false)
	h.activateTOTP()
	id, secret := h.createTOTP(uid)
	check(false) // not verified yet
	h.do("POST", "/v2/credentials/"+id+"/verify", map[string]any{"credential": map[string]any{"code": totpCode(secret, h.clock.Now())}}).want(200)
	check(true)
	h.do("DELETE", "/v2/auth_providers/totp", nil).want(200)
	check(false) // no totp provider
	h.do("POST", "/v2/auth_providers", map[string]any{"auth_provider": map[string]any{"provider_type": "totp", "state": "active"}}).want(201)
	check(true)
	h.do("DELETE", "/v2/credentials/"+id, nil).want(200)
	check(false)
}

func TestLoginEventsWithoutMFA(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("e@example.com", "password1", nil)
	s := h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201)
	if ev := h.lastEvent("user.login.succeeded"); ev.userID != uid || ev.sessionID != s.str("id") || ev.authProviderID != "" {
		t.Errorf("event = %+v", ev)
	}
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "wrong"}}).want(422)
	if ev := h.lastEvent("user.login.failed"); ev.userID != uid {
		t.Errorf("event = %+v", ev)
	}
}

// TestResetPasswordWithMFA: a password reset of a user with a second factor
// answers a tmf: token, which authenticate_token turns into a session.
func TestResetPasswordWithMFA(t *testing.T) {
	h := newHarness(t)
	uid := h.createUser("reset-mfa@example.com", "old password", nil)
	h.activateTOTP()
	_, secret := h.enrollTOTP(uid)
	tpw := h.do("POST", "/v2/users/"+uid+"/generate_password_token", nil).want(200).str("token")
	res := h.do("POST", "/v2/users/reset_password_with_token", map[string]any{
		"user": map[string]any{"token": tpw, "password": "new password", "password_confirmation": "new password"},
	}).want(201)
	tmf := res.str("token")
	if res.str("object") != "token" || !strings.HasPrefix(tmf, "tmf:") || res.str("user_id") != uid {
		t.Fatalf("reset answer %s, want a tmf: token", res.raw)
	}
	s := h.do("POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": tmf, "code": totpCode(secret, h.clock.Now())}}).want(201)
	if s.str("object") != "session" || s.str("user_id") != uid {
		t.Fatalf("authenticate_token = %s", s.raw)
	}
	// The new password is the one that counts.
	h.do("POST", "/v2/users/"+uid+"/authenticate", map[string]any{"user": map[string]any{"password": "new password"}}).want(201)
}
