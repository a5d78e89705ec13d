package emulator

import (
	"crypto/subtle"
	"maps"
	"net/http"
	"strings"
	"time"
)

// oauth2CodeLifetime is how long an authorization code can be exchanged.
const oauth2CodeLifetime = 10 * time.Minute

// oauth2Session is an OAuth2 login of a user to an oauth2 client app: first
// an authorization code, then, once the app exchanged it, a session (same
// kss_ id) and its tokens.
type oauth2Session struct {
	id          string // kss_: also the id of the session the exchange starts
	userID      string
	clientAppID string
	redirectURI string
	code        string // until exchanged
	codeExpires time.Time

	// Set by the exchange.
	exchanged    bool
	accessToken  string // the session's login token
	idToken      string
	tokenExpires time.Time
	profile      map[string]any
}

// alive reports whether the OAuth2 session still exists: its code can
// still be exchanged, or the session the exchange started is active.
func (o *oauth2Session) alive(rl *realm, now time.Time) bool {
	if !o.exchanged {
		return o.codeExpires.After(now)
	}
	s, ok := rl.sessions[o.id]
	return ok && s.expiresAt.After(now)
}

// oauth2SessionJSON is the JSON shape of an OAuth2 session.
type oauth2SessionJSON struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	UserID      string         `json:"user_id"`
	ClientAppID string         `json:"client_app_id"`
	Code        *string        `json:"code"`
	RedirectURI string         `json:"redirect_uri"`
	AccessToken *string        `json:"access_token"`
	IDToken     *string        `json:"id_token"`
	TokenType   *string        `json:"token_type"`
	ExpiresIn   *int64         `json:"expires_in"`
	ExpiresAt   intTime        `json:"expires_at"`
	Profile     map[string]any `json:"profile"`
}

// render returns the OAuth2 session's JSON shape at now: the code and its
// expiry, or the tokens, their remaining lifetime and the user's profile.
// The shape shares no memory with the session (the exchange rewrites it).
func (o *oauth2Session) render(now time.Time) oauth2SessionJSON {
	j := oauth2SessionJSON{
		ID: o.id, Object: "oauth2_session", UserID: o.userID, ClientAppID: o.clientAppID,
		RedirectURI: o.redirectURI, ExpiresAt: intTime(o.codeExpires),
	}
	if !o.exchanged {
		code := o.code
		j.Code = &code
		return j
	}
	access, id, bearer := o.accessToken, o.idToken, "Bearer"
	in := max(int64(o.tokenExpires.Sub(now)/time.Second), 0)
	j.AccessToken, j.IDToken, j.TokenType, j.ExpiresIn = &access, &id, &bearer, &in
	j.ExpiresAt, j.Profile = intTime(o.tokenExpires), maps.Clone(o.profile)
	return j
}

// profileClaims are the login-token claims that make an OAuth2 profile.
var profileClaims = []string{"sub", "name", "given_name", "family_name", "preferred_username", "email", "email_verified", "locale"}

// oauth2App reads client_app_id and returns the oauth2 client app it names,
// or adds why it cannot be used to v.
func (c *call) oauth2App(a attrs, v *verrs) *clientApp {
	ca, ok := refAttr(a, "client_app_id", c.realm.clientApps, "client_app", "client_app_not_found", v)
	switch {
	case !ok:
	case ca.clientType != "oauth2":
		v.add(m("client_app_not_oauth2"))
	case ca.state != "active":
		v.add(m("client_app_inactive"))
	default:
		return ca
	}
	return nil
}

// allowsRedirect reports whether uri is one of the app's redirect URIs or a
// more specific URL under one, as LoginRocket allows.
func (ca *clientApp) allowsRedirect(uri string) bool {
	for _, r := range ca.redirectURIs {
		if uri == r {
			return true
		}
		if rest, ok := strings.CutPrefix(uri, r); ok && (strings.HasSuffix(r, "/") || strings.ContainsAny(rest[:1], "/?")) {
			return true
		}
	}
	return false
}

// getOAuth2Session handles GET /v2/sessions/oauth2/:id: 404 once the code
// expired unexchanged, or the session it started ended.
func getOAuth2Session(c *call) (int, any, *apiError) {
	o, ok := c.realm.oauth2Sessions[c.params[0]]
	if !ok || !o.alive(c.realm, c.now) {
		return 0, nil, errNotFound()
	}
	return http.StatusOK, o.render(c.now), nil
}

// createOAuth2Session handles POST /v2/sessions/oauth2: for the user
// user_id names (an active one), it issues an authorization code to the
// oauth2 client app client_app_id names, for redirect_uri (default: the
// app's first). This is the emulator's stand-in for a LoginRocket login to
// the app.
func createOAuth2Session(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "session")
	var v verrs
	ca := c.oauth2App(a, &v)
	u := c.sessionUser(a, &v)
	redirect, present, ok := a.str("redirect_uri")
	if ca != nil {
		switch {
		case !present || (ok && strings.TrimSpace(deref(redirect)) == ""):
			def := ca.redirectURIs[0]
			redirect = &def
		case !ok || !ca.allowsRedirect(strings.TrimSpace(deref(redirect))):
			v.attr("invalid", "redirect_uri")
		}
	}
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	o := &oauth2Session{
		id: c.e.newID("kss_"), userID: u.id, clientAppID: ca.id, redirectURI: strings.TrimSpace(*redirect),
		code: randomAlnum(40), codeExpires: c.now.Add(oauth2CodeLifetime),
	}
	c.realm.oauth2Sessions[o.id] = o
	return http.StatusCreated, o.render(c.now), nil
}

// exchangeOAuth2Code handles POST /v2/sessions/oauth2/code: the client app
// (client_app_id and its secret) exchanges code, once, for the session and
// its tokens. The access token is the session's login token, signed with
// the realm's key; the id token carries the same claims with aud = the
// app. Any failure is a 422; the code is checked only once the app and its
// secret are right, and the code's user must still be active.
func exchangeOAuth2Code(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "session")
	var v verrs
	secret, _, _ := a.str("client_app_secret")
	code, _, _ := a.str("code")
	ca := c.oauth2App(a, &v)
	if deref(secret) == "" {
		v.attr("blank", "client_app_secret")
	}
	if strings.TrimSpace(deref(code)) == "" {
		v.attr("blank", "code")
	}
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	if subtle.ConstantTimeCompare([]byte(*secret), []byte(ca.secret)) != 1 {
		v.attr("invalid", "client_app_secret")
		return 0, nil, v.err()
	}
	o, _ := firstByID(c.realm.oauth2Sessions, func(x *oauth2Session) bool {
		return !x.exchanged && x.code == strings.TrimSpace(*code)
	})
	if o == nil || o.clientAppID != ca.id || !o.codeExpires.After(c.now) {
		v.attr("invalid", "code")
		return 0, nil, v.err()
	}
	u := c.realm.users[o.userID]
	switch {
	case u == nil:
		v.add(m("user_not_found"))
	case u.state != "active":
		v.add(m("user_inactive"))
	}
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	appID := ca.id
	s, aerr := c.startSession(u, o.id, &appID)
	if aerr != nil {
		return 0, nil, aerr
	}
	exp := c.now.Add(time.Duration(c.realm.jwtMinutes) * time.Minute)
	claims := sessionClaims(c.realm, u, s.id, c.now, exp)
	profile := map[string]any{}
	for _, k := range profileClaims {
		if x, ok := claims[k]; ok {
			profile[k] = x
		}
	}
	claims["aud"] = ca.id
	idToken, err := signJWT(c.realm, claims)
	if err != nil {
		return 0, nil, errNoSigningKey
	}
	o.exchanged, o.code = true, ""
	o.accessToken, o.idToken, o.tokenExpires, o.profile = s.token, idToken, exp, profile
	return http.StatusOK, o.render(c.now), nil
}
