package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestSessionCRUD(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("s@example.com", "", nil)
	res := h.do("POST", "/v2/sessions", map[string]any{
		"session": map[string]any{"user_id": u},
		"request": map[string]any{"ip": "10.0.0.1", "client": "tests"},
	}).want(201)
	id, token := res.str("id"), res.str("token")
	if !strings.HasPrefix(id, "kss_") || res.str("object") != "session" || res.str("user_id") != u || strings.Count(token, ".") != 2 {
		t.Fatalf("create answer %s", res.raw)
	}
	if req, _ := res.obj["request"].(map[string]any); req["ip"] != "10.0.0.1" {
		t.Errorf("request = %v", res.obj["request"])
	}
	// Found by id and by its JWT.
	for _, key := range []string{id, token} {
		if got := h.do("GET", "/v2/sessions/"+key, nil).want(200); got.str("id") != id {
			t.Errorf("GET by %q: %s", key[:8], got.raw)
		}
	}
	other := h.createUser("o@example.com", "", nil)
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": other}}).want(201)
	list := h.do("GET", "/v2/sessions?user_id="+u, nil).want(200)
	rows := list.rows()
	if len(rows) != 1 || rows[0]["id"] != id || rows[0]["token"] != nil {
		t.Fatalf("list by user: %s", list.raw)
	}
	if n := len(h.do("GET", "/v2/sessions", nil).want(200).rows()); n != 2 {
		t.Errorf("all sessions: %d", n)
	}
	if h.do("DELETE", "/v2/sessions/"+id, nil).want(200).str("id") != id {
		t.Fatal("delete answer")
	}
	h.do("GET", "/v2/sessions/"+id, nil).want(404)
	h.do("DELETE", "/v2/sessions/"+id, nil).want(404)
}

func TestSessionValidationAndExpiry(t *testing.T) {
	h := newHarness(t)
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{}}).wantErrors(422, "User can't be blank")
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": "usr_nobody"}}).wantErrors(422, "User not found")
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": "usr_nobody"}}, es).wantErrors(422, "Usuario no encontrado")

	u := h.createUser("x@example.com", "", nil)
	id := h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": u}}).want(201).str("id")
	h.clock.Advance(30 * 24 * time.Hour) // past any session lifetime
	h.do("GET", "/v2/sessions/"+id, nil).want(404)
	if n := len(h.do("GET", "/v2/sessions?user_id="+u, nil).want(200).rows()); n != 0 {
		t.Errorf("expired session listed")
	}
}

// realmSizes returns how many sessions and OAuth2 sessions the harness
// realm holds, failing unless every session is indexed by its token.
func (h *harness) realmSizes() (sessions, oauth2 int) {
	h.t.Helper()
	h.e.mu.Lock()
	defer h.e.mu.Unlock()
	rl := h.e.realms[h.realm]
	for tok, s := range rl.sessionJWTs {
		if rl.sessions[s.id] != s || s.token != tok {
			h.t.Errorf("session %s is indexed by a token it does not have", s.id)
		}
	}
	if len(rl.sessionJWTs) != len(rl.sessions) {
		h.t.Errorf("%d sessions, %d indexed by token", len(rl.sessions), len(rl.sessionJWTs))
	}
	return len(rl.sessions), len(rl.oauth2Sessions)
}

// TestEndedSessionsAreDropped checks that what can no longer be used is
// not kept: expired sessions, expired OAuth2 codes and OAuth2 sessions
// whose session ended go before the next realm-scoped call.
func TestEndedSessionsAreDropped(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("gone@example.com", "", nil)
	for range 3 {
		h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": u}}).want(201)
	}
	app := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "A", "redirect_uris": []string{"https://app.example/cb"}})
	start := func() *result {
		return h.do("POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": app.str("id"), "user_id": u}}).want(201)
	}
	start()
	code := start()
	tok := h.do("POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{
		"client_app_id": app.str("id"), "client_app_secret": app.str("secret"), "code": code.str("code"),
	}}).want(200)
	if s, o := h.realmSizes(); s != 4 || o != 2 {
		t.Fatalf("before: %d sessions, %d OAuth2 sessions", s, o)
	}
	// Ending the exchanged session ends its OAuth2 session.
	h.do("DELETE", "/v2/sessions/"+tok.str("id"), nil).want(200)
	h.do("GET", "/v2/orgs", nil).want(200)
	if s, o := h.realmSizes(); s != 3 || o != 1 {
		t.Errorf("after ending the OAuth2 login: %d sessions, %d OAuth2 sessions", s, o)
	}
	// The other code expires after 10 minutes.
	h.clock.Advance(11 * time.Minute)
	h.do("GET", "/v2/orgs", nil).want(200)
	if _, o := h.realmSizes(); o != 0 {
		t.Errorf("an expired code is kept: %d OAuth2 sessions", o)
	}
	// Sessions expire after session_minutes.
	h.clock.Advance(defaultSessionMinutes * time.Minute)
	h.do("GET", "/v2/orgs", nil).want(200)
	if s, _ := h.realmSizes(); s != 0 {
		t.Errorf("expired sessions are kept: %d", s)
	}
	// Deleting a user drops its sessions from the token index too.
	other := h.createUser("other@example.com", "", nil)
	jwt := h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": other}}).want(201).str("token")
	h.do("GET", "/v2/sessions/"+jwt, nil).want(200)
	h.do("DELETE", "/v2/users/"+other, nil).want(200)
	h.do("GET", "/v2/sessions/"+jwt, nil).want(404)
	if s, _ := h.realmSizes(); s != 0 {
		t.Errorf("a deleted user's session is kept")
	}
}

// TestNoSessionForInactiveUsers checks that no call makes a session for an
// inactive user: POST /v2/sessions and the OAuth2 code flow refuse it as
// authenticate does (which answers "Login failed").
func TestNoSessionForInactiveUsers(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("off@example.com", "password1", map[string]any{"state": "inactive"})
	from := len(h.recordedEvents())
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": u}}).wantErrors(422, "User is inactive")
	h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": u}}, es).wantErrors(422, "El usuario está inactivo")
	h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).wantErrors(422, "Login failed")
	if s, _ := h.realmSizes(); s != 0 {
		t.Errorf("%d sessions for an inactive user", s)
	}
	if got := h.eventTypes(from); strings.Join(got, ",") != "user.login.failed" {
		t.Errorf("events = %v, want only authenticate's user.login.failed", got)
	}

	app := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "A", "redirect_uris": []string{"https://app.example/cb"}})
	start := func(user string) *result {
		return h.do("POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": app.str("id"), "user_id": user}})
	}
	start(u).wantErrors(422, "User is inactive")
	on := h.createUser("on@example.com", "", nil)
	code := start(on).want(201).str("code")
	h.do("PUT", "/v2/users/"+on, map[string]any{"user": map[string]any{"state": "inactive"}}).want(200)
	exchange := map[string]any{"session": map[string]any{"client_app_id": app.str("id"), "client_app_secret": app.str("secret"), "code": code}}
	h.do("POST", "/v2/sessions/oauth2/code", exchange).wantErrors(422, "User is inactive")
	h.do("PUT", "/v2/users/"+on, map[string]any{"user": map[string]any{"state": "active"}}).want(200)
	h.do("POST", "/v2/sessions/oauth2/code", exchange).want(200)
}
