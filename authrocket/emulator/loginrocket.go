package emulator

import (
	"net"
	"net/http"
	"strings"
)

// LoginRocketPrefix is the path under which the emulator serves each
// LoginRocket host by name, for clients that cannot set the Host header
// (browsers, fetch): /_loginrocket/<fqdn>/connect/jwks answers what
// https://<fqdn>/connect/jwks would.
const LoginRocketPrefix = "/_loginrocket/"

// LoginRocketURL returns the URL at which an emulator reachable at base
// (e.g. "http://127.0.0.1:8081") serves the LoginRocket host fqdn: a base
// URL for an SDK's LOGINROCKET_URL, which appends /connect/jwks.
func LoginRocketURL(base, fqdn string) string {
	return strings.TrimSuffix(base, "/") + LoginRocketPrefix + fqdn
}

// serveLoginRocket answers the LoginRocket requests the emulator knows,
// which need no API key: GET /connect/jwks for the realm whose domain's
// fqdn is the request's Host, and the same under LoginRocketPrefix. It
// reports whether the request was one of them.
func (e *Emulator) serveLoginRocket(w http.ResponseWriter, r *http.Request, lang string) bool {
	var host, rest string
	if p, ok := strings.CutPrefix(r.URL.Path, LoginRocketPrefix); ok {
		host, rest, _ = strings.Cut(p, "/")
		rest = "/" + rest
	} else if r.URL.Path == "/connect/jwks" {
		host, rest = r.Host, r.URL.Path
		if h, _, err := net.SplitHostPort(r.Host); err == nil {
			host = h
		}
	} else {
		return false
	}
	if rest != "/connect/jwks" {
		writeError(w, errNotFound(), lang)
		return true
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		aerr := newError(http.StatusMethodNotAllowed, "method_not_allowed")
		aerr.allow = "GET, HEAD"
		writeError(w, aerr, lang)
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rl, d := e.domainByFQDN(strings.TrimSuffix(strings.ToLower(host), "."))
	if d == nil || !d.serves() {
		writeError(w, errNotFound(), lang)
		return true
	}
	keys, err := rl.jwks()
	if err != nil {
		writeError(w, errNoSigningKey, lang)
		return true
	}
	// LoginRocket is called from browsers.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
	return true
}
