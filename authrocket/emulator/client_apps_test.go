package emulator

import (
	"fmt"
	"strings"
	"testing"
)

// createClientApp creates a client app and returns the answer.
func (h *harness) createClientApp(attrs map[string]any) *result {
	h.t.Helper()
	return h.do("POST", "/v2/client_apps", map[string]any{"client_app": attrs}).want(201)
}

func TestClientApps(t *testing.T) {
	h := newHarness(t)
	std := h.createClientApp(map[string]any{"client_type": "standard", "name": "Web", "redirect_uris": []string{"http://localhost:3000/"}})
	if !strings.HasPrefix(std.str("id"), "ca_") || std.str("object") != "client_app" || std.str("realm_id") != h.realm ||
		std.str("state") != "active" || fmt.Sprint(std.obj["redirect_uris"]) != "[http://localhost:3000/]" {
		t.Fatalf("standard app %s", std.raw)
	}
	if _, ok := std.obj["secret"]; ok || std.obj["allowed_scopes"] != nil || std.obj["trusted"] != nil {
		t.Errorf("a standard app has oauth2 attributes: %s", std.raw)
	}
	oa := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "API", "redirect_uris": "com.example.app:/callback"})
	secret := oa.str("secret")
	if len(secret) != 48 || fmt.Sprint(oa.obj["allowed_scopes"]) != "[openid profile email]" || oa.str("app_type") != "web" ||
		oa.obj["trusted"] != false || fmt.Sprint(oa.obj["redirect_uris"]) != "[com.example.app:/callback]" {
		t.Fatalf("oauth2 app %s", oa.raw)
	}
	if got := h.do("GET", "/v2/client_apps/"+oa.str("id"), nil).want(200); got.str("secret") != secret {
		t.Errorf("get %s", got.raw)
	}
	h.do("GET", "/v2/client_apps/ca_unknown", nil).wantErrors(404, "Not found")

	// Lists leave the secret out; filters, sorts and paging.
	list := h.do("GET", "/v2/client_apps", nil).want(200)
	if ids := list.ids(); len(ids) != 2 || ids[0] != std.str("id") {
		t.Fatalf("list %s", list.raw)
	}
	if strings.Contains(string(list.raw), secret) {
		t.Error("a list row carries the secret")
	}
	if ids := h.do("GET", "/v2/client_apps?client_type=oauth2", nil).want(200).ids(); len(ids) != 1 || ids[0] != oa.str("id") {
		t.Errorf("filter client_type %v", ids)
	}
	if ids := h.do("GET", "/v2/client_apps?sort=name", nil).want(200).ids(); ids[0] != oa.str("id") {
		t.Errorf("sort=name %v", ids) // "API" < "Web"
	}
	page := h.do("GET", "/v2/client_apps?max_results=1&direction=desc", nil).want(200)
	if ids := page.ids(); len(ids) != 1 || ids[0] != oa.str("id") || !page.more() {
		t.Errorf("desc page %s", page.raw)
	}
	if ids := h.do("GET", "/v2/client_apps?state=inactive", nil).want(200).ids(); len(ids) != 0 {
		t.Errorf("filter state %v", ids)
	}

	up := h.do("PUT", "/v2/client_apps/"+oa.str("id"), map[string]any{"client_app": map[string]any{
		"name": "API 2", "allowed_scopes": "openid email", "trusted": true, "logo": "https://example.com/logo.png",
		"app_type": "native", "redirect_uris": []string{"https://a.example/cb", "https://b.example/cb"},
	}}).want(200)
	if up.str("name") != "API 2" || fmt.Sprint(up.obj["allowed_scopes"]) != "[openid email]" || up.obj["trusted"] != true ||
		up.str("logo") != "https://example.com/logo.png" || up.str("app_type") != "native" || up.str("secret") != secret ||
		fmt.Sprint(up.obj["redirect_uris"]) != "[https://a.example/cb https://b.example/cb]" {
		t.Errorf("update %s", up.raw)
	}
	h.do("PUT", "/v2/client_apps/"+oa.str("id"), map[string]any{"client_app": map[string]any{"client_type": "standard", "logo": "not a url", "allowed_scopes": []string{"a\"b"}}}).
		wantErrors(422, "Client type can't be changed", "Allowed scopes is invalid", "Logo is invalid")
	// A standard app ignores oauth2 attributes.
	if got := h.do("PUT", "/v2/client_apps/"+std.str("id"), map[string]any{"client_app": map[string]any{"secret": "mine", "trusted": true, "state": "inactive"}}).want(200); got.obj["trusted"] != nil || got.str("state") != "inactive" {
		t.Errorf("standard update %s", got.raw)
	}

	h.do("POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{}}).
		wantErrors(422, "Client type can't be blank", "Name can't be blank", "Redirect uris can't be blank")
	h.do("POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{"client_type": "saml", "name": "x", "redirect_uris": []any{"/relative"}, "state": "on"}}).
		wantErrors(422, "Client type is not included in the list", "Redirect uris is invalid", "State is not included in the list")
	h.do("POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{"client_type": "oauth2", "name": " "}}, es).
		wantErrors(422, "Nombre no puede estar en blanco", "URIs de redirección no puede estar en blanco")
	h.do("POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{"client_type": "oauth2", "name": "n", "redirect_uris": []any{map[string]any{}}}}).
		wantErrors(422, "Redirect uris is invalid")

	if del := h.do("DELETE", "/v2/client_apps/"+std.str("id"), nil).want(200); del.str("id") != std.str("id") {
		t.Errorf("delete %s", del.raw)
	}
	h.do("GET", "/v2/client_apps/"+std.str("id"), nil).want(404)
	h.do("DELETE", "/v2/client_apps/"+std.str("id"), nil).want(404)
	// Client apps are configuration: a reset keeps them.
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	h.do("GET", "/v2/client_apps/"+oa.str("id"), nil).want(200)
}
