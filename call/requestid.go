package call

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/authrocket-gateway/gateway/redact"
)

// RequestID returns the caller's request ID when well formed (1–128 letters,
// digits and "-_.:") and not shaped like a secret (redact.Contains: it is
// repeated in answers, logs and the audit trail), else a fresh one.
func RequestID(caller string) string {
	if validRequestID(caller) && !redact.Contains(caller) {
		return caller
	}
	return newRequestID()
}

// validRequestID accepts a caller's request ID: 1–128 characters of
// letters, digits and "-_.:".
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
