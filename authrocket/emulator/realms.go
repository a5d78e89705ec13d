package emulator

import (
	"net/http"
	"strings"
	"time"
)

// Realm defaults, both guesses (see the package doc): AuthRocket does not
// document them; 360 minutes was AuthRocket 1's session_minutes default.
const (
	defaultJWTMinutes     = 60
	defaultSessionMinutes = 360
)

// realm is one realm and everything in it.
type realm struct {
	id             string
	name           string
	state          string
	jwtAlgo        string
	jwtScopes      string
	jwtMinutes     int
	sessionMinutes int
	orgMode        string
	createdAt      time.Time

	// Configuration, kept by reset: the signing keys (at least one per
	// algorithm; jwt_keys.go), client apps and LoginRocket domains.
	jwtKeys    map[string]*jwtKey
	clientApps map[string]*clientApp
	domains    map[string]*domain

	users       map[string]*user
	orgs        map[string]*org
	memberships map[string]*membership
	sessions    map[string]*session   // by id; see addSession
	sessionJWTs map[string]*session   // the same sessions, by token
	tokens      map[string]*userToken // by token
	invitations map[string]*invitation
	events      []*event // in id (creation) order

	hooks                    map[string]*hook
	namedPermissions         map[string]*namedPermission
	resourceLinks            map[string]*resourceLink
	mailingListProviders     map[string]*mailingListProvider
	mailingListSubscriptions map[string]*mailingListSubscription
	smtpProviders            map[string]*smtpProvider
	authProviders            map[string]*authProvider
	authStates               map[string]*authState // login URLs handed out, by state
	oauth2Sessions           map[string]*oauth2Session
}

// empty gives the realm no contents: what a new realm starts with and what
// reset leaves. Every per-realm collection but the configuration that reset
// keeps (JWT keys, client apps, domains) is made here.
func (rl *realm) empty() {
	rl.users = map[string]*user{}
	rl.orgs = map[string]*org{}
	rl.memberships = map[string]*membership{}
	rl.sessions = map[string]*session{}
	rl.sessionJWTs = map[string]*session{}
	rl.tokens = map[string]*userToken{}
	rl.invitations = map[string]*invitation{}
	rl.oauth2Sessions = map[string]*oauth2Session{}
	rl.events = nil
	rl.hooks = map[string]*hook{}
	rl.namedPermissions = map[string]*namedPermission{}
	rl.resourceLinks = map[string]*resourceLink{}
	rl.mailingListProviders = map[string]*mailingListProvider{}
	rl.mailingListSubscriptions = map[string]*mailingListSubscription{}
	rl.smtpProviders = map[string]*smtpProvider{}
	rl.authProviders = map[string]*authProvider{}
	rl.authStates = map[string]*authState{}
}

// jwtKey returns what realm.jwt_key shows: the key that signs the realm's
// new tokens (the PEM public key for rs256, the jsk_ secret for hs256).
func (rl *realm) jwtKey() (string, error) {
	k, err := rl.signingKey()
	if err != nil {
		return "", err
	}
	return k.keyString()
}

// realmJSON is the JSON shape of a realm.
type realmJSON struct {
	ID             string    `json:"id"`
	Object         string    `json:"object"`
	Name           string    `json:"name"`
	State          string    `json:"state"`
	JWTAlgo        string    `json:"jwt_algo"`
	JWTScopes      string    `json:"jwt_scopes"`
	JWTMinutes     int       `json:"jwt_minutes"`
	SessionMinutes int       `json:"session_minutes"`
	OrgMode        string    `json:"org_mode"`
	JWTKey         string    `json:"jwt_key"`
	CreatedAt      floatTime `json:"created_at"`

	// Embedded by GET /v2/realms/:id only.
	NamedPermissions *[]namedPermissionJSON `json:"named_permissions,omitempty"`
	ResourceLinks    *[]resourceLinkJSON    `json:"resource_links,omitempty"`
}

// render returns the realm's JSON shape.
func (rl *realm) render() (realmJSON, *apiError) {
	key, err := rl.jwtKey()
	if err != nil {
		return realmJSON{}, &apiError{status: http.StatusInternalServerError, msgs: []msg{m("fault_5xx")}}
	}
	return realmJSON{
		ID:             rl.id,
		Object:         "realm",
		Name:           rl.name,
		State:          rl.state,
		JWTAlgo:        rl.jwtAlgo,
		JWTScopes:      rl.jwtScopes,
		JWTMinutes:     rl.jwtMinutes,
		SessionMinutes: rl.sessionMinutes,
		OrgMode:        rl.orgMode,
		JWTKey:         key,
		CreatedAt:      floatTime(rl.createdAt),
	}, nil
}

// hasScope reports whether the realm's jwt_scopes include s.
func (rl *realm) hasScope(s string) bool {
	for _, f := range strings.FieldsFunc(rl.jwtScopes, func(r rune) bool { return r == ' ' || r == ',' }) {
		if f == s {
			return true
		}
	}
	return false
}

// CreateRealm creates a realm (as POST /v2/realms would, with name) and
// returns its id (rl_...).
func (e *Emulator) CreateRealm(name string) (string, error) {
	return e.CreateRealmWith(map[string]any{"name": name})
}

// CreateRealmWith creates a realm from attributes as POST /v2/realms
// would accept them under the "realm" root (name, state, jwt_algo,
// jwt_scopes, jwt_minutes, session_minutes, org_mode) and returns its id. A validation
// failure is returned as an error with the English messages.
func (e *Emulator) CreateRealmWith(attributes map[string]any) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rl, aerr := e.newRealm(attrs(attributes), e.now(), nil)
	if aerr != nil {
		return "", aerr
	}
	return rl.id, nil
}

// defaultRealm returns a realm with the defaults and no contents, not
// stored.
func defaultRealm(now time.Time) *realm {
	rl := &realm{
		state:          "active",
		jwtAlgo:        "rs256",
		jwtMinutes:     defaultJWTMinutes,
		sessionMinutes: defaultSessionMinutes,
		orgMode:        "single_user",
		createdAt:      now,
		jwtKeys:        map[string]*jwtKey{},
		clientApps:     map[string]*clientApp{},
		domains:        map[string]*domain{},
	}
	rl.empty()
	return rl
}

// newRealm validates attributes and stores a new realm. Its rs256 key is
// key when not nil, else made on first use. The caller holds e.mu.
func (e *Emulator) newRealm(a attrs, now time.Time, key *rsaPair) (*realm, *apiError) {
	rl := defaultRealm(now)
	if aerr := applyRealm(rl, a); aerr != nil {
		return nil, aerr
	}
	rl.id = e.newID("rl_")
	rl.seedAuthProviders(e, now)
	rl.addJWTKey(e, "rs256", now).setRSA(key)
	rl.addJWTKey(e, "hs256", now)
	e.realms[rl.id] = rl
	return rl, nil
}

// applyRealm applies the writable attributes (name, state, jwt_algo,
// jwt_scopes, jwt_minutes, session_minutes, org_mode) to a copy of rl,
// validates it, and stores it on success. Attributes that are not sent
// keep their values; name must not end up blank.
func applyRealm(rl *realm, a attrs) *apiError {
	next := *rl
	var v verrs
	name, present, ok := a.str("name")
	switch {
	case !ok:
		v.attr("invalid", "name")
	case present && name != nil:
		next.name = strings.TrimSpace(*name)
	case present:
		next.name = ""
	}
	if ok && next.name == "" {
		v.attr("blank", "name")
	}
	choice(a, "state", &next.state, activeStates, &v)
	if s, present, ok := a.str("jwt_algo"); present {
		algo := ""
		if s != nil {
			algo = strings.ToLower(strings.TrimSpace(*s))
		}
		if !ok || (algo != "rs256" && algo != "hs256") {
			v.attr("inclusion", "jwt_algo")
		} else {
			next.jwtAlgo = algo
		}
	}
	if raw, present := a["jwt_scopes"]; present {
		switch t := raw.(type) {
		case []any:
			var parts []string
			for _, x := range t {
				if s, ok := scalarString(x); ok && s != "" {
					parts = append(parts, s)
				}
			}
			next.jwtScopes = strings.Join(parts, " ")
		default:
			s, ok := scalarString(raw)
			if !ok {
				v.attr("invalid", "jwt_scopes")
			}
			next.jwtScopes = strings.TrimSpace(s)
		}
	}
	for _, f := range []struct {
		key string
		dst *int
	}{{"jwt_minutes", &next.jwtMinutes}, {"session_minutes", &next.sessionMinutes}} {
		raw, present := a[f.key]
		if !present || raw == nil {
			continue
		}
		n, ok := parseInt(raw)
		switch {
		case !ok:
			v.attr("not_a_number", f.key)
		case n <= 0:
			v.attr("greater_than_zero", f.key)
		default:
			*f.dst = n
		}
	}
	if s, present, ok := a.str("org_mode"); present {
		mode := ""
		if s != nil {
			mode = strings.TrimSpace(*s)
		}
		if !ok || (mode != "single_user" && mode != "multi_user") {
			v.attr("inclusion", "org_mode")
		} else {
			next.orgMode = mode
		}
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*rl = next
	return nil
}

// prepRealmKey makes, before e.mu is taken, the RSA key of the realm a
// valid POST /v2/realms creates, when it signs with rs256: the answer's
// jwt_key shows it.
func prepRealmKey(c *call) {
	if rl := defaultRealm(time.Time{}); applyRealm(rl, rootAttrs(c.body, "realm")) == nil && rl.jwtAlgo == "rs256" {
		c.newKey, _ = newRSAPair() // on failure it is made on first use
	}
}

// createRealm handles POST /v2/realms.
func createRealm(c *call) (int, any, *apiError) {
	rl, aerr := c.e.newRealm(rootAttrs(c.body, "realm"), c.now, c.newKey)
	if aerr != nil {
		return 0, nil, aerr
	}
	return renderRealm(http.StatusCreated, rl)
}

// lookupRealm finds the realm named by the first path parameter or 404s.
// A state query parameter restricts the lookup: a deleted realm is still
// found unless state=active is passed.
func (c *call) lookupRealm() (*realm, *apiError) {
	rl, ok := c.e.realms[c.params[0]]
	if !ok {
		return nil, errNotFound()
	}
	if states := c.query.filter("state"); !matchAny(states, &rl.state, false) {
		return nil, errNotFound()
	}
	return rl, nil
}

// renderRealm answers status with the realm.
func renderRealm(status int, rl *realm) (int, any, *apiError) {
	out, aerr := rl.render()
	if aerr != nil {
		return 0, nil, aerr
	}
	return status, out, nil
}

// getRealm handles GET /v2/realms/:id (state filter allowed), with the
// realm's named permissions and resource links.
func getRealm(c *call) (int, any, *apiError) {
	rl, aerr := c.lookupRealm()
	if aerr != nil {
		return 0, nil, aerr
	}
	out, aerr := rl.render()
	if aerr != nil {
		return 0, nil, aerr
	}
	out.NamedPermissions, out.ResourceLinks = rl.renderNamedPermissions(), rl.renderResourceLinks()
	return http.StatusOK, out, nil
}

// updateRealm handles PUT /v2/realms/:id: the attributes under "realm".
func updateRealm(c *call) (int, any, *apiError) {
	rl, aerr := c.lookupRealm()
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := applyRealm(rl, rootAttrs(c.body, "realm")); aerr != nil {
		return 0, nil, aerr
	}
	return renderRealm(http.StatusOK, rl)
}

// deleteRealm handles DELETE /v2/realms/:id: a soft delete. The realm stays,
// with state "inactive", findable by id unless state=active is passed, and
// leaves the realm list unless state=inactive is asked for; it answers 200
// with the realm.
func deleteRealm(c *call) (int, any, *apiError) {
	rl, aerr := c.lookupRealm()
	if aerr != nil {
		return 0, nil, aerr
	}
	rl.state = "inactive"
	return renderRealm(http.StatusOK, rl)
}

// resetRealm handles POST /v2/realms/:id/reset (body not wrapped, and
// ignored). It empties the realm (realm.empty): users with their
// credentials, orgs, memberships, sessions and OAuth2 sessions, one-time
// tokens, invitations, the event log, hooks, named permissions, resource
// links, mailing-list providers and subscriptions, SMTP providers, auth
// providers and the login URLs they issued; then it puts back the two
// default auth providers (password and totp, with new ids). It keeps the
// realm itself with its settings (name, state, jwt_*, session_minutes,
// org_mode), its JWT keys, client apps and domains. It answers 200 with the
// realm.
func resetRealm(c *call) (int, any, *apiError) {
	rl, aerr := c.lookupRealm()
	if aerr != nil {
		return 0, nil, aerr
	}
	rl.empty()
	rl.seedAuthProviders(c.e, c.now)
	return renderRealm(http.StatusOK, rl)
}

// listRealms handles GET /v2/realms: filter state; sort id (default) or
// name.
func listRealms(c *call) (int, any, *apiError) {
	states := c.query.filter("state")
	return listSorted(c, c.e.realms, listSpec[*realm]{
		sorts: []sortField[*realm]{byText("name", func(rl *realm) string { return rl.name })},
		// A deleted realm leaves the list, but for state=inactive.
		keep: func(rl *realm) bool {
			if len(states) == 0 {
				return rl.state != "inactive"
			}
			return matchAny(states, &rl.state, false)
		},
	}, (*realm).render)
}
