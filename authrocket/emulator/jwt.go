package emulator

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// jwtIssuer is the iss claim of every AuthRocket login token.
const jwtIssuer = "https://authrocket.com"

// jwtHeader is the JOSE header of a login token.
type jwtHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
	Kid string `json:"kid,omitempty"`
}

// signJWT signs claims with the realm's signing key (the newest key of its
// jwt_algo, jwt_keys.go): RS256 with its RSA key, or HS256 with its jsk_
// secret used as raw UTF-8 bytes. The header's kid is the key's id, so
// RS256 tokens match the realm's JWKS.
func signJWT(rl *realm, claims map[string]any) (string, error) {
	key, err := rl.signingKey()
	if err != nil {
		return "", err
	}
	h := jwtHeader{Alg: "RS256", Typ: "JWT", Kid: key.id}
	if key.algo == "hs256" {
		h.Alg = "HS256"
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(hb) + "." + enc.EncodeToString(cb)
	var sig []byte
	if key.algo == "hs256" {
		mac := hmac.New(sha256.New, []byte(key.secret))
		mac.Write([]byte(signing))
		sig = mac.Sum(nil)
	} else {
		priv, err := key.rsaKey()
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256([]byte(signing))
		sig, err = rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, sum[:])
		if err != nil {
			return "", err
		}
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

// sessionClaims builds the login token claims for u, as LoginRocket's tokens
// carry them. Optional claims are left out when unset; orgs appear when the
// realm's jwt_scopes include "ar.orgs".
func sessionClaims(rl *realm, u *user, sid string, iat, exp time.Time) map[string]any {
	c := map[string]any{
		"iss":            jwtIssuer,
		"sub":            u.id,
		"sid":            sid,
		"rid":            rl.id,
		"iat":            iat.Unix(),
		"exp":            exp.Unix(),
		"name":           u.displayName(),
		"email":          u.email,
		"email_verified": u.emailVerification == "verified",
	}
	setOpt := func(k string, v *string) {
		if v != nil {
			c[k] = *v
		}
	}
	setOpt("given_name", u.firstName)
	setOpt("family_name", u.lastName)
	setOpt("preferred_username", u.username)
	setOpt("locale", u.locale)
	setOpt("ref", u.reference)
	if len(u.custom) > 0 {
		c["cs"] = u.custom
	}
	if rl.hasScope("ar.orgs") {
		c["orgs"] = orgClaims(rl, u)
	}
	return c
}

// orgClaims lists u's memberships (in id order, skipping closed orgs) as
// token orgs. Exactly one is selected: the first membership marked
// selected, else the first one.
func orgClaims(rl *realm, u *user) []map[string]any {
	var mbs []*membership
	for _, mb := range rl.memberships {
		if mb.userID != u.id {
			continue
		}
		if o := rl.orgs[mb.orgID]; o == nil || o.state == "closed" {
			continue
		}
		mbs = append(mbs, mb)
	}
	slices.SortFunc(mbs, func(a, b *membership) int { return strings.Compare(a.id, b.id) })
	sel := -1
	for i, mb := range mbs {
		if mb.selected {
			sel = i
			break
		}
	}
	if sel < 0 && len(mbs) > 0 {
		sel = 0
	}
	out := make([]map[string]any, 0, len(mbs))
	for i, mb := range mbs {
		o := rl.orgs[mb.orgID]
		entry := map[string]any{
			"oid":      o.id,
			"mid":      mb.id,
			"name":     o.name,
			"perm":     append([]string{}, mb.permissions...),
			"selected": i == sel,
		}
		if o.reference != nil {
			entry["ref"] = *o.reference
		}
		if len(o.custom) > 0 {
			entry["cs"] = o.custom
		}
		out = append(out, entry)
	}
	return out
}
