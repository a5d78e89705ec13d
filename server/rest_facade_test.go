package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// fakeAPI stands in for the gateway's gRPC server behind the REST facade:
// it records each request and its metadata and answers as the proxy does,
// with AuthRocket's status and request ID in the response headers.
type fakeAPI struct {
	arv2.UnimplementedUsersServiceServer
	arv2.UnimplementedOrgsServiceServer

	mu  sync.Mutex
	req proto.Message
	md  metadata.MD
}

func (f *fakeAPI) record(ctx context.Context, req proto.Message, arStatus, arRequestID string) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.req, f.md = proto.Clone(req), md
	f.mu.Unlock()
	_ = grpc.SetHeader(ctx, metadata.Pairs(mdAuthRocketStatus, arStatus, mdAuthRocketRequestID, arRequestID))
}

func (f *fakeAPI) last() (proto.Message, metadata.MD) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.req, f.md
}

var facadeUser = &arv2.User{Object: "user", Id: "usr_1", RealmId: "rl_1", Email: proto.String("ann@example.com"),
	CreatedAt: &timestamppb.Timestamp{Seconds: 1423941493, Nanos: 701e6}}

const facadeUserJSON = `{"object":"user","id":"usr_1","realm_id":"rl_1","email":"ann@example.com","created_at":1423941493.701,"credentials":[],"memberships":[]}`

func (f *fakeAPI) GetUser(ctx context.Context, req *arv2.GetUserRequest) (*arv2.GetUserResponse, error) {
	switch req.Id {
	case "usr_215":
		f.record(ctx, req, "215", "ar-215")
		return &arv2.GetUserResponse{}, nil
	case "usr_404":
		f.record(ctx, req, "404", "ar-404")
		return nil, upstreamStatus(&authrocket.Error{HTTPStatus: 404, RequestID: "ar-404", Messages: []string{"Not found"}},
			callFacts{requestID: first(metadata.ValueFromIncomingContext(ctx, mdRequestID)), resourceType: "user", resourceName: req.Id}).Err()
	}
	f.record(ctx, req, "200", "ar-get")
	return &arv2.GetUserResponse{User: facadeUser}, nil
}

func (f *fakeAPI) CreateUser(ctx context.Context, req *arv2.CreateUserRequest) (*arv2.CreateUserResponse, error) {
	f.record(ctx, req, "201", "ar-create")
	return &arv2.CreateUserResponse{User: facadeUser}, nil
}

func (f *fakeAPI) AuthenticateUser(ctx context.Context, req *arv2.AuthenticateUserRequest) (*arv2.AuthenticateUserResponse, error) {
	f.record(ctx, req, "200", "ar-auth")
	if req.GetUser().GetPassword() == "needs-mfa" {
		return &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Token{Token: &arv2.Token{Object: "token", Token: "tmf:abc", UserId: proto.String(req.Id)}}}, nil
	}
	return &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: &arv2.Session{
		Object: "session", Id: "kss_1", UserId: req.Id, Token: proto.String("eyJ.a.b"),
		CreatedAt: &timestamppb.Timestamp{Seconds: 1735689600}, ExpiresAt: &timestamppb.Timestamp{Seconds: 1735776000},
	}}}, nil
}

func (f *fakeAPI) ListOrgs(ctx context.Context, req *arv2.ListOrgsRequest) (*arv2.ListOrgsResponse, error) {
	f.record(ctx, req, "200", "ar-list")
	return &arv2.ListOrgsResponse{Collection: []*arv2.Org{{Object: "org", Id: "org_1", RealmId: "rl_1", Name: proto.String("W")}}}, nil
}

func (f *fakeAPI) DeleteOrg(ctx context.Context, req *arv2.DeleteOrgRequest) (*arv2.DeleteOrgResponse, error) {
	f.record(ctx, req, "200", "ar-delete")
	return &arv2.DeleteOrgResponse{Org: &arv2.Org{Object: "org", Id: req.Id, RealmId: "rl_1", State: proto.String("inactive")}}, nil
}

// newFacade serves newREST over a gRPC server holding api.
func newFacade(t *testing.T, api *fakeAPI, maxBytes int64) http.Handler {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	gs := grpc.NewServer()
	arv2.RegisterUsersServiceServer(gs, api)
	arv2.RegisterOrgsServiceServer(gs, api)
	go func() { _ = gs.Serve(lis) }()
	t.Cleanup(gs.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	h, err := newREST(context.Background(), conn, maxBytes, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestRESTFacade drives the codec through grpc-gateway: newREST over a
// fake gRPC server.
func TestRESTFacade(t *testing.T) {
	const maxBytes = 256
	api := &fakeAPI{}
	h := newFacade(t, api, maxBytes)
	tests := []struct {
		name          string
		method        string
		target        string
		header        map[string]string
		body          string
		unknownLength bool

		wantStatus    int
		wantBody      string   // exact, for a success
		wantErrors    []string // for an error
		wantRequestID string   // X-Request-Id; "" for the gateway's
		wantReq       proto.Message
		wantMD        map[string]string // incoming metadata the gRPC server saw
	}{
		{name: "get: response_body, AuthRocket's request ID", method: "GET", target: "/v2/users/usr_1",
			header:     map[string]string{"Authorization": "Bearer tok", "Authrocket-Realm": "rl_1", "Accept-Language": "es", "X-Authrocket-Realm": "rl_old", "Authrocket-Service": "svc_1"},
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get",
			wantReq: &arv2.GetUserRequest{Id: "usr_1"},
			wantMD:  map[string]string{"authorization": "Bearer tok", mdRealm: "rl_1", mdLocale: "es", "x-authrocket-realm": "", "authrocket-service": ""}},
		{name: "SDK API key header", method: "GET", target: "/v2/users/usr_1", header: map[string]string{"Authrocket-Api-Key": "tok"},
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get",
			wantReq: &arv2.GetUserRequest{Id: "usr_1"}, wantMD: map[string]string{mdAPIKey: "tok", "authorization": ""}},
		{name: "realm_id in the query", method: "GET", target: "/v2/users/usr_1?realm_id=rl_2",
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get",
			wantReq: &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_2")}},
		{name: "email as the ID, raw @", method: "GET", target: "/v2/users/ann@example.com",
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get", wantReq: &arv2.GetUserRequest{Id: "ann@example.com"}},
		{name: "email as the ID, escaped @, + kept", method: "GET", target: "/v2/users/a+b%40example.com",
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get", wantReq: &arv2.GetUserRequest{Id: "a+b@example.com"}},
		// One path segment: GetUser with the ID "a/b", which validation refuses.
		{name: "an escaped slash stays in its segment", method: "GET", target: "/v2/users/a%2Fb",
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get", wantReq: &arv2.GetUserRequest{Id: "a/b"}},
		{name: "an escaped slash before an action", method: "POST", target: "/v2/users/a%2Fb/authenticate", body: `{"user": {"password": "pw"}}`,
			wantStatus: 200, wantRequestID: "ar-auth",
			wantBody: `{"object":"session","id":"kss_1","user_id":"a/b","token":"eyJ.a.b","created_at":1735689600,"expires_at":1735776000}`,
			wantReq:  &arv2.AuthenticateUserRequest{Id: "a/b", User: &arv2.AuthenticateUserInput{Password: "pw"}}},
		{name: "215: no object", method: "GET", target: "/v2/users/usr_215",
			wantStatus: 200, wantBody: `{}`, wantRequestID: "ar-215", wantReq: &arv2.GetUserRequest{Id: "usr_215"}},
		{name: "upstream 404", method: "GET", target: "/v2/users/usr_404",
			wantStatus: 404, wantErrors: []string{"Not found"}, wantRequestID: "ar-404", wantReq: &arv2.GetUserRequest{Id: "usr_404"}},

		{name: "create: root element, 201", method: "POST", target: "/v2/users", header: map[string]string{"Content-Type": "application/json"},
			body:       `{"user": {"email": "ann@example.com", "password": "pw", "custom": {"plan": "pro"}, "favourite": 1}, "request": {"ip": "10.0.0.1"}}`,
			wantStatus: 201, wantBody: facadeUserJSON, wantRequestID: "ar-create",
			wantReq: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com"), Password: proto.String("pw"),
				Custom: mustStruct(t, map[string]any{"plan": "pro"})}, Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1")}}},
		{name: "create: empty body", method: "POST", target: "/v2/users",
			wantStatus: 201, wantBody: facadeUserJSON, wantRequestID: "ar-create", wantReq: &arv2.CreateUserRequest{}},
		{name: "create: body of unknown length", method: "POST", target: "/v2/users", body: `{"user": {"username": "ann"}}`, unknownLength: true,
			wantStatus: 201, wantBody: facadeUserJSON, wantRequestID: "ar-create", wantReq: &arv2.CreateUserRequest{User: &arv2.UserInput{Username: proto.String("ann")}}},
		{name: "create: malformed JSON", method: "POST", target: "/v2/users", body: `{"user": {`,
			wantStatus: 400, wantErrors: []string{"arjson: invalid JSON: unexpected end of input"}},
		{name: "create: wrong type", method: "POST", target: "/v2/users", body: `{"user": {"email": ["a@b.c"]}}`,
			wantStatus: 400, wantErrors: []string{"arjson: user.email: expected string, got array"}},
		{name: "create: invalid UTF-8", method: "POST", target: "/v2/users", body: "{\"user\": {\"email\": \"\xff\"}}",
			wantStatus: 400, wantErrors: []string{"arjson: invalid UTF-8 in input"}},
		{name: "create: over the limit", method: "POST", target: "/v2/users", body: `{"user": {"email": "` + strings.Repeat("a", maxBytes) + `"}}`,
			wantStatus: 413, wantErrors: []string{"request body larger than 256 bytes"}},

		{name: "authenticate: the session itself", method: "POST", target: "/v2/users/usr_1/authenticate", body: `{"user": {"password": "pw"}}`,
			wantStatus: 200, wantRequestID: "ar-auth",
			wantBody: `{"object":"session","id":"kss_1","user_id":"usr_1","token":"eyJ.a.b","created_at":1735689600,"expires_at":1735776000}`,
			wantReq:  &arv2.AuthenticateUserRequest{Id: "usr_1", User: &arv2.AuthenticateUserInput{Password: "pw"}}},
		{name: "authenticate: the token itself", method: "POST", target: "/v2/users/usr_1/authenticate", body: `{"user": {"password": "needs-mfa"}}`,
			wantStatus: 200, wantRequestID: "ar-auth", wantBody: `{"object":"token","token":"tmf:abc","user_id":"usr_1"}`,
			wantReq: &arv2.AuthenticateUserRequest{Id: "usr_1", User: &arv2.AuthenticateUserInput{Password: "needs-mfa"}}},

		{name: "list: k[]=v", method: "GET", target: "/v2/orgs?expand[]=custom&expand[]=notifications&max_results=10",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W"}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom", "notifications"}, MaxResults: proto.Int32(10)}},
		{name: "list: k%5B%5D=v", method: "GET", target: "/v2/orgs?expand%5B%5D=custom",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W"}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom"}}},
		{name: "list: k[0]=v", method: "GET", target: "/v2/orgs?expand[0]=custom&state=active",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W"}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom"}, State: proto.String("active")}},

		{name: "delete: PHP body", method: "DELETE", target: "/v2/orgs/org_1", header: map[string]string{"Content-Type": "application/json"}, body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","state":"inactive"}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}},
		{name: "delete: Ruby/node query", method: "DELETE", target: "/v2/orgs/org_1?force=true",
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","state":"inactive"}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}},
		{name: "delete: the query wins", method: "DELETE", target: "/v2/orgs/org_1?force=false", body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","state":"inactive"}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(false)}},
		{name: "delete: body of the wrong type", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": "yes"}`,
			wantStatus: 400, wantErrors: []string{`parsing field "force": strconv.ParseBool: parsing "yes": invalid syntax`}},
		{name: "delete: form body", method: "DELETE", target: "/v2/orgs/org_1", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: `force=true`,
			wantStatus: 400, wantErrors: []string{"a DELETE body must be JSON"}},

		{name: "no route", method: "GET", target: "/v2/nothing", wantStatus: 404, wantErrors: []string{"Not Found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api.mu.Lock()
			api.req, api.md = nil, nil
			api.mu.Unlock()
			var body io.Reader = strings.NewReader(tt.body)
			if tt.unknownLength {
				body = io.MultiReader(body)
			}
			r := httptest.NewRequest(tt.method, tt.target, body)
			r.Header.Set(headerRequestID, "req-facade-1")
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)

			if rec.Code != tt.wantStatus {
				t.Fatalf("HTTP %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			for k := range rec.Header() {
				if strings.HasPrefix(k, "Grpc-") {
					t.Errorf("gRPC header leaked: %s: %s", k, rec.Header().Get(k))
				}
			}
			wantID := tt.wantRequestID
			if wantID == "" {
				wantID = "req-facade-1"
			}
			if got := rec.Header().Get(headerRequestID); got != wantID {
				t.Errorf("%s = %q, want %q", headerRequestID, got, wantID)
			}
			if got := rec.Header().Get(headerGatewayRequestID); got != "req-facade-1" {
				t.Errorf("%s = %q, want the gateway's", headerGatewayRequestID, got)
			}
			if tt.wantErrors != nil {
				b := decodeErrorBody(t, rec)
				if !reflect.DeepEqual(b.Errors, tt.wantErrors) {
					t.Errorf("errors = %q, want %q", b.Errors, tt.wantErrors)
				}
			} else if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.wantBody)
			}
			req, md := api.last()
			if tt.wantReq == nil {
				if req != nil {
					t.Errorf("the gRPC server was called with %v", req)
				}
				return
			}
			if !proto.Equal(req, tt.wantReq) {
				t.Errorf("the gRPC server got\n%v\nwant\n%v", req, tt.wantReq)
			}
			if got := first(md.Get(mdRequestID)); got != "req-facade-1" {
				t.Errorf("x-request-id metadata = %q", got)
			}
			for k, want := range tt.wantMD {
				if got := strings.Join(md.Get(k), ","); got != want {
					t.Errorf("metadata %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
