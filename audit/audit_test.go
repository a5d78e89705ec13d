package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/call"
)

// An ID field can carry what is not an ID (GetUser by email, GetSession by
// login token); only AuthRocket IDs reach the trail.
func TestSinkDropsWhatIsNotAnID(t *testing.T) {
	secrets := []string{
		"ada@example.com", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3IifQ.sig", "tpw:abc", "ks_live1234", "ko_live1234",
		"key_live1234", "jsk_abc", "gwc_abc", "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA", "usr_1/../x", "ada",
	}
	var out lockedBuffer
	s := audit.NewSink(&out, audit.Options{})
	for _, realm := range append(secrets, "rl_1\r\nx") {
		r := call.New(time.Now(), call.REST, "m", "gw-1", call.Peer{})
		r.Resources(append([]string{"usr_1"}, secrets...))
		r.Allowed(realm, "c: m")
		s.Write(r)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, `"resource_ids":["usr_1"],`); n != len(secrets)+1 {
		t.Errorf("%d lines with usr_1 alone, want %d:\n%s", n, len(secrets)+1, got)
	}
	for _, s := range append(secrets, "rl_1", `"realm"`) {
		if strings.Contains(got, s) {
			t.Errorf("%q written:\n%s", s, got)
		}
	}
}

func TestIsID(t *testing.T) {
	for s, want := range map[string]bool{
		"usr_0abc": true, "rl_x": true, "kss_AbC123": true, "mb_1": true, "ap_facebook1": true,
		"": false, "usr_": false, "_abc": false, "USR_1": false, "usr-1": false, "usr_1.2": false,
		"ks_0abc": false, "jsk_0abc": false, "gwc_0abc": false, "key_0abc": false, "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA": false,
		"ada@example.com": false, "tpw:abc": false, "usr_" + strings.Repeat("a", 65): false,
	} {
		if got := audit.IsID(s); got != want {
			t.Errorf("IsID(%q) = %v, want %v", s, got, want)
		}
	}
}
