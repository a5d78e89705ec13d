package e2e

import (
	"net/http"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestNamedPermissionsEveryRPC calls every NamedPermissionsService RPC over
// gRPC, then every named_permissions route over REST.
func TestNamedPermissionsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	nps := arv2.NewNamedPermissionsServiceClient(e.conn)

	np := call(nps.CreateNamedPermission(ctx, &arv2.CreateNamedPermissionRequest{NamedPermission: &arv2.NamedPermissionInput{
		Name: proto.String("Billing admin"), Permission: proto.String("billing:admin"),
	}})).must(t).GetNamedPermission()
	if np.GetObject() != "named_permission" || np.GetId() == "" || np.GetRealmId() != e.realm || np.GetPermission() != "billing:admin" || np.GetAutoGrant() {
		t.Fatalf("CreateNamedPermission = %v", np)
	}
	if got := call(nps.GetNamedPermission(ctx, &arv2.GetNamedPermissionRequest{Id: np.GetId()})).must(t).GetNamedPermission(); got.GetName() != "Billing admin" {
		t.Errorf("GetNamedPermission = %v", got)
	}
	// AuthRocket lists a realm's named permissions only in the realm.
	rl := call(arv2.NewRealmsServiceClient(e.conn).GetRealm(ctx, &arv2.GetRealmRequest{Id: e.realm})).must(t).GetRealm()
	if len(rl.GetNamedPermissions()) != 1 || rl.GetNamedPermissions()[0].GetId() != np.GetId() || rl.GetNamedPermissions()[0].GetPermission() != "billing:admin" {
		t.Errorf("GetRealm named_permissions = %v", rl.GetNamedPermissions())
	}
	up := call(nps.UpdateNamedPermission(ctx, &arv2.UpdateNamedPermissionRequest{Id: np.GetId(), NamedPermission: &arv2.NamedPermissionInput{AutoGrant: proto.Bool(true)}})).must(t).GetNamedPermission()
	if !up.GetAutoGrant() || up.GetName() != "Billing admin" {
		t.Errorf("UpdateNamedPermission = %v", up)
	}
	_, err := nps.CreateNamedPermission(ctx, &arv2.CreateNamedPermissionRequest{NamedPermission: &arv2.NamedPermissionInput{Name: proto.String("Again"), Permission: proto.String("billing:admin")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Permission has already been taken" {
		t.Errorf("duplicate permission: %q", st.Message())
	}
	if got := call(nps.DeleteNamedPermission(ctx, &arv2.DeleteNamedPermissionRequest{Id: np.GetId()})).must(t).GetNamedPermission(); got.GetId() != np.GetId() {
		t.Errorf("DeleteNamedPermission = %v", got)
	}
	_, err = nps.GetNamedPermission(ctx, &arv2.GetNamedPermissionRequest{Id: np.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error {
			_, err := nps.GetNamedPermission(ctx, &arv2.GetNamedPermissionRequest{Id: "np_1/../../users"})
			return err
		},
		"bad permission": func() error {
			_, err := nps.CreateNamedPermission(ctx, &arv2.CreateNamedPermissionRequest{NamedPermission: &arv2.NamedPermissionInput{Permission: proto.String("has space")}})
			return err
		},
		"no root element": func() error {
			_, err := nps.UpdateNamedPermission(ctx, &arv2.UpdateNamedPermissionRequest{Id: "np_1"})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/named_permissions", map[string]any{"named_permission": map[string]any{"name": "Reports", "permission": "reports:read", "auto_grant": true}})
	id, _ := created["id"].(string)
	if created["object"] != "named_permission" || id == "" || created["auto_grant"] != true {
		t.Fatalf("POST /v2/named_permissions = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/named_permissions/"+id, nil); got["permission"] != "reports:read" {
		t.Errorf("GET /v2/named_permissions/{id} = %v", got)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/named_permissions/"+id, map[string]any{"named_permission": map[string]any{"name": "Read reports"}}); got["name"] != "Read reports" {
		t.Errorf("PUT /v2/named_permissions/{id} = %v", got)
	}
	embedded, _ := restDo(t, e, 200, "GET", "/v2/realms/"+e.realm, nil)["named_permissions"].([]any)
	if len(embedded) != 1 || embedded[0].(map[string]any)["id"] != id {
		t.Errorf("GET /v2/realms/{id} named_permissions = %v", embedded)
	}
	restDo(t, e, 422, "POST", "/v2/named_permissions", map[string]any{"named_permission": map[string]any{"permission": "x"}})
	restDo(t, e, 200, "DELETE", "/v2/named_permissions/"+id, nil)
	restDo(t, e, 404, "DELETE", "/v2/named_permissions/"+id, nil)
	restDo(t, e, 400, "GET", "/v2/named_permissions/np_%2e%2e", nil)
}
