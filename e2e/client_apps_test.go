package e2e

import (
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// TestClientAppsEveryRPC calls every ClientAppsService RPC over gRPC, then
// every client_apps route over REST. An oauth2 app's secret is handed on in
// single-object answers only.
func TestClientAppsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	apps := arv2.NewClientAppsServiceClient(e.conn)

	var header metadata.MD
	oa := call(apps.CreateClientApp(ctx, &arv2.CreateClientAppRequest{ClientApp: &arv2.ClientAppInput{
		ClientType: proto.String("oauth2"), Name: proto.String("gRPC app"), RedirectUris: []string{"https://app.example/cb"},
		AllowedScopes: []string{"openid", "email"}, Trusted: proto.Bool(true),
	}}, grpc.Header(&header))).must(t).GetClientApp()
	if oa.GetObject() != "client_app" || oa.GetId() == "" || oa.GetRealmId() != e.realm || oa.GetClientType() != "oauth2" ||
		oa.GetSecret() == "" || !oa.GetTrusted() || strings.Join(oa.GetAllowedScopes(), " ") != "openid email" ||
		strings.Join(oa.GetRedirectUris(), " ") != "https://app.example/cb" || oa.GetCreatedAt() == nil {
		t.Fatalf("CreateClientApp = %v", oa)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	id := oa.GetId()
	if got := call(apps.GetClientApp(ctx, &arv2.GetClientAppRequest{Id: id})).must(t).GetClientApp(); got.GetSecret() != oa.GetSecret() {
		t.Errorf("GetClientApp = %v", got)
	}
	std := call(apps.CreateClientApp(ctx, &arv2.CreateClientAppRequest{ClientApp: &arv2.ClientAppInput{
		ClientType: proto.String("standard"), Name: proto.String("Web"), RedirectUris: []string{"http://localhost:3000/"},
	}})).must(t).GetClientApp()
	if std.Secret != nil || std.Trusted != nil {
		t.Errorf("standard app = %v", std)
	}
	list := call(apps.ListClientApps(ctx, &arv2.ListClientAppsRequest{MaxResults: proto.Int32(1)})).must(t)
	if len(list.GetCollection()) != 1 || !list.GetMoreResults() || list.GetCollection()[0].GetId() != id || list.GetCollection()[0].Secret != nil {
		t.Errorf("ListClientApps = %v", list)
	}
	if got := call(apps.ListClientApps(ctx, &arv2.ListClientAppsRequest{ClientType: proto.String("standard")})).must(t); len(got.GetCollection()) != 1 || got.GetCollection()[0].GetId() != std.GetId() {
		t.Errorf("ListClientApps client_type = %v", got)
	}
	up := call(apps.UpdateClientApp(ctx, &arv2.UpdateClientAppRequest{Id: id, ClientApp: &arv2.ClientAppInput{Name: proto.String("Renamed"), State: proto.String("inactive")}})).must(t).GetClientApp()
	if up.GetName() != "Renamed" || up.GetState() != "inactive" || !up.GetTrusted() {
		t.Errorf("UpdateClientApp kept only the set fields? %v", up)
	}
	_, err := apps.UpdateClientApp(ctx, &arv2.UpdateClientAppRequest{Id: id, ClientApp: &arv2.ClientAppInput{ClientType: proto.String("standard")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Client type can't be changed" {
		t.Errorf("message = %q", st.Message())
	}
	if got := call(apps.DeleteClientApp(ctx, &arv2.DeleteClientAppRequest{Id: std.GetId()})).must(t).GetClientApp(); got.GetId() != std.GetId() {
		t.Errorf("DeleteClientApp = %v", got)
	}
	_, err = apps.GetClientApp(ctx, &arv2.GetClientAppRequest{Id: std.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error { _, err := apps.GetClientApp(ctx, &arv2.GetClientAppRequest{Id: "ca_1/../x"}); return err },
		"bare id": func() error {
			_, err := apps.DeleteClientApp(ctx, &arv2.DeleteClientAppRequest{Id: "users"})
			return err
		},
		"bad type": func() error {
			_, err := apps.CreateClientApp(ctx, &arv2.CreateClientAppRequest{ClientApp: &arv2.ClientAppInput{ClientType: proto.String("saml")}})
			return err
		},
		"bad scope": func() error {
			_, err := apps.UpdateClientApp(ctx, &arv2.UpdateClientAppRequest{Id: id, ClientApp: &arv2.ClientAppInput{AllowedScopes: []string{"a b"}}})
			return err
		},
		"no root": func() error { _, err := apps.CreateClientApp(ctx, &arv2.CreateClientAppRequest{}); return err },
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it (the Node SDK's createClientApp helper).
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{
		"client_type": "standard", "name": "ar-node-sdk", "redirect_uris": []string{"http://localhost:3000/"},
	}})
	rid, _ := created["id"].(string)
	if created["object"] != "client_app" || rid == "" || created["client_type"] != "standard" {
		t.Fatalf("POST /v2/client_apps = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/client_apps/"+id, nil); got["secret"] != oa.GetSecret() {
		t.Errorf("GET /v2/client_apps/%s = %v", id, got)
	}
	rows, _ := restDo(t, e, 200, "GET", "/v2/client_apps?sort=name", nil)["collection"].([]any)
	if len(rows) != 2 || rows[1].(map[string]any)["id"] != id {
		t.Errorf("GET /v2/client_apps?sort=name = %v", rows) // "ar-node-sdk" < "Renamed", case-insensitive
	}
	for _, r := range rows {
		if _, ok := r.(map[string]any)["secret"]; ok {
			t.Errorf("a list row carries the secret: %v", r)
		}
	}
	if got := restDo(t, e, 200, "PUT", "/v2/client_apps/"+rid, map[string]any{"client_app": map[string]any{"redirect_uris": []string{"https://x.example/"}}}); got["name"] != "ar-node-sdk" {
		t.Errorf("PUT /v2/client_apps = %v", got)
	}
	restDo(t, e, 422, "POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{"client_type": "oauth2"}})
	restDo(t, e, 200, "DELETE", "/v2/client_apps/"+rid, nil)
	restDo(t, e, 404, "DELETE", "/v2/client_apps/"+rid, nil)
	noUpstream = e.noUpstreamSince(t)
	restDo(t, e, 400, "GET", "/v2/client_apps/ca_1%2F..%2Fx", nil)
	restDo(t, e, 400, "PUT", "/v2/client_apps/"+rid, map[string]any{"client_app": map[string]any{"state": "on"}})
	noUpstream("refused REST requests")
}
