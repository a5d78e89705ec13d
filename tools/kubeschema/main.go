// Command kubeschema writes the JSON schemas kubeconform validates
// Kubernetes manifests with, offline, from OpenAPI documents that Go modules
// ship: Kubernetes' own api/openapi-spec/swagger.json (module
// k8s.io/kubernetes) and CustomResourceDefinitions in JSON (such as the
// prometheus-operator module's ServiceMonitor). scripts/check-helm fetches
// both modules, at pinned versions, through the Go module proxy, which
// checks them against the checksum database; nothing is copied by hand.
//
// The schemas follow the layout and rules of kubeconform's own schema
// repository (openapi2jsonschema, "standalone-strict"):
//
//   - one file per kind and group version,
//     OUT/vVERSION-standalone-strict/KIND-GROUP-VERSION.json (GROUP is the
//     first label of the group, none for the core group), so that
//     `kubeconform -strict -kubernetes-version VERSION -schema-location OUT`
//     finds them;
//   - each file stands alone: the definitions it refers to are embedded;
//   - an object with properties accepts no others (strict), unless it
//     says x-kubernetes-preserve-unknown-fields;
//   - an int-or-string is a string or an integer, a quantity a string or a
//     number;
//   - a field that is not required may be null, as the API server accepts.
//
// Usage:
//
//	kubeschema -version 1.34.2 -swagger swagger.json [-crd crd.json ...] -out DIR
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var crds multi
	version := flag.String("version", "", "the Kubernetes `version` the schemas are for, such as 1.34.2")
	swagger := flag.String("swagger", "", "Kubernetes' OpenAPI v2 document (api/openapi-spec/swagger.json)")
	out := flag.String("out", "", "directory to write the schemas under")
	flag.Var(&crds, "crd", "a CustomResourceDefinition `file` in JSON (repeatable)")
	flag.Parse()
	if *version == "" || *swagger == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: kubeschema -version 1.34.2 -swagger swagger.json [-crd crd.json ...] -out DIR")
		os.Exit(2)
	}
	dir := filepath.Join(*out, "v"+strings.TrimPrefix(*version, "v")+"-standalone-strict")
	n, err := run(dir, *swagger, crds)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubeschema:", err)
		os.Exit(1)
	}
	fmt.Printf("kubeschema: %d schemas in %s\n", n, dir)
}

func run(dir, swagger string, crds []string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	var doc struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := readJSON(swagger, &doc); err != nil {
		return 0, err
	}
	if len(doc.Definitions) == 0 {
		return 0, fmt.Errorf("%s: no definitions", swagger)
	}
	n := 0
	for _, name := range sortedKeys(doc.Definitions) {
		def := doc.Definitions[name]
		gvks, _ := def["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk, _ := g.(map[string]any)
			group, _ := gvk["group"].(string)
			ver, _ := gvk["version"].(string)
			kind, _ := gvk["kind"].(string)
			if err := write(dir, group, ver, kind, standalone(name, doc.Definitions)); err != nil {
				return n, err
			}
			n++
		}
	}
	for _, file := range crds {
		c, err := crdSchemas(file, dir)
		n += c
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// standalone is definition name with every definition it refers to,
// directly or not, embedded under "definitions".
func standalone(name string, defs map[string]map[string]any) map[string]any {
	embedded := map[string]any{}
	var visit func(string)
	visit = func(n string) {
		if _, ok := embedded[n]; ok {
			return
		}
		d, ok := defs[n]
		if !ok {
			return
		}
		embedded[n] = nil // a cycle stops here
		s := convert(d, false)
		embedded[n] = s
		for _, r := range refs(s) {
			visit(r)
		}
	}
	visit(name)
	root := convert(defs[name], false)
	root["definitions"] = embedded
	return root
}

// refs lists the definitions that schema s refers to.
func refs(s any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				out = append(out, strings.TrimPrefix(r, "#/definitions/"))
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(s)
	return out
}

// convert is a copy of schema s under the rules in the package comment;
// nullable says whether s, a field that is not required, may be null.
func convert(s map[string]any, nullable bool) map[string]any {
	out := map[string]any{}
	switch {
	case s["format"] == "int-or-string" || s["x-kubernetes-int-or-string"] == true:
		return orNull(map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}, nullable)
	case s["format"] == "quantity" || isQuantity(s):
		return orNull(map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}}, nullable)
	}
	for k, v := range s {
		switch k {
		case "description", "x-kubernetes-group-version-kind", "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
			"x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy", "x-kubernetes-map-type", "x-kubernetes-validations", "default":
			continue
		case "properties":
			props, _ := v.(map[string]any)
			req := required(s)
			p := map[string]any{}
			for name, ps := range props {
				if m, ok := ps.(map[string]any); ok {
					p[name] = convert(m, !slices.Contains(req, name))
				}
			}
			out[k] = p
		case "items", "additionalProperties", "not":
			if m, ok := v.(map[string]any); ok {
				out[k] = convert(m, false)
			} else {
				out[k] = v
			}
		case "allOf", "anyOf", "oneOf":
			var l []any
			for _, x := range v.([]any) {
				if m, ok := x.(map[string]any); ok {
					l = append(l, convert(m, false))
				}
			}
			out[k] = l
		default:
			out[k] = v
		}
	}
	_, hasProps := s["properties"]
	_, hasAdditional := s["additionalProperties"]
	if hasProps && !hasAdditional && s["x-kubernetes-preserve-unknown-fields"] != true {
		out["additionalProperties"] = false
	}
	return orNull(out, nullable || s["nullable"] == true)
}

// isQuantity reports whether s refers to resource.Quantity.
func isQuantity(s map[string]any) bool {
	r, _ := s["$ref"].(string)
	return r == "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"
}

// orNull lets s be null too, when nullable.
func orNull(s map[string]any, nullable bool) map[string]any {
	if !nullable {
		return s
	}
	switch t := s["type"].(type) {
	case string:
		s["type"] = []any{t, "null"}
		return s
	case nil:
		if _, ok := s["$ref"]; ok {
			return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
		}
		if l, ok := s["oneOf"].([]any); ok {
			s["oneOf"] = append(l, map[string]any{"type": "null"})
		}
	}
	return s
}

func required(s map[string]any) []string {
	l, _ := s["required"].([]any)
	var out []string
	for _, r := range l {
		if r, ok := r.(string); ok {
			out = append(out, r)
		}
	}
	return out
}

// crdSchemas writes the schema of each version of the
// CustomResourceDefinition in file.
func crdSchemas(file, dir string) (int, error) {
	var crd struct {
		Kind string `json:"kind"`
		Spec struct {
			Group string `json:"group"`
			Names struct {
				Kind string `json:"kind"`
			} `json:"names"`
			Versions []struct {
				Name   string `json:"name"`
				Schema struct {
					OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := readJSON(file, &crd); err != nil {
		return 0, err
	}
	if crd.Kind != "CustomResourceDefinition" || len(crd.Spec.Versions) == 0 {
		return 0, fmt.Errorf("%s: not a CustomResourceDefinition with versions", file)
	}
	n := 0
	for _, v := range crd.Spec.Versions {
		if v.Schema.OpenAPIV3Schema == nil {
			return n, fmt.Errorf("%s: version %s has no schema", file, v.Name)
		}
		if err := write(dir, crd.Spec.Group, v.Name, crd.Spec.Names.Kind, convert(v.Schema.OpenAPIV3Schema, false)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// write writes schema s of group/version kind where kubeconform looks.
func write(dir, group, version, kind string, s map[string]any) error {
	if version == "" || kind == "" {
		return errors.New("a kind without a version or name")
	}
	suffix := "-" + version
	if group != "" {
		suffix = "-" + strings.ToLower(strings.Split(group, ".")[0]) + suffix
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, strings.ToLower(kind)+suffix+".json"), b, 0o644)
}

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
