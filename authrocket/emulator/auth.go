package emulator

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// credentials reads the API key and the Bearer realm suffix from a
// request. The key comes from Authrocket-Api-Key, else from
// "Authorization: Bearer <key>[,<realm>]". Only the Bearer scheme counts.
func credentials(h http.Header) (key, bearerRealm string) {
	if auth := strings.TrimSpace(h.Get("Authorization")); auth != "" {
		scheme, rest, ok := strings.Cut(auth, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			k, realm, _ := strings.Cut(strings.TrimSpace(rest), ",")
			key = strings.TrimSpace(k)
			bearerRealm = strings.TrimSpace(realm)
		}
	}
	if k := strings.TrimSpace(h.Get("Authrocket-Api-Key")); k != "" {
		key = k
	}
	return key, bearerRealm
}

// authorized reports whether the request carries one of the account's API
// keys.
func (e *Emulator) authorized(h http.Header) bool {
	key, _ := credentials(h)
	if key == "" {
		return false
	}
	e.kmu.RLock()
	defer e.kmu.RUnlock()
	ok := false
	for _, k := range e.keys {
		if subtle.ConstantTimeCompare([]byte(key), []byte(k)) == 1 {
			ok = true
		}
	}
	return ok
}

// realmParam finds the realm a request names: the Authrocket-Realm
// header, else realm_id in the query, else realm_id in the body (top level
// or inside the root element), else the realm after the comma in the
// Bearer token.
func realmParam(r *http.Request, q query, body map[string]any, root string) string {
	if v := strings.TrimSpace(r.Header.Get("Authrocket-Realm")); v != "" {
		return v
	}
	if v, ok := q.get("realm_id"); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	if s, ok := scalarString(body["realm_id"]); ok && strings.TrimSpace(s) != "" {
		return strings.TrimSpace(s)
	}
	if root != "" {
		if obj, ok := body[root].(map[string]any); ok {
			if s, ok := scalarString(obj["realm_id"]); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	_, br := credentials(r.Header)
	return br
}

// resolveRealm returns the realm a realm-scoped call works in: 400 when
// none is named, 404 when it does not exist. The caller holds e.mu.
func (c *call) resolveRealm(root string) (*realm, *apiError) {
	id := realmParam(c.r, c.query, c.body, root)
	if id == "" {
		return nil, newError(http.StatusBadRequest, "realm_required")
	}
	rl, ok := c.e.realms[id]
	if !ok {
		return nil, errNotFound()
	}
	return rl, nil
}
