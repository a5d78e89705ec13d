package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// authProvider is one way a realm's users log in.
type authProvider struct {
	id           string
	realmID      string
	providerType string
	name         string
	state        string
	createdAt    time.Time

	// password providers
	minLength     int
	minComplexity int
	requiredChars []string

	// social and oauth2 providers: client_id, scopes, the oauth2 URLs and
	// profile fields (providerStrings), each absent when unset.
	strs         map[string]string
	clientSecret string // write-only: stored, never answered
}

// Provider types and what the emulator knows of them.
var (
	providerTypes = []string{"password", "totp", "facebook", "github", "google", "linkedin", "slack", "yahoo", "oauth2"}
	// socialTypes are the types that log users in at another site.
	socialTypes = map[string]bool{"facebook": true, "github": true, "google": true, "linkedin": true, "slack": true, "yahoo": true, "oauth2": true}
	// providerNames are the default display names.
	providerNames = map[string]string{
		"password": "Password", "totp": "Authenticator app", "facebook": "Facebook", "github": "GitHub",
		"google": "Google", "linkedin": "LinkedIn", "slack": "Slack", "yahoo": "Yahoo", "oauth2": "OAuth2",
	}
	// providerAuthURLs are the social providers' authorization endpoints;
	// an oauth2 provider has its own authorization_url.
	providerAuthURLs = map[string]string{
		"facebook": "https://www.facebook.com/dialog/oauth",
		"github":   "https://github.com/login/oauth/authorize",
		"google":   "https://accounts.google.com/o/oauth2/v2/auth",
		"linkedin": "https://www.linkedin.com/oauth/v2/authorization",
		"slack":    "https://slack.com/openid/connect/authorize",
		"yahoo":    "https://api.login.yahoo.com/oauth2/request_auth",
	}
	// providerStrings are the optional string attributes of social and
	// oauth2 providers; the URLs must be http(s) URLs.
	providerStrings = []string{
		"client_id", "scopes", "authorization_url", "token_url", "profile_url", "id_field", "email_field",
		"email_verified_field", "first_name_field", "last_name_field", "name_field", "loginrocket_domain",
	}
	// requiredCharSets are the allowed required_chars values.
	requiredCharSets = []string{"lowercase", "uppercase", "number", "symbol"}
)

// Defaults of the password provider of a new realm.
const (
	defaultPasswordMinLength = 8
	// authStateLifetime is how long a login URL (its state) stays valid
	// (AuthRocket documents 30 minutes).
	authStateLifetime = 30 * time.Minute
	// emulatorCodePrefix starts the only OAuth codes and access tokens the
	// emulator accepts: "emulator:" + the end user's email (package doc).
	emulatorCodePrefix = "emulator:"
)

// authState is a login URL the emulator handed out: its provider, redirect
// URI and nonce, checked when the code comes back with the state.
type authState struct {
	providerID  string
	redirectURI string
	nonce       string
	expiresAt   time.Time
}

// authProviderJSON is the JSON shape of an auth provider. Attributes that
// do not apply to the provider's type are null.
type authProviderJSON struct {
	ID                 string    `json:"id"`
	Object             string    `json:"object"`
	RealmID            string    `json:"realm_id"`
	ProviderType       string    `json:"provider_type"`
	Name               string    `json:"name"`
	State              string    `json:"state"`
	MinLength          *int      `json:"min_length"`
	MinComplexity      *int      `json:"min_complexity"`
	RequiredChars      []string  `json:"required_chars"`
	ClientID           *string   `json:"client_id"`
	Scopes             *string   `json:"scopes"`
	AuthorizationURL   *string   `json:"authorization_url"`
	TokenURL           *string   `json:"token_url"`
	ProfileURL         *string   `json:"profile_url"`
	IDField            *string   `json:"id_field"`
	EmailField         *string   `json:"email_field"`
	EmailVerifiedField *string   `json:"email_verified_field"`
	FirstNameField     *string   `json:"first_name_field"`
	LastNameField      *string   `json:"last_name_field"`
	NameField          *string   `json:"name_field"`
	LoginrocketDomain  *string   `json:"loginrocket_domain"`
	CreatedAt          floatTime `json:"created_at"`
}

// authURLJSON is the JSON shape of a login URL: the provider's id and
// type and the URL, nothing else (AuthRocket's external_auth example).
type authURLJSON struct {
	ID           string `json:"id"`
	ProviderType string `json:"provider_type"`
	AuthURL      string `json:"auth_url"`
}

// str returns a string attribute, or nil when unset.
func (p *authProvider) str(k string) *string {
	if v, ok := p.strs[k]; ok {
		return &v
	}
	return nil
}

// render returns the provider's JSON shape.
func (p *authProvider) render() authProviderJSON {
	j := authProviderJSON{
		ID:           p.id,
		Object:       "auth_provider",
		RealmID:      p.realmID,
		ProviderType: p.providerType,
		Name:         p.name,
		State:        p.state,
		CreatedAt:    floatTime(p.createdAt),
	}
	if p.providerType == "password" {
		minLength, minComplexity := p.minLength, p.minComplexity
		j.MinLength, j.MinComplexity = &minLength, &minComplexity
		j.RequiredChars = append([]string{}, p.requiredChars...)
	}
	j.ClientID, j.Scopes = p.str("client_id"), p.str("scopes")
	j.AuthorizationURL, j.TokenURL, j.ProfileURL = p.str("authorization_url"), p.str("token_url"), p.str("profile_url")
	j.IDField, j.EmailField, j.EmailVerifiedField = p.str("id_field"), p.str("email_field"), p.str("email_verified_field")
	j.FirstNameField, j.LastNameField, j.NameField = p.str("first_name_field"), p.str("last_name_field"), p.str("name_field")
	j.LoginrocketDomain = p.str("loginrocket_domain")
	return j
}

// seedAuthProviders gives the realm its two default providers: password
// (active, min_length 8), then totp (inactive). A new realm gets them, and so
// does a realm that is reset.
func (rl *realm) seedAuthProviders(e *Emulator, now time.Time) {
	for _, p := range []*authProvider{
		{providerType: "password", state: "active", minLength: defaultPasswordMinLength},
		{providerType: "totp", state: "inactive"},
	} {
		p.id, p.realmID, p.name, p.createdAt = e.newID("ap_"), rl.id, providerNames[p.providerType], now
		rl.authProviders[p.id] = p
	}
}

// providerOfType returns the realm's first provider (by id) of type typ, or
// nil.
func (rl *realm) providerOfType(typ string) *authProvider {
	var found *authProvider
	for _, p := range rl.authProviders {
		if p.providerType == typ && (found == nil || p.id < found.id) {
			found = p
		}
	}
	return found
}

// passwordLoginActive reports whether the realm's password provider exists
// and is active: without it, no password logs anyone in.
func (rl *realm) passwordLoginActive() bool {
	p := rl.providerOfType("password")
	return p != nil && p.state == "active"
}

// passwordErrors checks a new password against the realm's password
// provider: min_length and required_chars (min_complexity is stored but
// not checked). Without a password provider the default length applies.
func (rl *realm) passwordErrors(pw string) []msg {
	minLength, required := defaultPasswordMinLength, []string(nil)
	if p := rl.providerOfType("password"); p != nil {
		minLength, required = p.minLength, p.requiredChars
	}
	var out []msg
	if utf8.RuneCountInString(pw) < minLength {
		out = append(out, m("too_short", "attr", "password", "count", strconv.Itoa(minLength)))
	}
	has := map[string]bool{}
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			has["lowercase"] = true
		case unicode.IsUpper(r):
			has["uppercase"] = true
		case unicode.IsDigit(r):
			has["number"] = true
		case !unicode.IsLetter(r):
			has["symbol"] = true
		}
	}
	for _, set := range requiredCharSets {
		if slices.Contains(required, set) && !has[set] {
			out = append(out, m("password_"+set))
		}
	}
	return out
}

// applyAuthProvider applies attributes to a copy of p, validates it and
// stores it on success. provider_type is read on create only; attributes
// that do not apply to the type are ignored.
func (c *call) applyAuthProvider(p *authProvider, a attrs, create bool) *apiError {
	next := *p
	next.strs = make(map[string]string, len(p.strs))
	for k, v := range p.strs {
		next.strs[k] = v
	}
	var v verrs
	if create {
		s, _, _ := a.str("provider_type")
		switch {
		case s == nil || strings.TrimSpace(*s) == "":
			v.attr("blank", "provider_type")
		case !slices.Contains(providerTypes, strings.TrimSpace(*s)):
			v.attr("inclusion", "provider_type")
		default:
			next.providerType = strings.TrimSpace(*s)
			if next.providerType != "oauth2" && c.realm.providerOfType(next.providerType) != nil {
				v.attr("taken", "provider_type")
			}
		}
		next.name = providerNames[next.providerType]
		next.state = "active"
		if next.providerType == "password" {
			next.minLength = defaultPasswordMinLength
		}
		if next.providerType == "totp" {
			next.state = "inactive"
		}
	}
	if s, present, ok := a.str("name"); present {
		switch {
		case !ok:
			v.attr("invalid", "name")
		case s != nil && strings.TrimSpace(*s) != "":
			next.name = strings.TrimSpace(*s)
		}
	}
	choice(a, "state", &next.state, activeStates, &v)
	switch {
	case next.providerType == "password":
		applyPasswordPolicy(&next, a, &v)
	case socialTypes[next.providerType]:
		applyOAuthClient(&next, a, &v)
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*p = next
	return nil
}

// applyPasswordPolicy reads min_length, min_complexity and required_chars.
func applyPasswordPolicy(p *authProvider, a attrs, v *verrs) {
	if raw, present := a["min_length"]; present && raw != nil {
		switch n, ok := parseInt(raw); {
		case !ok:
			v.attr("not_a_number", "min_length")
		case n <= 0:
			v.attr("greater_than_zero", "min_length")
		default:
			p.minLength = n
		}
	}
	if raw, present := a["min_complexity"]; present && raw != nil {
		if n, ok := parseInt(raw); !ok || n < 0 || n > 4 {
			v.attr("inclusion", "min_complexity")
		} else {
			p.minComplexity = n
		}
	}
	if raw, present := a["required_chars"]; present {
		list, ok := stringList(raw)
		if !ok || slices.ContainsFunc(list, func(s string) bool { return !slices.Contains(requiredCharSets, s) }) {
			v.attr("inclusion", "required_chars")
			return
		}
		var sets []string
		for _, s := range list {
			if !slices.Contains(sets, s) {
				sets = append(sets, s)
			}
		}
		p.requiredChars = sets
	}
}

// applyOAuthClient reads the OAuth client (client_id and client_secret,
// required) and the other string attributes; an oauth2 provider also
// needs its authorization_url. URLs must be absolute http(s) URLs.
func applyOAuthClient(p *authProvider, a attrs, v *verrs) {
	invalid := map[string]bool{}
	for _, k := range providerStrings {
		s, present, ok := a.str(k)
		switch {
		case !present:
		case !ok:
			v.attr("invalid", k)
			invalid[k] = true
		case s == nil || strings.TrimSpace(*s) == "":
			delete(p.strs, k)
		default:
			val := strings.TrimSpace(*s)
			if strings.HasSuffix(k, "_url") && !httpURL(val) {
				v.attr("invalid", k)
				invalid[k] = true
				continue
			}
			p.strs[k] = val
		}
	}
	if s, present, ok := a.str("client_secret"); present {
		if !ok {
			v.attr("invalid", "client_secret")
		} else {
			p.clientSecret = strings.TrimSpace(deref(s))
		}
	}
	if _, ok := p.strs["client_id"]; !ok && !invalid["client_id"] {
		v.attr("blank", "client_id")
	}
	if p.clientSecret == "" {
		v.attr("blank", "client_secret")
	}
	if _, ok := p.strs["authorization_url"]; !ok && p.providerType == "oauth2" && !invalid["authorization_url"] {
		v.attr("blank", "authorization_url")
	}
}

// lookupAuthProvider finds the provider named by the first path parameter, by
// id or by provider type, or 404s.
func (c *call) lookupAuthProvider() (*authProvider, *apiError) {
	key := c.params[0]
	if p, ok := c.realm.authProviders[key]; ok {
		return p, nil
	}
	if p := c.realm.providerOfType(key); p != nil {
		return p, nil
	}
	return nil, errNotFound()
}

// listAuthProviders handles GET /v2/auth_providers: filters provider_type
// and state; sort id (default) or name.
func listAuthProviders(c *call) (int, any, *apiError) {
	types, states := c.query.filter("provider_type"), c.query.filter("state")
	return listSorted(c, c.realm.authProviders, listSpec[*authProvider]{
		sorts: []sortField[*authProvider]{byText("name", func(p *authProvider) string { return p.name })},
		keep: func(p *authProvider) bool {
			return matchAny(types, &p.providerType, false) && matchAny(states, &p.state, false)
		},
	}, always((*authProvider).render))
}

// getAuthProvider handles GET /v2/auth_providers/:id_or_type.
func getAuthProvider(c *call) (int, any, *apiError) {
	p, aerr := c.lookupAuthProvider()
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// createAuthProvider handles POST /v2/auth_providers. One provider per type
// except oauth2; a new provider is active, except totp.
func createAuthProvider(c *call) (int, any, *apiError) {
	p := &authProvider{realmID: c.realm.id, createdAt: c.now, strs: map[string]string{}}
	if aerr := c.applyAuthProvider(p, rootAttrs(c.body, "auth_provider"), true); aerr != nil {
		return 0, nil, aerr
	}
	p.id = c.e.newID("ap_")
	c.realm.authProviders[p.id] = p
	return http.StatusCreated, p.render(), nil
}

// updateAuthProvider handles PUT /v2/auth_providers/:id.
func updateAuthProvider(c *call) (int, any, *apiError) {
	p, aerr := c.lookupAuthProvider()
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyAuthProvider(p, rootAttrs(c.body, "auth_provider"), false); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// deleteAuthProvider handles DELETE /v2/auth_providers/:id and answers the
// deleted provider. Credentials that name it stay; login URLs it issued
// stop working.
func deleteAuthProvider(c *call) (int, any, *apiError) {
	p, aerr := c.lookupAuthProvider()
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.authProviders, p.id)
	return http.StatusOK, p.render(), nil
}

// loginProvider reports whether p serves login URLs: an active social or
// oauth2 provider.
func (p *authProvider) loginProvider() bool {
	return socialTypes[p.providerType] && p.state == "active"
}

// redirectParams reads redirect_uri (required, an http(s) URL) and nonce
// from the query.
func (c *call) redirectParams() (string, string, *apiError) {
	uri, _ := c.query.get("redirect_uri")
	nonce, _ := c.query.get("nonce")
	switch uri = strings.TrimSpace(uri); {
	case uri == "":
		return "", "", verrs{attrMsg("blank", "redirect_uri")}.err()
	case !httpURL(uri):
		return "", "", verrs{attrMsg("invalid", "redirect_uri")}.err()
	}
	return uri, nonce, nil
}

// authURL records a new login state for p and returns the provider's
// authorization URL with client_id, redirect_uri, response_type=code,
// scope, state and nonce.
func (c *call) authURL(p *authProvider, redirectURI, nonce string) string {
	for s, st := range c.realm.authStates {
		if !st.expiresAt.After(c.now) {
			delete(c.realm.authStates, s)
		}
	}
	state := randomAlnum(32)
	c.realm.authStates[state] = &authState{providerID: p.id, redirectURI: redirectURI, nonce: nonce, expiresAt: c.now.Add(authStateLifetime)}
	base := providerAuthURLs[p.providerType]
	if p.providerType == "oauth2" {
		base = p.strs["authorization_url"]
	}
	q := url.Values{"client_id": {p.strs["client_id"]}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "state": {state}}
	if s := p.strs["scopes"]; s != "" {
		q.Set("scope", s)
	}
	if nonce != "" {
		q.Set("nonce", nonce)
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + q.Encode()
}

// renderAuthURL returns p's login URL entry.
func (c *call) renderAuthURL(p *authProvider, redirectURI, nonce string) authURLJSON {
	return authURLJSON{ID: p.id, ProviderType: p.providerType, AuthURL: c.authURL(p, redirectURI, nonce)}
}

// authorizeURLs handles GET /v2/auth_providers/authorize?redirect_uri=&nonce=:
// one login URL per active social or oauth2 provider, in id order.
func authorizeURLs(c *call) (int, any, *apiError) {
	uri, nonce, aerr := c.redirectParams()
	if aerr != nil {
		return 0, nil, aerr
	}
	var ps []*authProvider
	for _, p := range c.realm.authProviders {
		if p.loginProvider() {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b *authProvider) int { return strings.Compare(a.id, b.id) })
	out := make([]authURLJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, c.renderAuthURL(p, uri, nonce))
	}
	return http.StatusOK, listBody{Collection: out, MoreResults: false}, nil
}

// lookupLoginProvider finds the provider of the path and checks that it
// serves logins (422 otherwise).
func (c *call) lookupLoginProvider() (*authProvider, *apiError) {
	p, aerr := c.lookupAuthProvider()
	if aerr != nil {
		return nil, aerr
	}
	if !p.loginProvider() {
		return nil, newError(http.StatusUnprocessableEntity, "provider_not_login")
	}
	return p, nil
}

// authorizeURL handles GET /v2/auth_providers/:id/authorize: one login URL.
func authorizeURL(c *call) (int, any, *apiError) {
	p, aerr := c.lookupLoginProvider()
	if aerr != nil {
		return 0, nil, aerr
	}
	uri, nonce, aerr := c.redirectParams()
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, c.renderAuthURL(p, uri, nonce), nil
}

// emulatorEmail reads the email out of an emulator code or access token
// ("emulator:" + email), or reports that it is not one.
func emulatorEmail(code string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(code), emulatorCodePrefix)
	email := strings.ToLower(strings.TrimSpace(rest))
	return email, ok && emailPattern.MatchString(email)
}

// authorizeCode handles POST /v2/auth_providers/authorize ({code, state,
// nonce?}, not wrapped): the state must be one the emulator issued and that
// has not expired, its provider still active, the nonce (when sent) the
// one of the login URL, and the code an emulator code. A bad code is 422
// "Error validating code" with a retry_url (a fresh login URL); the state
// stays usable until a login succeeds with it.
func authorizeCode(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "auth_provider")
	code, _, _ := a.str("code")
	stateKey, _, _ := a.str("state")
	nonce, _, _ := a.str("nonce")
	var st *authState
	if stateKey != nil {
		st = c.realm.authStates[*stateKey]
	}
	if st == nil || !st.expiresAt.After(c.now) {
		return 0, nil, newError(http.StatusUnprocessableEntity, "code_invalid")
	}
	p := c.realm.authProviders[st.providerID]
	if p == nil || !p.loginProvider() {
		return 0, nil, newError(http.StatusUnprocessableEntity, "code_invalid")
	}
	email, ok := "", false
	if code != nil && (nonce == nil || *nonce == st.nonce) {
		email, ok = emulatorEmail(*code)
	}
	if !ok {
		aerr := newError(http.StatusUnprocessableEntity, "code_invalid")
		aerr.retryURL = c.authURL(p, st.redirectURI, st.nonce)
		return 0, nil, aerr
	}
	delete(c.realm.authStates, *stateKey)
	return c.socialLogin(p, email)
}

// authorizeToken handles POST /v2/auth_providers/:id/authorize
// ({access_token}, not wrapped): an emulator access token of an active
// social or oauth2 provider logs its user in.
func authorizeToken(c *call) (int, any, *apiError) {
	p, aerr := c.lookupLoginProvider()
	if aerr != nil {
		return 0, nil, aerr
	}
	tok, _, _ := rootAttrs(c.body, "auth_provider").str("access_token")
	email, ok := "", false
	if tok != nil {
		email, ok = emulatorEmail(*tok)
	}
	if !ok {
		return 0, nil, newError(http.StatusUnprocessableEntity, "access_token_invalid")
	}
	return c.socialLogin(p, email)
}

// socialLogin logs in the user that provider p vouches for: the user with
// p's credential for that provider user ID (the email), else the realm's
// user with that email (who gains the credential), else a new, verified
// user (user.created). An inactive user is 422 "Login failed".
func (c *call) socialLogin(p *authProvider, email string) (int, any, *apiError) {
	u := c.realm.socialUser(p.id, email)
	if u == nil {
		u = c.realm.findUser(email)
		if u == nil {
			u = &user{
				id: c.e.newID("usr_"), realmID: c.realm.id, state: "active", email: email,
				emailVerification: "verified", custom: map[string]any{}, createdAt: c.now,
			}
			c.realm.users[u.id] = u
			c.emit("user.created", func(ev *event) { ev.userID = u.id })
		}
		pid, apID := email, p.id
		u.creds = append(u.creds, &credential{
			id: c.e.newID("crd_"), credentialType: p.providerType, state: "active",
			authProviderID: &apID, providerUserID: &pid, createdAt: c.now,
		})
	}
	if u.state != "active" {
		c.emit("user.login.failed", func(ev *event) { ev.userID, ev.authProviderID = u.id, p.id })
		return 0, nil, newError(http.StatusUnprocessableEntity, "login_failed")
	}
	return c.login(u, p.id)
}
