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

// TestDomainsEveryRPC calls every DomainsService RPC over gRPC, then every
// domains route over REST. A domain's uri serves the realm's JWKS.
func TestDomainsEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	domains := arv2.NewDomainsServiceClient(e.conn)

	var header metadata.MD
	d := call(domains.CreateDomain(ctx, &arv2.CreateDomainRequest{Domain: &arv2.DomainInput{
		DomainType: proto.String("loginrocket"), Subdomain: proto.String("grpc-e2e"),
	}}, grpc.Header(&header))).must(t).GetDomain()
	if d.GetObject() != "domain" || d.GetId() == "" || d.GetRealmId() != e.realm || d.GetFqdn() != "grpc-e2e.loginrocket.localhost" ||
		d.GetState() != "active" || d.GetDnsState() != "verified" || d.GetCertState() != "issued" || d.GetCreatedAt() == nil {
		t.Fatalf("CreateDomain = %v", d)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	// The uri is a LOGINROCKET_URL: the realm's JWKS verifies its tokens.
	users := arv2.NewUsersServiceClient(e.conn)
	sessions := arv2.NewSessionsServiceClient(e.conn)
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("dom@example.com")}})).must(t).GetUser().GetId()
	tok := call(sessions.CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(uid)}})).must(t).GetSession().GetToken()
	if err := verifyWithJWKS(t, d.GetUri(), tok); err != nil {
		t.Errorf("JWKS at the domain's uri %s: %v", d.GetUri(), err)
	}

	id := d.GetId()
	if got := call(domains.GetDomain(ctx, &arv2.GetDomainRequest{Id: id})).must(t).GetDomain(); got.GetFqdn() != d.GetFqdn() {
		t.Errorf("GetDomain = %v", got)
	}
	custom := call(domains.CreateDomain(ctx, &arv2.CreateDomainRequest{Domain: &arv2.DomainInput{
		DomainType: proto.String("custom"), Domain: proto.String("login.example.com"),
	}})).must(t).GetDomain()
	if custom.GetDnsState() != "pending" || custom.GetDomain() != "login.example.com" {
		t.Errorf("custom domain = %v", custom)
	}
	if got := call(domains.VerifyDomain(ctx, &arv2.VerifyDomainRequest{Id: custom.GetId()})).must(t).GetDomain(); got.GetDnsState() != "verified" || got.GetCertState() != "issued" {
		t.Errorf("VerifyDomain = %v", got)
	}
	// Three domains: the env's (the emulator's banner made it) and these two.
	page := call(domains.ListDomains(ctx, &arv2.ListDomainsRequest{MaxResults: proto.Int32(2)})).must(t)
	if len(page.GetCollection()) != 2 || !page.GetMoreResults() || page.GetCollection()[1].GetId() != id {
		t.Errorf("ListDomains page 1 = %v", page)
	}
	if got := call(domains.ListDomains(ctx, &arv2.ListDomainsRequest{DomainType: proto.String("custom")})).must(t); len(got.GetCollection()) != 1 || got.GetCollection()[0].GetId() != custom.GetId() {
		t.Errorf("ListDomains domain_type=custom = %v", got)
	}
	up := call(domains.UpdateDomain(ctx, &arv2.UpdateDomainRequest{Id: id, Domain: &arv2.DomainInput{State: proto.String("inactive")}})).must(t).GetDomain()
	if up.GetState() != "inactive" || up.GetFqdn() != d.GetFqdn() {
		t.Errorf("UpdateDomain = %v", up)
	}
	_, err := domains.UpdateDomain(ctx, &arv2.UpdateDomainRequest{Id: id, Domain: &arv2.DomainInput{DomainType: proto.String("custom")}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "Domain type can't be changed" {
		t.Errorf("message = %q", st.Message())
	}
	if got := call(domains.DeleteDomain(ctx, &arv2.DeleteDomainRequest{Id: id})).must(t).GetDomain(); got.GetId() != id {
		t.Errorf("DeleteDomain = %v", got)
	}
	_, err = domains.GetDomain(ctx, &arv2.GetDomainRequest{Id: id})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error { _, err := domains.GetDomain(ctx, &arv2.GetDomainRequest{Id: "dom_1/../x"}); return err },
		"no prefix":  func() error { _, err := domains.VerifyDomain(ctx, &arv2.VerifyDomainRequest{Id: "1234"}); return err },
		"dot-dot id": func() error { _, err := domains.DeleteDomain(ctx, &arv2.DeleteDomainRequest{Id: ".."}); return err },
		"bad host": func() error {
			_, err := domains.CreateDomain(ctx, &arv2.CreateDomainRequest{Domain: &arv2.DomainInput{Domain: proto.String("a/b")}})
			return err
		},
		"bad state": func() error {
			_, err := domains.UpdateDomain(ctx, &arv2.UpdateDomainRequest{Id: id, Domain: &arv2.DomainInput{State: proto.String("x")}})
			return err
		},
		"no root": func() error { _, err := domains.CreateDomain(ctx, &arv2.CreateDomainRequest{}); return err },
		"bad realm": func() error {
			_, err := domains.ListDomains(ctx, &arv2.ListDomainsRequest{RealmId: proto.String("rl_../x")})
			return err
		},
		"bad subdomn": func() error {
			_, err := domains.CreateDomain(ctx, &arv2.CreateDomainRequest{Domain: &arv2.DomainInput{Subdomain: proto.String("a.b")}})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it (the Node SDK's createDomain helper).
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}})
	rid, _ := created["id"].(string)
	fqdn, _ := created["fqdn"].(string)
	if created["object"] != "domain" || rid == "" || !strings.HasSuffix(fqdn, ".loginrocket.localhost") {
		t.Fatalf("POST /v2/domains = %v", created)
	}
	if got := restDo(t, e, 200, "GET", "/v2/domains/"+rid, nil); got["fqdn"] != fqdn {
		t.Errorf("GET /v2/domains/%s = %v", rid, got)
	}
	if rows, _ := restDo(t, e, 200, "GET", "/v2/domains?domain_type=loginrocket", nil)["collection"].([]any); len(rows) != 2 {
		t.Errorf("GET /v2/domains?domain_type = %v", rows)
	}
	if got := restDo(t, e, 200, "PUT", "/v2/domains/"+rid, map[string]any{"domain": map[string]any{"subdomain": "rest-e2e"}}); got["fqdn"] != "rest-e2e.loginrocket.localhost" {
		t.Errorf("PUT /v2/domains = %v", got)
	}
	restDo(t, e, 422, "PUT", "/v2/domains/"+rid, map[string]any{"domain": map[string]any{"subdomain": "grpc-e2e-x", "domain_type": "custom"}})
	if got := restDo(t, e, 200, "POST", "/v2/domains/"+rid+"/verify", map[string]any{"domain": map[string]any{}}); got["object"] != "domain" || got["dns_state"] != "verified" {
		t.Errorf("POST /v2/domains/%s/verify = %v", rid, got)
	}
	restDo(t, e, 200, "DELETE", "/v2/domains/"+rid, nil)
	restDo(t, e, 404, "GET", "/v2/domains/"+rid, nil)
	noUpstream = e.noUpstreamSince(t)
	restDo(t, e, 400, "GET", "/v2/domains/dom_1%2F..%2Fx", nil)
	restDo(t, e, 400, "POST", "/v2/domains/..%2Fusers/verify", map[string]any{})
	noUpstream("refused REST requests")
}
