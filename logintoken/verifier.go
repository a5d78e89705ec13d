package logintoken

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/golang-jwt/jwt/v5"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
	"google.golang.org/protobuf/proto"
)

// Defaults of Config.
const (
	// Leeway is the clock skew allowed on a token's exp and iat (the
	// SDKs' 5 s).
	Leeway = 5 * time.Second
	// DefaultCacheSize bounds the verified-token cache.
	DefaultCacheSize = 10000
	// KeyRefreshInterval is the least time between two fetches of the JWKS
	// (for an unknown kid) and, across realms, the mean time between two
	// reads of a realm's key.
	KeyRefreshInterval = 10 * time.Second
	// KeyMaxAge is how long a key fetched from LoginRocket or read through
	// the API is used before it is fetched again, and how long a verified
	// token stays cached at most: a retired key stops verifying within it.
	KeyMaxAge = 10 * time.Minute
	// MaxTokenBytes bounds a token.
	MaxTokenBytes = 8192
)

// Reason says why a token is not valid.
type Reason int

// Reasons of Invalid.
const (
	Malformed           Reason = iota + 1 // not a JWT, or claims of the wrong shape
	AlgorithmNotAllowed                   // an algorithm the key does not allow (none, HS256 on an RSA key, …)
	UnknownKey                            // no key of the gateway's fits the token
	BadSignature                          // the signature does not match
	WrongIssuer                           // iss is not https://authrocket.com
	Expired                               // exp has passed
	NotYetValid                           // iat is in the future
	TooOld                                // iat is older than Options.MaxAge
	ForeignRealm                          // a realm the caller may not use
	Revoked                               // AuthRocket no longer has the session
)

// Invalid is why a token is not valid. Its message never repeats the token.
type Invalid struct {
	Reason  Reason
	Message string
}

func invalid(r Reason, format string, args ...any) *Invalid {
	return &Invalid{Reason: r, Message: fmt.Sprintf(format, args...)}
}

// Options are the checks of one Verify beyond those every token passes.
type Options struct {
	// MaxAge, when positive, refuses a token issued longer ago (the Ruby
	// SDK's within:).
	MaxAge time.Duration
	// Realm, when set, reports whether the caller may use the token's
	// realm; a token of another realm is ForeignRealm.
	Realm func(realm string) bool
	// CheckSession also asks AuthRocket whether the session still exists,
	// so a logged-out or revoked session is refused (Config.SessionExists;
	// a round trip, never cached).
	CheckSession bool
}

// Config configures a Verifier. Keys come from any of LoginRocketURL, a
// configured key (SetKey) and RealmKey; with none of them every token is
// UnknownKey.
type Config struct {
	// LoginRocketURL is the realm's LoginRocket URL; its /connect/jwks
	// holds the realm's RSA keys by kid. It must be https, except on a
	// loopback host.
	LoginRocketURL string
	// HTTPClient fetches the JWKS. Default: TLS 1.2 or later, no
	// redirects, a 10 s timeout.
	HTTPClient *http.Client
	// Realm is the realm whose keys LoginRocketURL and the configured key
	// are (AUTHROCKET_REALM): the tokens of every other realm are verified
	// with their own realm's keys, read through the API. "": those two
	// sources, when set, verify the tokens of every realm.
	Realm string
	// RealmKey reads a realm's key (its jwt_key) through AuthRocket's API:
	// "" for a realm AuthRocket does not know. It is used for the realms
	// that neither LoginRocketURL nor a configured key covers (Realm).
	RealmKey func(ctx context.Context, realm string) (string, error)
	// RealmKeysByKid, optional, reads a realm's JWT keys by kid through
	// AuthRocket's API, with RealmKey: a token whose kid is one of them is
	// verified with that key (a rotated-out key still verifies its tokens
	// until it is deleted), and the realm's JWKS (RealmJWKS) has their kids.
	RealmKeysByKid func(ctx context.Context, realm string) (map[string]string, error)
	// SessionExists reports whether AuthRocket still has a session
	// (Options.CheckSession). Required for CheckSession.
	SessionExists func(ctx context.Context, realm, session string) (bool, error)
	// CacheSize bounds the verified-token cache; default DefaultCacheSize,
	// negative turns the cache off.
	CacheSize int
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Metrics, when set, registers the Verifier's metrics
	// (authrocket_gateway_token_*); nil: no metrics.
	Metrics prometheus.Registerer
}

// Verifier verifies login tokens. It is safe for concurrent use.
type Verifier struct {
	realm         string // Config.Realm
	now           func() time.Time
	jwks          *jwksSource
	realms        *realmSource
	sessionExists func(ctx context.Context, realm, session string) (bool, error)
	configured    atomic.Pointer[key]
	parser        *jwt.Parser

	cache *lru.Cache[[sha256.Size]byte, cached]
	gen   atomic.Uint64 // bumped when the keys change; older cache entries are void

	metrics *metrics // nil: none
}

// cached is a verified token.
type cached struct {
	gen     uint64
	at      time.Time // when it was verified
	claims  *claims
	session *arv2.Session
}

// New returns a Verifier for cfg.
func New(cfg Config) (*Verifier, error) {
	v := &Verifier{realm: cfg.Realm, now: cfg.Now, sessionExists: cfg.SessionExists}
	if v.now == nil {
		v.now = time.Now
	}
	v.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{algRS256, algHS256}),
		jwt.WithIssuer(Issuer),
		jwt.WithLeeway(Leeway),
		jwt.WithIssuedAt(),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return v.now() }),
	)
	if cfg.LoginRocketURL != "" {
		u, err := jwksURL(cfg.LoginRocketURL)
		if err != nil {
			return nil, err
		}
		client := cfg.HTTPClient
		if client == nil {
			client = &http.Client{
				Timeout:       10 * time.Second,
				Transport:     &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}, Proxy: http.ProxyFromEnvironment},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
		}
		v.jwks = &jwksSource{url: u, client: client, maxAge: KeyMaxAge}
	}
	if cfg.RealmKey != nil {
		v.realms = &realmSource{fetch: cfg.RealmKey, byKid: cfg.RealmKeysByKid, maxAge: KeyMaxAge, firstReads: rate.NewLimiter(1, 20), realms: map[string]*realmState{}}
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = DefaultCacheSize
	}
	if cfg.CacheSize > 0 {
		c, err := lru.New[[sha256.Size]byte, cached](cfg.CacheSize)
		if err != nil {
			return nil, err
		}
		v.cache = c
	}
	if cfg.Metrics != nil {
		m, err := newMetrics(cfg.Metrics)
		if err != nil {
			return nil, fmt.Errorf("logintoken: registering metrics: %w", err)
		}
		v.metrics = m
	}
	return v, nil
}

// jwksURL is LoginRocket's JWKS URL: https, or http to a loopback host.
func jwksURL(loginRocket string) (string, error) {
	u, err := url.Parse(loginRocket)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("logintoken: LoginRocket URL must look like https://example.e2.loginrocket.com")
	}
	ip := net.ParseIP(u.Hostname())
	loopback := u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback) {
		return "", fmt.Errorf("logintoken: LoginRocket URL must be https (plain http only on a loopback host), got %q", u.Scheme)
	}
	return strings.TrimSuffix(u.String(), "/") + "/connect/jwks", nil
}

// SetKey puts a configured key in force (AUTHROCKET_JWT_KEY: an HS256
// secret or an RSA public key), or removes it with "". Verified tokens are
// forgotten. Errors never repeat the key.
func (v *Verifier) SetKey(s string) error {
	if strings.TrimSpace(s) == "" {
		v.configured.Store(nil)
		v.gen.Add(1)
		return nil
	}
	k, err := parseKey(s)
	if err != nil {
		return err
	}
	v.configured.Store(k)
	v.gen.Add(1)
	return nil
}

// Verify checks token. A token that is not valid is an Invalid, not an
// error: an error means the Verifier could not tell (LoginRocket or
// AuthRocket could not be reached for a key or a session check).
func (v *Verifier) Verify(ctx context.Context, token string, opts Options) (*arv2.Session, *Invalid, error) {
	s, bad, err := v.verify(ctx, token, opts)
	v.metrics.verified(bad, err)
	return s, bad, err
}

func (v *Verifier) verify(ctx context.Context, token string, opts Options) (*arv2.Session, *Invalid, error) {
	if len(token) > MaxTokenBytes {
		return nil, invalid(Malformed, "the token is longer than %d bytes", MaxTokenBytes), nil
	}
	sum := sha256.Sum256([]byte(token))
	gen := v.gen.Load()
	var c *claims
	var s *arv2.Session
	if v.cache != nil {
		if hit, ok := v.cache.Get(sum); ok && hit.gen == gen && v.now().Sub(hit.at) < KeyMaxAge {
			c, s = hit.claims, hit.session
		}
		v.metrics.cached(c != nil)
	}
	if c == nil {
		var bad *Invalid
		var err error
		c, bad, err = v.verifySignature(ctx, token, opts)
		if bad != nil || err != nil {
			return nil, bad, err
		}
		s = c.session(token)
		if v.cache != nil {
			v.cache.Add(sum, cached{gen: gen, at: v.now(), claims: c, session: s})
		}
	}
	now := v.now()
	// The library checked these once; a cached token is checked again.
	switch {
	case !now.Before(c.expiresAt().Add(Leeway)):
		return nil, invalid(Expired, "the token expired at %s", c.expiresAt().UTC().Format(time.RFC3339)), nil
	case c.issuedAt().After(now.Add(Leeway)):
		return nil, invalid(NotYetValid, "the token is issued in the future (%s)", c.issuedAt().UTC().Format(time.RFC3339)), nil
	case opts.MaxAge > 0 && now.Sub(c.issuedAt()) > opts.MaxAge+Leeway:
		return nil, invalid(TooOld, "the token was issued %s ago, more than the %s allowed", now.Sub(c.issuedAt()).Round(time.Second), opts.MaxAge), nil
	case opts.Realm != nil && !opts.Realm(c.Realm):
		return nil, invalid(ForeignRealm, "the token is of realm %s, which this caller may not use", c.Realm), nil
	}
	if opts.CheckSession {
		if v.sessionExists == nil {
			return nil, nil, errors.New("logintoken: no way to check sessions is configured")
		}
		ok, err := v.sessionExists(ctx, c.Realm, c.Session)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, invalid(Revoked, "AuthRocket no longer has session %s", c.Session), nil
		}
	}
	return proto.CloneOf(s), nil, nil
}

// verifySignature checks the token's form, signature, issuer and times,
// and, before any key is looked up, that the caller may use the realm the
// token claims (opts.Realm), so that no caller makes the gateway fetch
// keys of realms outside its policy.
func (v *Verifier) verifySignature(ctx context.Context, token string, opts Options) (*claims, *Invalid, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, invalid(Malformed, "a token has three dot-separated parts, this one %d", len(parts)), nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	var h map[string]any
	if err != nil || json.Unmarshal(raw, &h) != nil {
		return nil, invalid(Malformed, "the token's header is not base64url JSON"), nil
	}
	if alg, _ := h["alg"].(string); alg != algRS256 && alg != algHS256 {
		return nil, invalid(AlgorithmNotAllowed, "algorithm %q is not allowed: AuthRocket signs RS256 or HS256", clip(fmt.Sprint(h["alg"]))), nil
	}
	var fetchErr error
	reread := false
	c := &claims{}
	for attempt := 0; attempt < 2; attempt++ {
		c = &claims{}
		_, err = v.parser.ParseWithClaims(token, c, func(t *jwt.Token) (any, error) {
			// What the library verifies with, not a second reading.
			alg := t.Method.Alg()
			kid, _ := t.Header["kid"].(string)
			if !realmIDRE.MatchString(c.Realm) {
				return nil, errNoRealm
			}
			if opts.Realm != nil && !opts.Realm(c.Realm) {
				return nil, errForeignRealm
			}
			k, err := v.keyFor(ctx, kid, c.Realm, reread)
			if err != nil {
				fetchErr = err
				return nil, err
			}
			if k == nil {
				return nil, errUnknownKey
			}
			if k.alg != alg {
				return nil, errAlgorithm{key: k.alg, token: alg}
			}
			return k.verifyKey(), nil
		})
		if err == nil {
			if !c.wellFormed() {
				return nil, invalid(Malformed, "the token's claims lack the user (sub), session (sid), realm (rid), iat or exp of an AuthRocket login token"), nil
			}
			return c, nil, nil
		}
		// A realm's key read through the API may have been rotated: read
		// it once more before the signature counts as bad.
		if errors.Is(err, jwt.ErrTokenSignatureInvalid) && v.usesRealmKeys(c.Realm) && !reread {
			reread = true
			continue
		}
		break
	}
	kid, _ := h["kid"].(string)
	var alg errAlgorithm
	switch {
	case fetchErr != nil:
		return nil, nil, fetchErr
	case errors.Is(err, errForeignRealm):
		return nil, invalid(ForeignRealm, "the token is of realm %s, which this caller may not use", c.Realm), nil
	case errors.Is(err, errNoRealm):
		return nil, invalid(Malformed, "the token names no realm (rid) of AuthRocket's shape"), nil
	case errors.As(err, &alg):
		return nil, invalid(AlgorithmNotAllowed, "the token is %s, but its key allows only %s", alg.token, alg.key), nil
	case errors.Is(err, errUnknownKey):
		if kid != "" {
			return nil, invalid(UnknownKey, "no key of the gateway's has kid %q", clip(kid)), nil
		}
		return nil, invalid(UnknownKey, "no key of the gateway's fits the token"), nil
	case errors.Is(err, jwt.ErrTokenInvalidIssuer), errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && c.Issuer == "":
		return nil, invalid(WrongIssuer, "the token is not issued by %s", Issuer), nil
	case errors.Is(err, jwt.ErrTokenMalformed), errors.Is(err, jwt.ErrTokenRequiredClaimMissing), errors.Is(err, jwt.ErrInvalidType):
		return nil, invalid(Malformed, "the token is malformed"), nil
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return nil, invalid(BadSignature, "the token's signature does not match its key"), nil
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, invalid(Expired, "the token has expired"), nil
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued), errors.Is(err, jwt.ErrTokenNotValidYet):
		return nil, invalid(NotYetValid, "the token is not valid yet"), nil
	}
	return nil, invalid(Malformed, "the token is not valid"), nil
}

// Errors of the key function that decide the answer.
var (
	errForeignRealm = errors.New("a realm the caller may not use")
	errNoRealm      = errors.New("no realm")
)

// errAlgorithm: the token's algorithm is not its key's.
type errAlgorithm struct{ key, token string }

func (e errAlgorithm) Error() string { return "algorithm " + e.token + " on a " + e.key + " key" }

// keyFor picks the token's key: for a realm that LoginRocket's JWKS and
// the configured key cover (ownSources), the JWKS's by kid, else the
// configured one; for any other realm, its keys through the API.
func (v *Verifier) keyFor(ctx context.Context, kid, realm string, reread bool) (*key, error) {
	now := v.now()
	if v.ownSources(realm) {
		if v.jwks != nil && kid != "" {
			k, changed, res, err := v.jwks.lookup(ctx, kid, now)
			v.metrics.lookedUp(sourceJWKS, res)
			if changed {
				v.gen.Add(1)
			}
			if err != nil || k != nil {
				return k, err
			}
		}
		if k := v.configured.Load(); k != nil {
			v.metrics.lookedUp(sourceConfigured, lookupHit)
			return k, nil
		}
		return nil, nil
	}
	if v.realms != nil {
		k, changed, res, err := v.realms.lookup(ctx, realm, kid, reread, now)
		v.metrics.lookedUp(sourceRealm, res)
		if changed {
			v.gen.Add(1)
		}
		return k, err
	}
	return nil, nil
}

// ownSources reports whether realm's tokens are verified with LoginRocket's
// JWKS and the configured key: when one of them is set, and realm is
// Config.Realm (or no Config.Realm was given).
func (v *Verifier) ownSources(realm string) bool {
	if v.jwks == nil && v.configured.Load() == nil {
		return false
	}
	return v.realm == "" || realm == v.realm
}

// usesRealmKeys reports whether realm's tokens are checked with their
// realm's keys read through the API.
func (v *Verifier) usesRealmKeys(realm string) bool {
	return v.realms != nil && !v.ownSources(realm)
}

// RealmJWKS returns the JWKS of one realm's tokens, as LoginRocket serves
// it on the realm's domain: for the realm that LoginRocket's JWKS and the
// configured key cover, JWKS; for any other, the RSA public keys of its
// JWT keys (their kids) and of its jwt_key (kid: its RFC 7638 thumbprint),
// read through the API with the caching of verification (never an HS256
// secret). A realm AuthRocket does not know has an empty document.
func (v *Verifier) RealmJWKS(ctx context.Context, realm string) (*JWKS, error) {
	if realm == "" || v.ownSources(realm) {
		return v.JWKS(ctx)
	}
	doc := &JWKS{Keys: []jwk{}}
	if v.realms == nil {
		return doc, nil
	}
	st, changed, res, err := v.realms.state(ctx, realm, "", false, v.now())
	v.metrics.lookedUp(sourceRealm, res)
	if changed {
		v.gen.Add(1)
	}
	if err != nil || st == nil {
		return doc, err
	}
	kids := make([]string, 0, len(st.kids))
	for kid := range st.kids {
		kids = append(kids, kid)
	}
	slices.Sort(kids)
	keys := make([]*key, 0, len(kids)+1)
	for _, kid := range kids {
		keys = append(keys, st.kids[kid])
	}
	if st.key != nil && !slices.ContainsFunc(keys, func(k *key) bool { return sameKey(k, st.key) }) {
		keys = append(keys, st.key)
	}
	for _, k := range keys {
		if k.alg != algRS256 {
			continue
		}
		if j, err := publicJWK(k); err == nil {
			doc.Keys = append(doc.Keys, j)
		}
	}
	return doc, nil
}

// JWKS returns the public keys the Verifier trusts for every token, as a
// JWKS document for services that verify tokens themselves: LoginRocket's
// (with their kids) and a configured RSA key (kid: its RFC 7638
// thumbprint). HS256 secrets are never in it, nor the keys of realms read
// through the API: those have no kid from AuthRocket, and each verifies
// only its own realm's tokens, which one document cannot say. LoginRocket's
// keys are fetched first if none is known yet.
func (v *Verifier) JWKS(ctx context.Context) (*JWKS, error) {
	var keys []*key
	if v.jwks != nil {
		if err := v.jwks.ensure(ctx, v.now()); err != nil {
			return nil, err
		}
		keys = append(keys, v.jwks.cached()...)
	}
	if k := v.configured.Load(); k != nil {
		keys = append(keys, k)
	}
	doc := &JWKS{Keys: []jwk{}}
	seen := map[string]bool{}
	for _, k := range keys {
		if k.alg != algRS256 {
			continue
		}
		j, err := publicJWK(k)
		if err != nil || seen[j.Kid] {
			continue
		}
		seen[j.Kid] = true
		doc.Keys = append(doc.Keys, j)
	}
	return doc, nil
}

// clip bounds what a message repeats of a token's header.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
