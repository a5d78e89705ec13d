package emulator

import (
	"net/http"
	"regexp"
	"strings"
	"time"
)

// loginRocketSuffix makes a loginrocket domain's fqdn from its subdomain:
// "<subdomain>.loginrocket.localhost". AuthRocket's own is
// "<subdomain>.<cluster>.loginrocket.com"; the emulator's stays on the
// loopback (RFC 6761) so that nothing it hands out reaches the real one.
const loginRocketSuffix = ".loginrocket.localhost"

// domain is a LoginRocket host of a realm: a subdomain of LoginRocket's
// ("loginrocket") or the caller's own host ("custom").
type domain struct {
	id         string
	realmID    string
	domainType string
	subdomain  *string // loginrocket domains
	host       *string // custom domains: the "domain" attribute
	state      string
	dnsState   string // "pending" or "verified"
	certState  string // "pending" or "issued"
	createdAt  time.Time
}

// fqdn is the domain's full host name.
func (d *domain) fqdn() string {
	if d.domainType == "loginrocket" {
		return deref(d.subdomain) + loginRocketSuffix
	}
	return deref(d.host)
}

// serves reports whether the domain's host answers for its realm: active,
// with its DNS verified.
func (d *domain) serves() bool { return d.state == "active" && d.dnsState == "verified" }

// domainJSON is the JSON shape of a domain.
type domainJSON struct {
	ID         string    `json:"id"`
	Object     string    `json:"object"`
	RealmID    string    `json:"realm_id"`
	DomainType string    `json:"domain_type"`
	Subdomain  *string   `json:"subdomain"`
	Domain     *string   `json:"domain"`
	FQDN       string    `json:"fqdn"`
	State      string    `json:"state"`
	DNSState   string    `json:"dns_state"`
	CertState  string    `json:"cert_state"`
	Flags      []string  `json:"flags"`
	URI        string    `json:"uri"`
	CreatedAt  floatTime `json:"created_at"`
}

// render returns the domain's JSON shape. base is the emulator's own URL
// (scheme and host of the request): uri is where this emulator serves the
// domain's LoginRocket, usable as an SDK's LOGINROCKET_URL.
func (d *domain) render(base string) domainJSON {
	return domainJSON{
		ID: d.id, Object: "domain", RealmID: d.realmID, DomainType: d.domainType,
		Subdomain: d.subdomain, Domain: d.host, FQDN: d.fqdn(), State: d.state,
		DNSState: d.dnsState, CertState: d.certState, Flags: []string{},
		URI: LoginRocketURL(base, d.fqdn()), CreatedAt: floatTime(d.createdAt),
	}
}

// baseURL is the scheme and host the request reached the emulator at.
func (c *call) baseURL() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}

var (
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	hostName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$`)
)

// domainByFQDN finds the domain whose fqdn is host, in any realm. The
// caller holds e.mu.
func (e *Emulator) domainByFQDN(host string) (*realm, *domain) {
	for _, rl := range e.realms {
		for _, d := range rl.domains {
			if d.fqdn() == host {
				return rl, d
			}
		}
	}
	return nil, nil
}

// applyDomain applies the writable attributes to a copy of d, validates it,
// and stores it on success. domain_type is set on create only; an fqdn must
// be unique across the emulator, since it names one realm's LoginRocket.
func (e *Emulator) applyDomain(d *domain, a attrs, create bool) *apiError {
	next := *d
	var v verrs
	if dt, present, _ := a.str("domain_type"); present || create {
		val := strings.ToLower(strings.TrimSpace(deref(dt)))
		switch {
		case !create && val != d.domainType:
			v.attr("readonly", "domain_type")
		case val == "":
			v.attr("blank", "domain_type")
		case val != "loginrocket" && val != "custom":
			v.attr("inclusion", "domain_type")
		default:
			next.domainType = val
		}
	}
	switch next.domainType {
	case "loginrocket":
		if s, present, ok := a.str("subdomain"); present || next.subdomain == nil {
			sub := strings.ToLower(strings.TrimSpace(deref(s)))
			if !present {
				sub = randomAlnum(10)
			}
			if !ok || !dnsLabel.MatchString(sub) {
				v.attr("invalid", "subdomain")
			} else {
				next.subdomain = &sub
			}
		}
	case "custom":
		if s, present, ok := a.str("domain"); present || create {
			host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(deref(s))), ".")
			switch {
			case host == "":
				v.attr("blank", "domain")
			case !ok || len(host) > 253 || !hostName.MatchString(host) || strings.HasSuffix(host, loginRocketSuffix):
				v.attr("invalid", "domain")
			case host != deref(d.host):
				next.host = &host
				next.dnsState, next.certState = "pending", "pending"
			}
		}
	}
	choice(a, "state", &next.state, activeStates, &v)
	if len(v) == 0 && next.fqdn() != d.fqdn() {
		if _, other := e.domainByFQDN(next.fqdn()); other != nil {
			attr := "domain"
			if next.domainType == "loginrocket" {
				attr = "subdomain"
			}
			v.attr("taken", attr)
		}
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*d = next
	return nil
}

// newDomain validates attributes and stores a new domain in rl. A
// loginrocket domain is verified at once (its DNS is LoginRocket's); a
// custom one waits for verify. The caller holds e.mu.
func (e *Emulator) newDomain(rl *realm, a attrs, now time.Time) (*domain, *apiError) {
	d := &domain{realmID: rl.id, state: "active", dnsState: "verified", certState: "issued", createdAt: now}
	if aerr := e.applyDomain(d, a, true); aerr != nil {
		return nil, aerr
	}
	d.id = e.newID("dom_")
	rl.domains[d.id] = d
	return d, nil
}

// CreateDomain creates a domain in a realm, as POST /v2/domains would accept
// attributes under the "domain" root (domain_type, subdomain, domain,
// state), and returns its fqdn. LoginRocketURL gives the URL at which the
// emulator serves it. A validation failure is an error with the English
// messages.
func (e *Emulator) CreateDomain(realmID string, attributes map[string]any) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rl, ok := e.realms[realmID]
	if !ok {
		return "", errNotFound()
	}
	d, aerr := e.newDomain(rl, attrs(attributes), e.now())
	if aerr != nil {
		return "", aerr
	}
	return d.fqdn(), nil
}

// listDomains handles GET /v2/domains: filters domain_type, state; sort id.
func listDomains(c *call) (int, any, *apiError) {
	types, states, base := c.query.filter("domain_type"), c.query.filter("state"), c.baseURL()
	return listSorted(c, c.realm.domains, listSpec[*domain]{
		keep: func(d *domain) bool {
			return matchAny(types, &d.domainType, false) && matchAny(states, &d.state, false)
		},
	}, always(func(d *domain) domainJSON { return d.render(base) }))
}

// getDomain handles GET /v2/domains/:id.
func getDomain(c *call) (int, any, *apiError) {
	d, aerr := lookupIn(c, c.realm.domains)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, d.render(c.baseURL()), nil
}

// createDomain handles POST /v2/domains.
func createDomain(c *call) (int, any, *apiError) {
	d, aerr := c.e.newDomain(c.realm, rootAttrs(c.body, "domain"), c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusCreated, d.render(c.baseURL()), nil
}

// updateDomain handles PUT /v2/domains/:id.
func updateDomain(c *call) (int, any, *apiError) {
	d, aerr := lookupIn(c, c.realm.domains)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.e.applyDomain(d, rootAttrs(c.body, "domain"), false); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, d.render(c.baseURL()), nil
}

// deleteDomain handles DELETE /v2/domains/:id (a hard delete: its host no
// longer serves) and answers the deleted domain.
func deleteDomain(c *call) (int, any, *apiError) {
	d, aerr := lookupIn(c, c.realm.domains)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.domains, d.id)
	return http.StatusOK, d.render(c.baseURL()), nil
}

// verifyDomain handles POST /v2/domains/:id/verify (body wrapped in
// "domain", ignored): the emulator's DNS and certificate checks always pass,
// so the domain is verified and its certificate issued. It answers 200 with
// the domain.
func verifyDomain(c *call) (int, any, *apiError) {
	d, aerr := lookupIn(c, c.realm.domains)
	if aerr != nil {
		return 0, nil, aerr
	}
	d.dnsState, d.certState = "verified", "issued"
	return http.StatusOK, d.render(c.baseURL()), nil
}
