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
