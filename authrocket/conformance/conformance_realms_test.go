package conformance_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func testRealm(t *testing.T, tg target) {
	rl := must(t, func(ctx context.Context) (*arv2.GetRealmResponse, error) {
		return arv2.NewRealmsServiceClient(tg.conn).GetRealm(ctx, &arv2.GetRealmRequest{Id: tg.realm})
	}).GetRealm()
	if rl.GetObject() != "realm" || rl.GetId() != tg.realm || rl.GetState() != "active" || !slices.Contains([]string{"rs256", "hs256"}, rl.GetJwtAlgo()) {
		t.Errorf("GetRealm = %v", rl)
	}
}

// testRealmLifecycle takes a realm of its own through update, list, reset and
// delete: a deleted realm is still found by id, but not when the lookup asks
// for state active.
func testRealmLifecycle(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	realms := arv2.NewRealmsServiceClient(tg.conn)
	name := "gateway conformance scratch " + suffix()
	rl := must(t, func(ctx context.Context) (*arv2.CreateRealmResponse, error) {
		return realms.CreateRealm(ctx, &arv2.CreateRealmRequest{Realm: &arv2.RealmInput{Name: proto.String(name)}})
	}).GetRealm()
	if rl.GetObject() != "realm" || !strings.HasPrefix(rl.GetId(), "rl_") || rl.GetName() != name || rl.GetState() != "active" {
		t.Fatalf("CreateRealm = %v", rl)
	}
	cleanup(t, func(ctx context.Context) error {
		_, err := realms.DeleteRealm(ctx, &arv2.DeleteRealmRequest{Id: rl.GetId()})
		return err
	})

	// An update changes what it names and keeps the rest.
	up := must(t, func(ctx context.Context) (*arv2.UpdateRealmResponse, error) {
		return realms.UpdateRealm(ctx, &arv2.UpdateRealmRequest{Id: rl.GetId(), Realm: &arv2.RealmInput{
			Name: proto.String(name + " renamed"), JwtScopes: proto.String("ar.orgs"),
		}})
	}).GetRealm()
	if up.GetId() != rl.GetId() || up.GetName() != name+" renamed" || up.GetJwtScopes() != "ar.orgs" || up.GetJwtAlgo() != rl.GetJwtAlgo() {
		t.Errorf("UpdateRealm = %v", up)
	}
	// Lists cover every realm of the account, paged by id.
	if row := findRow(t, rl.GetId(), func(ctx context.Context, after *string) (page[*arv2.Realm], error) {
		return realms.ListRealms(ctx, &arv2.ListRealmsRequest{After: after})
	}); row != nil && row.GetName() != name+" renamed" {
		t.Errorf("ListRealms row = %v", row)
	}

	// reset answers the realm. What it wipes is not documented, so the org is
	// only there to give it something to do.
	orgs := arv2.NewOrgsServiceClient(tg.conn)
	o := must(t, func(ctx context.Context) (*arv2.CreateOrgResponse, error) {
		return orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{RealmId: proto.String(rl.GetId()), Org: &arv2.OrgInput{Name: proto.String("Conformance " + suffix())}})
	}).GetOrg()
	cleanup(t, func(ctx context.Context) error {
		_, err := orgs.DeleteOrg(ctx, &arv2.DeleteOrgRequest{RealmId: proto.String(rl.GetId()), Id: o.GetId(), Force: proto.Bool(true)})
		return err
	})
	if got := must(t, func(ctx context.Context) (*arv2.ResetRealmResponse, error) {
		return realms.ResetRealm(ctx, &arv2.ResetRealmRequest{Id: rl.GetId()})
	}).GetRealm(); got.GetObject() != "realm" || got.GetId() != rl.GetId() {
		t.Errorf("ResetRealm = %v", got)
	}

	must(t, func(ctx context.Context) (*arv2.DeleteRealmResponse, error) {
		return realms.DeleteRealm(ctx, &arv2.DeleteRealmRequest{Id: rl.GetId()})
	})
	if got := must(t, func(ctx context.Context) (*arv2.GetRealmResponse, error) {
		return realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: rl.GetId()})
	}).GetRealm(); got.GetId() != rl.GetId() || got.GetState() == "active" {
		t.Errorf("GetRealm after delete = %v, want the realm, no longer active", got)
	}
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetRealmResponse, error) {
		return realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: rl.GetId(), State: proto.String("active")})
	})
}

// realmEmbeds reports whether GET realms/:id of the target's realm embeds the
// named permission or resource link id.
func realmEmbeds(t *testing.T, tg target, id string) bool {
	t.Helper()
	rl := must(t, func(ctx context.Context) (*arv2.GetRealmResponse, error) {
		return arv2.NewRealmsServiceClient(tg.conn).GetRealm(ctx, &arv2.GetRealmRequest{Id: tg.realm})
	}).GetRealm()
	for _, np := range rl.GetNamedPermissions() {
		if np.GetId() == id {
			return true
		}
	}
	for _, rsl := range rl.GetResourceLinks() {
		if rsl.GetId() == id {
			return true
		}
	}
	return false
}
