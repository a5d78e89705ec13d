package admin

import "testing"

// TestLinkedVersion: a version and revision set at link time (the image's
// VERSION and REVISION) are what the gateway reports; without them, a test
// binary, which has no VCS information, is "devel".
func TestLinkedVersion(t *testing.T) {
	defer func(v, r string) { version, revision = v, r }(version, revision)
	for _, tc := range []struct {
		version, revision, wantVersion, wantDescribe string
	}{
		{"", "", "devel", "devel"},
		{"v1.2.3", "", "v1.2.3", "v1.2.3"},
		{"v1.2.3", "0123456789abcdef0123456789abcdef01234567", "v1.2.3", "v1.2.3 (revision 0123456789ab)"},
		{"", "0123456789abcdef0123456789abcdef01234567", "0123456789ab", "0123456789ab"},
	} {
		version, revision = tc.version, tc.revision
		if v, d := Version(), Describe(); v != tc.wantVersion || d != tc.wantDescribe {
			t.Errorf("linked %q, %q: Version %q, Describe %q; want %q, %q", tc.version, tc.revision, v, d, tc.wantVersion, tc.wantDescribe)
		}
	}
}
