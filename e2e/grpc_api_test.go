package e2e

import (
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// wantCode fails unless err is a status with code, and returns the status.
func wantCode(t *testing.T, err error, code codes.Code) *status.Status {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != code {
		t.Fatalf("error = %v, want code %v", err, code)
	}
	return st
}

// outcome holds a call's two results until the test checks them.
type outcome[T any] struct {
	v   T
	err error
}

// call captures a (value, error) pair: call(f()).must(t).
func call[T any](v T, err error) outcome[T] { return outcome[T]{v, err} }

// must fails the test on error and returns the value.
func (o outcome[T]) must(t *testing.T) T {
	t.Helper()
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.v
}

// TestGRPCEveryRPC calls every RPC of users, orgs and memberships over gRPC.
func TestGRPCEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	orgs := arv2.NewOrgsServiceClient(e.conn)
	mbs := arv2.NewMembershipsServiceClient(e.conn)

	custom, _ := structpb.NewStruct(map[string]any{"plan": "pro", "seats": 3})
	var header metadata.MD
	created := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{
		Email: proto.String("Ada@Example.com"), Password: proto.String("correct horse"),
		FirstName: proto.String("Ada"), LastName: proto.String("Lovelace"), Custom: custom,
	}}, grpc.Header(&header))).must(t).GetUser()
	if created.GetObject() != "user" || created.GetEmail() != "ada@example.com" || created.GetName() != "Ada Lovelace" || created.GetRealmId() != e.realm {
		t.Fatalf("created user = %v", created)
	}
	if len(created.GetCredentials()) != 1 || created.GetCredentials()[0].GetCredentialType() != "password" {
		t.Errorf("credentials = %v", created.GetCredentials())
	}
	if created.GetCustom().GetFields()["seats"].GetNumberValue() != 3 || created.GetCreatedAt().AsTime().IsZero() {
		t.Errorf("custom/created_at = %v / %v", created.GetCustom(), created.GetCreatedAt())
	}
	if header.Get("x-request-id") == nil || header.Get("authrocket-request-id") == nil || header.Get("authrocket-http-status")[0] != "201" {
		t.Errorf("response headers = %v", header)
	}

	for _, key := range []string{created.GetId(), "ada@example.com", "ADA@example.com"} {
		got := call(users.GetUser(ctx, &arv2.GetUserRequest{Id: key})).must(t).GetUser()
		if got.GetId() != created.GetId() {
			t.Errorf("GetUser(%q) = %v", key, got.GetId())
		}
	}
	call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("bob@example.com"), Username: proto.String("bob")}})).must(t)
	call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("cy@example.com")}})).must(t)
	if got := call(users.GetUser(ctx, &arv2.GetUserRequest{Id: "bob"})).must(t).GetUser(); got.GetEmail() != "bob@example.com" {
		t.Errorf("GetUser by username = %v", got)
	}

	// Paging: 3 users, 2 per page.
	page1 := call(users.ListUsers(ctx, &arv2.ListUsersRequest{MaxResults: proto.Int32(2)})).must(t)
	if len(page1.GetCollection()) != 2 || !page1.GetMoreResults() {
		t.Fatalf("page 1 = %d rows, more %v", len(page1.GetCollection()), page1.GetMoreResults())
	}
	page2 := call(users.ListUsers(ctx, &arv2.ListUsersRequest{MaxResults: proto.Int32(2), After: proto.String(page1.GetCollection()[1].GetId())})).must(t)
	if len(page2.GetCollection()) != 1 || page2.GetMoreResults() {
		t.Fatalf("page 2 = %d rows, more %v", len(page2.GetCollection()), page2.GetMoreResults())
	}
	if got := call(users.ListUsers(ctx, &arv2.ListUsersRequest{Email: proto.String("bob@example.com")})).must(t); len(got.GetCollection()) != 1 {
		t.Errorf("filter by email: %d rows", len(got.GetCollection()))
	}

	updated := call(users.UpdateUser(ctx, &arv2.UpdateUserRequest{Id: created.GetId(), User: &arv2.UserInput{Reference: proto.String("crm-1")}})).must(t).GetUser()
	if updated.GetReference() != "crm-1" || updated.GetFirstName() != "Ada" {
		t.Errorf("UpdateUser kept only the set field? %v", updated)
	}

	auth := call(users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: "ada@example.com", User: &arv2.AuthenticateUserInput{Password: "correct horse"}})).must(t)
	if s := auth.GetSession(); s.GetObject() != "session" || s.GetToken() == "" || s.GetUserId() != created.GetId() {
		t.Errorf("AuthenticateUser = %v", auth)
	}
	_, err := users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: created.GetId(), User: &arv2.AuthenticateUserInput{Password: "wrong password"}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Login failed" {
		t.Errorf("wrong password message = %q", st.Message())
	}

	_, err = users.UpdateUserPassword(ctx, &arv2.UpdateUserPasswordRequest{Id: created.GetId(), User: &arv2.UpdateUserPasswordInput{
		CurrentPassword: proto.String("nope nope"), Password: proto.String("new password 1"), PasswordConfirmation: proto.String("new password 1")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Current password does not match" {
		t.Errorf("message = %q", st.Message())
	}
	call(users.UpdateUserPassword(ctx, &arv2.UpdateUserPasswordRequest{Id: created.GetId(), User: &arv2.UpdateUserPasswordInput{
		CurrentPassword: proto.String("correct horse"), Password: proto.String("new password 1"), PasswordConfirmation: proto.String("new password 1")}})).must(t)
	call(users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: created.GetId(), User: &arv2.AuthenticateUserInput{Password: "new password 1"}})).must(t)

	prof := call(users.UpdateUserProfile(ctx, &arv2.UpdateUserProfileRequest{Id: created.GetId(), User: &arv2.UpdateUserProfileInput{FirstName: proto.String("Augusta")}})).must(t).GetUser()
	if prof.GetFirstName() != "Augusta" || prof.GetName() != "Augusta Lovelace" {
		t.Errorf("UpdateUserProfile = %v", prof)
	}

	// Orgs.
	org := call(orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Widgets Inc"), Custom: custom}})).must(t).GetOrg()
	if org.GetObject() != "org" || org.GetState() != "active" {
		t.Fatalf("CreateOrg = %v", org)
	}
	call(orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Acme")}})).must(t)
	list := call(orgs.ListOrgs(ctx, &arv2.ListOrgsRequest{})).must(t)
	if len(list.GetCollection()) != 2 || list.GetCollection()[0].GetName() != "Acme" || list.GetCollection()[1].GetCustom() != nil {
		t.Errorf("ListOrgs (by name, custom left out) = %v", list)
	}
	if list := call(orgs.ListOrgs(ctx, &arv2.ListOrgsRequest{Expand: []string{"custom"}, Sort: proto.String("id")})).must(t); list.GetCollection()[0].GetCustom() == nil {
		t.Errorf("ListOrgs expand=custom = %v", list)
	}
	if got := call(orgs.GetOrg(ctx, &arv2.GetOrgRequest{Id: org.GetId()})).must(t).GetOrg(); got.GetName() != "Widgets Inc" {
		t.Errorf("GetOrg = %v", got)
	}
	if got := call(orgs.UpdateOrg(ctx, &arv2.UpdateOrgRequest{Id: org.GetId(), Org: &arv2.OrgInput{Reference: proto.String("acct-7")}})).must(t).GetOrg(); got.GetReference() != "acct-7" {
		t.Errorf("UpdateOrg = %v", got)
	}

	// Memberships.
	mb := call(mbs.CreateMembership(ctx, &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{
		OrgId: proto.String(org.GetId()), UserId: proto.String(created.GetId()), Permissions: []string{"ar:owner", "billing:read"}}})).must(t).GetMembership()
	if mb.GetObject() != "membership" || len(mb.GetPermissions()) != 2 {
		t.Fatalf("CreateMembership = %v", mb)
	}
	_, err = mbs.CreateMembership(ctx, &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{OrgId: proto.String(org.GetId()), UserId: proto.String(created.GetId())}})
	wantCode(t, err, codes.InvalidArgument)
	if got := call(mbs.GetMembership(ctx, &arv2.GetMembershipRequest{Id: mb.GetId()})).must(t).GetMembership(); got.GetUserId() != created.GetId() {
		t.Errorf("GetMembership = %v", got)
	}
	byOrg := call(mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{OrgId: proto.String(org.GetId())})).must(t)
	if len(byOrg.GetCollection()) != 1 || byOrg.GetCollection()[0].GetUser().GetId() != created.GetId() || byOrg.GetCollection()[0].GetOrg() != nil {
		t.Errorf("ListMemberships by org = %v", byOrg)
	}
	byUser := call(mbs.ListMemberships(ctx, &arv2.ListMembershipsRequest{UserId: proto.String(created.GetId())})).must(t)
	if len(byUser.GetCollection()) != 1 || byUser.GetCollection()[0].GetOrg().GetId() != org.GetId() {
		t.Errorf("ListMemberships by user = %v", byUser)
	}
	if got := call(mbs.UpdateMembership(ctx, &arv2.UpdateMembershipRequest{Id: mb.GetId(), Membership: &arv2.MembershipInput{Permissions: []string{"billing:write"}}})).must(t).GetMembership(); len(got.GetPermissions()) != 1 || got.GetPermissions()[0] != "billing:write" {
		t.Errorf("UpdateMembership = %v", got)
	}
	call(mbs.DeleteMembership(ctx, &arv2.DeleteMembershipRequest{Id: mb.GetId()})).must(t)
	_, err = mbs.GetMembership(ctx, &arv2.GetMembershipRequest{Id: mb.GetId()})
	wantCode(t, err, codes.NotFound)

	// Close, then a change is a conflict, then force delete.
	if got := call(orgs.DeleteOrg(ctx, &arv2.DeleteOrgRequest{Id: org.GetId()})).must(t).GetOrg(); got.GetState() != "closed" {
		t.Errorf("DeleteOrg (close) = %v", got)
	}
	_, err = orgs.UpdateOrg(ctx, &arv2.UpdateOrgRequest{Id: org.GetId(), Org: &arv2.OrgInput{Name: proto.String("x")}})
	wantCode(t, err, codes.FailedPrecondition)
	call(orgs.DeleteOrg(ctx, &arv2.DeleteOrgRequest{Id: org.GetId(), Force: proto.Bool(true)})).must(t)
	_, err = orgs.GetOrg(ctx, &arv2.GetOrgRequest{Id: org.GetId()})
	wantCode(t, err, codes.NotFound)

	if got := call(users.DeleteUser(ctx, &arv2.DeleteUserRequest{Id: created.GetId()})).must(t).GetUser(); got.GetId() != created.GetId() {
		t.Errorf("DeleteUser = %v", got)
	}
	// NotFound names the user the path names, also for an action that
	// answers another object (authenticate answers a session).
	_, getErr := users.GetUser(ctx, &arv2.GetUserRequest{Id: created.GetId()})
	_, authErr := users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: created.GetId(), User: &arv2.AuthenticateUserInput{Password: "x"}})
	for _, err := range []error{getErr, authErr} {
		st := wantCode(t, err, codes.NotFound)
		var sawResource bool
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.ResourceInfo); ok {
				sawResource = ri.GetResourceType() == "user" && ri.GetResourceName() == created.GetId()
			}
		}
		if !sawResource {
			t.Errorf("NotFound details = %v", st.Details())
		}
	}
}
