package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDevMakeSaysItIsBuilding: `make dev` (and `make emulator`) says what it
// is doing before the first build, which runs for minutes on a cold
// machine. The go command is a stand-in that records its arguments and
// fails, so nothing is built or started.
func TestDevMakeSaysItIsBuilding(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	stub := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(stub, []byte("#!/bin/sh\necho \"go $*\"\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{"dev": "./cmd/authrocket-gateway", "emulator": "./cmd/authrocket-emulator"} {
		out, err := exec.Command("make", "-s", "-C", "..", target, "GO="+stub).CombinedOutput()
		if err == nil {
			t.Errorf("make %s succeeded with a failing go command:\n%s", target, out)
		}
		said := strings.Index(string(out), "the first build takes a few minutes")
		built := strings.Index(string(out), "go build -o bin/ "+want)
		if said < 0 || built < 0 || said > built {
			t.Errorf("make %s does not say it is building before it builds:\n%s", target, out)
		}
	}
}

// runBin runs bin with args and an environment of PATH alone, and returns
// its exit code, stdout and stderr.
func runBin(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// TestHelpOfTheGateway: the binary's help, its commands' help and its
// version exit 0 and print on stdout.
func TestHelpOfTheGateway(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "authrocket-gateway policy check FILE"},
		{[]string{"--help"}, "[$AUTHROCKET_REALM]"},
		{[]string{"help"}, "AUTHROCKET_API_KEY_FILE"},
		{[]string{"policy", "check", "--help"}, "usage:\n  authrocket-gateway policy check FILE"},
		{[]string{"credential", "new", "--help"}, "usage:\n  authrocket-gateway credential new"},
		{[]string{"version", "--help"}, "usage:\n  authrocket-gateway version"},
		{[]string{"--version"}, "authrocket-gateway "},
		{[]string{"version"}, "authrocket-gateway "},
	} {
		code, out, errOut := runBin(t, bins.gateway, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%q = %d, stdout lacks %q:\n%s%s", tc.args, code, tc.want, out, errOut)
		}
	}
}
