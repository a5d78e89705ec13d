package emulator

import (
	"strings"
	"testing"
)

func TestDomainsLoginRocket(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket", "subdomain": " Acme "}}).want(201)
	id := res.str("id")
	want := map[string]any{
		"object": "domain", "realm_id": h.realm, "domain_type": "loginrocket", "subdomain": "acme", "domain": nil,
		"fqdn": "acme.loginrocket.localhost", "state": "active", "dns_state": "verified", "cert_state": "issued",
		"uri": h.srv.URL + "/_loginrocket/acme.loginrocket.localhost",
	}
	for k, v := range want {
		if res.obj[k] != v {
			t.Errorf("%s = %#v, want %#v", k, res.obj[k], v)
		}
	}
	if !strings.HasPrefix(id, "dom_") || len(res.obj["flags"].([]any)) != 0 {
		t.Errorf("create %s", res.raw)
	}
	if got := h.do("GET", "/v2/domains/"+id, nil).want(200); got.str("fqdn") != "acme.loginrocket.localhost" {
		t.Errorf("get %s", got.raw)
	}
	// An fqdn names one realm's LoginRocket: unique across realms.
	other, err := h.e.CreateRealm("Other")
	if err != nil {
		t.Fatal(err)
	}
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket", "subdomain": "acme"}}, hdr("Authrocket-Realm", other)).
		wantErrors(422, "Subdomain has already been taken")
	if fqdn, err := h.e.CreateDomain(other, map[string]any{"domain_type": "loginrocket"}); err != nil || !strings.HasSuffix(fqdn, ".loginrocket.localhost") || len(fqdn) != 10+len(loginRocketSuffix) {
		t.Errorf("CreateDomain = %q, %v (want a random subdomain)", fqdn, err)
	}
	if _, err := h.e.CreateDomain("rl_nope", map[string]any{"domain_type": "loginrocket"}); err == nil {
		t.Error("CreateDomain in an unknown realm")
	}

	up := h.do("PUT", "/v2/domains/"+id, map[string]any{"domain": map[string]any{"subdomain": "acme2", "state": "inactive"}}).want(200)
	if up.str("fqdn") != "acme2.loginrocket.localhost" || up.str("state") != "inactive" {
		t.Errorf("update %s", up.raw)
	}
	h.do("PUT", "/v2/domains/"+id, map[string]any{"domain": map[string]any{"domain_type": "custom", "subdomain": "-x-", "state": "gone"}}).
		wantErrors(422, "Domain type can't be changed", "Subdomain is invalid", "State is not included in the list")
	h.do("PUT", "/v2/domains/"+id, map[string]any{"domain": map[string]any{"domain_type": "custom"}}, es).
		wantErrors(422, "Tipo de dominio no se puede cambiar")
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{}}).wantErrors(422, "Domain type can't be blank")
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "ftp"}}, es).
		wantErrors(422, "Tipo de dominio no está incluido en la lista")

	if del := h.do("DELETE", "/v2/domains/"+id, nil).want(200); del.str("id") != id {
		t.Errorf("delete %s", del.raw)
	}
	h.do("GET", "/v2/domains/"+id, nil).wantErrors(404, "Not found")
	h.do("POST", "/v2/domains/"+id+"/verify", map[string]any{"domain": map[string]any{}}).want(404)
	// The freed subdomain can be used again.
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket", "subdomain": "acme2"}}).want(201)
}

func TestDomainsCustomAndVerify(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "custom", "domain": "Login.Example.com."}}).want(201)
	id, fqdn := res.str("id"), res.str("fqdn")
	if fqdn != "login.example.com" || res.str("domain") != fqdn || res.obj["subdomain"] != nil || res.str("dns_state") != "pending" || res.str("cert_state") != "pending" {
		t.Fatalf("custom domain %s", res.raw)
	}
	// Not serving before it is verified.
	if status, _ := h.fetchJWKS("/connect/jwks", fqdn); status != 404 {
		t.Errorf("unverified domain serves: %d", status)
	}
	ver := h.do("POST", "/v2/domains/"+id+"/verify", map[string]any{"domain": map[string]any{}}).want(200)
	if ver.str("dns_state") != "verified" || ver.str("cert_state") != "issued" {
		t.Fatalf("verify %s", ver.raw)
	}
	if status, doc := h.fetchJWKS("/connect/jwks", fqdn); status != 200 || len(doc["keys"].([]any)) != 1 {
		t.Errorf("verified domain: %d %v", status, doc)
	}
	// A new host must be verified again.
	if up := h.do("PUT", "/v2/domains/"+id, map[string]any{"domain": map[string]any{"domain": "auth.example.com"}}).want(200); up.str("dns_state") != "pending" || up.str("fqdn") != "auth.example.com" {
		t.Errorf("changed host %s", up.raw)
	}
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "custom"}}).wantErrors(422, "Domain can't be blank")
	for _, bad := range []string{"no_underscores.example.com", "localhost", "x.loginrocket.localhost", strings.Repeat("a", 64) + ".com"} {
		h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "custom", "domain": bad}}).wantErrors(422, "Domain is invalid")
	}
	h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "custom", "domain": "auth.example.com"}}, es).
		wantErrors(422, "Dominio ya está en uso")

	// Lists: filters, paging in id order.
	lr := h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}}).want(201).str("id")
	if ids := h.do("GET", "/v2/domains?domain_type=loginrocket", nil).want(200).ids(); len(ids) != 1 || ids[0] != lr {
		t.Errorf("filter domain_type %v", ids)
	}
	page := h.do("GET", "/v2/domains?max_results=1", nil).want(200)
	if ids := page.ids(); len(ids) != 1 || ids[0] != id || !page.more() {
		t.Errorf("page 1 %s", page.raw)
	}
	if ids := h.do("GET", "/v2/domains?after="+id, nil).want(200).ids(); len(ids) != 1 || ids[0] != lr {
		t.Errorf("page 2 %v", ids)
	}
	if ids := h.do("GET", "/v2/domains?state=inactive", nil).want(200).ids(); len(ids) != 0 {
		t.Errorf("filter state %v", ids)
	}
	// Domains are configuration: a reset keeps them.
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	h.do("GET", "/v2/domains/"+lr, nil).want(200)
}
