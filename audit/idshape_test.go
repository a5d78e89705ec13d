package audit

import (
	"regexp"
	"strings"
	"testing"
)

// idShape is the definition idShaped implements.
var idShape = regexp.MustCompile(`^[a-z][a-z0-9]{0,7}_[0-9A-Za-z]{1,64}$`)

// FuzzIDShaped: idShaped agrees with the regular expression it replaces.
func FuzzIDShaped(f *testing.F) {
	for _, s := range []string{"usr_0abc", "rl_x", "a_b", "abcdefgh_1", "abcdefghi_1", "usr_", "_x", "Usr_1", "u1_Z9",
		"usr_a_b", "usr_" + strings.Repeat("a", 64), "usr_" + strings.Repeat("a", 65), "usr_é", "", "_", "a__b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := idShaped(s), idShape.MatchString(s); got != want {
			t.Errorf("idShaped(%q) = %v, the expression says %v", s, got, want)
		}
	})
}
