package emulator

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestNewAPIKey(t *testing.T) {
	if k := New().APIKey(); !regexp.MustCompile(`^ks_[a-z0-9]{32}$`).MatchString(k) {
		t.Fatalf("key %q", k)
	}
	if a, b := New().APIKey(), New().APIKey(); a == b {
		t.Fatal("keys repeat")
	}
	fixed := "ks_" + strings.Repeat("x", 32)
	if k := New(WithAPIKey(fixed)).APIKey(); k != fixed {
		t.Fatalf("key %q", k)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a key without ks_")
		}
	}()
	New(WithAPIKey("secret"))
}

func TestRealms(t *testing.T) {
	h := newHarness(t)
	// Realm endpoints are not realm-scoped.
	res := h.do("POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "HS", "jwt_algo": "HS256", "jwt_scopes": "ar.orgs", "jwt_minutes": 5}}, noRealm).want(201)
	hs := res.str("id")
	if !strings.HasPrefix(hs, "rl_") || res.str("object") != "realm" || res.str("state") != "active" || res.str("jwt_algo") != "hs256" ||
		res.str("jwt_scopes") != "ar.orgs" || res.obj["jwt_minutes"] != float64(5) || res.obj["session_minutes"] != float64(360) ||
		res.str("org_mode") != "single_user" || !strings.HasPrefix(res.str("jwt_key"), "jsk_") {
		t.Fatalf("hs realm %s", res.raw)
	}
	res = h.do("GET", "/v2/realms/"+h.realm, nil, noRealm).want(200)
	if res.str("name") != "Test realm" || res.str("jwt_algo") != "rs256" || res.str("jwt_scopes") != "" ||
		res.obj["jwt_minutes"] != float64(60) || !strings.HasPrefix(res.str("jwt_key"), "-----BEGIN PUBLIC KEY-----") {
		t.Fatalf("default realm %s", res.raw)
	}
	h.do("GET", "/v2/realms/rl_invalid", nil).wantErrors(404, "Not found")
	if ids := h.do("GET", "/v2/realms", nil, noRealm).want(200).ids(); len(ids) != 2 || ids[0] != h.realm || ids[1] != hs {
		t.Fatalf("list %v", ids)
	}
	if ids := h.do("GET", "/v2/realms?sort=name", nil).want(200).ids(); ids[0] != hs {
		t.Fatalf("sort by name %v", ids)
	}
	h.do("POST", "/v2/realms", map[string]any{"realm": map[string]any{"jwt_algo": "es256", "jwt_minutes": "x", "org_mode": "many"}}).
		wantErrors(422, "Name can't be blank", "Jwt algo is not included in the list", "Jwt minutes is not a number", "Org mode is not included in the list")
	if _, err := h.e.CreateRealmWith(map[string]any{"name": ""}); err == nil || !strings.Contains(err.Error(), "Name can't be blank") {
		t.Fatalf("CreateRealmWith error %v", err)
	}
	id, err := h.e.CreateRealmWith(map[string]any{"name": "arr", "jwt_scopes": []any{"ar.orgs", "x"}, "org_mode": "multi_user"})
	if err != nil {
		t.Fatal(err)
	}
	if r := h.do("GET", "/v2/realms/"+id, nil).want(200); r.str("jwt_scopes") != "ar.orgs x" || r.str("org_mode") != "multi_user" {
		t.Fatalf("realm %s", r.raw)
	}
}

func TestRealmUpdate(t *testing.T) {
	h := newHarness(t)
	path := "/v2/realms/" + h.realm
	before := h.do("GET", path, nil).want(200)
	res := h.do("PUT", path, map[string]any{"realm": map[string]any{"name": " Renamed ", "jwt_algo": "hs256", "jwt_scopes": "ar.orgs", "session_minutes": 30}}, noRealm).want(200)
	if res.str("id") != h.realm || res.str("object") != "realm" || res.str("name") != "Renamed" || res.str("jwt_algo") != "hs256" ||
		!strings.HasPrefix(res.str("jwt_key"), "jsk_") || res.str("jwt_scopes") != "ar.orgs" || res.obj["session_minutes"] != float64(30) {
		t.Fatalf("updated realm %s", res.raw)
	}
	// Attributes that were not sent keep their values.
	if res.obj["jwt_minutes"] != before.obj["jwt_minutes"] || res.str("org_mode") != before.str("org_mode") || res.obj["created_at"] != before.obj["created_at"] {
		t.Fatalf("unsent attributes changed: %s, was %s", res.raw, before.raw)
	}
	if r := h.do("GET", path, nil).want(200); r.str("name") != "Renamed" || r.str("jwt_key") != res.str("jwt_key") {
		t.Fatalf("update not stored: %s", r.raw)
	}
	// Back to rs256: jwt_key is the public key again.
	if r := h.do("PUT", path, map[string]any{"realm": map[string]any{"jwt_algo": "rs256", "state": "inactive"}}).want(200); !strings.HasPrefix(r.str("jwt_key"), "-----BEGIN PUBLIC KEY-----") || r.str("state") != "inactive" {
		t.Fatalf("rs256 realm %s", r.raw)
	}
	// A failed update changes nothing.
	h.do("PUT", path, map[string]any{"realm": map[string]any{"name": "", "state": "gone", "org_mode": "multi_user", "jwt_minutes": 0}}).
		wantErrors(422, "Name can't be blank", "State is not included in the list", "Jwt minutes must be greater than 0")
	h.do("PUT", path, map[string]any{"realm": map[string]any{"name": "  "}}, es).wantErrors(422, "Nombre no puede estar en blanco")
	if r := h.do("GET", path, nil).want(200); r.str("name") != "Renamed" || r.str("org_mode") != "single_user" || r.obj["jwt_minutes"] != float64(60) {
		t.Fatalf("failed update was stored: %s", r.raw)
	}
	h.do("PUT", "/v2/realms/rl_invalid", map[string]any{"realm": map[string]any{"name": "x"}}).wantErrors(404, "Not found")
}

func TestRealmDelete(t *testing.T) {
	h := newHarness(t)
	other, err := h.e.CreateRealm("Other")
	if err != nil {
		t.Fatal(err)
	}
	res := h.do("DELETE", "/v2/realms/"+other, nil, noRealm).want(200)
	if res.str("id") != other || res.str("object") != "realm" || res.str("state") != "inactive" {
		t.Fatalf("deleted realm %s", res.raw)
	}
	// Still findable, unless state=active is asked for (php RealmTest::testDelete).
	if r := h.do("GET", "/v2/realms/"+other, nil).want(200); r.str("state") != "inactive" {
		t.Fatalf("deleted realm %s", r.raw)
	}
	h.do("GET", "/v2/realms/"+other+"?state=active", nil).wantErrors(404, "Not found")
	h.do("GET", "/v2/realms/"+other+"?state=inactive", nil).want(200)
	// Gone from the list, but for state=inactive.
	for query, want := range map[string]bool{"": false, "?state=active": false, "?state=inactive": true} {
		listed := slices.Contains(h.do("GET", "/v2/realms"+query, nil).want(200).ids(), other)
		if listed != want {
			t.Errorf("GET /v2/realms%s lists the deleted realm: %v, want %v", query, listed, want)
		}
	}
	h.do("GET", "/v2/realms/"+h.realm+"?state=active", nil).want(200)
	if ids := h.do("GET", "/v2/realms?state=active", nil).want(200).ids(); len(ids) != 1 || ids[0] != h.realm {
		t.Fatalf("active realms %v", ids)
	}
	// Deleting again is harmless; an unknown realm is 404.
	h.do("DELETE", "/v2/realms/"+other, nil).want(200)
	h.do("DELETE", "/v2/realms/rl_invalid", nil).wantErrors(404, "Not found")
}

func TestRealmReset(t *testing.T) {
	h := newHarness(t)
	other, err := h.e.CreateRealm("Other")
	if err != nil {
		t.Fatal(err)
	}
	// Data in the realm to reset, and in another realm that must survive.
	fill := func(realm string) (uid, oid, mid, sid string) {
		in := hdr("Authrocket-Realm", realm)
		uid = h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "a@example.com", "password": "password1"}}, in).want(201).str("id")
		oid = h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Org"}}, in).want(201).str("id")
		mid = h.do("POST", "/v2/memberships", map[string]any{"membership": map[string]any{"user_id": uid, "org_id": oid}}, in).want(201).str("id")
		sid = h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": uid}}, in).want(201).str("id")
		return
	}
	uid, oid, mid, sid := fill(h.realm)
	ouid, ooid, omid, osid := fill(other)
	before := h.do("GET", "/v2/realms/"+h.realm, nil).want(200)

	// No root element; node sends {}, php may send no body at all.
	res := h.do("POST", "/v2/realms/"+h.realm+"/reset", map[string]any{}, noRealm).want(200)
	if res.str("id") != h.realm || res.str("object") != "realm" || res.str("name") != "Test realm" || res.str("state") != "active" ||
		res.str("jwt_key") != before.str("jwt_key") || res.obj["created_at"] != before.obj["created_at"] {
		t.Fatalf("reset answer %s, was %s", res.raw, before.raw)
	}
	for _, p := range []string{"/v2/users/" + uid, "/v2/users/a@example.com", "/v2/orgs/" + oid, "/v2/memberships/" + mid, "/v2/sessions/" + sid} {
		h.do("GET", p, nil).wantErrors(404, "Not found")
	}
	for _, p := range []string{"/v2/users", "/v2/orgs", "/v2/memberships", "/v2/sessions"} {
		if ids := h.do("GET", p, nil).want(200).ids(); len(ids) != 0 {
			t.Errorf("%s after reset: %v", p, ids)
		}
	}
	in := hdr("Authrocket-Realm", other)
	for _, p := range []string{"/v2/users/" + ouid, "/v2/orgs/" + ooid, "/v2/memberships/" + omid, "/v2/sessions/" + osid} {
		h.do("GET", p, nil, in).want(200)
	}
	// The realm works as before: the same email can be used again.
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "a@example.com"}}).want(201)
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	h.do("POST", "/v2/realms/rl_invalid/reset", nil).wantErrors(404, "Not found")
	h.do("GET", "/v2/realms/"+h.realm+"/reset", nil).want(405)
}

func TestRealmPaging(t *testing.T) {
	h := newHarness(t)
	want := []string{h.realm}
	for _, name := range []string{"b", "c", "d"} {
		id, err := h.e.CreateRealm(name)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	page1 := h.do("GET", "/v2/realms?max_results=2", nil).want(200)
	if page1.obj["more_results"] != true {
		t.Fatalf("page 1 %s", page1.raw)
	}
	got := page1.ids()
	page2 := h.do("GET", "/v2/realms?max_results=2&after="+got[len(got)-1], nil).want(200)
	if page2.obj["more_results"] != false {
		t.Fatalf("page 2 %s", page2.raw)
	}
	got = append(got, page2.ids()...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("paged %v, want %v", got, want)
	}
	if ids := h.do("GET", "/v2/realms?direction=desc&max_results=1", nil).want(200).ids(); len(ids) != 1 || ids[0] != want[3] {
		t.Fatalf("desc %v", ids)
	}
	h.do("GET", "/v2/realms?max_results=0", nil).want(422)
	h.do("GET", "/v2/realms?sort=email", nil).want(422)
}

// TestResetWipesDataKeepsConfiguration checks what resetRealm says: after a
// reset, every resource of the realm is gone but its JWT keys, client apps
// and domains (and the realm with its settings), and the realm has its two
// default auth providers again.
func TestResetWipesDataKeepsConfiguration(t *testing.T) {
	h := newHarness(t)
	f := h.newFixture()
	f.ids["realms"] = h.realm
	h.do("PUT", "/v2/realms/"+h.realm, map[string]any{"realm": map[string]any{"jwt_scopes": "ar.orgs", "org_mode": "multi_user"}}).want(200)
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	kept := map[string]bool{"realms": true, "jwt_keys": true, "client_apps": true, "domains": true}
	for i := range h.e.routes {
		rt := &h.e.routes[i]
		if rt.method != "GET" || !slices.Contains(rt.segs, "") {
			continue
		}
		want := 404
		if kept[rt.segs[0]] {
			want = 200
		}
		if got, _ := h.viaHandler("GET", f.path(t, rt)+"?redirect_uri=https://app.example/cb", nil); got != want {
			t.Errorf("after reset GET %s = %d, want %d", rt.pattern(), got, want)
		}
	}
	realm := h.do("GET", "/v2/realms/"+h.realm, nil).want(200)
	if realm.str("name") != "Test realm" || realm.str("jwt_scopes") != "ar.orgs" || realm.str("org_mode") != "multi_user" {
		t.Errorf("settings after reset: %s", realm.raw)
	}
	var types []string
	for _, p := range h.do("GET", "/v2/auth_providers", nil).want(200).rows() {
		types = append(types, p["provider_type"].(string))
	}
	if strings.Join(types, ",") != "password,totp" {
		t.Errorf("auth providers after reset: %v", types)
	}
	for _, list := range []string{"users", "orgs", "memberships", "sessions", "invitations", "events", "hooks", "mailing_list_providers", "mailing_list_subscriptions", "smtp_providers"} {
		if n := len(h.do("GET", "/v2/"+list, nil).want(200).rows()); n != 0 {
			t.Errorf("after reset GET /v2/%s has %d rows", list, n)
		}
	}
	if np, rl := realm.obj["named_permissions"].([]any), realm.obj["resource_links"].([]any); len(np)+len(rl) != 0 {
		t.Errorf("after reset the realm embeds %v and %v", np, rl)
	}
}
