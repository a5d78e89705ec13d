package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// eventTypes returns the event_type of each row of a list answer.
func eventTypes(r *result) []string {
	var out []string
	for _, row := range r.rows() {
		out = append(out, row["event_type"].(string))
	}
	return out
}

func TestEventsRecordedByHandlers(t *testing.T) {
	h := newHarness(t)
	const pw = "correct horse battery"
	req := map[string]any{"ip": "10.0.0.7", "client": "tests/1.0"}
	u := h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "ev@example.com", "password": pw}, "request": req}).want(201).str("id")
	h.do("PUT", "/v2/users/"+u, map[string]any{"user": map[string]any{"first_name": "Eve"}}).want(200)
	h.do("PUT", "/v2/users/"+u+"/profile", map[string]any{"user": map[string]any{"last_name": "Ng"}}).want(200)
	h.do("PUT", "/v2/users/"+u+"/update_password", map[string]any{"user": map[string]any{"current_password": pw, "password": pw + "!"}}).want(200)
	h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "wrong password"}}).want(422)
	sess := h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": pw + "!"}}).want(201).str("id")
	org := h.createOrg("Evented")
	h.do("PUT", "/v2/orgs/"+org, map[string]any{"org": map[string]any{"name": "Evented 2"}}).want(200)
	mb := h.createMembership(u, org)
	h.do("PUT", "/v2/memberships/"+mb, map[string]any{"membership": map[string]any{"permissions": []string{"a"}}}).want(200)
	h.do("DELETE", "/v2/memberships/"+mb, nil).want(200)
	h.do("DELETE", "/v2/sessions/"+sess, nil).want(200)
	h.do("DELETE", "/v2/orgs/"+org, nil).want(200)
	h.do("DELETE", "/v2/users/"+u, nil).want(200)
	// Refused calls record nothing.
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{}}).want(422)
	h.do("POST", "/v2/users/nobody@example.com/authenticate", map[string]any{"user": map[string]any{"password": pw}}).want(404)

	res := h.do("GET", "/v2/events?direction=asc", nil).want(200)
	want := []string{
		"user.created", "user.updated", "user.profile.updated", "user.password.updated",
		"user.login.failed", "user.login.succeeded", "org.created", "org.updated",
		"membership.created", "membership.updated", "membership.deleted",
		"session.deleted", "org.closed", "user.deleted",
	}
	if got := eventTypes(res); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("event types\n got %v\nwant %v", got, want)
	}
	rows := res.rows()
	for i, row := range rows {
		if !strings.HasPrefix(row["id"].(string), "ev_") || row["object"] != "event" || row["realm_id"] != h.realm || row["event_at"] != float64(t0.Unix()) {
			t.Errorf("row %d: %v", i, row)
		}
		if _, ok := row["notifications"]; ok {
			t.Errorf("row %d has notifications without expand", i)
		}
	}
	check := func(i int, kv ...string) {
		t.Helper()
		for j := 0; j < len(kv); j += 2 {
			if rows[i][kv[j]] != kv[j+1] {
				t.Errorf("%s: %s = %v, want %s", want[i], kv[j], rows[i][kv[j]], kv[j+1])
			}
		}
	}
	check(0, "user_id", u)
	if r, _ := rows[0]["request"].(map[string]any); r["ip"] != "10.0.0.7" || r["client"] != "tests/1.0" {
		t.Errorf("user.created request = %v", rows[0]["request"])
	}
	if _, ok := rows[0]["org_id"]; ok {
		t.Errorf("user.created names an org: %v", rows[0])
	}
	check(4, "user_id", u)
	check(5, "user_id", u, "session_id", sess)
	check(6, "org_id", org)
	check(9, "membership_id", mb, "user_id", u, "org_id", org)
	check(11, "session_id", sess, "user_id", u)
	check(12, "org_id", org)
	check(13, "user_id", u)
	if strings.Contains(string(res.raw), "horse") {
		t.Errorf("an event carries a password: %s", res.raw)
	}
}

func TestEventListFiltersAndPaging(t *testing.T) {
	h := newHarness(t)
	u1 := h.createUser("one@example.com", "", nil)
	u2 := h.createUser("two@example.com", "", nil)
	org := h.createOrg("Filtered")
	h.createMembership(u1, org)

	// Newest first by default.
	if got := eventTypes(h.do("GET", "/v2/events", nil).want(200)); strings.Join(got, " ") != "membership.created org.created user.created user.created" {
		t.Fatalf("default order: %v", got)
	}
	tests := []struct {
		query string
		want  string
	}{
		{"user_id=" + u1, "membership.created user.created"},
		{"user_id[]=" + u1 + "&user_id[]=" + u2, "membership.created user.created user.created"},
		{"org_id=" + org, "membership.created org.created"},
		{"event_type=user", "user.created user.created"},
		{"event_type=user.created", "user.created user.created"},
		{"event_type[]=org.&event_type[]=membership", "membership.created org.created"},
		{"event_type=created", ""},
		{"user_id=" + u2 + "&event_type=membership", ""},
		{"session_id=kss_none", ""},
		{"direction=asc&max_results=2", "user.created user.created"},
	}
	for _, tc := range tests {
		if got := strings.Join(eventTypes(h.do("GET", "/v2/events?"+tc.query, nil).want(200)), " "); got != tc.want {
			t.Errorf("?%s: %q, want %q", tc.query, got, tc.want)
		}
	}

	// Paging, newest first: after names the last row seen.
	var seen []string
	after := ""
	for page := 0; page < 5; page++ {
		res := h.do("GET", "/v2/events?max_results=3"+after, nil).want(200)
		seen = append(seen, res.ids()...)
		if !res.more() {
			break
		}
		after = "&after=" + seen[len(seen)-1]
	}
	if len(seen) != 4 || seen[0] < seen[3] {
		t.Fatalf("paged ids %v", seen)
	}

	h.do("GET", "/v2/events?sort=event_type", nil).wantErrors(422, "Invalid sort: must be one of id")
	h.do("GET", "/v2/events?direction=up", nil).want(422)
	h.do("GET", "/v2/events?max_results=0", nil).want(422)
}

func TestEventWindow(t *testing.T) {
	h := newHarness(t)
	h.createUser("old@example.com", "", nil)
	h.clock.Advance(31 * 24 * time.Hour)
	h.createUser("new@example.com", "", nil)
	count := func(q string) int {
		t.Helper()
		return len(h.do("GET", "/v2/events"+q, nil).want(200).rows())
	}
	if n := count(""); n != 1 {
		t.Errorf("default window (30 days): %d events, want 1", n)
	}
	if n := count("?created_at_after="); n != 2 {
		t.Errorf("empty created_at_after clears the window: %d events, want 2", n)
	}
	for q, want := range map[string]int{
		fmt.Sprint(t0.Unix()):                  2,
		fmt.Sprint(t0.Unix()) + ".5":           1, // after the first event
		t0.Format(time.RFC3339):                2,
		t0.Add(time.Hour).Format(time.RFC3339): 1,
	} {
		if n := count("?created_at_after=" + q); n != want {
			t.Errorf("created_at_after=%s: %d events, want %d", q, n, want)
		}
	}
	h.do("GET", "/v2/events?created_at_after=yesterday", nil).wantErrors(422, "Created at after is invalid")
	h.do("GET", "/v2/events?created_at_after=yesterday", nil, es).wantErrors(422, "Creado después de no es válido")
}

func TestEventGetAndNotifications(t *testing.T) {
	h := newHarness(t)
	hook := func(attrs map[string]any) string {
		t.Helper()
		return h.do("POST", "/v2/hooks", map[string]any{"hook": attrs}).want(201).str("id")
	}
	web := hook(map[string]any{"event_type": "user.created", "hook_type": "webhook", "destination": "https://example.com/hook"})
	mail := hook(map[string]any{"event_type": "user.created", "hook_type": "email"})
	admin := hook(map[string]any{"event_type": "user.created", "hook_type": "email", "email_to": "admin@example.com"})
	hook(map[string]any{"event_type": "user.created", "hook_type": "webhook", "destination": "https://example.com/off", "state": "inactive"})
	hook(map[string]any{"event_type": "org.created", "hook_type": "webhook", "destination": "https://example.com/org"})

	h.createUser("hooked@example.com", "", nil)
	evID := h.do("GET", "/v2/events?event_type=user.created", nil).want(200).ids()[0]
	res := h.do("GET", "/v2/events/"+evID, nil).want(200)
	if res.str("id") != evID || res.str("event_type") != "user.created" {
		t.Fatalf("GET event: %s", res.raw)
	}
	ns, _ := res.obj["notifications"].([]any)
	if len(ns) != 3 {
		t.Fatalf("notifications = %v, want the 3 active user.created hooks", res.obj["notifications"])
	}
	byHook := map[string]map[string]any{}
	for _, x := range ns {
		n := x.(map[string]any)
		if !strings.HasPrefix(n["id"].(string), "ent_") || n["object"] != "notification" || n["event_id"] != evID {
			t.Errorf("notification %v", n)
		}
		byHook[n["hook_id"].(string)] = n
	}
	if n := byHook[web]; n["hook_type"] != "webhook" || n["state"] != "in_progress" || n["attempts"] != 0.0 || n["last_attempt_at"] != nil {
		t.Errorf("webhook notification (never sent by the emulator) = %v", n)
	}
	if n := byHook[mail]; n["hook_type"] != "email" || n["state"] != "completed" || n["attempts"] != 1.0 ||
		n["last_destination"] != "hooked@example.com" || n["last_attempt_at"] != float64(t0.Unix()) {
		t.Errorf("email notification = %v", n)
	}
	if n := byHook[admin]; n["last_destination"] != "admin@example.com" {
		t.Errorf("email_to notification = %v", n)
	}

	for _, q := range []string{"?expand=notifications", "?expand[]=notifications"} {
		rows := h.do("GET", "/v2/events"+q, nil).want(200).rows()
		for _, row := range rows {
			if _, ok := row["notifications"].([]any); !ok {
				t.Errorf("%s: row without notifications: %v", q, row)
			}
		}
	}

	h.do("GET", "/v2/events/ev_missing", nil).wantErrors(404, "Not found")
	other, _ := h.e.CreateRealm("Other")
	h.do("GET", "/v2/events/"+evID, nil, hdr("Authrocket-Realm", other)).want(404)
	if n := len(h.do("GET", "/v2/events", nil, hdr("Authrocket-Realm", other)).want(200).rows()); n != 0 {
		t.Errorf("another realm lists %d events", n)
	}
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	h.do("GET", "/v2/events/"+evID, nil).want(404)
}

func TestEventLogBounded(t *testing.T) {
	h := newHarness(t)
	h.e.mu.Lock()
	c := &call{e: h.e, realm: h.e.realms[h.realm], now: t0, body: map[string]any{}}
	first := c.emit("org.created", nil)
	for i := 0; i < maxEventsPerRealm; i++ {
		c.emit("org.updated", nil)
	}
	n, oldest := len(c.realm.events), c.realm.events[0]
	h.e.mu.Unlock()
	if n != maxEventsPerRealm || oldest == first {
		t.Fatalf("%d events kept (oldest %s), want %d without the first", n, oldest.eventType, maxEventsPerRealm)
	}
}

// TestEventKeepsWhatItRecorded checks that an event keeps the expiry it
// recorded when its invitation's expires_at changes later.
func TestEventKeepsWhatItRecorded(t *testing.T) {
	h := newHarness(t)
	first, later := t0.Add(48*time.Hour).Unix(), t0.Add(96*time.Hour).Unix()
	id, _ := h.createInvitation(map[string]any{"invitation_type": "request", "email": "keep@example.com", "expires_at": first})
	h.do("PUT", "/v2/invitations/"+id, map[string]any{"invitation": map[string]any{"expires_at": later}}).want(200)
	rows := h.do("GET", "/v2/events?event_type=invitation.request.created", nil).want(200).rows()
	if len(rows) != 1 || rows[0]["expires_at"] != float64(first) {
		t.Fatalf("invitation.request.created = %v, want expires_at %d", rows, first)
	}
}
