package e2e

import (
	"net/http"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestMailingListProvidersEveryRPC calls every MailingListProvidersService
// RPC over gRPC, then every mailing_list_providers route over REST. A
// provider in use by a hook cannot be deleted: AuthRocket's 409 becomes
// FAILED_PRECONDITION.
func TestMailingListProvidersEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	providers := arv2.NewMailingListProvidersServiceClient(e.conn)
	hooks := arv2.NewHooksServiceClient(e.conn)

	p := call(providers.CreateMailingListProvider(ctx, &arv2.CreateMailingListProviderRequest{MailingListProvider: &arv2.MailingListProviderInput{
		ProviderName: proto.String("News"), ProviderType: proto.String("mailchimp"), ValidListIds: []string{"news", "promo"},
		ApiEndpoint: proto.String("https://api.example.com/3.0"),
	}})).must(t).GetMailingListProvider()
	if p.GetObject() != "mailing_list_provider" || p.GetId() == "" || p.GetRealmId() != e.realm || p.GetState() != "active" || len(p.GetValidListIds()) != 2 {
		t.Fatalf("CreateMailingListProvider = %v", p)
	}
	if got := call(providers.GetMailingListProvider(ctx, &arv2.GetMailingListProviderRequest{Id: p.GetId()})).must(t).GetMailingListProvider(); got.GetProviderName() != "News" {
		t.Errorf("GetMailingListProvider = %v", got)
	}
	up := call(providers.UpdateMailingListProvider(ctx, &arv2.UpdateMailingListProviderRequest{Id: p.GetId(), MailingListProvider: &arv2.MailingListProviderInput{ProviderAccount: proto.String("acct")}})).must(t).GetMailingListProvider()
	if up.GetProviderAccount() != "acct" || up.GetProviderType() != "mailchimp" {
		t.Errorf("UpdateMailingListProvider = %v", up)
	}
	list := call(providers.ListMailingListProviders(ctx, &arv2.ListMailingListProvidersRequest{ProviderType: proto.String("mailchimp")})).must(t)
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != p.GetId() || list.GetMoreResults() {
		t.Errorf("ListMailingListProviders = %v", list)
	}
	hook := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("user.created"), HookType: proto.String("mailing_list"), MailingListProviderId: proto.String(p.GetId()), ListId: proto.String("news"),
	}})).must(t).GetHook()
	_, err := providers.DeleteMailingListProvider(ctx, &arv2.DeleteMailingListProviderRequest{Id: p.GetId()})
	if st := wantCode(t, err, codes.FailedPrecondition); st.Message() != "Mailing list provider is in use by a hook" {
		t.Errorf("delete in use: %q", st.Message())
	}
	call(hooks.DeleteHook(ctx, &arv2.DeleteHookRequest{Id: hook.GetId()})).must(t)
	call(providers.DeleteMailingListProvider(ctx, &arv2.DeleteMailingListProviderRequest{Id: p.GetId()})).must(t)
	_, err = providers.GetMailingListProvider(ctx, &arv2.GetMailingListProviderRequest{Id: p.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	_, err = providers.GetMailingListProvider(ctx, &arv2.GetMailingListProviderRequest{Id: "mlp_1/../x"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = providers.CreateMailingListProvider(ctx, &arv2.CreateMailingListProviderRequest{MailingListProvider: &arv2.MailingListProviderInput{State: proto.String("closed")}})
	wantCode(t, err, codes.InvalidArgument)
	_, err = providers.ListMailingListProviders(ctx, &arv2.ListMailingListProvidersRequest{MaxResults: proto.Int32(0)})
	wantCode(t, err, codes.InvalidArgument)
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": map[string]any{"provider_name": "REST", "provider_type": "sendgrid"}})
	id, _ := created["id"].(string)
	if created["object"] != "mailing_list_provider" || id == "" || created["state"] != "active" {
		t.Fatalf("POST /v2/mailing_list_providers = %v", created)
	}
	restDo(t, e, 200, "GET", "/v2/mailing_list_providers/"+id, nil)
	if got := restDo(t, e, 200, "PUT", "/v2/mailing_list_providers/"+id, map[string]any{"mailing_list_provider": map[string]any{"state": "inactive"}}); got["state"] != "inactive" {
		t.Errorf("PUT = %v", got)
	}
	if rows, _ := restDo(t, e, 200, "GET", "/v2/mailing_list_providers?state=inactive", nil)["collection"].([]any); len(rows) != 1 {
		t.Errorf("GET ?state=inactive = %v", rows)
	}
	restDo(t, e, 422, "POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": map[string]any{"provider_name": "x"}})
	restDo(t, e, 200, "DELETE", "/v2/mailing_list_providers/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/mailing_list_providers/"+id, nil)
}
