package conformance_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// listAuthProviders lists the realm's auth providers, all on one page.
func listAuthProviders(t *testing.T, tg target) []*arv2.AuthProvider {
	t.Helper()
	res := must(t, func(ctx context.Context) (*arv2.ListAuthProvidersResponse, error) {
		return arv2.NewAuthProvidersServiceClient(tg.conn).ListAuthProviders(ctx, &arv2.ListAuthProvidersRequest{})
	})
	if res.GetMoreResults() {
		t.Fatal("ListAuthProviders: more than one page")
	}
	return res.GetCollection()
}

// testDefaultAuthProviders checks the two auth providers of a new realm: the
// first has min_length 8, and one is addressable as totp and not active.
func testDefaultAuthProviders(t *testing.T, tg target) {
	needOwnRealm(t, tg) // only a realm the suite made is known to be new
	list := listAuthProviders(t, tg)
	if len(list) != 2 {
		t.Fatalf("ListAuthProviders = %d providers, want 2: %v", len(list), list)
	}
	for _, p := range list {
		if p.GetObject() != "auth_provider" || !strings.HasPrefix(p.GetId(), "ap_") {
			t.Errorf("provider = %v", p)
		}
	}
	if list[0].GetMinLength() != 8 {
		t.Errorf("first provider's min_length = %d, want 8", list[0].GetMinLength())
	}
	totp := must(t, func(ctx context.Context) (*arv2.GetAuthProviderResponse, error) {
		return arv2.NewAuthProvidersServiceClient(tg.conn).GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "totp"})
	}).GetAuthProvider()
	if totp.GetProviderType() != "totp" || totp.GetState() == "active" || (totp.GetId() != list[0].GetId() && totp.GetId() != list[1].GetId()) {
		t.Errorf("GetAuthProvider(totp) = %v, want one of the two, not active", totp)
	}
}

// testPasswordPolicy raises the password provider's min_length and puts it
// back at the end: a shorter password is then refused (422).
func testPasswordPolicy(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	aps := arv2.NewAuthProvidersServiceClient(tg.conn)
	var pw *arv2.AuthProvider
	for _, p := range listAuthProviders(t, tg) {
		if p.GetProviderType() == "password" {
			pw = p
		}
	}
	if pw == nil {
		t.Fatal("the realm has no password provider")
	}
	setMinLength := func(ctx context.Context, n int32) (*arv2.UpdateAuthProviderResponse, error) {
		return aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: pw.GetId(), AuthProvider: &arv2.AuthProviderInput{MinLength: proto.Int32(n)}})
	}
	up := must(t, func(ctx context.Context) (*arv2.UpdateAuthProviderResponse, error) { return setMinLength(ctx, 12) }).GetAuthProvider()
	cleanup(t, func(ctx context.Context) error {
		_, err := setMinLength(ctx, pw.GetMinLength())
		return err
	})
	if up.GetId() != pw.GetId() || up.GetMinLength() != 12 || up.GetProviderType() != "password" {
		t.Errorf("UpdateAuthProvider = %v", up)
	}
	ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.CreateUserResponse, error) {
		return arv2.NewUsersServiceClient(tg.conn).CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{
			Email: proto.String("conformance+" + suffix() + "@example.com"), Password: proto.String("eleven char"),
		}})
	})
	if len(ae.Messages) == 0 {
		t.Errorf("422 without messages: %v", ae)
	}
	newUser(t, tg, &arv2.UserInput{Password: proto.String("twelve chars")})
}

// testSocialAuthProvider adds a GitHub provider and asks for its login URLs:
// the list of authorize URLs has the active social providers only, each
// auth_url with a state parameter; deleting it drops the count by one.
func testSocialAuthProvider(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	aps := arv2.NewAuthProvidersServiceClient(tg.conn)
	const redirect = "https://example.com/conformance/callback"
	before := len(listAuthProviders(t, tg))
	wantURL := func(t *testing.T, what string, p *arv2.AuthProvider) {
		t.Helper()
		if !strings.HasPrefix(p.GetAuthUrl(), "http") || !strings.Contains(p.GetAuthUrl(), "state=") { // the URL itself is not shown: its state is a secret
			t.Errorf("%s: auth_url of %s is not an http URL with a state", what, p.GetId())
		}
	}
	created, updated := lifecycle[*arv2.AuthProvider]{
		object: "auth_provider",
		create: func(ctx context.Context) (*arv2.AuthProvider, error) {
			r, err := aps.CreateAuthProvider(ctx, &arv2.CreateAuthProviderRequest{AuthProvider: &arv2.AuthProviderInput{
				ProviderType: proto.String("github"), ClientId: proto.String("conformance-client"), ClientSecret: proto.String("not a real secret"), State: proto.String("active"),
			}})
			return r.GetAuthProvider(), err
		},
		get: func(ctx context.Context, id string) (*arv2.AuthProvider, error) {
			r, err := aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: id})
			return r.GetAuthProvider(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.AuthProvider], error) {
			return aps.ListAuthProviders(ctx, &arv2.ListAuthProvidersRequest{After: after, MaxResults: proto.Int32(1)})
		},
		alive: func(t *testing.T, p *arv2.AuthProvider) {
			urls := must(t, func(ctx context.Context) (*arv2.ListAuthProviderAuthorizeUrlsResponse, error) {
				return aps.ListAuthProviderAuthorizeUrls(ctx, &arv2.ListAuthProviderAuthorizeUrlsRequest{RedirectUri: redirect})
			}).GetCollection()
			var found bool
			for _, u := range urls {
				if u.GetProviderType() == "password" || u.GetProviderType() == "totp" {
					t.Errorf("ListAuthProviderAuthorizeUrls lists %s, a %s provider", u.GetId(), u.GetProviderType())
				}
				if u.GetId() == p.GetId() {
					found = true
					wantURL(t, "ListAuthProviderAuthorizeUrls", u)
				}
			}
			if !found {
				t.Errorf("ListAuthProviderAuthorizeUrls does not list %s", p.GetId())
			}
			one := must(t, func(ctx context.Context) (*arv2.GetAuthProviderAuthorizeUrlResponse, error) {
				return aps.GetAuthProviderAuthorizeUrl(ctx, &arv2.GetAuthProviderAuthorizeUrlRequest{Id: p.GetId(), RedirectUri: redirect})
			}).GetAuthProvider()
			if one.GetId() != p.GetId() {
				t.Errorf("GetAuthProviderAuthorizeUrl: id %q, want %s", one.GetId(), p.GetId())
			}
			wantURL(t, "GetAuthProviderAuthorizeUrl", one)
		},
		update: func(ctx context.Context, id string) (*arv2.AuthProvider, error) {
			r, err := aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: id, AuthProvider: &arv2.AuthProviderInput{ClientId: proto.String("conformance-client-2")}})
			return r.GetAuthProvider(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := aps.DeleteAuthProvider(ctx, &arv2.DeleteAuthProviderRequest{Id: id})
			return err
		},
	}.run(t)
	if !strings.HasPrefix(created.GetId(), "ap_") || created.GetProviderType() != "github" || created.GetClientId() != "conformance-client" {
		t.Errorf("CreateAuthProvider = %v", created)
	}
	if updated.GetClientId() != "conformance-client-2" || updated.GetProviderType() != "github" {
		t.Errorf("UpdateAuthProvider = %v", updated)
	}
	if after := len(listAuthProviders(t, tg)); after != before {
		t.Errorf("%d auth providers after the delete, want %d as before", after, before)
	}
}
