package emulator

import (
	"strings"
	"testing"
)

// mailingListHook creates a provider and a mailing-list hook and returns
// the hook's id.
func (h *harness) mailingListHook() string {
	h.t.Helper()
	p := h.createMailingListProvider()
	return h.createHook(map[string]any{"event_type": "user.created", "hook_type": "mailing_list", "mailing_list_provider_id": p, "list_id": "news"})
}

func TestMailingListSubscriptionCRUD(t *testing.T) {
	h := newHarness(t)
	hook := h.mailingListHook()
	u := h.createUser("sub@example.com", "", nil)
	res := h.do("POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": u, "hook_id": hook}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "mls_") || res.str("object") != "mailing_list_subscription" || res.str("user_id") != u ||
		res.str("hook_id") != hook || res.str("list_state") != "subscribed" {
		t.Fatalf("create answer %s", res.raw)
	}
	h.do("GET", "/v2/mailing_list_subscriptions/"+id, nil).want(200)
	res = h.do("PUT", "/v2/mailing_list_subscriptions/"+id, map[string]any{"mailing_list_subscription": map[string]any{"list_state": "unsubscribed", "user_id": "usr_other"}}).want(200)
	if res.str("list_state") != "unsubscribed" || res.str("user_id") != u {
		t.Fatalf("update answer %s", res.raw)
	}
	h.do("PUT", "/v2/mailing_list_subscriptions/"+id, map[string]any{"mailing_list_subscription": map[string]any{"list_state": "gone"}}).wantErrors(422, "List state is not included in the list")

	u2 := h.createUser("sub2@example.com", "", nil)
	hook2 := h.mailingListHook()
	s2 := h.do("POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": u2, "hook_id": hook, "list_state": "pending"}}).want(201).str("id")
	s3 := h.do("POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": u2, "hook_id": hook2}}).want(201).str("id")
	for q, want := range map[string]string{
		"":                           id + " " + s2 + " " + s3,
		"?user_id=" + u2:             s2 + " " + s3,
		"?hook_id=" + hook:           id + " " + s2,
		"?list_state=pending":        s2,
		"?max_results=1&after=" + id: s2,
	} {
		if got := strings.Join(h.do("GET", "/v2/mailing_list_subscriptions"+q, nil).want(200).ids(), " "); got != want {
			t.Errorf("list%s = %q, want %q", q, got, want)
		}
	}

	// Subscriptions go with their user or their hook.
	h.do("DELETE", "/v2/users/"+u2, nil).want(200)
	h.do("GET", "/v2/mailing_list_subscriptions/"+s2, nil).want(404)
	h.do("DELETE", "/v2/hooks/"+hook, nil).want(200)
	if n := len(h.do("GET", "/v2/mailing_list_subscriptions", nil).want(200).rows()); n != 0 {
		t.Errorf("%d subscriptions left", n)
	}
	h.do("DELETE", "/v2/mailing_list_subscriptions/"+id, nil).want(404)
}

func TestMailingListSubscriptionValidation(t *testing.T) {
	h := newHarness(t)
	hook := h.mailingListHook()
	web := h.createHook(map[string]any{"event_type": "user.created", "hook_type": "webhook", "destination": "https://example.com/"})
	u := h.createUser("v@example.com", "", nil)
	create := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": attrs}, opts...)
	}
	create(map[string]any{}).wantErrors(422, "User can't be blank", "Hook can't be blank")
	create(map[string]any{}, es).wantErrors(422, "Usuario no puede estar en blanco", "Hook no puede estar en blanco")
	create(map[string]any{"user_id": "usr_none", "hook_id": "hk_none"}).wantErrors(422, "User not found", "Hook not found")
	create(map[string]any{"user_id": u, "hook_id": web}).wantErrors(422, "Hook is not a mailing list hook")
	create(map[string]any{"user_id": u, "hook_id": hook, "list_state": "maybe"}).wantErrors(422, "List state is not included in the list")
	create(map[string]any{"user_id": u, "hook_id": hook}).want(201)
	create(map[string]any{"user_id": u, "hook_id": hook}).wantErrors(422, "User has already been taken")
}
