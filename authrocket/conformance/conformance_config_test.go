package conformance_test

// Cases of the Configuration API: auth providers, client apps, domains, JWT
// keys, hooks, events, named permissions, resource links, mailing lists and
// SMTP providers. AuthRocket documents few of their attributes and none of
// their id prefixes, so the cases check object values, what the client
// libraries send and read back, and the documented embedding.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// createClientApp makes a client app; name and redirect_uris default to the
// node client's helper's.
func createClientApp(ctx context.Context, tg target, in *arv2.ClientAppInput) (*arv2.ClientApp, error) {
	if in.Name == nil {
		in.Name = proto.String("Conformance " + suffix())
	}
	if in.RedirectUris == nil {
		in.RedirectUris = []string{"http://localhost:3000/"}
	}
	r, err := arv2.NewClientAppsServiceClient(tg.conn).CreateClientApp(ctx, &arv2.CreateClientAppRequest{ClientApp: in})
	return r.GetClientApp(), err
}

// newClientApp makes a client app and deletes it when the test ends.
func newClientApp(t *testing.T, tg target, in *arv2.ClientAppInput) *arv2.ClientApp {
	t.Helper()
	app := must(t, func(ctx context.Context) (*arv2.ClientApp, error) { return createClientApp(ctx, tg, in) })
	cleanup(t, func(ctx context.Context) error {
		_, err := arv2.NewClientAppsServiceClient(tg.conn).DeleteClientApp(ctx, &arv2.DeleteClientAppRequest{Id: app.GetId()})
		return err
	})
	return app
}

func testClientApps(t *testing.T, tg target) {
	apps := arv2.NewClientAppsServiceClient(tg.conn)
	renamed := "Conformance renamed " + suffix()
	created, updated := lifecycle[*arv2.ClientApp]{
		object: "client_app",
		create: func(ctx context.Context) (*arv2.ClientApp, error) {
			return createClientApp(ctx, tg, &arv2.ClientAppInput{ClientType: proto.String("standard")})
		},
		get: func(ctx context.Context, id string) (*arv2.ClientApp, error) {
			r, err := apps.GetClientApp(ctx, &arv2.GetClientAppRequest{Id: id})
			return r.GetClientApp(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.ClientApp], error) {
			return apps.ListClientApps(ctx, &arv2.ListClientAppsRequest{After: after, MaxResults: proto.Int32(1)})
		},
		update: func(ctx context.Context, id string) (*arv2.ClientApp, error) {
			r, err := apps.UpdateClientApp(ctx, &arv2.UpdateClientAppRequest{Id: id, ClientApp: &arv2.ClientAppInput{
				Name: proto.String(renamed), RedirectUris: []string{"http://localhost:3000/", "http://localhost:4000/"},
			}})
			return r.GetClientApp(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := apps.DeleteClientApp(ctx, &arv2.DeleteClientAppRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetClientType() != "standard" || created.GetRealmId() != tg.realm || !slices.Equal(created.GetRedirectUris(), []string{"http://localhost:3000/"}) {
		t.Errorf("CreateClientApp: type %q, realm %q, redirect_uris %q", created.GetClientType(), created.GetRealmId(), created.GetRedirectUris())
	}
	if updated.GetName() != renamed || len(updated.GetRedirectUris()) != 2 || updated.GetClientType() != "standard" {
		t.Errorf("UpdateClientApp: name %q, redirect_uris %q, type %q", updated.GetName(), updated.GetRedirectUris(), updated.GetClientType())
	}
}

// testDomains takes a LoginRocket domain through its endpoints and verify. Its
// fqdn, the realm's LoginRocket host, starts with the subdomain.
func testDomains(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	domains := arv2.NewDomainsServiceClient(tg.conn)
	sub := "conformance-" + suffix()
	created, updated := lifecycle[*arv2.Domain]{
		object: "domain",
		create: func(ctx context.Context) (*arv2.Domain, error) {
			r, err := domains.CreateDomain(ctx, &arv2.CreateDomainRequest{Domain: &arv2.DomainInput{DomainType: proto.String("loginrocket"), Subdomain: proto.String(sub)}})
			return r.GetDomain(), err
		},
		get: func(ctx context.Context, id string) (*arv2.Domain, error) {
			r, err := domains.GetDomain(ctx, &arv2.GetDomainRequest{Id: id})
			return r.GetDomain(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.Domain], error) {
			return domains.ListDomains(ctx, &arv2.ListDomainsRequest{After: after, MaxResults: proto.Int32(1)})
		},
		alive: func(t *testing.T, d *arv2.Domain) {
			if got := must(t, func(ctx context.Context) (*arv2.VerifyDomainResponse, error) {
				return domains.VerifyDomain(ctx, &arv2.VerifyDomainRequest{Id: d.GetId()})
			}).GetDomain(); got.GetObject() != "domain" || got.GetId() != d.GetId() {
				t.Errorf("VerifyDomain = %v", got)
			}
		},
		update: func(ctx context.Context, id string) (*arv2.Domain, error) {
			r, err := domains.UpdateDomain(ctx, &arv2.UpdateDomainRequest{Id: id, Domain: &arv2.DomainInput{Subdomain: proto.String(sub + "-2")}})
			return r.GetDomain(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := domains.DeleteDomain(ctx, &arv2.DeleteDomainRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetDomainType() != "loginrocket" || created.GetSubdomain() != sub || !strings.HasPrefix(created.GetFqdn(), sub+".") || created.GetRealmId() != tg.realm {
		t.Errorf("CreateDomain = %v", created)
	}
	if updated.GetSubdomain() != sub+"-2" || updated.GetDomainType() != "loginrocket" {
		t.Errorf("UpdateDomain = %v", updated)
	}
}

// testJWTKeys adds a signing key to the realm and deletes it again (JWT keys
// have no update).
func testJWTKeys(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	keys := arv2.NewJwtKeysServiceClient(tg.conn)
	created, _ := lifecycle[*arv2.JwtKey]{
		object: "jwt_key",
		create: func(ctx context.Context) (*arv2.JwtKey, error) {
			r, err := keys.CreateJwtKey(ctx, &arv2.CreateJwtKeyRequest{JwtKey: &arv2.JwtKeyInput{Algo: proto.String("rs256")}})
			return r.GetJwtKey(), err
		},
		get: func(ctx context.Context, id string) (*arv2.JwtKey, error) {
			r, err := keys.GetJwtKey(ctx, &arv2.GetJwtKeyRequest{Id: id})
			return r.GetJwtKey(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.JwtKey], error) {
			return keys.ListJwtKeys(ctx, &arv2.ListJwtKeysRequest{After: after, MaxResults: proto.Int32(1)})
		},
		delete: func(ctx context.Context, id string) error {
			_, err := keys.DeleteJwtKey(ctx, &arv2.DeleteJwtKeyRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetAlgo() != "rs256" || created.GetRealmId() != tg.realm {
		t.Errorf("CreateJwtKey = %v", created)
	}
}

// testHooks takes an inactive webhook (it never fires) through its endpoints.
func testHooks(t *testing.T, tg target) {
	hooks := arv2.NewHooksServiceClient(tg.conn)
	const destination = "https://example.com/authrocket-conformance"
	created, updated := lifecycle[*arv2.Hook]{
		object: "hook",
		create: func(ctx context.Context) (*arv2.Hook, error) {
			return createHook(ctx, tg, &arv2.HookInput{HookType: proto.String("webhook"), Destination: proto.String(destination)})
		},
		get: func(ctx context.Context, id string) (*arv2.Hook, error) {
			r, err := hooks.GetHook(ctx, &arv2.GetHookRequest{Id: id})
			return r.GetHook(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.Hook], error) {
			return hooks.ListHooks(ctx, &arv2.ListHooksRequest{After: after, MaxResults: proto.Int32(1)})
		},
		update: func(ctx context.Context, id string) (*arv2.Hook, error) {
			r, err := hooks.UpdateHook(ctx, &arv2.UpdateHookRequest{Id: id, Hook: &arv2.HookInput{EventType: proto.String("user.updated"), Description: proto.String("renamed")}})
			return r.GetHook(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := hooks.DeleteHook(ctx, &arv2.DeleteHookRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetEventType() != "user.created" || created.GetHookType() != "webhook" || created.GetState() != "inactive" || created.GetDestination() != destination {
		t.Errorf("CreateHook = %v", created)
	}
	if updated.GetEventType() != "user.updated" || updated.GetDescription() != "renamed" || updated.GetDestination() != destination {
		t.Errorf("UpdateHook = %v", updated)
	}
}

// createHook makes an inactive hook for user.created.
func createHook(ctx context.Context, tg target, in *arv2.HookInput) (*arv2.Hook, error) {
	in.EventType, in.State = proto.String("user.created"), proto.String("inactive")
	if in.Name == nil {
		in.Name = proto.String("Conformance " + suffix())
	}
	r, err := arv2.NewHooksServiceClient(tg.conn).CreateHook(ctx, &arv2.CreateHookRequest{Hook: in})
	return r.GetHook(), err
}

// testEvents finds the user.created event that making a user records, in the
// list (newest first, filtered by user and type) and by id.
func testEvents(t *testing.T, tg target) {
	events := arv2.NewEventsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	var ev *arv2.Event
	// Events may be recorded a little after the call that caused them.
	for try := 0; ev == nil && try < 10; try++ {
		if try > 0 {
			time.Sleep(time.Second)
		}
		rows := must(t, func(ctx context.Context) (*arv2.ListEventsResponse, error) {
			return events.ListEvents(ctx, &arv2.ListEventsRequest{UserId: proto.String(u.GetId()), EventType: []string{"user.created"}})
		}).GetCollection()
		for _, row := range rows {
			if row.GetEventType() == "user.created" && row.GetUserId() == u.GetId() {
				ev = row
			}
		}
	}
	if ev == nil {
		t.Fatalf("no user.created event of %s", u.GetId())
	}
	if ev.GetObject() != "event" || !strings.HasPrefix(ev.GetId(), "ev_") || !recent(ev.GetEventAt()) {
		t.Errorf("event row = %v", ev)
	}
	if got := must(t, func(ctx context.Context) (*arv2.GetEventResponse, error) {
		return events.GetEvent(ctx, &arv2.GetEventRequest{Id: ev.GetId()})
	}).GetEvent(); got.GetObject() != "event" || got.GetId() != ev.GetId() || got.GetEventType() != "user.created" || got.GetUserId() != u.GetId() {
		t.Errorf("GetEvent = %v", got)
	}
}

// runEmbedded runs l for a resource without a list endpoint that GET
// realms/:id embeds instead: the realm embeds it while it exists, and no
// longer once it is deleted.
func runEmbedded[T resource](t *testing.T, tg target, l lifecycle[T]) (created, updated T) {
	t.Helper()
	l.alive = func(t *testing.T, v T) {
		if !realmEmbeds(t, tg, v.GetId()) {
			t.Errorf("GET realms/%s does not embed %s", tg.realm, v.GetId())
		}
	}
	created, updated = l.run(t)
	if realmEmbeds(t, tg, created.GetId()) {
		t.Errorf("GET realms/%s still embeds the deleted %s", tg.realm, created.GetId())
	}
	return created, updated
}

// testNamedPermissions takes a named permission through its endpoints; it has
// no list: the realm embeds it.
func testNamedPermissions(t *testing.T, tg target) {
	nps := arv2.NewNamedPermissionsServiceClient(tg.conn)
	tag := suffix()
	perm, name := "conformance:"+tag, "Conformance "+tag
	created, updated := runEmbedded(t, tg, lifecycle[*arv2.NamedPermission]{
		object: "named_permission",
		create: func(ctx context.Context) (*arv2.NamedPermission, error) {
			r, err := nps.CreateNamedPermission(ctx, &arv2.CreateNamedPermissionRequest{NamedPermission: &arv2.NamedPermissionInput{
				Name: proto.String(name), Permission: proto.String(perm), AutoGrant: proto.Bool(false),
			}})
			return r.GetNamedPermission(), err
		},
		get: func(ctx context.Context, id string) (*arv2.NamedPermission, error) {
			r, err := nps.GetNamedPermission(ctx, &arv2.GetNamedPermissionRequest{Id: id})
			return r.GetNamedPermission(), err
		},
		update: func(ctx context.Context, id string) (*arv2.NamedPermission, error) {
			r, err := nps.UpdateNamedPermission(ctx, &arv2.UpdateNamedPermissionRequest{Id: id, NamedPermission: &arv2.NamedPermissionInput{Name: proto.String(name + " renamed")}})
			return r.GetNamedPermission(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := nps.DeleteNamedPermission(ctx, &arv2.DeleteNamedPermissionRequest{Id: id})
			return err
		},
	})
	if created.GetPermission() != perm || created.GetName() != name || created.GetAutoGrant() {
		t.Errorf("CreateNamedPermission = %v", created)
	}
	if updated.GetName() != name+" renamed" || updated.GetPermission() != perm {
		t.Errorf("UpdateNamedPermission = %v", updated)
	}
}

// testResourceLinks takes a resource link through its endpoints; it has no
// list: the realm embeds it.
func testResourceLinks(t *testing.T, tg target) {
	links := arv2.NewResourceLinksServiceClient(tg.conn)
	title := "Conformance " + suffix()
	created, updated := runEmbedded(t, tg, lifecycle[*arv2.ResourceLink]{
		object: "resource_link",
		create: func(ctx context.Context) (*arv2.ResourceLink, error) {
			r, err := links.CreateResourceLink(ctx, &arv2.CreateResourceLinkRequest{ResourceLink: &arv2.ResourceLinkInput{
				Title: proto.String(title), LinkUrl: proto.String("https://example.com/users/{{id}}"), ResourceType: proto.String("user"),
			}})
			return r.GetResourceLink(), err
		},
		get: func(ctx context.Context, id string) (*arv2.ResourceLink, error) {
			r, err := links.GetResourceLink(ctx, &arv2.GetResourceLinkRequest{Id: id})
			return r.GetResourceLink(), err
		},
		update: func(ctx context.Context, id string) (*arv2.ResourceLink, error) {
			r, err := links.UpdateResourceLink(ctx, &arv2.UpdateResourceLinkRequest{Id: id, ResourceLink: &arv2.ResourceLinkInput{Title: proto.String(title + " renamed")}})
			return r.GetResourceLink(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := links.DeleteResourceLink(ctx, &arv2.DeleteResourceLinkRequest{Id: id})
			return err
		},
	})
	if created.GetTitle() != title || created.GetResourceType() != "user" {
		t.Errorf("CreateResourceLink = %v", created)
	}
	if updated.GetTitle() != title+" renamed" || updated.GetLinkUrl() != created.GetLinkUrl() {
		t.Errorf("UpdateResourceLink = %v", updated)
	}
}

// createMailingListProvider makes a mailing-list provider with the list
// "news".
func createMailingListProvider(ctx context.Context, tg target) (*arv2.MailingListProvider, error) {
	r, err := arv2.NewMailingListProvidersServiceClient(tg.conn).CreateMailingListProvider(ctx, &arv2.CreateMailingListProviderRequest{
		MailingListProvider: &arv2.MailingListProviderInput{
			ProviderName: proto.String("Conformance " + suffix()), ProviderType: proto.String("mailchimp"),
			ApiEndpoint: proto.String("https://mailing-list.example.com/3.0"), ValidListIds: []string{"news"},
		},
	})
	return r.GetMailingListProvider(), err
}

func testMailingListProviders(t *testing.T, tg target) {
	mlps := arv2.NewMailingListProvidersServiceClient(tg.conn)
	created, updated := lifecycle[*arv2.MailingListProvider]{
		object: "mailing_list_provider",
		create: func(ctx context.Context) (*arv2.MailingListProvider, error) {
			return createMailingListProvider(ctx, tg)
		},
		get: func(ctx context.Context, id string) (*arv2.MailingListProvider, error) {
			r, err := mlps.GetMailingListProvider(ctx, &arv2.GetMailingListProviderRequest{Id: id})
			return r.GetMailingListProvider(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.MailingListProvider], error) {
			return mlps.ListMailingListProviders(ctx, &arv2.ListMailingListProvidersRequest{After: after, MaxResults: proto.Int32(1)})
		},
		update: func(ctx context.Context, id string) (*arv2.MailingListProvider, error) {
			r, err := mlps.UpdateMailingListProvider(ctx, &arv2.UpdateMailingListProviderRequest{Id: id, MailingListProvider: &arv2.MailingListProviderInput{
				ValidListIds: []string{"news", "promo"},
			}})
			return r.GetMailingListProvider(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := mlps.DeleteMailingListProvider(ctx, &arv2.DeleteMailingListProviderRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetProviderType() != "mailchimp" || !slices.Equal(created.GetValidListIds(), []string{"news"}) {
		t.Errorf("CreateMailingListProvider = %v", created)
	}
	if !slices.Equal(updated.GetValidListIds(), []string{"news", "promo"}) || updated.GetProviderName() != created.GetProviderName() {
		t.Errorf("UpdateMailingListProvider = %v", updated)
	}
}

// testMailingListSubscriptions subscribes a user to the list of an inactive
// mailing-list hook; the list is filtered by user.
func testMailingListSubscriptions(t *testing.T, tg target) {
	provider := must(t, func(ctx context.Context) (*arv2.MailingListProvider, error) {
		return createMailingListProvider(ctx, tg)
	})
	cleanup(t, func(ctx context.Context) error {
		_, err := arv2.NewMailingListProvidersServiceClient(tg.conn).DeleteMailingListProvider(ctx, &arv2.DeleteMailingListProviderRequest{Id: provider.GetId()})
		return err
	})
	hook := must(t, func(ctx context.Context) (*arv2.Hook, error) {
		return createHook(ctx, tg, &arv2.HookInput{HookType: proto.String("mailing_list"), MailingListProviderId: proto.String(provider.GetId()), ListId: proto.String("news")})
	})
	cleanup(t, func(ctx context.Context) error {
		_, err := arv2.NewHooksServiceClient(tg.conn).DeleteHook(ctx, &arv2.DeleteHookRequest{Id: hook.GetId()})
		return err
	})
	u := newUser(t, tg, &arv2.UserInput{})
	subs := arv2.NewMailingListSubscriptionsServiceClient(tg.conn)
	created, updated := lifecycle[*arv2.MailingListSubscription]{
		object: "mailing_list_subscription",
		create: func(ctx context.Context) (*arv2.MailingListSubscription, error) {
			r, err := subs.CreateMailingListSubscription(ctx, &arv2.CreateMailingListSubscriptionRequest{MailingListSubscription: &arv2.MailingListSubscriptionInput{
				UserId: proto.String(u.GetId()), HookId: proto.String(hook.GetId()),
			}})
			return r.GetMailingListSubscription(), err
		},
		get: func(ctx context.Context, id string) (*arv2.MailingListSubscription, error) {
			r, err := subs.GetMailingListSubscription(ctx, &arv2.GetMailingListSubscriptionRequest{Id: id})
			return r.GetMailingListSubscription(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.MailingListSubscription], error) {
			return subs.ListMailingListSubscriptions(ctx, &arv2.ListMailingListSubscriptionsRequest{UserId: proto.String(u.GetId()), After: after})
		},
		update: func(ctx context.Context, id string) (*arv2.MailingListSubscription, error) {
			r, err := subs.UpdateMailingListSubscription(ctx, &arv2.UpdateMailingListSubscriptionRequest{Id: id, MailingListSubscription: &arv2.MailingListSubscriptionInput{
				ListState: proto.String("unsubscribed"),
			}})
			return r.GetMailingListSubscription(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := subs.DeleteMailingListSubscription(ctx, &arv2.DeleteMailingListSubscriptionRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetUserId() != u.GetId() || created.GetHookId() != hook.GetId() {
		t.Errorf("CreateMailingListSubscription = %v", created)
	}
	if updated.GetListState() != "unsubscribed" || updated.GetUserId() != u.GetId() {
		t.Errorf("UpdateMailingListSubscription = %v", updated)
	}
}

// testSMTPProviders takes an SMTP provider through its endpoints. The realm
// would send its mail through it, so the case needs a realm of its own.
func testSMTPProviders(t *testing.T, tg target) {
	needOwnRealm(t, tg)
	smtps := arv2.NewSmtpProvidersServiceClient(tg.conn)
	created, updated := lifecycle[*arv2.SmtpProvider]{
		object: "smtp_provider",
		create: func(ctx context.Context) (*arv2.SmtpProvider, error) {
			r, err := smtps.CreateSmtpProvider(ctx, &arv2.CreateSmtpProviderRequest{SmtpProvider: &arv2.SmtpProviderInput{
				ProviderName: proto.String("Conformance " + suffix()), ProviderType: proto.String("smtp"), EmailFrom: proto.String("conformance@example.com"),
				SmtpHost: proto.String("smtp.example.com"), SmtpPort: proto.Int32(587), SmtpUser: proto.String("conformance"),
				SmtpPassword: proto.String("not a real password"),
			}})
			return r.GetSmtpProvider(), err
		},
		get: func(ctx context.Context, id string) (*arv2.SmtpProvider, error) {
			r, err := smtps.GetSmtpProvider(ctx, &arv2.GetSmtpProviderRequest{Id: id})
			return r.GetSmtpProvider(), err
		},
		list: func(ctx context.Context, after *string) (page[*arv2.SmtpProvider], error) {
			return smtps.ListSmtpProviders(ctx, &arv2.ListSmtpProvidersRequest{After: after, MaxResults: proto.Int32(1)})
		},
		update: func(ctx context.Context, id string) (*arv2.SmtpProvider, error) {
			r, err := smtps.UpdateSmtpProvider(ctx, &arv2.UpdateSmtpProviderRequest{Id: id, SmtpProvider: &arv2.SmtpProviderInput{SmtpPort: proto.Int32(2525)}})
			return r.GetSmtpProvider(), err
		},
		delete: func(ctx context.Context, id string) error {
			_, err := smtps.DeleteSmtpProvider(ctx, &arv2.DeleteSmtpProviderRequest{Id: id})
			return err
		},
	}.run(t)
	if created.GetProviderType() != "smtp" || created.GetEmailFrom() != "conformance@example.com" || created.GetSmtpHost() != "smtp.example.com" || created.GetSmtpPort() != 587 {
		t.Errorf("CreateSmtpProvider = %v", created)
	}
	if updated.GetSmtpPort() != 2525 || updated.GetSmtpHost() != "smtp.example.com" {
		t.Errorf("UpdateSmtpProvider = %v", updated)
	}
}
