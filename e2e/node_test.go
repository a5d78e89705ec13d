package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestNode runs the Node clients of test/node (an AuthRocket-SDK-style REST
// client and a @grpc/grpc-js client) against the gateway binary in front of
// the emulator binary. CI has Node and npm; the test installs the pinned
// packages (npm ci) when they are missing.
func TestNode(t *testing.T) {
	dir, err := filepath.Abs("../test/node")
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH: the polyglot tests need Node.js with npm", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); os.IsNotExist(err) {
		npm := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		npm.Dir = dir
		if out, err := npm.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}

	e := newEnv(t)
	before := e.upstreamRequests(t)
	node := exec.CommandContext(ctx, "node", "--test", "--test-reporter=spec")
	node.Dir = dir
	node.Env = append(os.Environ(),
		"GATEWAY_REST_URL="+e.httpURL,
		"GATEWAY_GRPC_ADDR="+e.grpcAddr,
		"GATEWAY_TOKEN="+e.token,
		"NO_COLOR=1",
	)
	out, err := node.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	t.Logf("node --test:\n%s", out)
	if e.upstreamRequests(t) == before {
		t.Error("the Node clients never reached AuthRocket through the gateway")
	}
}
