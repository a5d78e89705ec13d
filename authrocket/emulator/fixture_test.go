package emulator

import (
	"strings"
	"testing"
)

// fixture is one of every resource of the harness realm, for tests that
// walk e.routes: ids holds, for each route prefix that takes an id (the
// path before ":id", e.g. "users" or "sessions/oauth2"), the id of a
// resource that exists.
type fixture struct {
	ids map[string]string

	user, org, appID, appSecret, provider, sessionToken string
}

// newFixture creates one of every resource in the harness realm, and a
// second realm for the realms/:id routes (so that a reset does not wipe the
// others).
func (h *harness) newFixture() *fixture {
	h.t.Helper()
	f := &fixture{ids: map[string]string{}}
	f.ids["realms"] = h.do("POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Spare", "jwt_algo": "hs256"}}).want(201).str("id")
	f.user = h.createUser("fixture@example.com", "password1", map[string]any{"first_name": "Fix", "custom": map[string]any{"n": 1}})
	f.ids["users"] = f.user
	f.org = h.createOrg("Fixture org")
	f.ids["orgs"] = f.org
	f.ids["memberships"] = h.createMembership(f.user, f.org, "read")
	sess := h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": f.user}}).want(201)
	f.ids["sessions"], f.sessionToken = sess.str("id"), sess.str("token")
	f.ids["credentials"] = h.do("GET", "/v2/users/"+f.user, nil).want(200).obj["credentials"].([]any)[0].(map[string]any)["id"].(string)
	f.ids["invitations"], _ = h.createInvitation(map[string]any{"invitation_type": "org", "email": "guest@example.com", "org_id": f.org})
	f.provider = h.createProvider(map[string]any{"provider_type": "google", "client_id": "cid", "client_secret": "cs"})
	f.ids["auth_providers"] = f.provider
	h.do("POST", "/v2/credentials", map[string]any{"credential": map[string]any{"user_id": f.user, "credential_type": "google", "provider_user_id": "fixture@example.com"}}).want(201)
	app := h.createClientApp(map[string]any{"client_type": "oauth2", "name": "Fixture app", "redirect_uris": []string{"https://app.example/cb"}})
	f.appID, f.appSecret = app.str("id"), app.str("secret")
	f.ids["client_apps"] = f.appID
	f.ids["sessions/oauth2"] = h.do("POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": f.appID, "user_id": f.user}}).want(201).str("id")
	f.ids["domains"] = h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}}).want(201).str("id")
	f.ids["jwt_keys"] = h.do("GET", "/v2/jwt_keys", nil).want(200).ids()[0]
	f.ids["hooks"] = h.createHook(map[string]any{"event_type": "user.updated", "hook_type": "webhook", "destination": "https://hooks.example/in"})
	f.ids["named_permissions"] = h.do("POST", "/v2/named_permissions", map[string]any{"named_permission": map[string]any{"name": "Read", "permission": "read"}}).want(201).str("id")
	f.ids["resource_links"] = h.do("POST", "/v2/resource_links", map[string]any{"resource_link": map[string]any{"title": "Admin", "link_url": "https://admin.example/", "resource_type": "user"}}).want(201).str("id")
	list := h.mailingListHook()
	f.ids["mailing_list_providers"] = h.do("GET", "/v2/hooks/"+list, nil).want(200).str("mailing_list_provider_id")
	f.ids["mailing_list_subscriptions"] = h.do("POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": f.user, "hook_id": list}}).want(201).str("id")
	f.ids["smtp_providers"] = h.do("POST", "/v2/smtp_providers", map[string]any{"smtp_provider": map[string]any{"provider_name": "Mail", "provider_type": "smtp", "email_from": "noreply@example.com", "smtp_host": "smtp.example.com"}}).want(201).str("id")
	f.ids["events"] = h.do("GET", "/v2/events", nil).want(200).ids()[0]
	return f
}

// pattern returns a route's path pattern, e.g. "users/:id/authenticate".
func (rt *route) pattern() string {
	segs := append([]string(nil), rt.segs...)
	for i, s := range segs {
		if s == "" {
			segs[i] = ":id"
		}
	}
	return strings.Join(segs, "/")
}

// path returns the request path of rt with each parameter replaced by the
// fixture's id for the path before it; it fails the test for a route the
// fixture has no id for.
func (f *fixture) path(t *testing.T, rt *route) string {
	t.Helper()
	segs := append([]string(nil), rt.segs...)
	for i, s := range segs {
		if s != "" {
			continue
		}
		id, ok := f.ids[strings.Join(rt.segs[:i], "/")]
		if !ok {
			t.Fatalf("the fixture (fixture_test.go) has no id for %s %s: add one", rt.method, rt.pattern())
		}
		segs[i] = id
	}
	return "/v2/" + strings.Join(segs, "/")
}
