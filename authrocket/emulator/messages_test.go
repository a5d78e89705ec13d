package emulator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestEveryAttributeHasASpanishName checks that every attribute a handler
// can name in a message has a name in attrNames, in English and in
// Spanish, so that no Spanish message falls back to the English-looking
// "Email verified field". The attributes are found in the package's source:
// the second argument of v.attr and attrMsg, the value after "attr" or
// "other" in m(...), followed through string literals, local variables,
// range loops over string lists (package-level or literal, also through
// parameters such as applyUser's fields), struct lists (f.key) and the
// parameters of helpers (optText's key) to their callers.
func TestEveryAttributeHasASpanishName(t *testing.T) {
	names := messageAttributes(t)
	for _, want := range []string{"email", "username", "jwt_minutes", "subdomain", "scopes", "email_verified_field", "provider_user_id", "created_at_after", "smtp_port"} {
		if !names[want] {
			t.Errorf("the source walk did not find %q: it misses a way handlers name attributes", want)
		}
	}
	var missing []string
	for a := range names {
		if n, ok := attrNames[a]; !ok || n[0] == "" || n[1] == "" {
			missing = append(missing, a)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("attributes named in messages without an en and es name in attrNames: %s", strings.Join(missing, ", "))
	}
}

// sinkParam is a function parameter that ends up named in a message: a
// name, or (list) a list of names.
type sinkParam struct {
	fn   string
	idx  int
	list bool
}

// attrWalk finds the attribute names of the package's messages.
type attrWalk struct {
	t      *testing.T
	funcs  map[string][]*ast.FuncDecl // by name (methods too)
	lists  map[string]ast.Expr        // package-level variables' values
	sinks  map[sinkParam]bool
	names  map[string]bool
	failed map[string]bool
	fset   *token.FileSet
}

// messageAttributes parses the package (without tests) and returns every
// attribute name its messages can carry.
func messageAttributes(t *testing.T) map[string]bool {
	t.Helper()
	fset, parsed := parsePackage(t)
	w := &attrWalk{
		t: t, funcs: map[string][]*ast.FuncDecl{}, lists: map[string]ast.Expr{},
		sinks: map[sinkParam]bool{}, names: map[string]bool{}, failed: map[string]bool{}, fset: fset,
	}
	for _, f := range parsed {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				w.funcs[d.Name.Name] = append(w.funcs[d.Name.Name], d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
						for i, n := range vs.Names {
							w.lists[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	// Walk every function until no new helper parameter turns up.
	for n := -1; n != len(w.sinks); {
		n = len(w.sinks)
		for _, f := range parsed {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					w.walkFunc(fd)
				}
			}
		}
	}
	return w.names
}

// walkFunc looks at every call in fd for an attribute named in a message.
func (w *attrWalk) walkFunc(fd *ast.FuncDecl) {
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name := callName(call)
		switch {
		case name == "attr" || name == "attrMsg":
			if len(call.Args) == 2 {
				w.name(fd, call.Args[1], false)
			}
		case name == "m":
			for i := 1; i+1 < len(call.Args); i += 2 {
				if lit, ok := call.Args[i].(*ast.BasicLit); ok && (lit.Value == `"attr"` || lit.Value == `"other"`) {
					w.name(fd, call.Args[i+1], false)
				}
			}
		}
		for sp := range w.sinks {
			if sp.fn == name && sp.idx < len(call.Args) {
				w.name(fd, call.Args[sp.idx], sp.list)
			}
		}
		return true
	})
}

// name records the names expression e (in fd) stands for: one name, or a
// list of them.
func (w *attrWalk) name(fd *ast.FuncDecl, e ast.Expr, list bool) {
	if list {
		w.listNames(fd, e)
		return
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil && e.Kind == token.STRING {
			w.names[s] = true
			return
		}
	case *ast.Ident:
		if i := paramIndex(fd, e.Name); i >= 0 {
			w.sinks[sinkParam{fn: fd.Name.Name, idx: i}] = true
			return
		}
		if w.bound(fd, e.Name) {
			return
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && w.fieldOfRange(fd, x.Name, e.Sel.Name) {
			return
		}
	}
	w.fail(fd, e)
}

// listNames records the names of a list expression: a composite literal,
// a package-level list, a local variable or a parameter.
func (w *attrWalk) listNames(fd *ast.FuncDecl, e ast.Expr) {
	switch e := e.(type) {
	case *ast.CompositeLit:
		for _, x := range e.Elts {
			w.name(fd, x, false)
		}
		return
	case *ast.Ident:
		if i := paramIndex(fd, e.Name); i >= 0 {
			w.sinks[sinkParam{fn: fd.Name.Name, idx: i, list: true}] = true
			return
		}
		found := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == e.Name {
						w.listNames(fd, as.Rhs[i])
						found = true
					}
				}
			}
			return true
		})
		if found {
			return
		}
		if v, ok := w.lists[e.Name]; ok {
			w.listNames(fd, v)
			return
		}
	}
	w.fail(fd, e)
}

// bound records the names a local variable of fd is given: by assignment,
// or as the value of a range loop over a list.
func (w *attrWalk) bound(fd *ast.FuncDecl, name string) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					w.name(fd, n.Rhs[i], false)
					found = true
				}
			}
		case *ast.RangeStmt:
			if id, ok := n.Value.(*ast.Ident); ok && id.Name == name {
				w.listNames(fd, n.X)
				found = true
			}
		}
		return true
	})
	return found
}

// fieldOfRange records the names in field sel of the structs a range loop
// of fd gives variable x: for _, x := range []struct{key string; …}{{"a", …}}.
func (w *attrWalk) fieldOfRange(fd *ast.FuncDecl, x, sel string) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok {
			return true
		}
		if id, ok := rs.Value.(*ast.Ident); !ok || id.Name != x {
			return true
		}
		lit, ok := rs.X.(*ast.CompositeLit)
		if !ok {
			return true
		}
		arr, ok := lit.Type.(*ast.ArrayType)
		if !ok {
			return true
		}
		st, ok := arr.Elt.(*ast.StructType)
		if !ok {
			return true
		}
		idx := -1
		for i, f := range flatFields(st.Fields) {
			if f == sel {
				idx = i
			}
		}
		for _, el := range lit.Elts {
			if cl, ok := el.(*ast.CompositeLit); ok {
				for i, v := range cl.Elts {
					if kv, ok := v.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == sel {
							w.name(fd, kv.Value, false)
							found = true
						}
					} else if i == idx {
						w.name(fd, v, false)
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// fail reports an expression the walk cannot follow, so that a new way of
// naming attributes is taught to it rather than missed.
func (w *attrWalk) fail(fd *ast.FuncDecl, e ast.Expr) {
	pos := w.fset.Position(e.Pos()).String()
	if !w.failed[pos] {
		w.failed[pos] = true
		w.t.Errorf("%s (in %s): cannot tell which attribute this names; teach messageAttributes", pos, fd.Name.Name)
	}
}

// parsePackage parses the package's source files, without its tests.
func parsePackage(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// callName returns the name of the function or method a call calls, or "".
func callName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// paramIndex returns the position of parameter name among fd's parameters
// (the receiver not counted), or -1.
func paramIndex(fd *ast.FuncDecl, name string) int {
	return slices.Index(flatFields(fd.Type.Params), name)
}

// flatFields returns the names of a field list, one per field ("" for an
// unnamed one).
func flatFields(fl *ast.FieldList) []string {
	var out []string
	if fl == nil {
		return out
	}
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			out = append(out, "")
		}
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
	}
	return out
}

// TestProviderFieldMessagesInSpanish checks the messages about the OAuth2
// profile fields of an auth provider in Spanish.
func TestProviderFieldMessagesInSpanish(t *testing.T) {
	h := newHarness(t)
	p := h.createProvider(map[string]any{"provider_type": "oauth2", "client_id": "a", "client_secret": "b", "authorization_url": "https://idp.example/auth"})
	h.do("PUT", "/v2/auth_providers/"+p, map[string]any{"auth_provider": map[string]any{"scopes": []any{}, "id_field": map[string]any{}, "loginrocket_domain": []any{1}}}, es).
		wantErrors(422, "Alcances no es válido", "Campo de ID no es válido", "Dominio de LoginRocket no es válido")
	h.do("PUT", "/v2/auth_providers/"+p, map[string]any{"auth_provider": map[string]any{"email_verified_field": []any{}}}).
		wantErrors(422, "Email verified field is invalid")
}
