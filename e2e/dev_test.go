package e2e

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// devGateway starts the gateway binary in --dev mode on ephemeral loopback
// ports and returns its gRPC address, REST URL and process.
func devGateway(t *testing.T, token string) (grpcAddr, httpURL string, p *proc) {
	t.Helper()
	p, rec := startGateway(t, []string{"--dev", "--dev-token", token, "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, nil)
	if !rec.Dev {
		t.Fatalf("listening record %+v: not in dev mode", rec)
	}
	return rec.GRPC, "http://" + rec.HTTP, p
}

// example is one command of the README and the output it shows.
type example struct {
	command string
	output  []string
}

// readmeExamples returns the README's curl, grpcurl and buf curl commands (```sh blocks)
// with the output block that follows each.
func readmeExamples(t *testing.T) []example {
	t.Helper()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks [][]string // fenced blocks, the info string first
	var cur []string
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimRight(line, "\n")
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = []string{strings.TrimPrefix(line, "```")}
		case cur != nil && line == "```":
			blocks, cur = append(blocks, cur), nil
		case cur != nil:
			cur = append(cur, line)
		}
	}
	var out []example
	for i, b := range blocks {
		if b[0] != "sh" || len(b) < 2 || !(strings.HasPrefix(b[1], "curl ") || strings.HasPrefix(b[1], "grpcurl ") || strings.HasPrefix(b[1], "scripts/buf curl ")) {
			continue
		}
		if i+1 == len(blocks) || blocks[i+1][0] == "sh" {
			t.Fatalf("README: no output block after %q", b[1])
		}
		out = append(out, example{command: strings.Join(b[1:], "\n"), output: blocks[i+1][1:]})
	}
	return out
}

var jsonKey = regexp.MustCompile(`"[A-Za-z@_]+":`)

// TestREADMEExamples runs the README's dev command and its curl, grpcurl
// and buf curl examples as written (ports aside), and checks each shows what the README
// says: every line without an elided value ("…"), and every JSON key.
func TestREADMEExamples(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: the README's curl examples cannot be run")
	}
	const token = "devtoken" // as in the README's dev command
	grpcAddr, httpURL, gw := devGateway(t, token)
	if out := gw.Output(); !strings.Contains(out, "DEVELOPMENT MODE") || !strings.Contains(out, "Authorization: Bearer "+token) {
		t.Errorf("no dev banner with the credential:\n%s", out)
	}
	binDir := t.TempDir()
	build := exec.Command("go", "build", "-modfile=tools/dev/go.mod", "-o", filepath.Join(binDir, "grpcurl"), "github.com/fullstorydev/grpcurl/cmd/grpcurl")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building grpcurl: %v\n%s", err, out)
	}

	examples := readmeExamples(t)
	if len(examples) < 3 {
		t.Fatalf("README has %d curl/grpcurl examples, want at least 3", len(examples))
	}
	ports := strings.NewReplacer("http://127.0.0.1:8080", httpURL, "127.0.0.1:50051", grpcAddr)
	for _, ex := range examples {
		cmd := exec.Command("bash", "-c", ports.Replace(ex.command))
		cmd.Dir = ".." // the repository's root, where the README's commands run
		cmd.Env = append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
		got, _ := cmd.CombinedOutput() // grpcurl exits non-zero on an error status: the output tells
		text := strings.ReplaceAll(string(got), "\r", "")
		for _, want := range ex.output {
			if want = strings.TrimSpace(want); want == "" {
				continue
			}
			if !strings.Contains(want, "…") && !strings.Contains(text, want) {
				t.Errorf("%s\nwant a line %q in:\n%s", ex.command, want, text)
			}
			for _, key := range jsonKey.FindAllString(want, -1) {
				if !strings.Contains(text, key) && !strings.Contains(text, strings.Replace(key, `":`, `": `, 1)) {
					t.Errorf("%s\nwant key %s in:\n%s", ex.command, key, text)
				}
			}
		}
	}
}

// TestDevEndpoints: health, readiness, the OpenAPI document and gRPC
// reflection need no credential; the API does.
func TestDevEndpoints(t *testing.T) {
	_, httpURL, _ := devGateway(t, "another-dev-token")
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/openapi.json": 200, "/v2/users": 403} {
		res, err := http.Get(httpURL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s = %d %s, want %d", path, res.StatusCode, body, want)
		}
		if path == "/openapi.json" {
			var doc struct {
				Paths map[string]map[string]any `json:"paths"`
			}
			if err := json.Unmarshal(body, &doc); err != nil || doc.Paths["/v2/users"]["post"] == nil {
				t.Errorf("openapi.json has no POST /v2/users: %v", err)
			}
		}
	}
}

// TestDrain: on SIGTERM the gateway answers not-ready for --shutdown-delay
// before it closes its listeners, then exits 0.
func TestDrain(t *testing.T) {
	p, rec := startGateway(t, []string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--shutdown-delay", "3s"}, nil)
	readyz := func() int {
		res, err := http.Get("http://" + rec.HTTP + "/readyz")
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := readyz(); code != http.StatusOK {
		t.Fatalf("/readyz = %d before SIGTERM", code)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	saw503 := false
	for i := 0; i < 100 && !saw503; i++ { // bounded: the listener closes after the delay
		code := readyz()
		saw503 = code == http.StatusServiceUnavailable
		if code == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !saw503 {
		t.Errorf("/readyz never answered 503 while draining; output:\n%s", p.Output())
	}
}

// TestDevRefuses: --dev never runs with a real key or URL, or beyond loopback.
func TestDevRefuses(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"public gRPC address", []string{"--grpc-addr", "0.0.0.0:0"}, nil, "loopback"},
		{"public REST address", []string{"--http-addr", ":0"}, nil, "loopback"},
		{"a real key", nil, []string{"AUTHROCKET_API_KEY=ks_realkey"}, "refuses a real AuthRocket key"},
		{"a real URL", nil, []string{"AUTHROCKET_URL=https://api-e2.authrocket.com/v2"}, "AUTHROCKET_URL"},
		{"a key as dev token", []string{"--dev-token", "ks_0123456789abcdef"}, nil, "AuthRocket key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bins.gateway, append([]string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, tt.args...)...)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, tt.env...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("exit %v, want 2; output:\n%s", err, out)
			}
			first, _ := bufio.NewReader(strings.NewReader(string(out))).ReadString('\n')
			if !strings.Contains(first, tt.want) {
				t.Errorf("message %q does not say %q", first, tt.want)
			}
			if strings.Contains(string(out), "ks_realkey") {
				t.Errorf("the key was printed: %s", out)
			}
		})
	}
}

// TestDevBannerForSDKApps: the settings the --dev banner gives an SDK app
// work as printed: AUTHROCKET_URL with AUTHROCKET_API_KEY lists the users of
// AUTHROCKET_REALM through the gateway, and LOGINROCKET_URL serves the
// realm's keys at /connect/jwks, with no special DNS.
func TestDevBannerForSDKApps(t *testing.T) {
	_, _, p := devGateway(t, "sdk-app-dev-token")
	settings := map[string]string{}
	for line := range strings.Lines(p.Output()) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && strings.HasPrefix(k, "AUTHROCKET_") || ok && k == "LOGINROCKET_URL" {
			settings[k] = v
		}
	}
	if settings["AUTHROCKET_API_KEY"] != "sdk-app-dev-token" || settings["AUTHROCKET_REALM"] == "" {
		t.Fatalf("banner settings %v", settings)
	}
	req, _ := http.NewRequest("GET", settings["AUTHROCKET_URL"]+"/users", nil)
	req.Header.Set("Authrocket-Api-Key", settings["AUTHROCKET_API_KEY"])
	req.Header.Set("Authrocket-Realm", settings["AUTHROCKET_REALM"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET AUTHROCKET_URL/users: %d", res.StatusCode)
	}
	res, err = http.Get(settings["LOGINROCKET_URL"] + "/connect/jwks")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var jwks struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.NewDecoder(res.Body).Decode(&jwks); err != nil || res.StatusCode != http.StatusOK || len(jwks.Keys) == 0 {
		t.Errorf("LOGINROCKET_URL/connect/jwks: %d, %d keys, %v", res.StatusCode, len(jwks.Keys), err)
	}
}
