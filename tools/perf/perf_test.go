package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary serve a role too: the harness under test
// starts its servers with os.Executable, which is this binary.
func TestMain(m *testing.M) {
	if code, ok := serveRole(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSmoke runs the whole harness briefly, every target with its own
// server processes, and checks that every call succeeded and that the
// hops' costs were measured.
func TestSmoke(t *testing.T) {
	out := filepath.Join(t.TempDir(), "perf.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-c", "2", "-d", "300ms", "-runs", "1", "-warmup", "100ms", "-json", out}, &stdout, &stderr)
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range rep.Cells {
		seen[c.Target] = true
		if c.Errors != 0 || c.Calls == 0 {
			t.Errorf("%s: %d calls, %d errors %q", c.Target, c.Calls, c.Errors, c.ErrorSamples)
		}
		switch {
		case c.Target == "direct" && c.Hop != nil:
			t.Errorf("direct has a hop: %+v", c.Hop)
		case c.Target != "direct" && (c.Hop == nil || c.Hop.CPUMicrosPerCall <= 0 || c.Hop.AllocsPerCall <= 0):
			t.Errorf("%s: hop cost %+v, want CPU and allocations per call", c.Target, c.Hop)
		}
		if c.Target == "verify" && c.UpstreamRequests != 0 {
			t.Errorf("verify: %d requests reached the emulator, want none (token cached)", c.UpstreamRequests)
		}
	}
	for _, name := range allTargets {
		if !seen[name] {
			t.Errorf("no cell of %s", name)
		}
		if !strings.Contains(stdout.String(), "| "+name+" | 2 |") {
			t.Errorf("the table has no row of %s at 2 callers", name)
		}
	}
	if !strings.Contains(stdout.String(), "rest ÷ proxy") {
		t.Error("the table has no ratios")
	}
}
