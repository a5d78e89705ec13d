package emulator

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// config holds what the Options set.
type config struct {
	clock  Clock
	apiKey string
}

// Option configures an Emulator.
type Option func(*config)

// WithClock makes the emulator read time from c instead of the wall clock.
func WithClock(c Clock) Option {
	return func(cfg *config) { cfg.clock = c }
}

// WithAPIKey fixes the account API key instead of a random one. The key
// must start with "ks_"; New panics otherwise.
func WithAPIKey(key string) Option {
	return func(cfg *config) { cfg.apiKey = key }
}

// Emulator is an in-memory, stateful fake of AuthRocket's REST API v2. It
// is an http.Handler; serve it with httptest.NewServer or http.Server. All
// methods are safe for concurrent use.
type Emulator struct {
	clock  Clock
	skew   atomic.Int64 // nanoseconds AdvanceClock added to clock
	apiKey string       // the first key, which APIKey returns
	seq    atomic.Uint64

	// kmu guards keys: every API key the account has (the first one and
	// those AddAPIKey issued), until revoked.
	kmu    sync.RWMutex
	keys   []string
	routes []route

	// mu guards the AuthRocket state: realms and everything in them.
	mu     sync.Mutex
	realms map[string]*realm

	// fmu guards the fault list.
	fmu       sync.Mutex
	faults    []*faultEntry
	faultSeq  int
	requestMu sync.Mutex
	requests  []Request // a ring of the last MaxRecordedRequests
	received  int       // every request since the last reset; the ring's next slot is received % MaxRecordedRequests
}

// MaxRecordedRequests bounds the request log, so a long-running emulator
// (--dev, a load test) does not grow without end.
const MaxRecordedRequests = 1000

// New returns an emulator with one account API key (ks_ + 32 random
// lowercase alphanumerics, unless WithAPIKey) and no realms.
func New(opts ...Option) *Emulator {
	cfg := config{clock: realClock{}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.apiKey == "" {
		cfg.apiKey = newAPIKey()
	} else if !strings.HasPrefix(cfg.apiKey, "ks_") {
		panic("emulator: WithAPIKey: key must start with \"ks_\"")
	}
	if cfg.clock == nil {
		cfg.clock = realClock{}
	}
	e := &Emulator{
		clock:  cfg.clock,
		apiKey: cfg.apiKey,
		keys:   []string{cfg.apiKey},
		realms: map[string]*realm{},
	}
	// Seed the id sequence with the wall clock so ids look time-based;
	// it then grows by one per id, keeping creation order.
	e.seq.Store(uint64(time.Now().UnixMilli()))
	e.routes = e.buildRoutes()
	return e
}

// now is the emulator's time: its Clock, moved on by AdvanceClock.
func (e *Emulator) now() time.Time { return e.clock.Now().Add(time.Duration(e.skew.Load())) }

// AdvanceClock moves the emulator's time forward by d (d < 0 is ignored),
// whatever its Clock: sessions, tokens and invitations then expire as if d
// had passed. It is how a test drives time in a standalone emulator (the
// admin API's POST /_emulator/clock); in Go, WithClock(NewManualClock(…))
// is simpler.
func (e *Emulator) AdvanceClock(d time.Duration) {
	if d > 0 {
		e.skew.Add(int64(d))
	}
}

// APIKey returns the account's first API key (WithAPIKey's, or the random
// one New made). It keeps working until RevokeAPIKey revokes it.
func (e *Emulator) APIKey() string { return e.apiKey }

// AddAPIKey issues another API key for the account, as AuthRocket's portal
// does, and returns it: with two keys valid at once, the gateway's key can
// be rotated without a failed call.
func (e *Emulator) AddAPIKey() string {
	key := newAPIKey()
	e.kmu.Lock()
	defer e.kmu.Unlock()
	e.keys = append(e.keys, key)
	return key
}

// RevokeAPIKey stops key from working, and reports whether it was valid.
func (e *Emulator) RevokeAPIKey(key string) bool {
	e.kmu.Lock()
	defer e.kmu.Unlock()
	for i, k := range e.keys {
		if k == key {
			e.keys = append(e.keys[:i:i], e.keys[i+1:]...)
			return true
		}
	}
	return false
}

// handler answers one matched API call: a status and a value to encode as
// JSON, or an error.
type handler func(c *call) (int, any, *apiError)

// route is one endpoint: path segments ("" is a parameter), method, and
// for realm-scoped endpoints the root element (used to find realm_id).
// prep, if set, runs before e.mu is taken, to do slow work that needs only
// the request (it must not touch the state).
type route struct {
	segs   []string
	method string
	scoped bool
	root   string
	h      handler
	prep   func(*call)
}

// withPrep returns rt with prep.
func (rt route) withPrep(prep func(*call)) route {
	rt.prep = prep
	return rt
}

// call is the context of one API call being handled.
type call struct {
	e      *Emulator
	r      *http.Request
	lang   string
	params []string
	query  query
	body   map[string]any
	realm  *realm
	now    time.Time
	newKey *rsaPair // an RSA key the route's prep made, if any
}

// Request is one API request the emulator received, as Requests returns it.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	Time     time.Time
}

// ServeHTTP answers an AuthRocket API request. It records the request,
// applies any matching fault, then checks the API key, Accept, the route,
// the body and the realm before handing over to the endpoint.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-ID", randomHex(16))
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	tooLarge := len(body) > maxBodyBytes
	if tooLarge {
		body = body[:maxBodyBytes]
	}
	e.record(r, body)
	lang := parseLang(r.Header.Get("Accept-Language"))
	if e.applyFault(w, r, lang) {
		return
	}
	if e.serveLoginRocket(w, r, lang) {
		return
	}
	if err != nil {
		writeError(w, newError(http.StatusBadRequest, "malformed_json"), lang)
		return
	}
	if tooLarge {
		writeError(w, newError(http.StatusRequestEntityTooLarge, "body_too_large"), lang)
		return
	}
	status, out, aerr := e.dispatch(r, body, lang, encodeJSON)
	if aerr != nil {
		writeError(w, aerr, lang)
		return
	}
	writeBody(w, status, out)
}

// dispatch runs the checks common to every endpoint, then the endpoint, and
// answers its status and its value as encode turns it into the body.
// encode runs before e.mu is released: an endpoint's value may share memory
// with the state (a render that points into it), which the next call may
// change. ServeHTTP passes encodeJSON; tests pass their own to look at the
// value.
func (e *Emulator) dispatch(r *http.Request, raw []byte, lang string, encode func(any) ([]byte, error)) (int, []byte, *apiError) {
	if !e.authorized(r.Header) {
		return 0, nil, newError(http.StatusForbidden, "access_denied")
	}
	if aerr := checkAccept(r.Header.Get("Accept")); aerr != nil {
		return 0, nil, aerr
	}
	segs, ok := splitPath(r.URL)
	if !ok {
		return 0, nil, errNotFound()
	}
	rt, params, aerr := e.match(r.Method, segs)
	if aerr != nil {
		return 0, nil, aerr
	}
	body, aerr := parseBody(r.Header.Get("Content-Type"), raw)
	if aerr != nil {
		return 0, nil, aerr
	}
	c := &call{
		e:      e,
		r:      r,
		lang:   lang,
		params: params,
		query:  query(r.URL.Query()),
		body:   body,
	}
	if rt.prep != nil {
		rt.prep(c)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c.now = e.now()
	if rt.scoped {
		rl, aerr := c.resolveRealm(rt.root)
		if aerr != nil {
			return 0, nil, aerr
		}
		c.realm = rl
		c.sweep()
	}
	status, v, aerr := rt.h(c)
	if aerr != nil {
		return 0, nil, aerr
	}
	out, err := encode(v)
	if err != nil {
		return 0, nil, newError(http.StatusInternalServerError, "fault_5xx")
	}
	return status, out, nil
}

// sweep deletes what has expired in the call's realm before the endpoint
// runs: memberships, invitations (recording their expiry), sessions and
// the OAuth2 sessions that are no longer alive.
func (c *call) sweep() {
	c.realm.expireMemberships(c.now)
	c.expireInvitations()
	c.realm.expireSessions(c.now)
}

// splitPath returns the percent-decoded path segments after /v2/. Each
// segment is decoded as a path segment: "+" stays "+", "%40" becomes "@".
func splitPath(u *url.URL) ([]string, bool) {
	p, ok := strings.CutPrefix(u.EscapedPath(), "/v2/")
	if !ok {
		return nil, false
	}
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, false
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		d, err := url.PathUnescape(s)
		if err != nil || d == "" {
			return nil, false
		}
		parts[i] = d
	}
	return parts, true
}

// match finds the route for method and path segments: 404 when no route
// has this path, 405 (with Allow) when none has this method.
func (e *Emulator) match(method string, segs []string) (*route, []string, *apiError) {
	var allow []string
	for i := range e.routes {
		rt := &e.routes[i]
		params, ok := matchSegs(rt.segs, segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, params, nil
		}
		allow = append(allow, rt.method)
	}
	if len(allow) == 0 {
		return nil, nil, errNotFound()
	}
	sort.Strings(allow)
	aerr := newError(http.StatusMethodNotAllowed, "method_not_allowed")
	aerr.allow = strings.Join(allow, ", ")
	return nil, nil, aerr
}

// matchSegs matches a route pattern ("" = parameter) against segments.
func matchSegs(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		if p == "" {
			params = append(params, segs[i])
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// buildRoutes lists every endpoint. Literal routes come before parameter
// routes of the same shape.
func (e *Emulator) buildRoutes() []route {
	r := func(method, path string, scoped bool, root string, h handler) route {
		segs := strings.Split(path, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, ":") {
				segs[i] = ""
			}
		}
		return route{segs: segs, method: method, scoped: scoped, root: root, h: h}
	}
	return []route{
		r("GET", "realms", false, "realm", listRealms),
		r("POST", "realms", false, "realm", createRealm).withPrep(prepRealmKey),
		r("GET", "realms/:id", false, "realm", getRealm),
		r("PUT", "realms/:id", false, "realm", updateRealm),
		r("DELETE", "realms/:id", false, "realm", deleteRealm),
		r("POST", "realms/:id/reset", false, "realm", resetRealm),

		r("GET", "users", true, "user", listUsers),
		r("POST", "users", true, "user", createUser),
		r("POST", "users/authenticate_token", true, "user", authenticateToken),
		r("POST", "users/reset_password_with_token", true, "user", resetPasswordWithToken),
		r("POST", "users/verify_email", true, "user", verifyEmail),
		r("GET", "users/:id", true, "user", getUser),
		r("PUT", "users/:id", true, "user", updateUser),
		r("DELETE", "users/:id", true, "user", deleteUser),
		r("POST", "users/:id/authenticate", true, "user", authenticateUser),
		r("PUT", "users/:id/update_password", true, "user", updatePassword),
		r("PUT", "users/:id/profile", true, "user", updateProfile),
		r("POST", "users/:id/generate_password_token", true, "user", generatePasswordToken),
		r("POST", "users/:id/request_email_verification", true, "user", requestEmailVerification),
		r("POST", "users/:id/accept_invitation", true, "user", acceptInvitation),

		r("GET", "orgs", true, "org", listOrgs),
		r("POST", "orgs", true, "org", createOrg),
		r("GET", "orgs/:id", true, "org", getOrg),
		r("PUT", "orgs/:id", true, "org", updateOrg),
		r("DELETE", "orgs/:id", true, "org", deleteOrg),

		r("GET", "memberships", true, "membership", listMemberships),
		r("POST", "memberships", true, "membership", createMembership),
		r("GET", "memberships/:id", true, "membership", getMembership),
		r("PUT", "memberships/:id", true, "membership", updateMembership),
		r("DELETE", "memberships/:id", true, "membership", deleteMembership),

		r("GET", "sessions", true, "session", listSessions),
		r("POST", "sessions", true, "session", createSession),
		r("GET", "sessions/oauth2/:id", true, "session", getOAuth2Session),
		r("POST", "sessions/oauth2", true, "session", createOAuth2Session),
		r("POST", "sessions/oauth2/code", true, "session", exchangeOAuth2Code),
		r("GET", "sessions/:id", true, "session", getSession),
		r("DELETE", "sessions/:id", true, "session", deleteSession),

		r("GET", "events", true, "event", listEvents),
		r("GET", "events/:id", true, "event", getEvent),

		r("GET", "hooks", true, "hook", listHooks),
		r("POST", "hooks", true, "hook", createHook),
		r("GET", "hooks/:id", true, "hook", getHook),
		r("PUT", "hooks/:id", true, "hook", updateHook),
		r("DELETE", "hooks/:id", true, "hook", deleteHook),

		r("POST", "named_permissions", true, "named_permission", createNamedPermission),
		r("GET", "named_permissions/:id", true, "named_permission", getNamedPermission),
		r("PUT", "named_permissions/:id", true, "named_permission", updateNamedPermission),
		r("DELETE", "named_permissions/:id", true, "named_permission", deleteNamedPermission),

		r("POST", "resource_links", true, "resource_link", createResourceLink),
		r("GET", "resource_links/:id", true, "resource_link", getResourceLink),
		r("PUT", "resource_links/:id", true, "resource_link", updateResourceLink),
		r("DELETE", "resource_links/:id", true, "resource_link", deleteResourceLink),

		r("GET", "mailing_list_providers", true, "mailing_list_provider", listMailingListProviders),
		r("POST", "mailing_list_providers", true, "mailing_list_provider", createMailingListProvider),
		r("GET", "mailing_list_providers/:id", true, "mailing_list_provider", getMailingListProvider),
		r("PUT", "mailing_list_providers/:id", true, "mailing_list_provider", updateMailingListProvider),
		r("DELETE", "mailing_list_providers/:id", true, "mailing_list_provider", deleteMailingListProvider),

		r("GET", "mailing_list_subscriptions", true, "mailing_list_subscription", listMailingListSubscriptions),
		r("POST", "mailing_list_subscriptions", true, "mailing_list_subscription", createMailingListSubscription),
		r("GET", "mailing_list_subscriptions/:id", true, "mailing_list_subscription", getMailingListSubscription),
		r("PUT", "mailing_list_subscriptions/:id", true, "mailing_list_subscription", updateMailingListSubscription),
		r("DELETE", "mailing_list_subscriptions/:id", true, "mailing_list_subscription", deleteMailingListSubscription),

		r("GET", "smtp_providers", true, "smtp_provider", listSMTPProviders),
		r("POST", "smtp_providers", true, "smtp_provider", createSMTPProvider),
		r("GET", "smtp_providers/:id", true, "smtp_provider", getSMTPProvider),
		r("PUT", "smtp_providers/:id", true, "smtp_provider", updateSMTPProvider),
		r("DELETE", "smtp_providers/:id", true, "smtp_provider", deleteSMTPProvider),
		r("POST", "credentials", true, "credential", createCredential),
		r("GET", "credentials/:id", true, "credential", getCredential),
		r("PUT", "credentials/:id", true, "credential", updateCredential),
		r("DELETE", "credentials/:id", true, "credential", deleteCredential),
		r("POST", "credentials/:id/verify", true, "credential", verifyCredential),

		r("GET", "auth_providers", true, "auth_provider", listAuthProviders),
		r("POST", "auth_providers", true, "auth_provider", createAuthProvider),
		r("GET", "auth_providers/authorize", true, "auth_provider", authorizeURLs),
		r("POST", "auth_providers/authorize", true, "auth_provider", authorizeCode),
		r("GET", "auth_providers/:id", true, "auth_provider", getAuthProvider),
		r("PUT", "auth_providers/:id", true, "auth_provider", updateAuthProvider),
		r("DELETE", "auth_providers/:id", true, "auth_provider", deleteAuthProvider),
		r("GET", "auth_providers/:id/authorize", true, "auth_provider", authorizeURL),
		r("POST", "auth_providers/:id/authorize", true, "auth_provider", authorizeToken),
		r("GET", "invitations", true, "invitation", listInvitations),
		r("POST", "invitations", true, "invitation", createInvitation),
		r("GET", "invitations/:id", true, "invitation", getInvitation),
		r("PUT", "invitations/:id", true, "invitation", updateInvitation),
		r("DELETE", "invitations/:id", true, "invitation", deleteInvitation),
		r("POST", "invitations/:id/invite", true, "invitation", inviteInvitation),
		r("GET", "client_apps", true, "client_app", listClientApps),
		r("POST", "client_apps", true, "client_app", createClientApp),
		r("GET", "client_apps/:id", true, "client_app", getClientApp),
		r("PUT", "client_apps/:id", true, "client_app", updateClientApp),
		r("DELETE", "client_apps/:id", true, "client_app", deleteClientApp),

		r("GET", "domains", true, "domain", listDomains),
		r("POST", "domains", true, "domain", createDomain),
		r("GET", "domains/:id", true, "domain", getDomain),
		r("PUT", "domains/:id", true, "domain", updateDomain),
		r("DELETE", "domains/:id", true, "domain", deleteDomain),
		r("POST", "domains/:id/verify", true, "domain", verifyDomain),

		r("GET", "jwt_keys", true, "jwt_key", listJWTKeys),
		r("POST", "jwt_keys", true, "jwt_key", createJWTKey).withPrep(prepJWTKey),
		r("GET", "jwt_keys/:id", true, "jwt_key", getJWTKey),
		r("DELETE", "jwt_keys/:id", true, "jwt_key", deleteJWTKey),
	}
}

// param reads a DELETE-style parameter from the query string, else from
// the body (top level, then inside root).
func (c *call) param(name, root string) (any, bool) {
	if v, ok := c.query.get(name); ok {
		return v, true
	}
	if v, ok := c.body[name]; ok {
		return v, true
	}
	if obj, ok := c.body[root].(map[string]any); ok {
		if v, ok := obj[name]; ok {
			return v, true
		}
	}
	return nil, false
}

// record appends a request to the log.
func (e *Emulator) record(r *http.Request, body []byte) {
	req := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     append([]byte(nil), body...),
		Time:     e.now(),
	}
	e.requestMu.Lock()
	if len(e.requests) < MaxRecordedRequests {
		e.requests = append(e.requests, req)
	} else {
		e.requests[e.received%MaxRecordedRequests] = req
	}
	e.received++
	e.requestMu.Unlock()
}

// RequestCount returns how many API requests the emulator received since it
// started or since ResetRequests, including those no longer in Requests.
func (e *Emulator) RequestCount() int {
	e.requestMu.Lock()
	defer e.requestMu.Unlock()
	return e.received
}

// Requests returns a copy of the last MaxRecordedRequests API requests
// received, in order, including ones refused (403, 404, …) or answered by
// a fault. Admin API requests are not recorded.
func (e *Emulator) Requests() []Request {
	e.requestMu.Lock()
	defer e.requestMu.Unlock()
	out := make([]Request, len(e.requests))
	oldest := 0
	if len(e.requests) == MaxRecordedRequests {
		oldest = e.received % MaxRecordedRequests
	}
	for i := range out {
		r := e.requests[(oldest+i)%len(e.requests)]
		r.Header = r.Header.Clone()
		r.Body = append([]byte(nil), r.Body...)
		out[i] = r
	}
	return out
}

// ResetRequests forgets every recorded request.
func (e *Emulator) ResetRequests() {
	e.requestMu.Lock()
	e.requests = nil
	e.received = 0
	e.requestMu.Unlock()
}
