package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/call"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var facadeUser = &arv2.User{Object: "user", Id: "usr_1", RealmId: "rl_1", Email: proto.String("ann@example.com"),
	CreatedAt: &timestamppb.Timestamp{Seconds: 1423941493, Nanos: 701e6}}

const facadeUserJSON = `{"object":"user","id":"usr_1","realm_id":"rl_1","state":null,"email":"ann@example.com",` +
	`"email_pending":null,"email_verification":null,"first_name":null,"last_name":null,"name":null,"username":null,` +
	`"locale":null,"reference":null,"custom":null,"created_at":1423941493.701,"last_login_at":null,"credentials":[]}`

// fakeCallPath stands in for the gateway's call path behind the facade:
// it lets every caller through, decodes the request, records it and its
// headers, and answers as the proxy does, recording AuthRocket's status
// and request ID in the call's record.
func fakeCallPath(r *recorder) func(context.Context, *Call) (proto.Message, error) {
	return func(_ context.Context, c *Call) (proto.Message, error) {
		if c.Refusal != nil {
			return nil, c.Refusal
		}
		req, err := newRequest(c)
		if err != nil {
			return nil, err
		}
		if err := c.Decode(req); err != nil {
			return nil, err
		}
		r.see(c, req, nil)
		upstream := func(code int, id string) { c.Record.Upstream(code, id, 1, time.Millisecond) }
		switch req := req.(type) {
		case *arv2.GetUserRequest:
			switch req.Id {
			case "usr_215":
				upstream(215, "ar-215")
				return &arv2.GetUserResponse{}, nil
			case "usr_404":
				upstream(404, "ar-404")
				return nil, apierror.New(codes.NotFound, "AUTHROCKET_NOT_FOUND", "Not found",
					&errdetails.ResourceInfo{ResourceType: "user", ResourceName: req.Id, Description: "Not found"}).
					WithUpstream(&authrocket.Error{HTTPStatus: 404, RequestID: "ar-404", Messages: []string{"Not found"}}).
					Status(c.Record.RequestID()).Err()
			}
			upstream(200, "ar-get")
			return &arv2.GetUserResponse{User: facadeUser}, nil
		case *arv2.CreateUserRequest:
			upstream(201, "ar-create")
			return &arv2.CreateUserResponse{User: facadeUser}, nil
		case *arv2.AuthenticateUserRequest:
			upstream(200, "ar-auth")
			if req.GetUser().GetPassword() == "needs-mfa" {
				return &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Token{Token: &arv2.Token{Object: "token", Token: "tmf:abc", UserId: proto.String(req.Id)}}}, nil
			}
			return &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Session{Session: &arv2.Session{
				Object: "session", Id: "kss_1", UserId: req.Id, Token: proto.String("eyJ.a.b"),
				CreatedAt: &timestamppb.Timestamp{Seconds: 1735689600}, ExpiresAt: &timestamppb.Timestamp{Seconds: 1735776000},
			}}}, nil
		case *arv2.ListOrgsRequest:
			upstream(200, "ar-list")
			return &arv2.ListOrgsResponse{Collection: []*arv2.Org{{Object: "org", Id: "org_1", RealmId: "rl_1", Name: proto.String("W")}}}, nil
		case *arv2.DeleteOrgRequest:
			upstream(200, "ar-delete")
			return &arv2.DeleteOrgResponse{Org: &arv2.Org{Object: "org", Id: req.Id, RealmId: "rl_1", State: proto.String("inactive")}}, nil
		}
		return nil, apierror.New(codes.Unimplemented, "UNIMPLEMENTED", "not in this test").Status(c.Record.RequestID()).Err()
	}
}

// TestRESTFacade drives requests as AuthRocket's SDKs send them through
// the facade, over a fake call path: the answer, the request message the
// call path decodes, the headers and the record it is given.
func TestRESTFacade(t *testing.T) {
	const maxBytes = 256
	var seen recorder
	h := newFacade(t, maxBytes, fakeCallPath(&seen))
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
		wantMethod    string            // the record's; "" for that of wantReq's type
		wantMD        map[string]string // headers the call path saw
	}{
		{name: "get: response_body, AuthRocket's request ID", method: "GET", target: "/v2/users/usr_1",
			header:     map[string]string{"Authorization": "Bearer tok", "Authrocket-Realm": "rl_1", "Accept-Language": "es", "X-Authrocket-Realm": "rl_old", "Authrocket-Service": "svc_1"},
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get",
			wantReq: &arv2.GetUserRequest{Id: "usr_1"}, wantMethod: "authrocket.v2.UsersService/GetUser",
			wantMD: map[string]string{"authorization": "Bearer tok", "authrocket-realm": "rl_1", "accept-language": "es", "x-authrocket-realm": "", "authrocket-service": "", "x-request-id": ""}},
		{name: "SDK API key header", method: "GET", target: "/v2/users/usr_1", header: map[string]string{"Authrocket-Api-Key": "tok"},
			wantStatus: 200, wantBody: facadeUserJSON, wantRequestID: "ar-get",
			wantReq: &arv2.GetUserRequest{Id: "usr_1"}, wantMD: map[string]string{"authrocket-api-key": "tok", "authorization": ""}},
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
			wantBody: `{"object":"session","id":"kss_1","user_id":"a/b","client_app_id":null,"token":"eyJ.a.b","created_at":1735689600.0,"expires_at":1735776000,"request":null}`,
			wantReq:  &arv2.AuthenticateUserRequest{Id: "a/b", User: &arv2.AuthenticateUserInput{Password: "pw"}}, wantMethod: "authrocket.v2.UsersService/AuthenticateUser"},
		{name: "215: no object", method: "GET", target: "/v2/users/usr_215",
			wantStatus: 215, wantBody: `{}`, wantRequestID: "ar-215", wantReq: &arv2.GetUserRequest{Id: "usr_215"}},
		{name: "upstream 404", method: "GET", target: "/v2/users/usr_404",
			wantStatus: 404, wantErrors: []string{"Not found"}, wantRequestID: "ar-404", wantReq: &arv2.GetUserRequest{Id: "usr_404"}},

		{name: "create: root element, 201", method: "POST", target: "/v2/users", header: map[string]string{"Content-Type": "application/json"},
			body:       `{"user": {"email": "ann@example.com", "password": "pw", "custom": {"plan": "pro"}, "favourite": 1}, "request": {"ip": "10.0.0.1"}}`,
			wantStatus: 201, wantBody: facadeUserJSON, wantRequestID: "ar-create",
			wantReq: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com"), Password: proto.String("pw"),
				Custom: mustStruct(t, map[string]any{"plan": "pro"})}, Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1")}},
			wantMethod: "authrocket.v2.UsersService/CreateUser"},
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
			wantBody: `{"object":"session","id":"kss_1","user_id":"usr_1","client_app_id":null,"token":"eyJ.a.b","created_at":1735689600.0,"expires_at":1735776000,"request":null}`,
			wantReq:  &arv2.AuthenticateUserRequest{Id: "usr_1", User: &arv2.AuthenticateUserInput{Password: "pw"}}},
		{name: "authenticate: the token itself", method: "POST", target: "/v2/users/usr_1/authenticate", body: `{"user": {"password": "needs-mfa"}}`,
			wantStatus: 200, wantRequestID: "ar-auth", wantBody: `{"object":"token","token":"tmf:abc","user_id":"usr_1"}`,
			wantReq: &arv2.AuthenticateUserRequest{Id: "usr_1", User: &arv2.AuthenticateUserInput{Password: "needs-mfa"}}},

		{name: "list: k[]=v", method: "GET", target: "/v2/orgs?expand[]=custom&expand[]=notifications&max_results=10",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"created_at":null}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom", "notifications"}, MaxResults: proto.Int32(10)}, wantMethod: "authrocket.v2.OrgsService/ListOrgs"},
		{name: "list: k%5B%5D=v", method: "GET", target: "/v2/orgs?expand%5B%5D=custom",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"created_at":null}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom"}}},
		{name: "list: k[0]=v", method: "GET", target: "/v2/orgs?expand[0]=custom&state=active",
			wantStatus: 200, wantRequestID: "ar-list",
			wantBody: `{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"created_at":null}],"more_results":false}`,
			wantReq:  &arv2.ListOrgsRequest{Expand: []string{"custom"}, State: proto.String("active")}},

		{name: "delete: PHP body", method: "DELETE", target: "/v2/orgs/org_1", header: map[string]string{"Content-Type": "application/json"}, body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","name":null,"state":"inactive","reference":null,"custom":null,"created_at":null}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}, wantMethod: "authrocket.v2.OrgsService/DeleteOrg"},
		{name: "delete: Ruby/node query", method: "DELETE", target: "/v2/orgs/org_1?force=true",
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","name":null,"state":"inactive","reference":null,"custom":null,"created_at":null}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}},
		{name: "delete: the query wins", method: "DELETE", target: "/v2/orgs/org_1?force=false", body: `{"force": true}`,
			wantStatus: 200, wantRequestID: "ar-delete", wantBody: `{"object":"org","id":"org_1","realm_id":"rl_1","name":null,"state":"inactive","reference":null,"custom":null,"created_at":null}`,
			wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(false)}},
		{name: "delete: body of the wrong type", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": "yes"}`,
			wantStatus: 400, wantErrors: []string{"force must be true or false"}},
		{name: "delete: form body", method: "DELETE", target: "/v2/orgs/org_1", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: `force=true`,
			wantStatus: 400, wantErrors: []string{"a DELETE body must be JSON"}},

		{name: "no route", method: "GET", target: "/v2/nothing", wantStatus: 404, wantErrors: []string{"Not Found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen.reset()
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
			if ct := rec.Header().Get("Content-Type"); ct != contentType {
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
			got := seen.get()
			if tt.wantReq == nil {
				if got.called {
					t.Errorf("the call path decoded %v", got.req)
				}
				return
			}
			if !proto.Equal(got.req, tt.wantReq) {
				t.Errorf("the call path got\n%v\nwant\n%v", got.req, tt.wantReq)
			}
			if id := got.record.RequestID(); id != "req-facade-1" {
				t.Errorf("the record's request ID = %q", id)
			}
			if tr := got.record.Transport(); tr != call.REST {
				t.Errorf("the record's transport = %v", tr)
			}
			if tt.wantMethod != "" && got.record.Method() != tt.wantMethod {
				t.Errorf("the record's method = %q, want %q", got.record.Method(), tt.wantMethod)
			}
			if md, err := methodByName(got.record.Method()); err != nil || md.Input().FullName() != tt.wantReq.ProtoReflect().Descriptor().FullName() {
				t.Errorf("the record's method %q does not take a %T (%v)", got.record.Method(), tt.wantReq, err)
			}
			for k, want := range tt.wantMD {
				if got := strings.Join(got.header.Get(k), ","); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestRefusals: a request that matches no route (404) or a route's path
// with another method (405) reaches the call path as a refusal, without a
// method, a decoder or a body read; the call path authenticates the caller
// first, and its refusal of the caller is the answer.
func TestRefusals(t *testing.T) {
	unauthenticated := func(c *Call) error {
		return apierror.New(codes.Unauthenticated, "UNAUTHENTICATED", "a caller credential is required").Status(c.Record.RequestID()).Err()
	}
	tests := []struct {
		name       string
		method     string
		target     string
		callPath   func(c *Call) error // answers the refusal; nil passes it on
		wantCode   codes.Code          // the refusal's
		wantStatus int
		wantErrors []string
		wantAnswer codes.Code
		wantReason string
	}{
		{name: "no route", method: "GET", target: "/v2/nothing",
			wantCode: codes.NotFound, wantStatus: 404, wantErrors: []string{"Not Found"}, wantAnswer: codes.NotFound, wantReason: "NOT_FOUND"},
		{name: "no route, deeper", method: "POST", target: "/v2/users/usr_1/nothing",
			wantCode: codes.NotFound, wantStatus: 404, wantErrors: []string{"Not Found"}, wantAnswer: codes.NotFound, wantReason: "NOT_FOUND"},
		{name: "outside the API", method: "GET", target: "/admin",
			wantCode: codes.NotFound, wantStatus: 404, wantErrors: []string{"Not Found"}, wantAnswer: codes.NotFound, wantReason: "NOT_FOUND"},
		{name: "wrong method", method: "PATCH", target: "/v2/users/usr_1",
			wantCode: codes.Unimplemented, wantStatus: 405, wantErrors: []string{"Method Not Allowed"}, wantAnswer: codes.Unimplemented, wantReason: "UNIMPLEMENTED"},
		{name: "wrong method on a collection", method: "DELETE", target: "/v2/users",
			wantCode: codes.Unimplemented, wantStatus: 405, wantErrors: []string{"Method Not Allowed"}, wantAnswer: codes.Unimplemented, wantReason: "UNIMPLEMENTED"},
		{name: "no route, unauthenticated: 403", method: "GET", target: "/v2/nothing", callPath: unauthenticated,
			wantCode: codes.NotFound, wantStatus: 403, wantErrors: []string{"a caller credential is required"}, wantAnswer: codes.Unauthenticated, wantReason: "UNAUTHENTICATED"},
		{name: "wrong method, unauthenticated: 403", method: "PATCH", target: "/v2/users/usr_1", callPath: unauthenticated,
			wantCode: codes.Unimplemented, wantStatus: 403, wantErrors: []string{"a caller credential is required"}, wantAnswer: codes.Unauthenticated, wantReason: "UNAUTHENTICATED"},
		{name: "no route, forbidden: 403", method: "GET", target: "/v2/nothing",
			callPath: func(*Call) error { return status.Error(codes.PermissionDenied, "no") },
			wantCode: codes.NotFound, wantStatus: 403, wantErrors: []string{"no"}, wantAnswer: codes.PermissionDenied, wantReason: "PERMISSION_DENIED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []*Call
			f := newFacade(t, 1<<10, func(_ context.Context, c *Call) (proto.Message, error) {
				calls = append(calls, c)
				if tt.callPath != nil {
					return nil, tt.callPath(c)
				}
				if c.Refusal == nil {
					t.Fatalf("a call of %s", c.Record.Method())
				}
				return nil, c.Refusal
			})
			spy := &readSpy{r: strings.NewReader(`{"user": {}}`)}
			r := httptest.NewRequest(tt.method, tt.target, spy)
			r.Header.Set(headerRequestID, "req-refused")
			r.Header.Set("Authorization", "Bearer tok")
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, r)

			if len(calls) != 1 {
				t.Fatalf("the call path was called %d times", len(calls))
			}
			c := calls[0]
			if st, ok := status.FromError(c.Refusal); c.Refusal == nil || !ok || st.Code() != tt.wantCode {
				t.Errorf("Refusal = %v, want %v", c.Refusal, tt.wantCode)
			}
			if c.Decode != nil {
				t.Error("a refusal has a decoder")
			}
			if m := c.Record.Method(); m != "" {
				t.Errorf("the record's method = %q, want none", m)
			}
			if c.Record.RequestID() != "req-refused" || c.Record.Transport() != call.REST {
				t.Errorf("record: request ID %q, transport %v", c.Record.RequestID(), c.Record.Transport())
			}
			if got := c.Header.Get("authorization"); !reflect.DeepEqual(got, []string{"Bearer tok"}) {
				t.Errorf("the call path cannot authenticate: authorization %q", got)
			}
			if spy.read {
				t.Error("the body was read")
			}
			if rec.Code != tt.wantStatus {
				t.Errorf("HTTP %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			b := decodeErrorBody(t, rec)
			if b.Code != tt.wantAnswer || !reflect.DeepEqual(b.Errors, tt.wantErrors) {
				t.Errorf("code %v, errors %q; want %v, %q", b.Code, b.Errors, tt.wantAnswer, tt.wantErrors)
			}
			if reason, _, meta := errorInfoOf(t, b); reason != tt.wantReason || meta[apierror.MetaGatewayRequestID] != "req-refused" {
				t.Errorf("ErrorInfo %s, want reason %s", b.Details[0], tt.wantReason)
			}
			if id, gw := rec.Header().Get(headerRequestID), rec.Header().Get(headerGatewayRequestID); id != "req-refused" || gw != "req-refused" {
				t.Errorf("request IDs %q, %q", id, gw)
			}
		})
	}
}

// TestPeer: the caller's address and TLS state are in the call's record,
// and its verified client certificate (mTLS) in the Call, on a route and
// on a refusal alike. A certificate the TLS stack did not verify is not
// the caller's.
func TestPeer(t *testing.T) {
	spiffe, _ := url.Parse("spiffe://example.org/ns/billing/sa/api")
	svc := &x509.Certificate{Raw: []byte("svc"), URIs: []*url.URL{spiffe}, DNSNames: []string{"billing.internal"}}
	dnsOnly := &x509.Certificate{Raw: []byte("dns"), DNSNames: []string{"web.internal"}}
	ca := &x509.Certificate{Raw: []byte("ca"), DNSNames: []string{"ca.internal"}}
	tests := []struct {
		name     string
		tls      *tls.ConnectionState
		wantPeer call.Peer
		wantCert *x509.Certificate
	}{
		{name: "plain HTTP", wantPeer: call.Peer{Addr: "203.0.113.7:50412"}},
		{name: "TLS without a client certificate", tls: &tls.ConnectionState{},
			wantPeer: call.Peer{Addr: "203.0.113.7:50412", TLS: true}},
		{name: "verified client certificate with a SPIFFE ID", tls: &tls.ConnectionState{PeerCertificates: []*x509.Certificate{svc}, VerifiedChains: [][]*x509.Certificate{{svc, ca}}},
			wantPeer: call.Peer{Addr: "203.0.113.7:50412", TLS: true, Identity: spiffe.String()}, wantCert: svc},
		{name: "verified client certificate with a DNS name", tls: &tls.ConnectionState{PeerCertificates: []*x509.Certificate{dnsOnly}, VerifiedChains: [][]*x509.Certificate{{dnsOnly, ca}}},
			wantPeer: call.Peer{Addr: "203.0.113.7:50412", TLS: true, Identity: "web.internal"}, wantCert: dnsOnly},
		{name: "unverified client certificate", tls: &tls.ConnectionState{PeerCertificates: []*x509.Certificate{svc}},
			wantPeer: call.Peer{Addr: "203.0.113.7:50412", TLS: true}},
	}
	for _, tt := range tests {
		for _, target := range []string{"/v2/users/usr_1", "/v2/nothing"} {
			t.Run(tt.name+" "+target, func(t *testing.T) {
				var got *Call
				f := newFacade(t, 1<<10, func(_ context.Context, c *Call) (proto.Message, error) {
					got = c
					return nil, status.Error(codes.Unauthenticated, "no")
				})
				r := httptest.NewRequest(http.MethodGet, target, nil)
				r.RemoteAddr = "203.0.113.7:50412"
				r.TLS = tt.tls
				f.ServeHTTP(httptest.NewRecorder(), r)
				if got == nil {
					t.Fatal("the call path was not called")
				}
				wantPeer, wantCert := call.NewPeer(r.RemoteAddr, tt.tls)
				if p := got.Record.Peer(); p != tt.wantPeer || p != wantPeer {
					t.Errorf("the record's peer = %+v, want %+v", p, tt.wantPeer)
				}
				if got.Cert != tt.wantCert || got.Cert != wantCert {
					t.Errorf("Cert = %v, want %v", got.Cert, tt.wantCert)
				}
			})
		}
	}
}
