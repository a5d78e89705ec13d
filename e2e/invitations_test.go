package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// TestInvitationsEveryRPC calls every InvitationsService RPC and
// UsersService.AcceptUserInvitation over gRPC, then every invitations route
// and accept_invitation over REST.
func TestInvitationsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	invs := arv2.NewInvitationsServiceClient(e.conn)
	users := arv2.NewUsersServiceClient(e.conn)
	orgs := arv2.NewOrgsServiceClient(e.conn)
	mbs := arv2.NewMembershipsServiceClient(e.conn)
	org := call(orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Invited Inc")}})).must(t).GetOrg().GetId()

	var header metadata.MD
	nv := call(invs.CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{
		InvitationType: proto.String("org"), Email: proto.String("Invitee@Example.com"), OrgId: proto.String(org), Permissions: []string{"reports:read"},
	}}, grpc.Header(&header))).must(t).GetInvitation()
	if nv.GetObject() != "invitation" || !strings.HasPrefix(nv.GetId(), "nvt_") || nv.GetToken() == "" || nv.GetEmail() != "invitee@example.com" ||
		nv.GetOrgId() != org || len(nv.GetPermissions()) != 1 || nv.GetRealmId() != e.realm || nv.GetInvitedAt() != nil {
		t.Fatalf("CreateInvitation = %v", nv)
	}
	if d := nv.GetExpiresAt().AsTime().Sub(nv.GetCreatedAt().AsTime()); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("expires %v after creation, want 30 days", d)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	got := call(invs.GetInvitation(ctx, &arv2.GetInvitationRequest{Id: nv.GetId()})).must(t).GetInvitation()
	if got.GetId() != nv.GetId() || got.Token != nil {
		t.Errorf("GetInvitation = %v (the token is on create only)", got)
	}
	second := call(invs.CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{
		InvitationType: proto.String("org"), Email: proto.String("second@example.com"), OrgId: proto.String(org),
	}})).must(t).GetInvitation()
	call(invs.CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{
		InvitationType: proto.String("request"), Email: proto.String("asks@example.com"),
	}})).must(t)
	page1 := call(invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{OrgId: proto.String(org), MaxResults: proto.Int32(1)})).must(t)
	if len(page1.GetCollection()) != 1 || !page1.GetMoreResults() || page1.GetCollection()[0].GetId() != nv.GetId() || page1.GetCollection()[0].Token != nil {
		t.Fatalf("ListInvitations page 1 = %v", page1)
	}
	page2 := call(invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{OrgId: proto.String(org), MaxResults: proto.Int32(1), After: proto.String(nv.GetId())})).must(t)
	if len(page2.GetCollection()) != 1 || page2.GetMoreResults() || page2.GetCollection()[0].GetId() != second.GetId() {
		t.Fatalf("ListInvitations page 2 = %v", page2)
	}
	if got := call(invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{InvitationType: proto.String("request")})).must(t); len(got.GetCollection()) != 1 {
		t.Errorf("ListInvitations invitation_type=request = %v", got)
	}
	up := call(invs.UpdateInvitation(ctx, &arv2.UpdateInvitationRequest{Id: nv.GetId(), Invitation: &arv2.InvitationInput{Locale: proto.String("es")}})).must(t).GetInvitation()
	if up.GetLocale() != "es" || up.GetEmail() != "invitee@example.com" {
		t.Errorf("UpdateInvitation kept only the set fields? %v", up)
	}
	sent := call(invs.InviteInvitation(ctx, &arv2.InviteInvitationRequest{Id: nv.GetId(), Invitation: &arv2.InviteInvitationInput{}})).must(t).GetInvitation()
	if sent.GetInvitedAt() == nil {
		t.Errorf("InviteInvitation = %v", sent)
	}
	if got := e.lastUpstream(t).Body; got != `{"invitation":{}}` {
		t.Errorf("InviteInvitation sent AuthRocket %s, want the empty root element", got)
	}

	// Accepted by a user with another email: the user joins the org.
	u := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("joiner@example.com")}})).must(t).GetUser()
	acc := call(users.AcceptUserInvitation(ctx, &arv2.AcceptUserInvitationRequest{Id: u.GetId(), User: &arv2.AcceptUserInvitationInput{Token: nv.GetToken()}})).must(t).GetUser()
	if acc.GetId() != u.GetId() {
		t.Errorf("AcceptUserInvitation = %v", acc)
	}
	joined := call(mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{UserId: proto.String(u.GetId())})).must(t).GetCollection()
	if len(joined) != 1 || joined[0].GetOrgId() != org || strings.Join(joined[0].GetPermissions(), ",") != "reports:read" {
		t.Errorf("memberships after accepting = %v", joined)
	}
	_, err := users.AcceptUserInvitation(ctx, &arv2.AcceptUserInvitationRequest{Id: u.GetId(), User: &arv2.AcceptUserInvitationInput{Token: nv.GetToken()}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Token is invalid" {
		t.Errorf("second acceptance: %q", st.Message())
	}

	if got := call(invs.DeleteInvitation(ctx, &arv2.DeleteInvitationRequest{Id: second.GetId()})).must(t).GetInvitation(); got.GetId() != second.GetId() {
		t.Errorf("DeleteInvitation = %v", got)
	}
	_, err = invs.GetInvitation(ctx, &arv2.GetInvitationRequest{Id: second.GetId()})
	wantCode(t, err, codes.NotFound)
	_, err = invs.CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{InvitationType: proto.String("org"), Email: proto.String("x@example.com")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Org can't be blank" {
		t.Errorf("org invitation without org: %q", st.Message())
	}

	// The gateway refuses malformed requests before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"wrong prefix": func() error { _, err := invs.GetInvitation(ctx, &arv2.GetInvitationRequest{Id: "usr_1"}); return err },
		"hostile id": func() error {
			_, err := invs.DeleteInvitation(ctx, &arv2.DeleteInvitationRequest{Id: "nvt_1/../x"})
			return err
		},
		"unknown type": func() error {
			_, err := invs.CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{InvitationType: proto.String("party")}})
			return err
		},
		"no root element": func() error {
			_, err := invs.InviteInvitation(ctx, &arv2.InviteInvitationRequest{Id: nv.GetId()})
			return err
		},
		"bad org id": func() error {
			_, err := invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{OrgId: proto.String("org_1?x=y")})
			return err
		},
		"max_results 0": func() error {
			_, err := invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{MaxResults: proto.Int32(0)})
			return err
		},
		"accept hostile user": func() error {
			_, err := users.AcceptUserInvitation(ctx, &arv2.AcceptUserInvitationRequest{Id: "..", User: &arv2.AcceptUserInvitationInput{Token: "t"}})
			return err
		},
		"accept without token": func() error {
			_, err := users.AcceptUserInvitation(ctx, &arv2.AcceptUserInvitationRequest{Id: u.GetId(), User: &arv2.AcceptUserInvitationInput{}})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it: root-wrapped bodies, flat answers.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/invitations", map[string]any{
		"invitation": map[string]any{"email": "rest@example.com", "invitation_type": "org", "org_id": org, "permissions": []string{"ar:admin"}},
		"request":    map[string]any{"ip": "10.0.0.8"},
	})
	id, token := created["id"].(string), created["token"].(string)
	if created["object"] != "invitation" || !strings.HasPrefix(id, "nvt_") || token == "" || created["org_id"] != org {
		t.Fatalf("POST /v2/invitations = %v", created)
	}
	if _, ok := created["expires_at"].(float64); !ok {
		t.Errorf("expires_at = %#v, want epoch seconds", created["expires_at"])
	}
	if got := restDo(t, e, 200, "GET", "/v2/invitations/"+id, nil); got["id"] != id || got["token"] != nil {
		t.Errorf("GET /v2/invitations/%s = %v", id, got)
	}
	list := restDo(t, e, 200, "GET", "/v2/invitations?org_id="+org+"&email=REST@example.com", nil)
	if rows, _ := list["collection"].([]any); len(rows) != 1 || rows[0].(map[string]any)["id"] != id || list["more_results"] != false {
		t.Errorf("GET /v2/invitations?org_id&email = %v", list)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/invitations/"+id, map[string]any{"invitation": map[string]any{"email": "rest2@example.com"}}); got["email"] != "rest2@example.com" {
		t.Errorf("PUT /v2/invitations = %v", got)
	}
	if got := restDo(t, e, 200, "POST", "/v2/invitations/"+id+"/invite", map[string]any{"invitation": map[string]any{}}); got["id"] != id || got["invited_at"] == nil {
		t.Errorf("POST /v2/invitations/%s/invite = %v", id, got)
	}
	restDo(t, e, 400, "POST", "/v2/invitations/"+id+"/invite", map[string]any{})
	acceptor := restDo(t, e, 201, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "rest-joiner@example.com"}})
	if got := restDo(t, e, 200, "POST", "/v2/users/rest-joiner@example.com/accept_invitation", map[string]any{"user": map[string]any{"token": token}}); got["object"] != "user" || got["id"] != acceptor["id"] {
		t.Errorf("POST accept_invitation = %v (want the flat user)", got)
	}
	restDo(t, e, 422, "POST", "/v2/users/rest-joiner@example.com/accept_invitation", map[string]any{"user": map[string]any{"token": token}})
	restDo(t, e, 404, "GET", "/v2/invitations/"+id, nil)
	third := restDo(t, e, 201, "POST", "/v2/invitations", map[string]any{"invitation": map[string]any{"email": "gone@example.com", "invitation_type": "request"}})
	if got := restDo(t, e, 200, "DELETE", "/v2/invitations/"+third["id"].(string), nil); got["id"] != third["id"] {
		t.Errorf("DELETE /v2/invitations = %v", got)
	}
	restDo(t, e, 404, "DELETE", "/v2/invitations/"+third["id"].(string), nil)
	restDo(t, e, 400, "GET", "/v2/invitations/org_1", nil)
	e.gateway.stop() // a clean stop writes the whole audit trail
	assertNotLogged(t, e, nv.GetToken(), token)
}
