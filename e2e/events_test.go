package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestEventsEveryRPC calls every EventsService RPC over gRPC, then every
// events route over REST: the events that user and org calls recorded,
// filtered and paged, with the notifications of a webhook and an email hook.
func TestEventsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	orgs := arv2.NewOrgsServiceClient(e.conn)
	hooks := arv2.NewHooksServiceClient(e.conn)
	events := arv2.NewEventsServiceClient(e.conn)

	web := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("user.created"), HookType: proto.String("webhook"), Destination: proto.String("https://example.com/hook"),
	}})).must(t).GetHook()
	mail := call(hooks.CreateHook(ctx, &arv2.CreateHookRequest{Hook: &arv2.HookInput{
		EventType: proto.String("user.created"), HookType: proto.String("email"),
	}})).must(t).GetHook()
	start := time.Now().Add(-time.Minute)
	u := call(users.CreateUser(ctx, &arv2.CreateUserRequest{
		User:    &arv2.UserInput{Email: proto.String("events@example.com"), Password: proto.String("a long password")},
		Request: &arv2.RequestContext{Ip: proto.String("10.9.8.7"), Client: proto.String("e2e")},
	})).must(t).GetUser()
	org := call(orgs.CreateOrg(ctx, &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("Evented")}})).must(t).GetOrg()
	_, err := users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: u.GetId(), User: &arv2.AuthenticateUserInput{Password: "wrong password"}})
	wantCode(t, err, codes.InvalidArgument)

	// Newest first: the failed login, the org, then the user.
	list := call(events.ListEvents(ctx, &arv2.ListEventsRequest{})).must(t)
	var types []string
	for _, ev := range list.GetCollection() {
		types = append(types, ev.GetEventType())
	}
	if strings.Join(types, " ") != "user.login.failed org.created user.created" || list.GetMoreResults() {
		t.Fatalf("ListEvents = %v", types)
	}
	created := list.GetCollection()[2]
	if created.GetObject() != "event" || !strings.HasPrefix(created.GetId(), "ev_") || created.GetUserId() != u.GetId() ||
		created.GetRealmId() != e.realm || created.GetRequest().GetIp() != "10.9.8.7" || created.GetEventAt().AsTime().Before(start) {
		t.Errorf("user.created event = %v", created)
	}
	if created.OrgId != nil || len(created.GetNotifications()) != 0 {
		t.Errorf("list row without expand: %v", created)
	}
	if got := list.GetCollection()[1]; got.GetOrgId() != org.GetId() || got.UserId != nil {
		t.Errorf("org.created event = %v", got)
	}

	got := call(events.GetEvent(ctx, &arv2.GetEventRequest{Id: created.GetId()})).must(t).GetEvent()
	states := map[string]string{}
	for _, n := range got.GetNotifications() {
		if n.GetObject() != "notification" || !strings.HasPrefix(n.GetId(), "ent_") || n.GetEventId() != got.GetId() {
			t.Errorf("notification %v", n)
		}
		states[n.GetHookId()] = n.GetHookType() + " " + n.GetState()
	}
	if len(states) != 2 || states[web.GetId()] != "webhook in_progress" || states[mail.GetId()] != "email completed" {
		t.Errorf("GetEvent notifications = %v", got.GetNotifications())
	}

	for name, tc := range map[string]struct {
		req  *arv2.ListEventsRequest
		want string
	}{
		"by user":            {&arv2.ListEventsRequest{UserId: proto.String(u.GetId())}, "user.login.failed user.created"},
		"by org":             {&arv2.ListEventsRequest{OrgId: proto.String(org.GetId())}, "org.created"},
		"by type prefix":     {&arv2.ListEventsRequest{EventType: []string{"user.login"}}, "user.login.failed"},
		"by types":           {&arv2.ListEventsRequest{EventType: []string{"org.", "user.created"}}, "org.created user.created"},
		"ascending, paged":   {&arv2.ListEventsRequest{Direction: proto.String("asc"), MaxResults: proto.Int32(1)}, "user.created"},
		"after the first":    {&arv2.ListEventsRequest{After: proto.String(list.GetCollection()[0].GetId())}, "org.created user.created"},
		"window cleared":     {&arv2.ListEventsRequest{CreatedAtAfter: proto.String("")}, "user.login.failed org.created user.created"},
		"in the future":      {&arv2.ListEventsRequest{CreatedAtAfter: proto.String(fmt.Sprint(time.Now().Add(time.Hour).Unix()))}, ""},
		"since an RFC 3339":  {&arv2.ListEventsRequest{CreatedAtAfter: proto.String(start.UTC().Format(time.RFC3339)), EventType: []string{"org"}}, "org.created"},
		"with notifications": {&arv2.ListEventsRequest{Expand: []string{"notifications"}, EventType: []string{"user.created"}}, "user.created"},
	} {
		res := call(events.ListEvents(ctx, tc.req)).must(t)
		var types []string
		for _, ev := range res.GetCollection() {
			types = append(types, ev.GetEventType())
		}
		if strings.Join(types, " ") != tc.want {
			t.Errorf("%s: %v, want %s", name, types, tc.want)
		}
		if name == "with notifications" && len(res.GetCollection()[0].GetNotifications()) != 2 {
			t.Errorf("expand=notifications: %v", res.GetCollection()[0])
		}
	}
	_, err = events.GetEvent(ctx, &arv2.GetEventRequest{Id: "ev_missing"})
	wantCode(t, err, codes.NotFound)

	// The gateway refuses malformed requests before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, req := range map[string]any{
		"hostile id":       &arv2.GetEventRequest{Id: "ev_1/../x"},
		"wrong prefix":     &arv2.GetEventRequest{Id: "usr_1"},
		"bad time":         &arv2.ListEventsRequest{CreatedAtAfter: proto.String("yesterday")},
		"bad event type":   &arv2.ListEventsRequest{EventType: []string{"User Created"}},
		"bad user filter":  &arv2.ListEventsRequest{UserId: proto.String("org_1")},
		"max_results 1001": &arv2.ListEventsRequest{MaxResults: proto.Int32(1001)},
		"bad direction":    &arv2.ListEventsRequest{Direction: proto.String("newest")},
	} {
		var err error
		switch r := req.(type) {
		case *arv2.GetEventRequest:
			_, err = events.GetEvent(ctx, r)
		case *arv2.ListEventsRequest:
			_, err = events.ListEvents(ctx, r)
		}
		if st := wantCode(t, err, codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	rest := restDo(t, e, 200, "GET", "/v2/events?event_type=user.created&expand=notifications", nil)
	rows, _ := rest["collection"].([]any)
	if len(rows) != 1 || rest["more_results"] != false {
		t.Fatalf("GET /v2/events = %v", rest)
	}
	row := rows[0].(map[string]any)
	if row["object"] != "event" || row["id"] != created.GetId() || row["user_id"] != u.GetId() {
		t.Errorf("event row = %v", row)
	}
	if _, ok := row["event_at"].(float64); !ok {
		t.Errorf("event_at = %#v, want epoch seconds as a JSON number", row["event_at"])
	}
	if ns, _ := row["notifications"].([]any); len(ns) != 2 {
		t.Errorf("notifications = %v", row["notifications"])
	}
	one := restDo(t, e, 200, "GET", "/v2/events/"+created.GetId(), nil)
	if one["id"] != created.GetId() || one["event_type"] != "user.created" {
		t.Errorf("GET /v2/events/{id} = %v (want the flat event)", one)
	}
	if req, _ := one["request"].(map[string]any); req["client"] != "e2e" {
		t.Errorf("request = %v", one["request"])
	}
	page := restDo(t, e, 200, "GET", "/v2/events?max_results=2&direction=desc", nil)
	if rows, _ := page["collection"].([]any); len(rows) != 2 || page["more_results"] != true {
		t.Errorf("GET /v2/events?max_results=2 = %v", page)
	}
	// An empty created_at_after (clearing AuthRocket's 30-day default)
	// reaches AuthRocket as such, over both transports.
	call(events.ListEvents(ctx, &arv2.ListEventsRequest{CreatedAtAfter: proto.String("")})).must(t)
	if q := e.lastUpstream(t).RawQuery; q != "created_at_after=" {
		t.Errorf("gRPC created_at_after \"\" went upstream as %q", q)
	}
	if rows, _ := restDo(t, e, 200, "GET", "/v2/events?created_at_after=", nil)["collection"].([]any); len(rows) != 3 {
		t.Errorf("GET /v2/events?created_at_after= (window cleared) = %d rows, want 3", len(rows))
	}
	if q := e.lastUpstream(t).RawQuery; q != "created_at_after=" {
		t.Errorf("REST created_at_after= went upstream as %q", q)
	}
	if rows, _ := restDo(t, e, 200, "GET", fmt.Sprintf("/v2/events?created_at_after=%d", time.Now().Add(time.Hour).Unix()), nil)["collection"].([]any); len(rows) != 0 {
		t.Errorf("GET /v2/events?created_at_after=<in an hour> = %v", rows)
	}
	restDo(t, e, 404, "GET", "/v2/events/ev_missing", nil)
	restDo(t, e, 400, "GET", "/v2/events/usr_1", nil)
	restDo(t, e, 400, "GET", "/v2/events?created_at_after=yesterday", nil)
}
