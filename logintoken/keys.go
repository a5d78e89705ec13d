package logintoken

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Algorithms a key can pin.
const (
	algHS256 = "HS256"
	algRS256 = "RS256"
)

// rsaKeyMinLen is the SDKs' rule for a configured key: one longer than this
// is an RSA public key, anything else an HMAC secret.
const rsaKeyMinLen = 256

// key is one verification key and the one algorithm it allows.
type key struct {
	kid  string // the JWKS kid, or "" for a configured or realm key
	alg  string // algHS256 or algRS256
	hmac []byte
	rsa  *rsa.PublicKey
}

// verifyKey is what the JWT library verifies with for k.
func (k *key) verifyKey() any {
	if k.alg == algHS256 {
		return k.hmac
	}
	return k.rsa
}

// parseKey reads a key as the SDKs take AUTHROCKET_JWT_KEY: a realm's HS256
// secret (jsk_…, used as its UTF-8 bytes), or its RSA public key as a PEM
// or as the bare base64 of the DER SubjectPublicKeyInfo. Errors never
// repeat the key.
func parseKey(s string) (*key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("logintoken: the key is empty")
	}
	if len(s) <= rsaKeyMinLen {
		return &key{alg: algHS256, hmac: []byte(s)}, nil
	}
	der := []byte(nil)
	if block, _ := pem.Decode([]byte(s)); block != nil {
		der = block.Bytes
	} else {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			return nil, errors.New("logintoken: a key longer than 256 characters must be an RSA public key (PEM or base64 DER)")
		}
		der = b
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errors.New("logintoken: the key is not an RSA public key (SubjectPublicKeyInfo)")
	}
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("logintoken: the key is a public key, but not RSA")
	}
	return &key{alg: algRS256, rsa: rk}, nil
}

// jwk is one key of a JWKS document as LoginRocket serves it: x5c[0] is the
// base64 DER SubjectPublicKeyInfo (not a certificate), beside the standard
// kty, n and e.
type jwk struct {
	Kid string   `json:"kid"`
	Kty string   `json:"kty"`
	Alg string   `json:"alg,omitempty"`
	Use string   `json:"use,omitempty"`
	N   string   `json:"n,omitempty"`
	E   string   `json:"e,omitempty"`
	X5c []string `json:"x5c,omitempty"`
}

// JWKS is a JSON Web Key Set document.
type JWKS struct {
	Keys []jwk `json:"keys"`
}

// parseJWKS reads the RSA signing keys of a JWKS document by kid. Keys of
// other types or uses, and keys without a kid, are skipped: nothing could
// choose them.
func parseJWKS(doc []byte) (map[string]*key, error) {
	var set JWKS
	if err := json.Unmarshal(doc, &set); err != nil {
		return nil, fmt.Errorf("logintoken: the JWKS is not JSON: %w", err)
	}
	keys := map[string]*key{}
	for _, j := range set.Keys {
		if j.Kid == "" || j.Kty != "RSA" || (j.Alg != "" && j.Alg != algRS256) || (j.Use != "" && j.Use != "sig") {
			continue
		}
		pub, err := j.rsaKey()
		if err != nil {
			return nil, fmt.Errorf("logintoken: JWKS key %q: %w", j.Kid, err)
		}
		keys[j.Kid] = &key{kid: j.Kid, alg: algRS256, rsa: pub}
	}
	return keys, nil
}

// rsaKey is the key's RSA public key, from n and e, else from x5c[0] (the
// SPKI that AuthRocket's SDKs read).
func (j jwk) rsaKey() (*rsa.PublicKey, error) {
	if j.N != "" && j.E != "" {
		n, err1 := base64.RawURLEncoding.DecodeString(j.N)
		e, err2 := base64.RawURLEncoding.DecodeString(j.E)
		if err1 != nil || err2 != nil || len(e) > 4 {
			return nil, errors.New("n or e is not base64url")
		}
		exp := new(big.Int).SetBytes(e)
		if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64()%2 == 0 {
			return nil, errors.New("bad exponent")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
	}
	if len(j.X5c) == 0 {
		return nil, errors.New("neither n and e nor x5c")
	}
	der, err := base64.StdEncoding.DecodeString(j.X5c[0])
	if err != nil {
		return nil, errors.New("x5c[0] is not base64")
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		// A certificate, as the JOSE standard has it.
		cert, cerr := x509.ParseCertificate(der)
		if cerr != nil {
			return nil, errors.New("x5c[0] is neither a public key nor a certificate")
		}
		pub = cert.PublicKey
	}
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("x5c[0] is not an RSA key")
	}
	return rk, nil
}

// publicJWK renders an RSA key for a JWKS document the way LoginRocket
// does: kid, RS256 for signing, n and e, and the SPKI in x5c. A key without
// a kid (configured, or read through the API) gets its RFC 7638 thumbprint.
func publicJWK(k *key) (jwk, error) {
	der, err := x509.MarshalPKIXPublicKey(k.rsa)
	if err != nil {
		return jwk{}, err
	}
	j := jwk{
		Kid: k.kid, Kty: "RSA", Alg: algRS256, Use: "sig",
		N:   base64.RawURLEncoding.EncodeToString(k.rsa.N.Bytes()),
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.rsa.E)).Bytes()),
		X5c: []string{base64.StdEncoding.EncodeToString(der)},
	}
	if j.Kid == "" {
		// RFC 7638 §3.2: the required members, in lexicographic order.
		sum := sha256.Sum256([]byte(`{"e":"` + j.E + `","kty":"RSA","n":"` + j.N + `"}`))
		j.Kid = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return j, nil
}
