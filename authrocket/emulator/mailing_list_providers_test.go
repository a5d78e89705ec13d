package emulator

import (
	"strings"
	"testing"
)

func TestMailingListProviderCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": map[string]any{
		"provider_name": "Newsletter", "provider_type": "mailchimp", "api_endpoint": "https://us1.api.example.com/3.0",
		"provider_account": "acct-1", "valid_list_ids": []string{"news", "promo"},
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "mlp_") || res.str("object") != "mailing_list_provider" || res.str("realm_id") != h.realm || res.str("state") != "active" {
		t.Fatalf("create answer %s", res.raw)
	}
	if lists, _ := res.obj["valid_list_ids"].([]any); len(lists) != 2 || lists[1] != "promo" {
		t.Errorf("valid_list_ids = %v", res.obj["valid_list_ids"])
	}
	h.do("GET", "/v2/mailing_list_providers/"+id, nil).want(200)
	res = h.do("PUT", "/v2/mailing_list_providers/"+id, map[string]any{"mailing_list_provider": map[string]any{"state": "inactive", "valid_list_ids": "news"}}).want(200)
	if lists, _ := res.obj["valid_list_ids"].([]any); res.str("state") != "inactive" || len(lists) != 1 || res.str("provider_name") != "Newsletter" {
		t.Fatalf("update answer %s", res.raw)
	}
	other := h.createMailingListProvider()
	for q, want := range map[string]string{"": id + " " + other, "?state=active": other, "?provider_type=mailchimp&direction=desc": other + " " + id, "?provider_type=other": ""} {
		if got := strings.Join(h.do("GET", "/v2/mailing_list_providers"+q, nil).want(200).ids(), " "); got != want {
			t.Errorf("list%s = %q, want %q", q, got, want)
		}
	}

	// A provider in use by a hook cannot go (409); once the hook is gone it can.
	hook := h.createHook(map[string]any{"event_type": "user.created", "hook_type": "mailing_list", "mailing_list_provider_id": id, "list_id": "news"})
	h.do("DELETE", "/v2/mailing_list_providers/"+id, nil).wantErrors(409, "Mailing list provider is in use by a hook")
	h.do("DELETE", "/v2/mailing_list_providers/"+id, nil, es).wantErrors(409, "Proveedor de lista de correo está en uso por un hook")
	h.do("DELETE", "/v2/hooks/"+hook, nil).want(200)
	h.do("DELETE", "/v2/mailing_list_providers/"+id, nil).want(200)
	h.do("GET", "/v2/mailing_list_providers/"+id, nil).want(404)
}

func TestMailingListProviderValidation(t *testing.T) {
	h := newHarness(t)
	create := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": attrs}, opts...)
	}
	create(map[string]any{}).wantErrors(422, "Provider name can't be blank", "Provider type can't be blank")
	create(map[string]any{}, es).wantErrors(422, "Nombre del proveedor no puede estar en blanco", "Tipo de proveedor no puede estar en blanco")
	create(map[string]any{"provider_name": "n", "provider_type": "Mail Chimp"}).wantErrors(422, "Provider type is invalid")
	create(map[string]any{"provider_name": "n", "provider_type": "x", "state": "closed"}).wantErrors(422, "State is not included in the list")
	create(map[string]any{"provider_name": "n", "provider_type": "x", "api_endpoint": "not a url"}).wantErrors(422, "API endpoint is invalid")
	create(map[string]any{"provider_name": "n", "provider_type": "x", "valid_list_ids": []any{map[string]any{}}}).wantErrors(422, "Valid lists is invalid")
}
