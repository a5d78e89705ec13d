package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/gen/openapi"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var (
	coverageRow = regexp.MustCompile("^\\| (\\d+) \\| `([A-Z]+ [^`]+)` \\| (?:`([^`]+)`|—) \\| (?:`([A-Z]+ [^`]+)`|—) \\| (.*) \\|$")
	testName    = regexp.MustCompile(`\bTest[A-Z][A-Za-z0-9]*`)
)

// TestCoverageTable keeps docs/coverage.md true: each RPC it names exists
// with the AuthRocket method and path of its row, as its REST route, and
// every RPC of authrocket.v2 has a row; the tests it names exist; the
// generated OpenAPI document has the route with AuthRocket's method and path.
func TestCoverageTable(t *testing.T) {
	raw, err := os.ReadFile("../docs/coverage.md")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapi.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	methods := map[string]protoreflect.MethodDescriptor{}
	for _, sd := range apiServices() {
		for i := 0; i < sd.Methods().Len(); i++ {
			md := sd.Methods().Get(i)
			methods[string(sd.FullName())+"/"+string(md.Name())] = md
		}
	}
	var tests strings.Builder
	for _, glob := range []string{"../*/*_test.go", "../*/*/*_test.go"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			tests.Write(b)
		}
	}
	listed := map[string]bool{}
	rows := 0
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, "## ") {
			break // the endpoint table ends where the next section starts
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| #") {
			continue
		}
		m := coverageRow.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("malformed row: %s", line)
			continue
		}
		rows++
		endpoint, rpc, route, covered := m[2], m[3], m[4], m[5]
		if rpc == "" {
			if route != "" || covered != "—" {
				t.Errorf("row without an RPC has a route or tests: %s", line)
			}
			continue
		}
		md, ok := methods[rpc]
		if !ok {
			t.Errorf("%s: no such RPC", rpc)
			continue
		}
		listed[rpc] = true
		_, method, path, _ := authrocket.HTTPRule(md)
		if got := method + " " + path; got != endpoint || got != route {
			t.Errorf("%s: HTTP rule %q, table says AuthRocket %q, route %q", rpc, got, endpoint, route)
		}
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s: the OpenAPI document lacks %s %s", rpc, method, path)
		}
		names := testName.FindAllString(covered, -1)
		if len(names) == 0 {
			t.Errorf("%s: no test named", rpc)
		}
		for _, name := range names {
			if !strings.Contains(tests.String(), "func "+name+"(") {
				t.Errorf("%s: test %s does not exist", rpc, name)
			}
		}
	}
	if rows != 102 {
		t.Errorf("%d endpoint rows, want AuthRocket's 102", rows)
	}
	for rpc := range methods {
		if !listed[rpc] {
			t.Errorf("%s is served but not in docs/coverage.md", rpc)
		}
	}
}
