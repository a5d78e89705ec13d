package conformance_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func testOrgsAndMemberships(t *testing.T, tg target) {
	orgs := arv2.NewOrgsServiceClient(tg.conn)
	mbs := arv2.NewMembershipsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	o := newOrg(t, tg)
	if o.GetObject() != "org" || !strings.HasPrefix(o.GetId(), "org_") || o.GetState() != "active" || !recent(o.GetCreatedAt()) {
		t.Errorf("CreateOrg = %v", o)
	}
	if got := must(t, func(ctx context.Context) (*arv2.UpdateOrgResponse, error) {
		return orgs.UpdateOrg(ctx, &arv2.UpdateOrgRequest{Id: o.GetId(), Org: &arv2.OrgInput{Reference: proto.String("conf")}})
	}).GetOrg(); got.GetReference() != "conf" || got.GetName() != o.GetName() {
		t.Errorf("UpdateOrg = %v", got)
	}

	mb := must(t, func(ctx context.Context) (*arv2.CreateMembershipResponse, error) {
		return mbs.CreateMembership(ctx, &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{
			UserId: proto.String(u.GetId()), OrgId: proto.String(o.GetId()), Permissions: []string{"ar:admin", "billing"},
		}})
	}).GetMembership()
	if mb.GetObject() != "membership" || !strings.HasPrefix(mb.GetId(), "mb_") || mb.GetUserId() != u.GetId() || mb.GetOrgId() != o.GetId() ||
		!slices.Equal(mb.GetPermissions(), []string{"ar:admin", "billing"}) {
		t.Errorf("CreateMembership = %v", mb)
	}
	// Listing by org embeds each row's user; by user, each row's org.
	byOrg := must(t, func(ctx context.Context) (*arv2.ListMembershipsResponse, error) {
		return mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{OrgId: proto.String(o.GetId())})
	})
	if len(byOrg.GetCollection()) != 1 || byOrg.GetCollection()[0].GetUser().GetId() != u.GetId() {
		t.Errorf("ListMemberships(org_id) = %v", byOrg)
	}
	byUser := must(t, func(ctx context.Context) (*arv2.ListMembershipsResponse, error) {
		return mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{UserId: proto.String(u.GetId())})
	})
	if len(byUser.GetCollection()) != 1 || byUser.GetCollection()[0].GetOrg().GetId() != o.GetId() {
		t.Errorf("ListMemberships(user_id) = %v", byUser)
	}
	must(t, func(ctx context.Context) (*arv2.DeleteMembershipResponse, error) {
		return mbs.DeleteMembership(ctx, &arv2.DeleteMembershipRequest{Id: mb.GetId()})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetMembershipResponse, error) {
		return mbs.GetMembership(ctx, &arv2.GetMembershipRequest{Id: mb.GetId()})
	})
}

// createInvitation invites email to org o with the billing permission.
func createInvitation(ctx context.Context, tg target, o *arv2.Org, email string) (*arv2.Invitation, error) {
	r, err := arv2.NewInvitationsServiceClient(tg.conn).CreateInvitation(ctx, &arv2.CreateInvitationRequest{Invitation: &arv2.InvitationInput{
		InvitationType: proto.String("org"), Email: proto.String(email), OrgId: proto.String(o.GetId()), Permissions: []string{"billing"},
	}})
	return r.GetInvitation(), err
}

// testInvitations takes an org invitation through its endpoints: the create
// answer has the token, the list is filtered by org, invite sets invited_at.
func testInvitations(t *testing.T, tg target) {
	invs := arv2.NewInvitationsServiceClient(tg.conn)
	o := newOrg(t, tg)
	email := "conformance+" + suffix() + "@example.com"
	created, updated := lifecycle[*arv2.Invitation]{
		object: "invitation",
		create: func(ctx context.Context) (*arv2.Invitation, error) { return createInvitation(ctx, tg, o, email) },
		get: func(ctx context.Context, id string) (*arv2.Invitation, error) {
			r, err := invs.GetInvitation(ctx, &arv2.GetInvitationRequest{Id: id})
			return r.GetInvitation(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.Invitation], error) {
			return invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{OrgId: proto.String(o.GetId()), After: after, MaxResults: proto.Int32(1)})
		},
		alive: func(t *testing.T, inv *arv2.Invitation) {
			rows := must(t, func(ctx context.Context) (*arv2.ListInvitationsResponse, error) {
				return invs.ListInvitations(ctx, &arv2.ListInvitationsRequest{OrgId: proto.String(o.GetId())})
			}).GetCollection()
			if len(rows) != 1 || rows[0].GetId() != inv.GetId() {
				t.Errorf("ListInvitations(org_id) = %d rows, want %s alone", len(rows), inv.GetId())
			}
			sent := must(t, func(ctx context.Context) (*arv2.InviteInvitationResponse, error) {
				return invs.InviteInvitation(ctx, &arv2.InviteInvitationRequest{Id: inv.GetId(), Invitation: &arv2.InviteInvitationInput{}})
			}).GetInvitation()
			if sent.GetId() != inv.GetId() || sent.GetInvitedAt() == nil || !recent(sent.GetInvitedAt()) {
				t.Errorf("InviteInvitation: id %q, invited_at %v; want %s invited now", sent.GetId(), sent.GetInvitedAt(), inv.GetId())
			}
		},
		update: func(ctx context.Context, id string) (*arv2.Invitation, error) {
			r, err := invs.UpdateInvitation(ctx, &arv2.UpdateInvitationRequest{Id: id, Invitation: &arv2.InvitationInput{Email: proto.String("other+" + email)}})
			return r.GetInvitation(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := invs.DeleteInvitation(ctx, &arv2.DeleteInvitationRequest{Id: id})
			return err
		},
	}.run(t)
	if !strings.HasPrefix(created.GetId(), "nvt_") || created.GetToken() == "" || created.GetInvitationType() != "org" || created.GetEmail() != email ||
		created.GetOrgId() != o.GetId() || created.GetRealmId() != tg.realm || !recent(created.GetCreatedAt()) {
		t.Errorf("CreateInvitation: id %q, token set %v, type %q, email %q, org %q, realm %q, created_at %v", created.GetId(), created.GetToken() != "",
			created.GetInvitationType(), created.GetEmail(), created.GetOrgId(), created.GetRealmId(), created.GetCreatedAt())
	}
	// expires_at defaults to 30 days after creation.
	if d := created.GetExpiresAt().AsTime().Sub(created.GetCreatedAt().AsTime()) - 30*24*time.Hour; d < -time.Hour || d > time.Hour {
		t.Errorf("CreateInvitation: expires_at %v, want 30 days after created_at %v", created.GetExpiresAt().AsTime(), created.GetCreatedAt().AsTime())
	}
	if updated.GetEmail() != "other+"+email || updated.GetOrgId() != o.GetId() {
		t.Errorf("UpdateInvitation: email %q, org %q", updated.GetEmail(), updated.GetOrgId())
	}
}

// testAcceptInvitation accepts an org invitation for a user whose email is not
// the invitation's: the user becomes a member of the org.
func testAcceptInvitation(t *testing.T, tg target) {
	o := newOrg(t, tg)
	u := newUser(t, tg, &arv2.UserInput{})
	inv := must(t, func(ctx context.Context) (*arv2.Invitation, error) {
		return createInvitation(ctx, tg, o, "conformance+invited"+suffix()+"@example.com")
	})
	cleanup(t, func(ctx context.Context) error {
		_, err := arv2.NewInvitationsServiceClient(tg.conn).DeleteInvitation(ctx, &arv2.DeleteInvitationRequest{Id: inv.GetId()})
		return err
	})
	if got := must(t, func(ctx context.Context) (*arv2.AcceptUserInvitationResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).AcceptUserInvitation(ctx, &arv2.AcceptUserInvitationRequest{Id: u.GetId(), User: &arv2.AcceptUserInvitationInput{Token: inv.GetToken()}})
	}).GetUser(); got.GetObject() != "user" || got.GetId() != u.GetId() {
		t.Errorf("AcceptUserInvitation = %v", got)
	}
	mbs := arv2.NewMembershipsServiceClient(tg.conn)
	rows := must(t, func(ctx context.Context) (*arv2.ListMembershipsResponse, error) {
		return mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{UserId: proto.String(u.GetId())})
	}).GetCollection()
	for _, mb := range rows {
		cleanup(t, func(ctx context.Context) error {
			_, err := mbs.DeleteMembership(ctx, &arv2.DeleteMembershipRequest{Id: mb.GetId()})
			return err
		})
	}
	if len(rows) != 1 || rows[0].GetOrgId() != o.GetId() || rows[0].GetUserId() != u.GetId() {
		t.Errorf("memberships of the accepting user = %v, want one in %s", rows, o.GetId())
	}
}
