package audit

import "strings"

// secretPrefixes start keys with the shape of an ID: AuthRocket's API keys
// (ks_, and AR1's ko_ and key_), realm JWT secrets (jsk_) and the
// gateway's own caller credentials (argw_, policy.CredentialPrefix; gwc_
// before it).
var secretPrefixes = []string{"ks_", "ko_", "key_", "jsk_", "argw_", "gwc_"}

// IsID reports whether s has the shape of an AuthRocket ID and is not a
// key, and so may be written to the audit trail. Emails, usernames, tokens
// and keys are not.
func IsID(s string) bool {
	for _, p := range secretPrefixes {
		if strings.HasPrefix(s, p) {
			return false
		}
	}
	return idShaped(s)
}

// idShaped reports whether s has the shape of an AuthRocket ID: a short
// lowercase prefix, "_", and at most 64 letters and digits (usr_…, rl_…,
// kss_…); ^[a-z][a-z0-9]{0,7}_[0-9A-Za-z]{1,64}$ without a regexp, which
// would be most of the cost of encoding a record.
func idShaped(s string) bool {
	i := strings.IndexByte(s, '_')
	if i < 1 || i > 8 || len(s)-i-1 < 1 || len(s)-i-1 > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case j == i, 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case j > i && 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return true
}
