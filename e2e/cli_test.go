package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	return runBinEnv(t, bin, nil, args...)
}

// runBinEnv is runBin with env added to the environment.
func runBinEnv(t *testing.T, bin string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
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
		{[]string{"health", "--help"}, "usage:\n  authrocket-gateway health [--ready]"},
		{[]string{"-h"}, "authrocket-gateway health [--ready]"},
		{[]string{"--version"}, "authrocket-gateway "},
		{[]string{"version"}, "authrocket-gateway "},
	} {
		code, out, errOut := runBin(t, bins.gateway, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%q = %d, stdout lacks %q:\n%s%s", tc.args, code, tc.want, out, errOut)
		}
	}
}

// TestConfigErrorsAtStart: the gateway refuses a malformed realm ID, URL
// or listen address before it starts, exit 2, with a line that names the
// setting; it never shows the key. (A realm of "realm1" used to start and
// fail on each call; a bad URL or address, to fail later with exit 1.)
func TestConfigErrorsAtStart(t *testing.T) {
	const key = "ks_e2econfigsecret0123456789"
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"AUTHROCKET_REALM=realm1"}, `--realm / AUTHROCKET_REALM: "realm1" is not a realm ID; want rl_`},
		{[]string{"AUTHROCKET_URL=api-e2.authrocket.com/v2"}, `--authrocket-url / AUTHROCKET_URL: "api-e2.authrocket.com/v2" is not an http(s) URL`},
		{[]string{"LOGINROCKET_URL=http://x.e2.loginrocket.com"}, `--loginrocket-url / LOGINROCKET_URL: "http://x.e2.loginrocket.com" is plain http`},
		{[]string{"AUTHROCKET_GATEWAY_HTTP_ADDR=8080"}, `--http-addr / AUTHROCKET_GATEWAY_HTTP_ADDR: "8080" is not a listen address; want host:port`},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		cmd := exec.CommandContext(ctx, bins.gateway, "--grpc-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0")
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "AUTHROCKET_API_KEY=" + key,
			"AUTHROCKET_GATEWAY_POLICY_FILE=" + filepath.Join(t.TempDir(), "policy.yaml"), "AUTHROCKET_GATEWAY_HTTP_ADDR=127.0.0.1:0"}, tc.env...)
		out, _ := cmd.CombinedOutput()
		cancel()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.HasPrefix(string(out), "authrocket-gateway: "+tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q; output:\n%s", tc.env, code, tc.want, out)
		}
		if strings.Contains(string(out), key) {
			t.Errorf("the key was printed: %s", out)
		}
	}
}

// TestHelpOfTheEmulator: the emulator's --help exits 0 with its usage on
// stdout (it used to exit 1); a wrong flag exits 2.
func TestHelpOfTheEmulator(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		code, out, errOut := runBin(t, bins.emulator, args...)
		if code != 0 || !strings.HasPrefix(out, "usage: authrocket-emulator [flags]\n") || errOut != "" {
			t.Errorf("%q = %d:\n%s%s", args, code, out, errOut)
		}
	}
	if code, _, errOut := runBin(t, bins.emulator, "--nope"); code != 2 || !strings.Contains(errOut, "authrocket-emulator -h lists the flags") {
		t.Errorf("--nope = %d: %s", code, errOut)
	}
}
