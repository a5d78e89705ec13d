package app

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCredentialCommands: a new credential's printed hash is the one
// `credential hash` prints and the one a policy accepts for it.
func TestCredentialCommands(t *testing.T) {
	code, out, _ := run(t, "", "credential", "new")
	m := regexp.MustCompile(`(?m)^credential: (argw_\S+)\nhash: +(sha256:[0-9a-f]{64})$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("credential new = %d, %q", code, out)
	}
	cred, hash := m[1], m[2]
	if code, out, _ := run(t, cred+"\n", "credential", "hash"); code != 0 || strings.TrimSpace(out) != hash {
		t.Errorf("credential hash = %d, %q; want %s", code, out, hash)
	}
	if code, _, errOut := run(t, "", "credential", "hash"); code != 1 || !strings.Contains(errOut, "no credential on stdin") {
		t.Errorf("credential hash of nothing = %d, %q", code, errOut)
	}

	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	writeFile(t, good, "callers:\n  - {name: billing, credentials: ["+hash+"], methods: ['authrocket.v2.UsersService/Get*'], realms: [rl_1]}\n")
	if code, out, _ := run(t, "", "policy", "check", good); code != 0 || out != "caller billing: ok\n" {
		t.Errorf("policy check = %d, %q", code, out)
	}
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "callers:\n  - {name: billing, credentials: ["+cred+"], methods: ['authrocket.v2.UserService/Get*'], realms: [rl_1]}\n")
	code, _, errOut := run(t, "", "policy", "check", bad)
	if code != 1 || !strings.Contains(errOut, "matches no method") || !strings.Contains(errOut, "never the credential") || strings.Contains(errOut, cred) {
		t.Errorf("policy check of a bad policy = %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"credential"}, {"credential", "new", "x"}, {"policy", "check"}, {"policy", "lint", good}} {
		if code, _, errOut := run(t, "", args...); code != 2 || !strings.Contains(errOut, "usage:") {
			t.Errorf("%q = %d, %q", args, code, errOut)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestPolicyExample: the example policy of docs/operations.md loads.
func TestPolicyExample(t *testing.T) {
	code, out, errOut := run(t, "", "policy", "check", "../docs/policy.example.yaml")
	if code != 0 || out != "caller billing: ok\ncaller signup: ok\ncaller platform: ok\ncaller legacy-app: ok\n" {
		t.Errorf("policy check = %d, %q, %q", code, out, errOut)
	}
}
