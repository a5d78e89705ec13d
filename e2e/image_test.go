package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// No Docker daemon is needed for these: they take what the Dockerfile
// says and check it against the real binary.

// TestImageBuildVersion: built as the Dockerfile builds it (its go build
// flags, its -ldflags with VERSION and REVISION filled in), `version`
// prints both; the image has no .git to take them from.
func TestImageBuildVersion(t *testing.T) {
	df := readDockerfile(t)
	m := regexp.MustCompile(`go build (-trimpath -buildvcs=false) \\\s+-ldflags="([^"]+)"`).FindStringSubmatch(df)
	if m == nil {
		t.Fatal("no go build -trimpath -buildvcs=false -ldflags=\"…\" in the Dockerfile")
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	ldflags := strings.NewReplacer("${VERSION}", "v9.8.7-image", "${REVISION}", rev).Replace(m[2])
	bin := filepath.Join(t.TempDir(), "authrocket-gateway")
	cmd := exec.Command("go", append(append([]string{"build"}, strings.Fields(m[1])...), "-ldflags="+ldflags, "-o", bin, "../cmd/authrocket-gateway")...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build as the Dockerfile does: %v\n%s", err, out)
	}
	code, out, errOut := runBin(t, bin, "version")
	if want := "authrocket-gateway v9.8.7-image (revision 0123456789ab)\n"; code != 0 || out != want {
		t.Errorf("version = %d, %q, %q; want %q", code, out, errOut, want)
	}
}

// TestImageHealthcheck: the Dockerfile's HEALTHCHECK runs the binary it
// copies into the image, with the health command, which exits 0 against
// a running gateway.
func TestImageHealthcheck(t *testing.T) {
	df := readDockerfile(t)
	m := regexp.MustCompile(`(?m)^HEALTHCHECK .* CMD (\[.*\])$`).FindStringSubmatch(df)
	if m == nil {
		t.Fatal("no HEALTHCHECK … CMD [exec form] in the Dockerfile")
	}
	var argv []string
	if err := json.Unmarshal([]byte(m[1]), &argv); err != nil || len(argv) < 2 {
		t.Fatalf("HEALTHCHECK CMD %s: %v", m[1], err)
	}
	if !regexp.MustCompile(`(?m)^COPY --from=build .*/out/authrocket-gateway .*`+regexp.QuoteMeta(filepath.Dir(argv[0]))+`/$`).MatchString(df) ||
		filepath.Base(argv[0]) != "authrocket-gateway" {
		t.Errorf("the HEALTHCHECK runs %s, which the Dockerfile does not copy there", argv[0])
	}
	_, rec := startGateway(t, []string{"--dev", "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, nil)
	if code, out, errOut := runBinEnv(t, bins.gateway, []string{"AUTHROCKET_GATEWAY_HTTP_ADDR=" + rec.HTTP}, argv[1:]...); code != 0 {
		t.Errorf("HEALTHCHECK %q = %d, %q, %q", argv, code, out, errOut)
	}
}

func readDockerfile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
