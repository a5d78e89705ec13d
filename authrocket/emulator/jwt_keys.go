package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"
)

// jwtKey is one of a realm's login-token signing keys. Its id is the kid of
// the tokens it signs. A realm signs new tokens with the newest key of its
// jwt_algo; every key verifies until deleted.
type jwtKey struct {
	id        string
	algo      string // "rs256" or "hs256"
	createdAt time.Time
	secret    string          // hs256: the jsk_ secret, used as raw UTF-8 bytes
	rsa       *rsa.PrivateKey // rs256: RSA-2048, generated on first use
	spki      []byte          // rs256: DER SubjectPublicKeyInfo of rsa
}

// generateRSAKey makes an RSA-2048 key (45–180 ms). Tests replace it.
var generateRSAKey = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }

// rsaPair is a generated RSA key with its DER SubjectPublicKeyInfo.
type rsaPair struct {
	priv *rsa.PrivateKey
	spki []byte
}

// newRSAPair generates an rs256 key. It is slow: the calls that answer a
// new key make it before taking e.mu (a route's prep), and the others on
// first use.
func newRSAPair() (*rsaPair, error) {
	priv, err := generateRSAKey()
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, err
	}
	return &rsaPair{priv: priv, spki: der}, nil
}

// setRSA gives an rs256 key the RSA key p, if it has none yet and p is not
// nil.
func (k *jwtKey) setRSA(p *rsaPair) {
	if k.rsa == nil && p != nil {
		k.rsa, k.spki = p.priv, p.spki
	}
}

// rsaKey returns an rs256 key's private key, generating it on first use
// (key generation is slow, and most realms of a test never sign).
func (k *jwtKey) rsaKey() (*rsa.PrivateKey, error) {
	if k.rsa != nil {
		return k.rsa, nil
	}
	p, err := newRSAPair()
	if err != nil {
		return nil, err
	}
	k.setRSA(p)
	return k.rsa, nil
}

// keyString returns what AuthRocket shows as the key: the PEM public key
// (SPKI) of an rs256 key, the jsk_ secret of an hs256 key.
func (k *jwtKey) keyString() (string, error) {
	if k.algo == "hs256" {
		return k.secret, nil
	}
	if _, err := k.rsaKey(); err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: k.spki})), nil
}

// shortKey returns the key without PEM armor and line breaks (what the SDKs
// accept as a bare key); the secret of an hs256 key.
func (k *jwtKey) shortKey() (string, error) {
	if k.algo == "hs256" {
		return k.secret, nil
	}
	if _, err := k.rsaKey(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(k.spki), nil
}

// addJWTKey generates a key of algo for the realm and stores it.
func (rl *realm) addJWTKey(e *Emulator, algo string, now time.Time) *jwtKey {
	k := &jwtKey{id: e.newID("jky_"), algo: algo, createdAt: now}
	if algo == "hs256" {
		k.secret = "jsk_" + randomAlnum(40)
	}
	rl.jwtKeys[k.id] = k
	return k
}

// currentKey returns the newest key of algo (ids sort in creation order), or
// nil if the realm has none.
func (rl *realm) currentKey(algo string) *jwtKey {
	var cur *jwtKey
	for _, k := range rl.jwtKeys {
		if k.algo == algo && (cur == nil || k.id > cur.id) {
			cur = k
		}
	}
	return cur
}

// signingKey returns the key that signs the realm's new tokens: the newest
// key of its jwt_algo.
func (rl *realm) signingKey() (*jwtKey, error) {
	k := rl.currentKey(rl.jwtAlgo)
	if k == nil {
		return nil, errNoSigningKey
	}
	return k, nil
}

// errNoSigningKey cannot happen while the last key of each algorithm is
// kept; it guards signJWT anyway.
var errNoSigningKey = newError(http.StatusInternalServerError, "fault_5xx")

// jwtKeyJSON is the JSON shape of a JWT key.
type jwtKeyJSON struct {
	ID        string    `json:"id"`
	Object    string    `json:"object"`
	RealmID   string    `json:"realm_id"`
	Algo      string    `json:"algo"`
	Use       string    `json:"use"`
	Key       string    `json:"key"`
	ShortKey  string    `json:"short_key"`
	Flags     []string  `json:"flags"`
	CreatedAt floatTime `json:"created_at"`
}

// renderJWTKey returns the key's JSON shape; flags holds "current" for the
// newest key of its algorithm.
func (rl *realm) renderJWTKey(k *jwtKey) (jwtKeyJSON, *apiError) {
	key, err := k.keyString()
	if err != nil {
		return jwtKeyJSON{}, errNoSigningKey
	}
	short, _ := k.shortKey()
	flags := []string{}
	if rl.currentKey(k.algo) == k {
		flags = append(flags, "current")
	}
	return jwtKeyJSON{
		ID: k.id, Object: "jwt_key", RealmID: rl.id, Algo: k.algo, Use: "sign",
		Key: key, ShortKey: short, Flags: flags, CreatedAt: floatTime(k.createdAt),
	}, nil
}

// jwk is one key of a JWKS document: the RSA public key as n and e for
// standard consumers, and as x5c[0] (base64 DER SPKI, not a certificate) for
// AuthRocket's SDKs.
type jwk struct {
	Kty string   `json:"kty"`
	Kid string   `json:"kid"`
	Use string   `json:"use"`
	Alg string   `json:"alg"`
	N   string   `json:"n"`
	E   string   `json:"e"`
	X5c []string `json:"x5c"`
}

// jwks returns the realm's JWKS: every rs256 key, oldest first.
func (rl *realm) jwks() ([]jwk, error) {
	var keys []*jwtKey
	for _, k := range rl.jwtKeys {
		if k.algo == "rs256" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b *jwtKey) int { return strings.Compare(a.id, b.id) })
	out := make([]jwk, 0, len(keys))
	for _, k := range keys {
		priv, err := k.rsaKey()
		if err != nil {
			return nil, err
		}
		enc := base64.RawURLEncoding
		out = append(out, jwk{
			Kty: "RSA", Kid: k.id, Use: "sig", Alg: "RS256",
			N:   enc.EncodeToString(priv.N.Bytes()),
			E:   enc.EncodeToString(big.NewInt(int64(priv.E)).Bytes()),
			X5c: []string{base64.StdEncoding.EncodeToString(k.spki)},
		})
	}
	return out, nil
}

// renderJWTKeyAnswer answers status with the key.
func (c *call) renderJWTKeyAnswer(status int, k *jwtKey) (int, any, *apiError) {
	j, aerr := c.realm.renderJWTKey(k)
	if aerr != nil {
		return 0, nil, aerr
	}
	return status, j, nil
}

// listJWTKeys handles GET /v2/jwt_keys: sort id, newest first unless
// direction=asc (a guess: AuthRocket documents desc only for AuthRocket
// 1's events).
func listJWTKeys(c *call) (int, any, *apiError) {
	return listSorted(c, c.realm.jwtKeys, listSpec[*jwtKey]{desc: true}, c.realm.renderJWTKey)
}

// getJWTKey handles GET /v2/jwt_keys/:id.
func getJWTKey(c *call) (int, any, *apiError) {
	k, aerr := lookupIn(c, c.realm.jwtKeys)
	if aerr != nil {
		return 0, nil, aerr
	}
	return c.renderJWTKeyAnswer(http.StatusOK, k)
}

// jwtKeyAlgo validates the attributes of a new JWT key, algo (required,
// rs256 or hs256, any case) and use (only "sign"), and returns the algo.
func jwtKeyAlgo(a attrs) (string, *apiError) {
	var v verrs
	s, _, _ := a.str("algo")
	algo := strings.ToLower(strings.TrimSpace(deref(s)))
	switch {
	case algo == "":
		v.attr("blank", "algo")
	case algo != "rs256" && algo != "hs256":
		v.attr("inclusion", "algo")
	}
	if use, present, _ := a.str("use"); present && (use == nil || *use != "sign") {
		v.attr("inclusion", "use")
	}
	return algo, v.err()
}

// prepJWTKey makes the RSA key of a valid rs256 POST /v2/jwt_keys before
// e.mu is taken.
func prepJWTKey(c *call) {
	if algo, aerr := jwtKeyAlgo(rootAttrs(c.body, "jwt_key")); aerr == nil && algo == "rs256" {
		c.newKey, _ = newRSAPair() // on failure it is made on first use
	}
}

// createJWTKey handles POST /v2/jwt_keys: algo (required) and use (only
// "sign"). The key is always generated (an rs256 one by prepJWTKey); a
// key sent in the body is ignored.
func createJWTKey(c *call) (int, any, *apiError) {
	algo, aerr := jwtKeyAlgo(rootAttrs(c.body, "jwt_key"))
	if aerr != nil {
		return 0, nil, aerr
	}
	k := c.realm.addJWTKey(c.e, algo, c.now)
	k.setRSA(c.newKey)
	return c.renderJWTKeyAnswer(http.StatusCreated, k)
}

// deleteJWTKey handles DELETE /v2/jwt_keys/:id: the key is gone, and tokens
// it signed no longer verify. The realm's last key of an algorithm cannot
// go (409), so that the realm can always sign. It answers the deleted key.
func deleteJWTKey(c *call) (int, any, *apiError) {
	k, aerr := lookupIn(c, c.realm.jwtKeys)
	if aerr != nil {
		return 0, nil, aerr
	}
	same := 0
	for _, x := range c.realm.jwtKeys {
		if x.algo == k.algo {
			same++
		}
	}
	if same == 1 {
		return 0, nil, newError(http.StatusConflict, "last_jwt_key", "value", k.algo)
	}
	j, aerr := c.realm.renderJWTKey(k)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.jwtKeys, k.id)
	j.Flags = []string{}
	return http.StatusOK, j, nil
}
