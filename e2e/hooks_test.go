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
	"google.golang.org/protobuf/types/known/structpb"
)

// TestHooksEveryRPC calls every HooksService RPC over gRPC, then every hooks
// route over REST.
func TestHooksEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	hooks := arv2.NewHooksServiceClient(e.conn)

	subjects, _ := structpb.NewStruct(map[string]any{"en": "Welcome", "es": "Bienvenido"})
	var header metadata.MD
	h := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("user.created"), HookType: proto.String("email"), Name: proto.String("Welcome"),
		EmailTo: proto.String("team@example.com"), EmailSubjects: subjects, Delay: proto.Int32(60),
		Accumulate: structpb.NewBoolValue(true), Locales: []string{"en", "es"},
	}}, grpc.Header(&header))).must(t).GetHook()
	if h.GetObject() != "hook" || h.GetId() == "" || h.GetRealmId() != e.realm || h.GetState() != "active" || h.GetHookType() != "email" ||
		h.GetDelay() != 60 || !h.GetAccumulate().GetBoolValue() || h.GetEmailSubjects().GetFields()["es"].GetStringValue() != "Bienvenido" ||
		strings.Join(h.GetCurrentLocales(), ",") != "en,es" || h.GetCreatedAt().AsTime().IsZero() {
		t.Fatalf("CreateHook = %v", h)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	if got := call(hooks.GetHook(ctx, &arv2.GetHookRequest{Id: h.GetId()})).must(t).GetHook(); got.GetName() != "Welcome" {
		t.Errorf("GetHook = %v", got)
	}
	up := call(hooks.UpdateHook(ctx, &arv2.UpdateHookRequest{Id: h.GetId(), Hook: &arv2.HookInput{State: proto.String("inactive")}})).must(t).GetHook()
	if up.GetState() != "inactive" || up.GetName() != "Welcome" || up.GetEmailTo() != "team@example.com" {
		t.Errorf("UpdateHook kept only the set fields? %v", up)
	}
	web := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("org.closed"), HookType: proto.String("webhook"), Destination: proto.String("https://example.com/in"),
	}})).must(t).GetHook()
	list := call(hooks.ListHooks(ctx, &arv2.ListHooksRequest{HookType: proto.String("webhook")})).must(t)
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != web.GetId() {
		t.Errorf("ListHooks hook_type=webhook = %v", list)
	}
	page := call(hooks.ListHooks(ctx, &arv2.ListHooksRequest{MaxResults: proto.Int32(1)})).must(t)
	if len(page.GetCollection()) != 1 || page.GetCollection()[0].GetId() != h.GetId() || !page.GetMoreResults() {
		t.Errorf("ListHooks page 1 = %v", page)
	}
	_, err := hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{EventType: proto.String("user.created"), HookType: proto.String("webhook")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Destination can't be blank" {
		t.Errorf("webhook without destination: %q", st.Message())
	}
	if got := call(hooks.DeleteHook(ctx, &arv2.DeleteHookRequest{Id: web.GetId()})).must(t).GetHook(); got.GetId() != web.GetId() {
		t.Errorf("DeleteHook = %v", got)
	}
	_, err = hooks.GetHook(ctx, &arv2.GetHookRequest{Id: web.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error { _, err := hooks.GetHook(ctx, &arv2.GetHookRequest{Id: "hk_1/../x"}); return err },
		"dotted id":  func() error { _, err := hooks.DeleteHook(ctx, &arv2.DeleteHookRequest{Id: ".."}); return err },
		"unknown event type": func() error {
			_, err := hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{EventType: proto.String("user.exploded"), HookType: proto.String("webhook")}})
			return err
		},
		"no root element": func() error { _, err := hooks.CreateHook(ctx, &arv2.CreateHookRequest{}); return err },
		"negative delay": func() error {
			_, err := hooks.UpdateHook(ctx, &arv2.UpdateHookRequest{Id: h.GetId(), Hook: &arv2.HookInput{Delay: proto.Int32(-1)}})
			return err
		},
		"bad after": func() error {
			_, err := hooks.ListHooks(ctx, &arv2.ListHooksRequest{After: proto.String("hk_%2F")})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/hooks", map[string]any{"hook": map[string]any{
		"event_type": "membership.created", "hook_type": "webhook", "destination": "https://example.com/rest", "accumulate": "daily",
	}})
	id, _ := created["id"].(string)
	if created["object"] != "hook" || id == "" || created["accumulate"] != "daily" || created["state"] != "active" {
		t.Fatalf("POST /v2/hooks = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/hooks/"+id, nil); got["destination"] != "https://example.com/rest" {
		t.Errorf("GET /v2/hooks/{id} = %v", got)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/hooks/"+id, map[string]any{"hook": map[string]any{"name": "Members"}}); got["name"] != "Members" || got["event_type"] != "membership.created" {
		t.Errorf("PUT /v2/hooks/{id} = %v", got)
	}
	rows, _ := restDo(t, e, 200, "GET", "/v2/hooks?event_type=membership.created", nil)["collection"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["id"] != id {
		t.Errorf("GET /v2/hooks?event_type = %v", rows)
	}
	restDo(t, e, 422, "PUT", "/v2/hooks/"+id, map[string]any{"hook": map[string]any{"destination": "ftp://example.com"}})
	restDo(t, e, 200, "DELETE", "/v2/hooks/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/hooks/"+id, nil)
	restDo(t, e, 400, "POST", "/v2/hooks", map[string]any{"hook": map[string]any{"event_type": "nope", "hook_type": "webhook"}})
}
