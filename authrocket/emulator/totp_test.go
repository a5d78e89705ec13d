package emulator

import (
	"strings"
	"testing"
	"time"
)

// TestHOTPAndTOTPVectors checks the test vectors of RFC 4226 appendix D and
// RFC 6238 appendix B (the SHA-1 column).
func TestHOTPAndTOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	for i, want := range []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"} {
		if got := hotp(key, uint64(i), 6); got != want {
			t.Errorf("HOTP(count %d) = %s, want %s", i, got, want)
		}
	}
	for _, v := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		if got := hotp(key, totpCounter(time.Unix(v.unix, 0)), 8); got != v.want {
			t.Errorf("TOTP(%d) = %s, want %s", v.unix, got, v.want)
		}
	}
	// The 6-digit code is the last six digits of the 8-digit one.
	if got := totpCode(key, time.Unix(59, 0)); got != "287082" {
		t.Errorf("totpCode(59) = %s", got)
	}
}

func TestTOTPValidWindow(t *testing.T) {
	key := newTOTPSecret()
	now := time.Date(2025, 1, 1, 0, 0, 45, 0, time.UTC)
	for _, c := range []struct {
		name string
		at   time.Duration
		ok   bool
	}{
		{"now", 0, true},
		{"one step back", -totpStep, true},
		{"one step ahead", totpStep, true},
		{"two steps back", -2 * totpStep, false},
		{"two steps ahead", 2 * totpStep, false},
	} {
		code := totpCode(key, now.Add(c.at))
		if got := totpValid(key, code, now); got != c.ok {
			t.Errorf("%s: totpValid = %v, want %v", c.name, got, c.ok)
		}
	}
	code := totpCode(key, now)
	for _, bad := range []string{"", "12345", "1234567", "abcdef", code + "0"} {
		if totpValid(key, bad, now) {
			t.Errorf("totpValid(%q) = true", bad)
		}
	}
	if !totpValid(key, code[:3]+" "+code[3:], now) {
		t.Error("a code with a space is refused")
	}
	if totpValid(nil, code, now) {
		t.Error("an empty key accepts a code")
	}
	// Near the epoch there is no step before the first.
	if !totpValid(key, totpCode(key, time.Unix(5, 0)), time.Unix(5, 0)) {
		t.Error("step 0 refused")
	}
	if s := totpEncoding.EncodeToString(key); len(s) != 32 || strings.ContainsAny(s, "=") {
		t.Errorf("secret %q: want 32 base32 characters without padding", s)
	}
}

func TestTOTPCodeExported(t *testing.T) {
	key := newTOTPSecret()
	at := time.Unix(1735689600, 0)
	secret := totpEncoding.EncodeToString(key)
	for _, s := range []string{secret, strings.ToLower(secret)} {
		got, err := TOTPCode(s, at)
		if err != nil || got != totpCode(key, at) {
			t.Errorf("TOTPCode(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := TOTPCode("not base32!", at); err == nil {
		t.Error("a bad secret is accepted")
	}
}
