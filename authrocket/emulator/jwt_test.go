package emulator

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
)

// decodeJWT splits a token and decodes its header and claims.
func decodeJWT(t *testing.T, tok string) (header, claims map[string]any, signing string, sig []byte) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", tok)
	}
	for i, dst := range []*map[string]any{&header, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, dst); err != nil {
			t.Fatal(err)
		}
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	return header, claims, parts[0] + "." + parts[1], sig
}

func TestJWTRS256(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("jwt@example.com", "password1", map[string]any{
		"first_name": "Jay", "last_name": "Dub", "username": "jay", "reference": "ext-1",
		"custom": map[string]any{"k": "v"}, "email_verification": "verified",
	})
	o := h.createOrg("O")
	h.createMembership(id, o, "read")
	sess := h.do("POST", "/v2/users/"+id+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201)
	header, claims, signing, sig := decodeJWT(t, sess.str("token"))
	if header["alg"] != "RS256" || header["typ"] != "JWT" || header["kid"] == "" || header["kid"] == nil {
		t.Fatalf("header %v", header)
	}

	keyPEM := h.do("GET", "/v2/realms/"+h.realm, nil).want(200).str("jwt_key")
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("jwt_key %q", keyPEM)
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	rsaPub := pub.(*rsa.PublicKey)
	if rsaPub.N.BitLen() != 2048 {
		t.Fatalf("key size %d", rsaPub.N.BitLen())
	}
	sum := sha256.Sum256([]byte(signing))
	if err := rsa.VerifyPKCS1v15(rsaPub, crypto.SHA256, sum[:], sig); err != nil {
		t.Fatalf("signature: %v", err)
	}

	want := map[string]any{
		"iss": "https://authrocket.com", "sub": id, "sid": sess.str("id"), "rid": h.realm,
		"iat": float64(t0.Unix()), "exp": float64(t0.Unix() + 3600), "name": "Jay Dub",
		"given_name": "Jay", "family_name": "Dub", "preferred_username": "jay", "email": "jwt@example.com",
		"email_verified": true, "ref": "ext-1",
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %#v, want %#v", k, claims[k], v)
		}
	}
	if cs, _ := claims["cs"].(map[string]any); cs["k"] != "v" {
		t.Errorf("cs = %v", claims["cs"])
	}
	if _, ok := claims["orgs"]; ok {
		t.Error("orgs without ar.orgs scope")
	}
}

func TestJWTHS256WithOrgs(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "HS", "jwt_algo": "hs256", "jwt_scopes": "ar.orgs", "jwt_minutes": 15}}).want(201)
	realm, secret := res.str("id"), res.str("jwt_key")
	h.realm = realm
	id := h.createUser("hs@example.com", "password1", nil)
	o1 := h.createOrg("One")
	o2 := h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Two", "reference": "two", "custom": map[string]any{"a": "b"}}}).want(201).str("id")
	o3 := h.createOrg("Closed")
	m1 := h.createMembership(id, o1, "read")
	m2 := h.do("POST", "/v2/memberships", map[string]any{"membership": map[string]any{"user_id": id, "org_id": o2, "permissions": []string{"ar:owner", "write"}, "selected": true}}).want(201).str("id")
	h.createMembership(id, o3)
	h.do("DELETE", "/v2/orgs/"+o3, nil).want(200)

	tok := h.do("POST", "/v2/users/hs@example.com/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201).str("token")
	header, claims, signing, sig := decodeJWT(t, tok)
	if header["alg"] != "HS256" {
		t.Fatalf("header %v", header)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	if !hmac.Equal(mac.Sum(nil), sig) {
		t.Fatal("HS256 signature does not verify with the jsk_ secret")
	}
	if claims["exp"] != float64(t0.Unix()+15*60) || claims["rid"] != realm || claims["email_verified"] != false {
		t.Fatalf("claims %v", claims)
	}
	for _, k := range []string{"given_name", "family_name", "preferred_username", "ref", "cs"} {
		if _, ok := claims[k]; ok {
			t.Errorf("unset claim %s present", k)
		}
	}
	orgs, _ := claims["orgs"].([]any)
	if len(orgs) != 2 {
		t.Fatalf("orgs = %v", claims["orgs"])
	}
	first, second := orgs[0].(map[string]any), orgs[1].(map[string]any)
	if first["oid"] != o1 || first["mid"] != m1 || first["name"] != "One" || first["selected"] != false || first["ref"] != nil {
		t.Errorf("orgs[0] = %v", first)
	}
	if p := first["perm"].([]any); len(p) != 1 || p[0] != "read" {
		t.Errorf("orgs[0].perm = %v", p)
	}
	if second["oid"] != o2 || second["mid"] != m2 || second["ref"] != "two" || second["selected"] != true ||
		second["cs"].(map[string]any)["a"] != "b" || len(second["perm"].([]any)) != 2 {
		t.Errorf("orgs[1] = %v", second)
	}

	// Without any selected membership, the first one is selected.
	h.do("PUT", "/v2/memberships/"+m2, map[string]any{"membership": map[string]any{"selected": false}}).want(200)
	tok = h.do("POST", "/v2/users/"+id+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201).str("token")
	_, claims, _, _ = decodeJWT(t, tok)
	orgs = claims["orgs"].([]any)
	if orgs[0].(map[string]any)["selected"] != true || orgs[1].(map[string]any)["selected"] != false {
		t.Fatalf("selection %v", orgs)
	}
}
