package policy

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/authrocket-gateway/gateway/redact"
)

// CredentialPrefix starts every credential NewCredential makes, so that a
// leaked one is easy to recognise (and to tell from AuthRocket's ks_ keys);
// package redact takes it out of text as it does AuthRocket's secrets.
const CredentialPrefix = redact.CredentialPrefix

// hashPrefix names the hash function of a credential hash.
const hashPrefix = "sha256:"

// NewCredential returns a new random caller credential: CredentialPrefix
// and 128 random bits. Give it to the caller; the policy keeps only
// HashCredential of it.
func NewCredential() string { return CredentialPrefix + rand.Text() }

// HashCredential returns the form of credential that a policy holds,
// "sha256:" and 64 hex digits. A credential is random, not a password, so
// a fast hash is the right one: nothing can be guessed from it.
func HashCredential(credential string) string {
	sum := sha256.Sum256([]byte(credential))
	return hashPrefix + hex.EncodeToString(sum[:])
}

// parseHash reads a credential hash written by HashCredential.
func parseHash(s string) (sum [sha256.Size]byte, ok bool) {
	h, found := strings.CutPrefix(s, hashPrefix)
	if !found || len(h) != hex.EncodedLen(sha256.Size) || strings.ToLower(h) != h {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(h)); err != nil {
		return sum, false
	}
	return sum, true
}
