package conformance_test

import (
	"context"
	"net/http"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func testSessions(t *testing.T, tg target) {
	sessions := arv2.NewSessionsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	s := must(t, func(ctx context.Context) (*arv2.CreateSessionResponse, error) {
		return sessions.CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(u.GetId())}})
	}).GetSession()
	wantSession(t, "CreateSession", s, u.GetId())
	if !s.GetExpiresAt().AsTime().After(s.GetCreatedAt().AsTime()) {
		t.Fatalf("CreateSession: expires_at %v is not after created_at %v", s.GetExpiresAt().AsTime(), s.GetCreatedAt().AsTime())
	}
	// A session is found by its id and by its token.
	for _, key := range []string{s.GetId(), s.GetToken()} {
		if got := must(t, func(ctx context.Context) (*arv2.GetSessionResponse, error) {
			return sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: key})
		}).GetSession(); got.GetId() != s.GetId() {
			t.Errorf("GetSession: id %q, want %s", got.GetId(), s.GetId()) // the session itself would show its token
		}
	}
	// List rows leave the token out.
	list := must(t, func(ctx context.Context) (*arv2.ListSessionsResponse, error) {
		return sessions.ListSessions(ctx, &arv2.ListSessionsRequest{UserId: proto.String(u.GetId())})
	})
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != s.GetId() || list.GetCollection()[0].Token != nil {
		t.Errorf("ListSessions = %v", list)
	}
	must(t, func(ctx context.Context) (*arv2.DeleteSessionResponse, error) {
		return sessions.DeleteSession(ctx, &arv2.DeleteSessionRequest{Id: s.GetId()})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetSessionResponse, error) {
		return sessions.GetSession(ctx, &arv2.GetSessionRequest{Id: s.GetToken()})
	})
}

// testOAuth2Session runs an OAuth2 login of a user to an oauth2 client app on
// AuthRocket's own endpoints: POST sessions/oauth2 issues the code, GET
// sessions/oauth2/:id shows the session, POST sessions/oauth2/code exchanges
// the code with the app's secret. Only the attribute names are known (from the
// Ruby SDK), so the case asserts no more than that the flow hands over a code
// and then an access token.
func testOAuth2Session(t *testing.T, tg target) {
	sessions := arv2.NewSessionsServiceClient(tg.conn)
	app := newClientApp(t, tg, &arv2.ClientAppInput{ClientType: proto.String("oauth2")})
	if app.GetSecret() == "" {
		t.Fatalf("CreateClientApp(oauth2): id %q without a secret", app.GetId())
	}
	u := newUser(t, tg, &arv2.UserInput{})
	s := must(t, func(ctx context.Context) (*arv2.CreateOauth2SessionResponse, error) {
		return sessions.CreateOauth2Session(ctx, &arv2.CreateOauth2SessionRequest{Session: &arv2.Oauth2SessionInput{
			ClientAppId: proto.String(app.GetId()), UserId: proto.String(u.GetId()),
		}})
	}).GetSession()
	if s.GetId() == "" || s.GetCode() == "" {
		t.Fatalf("CreateOauth2Session: id %q, code set %v", s.GetId(), s.GetCode() != "")
	}
	cleanup(t, func(ctx context.Context) error {
		_, err := sessions.DeleteSession(ctx, &arv2.DeleteSessionRequest{Id: s.GetId()})
		return err
	})
	if got := must(t, func(ctx context.Context) (*arv2.GetOauth2SessionResponse, error) {
		return sessions.GetOauth2Session(ctx, &arv2.GetOauth2SessionRequest{Id: s.GetId()})
	}).GetSession(); got.GetId() != s.GetId() {
		t.Errorf("GetOauth2Session: id %q, want %s", got.GetId(), s.GetId())
	}
	x := must(t, func(ctx context.Context) (*arv2.ExchangeOauth2CodeResponse, error) {
		return sessions.ExchangeOauth2Code(ctx, &arv2.ExchangeOauth2CodeRequest{Session: &arv2.Oauth2CodeInput{
			ClientAppId: proto.String(app.GetId()), ClientAppSecret: proto.String(app.GetSecret()), Code: proto.String(s.GetCode()),
		}})
	}).GetSession()
	if x.GetAccessToken() == "" || x.GetExpiresIn() <= 0 {
		t.Errorf("ExchangeOauth2Code: access_token set %v, expires_in %d", x.GetAccessToken() != "", x.GetExpiresIn())
	}
}
