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

// TestRealmsEveryRPC calls every RealmsService RPC over gRPC, then every
// realms route over REST. Realms are not realm-scoped; reset empties the
// realm it names, and only that one.
func TestRealmsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	realms := arv2.NewRealmsServiceClient(e.conn)
	users := arv2.NewUsersServiceClient(e.conn)

	var header metadata.MD
	rl := call(realms.CreateRealm(ctx, &arv2.CreateRealmRequest{Realm: &arv2.RealmInput{
		Name: proto.String("gRPC realm"), JwtAlgo: proto.String("hs256"), JwtScopes: proto.String("ar.orgs"), JwtMinutes: proto.Int32(15),
	}}, grpc.Header(&header))).must(t).GetRealm()
	if rl.GetObject() != "realm" || !strings.HasPrefix(rl.GetId(), "rl_") || rl.GetName() != "gRPC realm" || rl.GetState() != "active" {
		t.Fatalf("CreateRealm = %v", rl)
	}
	if rl.GetJwtAlgo() != "hs256" || rl.GetJwtScopes() != "ar.orgs" || rl.GetJwtMinutes() != 15 ||
		rl.GetSessionMinutes() <= 0 || rl.GetOrgMode() == "" || rl.GetCreatedAt().AsTime().IsZero() {
		t.Errorf("CreateRealm attributes = %v", rl)
	}
	// AuthRocket answers an hs256 realm's jsk_ secret as jwt_key; the
	// gateway holds it and hands it on only by a jwt_secrets grant.
	if raw, _ := proto.Marshal(rl); strings.Contains(string(raw), "jsk_") || rl.JwtKeyMaterial != nil {
		t.Errorf("CreateRealm hands on the realm's JWT secret: %v", rl)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	id := rl.GetId()

	if got := call(realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: id})).must(t).GetRealm(); got.GetId() != id || got.GetJwtAlgo() != "hs256" {
		t.Errorf("GetRealm = %v", got)
	}
	call(realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: id, State: proto.String("active")})).must(t)
	_, err := realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: "rl_invalid"})
	wantCode(t, err, codes.NotFound)

	// Paging over the two realms (the env's and the new one), in id order.
	page1 := call(realms.ListRealms(ctx, &arv2.ListRealmsRequest{MaxResults: proto.Int32(1)})).must(t)
	if len(page1.GetCollection()) != 1 || !page1.GetMoreResults() || page1.GetCollection()[0].GetId() != e.realm || page1.GetCollection()[0].GetObject() != "realm" {
		t.Fatalf("ListRealms page 1 = %v", page1)
	}
	page2 := call(realms.ListRealms(ctx, &arv2.ListRealmsRequest{MaxResults: proto.Int32(1), After: proto.String(e.realm)})).must(t)
	if len(page2.GetCollection()) != 1 || page2.GetMoreResults() || page2.GetCollection()[0].GetId() != id {
		t.Fatalf("ListRealms page 2 = %v", page2)
	}
	if got := call(realms.ListRealms(ctx, &arv2.ListRealmsRequest{Sort: proto.String("name")})).must(t); len(got.GetCollection()) != 2 || got.GetCollection()[1].GetId() != id {
		t.Errorf("ListRealms sort=name = %v", got) // "E2E realm" < "gRPC realm"
	}

	up := call(realms.UpdateRealm(ctx, &arv2.UpdateRealmRequest{Id: id, Realm: &arv2.RealmInput{Name: proto.String("Renamed"), JwtAlgo: proto.String("rs256")}})).must(t).GetRealm()
	if up.GetName() != "Renamed" || up.GetJwtAlgo() != "rs256" || up.GetJwtMinutes() != 15 || up.GetJwtScopes() != "ar.orgs" {
		t.Errorf("UpdateRealm kept only the set fields? %v", up)
	}
	_, err = realms.UpdateRealm(ctx, &arv2.UpdateRealmRequest{Id: id, Realm: &arv2.RealmInput{Name: proto.String(" ")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Name can't be blank" {
		t.Errorf("blank name message = %q", st.Message())
	}

	// Reset wipes the users of the realm it names (by realm_id or by the
	// authrocket-realm metadata), not those of other realms.
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{RealmId: proto.String(id), User: &arv2.UserInput{Email: proto.String("reset@example.com")}})).must(t).GetUser().GetId()
	inRealm := metadata.AppendToOutgoingContext(ctx, "authrocket-realm", id)
	uid2 := call(users.CreateUser(inRealm, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("reset2@example.com")}})).must(t).GetUser()
	if uid2.GetRealmId() != id {
		t.Fatalf("user created with authrocket-realm %s is in %s", id, uid2.GetRealmId())
	}
	keep := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("keep@example.com")}})).must(t).GetUser()
	header = nil
	reset := call(realms.ResetRealm(ctx, &arv2.ResetRealmRequest{Id: id}, grpc.Header(&header))).must(t).GetRealm()
	if reset.GetId() != id || reset.GetName() != "Renamed" || reset.GetJwtAlgo() != "rs256" {
		t.Errorf("ResetRealm = %v", reset)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "200" {
		t.Errorf("ResetRealm authrocket-http-status = %v", got)
	}
	_, err = users.GetUser(ctx, &arv2.GetUserRequest{RealmId: proto.String(id), Id: uid})
	wantCode(t, err, codes.NotFound)
	_, err = users.GetUser(inRealm, &arv2.GetUserRequest{Id: uid2.GetId()})
	wantCode(t, err, codes.NotFound)
	call(users.GetUser(ctx, &arv2.GetUserRequest{Id: keep.GetId()})).must(t)

	// Delete is soft: the realm is still found unless state=active is asked.
	del := call(realms.DeleteRealm(ctx, &arv2.DeleteRealmRequest{Id: id})).must(t).GetRealm()
	if del.GetId() != id || del.GetState() == "active" {
		t.Errorf("DeleteRealm = %v", del)
	}
	if got := call(realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: id})).must(t).GetRealm(); got.GetState() == "active" {
		t.Errorf("GetRealm after delete = %v", got)
	}
	_, err = realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: id, State: proto.String("active")})
	wantCode(t, err, codes.NotFound)
	if got := call(realms.ListRealms(ctx, &arv2.ListRealmsRequest{State: proto.String("active")})).must(t); len(got.GetCollection()) != 1 || got.GetCollection()[0].GetId() != e.realm {
		t.Errorf("ListRealms state=active = %v", got)
	}

	// The gateway refuses malformed requests before AuthRocket.
	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"bad id":          func() error { _, err := realms.GetRealm(ctx, &arv2.GetRealmRequest{Id: "usr_1"}); return err },
		"hostile id":      func() error { _, err := realms.ResetRealm(ctx, &arv2.ResetRealmRequest{Id: "rl_1/../x"}); return err },
		"no root element": func() error { _, err := realms.CreateRealm(ctx, &arv2.CreateRealmRequest{}); return err },
		"max_results 0": func() error {
			_, err := realms.ListRealms(ctx, &arv2.ListRealmsRequest{MaxResults: proto.Int32(0)})
			return err
		},
		"max_results 1001": func() error {
			_, err := realms.ListRealms(ctx, &arv2.ListRealmsRequest{MaxResults: proto.Int32(1001)})
			return err
		},
		"bad after": func() error {
			_, err := realms.ListRealms(ctx, &arv2.ListRealmsRequest{After: proto.String("org_1")})
			return err
		},
		"bad jwt_algo": func() error {
			_, err := realms.UpdateRealm(ctx, &arv2.UpdateRealmRequest{Id: id, Realm: &arv2.RealmInput{JwtAlgo: proto.String("es256")}})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it: root-wrapped create and update, unwrapped reset.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "REST realm"}})
	rid, _ := created["id"].(string)
	if created["object"] != "realm" || !strings.HasPrefix(rid, "rl_") || created["state"] != "active" || created["jwt_algo"] != "rs256" {
		t.Fatalf("POST /v2/realms = %v", created)
	}
	// An rs256 realm's jwt_key is its public key: passed through.
	if k, _ := created["jwt_key"].(string); !strings.HasPrefix(k, "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("jwt_key of an rs256 realm = %.40q, want its public key", k)
	}
	if _, ok := created["created_at"].(float64); !ok {
		t.Errorf("created_at = %#v, want epoch seconds as a JSON number", created["created_at"])
	}
	if _, ok := created["jwt_minutes"].(float64); !ok {
		t.Errorf("jwt_minutes = %#v, want a JSON number", created["jwt_minutes"])
	}
	if got := restDo(t, e, 200, "GET", "/v2/realms/"+rid, nil, "Authrocket-Realm", ""); got["id"] != rid || got["name"] != "REST realm" {
		t.Errorf("GET /v2/realms/%s = %v", rid, got)
	}
	restDo(t, e, 404, "GET", "/v2/realms/rl_invalid", nil)
	list := restDo(t, e, 200, "GET", "/v2/realms?max_results=1&after="+id, nil)
	if rows, _ := list["collection"].([]any); len(rows) != 1 || rows[0].(map[string]any)["id"] != rid || list["more_results"] != false {
		t.Errorf("GET /v2/realms?after = %v", list)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/realms/"+rid, map[string]any{"realm": map[string]any{"jwt_scopes": "ar.orgs", "org_mode": "multi_user"}}); got["jwt_scopes"] != "ar.orgs" || got["org_mode"] != "multi_user" || got["name"] != "REST realm" {
		t.Errorf("PUT /v2/realms = %v", got)
	}
	restDo(t, e, 422, "PUT", "/v2/realms/"+rid, map[string]any{"realm": map[string]any{"name": ""}})

	u := restDo(t, e, 201, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "rest-reset@example.com"}}, "Authrocket-Realm", rid)
	if u["realm_id"] != rid {
		t.Fatalf("user created in %s = %v", rid, u)
	}
	org := restDo(t, e, 201, "POST", "/v2/orgs?realm_id="+rid, map[string]any{"org": map[string]any{"name": "Gone soon"}})
	// node and ruby send {}, php may send no body at all.
	if got := restDo(t, e, 200, "POST", "/v2/realms/"+rid+"/reset", map[string]any{}); got["object"] != "realm" || got["id"] != rid {
		t.Errorf("POST /v2/realms/%s/reset = %v (want the flat realm)", rid, got)
	}
	restDo(t, e, 404, "GET", "/v2/users/"+u["id"].(string), nil, "Authrocket-Realm", rid)
	restDo(t, e, 404, "GET", "/v2/orgs/"+org["id"].(string), nil, "Authrocket-Realm", rid)
	restDo(t, e, 200, "POST", "/v2/realms/"+rid+"/reset", nil)

	if got := restDo(t, e, 200, "DELETE", "/v2/realms/"+rid, nil); got["id"] != rid {
		t.Errorf("DELETE /v2/realms = %v", got)
	}
	restDo(t, e, 404, "GET", "/v2/realms/"+rid+"?state=active", nil)
	if got := restDo(t, e, 200, "GET", "/v2/realms/"+rid, nil); got["state"] == "active" {
		t.Errorf("deleted realm = %v", got)
	}
	hs := restDo(t, e, http.StatusCreated, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "REST hs256", "jwt_algo": "hs256"}})
	if hs["jwt_key"] != nil || hs["jwt_algo"] != "hs256" {
		t.Errorf("hs256 realm = %v (jwt_key must not be handed on)", hs)
	}
	restDo(t, e, 400, "GET", "/v2/realms/usr_1", nil)
}
