package emulator

import (
	"strings"
	"testing"
)

func TestMembershipCRUD(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("m@example.com", "", nil)
	o := h.createOrg("O")
	res := h.do("POST", "/v2/memberships", map[string]any{"membership": map[string]any{"user_id": u, "org_id": o}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "mb_") || res.str("object") != "membership" || res.str("user_id") != u || res.str("org_id") != o ||
		res.obj["selected"] != false || res.obj["expires_at"] != nil || res.obj["created_at"] == nil {
		t.Fatalf("create answer %s", res.raw)
	}
	if p, ok := res.obj["permissions"].([]any); !ok || len(p) != 0 {
		t.Fatalf("permissions = %v", res.obj["permissions"])
	}
	res = h.do("PUT", "/v2/memberships/"+id, map[string]any{"membership": map[string]any{"permissions": "ar:admin", "selected": true}}).want(200)
	if p := res.obj["permissions"].([]any); len(p) != 1 || p[0] != "ar:admin" || res.obj["selected"] != true {
		t.Fatalf("update answer %s", res.raw)
	}
	h.do("GET", "/v2/memberships/"+id, nil).want(200)
	dup := map[string]any{"membership": map[string]any{"user_id": u, "org_id": o}}
	h.do("POST", "/v2/memberships", dup).wantErrors(422, "User has already been taken")
	h.do("POST", "/v2/memberships", dup, es).wantErrors(422, "Usuario ya está en uso")
	if h.do("DELETE", "/v2/memberships/"+id, nil).want(200).str("id") != id {
		t.Fatal("delete answer")
	}
	h.do("GET", "/v2/memberships/"+id, nil).want(404)
	// The pair can be created again.
	h.do("POST", "/v2/memberships", dup).want(201)
	h.do("DELETE", "/v2/memberships/"+id, nil).want(404)
}

func TestMembershipValidation(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("m@example.com", "", nil)
	o := h.createOrg("O")
	long := strings.Repeat("a", 63)
	many := make([]any, 21)
	for i := range many {
		many[i] = "p" + strings.Repeat("x", i)
	}
	tests := []struct {
		name string
		mb   map[string]any
		en   []string
		es   []string
	}{
		{"missing refs", map[string]any{}, []string{"User can't be blank", "Org can't be blank"}, []string{"Usuario no puede estar en blanco", "Organización no puede estar en blanco"}},
		{"unknown refs", map[string]any{"user_id": "usr_x", "org_id": "org_x"}, []string{"User not found", "Org not found"}, []string{"Usuario no encontrado", "Organización no encontrada"}},
		{"bad permission", map[string]any{"user_id": u, "org_id": o, "permissions": []any{"ok:perm", "bad perm!"}}, []string{"Permission bad perm! is invalid"}, []string{"El permiso bad perm! no es válido"}},
		{"long permission", map[string]any{"user_id": u, "org_id": o, "permissions": []any{long}}, []string{"Permission " + long + " is too long (maximum is 62 characters)"}, nil},
		{"reserved", map[string]any{"user_id": u, "org_id": o, "permissions": []any{"ar:owner", "AR:Admin", "ar:root"}}, []string{"Permission ar:root is reserved"}, []string{"El permiso ar:root está reservado"}},
		{"too many", map[string]any{"user_id": u, "org_id": o, "permissions": many}, []string{"Permissions has too many entries (maximum is 20)"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"membership": tc.mb}
			h.do("POST", "/v2/memberships", body).wantErrors(422, tc.en...)
			if tc.es != nil {
				h.do("POST", "/v2/memberships", body, es).wantErrors(422, tc.es...)
			}
		})
	}
	// Valid permission forms.
	res := h.do("POST", "/v2/memberships", map[string]any{"membership": map[string]any{"user_id": u, "org_id": o, "permissions": []any{"ar:owner", "Read:*", "a.b;c_d-e"}}}).want(201)
	if p := res.obj["permissions"].([]any); len(p) != 3 {
		t.Fatalf("permissions = %v", p)
	}
}

func TestMembershipFormPermissions(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("m@example.com", "", nil)
	o := h.createOrg("O")
	form := "membership[user_id]=" + u + "&membership[org_id]=" + o + "&membership[permissions][]=read&membership[permissions][]=write"
	res := h.do("POST", "/v2/memberships", form, hdr("Content-Type", "application/x-www-form-urlencoded")).want(201)
	if p := res.obj["permissions"].([]any); len(p) != 2 || p[0] != "read" || p[1] != "write" {
		t.Fatalf("permissions = %v", p)
	}
}

func TestMembershipListEmbedding(t *testing.T) {
	h := newHarness(t)
	u1 := h.createUser("one@example.com", "", nil)
	u2 := h.createUser("two@example.com", "", nil)
	o1 := h.createOrg("O1")
	o2 := h.createOrg("O2")
	m11 := h.createMembership(u1, o1)
	m21 := h.createMembership(u2, o1)
	m12 := h.createMembership(u1, o2)

	byOrg := h.do("GET", "/v2/memberships?org_id="+o1, nil).want(200)
	if ids := byOrg.ids(); strings.Join(ids, ",") != m11+","+m21 {
		t.Fatalf("by org: %v", ids)
	}
	for _, r := range byOrg.rows() {
		usr, ok := r["user"].(map[string]any)
		if !ok || usr["object"] != "user" || usr["id"] != r["user_id"] {
			t.Fatalf("no embedded user: %v", r)
		}
		if _, ok := r["org"]; ok {
			t.Fatal("org embedded when listing by org")
		}
	}
	byUser := h.do("GET", "/v2/memberships?user_id="+u1, nil).want(200)
	if ids := byUser.ids(); strings.Join(ids, ",") != m11+","+m12 {
		t.Fatalf("by user: %v", ids)
	}
	for _, r := range byUser.rows() {
		org, ok := r["org"].(map[string]any)
		if !ok || org["object"] != "org" || org["id"] != r["org_id"] {
			t.Fatalf("no embedded org: %v", r)
		}
		if _, ok := r["user"]; ok {
			t.Fatal("user embedded when listing by user")
		}
	}
	both := h.do("GET", "/v2/memberships?user_id="+u1+"&org_id="+o2, nil).want(200)
	if ids := both.ids(); len(ids) != 1 || ids[0] != m12 {
		t.Fatalf("both: %v", ids)
	}
	if r := both.rows()[0]; r["user"] != nil || r["org"] != nil {
		t.Fatalf("embedded with both filters: %v", r)
	}
	desc := h.do("GET", "/v2/memberships?direction=desc", nil).want(200).ids()
	if strings.Join(desc, ",") != m12+","+m21+","+m11 {
		t.Fatalf("desc: %v", desc)
	}
	h.do("GET", "/v2/memberships?sort=name", nil).wantErrors(422, "Invalid sort: must be one of id")
}

func TestMembershipExpiry(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("m@example.com", "", nil)
	o := h.createOrg("O")
	exp := t0.Add(1e9 * 3600).Unix()
	res := h.do("POST", "/v2/memberships", map[string]any{"membership": map[string]any{"user_id": u, "org_id": o, "expires_at": exp}}).want(201)
	if res.obj["expires_at"] != float64(exp) {
		t.Fatalf("expires_at = %v", res.obj["expires_at"])
	}
	id := res.str("id")
	h.do("GET", "/v2/memberships/"+id, nil).want(200)
	h.clock.Advance(3601e9)
	h.do("GET", "/v2/memberships/"+id, nil).want(404)
}
