package emulator

import (
	"strings"
	"testing"
)

// createHook creates a hook and returns its id.
func (h *harness) createHook(attrs map[string]any) string {
	h.t.Helper()
	return h.do("POST", "/v2/hooks", map[string]any{"hook": attrs}).want(201).str("id")
}

// createMailingListProvider creates a provider and returns its id.
func (h *harness) createMailingListProvider(lists ...string) string {
	h.t.Helper()
	p := map[string]any{"provider_name": "Lists", "provider_type": "mailchimp"}
	if lists != nil {
		p["valid_list_ids"] = lists
	}
	return h.do("POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": p}).want(201).str("id")
}

func TestHookCRUD(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/hooks", map[string]any{"hook": map[string]any{
		"event_type": "user.created", "hook_type": "webhook", "destination": "https://example.com/in",
		"name": " New users ", "delay": 30, "accumulate": true,
		"email_subjects": map[string]any{"en": "Hi", "es": "Hola"}, "locales": []string{"en", "es"},
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "hk_") || res.str("object") != "hook" || res.str("realm_id") != h.realm || res.str("state") != "active" ||
		res.str("name") != "New users" || res.obj["delay"] != 30.0 || res.obj["accumulate"] != true || res.obj["email_to"] != nil {
		t.Fatalf("create answer %s", res.raw)
	}
	if cur, _ := res.obj["current_locales"].([]any); len(cur) != 2 || cur[0] != "en" || cur[1] != "es" {
		t.Errorf("current_locales = %v", res.obj["current_locales"])
	}
	if h.do("GET", "/v2/hooks/"+id, nil).want(200).str("destination") != "https://example.com/in" {
		t.Fatal("GET hook")
	}
	res = h.do("PUT", "/v2/hooks/"+id, map[string]any{"hook": map[string]any{"state": "inactive", "name": nil, "delay": ""}}).want(200)
	if res.str("state") != "inactive" || res.obj["name"] != nil || res.obj["delay"] != nil || res.str("event_type") != "user.created" {
		t.Fatalf("update answer %s", res.raw)
	}
	mail := h.createHook(map[string]any{"event_type": "user.login.failed", "hook_type": "email"})
	tests := []struct{ query, want string }{
		{"", id + " " + mail},
		{"?hook_type=email", mail},
		{"?state=inactive", id},
		{"?event_type=user.created", id},
		{"?direction=desc", mail + " " + id},
	}
	for _, tc := range tests {
		if got := strings.Join(h.do("GET", "/v2/hooks"+tc.query, nil).want(200).ids(), " "); got != tc.want {
			t.Errorf("GET /v2/hooks%s = %s, want %s", tc.query, got, tc.want)
		}
	}
	page := h.do("GET", "/v2/hooks?max_results=1", nil).want(200)
	if page.ids()[0] != id || !page.more() {
		t.Errorf("page 1 = %s", page.raw)
	}
	if h.do("DELETE", "/v2/hooks/"+id, nil).want(200).str("id") != id {
		t.Fatal("delete answer")
	}
	h.do("GET", "/v2/hooks/"+id, nil).wantErrors(404, "Not found")
	h.do("PUT", "/v2/hooks/"+id, map[string]any{"hook": map[string]any{}}).want(404)
	h.do("DELETE", "/v2/hooks/"+id, nil).want(404)
}

func TestHookValidation(t *testing.T) {
	h := newHarness(t)
	provider := h.createMailingListProvider("list1")
	web := func(kv ...any) map[string]any {
		a := map[string]any{"event_type": "user.created", "hook_type": "webhook", "destination": "https://example.com/h"}
		for i := 0; i+1 < len(kv); i += 2 {
			a[kv[i].(string)] = kv[i+1]
		}
		return a
	}
	tests := []struct {
		name  string
		attrs map[string]any
		want  []string
	}{
		{"no event type", map[string]any{"hook_type": "email"}, []string{"Event type can't be blank"}},
		{"unknown event type", web("event_type", "user.exploded"), []string{"Event type is not included in the list"}},
		{"no hook type", map[string]any{"event_type": "user.created"}, []string{"Hook type can't be blank"}},
		{"unknown hook type", web("hook_type", "sms"), []string{"Hook type is not included in the list"}},
		{"webhook without destination", web("destination", nil), []string{"Destination can't be blank"}},
		{"webhook to ftp", web("destination", "ftp://example.com/"), []string{"Destination is invalid"}},
		{"webhook to a relative URL", web("destination", "/hook"), []string{"Destination is invalid"}},
		{"email for a non-email event", web("hook_type", "email", "event_type", "org.created"), []string{"Event type is not available for email hooks"}},
		{"email to a bad address", web("hook_type", "email", "email_to", "nobody"), []string{"Email to is invalid"}},
		{"mailing list without provider", web("hook_type", "mailing_list", "list_id", "list1"), []string{"Mailing list provider can't be blank"}},
		{"mailing list, unknown provider", web("hook_type", "mailing_list", "list_id", "list1", "mailing_list_provider_id", "mlp_none"), []string{"Mailing list provider not found"}},
		{"mailing list without list", web("hook_type", "mailing_list", "mailing_list_provider_id", provider), []string{"List can't be blank"}},
		{"mailing list, list not offered", web("hook_type", "mailing_list", "mailing_list_provider_id", provider, "list_id", "list2"), []string{"List is not included in the list"}},
		{"negative delay", web("delay", -1), []string{"Delay must be greater than or equal to 0"}},
		{"delay not a number", web("delay", "soon"), []string{"Delay is not a number"}},
		{"accumulate an object", web("accumulate", map[string]any{"x": 1}), []string{"Accumulate is invalid"}},
		{"email_subjects not a hash", web("email_subjects", "Hi"), []string{"Email subjects is invalid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			h.do("POST", "/v2/hooks", map[string]any{"hook": tc.attrs}).wantErrors(422, tc.want...)
		})
	}
	h.t = t
	h.do("POST", "/v2/hooks", map[string]any{"hook": map[string]any{"event_type": "user.created"}}, es).wantErrors(422, "Tipo de hook no puede estar en blanco")
	h.do("POST", "/v2/hooks", map[string]any{"hook": web("destination", "x")}, es).wantErrors(422, "Destino no es válido")
	ml := h.createHook(web("hook_type", "mailing_list", "mailing_list_provider_id", provider, "list_id", "list1"))
	// An update is checked as a whole: a webhook needs its destination.
	id := h.createHook(web())
	h.do("PUT", "/v2/hooks/"+id, map[string]any{"hook": map[string]any{"destination": ""}}).wantErrors(422, "Destination can't be blank")
	h.do("PUT", "/v2/hooks/"+ml, map[string]any{"hook": map[string]any{"hook_type": "email"}}).want(200)
}
