package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// clientApp is an app users log in to (client_type "standard") or an OAuth2
// client ("oauth2") of a realm.
type clientApp struct {
	id           string
	realmID      string
	clientType   string
	name         string
	redirectURIs []string
	state        string
	createdAt    time.Time

	// oauth2 apps only.
	allowedScopes []string
	appType       string
	logo          *string
	secret        string
	trusted       bool
}

// clientAppJSON is the JSON shape of a client app. The oauth2 attributes
// are null on standard apps; secret is left out of list rows.
type clientAppJSON struct {
	ID            string    `json:"id"`
	Object        string    `json:"object"`
	RealmID       string    `json:"realm_id"`
	ClientType    string    `json:"client_type"`
	Name          string    `json:"name"`
	RedirectURIs  []string  `json:"redirect_uris"`
	State         string    `json:"state"`
	AllowedScopes []string  `json:"allowed_scopes"`
	AppType       *string   `json:"app_type"`
	Logo          *string   `json:"logo"`
	Secret        *string   `json:"secret,omitempty"`
	Trusted       *bool     `json:"trusted"`
	CreatedAt     floatTime `json:"created_at"`
}

// render returns the app's JSON shape; withSecret includes an oauth2 app's
// secret. The shape shares no memory with the app (an update rewrites all
// of it).
func (ca *clientApp) render(withSecret bool) clientAppJSON {
	j := clientAppJSON{
		ID: ca.id, Object: "client_app", RealmID: ca.realmID, ClientType: ca.clientType, Name: ca.name,
		RedirectURIs: append([]string{}, ca.redirectURIs...), State: ca.state, CreatedAt: floatTime(ca.createdAt),
	}
	if ca.clientType == "oauth2" {
		appType, trusted, secret := ca.appType, ca.trusted, ca.secret
		j.AllowedScopes = append([]string{}, ca.allowedScopes...)
		j.AppType, j.Logo, j.Trusted = &appType, ca.logo, &trusted
		if withSecret {
			j.Secret = &secret
		}
	}
	return j
}

// Defaults of a new oauth2 app (guesses; see the package doc).
var (
	defaultOAuth2Scopes = []string{"openid", "profile", "email"}
	scopeToken          = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]{1,128}$`) // RFC 6749 §3.3
	appTypePattern      = regexp.MustCompile(`^[a-z_]{1,32}$`)
)

// validAppURL reports whether s is an absolute URL without a fragment: a
// redirect URI (custom schemes of native apps included) or a logo.
func validAppURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "" || u.Path != "") && u.Fragment == ""
}

// applyClientApp applies the writable attributes to a copy of ca, validates
// it, and stores it on success. client_type is set on create only.
func (c *call) applyClientApp(ca *clientApp, a attrs, create bool) *apiError {
	next := *ca
	var v verrs
	if ct, present, _ := a.str("client_type"); present || create {
		val := ""
		if ct != nil {
			val = strings.ToLower(strings.TrimSpace(*ct))
		}
		switch {
		case !create && val != ca.clientType:
			v.attr("readonly", "client_type")
		case val == "":
			v.attr("blank", "client_type")
		case val != "standard" && val != "oauth2":
			v.attr("inclusion", "client_type")
		default:
			next.clientType = val
		}
	}
	if name, present, ok := a.str("name"); present {
		if !ok {
			v.attr("invalid", "name")
		} else {
			next.name = strings.TrimSpace(deref(name))
		}
	}
	if next.name == "" && !slices.ContainsFunc(v, func(x msg) bool { return x.args["attr"] == "name" }) {
		v.attr("blank", "name")
	}
	if raw, present := a["redirect_uris"]; present {
		uris, ok := stringList(raw)
		if ok && !slices.ContainsFunc(uris, func(s string) bool { return !validAppURL(s) }) {
			next.redirectURIs = uris
		} else {
			v.attr("invalid", "redirect_uris")
		}
	}
	if len(next.redirectURIs) == 0 && !slices.ContainsFunc(v, func(x msg) bool { return x.args["attr"] == "redirect_uris" }) {
		v.attr("blank", "redirect_uris")
	}
	choice(a, "state", &next.state, activeStates, &v)
	if next.clientType == "oauth2" {
		c.applyOAuth2App(&next, a, &v)
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*ca = next
	return nil
}

// applyOAuth2App applies the attributes only oauth2 apps have; a new oauth2
// app gets its defaults and its secret here.
func (c *call) applyOAuth2App(ca *clientApp, a attrs, v *verrs) {
	if ca.secret == "" {
		ca.secret = randomAlnum(48)
		ca.allowedScopes = append([]string{}, defaultOAuth2Scopes...)
		ca.appType = "web"
	}
	if raw, present := a["allowed_scopes"]; present {
		list, ok := stringList(raw)
		var scopes []string
		for _, s := range list {
			scopes = append(scopes, strings.Fields(s)...)
		}
		if ok && !slices.ContainsFunc(scopes, func(s string) bool { return !scopeToken.MatchString(s) }) {
			ca.allowedScopes = append([]string{}, scopes...)
		} else {
			v.attr("invalid", "allowed_scopes")
		}
	}
	if s, present, ok := a.str("app_type"); present {
		if !ok || s == nil || !appTypePattern.MatchString(strings.TrimSpace(*s)) {
			v.attr("invalid", "app_type")
		} else {
			ca.appType = strings.TrimSpace(*s)
		}
	}
	if s, present, ok := a.str("logo"); present {
		switch logo := strings.TrimSpace(deref(s)); {
		case !ok || (logo != "" && !validAppURL(logo)):
			v.attr("invalid", "logo")
		case logo == "":
			ca.logo = nil
		default:
			ca.logo = &logo
		}
	}
	if raw, present := a["trusted"]; present {
		ca.trusted = parseBool(raw)
	}
}

// listClientApps handles GET /v2/client_apps: filters client_type, state;
// sort id (default) or name. Rows leave the secret out.
func listClientApps(c *call) (int, any, *apiError) {
	types, states := c.query.filter("client_type"), c.query.filter("state")
	return listSorted(c, c.realm.clientApps, listSpec[*clientApp]{
		sorts: []sortField[*clientApp]{byText("name", func(ca *clientApp) string { return ca.name })},
		keep: func(ca *clientApp) bool {
			return matchAny(types, &ca.clientType, false) && matchAny(states, &ca.state, false)
		},
	}, always(func(ca *clientApp) clientAppJSON { return ca.render(false) }))
}

// getClientApp handles GET /v2/client_apps/:id.
func getClientApp(c *call) (int, any, *apiError) {
	ca, aerr := lookupIn(c, c.realm.clientApps)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, ca.render(true), nil
}

// createClientApp handles POST /v2/client_apps: client_type, name and
// redirect_uris are required; an oauth2 app gets its secret.
func createClientApp(c *call) (int, any, *apiError) {
	ca := &clientApp{realmID: c.realm.id, state: "active", createdAt: c.now}
	if aerr := c.applyClientApp(ca, rootAttrs(c.body, "client_app"), true); aerr != nil {
		return 0, nil, aerr
	}
	ca.id = c.e.newID("ca_")
	c.realm.clientApps[ca.id] = ca
	return http.StatusCreated, ca.render(true), nil
}

// updateClientApp handles PUT /v2/client_apps/:id.
func updateClientApp(c *call) (int, any, *apiError) {
	ca, aerr := lookupIn(c, c.realm.clientApps)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyClientApp(ca, rootAttrs(c.body, "client_app"), false); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, ca.render(true), nil
}

// deleteClientApp handles DELETE /v2/client_apps/:id (a hard delete) and
// answers the deleted app. Its unexchanged OAuth2 codes die with it.
func deleteClientApp(c *call) (int, any, *apiError) {
	ca, aerr := lookupIn(c, c.realm.clientApps)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.clientApps, ca.id)
	for id, s := range c.realm.oauth2Sessions {
		if s.clientAppID == ca.id && !s.exchanged {
			delete(c.realm.oauth2Sessions, id)
		}
	}
	return http.StatusOK, ca.render(true), nil
}
