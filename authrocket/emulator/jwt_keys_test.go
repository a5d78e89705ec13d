package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
)

func TestJWTKeys(t *testing.T) {
	h := newHarness(t)
	list := h.do("GET", "/v2/jwt_keys", nil).want(200)
	rows := list.rows()
	if len(rows) != 2 || list.more() {
		t.Fatalf("a new realm's keys: %s", list.raw)
	}
	// Newest first: the hs256 key was made after the rs256 one.
	hs, rs := rows[0], rows[1]
	for _, k := range rows {
		if k["object"] != "jwt_key" || !strings.HasPrefix(k["id"].(string), "jky_") || k["realm_id"] != h.realm || k["use"] != "sign" || fmt.Sprint(k["flags"]) != "[current]" {
			t.Errorf("key %v", k)
		}
	}
	realmKey := h.do("GET", "/v2/realms/"+h.realm, nil).want(200).str("jwt_key")
	if rs["algo"] != "rs256" || rs["key"] != realmKey || !strings.Contains(realmKey, "PUBLIC KEY") {
		t.Errorf("rs256 key %v, realm jwt_key %q", rs, realmKey)
	}
	block, _ := pem.Decode([]byte(realmKey))
	if rs["short_key"] != base64.StdEncoding.EncodeToString(block.Bytes) {
		t.Errorf("short_key %v is not the PEM body", rs["short_key"])
	}
	if hs["algo"] != "hs256" || !strings.HasPrefix(hs["key"].(string), "jsk_") {
		t.Errorf("hs256 key %v", hs)
	}
	if got := h.do("GET", "/v2/jwt_keys/"+rs["id"].(string), nil).want(200); got.str("id") != rs["id"] || got.str("key") != realmKey {
		t.Errorf("get %s", got.raw)
	}
	h.do("GET", "/v2/jwt_keys/jky_unknown", nil).wantErrors(404, "Not found")

	// Rotation: the new key is current, the old one stays.
	created := h.do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "RS256", "use": "sign"}}).want(201)
	if created.str("algo") != "rs256" || fmt.Sprint(created.obj["flags"]) != "[current]" || created.str("key") == realmKey {
		t.Fatalf("created %s", created.raw)
	}
	if old := h.do("GET", "/v2/jwt_keys/"+rs["id"].(string), nil).want(200); fmt.Sprint(old.obj["flags"]) != "[]" {
		t.Errorf("old key still current: %s", old.raw)
	}
	if got := h.do("GET", "/v2/realms/"+h.realm, nil).want(200).str("jwt_key"); got != created.str("key") {
		t.Errorf("realm jwt_key after rotation is not the new key")
	}
	asc := h.do("GET", "/v2/jwt_keys?direction=asc&max_results=2", nil).want(200)
	if ids := asc.ids(); len(ids) != 2 || ids[0] != rs["id"] || ids[1] != hs["id"] || !asc.more() {
		t.Errorf("asc page 1 %s", asc.raw)
	}
	if ids := h.do("GET", "/v2/jwt_keys?direction=asc&after="+hs["id"].(string), nil).want(200).ids(); len(ids) != 1 || ids[0] != created.str("id") {
		t.Errorf("asc page 2 %v", ids)
	}

	h.do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{}}).wantErrors(422, "Algo can't be blank")
	h.do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "es256", "use": "enc"}}).
		wantErrors(422, "Algo is not included in the list", "Use is not included in the list")
	h.do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "es256"}}, es).
		wantErrors(422, "Algoritmo no está incluido en la lista")

	// The last key of an algorithm stays: the realm must be able to sign.
	h.do("DELETE", "/v2/jwt_keys/"+hs["id"].(string), nil).wantErrors(409, "Cannot delete the realm's last hs256 key")
	h.do("DELETE", "/v2/jwt_keys/"+hs["id"].(string), nil, es).wantErrors(409, "No se puede eliminar la última clave hs256 del realm")
	if del := h.do("DELETE", "/v2/jwt_keys/"+rs["id"].(string), nil).want(200); del.str("id") != rs["id"] {
		t.Errorf("delete %s", del.raw)
	}
	h.do("GET", "/v2/jwt_keys/"+rs["id"].(string), nil).want(404)
	h.do("DELETE", "/v2/jwt_keys/"+created.str("id"), nil).want(409)
	// Keys are configuration: a reset keeps them.
	h.do("POST", "/v2/realms/"+h.realm+"/reset", nil).want(200)
	if n := len(h.do("GET", "/v2/jwt_keys", nil).want(200).rows()); n != 2 {
		t.Errorf("keys after reset: %d", n)
	}
}

// fetchJWKS gets a JWKS document without an API key. host, if set, is the
// Host header.
func (h *harness) fetchJWKS(path, host string) (int, map[string]any) {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
	if host != "" {
		req.Host = host
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		h.t.Fatalf("GET %s: %d, not JSON: %s", path, res.StatusCode, raw)
	}
	return res.StatusCode, doc
}

// verifyWithJWKS verifies an RS256 token with the JWKS key of its kid,
// twice: with the RSA key built from n and e, and with the SPKI in x5c[0]
// (as AuthRocket's SDKs read it). It also checks the key's metadata.
func verifyWithJWKS(tok string, doc map[string]any) error {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return errors.New("not a JWT")
	}
	var header struct{ Alg, Kid string }
	raw, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if err := json.Unmarshal(raw, &header); err != nil || header.Alg != "RS256" {
		return fmt.Errorf("header %s", raw)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	keys, _ := doc["keys"].([]any)
	for _, x := range keys {
		k := x.(map[string]any)
		if k["kid"] != header.Kid {
			continue
		}
		if k["kty"] != "RSA" || k["use"] != "sig" || k["alg"] != "RS256" {
			return fmt.Errorf("jwk %v", k)
		}
		n, err1 := base64.RawURLEncoding.DecodeString(k["n"].(string))
		e, err2 := base64.RawURLEncoding.DecodeString(k["e"].(string))
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		fromNE := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		x5c := k["x5c"].([]any)
		der, err := base64.StdEncoding.DecodeString(x5c[0].(string))
		if err != nil {
			return err
		}
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return fmt.Errorf("x5c[0] is not an SPKI: %v", err)
		}
		for _, key := range []*rsa.PublicKey{fromNE, pub.(*rsa.PublicKey)} {
			if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("no key %q in the JWKS", header.Kid)
}

func TestJWKSVerifiesSessionTokens(t *testing.T) {
	h := newHarness(t)
	dom := h.do("POST", "/v2/domains", map[string]any{"domain": map[string]any{"domain_type": "loginrocket"}}).want(201)
	fqdn := dom.str("fqdn")
	path := LoginRocketPrefix + fqdn + "/connect/jwks"
	if dom.str("uri") != h.srv.URL+LoginRocketPrefix+fqdn {
		t.Errorf("uri %q", dom.str("uri"))
	}
	u := h.createUser("jwks@example.com", "", nil)
	newToken := func() string {
		return h.do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": u}}).want(201).str("token")
	}
	first := newToken()

	status, doc := h.fetchJWKS(path, "")
	if status != 200 || len(doc["keys"].([]any)) != 1 {
		t.Fatalf("JWKS %d %v", status, doc)
	}
	if err := verifyWithJWKS(first, doc); err != nil {
		t.Fatalf("session token vs JWKS: %v", err)
	}
	// The same document on the LoginRocket host itself, port or not.
	for _, host := range []string{fqdn, strings.ToUpper(fqdn) + ":443"} {
		if status, byHost := h.fetchJWKS("/connect/jwks", host); status != 200 || fmt.Sprint(byHost) != fmt.Sprint(doc) {
			t.Errorf("Host %s: %d %v", host, status, byHost)
		}
	}
	// A token signed by another key does not verify.
	tampered := first[:strings.LastIndex(first, ".")+1] + base64.RawURLEncoding.EncodeToString(make([]byte, 256))
	if verifyWithJWKS(tampered, doc) == nil {
		t.Fatal("a bad signature verified")
	}

	// Rotation: new tokens carry the new key's kid; both verify.
	oldKid := h.do("GET", "/v2/jwt_keys?max_results=1&direction=asc", nil).want(200).ids()[0]
	newKid := h.do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "rs256"}}).want(201).str("id")
	second := newToken()
	header, _, _, _ := decodeJWT(t, second)
	if header["kid"] != newKid {
		t.Fatalf("kid after rotation %v, want %s", header["kid"], newKid)
	}
	_, doc = h.fetchJWKS(path, "")
	if len(doc["keys"].([]any)) != 2 {
		t.Fatalf("JWKS after rotation %v", doc)
	}
	for _, tok := range []string{first, second} {
		if err := verifyWithJWKS(tok, doc); err != nil {
			t.Errorf("after rotation: %v", err)
		}
	}
	// Deleting the old key takes it out of the JWKS: its tokens fail.
	h.do("DELETE", "/v2/jwt_keys/"+oldKid, nil).want(200)
	_, doc = h.fetchJWKS(path, "")
	if verifyWithJWKS(first, doc) == nil {
		t.Error("a token of a deleted key still verifies")
	}
	if err := verifyWithJWKS(second, doc); err != nil {
		t.Error(err)
	}

	// An hs256 realm signs with its jsk_ key (kid = that key) and keeps its
	// RS256 keys in the JWKS.
	hsKey := h.do("GET", "/v2/jwt_keys", nil).want(200).rows()[1]
	h.do("PUT", "/v2/realms/"+h.realm, map[string]any{"realm": map[string]any{"jwt_algo": "hs256"}}).want(200)
	header, _, _, _ = decodeJWT(t, newToken())
	if header["alg"] != "HS256" || header["kid"] != hsKey["id"] || hsKey["algo"] != "hs256" {
		t.Errorf("hs256 header %v, key %v", header, hsKey)
	}
	if _, doc = h.fetchJWKS(path, ""); len(doc["keys"].([]any)) != 1 {
		t.Errorf("hs256 realm JWKS %v", doc)
	}

	// Only known, active, verified hosts serve; only GET and HEAD.
	for _, tc := range []struct {
		method, path, host string
		want               int
	}{
		{"GET", LoginRocketPrefix + "nope" + loginRocketSuffix + "/connect/jwks", "", 404},
		{"GET", "/connect/jwks", "127.0.0.1", 404},
		{"GET", LoginRocketPrefix + fqdn + "/v2/login", "", 404},
		{"POST", path, "", 405},
	} {
		req, _ := http.NewRequest(tc.method, h.srv.URL+tc.path, nil)
		if tc.host != "" {
			req.Host = tc.host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("%s %s (Host %q) = %d, want %d", tc.method, tc.path, tc.host, res.StatusCode, tc.want)
		}
	}
	h.do("PUT", "/v2/domains/"+dom.str("id"), map[string]any{"domain": map[string]any{"state": "inactive"}}).want(200)
	if status, _ := h.fetchJWKS(path, ""); status != 404 {
		t.Errorf("inactive domain serves: %d", status)
	}
}

// TestRSAKeysAreMadeOutsideTheLock checks that the calls that must answer a
// new RSA key (POST /v2/realms, POST /v2/jwt_keys with rs256) make it before
// taking e.mu, so that 45–180 ms of key generation does not stop every
// other call; and that the calls that need none make none.
func TestRSAKeysAreMadeOutsideTheLock(t *testing.T) {
	h := newHarness(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	made, underLock := 0, 0
	orig := generateRSAKey
	t.Cleanup(func() { generateRSAKey = orig })
	generateRSAKey = func() (*rsa.PrivateKey, error) {
		made++
		if h.e.mu.TryLock() {
			h.e.mu.Unlock()
		} else {
			underLock++
		}
		return key, nil
	}
	spki, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}))
	for _, tc := range []struct {
		path, body string
		status     int
		keys       int
	}{
		{"/v2/realms", `{"realm":{"name":"RS"}}`, 201, 1},
		{"/v2/realms", `{"realm":{"name":"HS","jwt_algo":"hs256"}}`, 201, 0},
		{"/v2/realms", `{"realm":{"name":""}}`, 422, 0},
		{"/v2/realms", `{"realm":{"name":"Bad","jwt_algo":"es256"}}`, 422, 0},
		{"/v2/jwt_keys", `{"jwt_key":{"algo":"RS256"}}`, 201, 1},
		{"/v2/jwt_keys", `{"jwt_key":{"algo":"hs256"}}`, 201, 0},
		{"/v2/jwt_keys", `{"jwt_key":{"algo":"rs256","use":"enc"}}`, 422, 0},
	} {
		before := made
		status, obj := h.viaHandler("POST", tc.path, json.RawMessage(tc.body))
		if status != tc.status || made-before != tc.keys {
			t.Errorf("POST %s %s: %d, %d keys made; want %d, %d (%v)", tc.path, tc.body, status, made-before, tc.status, tc.keys, obj)
		}
		if tc.keys == 1 && obj["jwt_key"] != pemKey && obj["key"] != pemKey {
			t.Errorf("POST %s %s does not answer the key it made: %v", tc.path, tc.body, obj)
		}
	}
	if underLock > 0 {
		t.Errorf("%d of %d RSA keys were made while holding e.mu", underLock, made)
	}
}
