package app

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/admin"
	"github.com/authrocket-gateway/gateway/policy"
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

// TestComposePolicy: docker-compose.yml's policy loads, and its caller's
// credential is the one the compose file and the README give.
func TestComposePolicy(t *testing.T) {
	code, out, errOut := run(t, "", "policy", "check", "../deploy/compose/policy.yaml")
	if code != 0 || out != "caller dev: ok\n" {
		t.Errorf("policy check = %d, %q, %q", code, out, errOut)
	}
	b, err := os.ReadFile("../deploy/compose/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), policy.HashCredential("compose-dev-credential")) {
		t.Error("the policy lacks the hash of compose-dev-credential")
	}
	for _, f := range []string{"../docker-compose.yml", "../README.md"} {
		if b, err := os.ReadFile(f); err != nil || !strings.Contains(string(b), "Bearer compose-dev-credential") {
			t.Errorf("%s does not give the credential: %v", f, err)
		}
	}
}

// TestHelp: -h, --help and help exit 0 and list every command, every flag
// and every environment variable the gateway reads, a flag's beside it;
// values set in the environment never show.
func TestHelp(t *testing.T) {
	src, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	envs := map[string]bool{}
	for _, f := range src {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"((?:AUTHROCKET|LOGINROCKET)_[A-Z0-9_]+)"`).FindAllStringSubmatch(string(b), -1) {
			envs[m[1]] = true
		}
	}
	if len(envs) < 30 {
		t.Fatalf("found only %d environment variables in the source", len(envs))
	}
	fs, _ := newFlagSet(func(string) string { return "" }, &Config{})
	env := map[string]string{EnvDevToken: "devsecret-in-env", EnvAPIKey: "ks_secretinenv", EnvRealm: "rl_inenv", EnvAdminAddr: "127.0.0.1:7777"}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}, {"--dev", "--help"}} {
		var out, errOut bytes.Buffer
		code := Main(args, envOf(env), strings.NewReader(""), &out, &errOut)
		help := out.String()
		if code != 0 || errOut.Len() != 0 {
			t.Errorf("%q = %d, stderr %q", args, code, errOut.String())
		}
		for _, c := range commands {
			if !strings.Contains(help, "authrocket-gateway "+c.name) {
				t.Errorf("%q: no command %q", args, c.name)
			}
		}
		fs.VisitAll(func(f *flag.Flag) {
			if !regexp.MustCompile(`(?m)^  --` + f.Name + `\b`).MatchString(help) {
				t.Errorf("%q: no flag --%s", args, f.Name)
			}
		})
		for e := range envs {
			withFlag := regexp.MustCompile(`(?m)^  --[a-z-]+ .*\[\$` + e + `\]$`)
			alone := regexp.MustCompile(`(?m)^  ` + e + ` `)
			if !withFlag.MatchString(help) && !alone.MatchString(help) {
				t.Errorf("%q: no %s", args, e)
			}
		}
		for _, v := range env {
			if strings.Contains(help, v) {
				t.Errorf("%q shows the environment's %q", args, v)
			}
		}
	}
}

// TestCommandHelp: each command's --help (or -h) exits 0 with its usage.
func TestCommandHelp(t *testing.T) {
	names := []string{"credential", "policy"}
	for _, c := range commands {
		if c.name != "help" { // its help is the whole help (TestHelp)
			names = append(names, c.name)
		}
	}
	for _, name := range names {
		for _, h := range []string{"--help", "-h"} {
			args := append(strings.Fields(name), h)
			code, out, errOut := run(t, "", args...)
			if code != 0 || !strings.HasPrefix(out, "usage:\n") || !strings.Contains(out, "authrocket-gateway "+name) || errOut != "" {
				t.Errorf("%q = %d, %q, %q", args, code, out, errOut)
			}
		}
	}
}

// TestVersion: --version and version print the version the start-up log
// gives (with the revision, when the build set both: admin.Describe), and
// exit 0.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		code, out, _ := run(t, "", args...)
		if code != 0 || out != "authrocket-gateway "+admin.Describe()+"\n" {
			t.Errorf("%q = %d, %q", args, code, out)
		}
	}
}

// TestUsageErrors: a wrong flag or argument exits 2 with one line that
// says where the help is, not the whole help.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--nope"}, {"--max-connections", "x"}, {"serve"}} {
		code, out, errOut := run(t, "", args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "authrocket-gateway -h lists") {
			t.Errorf("%q = %d, %q, %q", args, code, out, errOut)
		}
	}
}
