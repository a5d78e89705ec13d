package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// createInvitation creates an invitation and returns its id and token.
func (h *harness) createInvitation(attrs map[string]any) (id, token string) {
	h.t.Helper()
	res := h.do("POST", "/v2/invitations", map[string]any{"invitation": attrs}).want(201)
	return res.str("id"), res.str("token")
}

// eventTypes returns the types of the recorded events from index from on.
func (h *harness) eventTypes(from int) []string {
	var out []string
	for _, ev := range h.recordedEvents()[from:] {
		out = append(out, ev.eventType)
	}
	return out
}

func TestInvitationCRUD(t *testing.T) {
	h := newHarness(t)
	o := h.createOrg("Widgets")
	inviter := h.createUser("boss@example.com", "", nil)
	res := h.do("POST", "/v2/invitations", map[string]any{
		"invitation": map[string]any{"email": "Guest@Example.com", "invitation_type": "org", "org_id": o, "permissions": []any{"billing:read"}, "inviting_user_id": inviter},
		"request":    map[string]any{"ip": "10.2.2.2"},
	}).want(201)
	id, token := res.str("id"), res.str("token")
	if !strings.HasPrefix(id, "nvt_") || res.str("object") != "invitation" || token == "" || res.str("email") != "guest@example.com" ||
		res.str("invitation_type") != "org" || res.str("org_id") != o || res.str("inviting_user_id") != inviter ||
		res.str("realm_id") != h.realm || res.str("locale") != "en" || res.obj["invited_at"] != nil || res.obj["auth_provider_id"] != nil {
		t.Fatalf("create answer %s", res.raw)
	}
	if p, _ := res.obj["permissions"].([]any); len(p) != 1 || p[0] != "billing:read" {
		t.Errorf("permissions = %v", res.obj["permissions"])
	}
	if want := fmt.Sprintf(`"expires_at":%d}`, t0.Add(30*24*time.Hour).Unix()); !strings.Contains(string(res.raw), want) {
		t.Errorf("expires_at = %v, want integer seconds 30 days on", res.obj["expires_at"])
	}
	ev := h.lastEvent("invitation.org.created")
	if ev.invitationID != id || ev.orgID != o || ev.userID != inviter || ev.token != token || ev.request["ip"] != "10.2.2.2" {
		t.Errorf("created event = %+v", ev)
	}

	got := h.do("GET", "/v2/invitations/"+id, nil).want(200)
	if got.str("id") != id || got.obj["token"] != nil {
		t.Fatalf("get answer (token only on create) %s", got.raw)
	}
	if rows := h.do("GET", "/v2/invitations", nil).want(200).rows(); len(rows) != 1 || rows[0]["token"] != nil {
		t.Fatalf("list rows %v", rows)
	}

	before := len(h.recordedEvents())
	upd := h.do("PUT", "/v2/invitations/"+id, map[string]any{"invitation": map[string]any{"email": "other@example.com", "invitation_type": "referral", "locale": "es"}}).want(200)
	if upd.str("email") != "other@example.com" || upd.str("invitation_type") != "org" || upd.str("locale") != "es" || upd.str("org_id") != o || upd.obj["token"] != nil {
		t.Fatalf("update answer %s", upd.raw)
	}
	h.clock.Advance(time.Hour)
	inv := h.do("POST", "/v2/invitations/"+id+"/invite", map[string]any{"invitation": map[string]any{}}).want(200)
	if at, _ := inv.obj["invited_at"].(float64); int64(at) != t0.Add(time.Hour).Unix() || inv.obj["token"] != nil {
		t.Fatalf("invite answer %s", inv.raw)
	}
	if ev := h.lastEvent("invitation.org.invited"); ev.invitationID != id || ev.token != token {
		t.Errorf("invited event = %+v", ev)
	}
	if types := h.eventTypes(before); strings.Join(types, ",") != "invitation.org.updated,invitation.org.invited" {
		t.Errorf("events = %v", types)
	}
	if h.do("DELETE", "/v2/invitations/"+id, nil).want(200).str("id") != id {
		t.Fatal("delete answer")
	}
	h.do("GET", "/v2/invitations/"+id, nil).wantErrors(404, "Not found")
	h.do("PUT", "/v2/invitations/"+id, map[string]any{"invitation": map[string]any{}}).want(404)
	h.do("POST", "/v2/invitations/"+id+"/invite", nil).want(404)
	h.do("DELETE", "/v2/invitations/"+id, nil).want(404)
}

func TestInvitationTypes(t *testing.T) {
	h := newHarness(t)
	o := h.createOrg("O")
	u := h.createUser("u@example.com", "", nil)
	// Attributes that do not apply to a type are dropped.
	ref := h.do("POST", "/v2/invitations", map[string]any{"invitation": map[string]any{
		"invitation_type": "referral", "email": "f@example.com", "inviting_user_id": u, "org_id": o, "permissions": []any{"x"}, "auth_provider_id": "ap_1",
	}}).want(201)
	if ref.obj["org_id"] != nil || len(ref.obj["permissions"].([]any)) != 0 || ref.obj["auth_provider_id"] != nil || ref.str("inviting_user_id") != u {
		t.Errorf("referral %s", ref.raw)
	}
	req := h.do("POST", "/v2/invitations", map[string]any{"invitation": map[string]any{"invitation_type": "request", "email": "r@example.com", "inviting_user_id": u}}).want(201)
	if req.obj["inviting_user_id"] != nil {
		t.Errorf("request %s", req.raw)
	}
	google := h.createProvider(map[string]any{"provider_type": "google", "client_id": "a", "client_secret": "b"})
	pre := h.do("POST", "/v2/invitations", map[string]any{"invitation": map[string]any{"invitation_type": "preverify", "email": "p@example.com", "auth_provider_id": google, "locale": "es"}}).want(201)
	if pre.str("auth_provider_id") != google || pre.str("locale") != "es" || pre.obj["inviting_user_id"] != nil {
		t.Errorf("preverify %s", pre.raw)
	}
	if ev := h.lastEvent("invitation.preverify.created"); ev.invitationID != pre.str("id") {
		t.Errorf("event = %+v", ev)
	}

	tests := []struct {
		name string
		nv   map[string]any
		en   []string
		es   []string
	}{
		{"empty", map[string]any{}, []string{"Invitation type can't be blank", "Email can't be blank"}, []string{"Tipo de invitación no puede estar en blanco", "Email no puede estar en blanco"}},
		{"bad type", map[string]any{"invitation_type": "party", "email": "a@example.com"}, []string{"Invitation type is not included in the list"}, []string{"Tipo de invitación no está incluido en la lista"}},
		{"bad email", map[string]any{"invitation_type": "request", "email": "nope"}, []string{"Email is invalid"}, nil},
		{"org without org", map[string]any{"invitation_type": "org", "email": "a@example.com"}, []string{"Org can't be blank"}, []string{"Organización no puede estar en blanco"}},
		{"unknown org", map[string]any{"invitation_type": "org", "email": "a@example.com", "org_id": "org_x"}, []string{"Org not found"}, nil},
		{"bad permission", map[string]any{"invitation_type": "org", "email": "a@example.com", "org_id": o, "permissions": []any{"ar:root"}}, []string{"Permission ar:root is reserved"}, nil},
		{"referral without inviter", map[string]any{"invitation_type": "referral", "email": "a@example.com"}, []string{"Inviting user can't be blank"}, []string{"Usuario que invita no puede estar en blanco"}},
		{"unknown inviter", map[string]any{"invitation_type": "preverify", "email": "a@example.com", "inviting_user_id": "usr_x"}, []string{"Inviting user not found"}, []string{"Usuario que invita no encontrado"}},
		{"unknown auth provider", map[string]any{"invitation_type": "preverify", "email": "a@example.com", "auth_provider_id": "ap_1"}, []string{"Auth provider not found"}, []string{"Proveedor de autenticación no encontrado"}},
		{"bad expires_at", map[string]any{"invitation_type": "request", "email": "a@example.com", "expires_at": "soon"}, []string{"Expires at is invalid"}, nil},
		{"not an email", map[string]any{"invitation_type": "request", "email": map[string]any{}}, []string{"Email can't be blank", "Email is invalid"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"invitation": tc.nv}
			h.do("POST", "/v2/invitations", body).wantErrors(422, tc.en...)
			if tc.es != nil {
				h.do("POST", "/v2/invitations", body, es).wantErrors(422, tc.es...)
			}
		})
	}
	// Update validates the result too.
	h.do("PUT", "/v2/invitations/"+ref.str("id"), map[string]any{"invitation": map[string]any{"inviting_user_id": nil}}).wantErrors(422, "Inviting user can't be blank")
	h.do("PUT", "/v2/invitations/"+pre.str("id"), map[string]any{"invitation": map[string]any{"auth_provider_id": "ap_nope"}}).wantErrors(422, "Auth provider not found")
	// Another realm's provider is not one of this realm's.
	other, _ := h.e.CreateRealm("Other")
	theirs := h.do("GET", "/v2/auth_providers/password", nil, hdr("Authrocket-Realm", other)).want(200).str("id")
	h.do("PUT", "/v2/invitations/"+pre.str("id"), map[string]any{"invitation": map[string]any{"auth_provider_id": theirs}}).wantErrors(422, "Auth provider not found")
	h.do("PUT", "/v2/invitations/"+pre.str("id"), map[string]any{"invitation": map[string]any{"auth_provider_id": nil}}).want(200)
}

func TestInvitationListing(t *testing.T) {
	h := newHarness(t)
	a, b := h.createOrg("A"), h.createOrg("B")
	u := h.createUser("inviter@example.com", "", nil)
	i1, _ := h.createInvitation(map[string]any{"invitation_type": "org", "email": "c@example.com", "org_id": a})
	i2, _ := h.createInvitation(map[string]any{"invitation_type": "org", "email": "a@example.com", "org_id": a, "inviting_user_id": u})
	i3, _ := h.createInvitation(map[string]any{"invitation_type": "org", "email": "b@example.com", "org_id": b})
	i4, _ := h.createInvitation(map[string]any{"invitation_type": "request", "email": "a@example.com"})

	for _, tc := range []struct{ query, want string }{
		{"", i1 + "," + i2 + "," + i3 + "," + i4},
		{"?org_id=" + a, i1 + "," + i2},
		{"?invitation_type=request", i4},
		{"?email=A@example.com", i2 + "," + i4},
		{"?inviting_user_id=" + u, i2},
		{"?org_id[]=" + a + "&org_id[]=" + b + "&direction=desc", i3 + "," + i2 + "," + i1},
		{"?sort=email", i2 + "," + i4 + "," + i3 + "," + i1},
		{"?max_results=2&after=" + i2, i3 + "," + i4},
	} {
		if got := h.do("GET", "/v2/invitations"+tc.query, nil).want(200).ids(); strings.Join(got, ",") != tc.want {
			t.Errorf("GET /v2/invitations%s = %v, want %s", tc.query, got, tc.want)
		}
	}
	page := h.do("GET", "/v2/invitations?max_results=3", nil).want(200)
	if len(page.rows()) != 3 || !page.more() {
		t.Errorf("first page %s", page.raw)
	}
	h.do("GET", "/v2/invitations?sort=name", nil).wantErrors(422, "Invalid sort: must be one of id, email, created_at")
}

func TestInvitationExpiry(t *testing.T) {
	h := newHarness(t)
	o := h.createOrg("O")
	soon, soonToken := h.createInvitation(map[string]any{"invitation_type": "org", "email": "s@example.com", "org_id": o, "expires_at": t0.Add(time.Hour).Unix()})
	later, _ := h.createInvitation(map[string]any{"invitation_type": "request", "email": "l@example.com"})
	h.clock.Advance(time.Hour)
	h.do("GET", "/v2/invitations/"+soon, nil).want(404)
	if ev := h.lastEvent("invitation.org.expired"); ev.invitationID != soon || ev.orgID != o {
		t.Errorf("expired event = %+v", ev)
	}
	u := h.createUser("late@example.com", "", nil)
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": soonToken}}).wantErrors(422, "Token is invalid")
	h.do("GET", "/v2/invitations/"+later, nil).want(200)
	h.clock.Advance(30*24*time.Hour - time.Hour)
	if ids := h.do("GET", "/v2/invitations", nil).want(200).ids(); len(ids) != 0 {
		t.Errorf("expired invitations listed: %v", ids)
	}
	h.lastEvent("invitation.request.expired")
}

func TestAcceptInvitation(t *testing.T) {
	h := newHarness(t)
	o := h.createOrg("Widgets")
	u := h.createUser("someone.else@example.com", "", nil)
	id, token := h.createInvitation(map[string]any{"invitation_type": "org", "email": "invited@example.com", "org_id": o, "permissions": []any{"ar:admin", "reports:read"}})
	before := len(h.recordedEvents())

	res := h.do("POST", "/v2/users/someone.else@example.com/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).want(200)
	if res.str("id") != u || res.str("object") != "user" || res.str("email") != "someone.else@example.com" {
		t.Fatalf("accept answer %s", res.raw)
	}
	rows := h.do("GET", "/v2/memberships?user_id="+u, nil).want(200).rows()
	if len(rows) != 1 || rows[0]["org_id"] != o {
		t.Fatalf("memberships %v", rows)
	}
	if p := rows[0]["permissions"].([]any); len(p) != 2 || p[0] != "ar:admin" || p[1] != "reports:read" {
		t.Errorf("permissions %v", p)
	}
	evs := h.recordedEvents()[before:]
	if len(evs) != 2 || evs[0].eventType != "invitation.org.accepted" || evs[0].invitationID != id || evs[0].userID != u || evs[0].orgID != o ||
		evs[1].eventType != "membership.created" || evs[1].membershipID != rows[0]["id"] || evs[1].userID != u || evs[1].orgID != o {
		t.Fatalf("events %+v", evs)
	}
	// Used up: not accepted again, and gone.
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).wantErrors(422, "Token is invalid")
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}, es).wantErrors(422, "Token no es válido")
	h.do("GET", "/v2/invitations/"+id, nil).want(404)
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{}}).wantErrors(422, "Token can't be blank")
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": id}}).wantErrors(422, "Token is invalid")

	// An existing member keeps the membership as it is.
	_, token = h.createInvitation(map[string]any{"invitation_type": "org", "email": "x@example.com", "org_id": o, "permissions": []any{"other"}})
	h.do("POST", "/v2/users/nobody@example.com/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).want(404)
	before = len(h.recordedEvents())
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).want(200)
	if types := h.eventTypes(before); strings.Join(types, ",") != "invitation.org.accepted" {
		t.Errorf("events %v", types)
	}
	if rows := h.do("GET", "/v2/memberships?user_id="+u, nil).want(200).rows(); len(rows) != 1 || len(rows[0]["permissions"].([]any)) != 2 {
		t.Errorf("memberships %v", rows)
	}

	// The org is gone.
	_, token = h.createInvitation(map[string]any{"invitation_type": "org", "email": "x@example.com", "org_id": o})
	h.do("DELETE", "/v2/orgs/"+o+"?force=true", nil).want(200)
	h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).wantErrors(422, "Org not found")

	// preverify to the user's own email verifies it; referral makes no membership.
	_, token = h.createInvitation(map[string]any{"invitation_type": "preverify", "email": "Someone.Else@example.com"})
	if got := h.do("POST", "/v2/users/"+u+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).want(200); got.str("email_verification") != "verified" {
		t.Errorf("preverify accept %s", got.raw)
	}
	v := h.createUser("v@example.com", "", nil)
	_, token = h.createInvitation(map[string]any{"invitation_type": "referral", "email": "friend@example.com", "inviting_user_id": u})
	if got := h.do("POST", "/v2/users/"+v+"/accept_invitation", map[string]any{"user": map[string]any{"token": token}}).want(200); got.str("email_verification") != "none" {
		t.Errorf("referral accept %s", got.raw)
	}
	h.lastEvent("invitation.referral.accepted")
	if rows := h.do("GET", "/v2/memberships?user_id="+v, nil).want(200).rows(); len(rows) != 0 {
		t.Errorf("referral made memberships %v", rows)
	}
}

// TestExpiryEventsCarryNoRequest checks that the events of an expiry,
// which the emulator records during whatever call comes next, do not carry
// that call's request: they are the system's doing, not the caller's.
func TestExpiryEventsCarryNoRequest(t *testing.T) {
	h := newHarness(t)
	nv, _ := h.createInvitation(map[string]any{"invitation_type": "request", "email": "e@example.com", "expires_at": t0.Add(time.Hour).Unix()})
	h.clock.Advance(2 * time.Hour)
	from := len(h.recordedEvents())
	h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Caller's"}, "request": map[string]any{"ip": "10.9.9.9", "client": "someone else"}}).want(201)
	evs := h.recordedEvents()[from:]
	if len(evs) != 2 || evs[0].eventType != "invitation.request.expired" || evs[0].invitationID != nv || evs[1].eventType != "org.created" {
		t.Fatalf("events = %+v", evs)
	}
	if evs[0].request != nil {
		t.Errorf("the expiry carries the next call's request %v", evs[0].request)
	}
	if evs[1].request["ip"] != "10.9.9.9" {
		t.Errorf("the call's own event lost its request: %v", evs[1].request)
	}
	got := h.do("GET", "/v2/events/"+evs[0].id, nil).want(200)
	if v, ok := got.obj["request"]; !ok || v != nil {
		t.Errorf("GET expired event: request = %v (present %v), want null", v, ok)
	}
}
