package emulator

import (
	"strings"
	"testing"
)

func TestResourceLinkCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/resource_links", map[string]any{"resource_link": map[string]any{
		"title": "Admin page", "link_url": "https://admin.example.com/users/{{id}}", "resource_type": "user",
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "rsl_") || res.str("object") != "resource_link" || res.str("realm_id") != h.realm || res.str("resource_type") != "user" {
		t.Fatalf("create answer %s", res.raw)
	}
	h.do("GET", "/v2/resource_links/"+id, nil).want(200)
	res = h.do("PUT", "/v2/resource_links/"+id, map[string]any{"resource_link": map[string]any{"resource_type": "org", "title": "Org page"}}).want(200)
	if res.str("resource_type") != "org" || res.str("title") != "Org page" || res.str("link_url") == "" {
		t.Fatalf("update answer %s", res.raw)
	}
	h.do("GET", "/v2/resource_links", nil).want(405)
	if links, _ := h.do("GET", "/v2/realms/"+h.realm, nil).want(200).obj["resource_links"].([]any); len(links) != 1 || links[0].(map[string]any)["id"] != id {
		t.Errorf("realm resource_links = %v", links)
	}
	h.do("DELETE", "/v2/resource_links/"+id, nil).want(200)
	h.do("GET", "/v2/resource_links/"+id, nil).want(404)
}

func TestResourceLinkValidation(t *testing.T) {
	h := newHarness(t)
	create := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/resource_links", map[string]any{"resource_link": attrs}, opts...)
	}
	create(map[string]any{}).wantErrors(422, "Title can't be blank", "Link URL can't be blank", "Resource type can't be blank")
	create(map[string]any{}, es).wantErrors(422, "Título no puede estar en blanco", "URL del enlace no puede estar en blanco", "Tipo de recurso no puede estar en blanco")
	create(map[string]any{"title": "t", "link_url": "javascript:alert(1)", "resource_type": "user"}).wantErrors(422, "Link URL is invalid")
	create(map[string]any{"title": "t", "link_url": "https://x.example", "resource_type": "realm"}).wantErrors(422, "Resource type is not included in the list")
}
