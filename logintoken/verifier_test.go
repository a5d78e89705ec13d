package logintoken

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// t0 is the tests' now.
var t0 = time.Unix(1_800_000_000, 0)

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const hsSecret = "jsk_testsecret0123456789abcdefghij"

var (
	rsaKey, _   = rsa.GenerateKey(rand.Reader, 2048)
	otherKey, _ = rsa.GenerateKey(rand.Reader, 2048)
)

func pemOf(k *rsa.PrivateKey) string {
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// goodClaims are a valid token's claims at t0, with one org.
func goodClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": Issuer, "sub": "usr_1", "sid": "kss_1", "rid": "rl_1",
		"iat": t0.Add(-time.Minute).Unix(), "exp": t0.Add(time.Hour).Unix(),
		"name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace", "preferred_username": "ada",
		"email": "ada@example.com", "email_verified": true, "ref": "ref-1", "cs": map[string]any{"plan": "pro"},
		"orgs": []any{map[string]any{"oid": "org_1", "mid": "mb_1", "name": "Widgets", "ref": "w", "cs": map[string]any{"tier": 2}, "perm": []string{"ar:admin"}, "selected": true}},
	}
}

// mint signs claims with method and key, kid in the header when set.
func mint(t testing.TB, method jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newVerifier(t testing.TB, cfg Config, configured string) (*Verifier, *clock) {
	t.Helper()
	c := &clock{now: t0}
	cfg.Now = c.Now
	v, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if configured != "" {
		if err := v.SetKey(configured); err != nil {
			t.Fatal(err)
		}
	}
	return v, c
}

func TestVerifySession(t *testing.T) {
	for name, tc := range map[string]struct {
		key  string
		tok  func(jwt.MapClaims) string
		algo string
	}{
		"HS256 secret": {hsSecret, func(c jwt.MapClaims) string { return mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", c) }, algHS256},
		"RS256 PEM":    {pemOf(rsaKey), func(c jwt.MapClaims) string { return mint(t, jwt.SigningMethodRS256, rsaKey, "k1", c) }, algRS256},
		"RS256 bare base64": {strings.Join(strings.Split(pemOf(rsaKey), "\n")[1:len(strings.Split(pemOf(rsaKey), "\n"))-2], ""),
			func(c jwt.MapClaims) string { return mint(t, jwt.SigningMethodRS256, rsaKey, "", c) }, algRS256},
	} {
		t.Run(name, func(t *testing.T) {
			v, _ := newVerifier(t, Config{}, tc.key)
			if k := v.configured.Load(); k.alg != tc.algo {
				t.Fatalf("key read as %s", k.alg)
			}
			tok := tc.tok(goodClaims())
			s, bad, err := v.Verify(context.Background(), tok, Options{})
			if err != nil || bad != nil {
				t.Fatalf("Verify = %v, %v", bad, err)
			}
			u := s.GetUser()
			if s.GetObject() != "session" || s.GetId() != "kss_1" || s.GetUserId() != "usr_1" || s.GetToken() != tok ||
				!s.GetCreatedAt().AsTime().Equal(t0.Add(-time.Minute)) || !s.GetExpiresAt().AsTime().Equal(t0.Add(time.Hour)) {
				t.Errorf("session = %v", s)
			}
			if u.GetObject() != "user" || u.GetId() != "usr_1" || u.GetRealmId() != "rl_1" || u.GetEmail() != "ada@example.com" ||
				u.GetFirstName() != "Ada" || u.GetLastName() != "Lovelace" || u.GetName() != "Ada Lovelace" || u.GetUsername() != "ada" ||
				u.GetEmailVerification() != "verified" || u.GetReference() != "ref-1" || u.GetCustom().GetFields()["plan"].GetStringValue() != "pro" {
				t.Errorf("user = %v", u)
			}
			if len(u.GetMemberships()) != 1 {
				t.Fatalf("memberships = %v", u.GetMemberships())
			}
			m := u.GetMemberships()[0]
			if m.GetObject() != "membership" || m.GetId() != "mb_1" || m.GetOrgId() != "org_1" || m.GetUserId() != "usr_1" ||
				!m.GetSelected() || len(m.GetPermissions()) != 1 || m.GetPermissions()[0] != "ar:admin" ||
				m.GetOrg().GetName() != "Widgets" || m.GetOrg().GetReference() != "w" || m.GetOrg().GetRealmId() != "rl_1" ||
				m.GetOrg().GetCustom().GetFields()["tier"].GetNumberValue() != 2 {
				t.Errorf("membership = %v", m)
			}
		})
	}

	// Without ar.orgs and optional claims: no memberships, email not verified.
	v, _ := newVerifier(t, Config{}, hsSecret)
	c := goodClaims()
	for _, k := range []string{"orgs", "email_verified", "cs", "ref", "preferred_username"} {
		delete(c, k)
	}
	s, bad, err := v.Verify(context.Background(), mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", c), Options{})
	if err != nil || bad != nil || len(s.GetUser().GetMemberships()) != 0 || s.GetUser().GetEmailVerification() != "none" ||
		s.GetUser().Username != nil || s.GetUser().Custom != nil {
		t.Errorf("a token without orgs = %v, %v, %v", s, bad, err)
	}
}

// TestVerifyRefuses: every way a token can be wrong gets its reason.
func TestVerifyRefuses(t *testing.T) {
	rsV, clk := newVerifier(t, Config{}, pemOf(rsaKey))
	hsV, _ := newVerifier(t, Config{}, hsSecret)
	with := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := goodClaims()
		edit(c)
		return c
	}
	rs := func(c jwt.MapClaims) string { return mint(t, jwt.SigningMethodRS256, rsaKey, "", c) }
	good := rs(goodClaims())
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	// alg confusion: HS256 with the RSA public key's PEM as the secret.
	confused := mint(t, jwt.SigningMethodHS256, []byte(pemOf(rsaKey)), "", goodClaims())
	none := b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	tampered := parts[0] + "." + b64([]byte(strings.Replace(string(must(base64.RawURLEncoding.DecodeString(parts[1]))), "usr_1", "usr_2", 1))) + "." + parts[2]

	tests := []struct {
		name  string
		v     *Verifier
		token string
		opts  Options
		want  Reason
	}{
		{"not base64", rsV, "@@@." + parts[1] + "." + parts[2], Options{}, Malformed},
		{"two segments", rsV, parts[0] + "." + parts[1], Options{}, Malformed},
		{"four segments", rsV, good + ".x", Options{}, Malformed},
		{"empty", rsV, "", Options{}, Malformed},
		{"garbage", rsV, "blahblah", Options{}, Malformed},
		{"payload not JSON", rsV, parts[0] + "." + b64([]byte("not json")) + "." + parts[2], Options{}, Malformed},
		{"too long", rsV, strings.Repeat("a", MaxTokenBytes+1), Options{}, Malformed},
		{"alg none", rsV, none, Options{}, AlgorithmNotAllowed},
		{"alg none, unsigned, HS key", hsV, b64([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", Options{}, AlgorithmNotAllowed},
		{"alg ES256", rsV, b64([]byte(`{"alg":"ES256"}`)) + "." + parts[1] + "." + parts[2], Options{}, AlgorithmNotAllowed},
		{"HS256 signed with the RSA public key", rsV, confused, Options{}, AlgorithmNotAllowed},
		{"RS256 token, HS256 key", hsV, good, Options{}, AlgorithmNotAllowed},
		{"tampered claims", rsV, tampered, Options{}, BadSignature},
		{"another RSA key", rsV, mint(t, jwt.SigningMethodRS256, otherKey, "", goodClaims()), Options{}, BadSignature},
		{"another HS secret", hsV, mint(t, jwt.SigningMethodHS256, []byte("jsk_other"), "", goodClaims()), Options{}, BadSignature},
		{"wrong issuer", rsV, rs(with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })), Options{}, WrongIssuer},
		{"no issuer", rsV, rs(with(func(c jwt.MapClaims) { delete(c, "iss") })), Options{}, WrongIssuer},
		{"expired beyond the leeway", rsV, rs(with(func(c jwt.MapClaims) { c["exp"] = t0.Add(-6 * time.Second).Unix() })), Options{}, Expired},
		{"no exp", rsV, rs(with(func(c jwt.MapClaims) { delete(c, "exp") })), Options{}, Malformed},
		{"iat in the future", rsV, rs(with(func(c jwt.MapClaims) { c["iat"] = t0.Add(time.Minute).Unix() })), Options{}, NotYetValid},
		{"no sid", rsV, rs(with(func(c jwt.MapClaims) { delete(c, "sid") })), Options{}, Malformed},
		{"sub not a user", rsV, rs(with(func(c jwt.MapClaims) { c["sub"] = "admin" })), Options{}, Malformed},
		{"org entry without its membership", rsV, rs(with(func(c jwt.MapClaims) { c["orgs"] = []any{map[string]any{"oid": "org_1"}} })), Options{}, Malformed},
		{"exp of the wrong type", rsV, rs(with(func(c jwt.MapClaims) { c["exp"] = "tomorrow" })), Options{}, Malformed},
		{"too old", rsV, good, Options{MaxAge: 30 * time.Second}, TooOld},
		{"foreign realm", rsV, good, Options{Realm: func(r string) bool { return r == "rl_2" }}, ForeignRealm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, bad, err := tt.v.Verify(context.Background(), tt.token, tt.opts)
			if err != nil || s != nil || bad == nil || bad.Reason != tt.want || bad.Message == "" {
				t.Fatalf("Verify = %v, %+v, %v; want reason %d", s, bad, err, tt.want)
			}
			if len(tt.token) > 20 && strings.Contains(bad.Message, tt.token[len(tt.token)-20:]) {
				t.Errorf("the message repeats the token: %s", bad.Message)
			}
		})
	}

	// The leeway: 4 s after exp a token still verifies; a cached token is
	// held to its expiry too.
	almost := rs(with(func(c jwt.MapClaims) { c["exp"] = t0.Add(-4 * time.Second).Unix() }))
	if _, bad, _ := rsV.Verify(context.Background(), almost, Options{}); bad != nil {
		t.Errorf("a token 4 s past exp: %+v", bad)
	}
	if _, bad, _ := rsV.Verify(context.Background(), good, Options{}); bad != nil {
		t.Fatalf("good token: %+v", bad)
	}
	clk.add(time.Hour + 5*time.Second)
	if _, bad, _ := rsV.Verify(context.Background(), good, Options{}); bad == nil || bad.Reason != Expired {
		t.Errorf("a cached token after its expiry: %+v", bad)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// jwksServer serves a JWKS of the given keys (by kid) and counts fetches.
type jwksServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    map[string]*rsa.PrivateKey
	fetches atomic.Int32
	status  atomic.Int32 // answer this instead, when set
}

func newJWKSServer(t *testing.T, keys map[string]*rsa.PrivateKey) *jwksServer {
	s := &jwksServer{keys: keys}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fetches.Add(1)
		if r.URL.Path != "/connect/jwks" {
			http.NotFound(w, r)
			return
		}
		if st := s.status.Load(); st != 0 {
			w.WriteHeader(int(st))
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		doc := JWKS{Keys: []jwk{}}
		for kid, k := range s.keys {
			j, _ := publicJWK(&key{kid: kid, alg: algRS256, rsa: &k.PublicKey})
			j.N, j.E = "", "" // as AuthRocket's SDKs read it: the SPKI in x5c only
			doc.Keys = append(doc.Keys, j)
		}
		_ = json.NewEncoder(w).Encode(doc)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(keys map[string]*rsa.PrivateKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = keys
}

// TestJWKS: keys by kid from LoginRocket's JWKS; rotation; a flood of
// unknown kids fetches at most once per KeyRefreshInterval; a retired key
// stops verifying once the set is refreshed, cached tokens included.
func TestJWKS(t *testing.T) {
	lr := newJWKSServer(t, map[string]*rsa.PrivateKey{"k1": rsaKey})
	v, clk := newVerifier(t, Config{LoginRocketURL: lr.URL}, "")
	ctx := context.Background()
	tok1 := mint(t, jwt.SigningMethodRS256, rsaKey, "k1", goodClaims())
	if _, bad, err := v.Verify(ctx, tok1, Options{}); bad != nil || err != nil {
		t.Fatalf("k1: %+v %v", bad, err)
	}
	if n := lr.fetches.Load(); n != 1 {
		t.Errorf("%d fetches for the first token", n)
	}

	// A flood of made-up kids just after a fetch: no fetch, and no answer
	// either (a key rotated in a moment ago must not be refused).
	for i := range 200 {
		bogus := mint(t, jwt.SigningMethodRS256, otherKey, fmt.Sprintf("bogus-%d", i), goodClaims())
		if _, bad, err := v.Verify(ctx, bogus, Options{}); !errors.Is(err, errNotNow) || bad != nil {
			t.Fatalf("bogus kid: %+v %v", bad, err)
		}
	}
	if n := lr.fetches.Load(); n != 1 {
		t.Errorf("%d fetches for 200 unknown kids within the interval", n)
	}
	// Past the interval, one fetch settles it: no such key.
	clk.add(KeyRefreshInterval)
	for i := range 50 {
		bogus := mint(t, jwt.SigningMethodRS256, otherKey, fmt.Sprintf("bogus-%d", i), goodClaims())
		_, bad, err := v.Verify(ctx, bogus, Options{})
		if i == 0 && (err != nil || bad == nil || bad.Reason != UnknownKey) {
			t.Fatalf("bogus kid after the interval: %+v %v", bad, err)
		}
	}
	if n := lr.fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}

	// Rotation: a new key k2 appears; past the interval its tokens verify.
	lr.set(map[string]*rsa.PrivateKey{"k1": rsaKey, "k2": otherKey})
	clk.add(KeyRefreshInterval)
	tok2 := mint(t, jwt.SigningMethodRS256, otherKey, "k2", goodClaims())
	if _, bad, err := v.Verify(ctx, tok2, Options{}); bad != nil || err != nil {
		t.Fatalf("k2 after rotation: %+v %v", bad, err)
	}
	// HS256 with an RSA key's kid is refused, whatever it is signed with.
	if _, bad, _ := v.Verify(ctx, mint(t, jwt.SigningMethodHS256, []byte(pemOf(rsaKey)), "k1", goodClaims()), Options{}); bad == nil || bad.Reason != AlgorithmNotAllowed {
		t.Errorf("HS256 with kid k1: %+v", bad)
	}

	// k1 retired: once the set is older than KeyMaxAge it is fetched
	// again, and k1's tokens (cached before) no longer verify.
	lr.set(map[string]*rsa.PrivateKey{"k2": otherKey})
	clk.add(KeyMaxAge + time.Second)
	before := lr.fetches.Load()
	if _, bad, err := v.Verify(ctx, tok2, Options{}); bad != nil || err != nil {
		t.Fatalf("k2: %+v %v", bad, err)
	}
	if lr.fetches.Load() != before+1 {
		t.Errorf("a stale JWKS was not fetched again")
	}
	// Its cache entry is gone with the key; just after the fetch the gateway
	// cannot tell yet, after the interval the next fetch settles it.
	if _, bad, err := v.Verify(ctx, tok1, Options{}); bad != nil || !errors.Is(err, errNotNow) {
		t.Errorf("a token of the retired key k1, just after the fetch: %+v %v", bad, err)
	}
	clk.add(KeyRefreshInterval)
	if _, bad, _ := v.Verify(ctx, tok1, Options{}); bad == nil || bad.Reason != UnknownKey {
		t.Errorf("a token of the retired key k1: %+v", bad)
	}

	// The gateway's own JWKS serves what it trusts, n/e and SPKI x5c.
	doc, err := v.JWKS(ctx)
	if err != nil || len(doc.Keys) != 1 || doc.Keys[0].Kid != "k2" || doc.Keys[0].N == "" || len(doc.Keys[0].X5c) != 1 {
		t.Errorf("JWKS = %+v, %v", doc, err)
	}

	// LoginRocket down: the cached keys serve; with none cached, an error.
	lr.status.Store(http.StatusServiceUnavailable)
	clk.add(KeyMaxAge + KeyRefreshInterval)
	fresh := goodClaims()
	fresh["iat"], fresh["exp"] = clk.Now().Unix(), clk.Now().Add(time.Hour).Unix()
	if _, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, otherKey, "k2", fresh), Options{}); bad != nil || err != nil {
		t.Errorf("with LoginRocket down and k2 cached: %+v %v", bad, err)
	}
	cold, _ := newVerifier(t, Config{LoginRocketURL: lr.URL}, "")
	if _, bad, err := cold.Verify(ctx, tok1, Options{}); err == nil || bad != nil {
		t.Errorf("no keys and LoginRocket down: %+v %v, want an error", bad, err)
	}
}

func TestLoginRocketURL(t *testing.T) {
	for _, u := range []string{"http://lr.example.com", "ftp://x", "https://user:pw@x", "not a url", "https://x?q=1"} {
		if _, err := New(Config{LoginRocketURL: u}); err == nil {
			t.Errorf("New accepted LoginRocket URL %q", u)
		}
	}
	for _, u := range []string{"https://acme.e2.loginrocket.com", "http://127.0.0.1:8081/_loginrocket/x.loginrocket.localhost", "http://localhost:1/"} {
		if _, err := New(Config{LoginRocketURL: u}); err != nil {
			t.Errorf("New refused LoginRocket URL %q: %v", u, err)
		}
	}
}

// TestRealmKeys: with no key configured, the realm's key is read through
// the API, once; a rotated key is read again on a signature that does not
// match; an unknown realm is UnknownKey; a flood of realms is rate-limited.
func TestRealmKeys(t *testing.T) {
	var mu sync.Mutex
	keys := map[string]string{"rl_1": pemOf(rsaKey), "rl_hs": hsSecret}
	var reads atomic.Int32
	v, clk := newVerifier(t, Config{RealmKey: func(_ context.Context, realm string) (string, error) {
		reads.Add(1)
		mu.Lock()
		defer mu.Unlock()
		return keys[realm], nil
	}}, "")
	ctx := context.Background()
	tok := mint(t, jwt.SigningMethodRS256, rsaKey, "", goodClaims())
	for range 3 {
		if _, bad, err := v.Verify(ctx, tok, Options{}); bad != nil || err != nil {
			t.Fatalf("rl_1: %+v %v", bad, err)
		}
	}
	hs := goodClaims()
	hs["rid"] = "rl_hs"
	if _, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", hs), Options{}); bad != nil || err != nil {
		t.Fatalf("rl_hs: %+v %v", bad, err)
	}
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads for two realms", n)
	}
	// The realm's key is rotated: a token of the new key makes one read.
	mu.Lock()
	keys["rl_1"] = pemOf(otherKey)
	mu.Unlock()
	clk.add(KeyRefreshInterval)
	if _, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, otherKey, "", goodClaims()), Options{}); bad != nil || err != nil {
		t.Fatalf("after rotation: %+v %v", bad, err)
	}
	// The old key's tokens stop verifying, cached or not.
	if _, bad, _ := v.Verify(ctx, tok, Options{}); bad == nil || bad.Reason != BadSignature {
		t.Errorf("a token of the old key: %+v", bad)
	}
	unknown := goodClaims()
	unknown["rid"] = "rl_nope"
	clk.add(KeyRefreshInterval)
	if _, bad, _ := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, rsaKey, "", unknown), Options{}); bad == nil || bad.Reason != UnknownKey {
		t.Errorf("unknown realm: %+v", bad)
	}
	// A flood of made-up realms: first reads stay within their budget (20
	// at once, then one a second); beyond it a token that needs a read is
	// an error (the gateway cannot tell), never an answer, and the realms
	// already known go on verifying.
	before := reads.Load()
	var notNow int
	for i := range 100 {
		c := goodClaims()
		c["rid"] = fmt.Sprintf("rl_flood%d", i)
		_, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, rsaKey, "", c), Options{})
		switch {
		case err != nil:
			notNow++
		case bad == nil || bad.Reason != UnknownKey:
			t.Fatalf("made-up realm %d: %+v", i, bad)
		}
	}
	if n := reads.Load() - before; n > 20 || notNow != 100-int(n) {
		t.Errorf("%d realm reads and %d errors for 100 made-up realms at one instant", n, notNow)
	}
	fresh := goodClaims()
	fresh["sid"] = "kss_fresh"
	if _, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, otherKey, "", fresh), Options{}); bad != nil || err != nil {
		t.Errorf("a known realm during the flood: %+v %v", bad, err)
	}
	// Bad signatures for a known realm: the first reads its key again (it
	// was read more than KeyRefreshInterval ago), the others none.
	before = reads.Load()
	for range 50 {
		if _, bad, _ := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, rsaKey, "", fresh), Options{}); bad == nil || bad.Reason != BadSignature {
			t.Fatalf("forged: %+v", bad)
		}
	}
	if n := reads.Load() - before; n != 1 {
		t.Errorf("%d reads for 50 forged tokens, want 1", n)
	}
	// A caller limited to other realms makes the gateway read nothing.
	before = reads.Load()
	foreign := goodClaims()
	foreign["rid"] = "rl_somewhere"
	if _, bad, _ := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, rsaKey, "", foreign), Options{Realm: func(r string) bool { return r == "rl_1" }}); bad == nil || bad.Reason != ForeignRealm {
		t.Errorf("a foreign realm: %+v", bad)
	}
	if n := reads.Load() - before; n != 0 {
		t.Errorf("a token of a foreign realm made %d reads", n)
	}
	// An API error is the Verifier's, not the token's.
	failing, _ := newVerifier(t, Config{RealmKey: func(context.Context, string) (string, error) { return "", errors.New("AuthRocket is down") }}, "")
	if _, bad, err := failing.Verify(ctx, tok, Options{}); err == nil || bad != nil {
		t.Errorf("AuthRocket down: %+v %v", bad, err)
	}
}

// TestConfiguredKeyRotation: SetKey swaps the key; tokens verified with
// the old one are forgotten.
func TestConfiguredKeyRotation(t *testing.T) {
	v, _ := newVerifier(t, Config{}, hsSecret)
	ctx := context.Background()
	tok := mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", goodClaims())
	if _, bad, _ := v.Verify(ctx, tok, Options{}); bad != nil {
		t.Fatalf("%+v", bad)
	}
	if err := v.SetKey("jsk_rotated"); err != nil {
		t.Fatal(err)
	}
	if _, bad, _ := v.Verify(ctx, tok, Options{}); bad == nil || bad.Reason != BadSignature {
		t.Errorf("old key's token after rotation: %+v", bad)
	}
	if _, bad, _ := v.Verify(ctx, mint(t, jwt.SigningMethodHS256, []byte("jsk_rotated"), "", goodClaims()), Options{}); bad != nil {
		t.Errorf("new key's token: %+v", bad)
	}
	if err := v.SetKey(strings.Repeat("x", 300)); err == nil || strings.Contains(err.Error(), "xxx") {
		t.Errorf("a long non-RSA key: %v", err)
	}
	if err := v.SetKey(""); err != nil {
		t.Fatal(err)
	}
	if _, bad, _ := v.Verify(ctx, tok, Options{}); bad == nil || bad.Reason != UnknownKey {
		t.Errorf("no key: %+v", bad)
	}
}

func TestCheckSession(t *testing.T) {
	alive := map[string]bool{"kss_1": true}
	var checks atomic.Int32
	v, _ := newVerifier(t, Config{SessionExists: func(_ context.Context, realm, session string) (bool, error) {
		checks.Add(1)
		if realm != "rl_1" {
			return false, errors.New("wrong realm asked")
		}
		return alive[session], nil
	}}, hsSecret)
	ctx := context.Background()
	tok := mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", goodClaims())
	if _, bad, err := v.Verify(ctx, tok, Options{CheckSession: true}); bad != nil || err != nil {
		t.Fatalf("live session: %+v %v", bad, err)
	}
	delete(alive, "kss_1")
	if _, bad, err := v.Verify(ctx, tok, Options{CheckSession: true}); err != nil || bad == nil || bad.Reason != Revoked {
		t.Errorf("revoked session: %+v %v", bad, err)
	}
	if _, bad, _ := v.Verify(ctx, tok, Options{}); bad != nil {
		t.Errorf("without the check the token is valid: %+v", bad)
	}
	if n := checks.Load(); n != 2 {
		t.Errorf("%d session checks, want 2 (never cached)", n)
	}
}

// TestVerifyConcurrent: the cache and the sources under concurrent use
// (go test -race).
func TestVerifyConcurrent(t *testing.T) {
	lr := newJWKSServer(t, map[string]*rsa.PrivateKey{"k1": rsaKey})
	v, _ := newVerifier(t, Config{LoginRocketURL: lr.URL, CacheSize: 16}, "")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				c := goodClaims()
				c["sid"] = fmt.Sprintf("kss_%d", (g*50+i)%40)
				if _, bad, err := v.Verify(context.Background(), mint(t, jwt.SigningMethodRS256, rsaKey, "k1", c), Options{}); bad != nil || err != nil {
					t.Errorf("%+v %v", bad, err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			_ = v.SetKey(hsSecret)
			_, _ = v.JWKS(context.Background())
		}
	})
	wg.Wait()
}

// TestJWKSFetchesDoNotStall: a fetch for an unknown kid (LoginRocket slow)
// does not hold up tokens whose key is known; a refetch that finds the same
// keys keeps the verified tokens; with LoginRocket down and nothing cached,
// fetches are spaced like the others.
func TestJWKSFetchesDoNotStall(t *testing.T) {
	release := make(chan struct{})
	var blocking atomic.Bool
	var hung atomic.Int32
	lr := newJWKSServer(t, map[string]*rsa.PrivateKey{"k1": rsaKey})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if blocking.Load() {
			hung.Add(1)
			<-release
		}
		lr.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	v, clk := newVerifier(t, Config{LoginRocketURL: slow.URL}, "")
	ctx := context.Background()
	good := mint(t, jwt.SigningMethodRS256, rsaKey, "k1", goodClaims())
	if _, bad, err := v.Verify(ctx, good, Options{}); bad != nil || err != nil {
		t.Fatalf("%+v %v", bad, err)
	}
	gen := v.gen.Load()

	clk.add(KeyRefreshInterval)
	blocking.Store(true)
	go func() {
		_, _, _ = v.Verify(ctx, mint(t, jwt.SigningMethodRS256, otherKey, "bogus", goodClaims()), Options{})
	}()
	eventuallyT(t, func() bool { return hung.Load() == 1 }) // the bogus kid's fetch hangs at LoginRocket
	c := goodClaims()
	c["sid"] = "kss_other" // not cached: needs the key
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, bad, err := v.Verify(ctx, mint(t, jwt.SigningMethodRS256, rsaKey, "k1", c), Options{}); bad != nil || err != nil {
			t.Errorf("a known kid during a fetch: %+v %v", bad, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Error("a token of a known kid waited for a fetch of an unknown one")
	}
	blocking.Store(false)
	close(release)
	eventuallyT(t, func() bool { return v.jwks.snap.Load().read.Equal(clk.Now()) }) // the hung fetch finished
	if v.gen.Load() != gen {
		t.Error("a refetch that found the same keys forgot the verified tokens")
	}

	// LoginRocket down, nothing cached: one fetch per interval, errors between.
	lr.status.Store(http.StatusServiceUnavailable)
	cold, coldClk := newVerifier(t, Config{LoginRocketURL: lr.URL}, "")
	before := lr.fetches.Load()
	for range 200 {
		if _, bad, err := cold.Verify(ctx, good, Options{}); err == nil || bad != nil {
			t.Fatalf("LoginRocket down: %+v %v", bad, err)
		}
		if _, err := cold.JWKS(ctx); err == nil {
			t.Fatal("JWKS with LoginRocket down and nothing cached")
		}
	}
	if n := lr.fetches.Load() - before; n != 1 {
		t.Errorf("%d fetches in one interval with LoginRocket down", n)
	}
	coldClk.add(KeyRefreshInterval)
	lr.status.Store(0)
	if _, bad, err := cold.Verify(ctx, good, Options{}); bad != nil || err != nil {
		t.Errorf("LoginRocket back: %+v %v", bad, err)
	}
}

// eventuallyT polls cond for at most 10 s.
func eventuallyT(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
	}
}

// TestRealmsBesideTheDefault: the configured key verifies the default
// realm's tokens (Config.Realm) only; every other realm's are verified
// with its own keys through the API, by kid when it has JWT keys, with the
// same caching (one read per realm); RealmJWKS serves each realm's RSA
// keys with their kids and never an HS256 secret.
func TestRealmsBesideTheDefault(t *testing.T) {
	var reads atomic.Int32
	jwtKeys := map[string]map[string]string{
		"rl_rs": {"jky_old": pemOf(otherKey), "jky_new": pemOf(rsaKey), "jky_hs": hsSecret},
	}
	realmKeys := map[string]string{"rl_rs": pemOf(rsaKey), "rl_hs": hsSecret}
	v, _ := newVerifier(t, Config{
		Realm: "rl_default",
		RealmKey: func(_ context.Context, realm string) (string, error) {
			reads.Add(1)
			return realmKeys[realm], nil
		},
		RealmKeysByKid: func(_ context.Context, realm string) (map[string]string, error) {
			return jwtKeys[realm], nil
		},
	}, "jsk_the-default-realms-secret-0123456789")
	ctx := context.Background()
	claims := func(realm string) jwt.MapClaims {
		c := goodClaims()
		c["rid"] = realm
		return c
	}
	for name, tc := range map[string]struct {
		token string
		want  Reason // 0: valid
	}{
		"default realm, configured key":   {mint(t, jwt.SigningMethodHS256, []byte("jsk_the-default-realms-secret-0123456789"), "", claims("rl_default")), 0},
		"rs realm, current key by kid":    {mint(t, jwt.SigningMethodRS256, rsaKey, "jky_new", claims("rl_rs")), 0},
		"rs realm, older key by kid":      {mint(t, jwt.SigningMethodRS256, otherKey, "jky_old", claims("rl_rs")), 0},
		"rs realm, no kid: jwt_key":       {mint(t, jwt.SigningMethodRS256, rsaKey, "", claims("rl_rs")), 0},
		"hs realm, jwt_key":               {mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", claims("rl_hs")), 0},
		"configured key on another realm": {mint(t, jwt.SigningMethodHS256, []byte("jsk_the-default-realms-secret-0123456789"), "", claims("rl_hs")), BadSignature},
	} {
		_, bad, err := v.Verify(ctx, tc.token, Options{})
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.want == 0 && bad != nil, tc.want != 0 && (bad == nil || bad.Reason != tc.want):
			t.Errorf("%s: %+v, want %v", name, bad, tc.want)
		}
	}
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads for two realms", n)
	}
	doc, err := v.RealmJWKS(ctx, "rl_rs")
	if err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, k := range doc.Keys {
		kids = append(kids, k.Kid)
	}
	if strings.Join(kids, ",") != "jky_new,jky_old" {
		t.Errorf("rl_rs's JWKS kids %v, want jky_new,jky_old (the HS256 key left out)", kids)
	}
	if raw, _ := json.Marshal(doc); strings.Contains(string(raw), "jsk_") {
		t.Error("a JWKS holds a secret")
	}
	if doc, err := v.RealmJWKS(ctx, "rl_hs"); err != nil || len(doc.Keys) != 0 {
		t.Errorf("rl_hs's JWKS: %v %v", doc, err)
	}
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads: the JWKS did not use the cache", n)
	}
}
