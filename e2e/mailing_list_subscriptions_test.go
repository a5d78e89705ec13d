package e2e

import (
	"net/http"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestMailingListSubscriptionsEveryRPC calls every
// MailingListSubscriptionsService RPC over gRPC, then every
// mailing_list_subscriptions route over REST.
func TestMailingListSubscriptionsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	subs := arv2.NewMailingListSubscriptionsServiceClient(e.conn)
	users := arv2.NewUsersServiceClient(e.conn)
	providers := arv2.NewMailingListProvidersServiceClient(e.conn)
	hooks := arv2.NewHooksServiceClient(e.conn)

	p := call(providers.CreateMailingListProvider(ctx, &arv2.CreateMailingListProviderRequest{MailingListProvider: &arv2.MailingListProviderInput{
		ProviderName: proto.String("News"), ProviderType: proto.String("mailchimp"),
	}})).must(t).GetMailingListProvider()
	hook := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("user.created"), HookType: proto.String("mailing_list"), MailingListProviderId: proto.String(p.GetId()), ListId: proto.String("news"),
	}})).must(t).GetHook()
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("subs@example.com")}})).must(t).GetUser().GetId()

	s := call(subs.CreateMailingListSubscription(ctx, &arv2.CreateMailingListSubscriptionRequest{MailingListSubscription: &arv2.MailingListSubscriptionInput{
		UserId: proto.String(uid), HookId: proto.String(hook.GetId()),
	}})).must(t).GetMailingListSubscription()
	if s.GetObject() != "mailing_list_subscription" || s.GetId() == "" || s.GetUserId() != uid || s.GetHookId() != hook.GetId() || s.GetListState() != "subscribed" {
		t.Fatalf("CreateMailingListSubscription = %v", s)
	}
	_, err := subs.CreateMailingListSubscription(ctx, &arv2.CreateMailingListSubscriptionRequest{MailingListSubscription: &arv2.MailingListSubscriptionInput{
		UserId: proto.String(uid), HookId: proto.String(hook.GetId()),
	}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "User has already been taken" {
		t.Errorf("duplicate subscription: %q", st.Message())
	}
	if got := call(subs.GetMailingListSubscription(ctx, &arv2.GetMailingListSubscriptionRequest{Id: s.GetId()})).must(t).GetMailingListSubscription(); got.GetId() != s.GetId() {
		t.Errorf("GetMailingListSubscription = %v", got)
	}
	up := call(subs.UpdateMailingListSubscription(ctx, &arv2.UpdateMailingListSubscriptionRequest{Id: s.GetId(), MailingListSubscription: &arv2.MailingListSubscriptionInput{ListState: proto.String("unsubscribed")}})).must(t).GetMailingListSubscription()
	if up.GetListState() != "unsubscribed" {
		t.Errorf("UpdateMailingListSubscription = %v", up)
	}
	for name, req := range map[string]*arv2.ListMailingListSubscriptionsRequest{
		"by user":  {UserId: proto.String(uid)},
		"by hook":  {HookId: proto.String(hook.GetId())},
		"by state": {ListState: proto.String("unsubscribed")},
	} {
		if got := call(subs.ListMailingListSubscriptions(ctx, req)).must(t); len(got.GetCollection()) != 1 || got.GetCollection()[0].GetId() != s.GetId() {
			t.Errorf("ListMailingListSubscriptions %s = %v", name, got)
		}
	}
	if got := call(subs.ListMailingListSubscriptions(ctx, &arv2.ListMailingListSubscriptionsRequest{ListState: proto.String("pending")})).must(t); len(got.GetCollection()) != 0 {
		t.Errorf("list_state=pending = %v", got)
	}
	call(subs.DeleteMailingListSubscription(ctx, &arv2.DeleteMailingListSubscriptionRequest{Id: s.GetId()})).must(t)
	_, err = subs.GetMailingListSubscription(ctx, &arv2.GetMailingListSubscriptionRequest{Id: s.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	_, err = subs.GetMailingListSubscription(ctx, &arv2.GetMailingListSubscriptionRequest{Id: "mls_1/../../users"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = subs.CreateMailingListSubscription(ctx, &arv2.CreateMailingListSubscriptionRequest{MailingListSubscription: &arv2.MailingListSubscriptionInput{UserId: proto.String("org_1")}})
	wantCode(t, err, codes.InvalidArgument)
	_, err = subs.ListMailingListSubscriptions(ctx, &arv2.ListMailingListSubscriptionsRequest{HookId: proto.String("hk_1#x")})
	wantCode(t, err, codes.InvalidArgument)
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": uid, "hook_id": hook.GetId(), "list_state": "pending"}})
	id, _ := created["id"].(string)
	if created["object"] != "mailing_list_subscription" || id == "" || created["list_state"] != "pending" {
		t.Fatalf("POST /v2/mailing_list_subscriptions = %v", created)
	}
	restDo(t, e, 200, "GET", "/v2/mailing_list_subscriptions/"+id, nil)
	if got := restDo(t, e, 200, "PUT", "/v2/mailing_list_subscriptions/"+id, map[string]any{"mailing_list_subscription": map[string]any{"list_state": "subscribed"}}); got["list_state"] != "subscribed" {
		t.Errorf("PUT = %v", got)
	}
	if rows, _ := restDo(t, e, 200, "GET", "/v2/mailing_list_subscriptions?user_id="+uid, nil)["collection"].([]any); len(rows) != 1 {
		t.Errorf("GET ?user_id = %v", rows)
	}
	restDo(t, e, 422, "POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": "usr_nobody", "hook_id": hook.GetId()}})
	restDo(t, e, 200, "DELETE", "/v2/mailing_list_subscriptions/"+id, nil)
	restDo(t, e, 404, "DELETE", "/v2/mailing_list_subscriptions/"+id, nil)
}
