package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestWritesSurviveGarbage sends attributes of every wrong JSON type to
// every POST and PUT route (all of e.routes, with the fixture's ids): each
// answers a status below 500, never a 5xx or a panic. The attributes are
// every key the package's handlers read (attributeKeys), each alone, at
// the top level and under the route's root, plus the root itself.
func TestWritesSurviveGarbage(t *testing.T) {
	h := newHarness(t)
	fastRSAKeys(t)
	f := h.newFixture()
	keys := attributeKeys(t)
	garbage := []any{nil, true, 7, "", "x", []any{}, []any{nil, []any{1}}, map[string]any{"a": map[string]any{}}}
	routes := 0
	for i := range h.e.routes {
		rt := &h.e.routes[i]
		if rt.method != "POST" && rt.method != "PUT" {
			continue
		}
		routes++
		path := f.path(t, rt)
		for _, g := range garbage {
			bodies := []map[string]any{{rt.root: g}}
			for _, k := range keys {
				bodies = append(bodies, map[string]any{k: g}, map[string]any{rt.root: map[string]any{k: g}})
			}
			for _, body := range bodies {
				if status := h.send(rt.method, path, body); status >= 500 || status == 0 {
					t.Fatalf("%s %s %v: %d", rt.method, path, body, status)
				}
			}
		}
	}
	if routes < 40 {
		t.Fatalf("only %d POST and PUT routes", routes)
	}
}

// send makes one call through dispatch (encoding the answer as ServeHTTP
// does) and returns its status; a panic is status 0.
func (h *harness) send(method, path string, body any) (status int) {
	defer func() {
		if p := recover(); p != nil {
			h.t.Errorf("%s %s %v: panic %v", method, path, body, p)
			status = 0
		}
	}()
	r, raw := h.newRequest(method, path, body)
	status, _, aerr := h.e.dispatch(r, raw, langEN, encodeJSON)
	if aerr != nil {
		return aerr.status
	}
	return status
}

// fastRSAKeys makes the test's RSA keys one cached key, for tests that
// create many rs256 realms or keys.
func fastRSAKeys(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	orig := generateRSAKey
	t.Cleanup(func() { generateRSAKey = orig })
	generateRSAKey = func() (*rsa.PrivateKey, error) { return key, nil }
}

// attributeKeys returns every request key the package's handlers read,
// found in its source: string literals used as a map index (a["email"]),
// as the key argument of the attribute and query readers (a.str("name"),
// c.query.get("after"), optText(a, "title", …) and the like), and the
// elements of the package-level key lists (userFields, providerStrings)
// and of the struct lists handlers range over (realms' jwt_minutes); plus
// request and realm_id.
func attributeKeys(t *testing.T) []string {
	t.Helper()
	readers := map[string]int{ // function name → position of its key argument
		"str": 0, "get": 0, "filter": 0, "all": 0, "param": 0, "idAttr": 1, "refAttr": 1,
		"optText": 1, "choice": 1, "optInt": 1, "stringListAttr": 1, "optScalar": 1, "optHash": 1,
		"strList": 1, "optID": 1, "trimmedID": 1,
	}
	keyLike := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	set := map[string]bool{"request": true, "realm_id": true}
	add := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && keyLike.MatchString(s) {
				set[s] = true
			}
		}
	}
	_, files := parsePackage(t)
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IndexExpr:
				add(n.Index)
			case *ast.CallExpr:
				if i, ok := readers[callName(n)]; ok && i < len(n.Args) {
					add(n.Args[i])
				}
			case *ast.RangeStmt:
				// for _, f := range []struct{key string; …}{{"jwt_minutes", …}}
				if lit, ok := n.X.(*ast.CompositeLit); ok {
					for _, e := range lit.Elts {
						if el, ok := e.(*ast.CompositeLit); ok && len(el.Elts) > 0 {
							add(el.Elts[0])
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if lit, ok := valueAt(n, i).(*ast.CompositeLit); ok && (strings.HasSuffix(id.Name, "Fields") || strings.HasSuffix(id.Name, "Strings")) {
						for _, e := range lit.Elts {
							add(e)
						}
					}
				}
			}
			return true
		})
	}
	for _, want := range []string{"email", "custom", "first_name", "client_id", "email_verified_field", "list_state", "expires_at", "after", "force", "access_token", "code", "jwt_minutes"} {
		if !set[want] {
			t.Errorf("attributeKeys misses %q", want)
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// valueAt returns the i-th value of a value spec, or nil.
func valueAt(vs *ast.ValueSpec, i int) ast.Expr {
	if i < len(vs.Values) {
		return vs.Values[i]
	}
	return nil
}
