package emulator

import (
	"regexp"
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
