package emulator

import (
	"strings"
	"testing"
)

func TestOrgCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Widgets", "reference": "w1", "custom": map[string]any{"tier": "gold"}}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "org_") || res.str("object") != "org" || res.str("state") != "active" ||
		res.str("realm_id") != h.realm || res.str("reference") != "w1" || res.obj["custom"].(map[string]any)["tier"] != "gold" {
		t.Fatalf("create answer %s", res.raw)
	}
	h.do("GET", "/v2/orgs/"+id, nil).want(200)
	res = h.do("PUT", "/v2/orgs/"+id, map[string]any{"org": map[string]any{"name": "Gadgets", "state": "inactive"}}).want(200)
	if res.str("name") != "Gadgets" || res.str("state") != "inactive" || res.str("reference") != "w1" {
		t.Fatalf("update answer %s", res.raw)
	}
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": " "}}).wantErrors(422, "Name can't be blank")
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{}}, es).wantErrors(422, "Nombre no puede estar en blanco")
	h.do("PUT", "/v2/orgs/"+id, map[string]any{"org": map[string]any{"state": "closed"}}).wantErrors(422, "State is not included in the list")
	h.do("GET", "/v2/orgs/org_missing", nil).wantErrors(404, "Not found")
}

func TestOrgListExpandCustom(t *testing.T) {
	h := newHarness(t)
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "b", "reference": "r", "custom": map[string]any{"k": "v"}}}).want(201)
	h.createOrg("A")
	h.createOrg("c")
	rows := h.do("GET", "/v2/orgs", nil).want(200).rows()
	var names []string
	for _, r := range rows {
		names = append(names, r["name"].(string))
		if _, ok := r["custom"]; ok {
			t.Error("custom in list row without expand")
		}
	}
	if strings.Join(names, ",") != "A,b,c" {
		t.Fatalf("default sort name asc: %v", names)
	}
	for _, q := range []string{"?expand=custom", "?expand[]=custom"} {
		for _, r := range h.do("GET", "/v2/orgs"+q, nil).want(200).rows() {
			if _, ok := r["custom"]; !ok {
				t.Errorf("%s: no custom in %v", q, r)
			}
		}
	}
	if rows := h.do("GET", "/v2/orgs?reference=r", nil).want(200).rows(); len(rows) != 1 || rows[0]["name"] != "b" {
		t.Fatalf("reference filter: %v", rows)
	}
}

func TestOrgCloseAndForce(t *testing.T) {
	h := newHarness(t)
	u := h.createUser("m@example.com", "", nil)
	tests := []struct {
		name     string
		path     string
		body     any
		opts     []reqOpt
		hardGone bool
	}{
		{"soft close", "", nil, nil, false},
		{"force=false", "?force=false", nil, nil, false},
		{"force query", "?force=true", nil, nil, true},
		{"force=1 query", "?force=1", nil, nil, true},
		{"force json body", "", map[string]any{"force": true}, nil, true},
		{"force json string", "", map[string]any{"force": "true"}, nil, true},
		{"force form body", "", "force=1", []reqOpt{hdr("Content-Type", "application/x-www-form-urlencoded")}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			org := h.createOrg("Org " + tc.name)
			mb := h.createMembership(u, org)
			res := h.do("DELETE", "/v2/orgs/"+org+tc.path, tc.body, tc.opts...).want(200)
			if res.str("id") != org || res.str("object") != "org" {
				t.Fatalf("answer %s", res.raw)
			}
			if tc.hardGone {
				h.do("GET", "/v2/orgs/"+org, nil).want(404)
				h.do("GET", "/v2/memberships/"+mb, nil).want(404)
				for _, id := range h.do("GET", "/v2/orgs?max_results=1000", nil).ids() {
					if id == org {
						t.Fatal("force-deleted org still listed")
					}
				}
				return
			}
			if res.str("state") != "closed" {
				t.Fatalf("state = %s", res.str("state"))
			}
			if h.do("GET", "/v2/orgs/"+org, nil).want(200).str("state") != "closed" {
				t.Fatal("not closed")
			}
			if rows := h.do("GET", "/v2/orgs?state=closed&max_results=1000", nil).ids(); !contains(rows, org) {
				t.Fatal("closed org not listed")
			}
			h.do("GET", "/v2/memberships/"+mb, nil).want(200)
			h.do("PUT", "/v2/orgs/"+org, map[string]any{"org": map[string]any{"name": "x"}}).wantErrors(409, "Org is closed")
			h.do("PUT", "/v2/orgs/"+org, map[string]any{"org": map[string]any{"name": "x"}}, es).wantErrors(409, "La organización está cerrada")
		})
	}
	h.do("DELETE", "/v2/orgs/org_missing", nil).want(404)
}
