package e2e

import (
	"net/http"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestResourceLinksEveryRPC calls every ResourceLinksService RPC over gRPC,
// then every resource_links route over REST.
func TestResourceLinksEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	links := arv2.NewResourceLinksServiceClient(e.conn)

	rk := call(links.CreateResourceLink(ctx, &arv2.CreateResourceLinkRequest{ResourceLink: &arv2.ResourceLinkInput{
		Title: proto.String("Admin"), LinkUrl: proto.String("https://admin.example.com/users/{{id}}"), ResourceType: proto.String("user"),
	}})).must(t).GetResourceLink()
	if rk.GetObject() != "resource_link" || rk.GetId() == "" || rk.GetRealmId() != e.realm || rk.GetResourceType() != "user" {
		t.Fatalf("CreateResourceLink = %v", rk)
	}
	if got := call(links.GetResourceLink(ctx, &arv2.GetResourceLinkRequest{Id: rk.GetId()})).must(t).GetResourceLink(); got.GetTitle() != "Admin" {
		t.Errorf("GetResourceLink = %v", got)
	}
	// AuthRocket lists a realm's resource links only in the realm.
	rl := call(arv2.NewRealmsServiceClient(e.conn).GetRealm(ctx, &arv2.GetRealmRequest{Id: e.realm})).must(t).GetRealm()
	if len(rl.GetResourceLinks()) != 1 || rl.GetResourceLinks()[0].GetId() != rk.GetId() || rl.GetResourceLinks()[0].GetTitle() != "Admin" {
		t.Errorf("GetRealm resource_links = %v", rl.GetResourceLinks())
	}
	up := call(links.UpdateResourceLink(ctx, &arv2.UpdateResourceLinkRequest{Id: rk.GetId(), ResourceLink: &arv2.ResourceLinkInput{ResourceType: proto.String("org")}})).must(t).GetResourceLink()
	if up.GetResourceType() != "org" || up.GetTitle() != "Admin" {
		t.Errorf("UpdateResourceLink = %v", up)
	}
	_, err := links.UpdateResourceLink(ctx, &arv2.UpdateResourceLinkRequest{Id: rk.GetId(), ResourceLink: &arv2.ResourceLinkInput{LinkUrl: proto.String("javascript:alert(1)")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Link URL is invalid" {
		t.Errorf("bad link_url: %q", st.Message())
	}
	call(links.DeleteResourceLink(ctx, &arv2.DeleteResourceLinkRequest{Id: rk.GetId()})).must(t)
	_, err = links.DeleteResourceLink(ctx, &arv2.DeleteResourceLinkRequest{Id: rk.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	_, err = links.GetResourceLink(ctx, &arv2.GetResourceLinkRequest{Id: "rsl_1?x=1"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = links.CreateResourceLink(ctx, &arv2.CreateResourceLinkRequest{ResourceLink: &arv2.ResourceLinkInput{ResourceType: proto.String("User Page")}})
	wantCode(t, err, codes.InvalidArgument)
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/resource_links", map[string]any{"resource_link": map[string]any{"title": "Org", "link_url": "https://admin.example.com/orgs", "resource_type": "org"}})
	id, _ := created["id"].(string)
	if created["object"] != "resource_link" || id == "" {
		t.Fatalf("POST /v2/resource_links = %v", created)
	}
	restDo(t, e, 200, "GET", "/v2/resource_links/"+id, nil)
	embedded, _ := restDo(t, e, 200, "GET", "/v2/realms/"+e.realm, nil)["resource_links"].([]any)
	if len(embedded) != 1 || embedded[0].(map[string]any)["id"] != id {
		t.Errorf("GET /v2/realms/{id} resource_links = %v", embedded)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/resource_links/"+id, map[string]any{"resource_link": map[string]any{"title": "Orgs"}}); got["title"] != "Orgs" {
		t.Errorf("PUT /v2/resource_links/{id} = %v", got)
	}
	restDo(t, e, 200, "DELETE", "/v2/resource_links/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/resource_links/"+id, nil)
}
