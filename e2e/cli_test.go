package e2e

import (
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
