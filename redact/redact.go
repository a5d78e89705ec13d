package redact

import "strings"

// CredentialPrefix starts every caller credential of the gateway.
const CredentialPrefix = "argw_"

// Replacement stands for the part of a secret after its prefix in the text
// String returns.
const Replacement = "[REDACTED]"

// minTail is how many bytes of [A-Za-z0-9_-] must follow a prefix for a
// token to be secret-shaped.
const minTail = 8

// prefixes are AuthRocket's, then the gateway's. No prefix starts another.
var prefixes = [...]string{"ks_", "ko_", "key_", "jsk_", "svc_", CredentialPrefix}

// numAuthRocket is how many of prefixes are AuthRocket's.
const numAuthRocket = len(prefixes) - 1

// Prefixes returns the prefixes of the secrets, AuthRocket's first.
func Prefixes() []string { return append([]string(nil), prefixes[:]...) }

// AuthRocketPrefixes returns the prefixes of AuthRocket's secrets.
func AuthRocketPrefixes() []string { return append([]string(nil), prefixes[:numAuthRocket]...) }

// Contains reports whether s holds a secret-shaped token.
func Contains(s string) bool {
	start, _, _ := next(s, 0, prefixes[:])
	return start >= 0
}

// ContainsAuthRocket reports whether s holds a token shaped like one of
// AuthRocket's secrets (any prefix but CredentialPrefix).
func ContainsAuthRocket(s string) bool {
	start, _, _ := next(s, 0, prefixes[:numAuthRocket])
	return start >= 0
}

// String returns s with each secret-shaped token replaced by its prefix
// and Replacement: "bad key ks_0123456789" becomes "bad key
// ks_[REDACTED]". It returns s itself when s holds none.
func String(s string) string {
	start, tail, end := next(s, 0, prefixes[:])
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	done := 0
	for start >= 0 {
		b.WriteString(s[done:tail])
		b.WriteString(Replacement)
		done = end
		start, tail, end = next(s, end, prefixes[:])
	}
	b.WriteString(s[done:])
	return b.String()
}

// next finds the first secret-shaped token of s that starts at or after
// from with one of ps: the offsets of its prefix, of what follows the
// prefix, and of its end; start is -1 when there is none.
func next(s string, from int, ps []string) (start, tail, end int) {
	for i := from; i+len("ks_")+minTail <= len(s); i++ {
		switch s[i] {
		case 'k', 'j', 's', 'a':
		default:
			continue
		}
		if i > 0 && isWord(s[i-1]) {
			continue
		}
		for _, p := range ps {
			if !strings.HasPrefix(s[i:], p) {
				continue
			}
			j := i + len(p)
			k := j
			for k < len(s) && (isWord(s[k]) || s[k] == '-') {
				k++
			}
			if k-j >= minTail {
				return i, j, k
			}
			break // no prefix starts another
		}
	}
	return -1, 0, 0
}

// isWord reports whether c is an ASCII letter, digit or '_'.
func isWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}
