package server

import (
	"slices"
	"testing"

	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// TestResourceIDs: the id and …_id fields of a request and of its root
// element, in declaration order, never realm_id, nothing deeper.
func TestResourceIDs(t *testing.T) {
	for _, tt := range []struct {
		req  proto.Message
		want []string
	}{
		{&arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_1")}, []string{"usr_1"}},
		{&arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{OrgId: proto.String("org_1"), UserId: proto.String("usr_1")}, RealmId: proto.String("rl_1")}, []string{"org_1", "usr_1"}},
		{&arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{UserId: proto.String("")}}, []string{""}},
		{&arv2.ListUsersRequest{}, nil},
		{&gatewayv1.VerifyTokenRequest{Token: "eyJ.a.b"}, nil},
	} {
		if got := resourceIDs(tt.req); !slices.Equal(got, tt.want) {
			t.Errorf("%T: %q, want %q", tt.req, got, tt.want)
		}
	}
}
