package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// TOTP as authenticator apps implement it: RFC 6238 over RFC 4226 HOTP with
// HMAC-SHA-1, 6 digits and 30-second steps, the parameters of Google
// Authenticator's otpauth:// URIs. It is written here (a few lines of the
// standard library) rather than taken from a module so that it reads the
// emulator's clock and nothing else.
const (
	totpDigits     = 6
	totpStep       = 30 * time.Second
	totpSkew       = 1  // steps accepted either side of now, for clock drift
	totpSecretSize = 20 // bytes: the HMAC-SHA-1 block RFC 4226 recommends
)

// totpEncoding is base32 without padding, as otpauth:// URIs carry secrets.
var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPSecret returns a random secret.
func newTOTPSecret() []byte {
	b := make([]byte, totpSecretSize)
	_, _ = rand.Read(b)
	return b
}

// hotp is RFC 4226's HOTP(key, counter) with the given number of digits,
// zero-padded.
func hotp(key []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, key)
	_ = binary.Write(mac, binary.BigEndian, counter)
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f // dynamic truncation (RFC 4226 §5.3)
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// totpCounter is RFC 6238's T: the number of whole steps since the epoch.
func totpCounter(t time.Time) uint64 { return uint64(t.Unix() / int64(totpStep/time.Second)) }

// totpCode returns the code an authenticator app shows at t.
func totpCode(key []byte, t time.Time) string { return hotp(key, totpCounter(t), totpDigits) }

// totpValid reports whether code is the code of now's step or of one step
// either side. Spaces in code are ignored ("123 456").
func totpValid(key []byte, code string, now time.Time) bool {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != totpDigits || len(key) == 0 {
		return false
	}
	n := totpCounter(now)
	ok := 0
	for d := -totpSkew; d <= totpSkew; d++ {
		if d < 0 && uint64(-d) > n {
			continue
		}
		ok |= subtle.ConstantTimeCompare([]byte(hotp(key, n+uint64(d), totpDigits)), []byte(code))
	}
	return ok == 1
}

// TOTPCode returns the code an authenticator app shows at t for otpSecret,
// the base32 otp_secret that POST /v2/credentials answers for a TOTP
// credential: what a test enters to verify the credential or to finish a
// login with a second factor. The emulator accepts the code of t's 30-second
// step and of the steps either side.
func TOTPCode(otpSecret string, t time.Time) (string, error) {
	key, err := totpEncoding.DecodeString(strings.ToUpper(strings.TrimRight(otpSecret, "=")))
	if err != nil {
		return "", fmt.Errorf("emulator: otp_secret is not base32: %w", err)
	}
	return totpCode(key, t), nil
}
