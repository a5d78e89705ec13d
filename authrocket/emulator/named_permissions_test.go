package emulator

import (
	"strings"
	"testing"
)

func TestNamedPermissionCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/named_permissions", map[string]any{"named_permission": map[string]any{"name": "Billing admin", "permission": "billing:admin"}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "np_") || res.str("object") != "named_permission" || res.str("realm_id") != h.realm ||
		res.str("permission") != "billing:admin" || res.obj["auto_grant"] != false {
		t.Fatalf("create answer %s", res.raw)
	}
	h.do("GET", "/v2/named_permissions/"+id, nil).want(200)
	res = h.do("PUT", "/v2/named_permissions/"+id, map[string]any{"named_permission": map[string]any{"auto_grant": true, "name": "Billing"}}).want(200)
	if res.obj["auto_grant"] != true || res.str("name") != "Billing" || res.str("permission") != "billing:admin" {
		t.Fatalf("update answer %s", res.raw)
	}
	// No list endpoint: the realm embeds them.
	h.do("GET", "/v2/named_permissions", nil).want(405)
	rl := h.do("GET", "/v2/realms/"+h.realm, nil).want(200)
	if nps, _ := rl.obj["named_permissions"].([]any); len(nps) != 1 || nps[0].(map[string]any)["id"] != id {
		t.Errorf("realm named_permissions = %v", rl.obj["named_permissions"])
	}
	if list := h.do("GET", "/v2/realms", nil).want(200).rows(); list[0]["named_permissions"] != nil {
		t.Errorf("realm list rows embed named permissions: %v", list[0])
	}
	h.do("DELETE", "/v2/named_permissions/"+id, nil).want(200)
	h.do("GET", "/v2/named_permissions/"+id, nil).wantErrors(404, "Not found")
	if nps, _ := h.do("GET", "/v2/realms/"+h.realm, nil).want(200).obj["named_permissions"].([]any); len(nps) != 0 {
		t.Errorf("deleted named permission still embedded: %v", nps)
	}
}

func TestNamedPermissionValidation(t *testing.T) {
	h := newHarness(t)
	create := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/named_permissions", map[string]any{"named_permission": attrs}, opts...)
	}
	create(map[string]any{}).wantErrors(422, "Name can't be blank", "Permission can't be blank")
	create(map[string]any{}, es).wantErrors(422, "Nombre no puede estar en blanco", "Permiso no puede estar en blanco")
	create(map[string]any{"name": "x", "permission": "has space"}).wantErrors(422, "Permission has space is invalid")
	create(map[string]any{"name": "x", "permission": "ar:root"}).wantErrors(422, "Permission ar:root is reserved")
	create(map[string]any{"name": "x", "permission": strings.Repeat("p", 63)}).want(422)
	create(map[string]any{"name": "x", "permission": []string{"a", "b"}}).wantErrors(422, "Permission is invalid")
	id := create(map[string]any{"name": "x", "permission": "reports"}).want(201).str("id")
	create(map[string]any{"name": "y", "permission": "reports"}).wantErrors(422, "Permission has already been taken")
	h.do("PUT", "/v2/named_permissions/"+id, map[string]any{"named_permission": map[string]any{"permission": "reports"}}).want(200)
	h.do("PUT", "/v2/named_permissions/"+id, map[string]any{"named_permission": map[string]any{"name": " "}}).wantErrors(422, "Name can't be blank")
}
