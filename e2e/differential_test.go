package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/gen/openapi"
)

// diffStep is one request of the differential session. Its path and body
// may hold placeholders, filled in for each side from what that side's
// earlier answers held: {name} (a saved value), {totp:name} (the current
// TOTP code of a saved secret) and {state:name} (the state parameter of a
// saved URL).
type diffStep struct {
	status       int // the status AuthRocket (the emulator) answers
	method, path string
	body         any
	save         string // name=path,…: values of the answer to keep (path: a.b.0.c; a bare name saves id)
}

// diffSide is where the session runs: the emulator as AuthRocket, called
// with AuthRocket's key, or the REST facade, called with a caller's
// credential, each in a realm of its own.
type diffSide struct {
	name  string
	base  string
	auth  http.Header
	query string // appended to every path (the emulator's realm_id)
	saved map[string]string
}

// TestRESTDifferential runs one recorded session that calls every endpoint
// of AuthRocket's API twice, straight against the emulator and through the
// REST facade, and compares the status, the headers that matter
// (Content-Type, X-Request-Id) and the JSON bodies field by field. Values
// that differ by nature (IDs, tokens, times, random secrets) are compared
// by kind; the differences that remain are those listed in
// docs/coverage.md, each excepted by documented. The emulator's answers
// are also held to the shapes of the example answers in AuthRocket's API
// documentation (testdata/authrocket-examples).
func TestRESTDifferential(t *testing.T) {
	e := newEnv(t)
	realm := func(name string) string {
		return e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": name}})["id"].(string)
	}
	sides := []*diffSide{
		{name: "emulator", base: e.emulatorURL, auth: http.Header{"Authorization": {"Bearer " + e.apiKey}}, query: "realm_id=" + realm("Differential"), saved: map[string]string{"side": "emulator"}},
		{name: "facade", base: e.httpURL, auth: http.Header{"Authrocket-Api-Key": {e.token}, "Authrocket-Realm": {realm("Differential")}}, saved: map[string]string{"side": "facade"}},
	}
	covered := map[string]bool{}
	examples, compared := documentedExamples(t), map[string]bool{}
	for _, st := range differentialSession {
		name := st.method + " " + st.path
		var answers [2]diffAnswer
		for i, s := range sides {
			answers[i] = s.do(t, st)
		}
		covered[routeOf(st.method, st.path)] = true
		em, fa := answers[0], answers[1]
		if em.status != st.status {
			t.Errorf("%s: the emulator answered %d %s, the session expects %d", name, em.status, em.raw, st.status)
			continue
		}
		answer := fmt.Sprintf("%s %d", routeOf(st.method, st.path), em.status)
		for _, ex := range examples[answer] {
			compared[answer] = true
			for _, d := range exampleDiff("", ex.shape, em.body) {
				t.Errorf("%s: the emulator differs from AuthRocket's example (%s): %s", name, ex.source, d)
			}
		}
		if fa.status != em.status {
			t.Errorf("%s: status %d %s, AuthRocket %d", name, fa.status, fa.raw, em.status)
			continue
		}
		if fa.contentType != em.contentType {
			t.Errorf("%s: Content-Type %q, AuthRocket %q", name, fa.contentType, em.contentType)
		}
		if em.requestID == "" || fa.requestID == "" {
			t.Errorf("%s: X-Request-Id %q, AuthRocket %q: want one from each", name, fa.requestID, em.requestID)
		}
		diffs := documented(diffJSON("", normalize("", em.body), normalize("", fa.body)))
		sort.Strings(diffs)
		for _, d := range diffs {
			t.Errorf("%s: %s", name, d)
		}
	}
	// Every route of the facade is in the session.
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapi.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for path, ops := range doc.Paths {
		if !strings.HasPrefix(path, "/v2/") {
			continue // the gateway's own API, not AuthRocket's
		}
		for method := range ops {
			if r := strings.ToUpper(method) + " " + path; !covered[r] {
				missing = append(missing, r)
			}
		}
	}
	for answer := range examples {
		if !compared[answer] {
			missing = append(missing, answer+" (a documented example)")
		}
	}
	sort.Strings(missing)
	for _, r := range missing {
		t.Errorf("the session never gets %s", r)
	}
}

// docExample is the shape of an example answer in AuthRocket's API
// documentation: its JSON with each value replaced by its kind.
type docExample struct {
	source string // the documentation page
	shape  any
}

// documentedExamples reads testdata/authrocket-examples: the shapes of
// the example answers of AuthRocket's API documentation, by route and
// status ("GET /v2/orgs 200").
func documentedExamples(t *testing.T) map[string][]docExample {
	t.Helper()
	files, err := filepath.Glob("testdata/authrocket-examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no documented examples in testdata/authrocket-examples (%v)", err)
	}
	out := map[string][]docExample{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Source   string
			Examples []struct {
				Endpoint string
				Status   int
				Shape    any
			}
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, ex := range doc.Examples {
			key := fmt.Sprintf("%s %d", ex.Endpoint, ex.Status)
			out[key] = append(out[key], docExample{doc.Source, ex.Shape})
		}
	}
	return out
}

// exampleDiff lists where got, an answer of the emulator, differs from
// shape, a documented example's: keys missing or extra, and kinds (a time
// with a fraction or an integer, a string, an object). Where the example
// has null or an empty object or array, got may hold any value there: the
// example's object had nothing set.
func exampleDiff(path string, shape, got any) []string {
	switch s := shape.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path + ": " + jsonKind(got) + ", documented an object"}
		}
		if len(s) == 0 {
			return nil
		}
		var out []string
		for k, sv := range s {
			gv, ok := g[k]
			if !ok {
				out = append(out, path+"."+k+": missing")
				continue
			}
			out = append(out, exampleDiff(path+"."+k, sv, gv)...)
		}
		for k := range g {
			if _, ok := s[k]; !ok {
				out = append(out, path+"."+k+": not in the example")
			}
		}
		sort.Strings(out)
		return out
	case []any:
		g, ok := got.([]any)
		switch {
		case !ok:
			return []string{path + ": " + jsonKind(got) + ", documented an array"}
		case len(s) == 0:
			return nil
		case len(g) == 0:
			return []string{path + ": [], documented with rows: the session should make one"}
		}
		return exampleDiff(path+"[]", s[0], g[0])
	case string:
		if k := jsonKind(got); s != "null" && k != s {
			return []string{path + ": " + k + ", documented " + s}
		}
	}
	return nil
}

// jsonKind is a decoded JSON value's kind as the examples write it.
func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "fraction"
		}
		return "integer"
	case string:
		return "string"
	case bool:
		return "bool"
	case []any:
		return "array"
	}
	return "object"
}

// diffAnswer is one side's answer to a step.
type diffAnswer struct {
	status                 int
	contentType, requestID string
	body                   any
	raw                    []byte
}

var placeholder = regexp.MustCompile(`\{(?:(totp|state):)?([a-z0-9_]+)\}`)

// fill replaces s's placeholders with the side's saved values.
func (s *diffSide) fill(t *testing.T, in string) string {
	t.Helper()
	return placeholder.ReplaceAllStringFunc(in, func(m string) string {
		sub := placeholder.FindStringSubmatch(m)
		v, ok := s.saved[sub[2]]
		if !ok {
			t.Fatalf("%s: %s was not saved by an earlier step", s.name, m)
		}
		switch sub[1] {
		case "totp":
			return totpNow(t, v)
		case "state":
			return stateOf(t, v)
		}
		return v
	})
}

func (s *diffSide) do(t *testing.T, st diffStep) diffAnswer {
	t.Helper()
	path := s.fill(t, st.path)
	if s.query != "" {
		if strings.Contains(path, "?") {
			path += "&" + s.query
		} else {
			path += "?" + s.query
		}
	}
	var rd io.Reader
	if st.body != nil {
		raw, _ := json.Marshal(st.body)
		rd = strings.NewReader(s.fill(t, string(raw)))
	}
	req, _ := http.NewRequest(st.method, s.base+path, rd)
	for k, v := range s.auth {
		req.Header[k] = v
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	a := diffAnswer{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), requestID: res.Header.Get("X-Request-Id"), raw: raw}
	if len(raw) > 0 {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&a.body); err != nil {
			t.Fatalf("%s %s %s: %d, not JSON: %q", s.name, st.method, path, res.StatusCode, raw)
		}
	}
	if st.save != "" && res.StatusCode/100 == 2 {
		for _, kv := range strings.Split(st.save, ",") {
			name, at, ok := strings.Cut(kv, "=")
			if !ok {
				at = "id"
			}
			v, ok := lookup(a.body, at).(string)
			if !ok || v == "" {
				t.Fatalf("%s %s %s: no %s in %s", s.name, st.method, path, at, raw)
			}
			s.saved[name] = v
		}
	}
	return a
}

// lookup returns the value at a dotted path of a decoded JSON value: a
// key of an object, an index of an array or, in an array, the first row
// whose field has a value (collection.algo=hs256.id).
func lookup(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			v = nil
			if field, want, ok := strings.Cut(k, "="); ok { // the first row whose field is want
				for _, row := range x {
					if m, _ := row.(map[string]any); m != nil && m[field] == want {
						v = row
						break
					}
				}
			} else if i, err := strconv.Atoi(k); err == nil && i < len(x) {
				v = x[i]
			}
		default:
			return nil
		}
	}
	return v
}

// routeOf names the facade route a step's path takes, as the OpenAPI
// document writes it: "GET /v2/users/{id}".
func routeOf(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if placeholder.MatchString(p) {
			parts[i] = "{id}"
		}
	}
	return method + " " + strings.Join(parts, "/")
}

var (
	anID      = regexp.MustCompile(`^[a-z]{2,4}_[0-9A-Za-z]{6,}$`)
	aToken    = regexp.MustCompile(`^t[a-z]{2}:[0-9A-Za-z_-]+$`)
	aJWT      = regexp.MustCompile(`^eyJ[\w-]*\.[\w-]*\.[\w-]*$`)
	aPEM      = regexp.MustCompile(`^-----BEGIN [A-Z ]+-----`)
	randomKey = map[string]bool{
		// Made at random for each object: compared as present or null.
		"otp_secret": true, "provisioning_uri": true, "provisioning_svg": true, "secret": true,
		"code": true, "state": true, "auth_url": true, "token": true, "access_token": true,
		"key": true, "short_key": true, "fqdn": true, "subdomain": true, "uri": true,
	}
)

// normalize replaces, in a decoded answer, the values that differ by
// nature between two runs of the same session with their kind: IDs,
// tokens, JWTs, keys, random secrets and times (whose number form, a
// fraction or an integer, is kept).
func normalize(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[k] = normalize(k, v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = normalize(key, v)
		}
		return out
	case json.Number:
		if strings.HasSuffix(key, "_at") {
			if strings.ContainsAny(string(x), ".eE") {
				return "<time with a fraction>"
			}
			return "<time, an integer>"
		}
	case string:
		switch {
		case strings.HasPrefix(x, "jsk_"): // an hs256 secret, withheld by the facade
			return "jsk_…"
		case randomKey[key]:
			return "<random>"
		case anID.MatchString(x):
			return "<id>"
		case aToken.MatchString(x):
			return "<token>"
		case aJWT.MatchString(x):
			return "<jwt>"
		case aPEM.MatchString(x):
			return "<pem>"
		}
	}
	return v
}

// password is the session's user's password; each change moves to the
// next one.
const (
	password1 = "correct horse 1A!"
	password2 = "battery staple 2B!"
	password3 = "third password 3C!"
)

// endUser is the end user's request, as an app sends it with a login.
var endUser = map[string]any{"ip": "192.0.2.7", "client": "Mozilla/5.0"}

// differentialSession calls every endpoint of the API (docs/coverage.md),
// in an order where each call finds what it needs.
var differentialSession = []diffStep{
	// Realms (account-wide): listed before either side makes one.
	{200, "GET", "/v2/realms", nil, ""},
	{201, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Diff scratch"}}, "scratch"},
	{200, "GET", "/v2/realms/{scratch}", nil, ""},
	{200, "PUT", "/v2/realms/{scratch}", map[string]any{"realm": map[string]any{"name": "Diff scratch 2"}}, ""},
	{200, "POST", "/v2/realms/{scratch}/reset", map[string]any{}, ""},
	{200, "DELETE", "/v2/realms/{scratch}", nil, ""},

	// Users, their tokens and sessions.
	{201, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "diff@example.com", "password": password1, "first_name": "Ada"}}, "user"},
	{200, "GET", "/v2/users/{user}", nil, ""},
	{200, "GET", "/v2/users", nil, ""},
	{200, "PUT", "/v2/users/{user}", map[string]any{"user": map[string]any{"last_name": "Lovelace", "custom": map[string]any{"team": "x"}}}, ""},
	{200, "PUT", "/v2/users/{user}/profile", map[string]any{"user": map[string]any{"first_name": "Augusta"}}, ""},
	{200, "PUT", "/v2/users/{user}/update_password", map[string]any{"user": map[string]any{"current_password": password1, "password": password2, "password_confirmation": password2}}, ""},
	{201, "POST", "/v2/users/{user}/authenticate", map[string]any{"user": map[string]any{"password": password2}, "request": endUser}, ""},
	{200, "POST", "/v2/users/{user}/generate_password_token", map[string]any{}, "tpw=token"},
	{201, "POST", "/v2/users/reset_password_with_token", map[string]any{"user": map[string]any{"token": "{tpw}", "password": password3, "password_confirmation": password3}, "request": endUser}, ""},
	{200, "POST", "/v2/users/{user}/request_email_verification", map[string]any{}, "tve=token"},
	{200, "POST", "/v2/users/verify_email", map[string]any{"user": map[string]any{"token": "{tve}"}}, ""},
	{201, "POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": "{user}"}, "request": endUser}, "session"},
	{200, "GET", "/v2/sessions/{session}", nil, ""},
	{200, "GET", "/v2/sessions?user_id={user}", nil, ""},
	{200, "DELETE", "/v2/sessions/{session}", nil, ""},

	// Orgs, memberships, invitations.
	{201, "POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Diff Inc"}}, "org"},
	{200, "GET", "/v2/orgs/{org}", nil, ""},
	{200, "GET", "/v2/orgs", nil, ""},
	{200, "PUT", "/v2/orgs/{org}", map[string]any{"org": map[string]any{"reference": "r1"}}, ""},
	{201, "POST", "/v2/memberships", map[string]any{"membership": map[string]any{"org_id": "{org}", "user_id": "{user}", "permissions": []string{"a"}}}, "membership"},
	{200, "GET", "/v2/memberships/{membership}", nil, ""},
	{200, "GET", "/v2/memberships?org_id={org}", nil, ""},
	{200, "PUT", "/v2/memberships/{membership}", map[string]any{"membership": map[string]any{"permissions": []string{"b"}}}, ""},
	{200, "DELETE", "/v2/memberships/{membership}", nil, ""},
	{201, "POST", "/v2/invitations", map[string]any{"invitation": map[string]any{"email": "join@example.com", "invitation_type": "org", "org_id": "{org}"}}, "invitation,invitation_token=token"},
	{200, "GET", "/v2/invitations/{invitation}", nil, ""},
	{200, "GET", "/v2/invitations", nil, ""},
	{200, "PUT", "/v2/invitations/{invitation}", map[string]any{"invitation": map[string]any{"permissions": []string{"c"}}}, ""},
	{200, "POST", "/v2/invitations/{invitation}/invite", map[string]any{"invitation": map[string]any{}}, ""},
	{201, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "join@example.com"}}, "joiner"},
	{200, "POST", "/v2/users/{joiner}/accept_invitation", map[string]any{"user": map[string]any{"token": "{invitation_token}"}}, ""},
	{201, "POST", "/v2/invitations", map[string]any{"invitation": map[string]any{"email": "later@example.com", "invitation_type": "org", "org_id": "{org}"}}, "later"},
	{200, "DELETE", "/v2/invitations/{later}", nil, ""},

	// Named permissions and resource links.
	{201, "POST", "/v2/named_permissions", map[string]any{"named_permission": map[string]any{"name": "Reports", "permission": "reports:read"}}, "np"},
	{200, "GET", "/v2/named_permissions/{np}", nil, ""},
	{200, "PUT", "/v2/named_permissions/{np}", map[string]any{"named_permission": map[string]any{"name": "All reports"}}, ""},
	{200, "DELETE", "/v2/named_permissions/{np}", nil, ""},
	{201, "POST", "/v2/resource_links", map[string]any{"resource_link": map[string]any{"title": "Org", "link_url": "https://admin.example.com/orgs", "resource_type": "org"}}, "rsl"},
	{200, "GET", "/v2/resource_links/{rsl}", nil, ""},
	{200, "PUT", "/v2/resource_links/{rsl}", map[string]any{"resource_link": map[string]any{"title": "Org admin"}}, ""},
	{200, "DELETE", "/v2/resource_links/{rsl}", nil, ""},

	// Auth providers, a TOTP credential and the login it then asks for.
	{200, "GET", "/v2/auth_providers", nil, "totp=collection.provider_type=totp.id"},
	{200, "GET", "/v2/auth_providers/{totp}", nil, ""},
	{200, "PUT", "/v2/auth_providers/{totp}", map[string]any{"auth_provider": map[string]any{"state": "active"}}, ""},
	{201, "POST", "/v2/credentials", map[string]any{"credential": map[string]any{"user_id": "{user}", "auth_provider_id": "{totp}", "credential_type": "totp", "name": "Phone"}}, "credential,otp=otp_secret"},
	{200, "GET", "/v2/credentials/{credential}", nil, ""},
	{200, "PUT", "/v2/credentials/{credential}", map[string]any{"credential": map[string]any{"name": "Tablet"}}, ""},
	{200, "POST", "/v2/credentials/{credential}/verify", map[string]any{"credential": map[string]any{"code": "{totp:otp}"}}, ""},
	{201, "POST", "/v2/users/{user}/authenticate", map[string]any{"user": map[string]any{"password": password3}}, "mfa=token"},
	{201, "POST", "/v2/users/authenticate_token", map[string]any{"user": map[string]any{"token": "{mfa}", "code": "{totp:otp}"}}, ""},
	{200, "DELETE", "/v2/credentials/{credential}", nil, ""},
	{201, "POST", "/v2/auth_providers", map[string]any{"auth_provider": map[string]any{"provider_type": "google", "client_id": "pinky", "client_secret": "the-brain"}}, "google"},
	{200, "PUT", "/v2/auth_providers/{google}", map[string]any{"auth_provider": map[string]any{"name": "Workspace"}}, ""},
	{200, "GET", "/v2/auth_providers/authorize?redirect_uri=https://app.example/cb", nil, ""},
	{200, "GET", "/v2/auth_providers/{google}/authorize?redirect_uri=https://app.example/cb", nil, "auth_url=auth_url"},
	{201, "POST", "/v2/auth_providers/authorize", map[string]any{"code": "emulator:social@example.com", "state": "{state:auth_url}"}, ""},
	{201, "POST", "/v2/auth_providers/{google}/authorize", map[string]any{"access_token": "emulator:social@example.com"}, ""},
	{200, "DELETE", "/v2/auth_providers/{google}", nil, ""},

	// Client apps and OAuth2 sessions.
	{201, "POST", "/v2/client_apps", map[string]any{"client_app": map[string]any{"client_type": "oauth2", "name": "Diff app", "redirect_uris": []string{"https://app.example/cb"}}}, "app,app_secret=secret"},
	{200, "GET", "/v2/client_apps/{app}", nil, ""},
	{200, "GET", "/v2/client_apps", nil, ""},
	{200, "PUT", "/v2/client_apps/{app}", map[string]any{"client_app": map[string]any{"name": "Diff app 2"}}, ""},
	{201, "POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": "{app}", "user_id": "{user}", "redirect_uri": "https://app.example/cb"}}, "oauth2,oauth2_code=code"},
	{200, "GET", "/v2/sessions/oauth2/{oauth2}", nil, ""},
	{200, "POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{"client_app_id": "{app}", "client_app_secret": "{app_secret}", "code": "{oauth2_code}"}}, ""},
	{200, "DELETE", "/v2/client_apps/{app}", nil, ""},

	// Domains and JWT keys.
	{201, "POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}}, "domain"},
	{200, "GET", "/v2/domains/{domain}", nil, ""},
	{200, "GET", "/v2/domains", nil, ""},
	{200, "PUT", "/v2/domains/{domain}", map[string]any{"domain": map[string]any{"subdomain": "diff-{side}"}}, ""},
	{200, "POST", "/v2/domains/{domain}/verify", map[string]any{"domain": map[string]any{}}, ""},
	{200, "DELETE", "/v2/domains/{domain}", nil, ""},
	{201, "POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "rs256", "use": "sign"}}, "jwt_key"},
	{200, "GET", "/v2/jwt_keys/{jwt_key}", nil, ""},
	{200, "GET", "/v2/jwt_keys", nil, "hs256=collection.algo=hs256.id"},
	{200, "DELETE", "/v2/jwt_keys/{jwt_key}", nil, ""},

	// Hooks, providers, mailing-list subscriptions.
	{201, "POST", "/v2/hooks", map[string]any{"hook": map[string]any{"event_type": "membership.created", "hook_type": "webhook", "destination": "https://example.com/hook"}}, "hook"},
	{200, "GET", "/v2/hooks/{hook}", nil, ""},
	{200, "GET", "/v2/hooks", nil, ""},
	{200, "PUT", "/v2/hooks/{hook}", map[string]any{"hook": map[string]any{"name": "Members"}}, ""},
	{200, "DELETE", "/v2/hooks/{hook}", nil, ""},
	{201, "POST", "/v2/smtp_providers", map[string]any{"smtp_provider": map[string]any{"provider_name": "Mail", "provider_type": "smtp", "email_from": "a@example.com", "smtp_host": "mx.example.com", "smtp_password": "pw-0123456789"}}, "smtp"},
	{200, "GET", "/v2/smtp_providers/{smtp}", nil, ""},
	{200, "GET", "/v2/smtp_providers", nil, ""},
	{200, "PUT", "/v2/smtp_providers/{smtp}", map[string]any{"smtp_provider": map[string]any{"provider_name": "Mail 2"}}, ""},
	{200, "DELETE", "/v2/smtp_providers/{smtp}", nil, ""},
	{201, "POST", "/v2/mailing_list_providers", map[string]any{"mailing_list_provider": map[string]any{"provider_name": "News", "provider_type": "mailchimp"}}, "mlp"},
	{200, "GET", "/v2/mailing_list_providers/{mlp}", nil, ""},
	{200, "GET", "/v2/mailing_list_providers", nil, ""},
	{200, "PUT", "/v2/mailing_list_providers/{mlp}", map[string]any{"mailing_list_provider": map[string]any{"provider_name": "News 2"}}, ""},
	{201, "POST", "/v2/hooks", map[string]any{"hook": map[string]any{"event_type": "user.created", "hook_type": "mailing_list", "mailing_list_provider_id": "{mlp}", "list_id": "news"}}, "list_hook"},
	{201, "POST", "/v2/mailing_list_subscriptions", map[string]any{"mailing_list_subscription": map[string]any{"user_id": "{user}", "hook_id": "{list_hook}", "list_state": "pending"}}, "subscription"},
	{200, "GET", "/v2/mailing_list_subscriptions/{subscription}", nil, ""},
	{200, "GET", "/v2/mailing_list_subscriptions?user_id={user}", nil, ""},
	{200, "PUT", "/v2/mailing_list_subscriptions/{subscription}", map[string]any{"mailing_list_subscription": map[string]any{"list_state": "subscribed"}}, ""},
	{200, "DELETE", "/v2/mailing_list_subscriptions/{subscription}", nil, ""},
	{200, "DELETE", "/v2/hooks/{list_hook}", nil, ""},
	{200, "DELETE", "/v2/mailing_list_providers/{mlp}", nil, ""},

	// Events of all of the above.
	{200, "GET", "/v2/events", nil, "event=collection.0.id"},
	{200, "GET", "/v2/events/{event}", nil, ""},

	// Errors, as AuthRocket writes them.
	{404, "GET", "/v2/users/usr_0000000000000000000000", nil, ""},
	{422, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "diff@example.com"}}, ""},
	{409, "DELETE", "/v2/jwt_keys/{hs256}", nil, ""},

	// The session's objects, removed.
	{200, "DELETE", "/v2/orgs/{org}", nil, ""},
	{200, "DELETE", "/v2/users/{joiner}", nil, ""},
	{200, "DELETE", "/v2/users/{user}", nil, ""},
}
