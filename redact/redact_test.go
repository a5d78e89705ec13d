package redact_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/redact"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"bad key ks_abcdefgh12345678", "bad key ks_[REDACTED]"},
		{"ks_abcdefgh", "ks_[REDACTED]"},                 // 8 after the prefix: the least
		{"ks_abcdefg", "ks_abcdefg"},                     // 7: too short
		{"ks_", "ks_"},                                   // a prefix alone
		{"key_name is required", "key_name is required"}, // a word
		{"key_name_of_the_user", "key_[REDACTED]"},       // a word, but as long as a key
		{"tasks_abcdefghij", "tasks_abcdefghij"},         // no word boundary
		{"x_ks_abcdefghij", "x_ks_abcdefghij"},           // '_' is a word byte
		{"9ks_abcdefghij", "9ks_abcdefghij"},
		{"KS_ABCDEFGHIJ", "KS_ABCDEFGHIJ"}, // prefixes are lower case
		{"ko_abcdefgh key_abcdefgh jsk_abcdefgh svc_abcdefgh argw_abcdefgh",
			"ko_[REDACTED] key_[REDACTED] jsk_[REDACTED] svc_[REDACTED] argw_[REDACTED]"},
		{`{"key":"jsk_Q3XK7V2LJ5N4ZP6R"}`, `{"key":"jsk_[REDACTED]"}`},
		{"Bearer ks_abcdefgh12345678,rl_1", "Bearer ks_[REDACTED],rl_1"},
		{"req-ks_abcdefgh.1", "req-ks_[REDACTED].1"}, // '-' and '.' are boundaries; '-' is in a token
		{"ks_abcdefgh-ks_ijklmnop", "ks_[REDACTED]"}, // one token
		{"ks_ab-ks_abcdefgh", "ks_[REDACTED]"},       // one token: 14 bytes after the first prefix
		{"ks_abc.ks_abcdefgh", "ks_abc.ks_[REDACTED]"},
		{"é.ks_abcdefgh\xff", "é.ks_[REDACTED]\xff"},
		{"\xffks_abcdefgh", "\xffks_[REDACTED]"},
		{"a/argw_0123456789abcdefghijklmnop/b", "a/argw_[REDACTED]/b"},
	}
	for _, tt := range tests {
		if got := redact.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := redact.Contains(tt.in); got != (tt.in != tt.want) {
			t.Errorf("Contains(%q) = %v", tt.in, got)
		}
	}
}

func TestContainsAuthRocket(t *testing.T) {
	for s, want := range map[string]bool{
		"ks_abcdefgh": true, "ko_abcdefgh": true, "key_abcdefgh": true, "jsk_abcdefgh": true, "svc_abcdefgh": true,
		"x ks_abcdefgh": true, "argw_abcdefgh": false, "ks_abc": false, "dev_0123456789": false, "": false,
	} {
		if got := redact.ContainsAuthRocket(s); got != want {
			t.Errorf("ContainsAuthRocket(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPrefixes(t *testing.T) {
	all := redact.Prefixes()
	if want := []string{"ks_", "ko_", "key_", "jsk_", "svc_", "argw_"}; !slices.Equal(all, want) {
		t.Errorf("Prefixes = %q, want %q", all, want)
	}
	if ar := redact.AuthRocketPrefixes(); !slices.Equal(ar, all[:len(all)-1]) || redact.CredentialPrefix != all[len(all)-1] {
		t.Errorf("AuthRocketPrefixes = %q", ar)
	}
	all[0] = "x"
	if redact.Prefixes()[0] != "ks_" {
		t.Error("Prefixes shares its list with the caller")
	}
}

// reference is the rule of the package doc as a regular expression: a
// boundary (submatch 1), a prefix (2) and the rest of the token.
var reference = regexp.MustCompile(`(^|[^A-Za-z0-9_])(` + strings.Join(redact.Prefixes(), "|") + `)[A-Za-z0-9_-]{8,}`)

// referenceString is String by the regular expression.
func referenceString(s string) string {
	var b strings.Builder
	done := 0
	for _, m := range reference.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[done:m[5]])
		b.WriteString(redact.Replacement)
		done = m[1]
	}
	b.WriteString(s[done:])
	return b.String()
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "bad key ks_abcdefgh12345678", "key_name", "ks_ab-ks_abcdefgh", "ks_abc.ks_abcdefgh",
		"é.ks_abcdefgh\xff", "\xffks_abcdefgh", "x_ks_abcdefghij", `{"errors":["jsk_0123456789","svc_x"]}`, "argw_-_-_-_-_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := redact.String(s), referenceString(s)
		if got != want {
			t.Fatalf("String(%q) = %q, the reference %q", s, got, want)
		}
		if c := redact.Contains(s); c != reference.MatchString(s) || c != (got != s) {
			t.Fatalf("Contains(%q) = %v", s, c)
		}
		if redact.Contains(got) {
			t.Fatalf("String(%q) = %q still holds a secret", s, got)
		}
	})
}

func BenchmarkContains(b *testing.B) {
	id := "0123456789abcdef0123456789abcdef" // a request ID
	for b.Loop() {
		redact.Contains(id)
	}
}
