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

// TestSessionsEveryRPC calls every SessionsService RPC over gRPC, then every
// sessions route over REST.
func TestSessionsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	sessions := arv2.NewSessionsServiceClient(e.conn)
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("sess@example.com")}})).must(t).GetUser().GetId()

	var header metadata.MD
	s := call(sessions.CreateSession(ctx, &arv2.CreateSessionRequest{
		Session: &arv2.SessionInput{UserId: proto.String(uid)},
		Request: &arv2.RequestContext{Ip: proto.String("10.0.0.9"), Client: proto.String("e2e")},
	}, grpc.Header(&header))).must(t).GetSession()
	if s.GetObject() != "session" || !strings.HasPrefix(s.GetId(), "kss_") || s.GetUserId() != uid || strings.Count(s.GetToken(), ".") != 2 {
		t.Fatalf("CreateSession = %v", s)
	}
	if s.GetRequest().GetIp() != "10.0.0.9" || !s.GetExpiresAt().AsTime().After(s.GetCreatedAt().AsTime()) {
		t.Errorf("request/expiry = %v", s)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	for _, key := range []string{s.GetId(), s.GetToken()} {
		if got := call(sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: key})).must(t).GetSession(); got.GetId() != s.GetId() {
			t.Errorf("GetSession(%.12s…) = %v", key, got)
		}
	}
	list := call(sessions.ListSessions(ctx, &arv2.ListSessionsRequest{UserId: proto.String(uid)})).must(t)
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != s.GetId() || list.GetCollection()[0].Token != nil {
		t.Errorf("ListSessions = %v", list)
	}
	if got := call(sessions.DeleteSession(ctx, &arv2.DeleteSessionRequest{Id: s.GetId()})).must(t).GetSession(); got.GetId() != s.GetId() {
		t.Errorf("DeleteSession = %v", got)
	}
	_, err := sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: s.GetToken()})
	wantCode(t, err, codes.NotFound)
	for _, bad := range []string{"kss_../x", "usr_1", "a.b", strings.Repeat("a", 9000)} {
		_, err := sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: bad})
		wantCode(t, err, codes.InvalidArgument)
	}
	_, err = sessions.CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String("usr_nobody")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "User not found" {
		t.Errorf("message = %q", st.Message())
	}

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": uid}})
	id, token := created["id"].(string), created["token"].(string)
	if created["object"] != "session" || created["user_id"] != uid || token == "" {
		t.Fatalf("POST /v2/sessions = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/sessions/"+token, nil); got["id"] != id {
		t.Errorf("GET /v2/sessions/<token> = %v", got)
	}
	rows, _ := restDo(t, e, 200, "GET", "/v2/sessions?user_id="+uid, nil)["collection"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["id"] != id {
		t.Errorf("GET /v2/sessions?user_id = %v", rows)
	}
	if _, ok := rows[0].(map[string]any)["token"]; ok {
		t.Errorf("a list row carries the token: %v", rows[0])
	}
	restDo(t, e, 200, "DELETE", "/v2/sessions/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/sessions/"+id, nil)
}
