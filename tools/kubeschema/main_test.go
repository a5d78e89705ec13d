package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestConvert(t *testing.T) {
	in := map[string]any{
		"description": "dropped",
		"required":    []any{"name"},
		"properties": map[string]any{
			"name":     map[string]any{"type": "string"},
			"port":     map[string]any{"type": "string", "format": "int-or-string"},
			"cpu":      map[string]any{"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
			"spec":     map[string]any{"$ref": "#/definitions/x.Spec"},
			"labels":   map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
			"unknown":  map[string]any{"type": "object", "properties": map[string]any{}, "x-kubernetes-preserve-unknown-fields": true},
			"nullable": map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "integer"}}, "nullable": true},
		},
	}
	null := map[string]any{"type": "null"}
	want := map[string]any{
		"required":             []any{"name"},
		"additionalProperties": false,
		"properties": map[string]any{
			"name":   map[string]any{"type": "string"},
			"port":   map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}, null}},
			"cpu":    map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}, null}},
			"spec":   map[string]any{"anyOf": []any{map[string]any{"$ref": "#/definitions/x.Spec"}, null}},
			"labels": map[string]any{"type": []any{"object", "null"}, "additionalProperties": map[string]any{"type": "string"}},
			"unknown": map[string]any{"type": []any{"object", "null"}, "properties": map[string]any{},
				"x-kubernetes-preserve-unknown-fields": true},
			"nullable": map[string]any{"type": []any{"object", "null"}, "additionalProperties": false, "nullable": true,
				"properties": map[string]any{"a": map[string]any{"type": []any{"integer", "null"}}}},
		},
	}
	if got := convert(in, false); !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("convert:\n%s\nwant\n%s", g, w)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	swagger := filepath.Join(dir, "swagger.json")
	write := func(file string, v any) {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(swagger, map[string]any{"definitions": map[string]any{
		"io.k8s.api.apps.v1.Deployment": map[string]any{
			"properties":                      map[string]any{"spec": map[string]any{"$ref": "#/definitions/io.k8s.api.apps.v1.DeploymentSpec"}},
			"x-kubernetes-group-version-kind": []any{map[string]any{"group": "apps", "version": "v1", "kind": "Deployment"}},
		},
		"io.k8s.api.apps.v1.DeploymentSpec": map[string]any{"properties": map[string]any{"replicas": map[string]any{"type": "integer"}}},
		"io.k8s.api.core.v1.Service": map[string]any{
			"x-kubernetes-group-version-kind": []any{map[string]any{"group": "", "version": "v1", "kind": "Service"}},
		},
		"unused": map[string]any{},
	}})
	crd := filepath.Join(dir, "crd.json")
	write(crd, map[string]any{"kind": "CustomResourceDefinition", "spec": map[string]any{
		"group": "monitoring.coreos.com", "names": map[string]any{"kind": "ServiceMonitor"},
		"versions": []any{map[string]any{"name": "v1", "schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object"}}}},
	}})
	out := filepath.Join(dir, "out")
	n, err := run(out, swagger, []string{crd})
	if err != nil || n != 3 {
		t.Fatalf("run = %d, %v; want 3 schemas", n, err)
	}
	for _, f := range []string{"deployment-apps-v1.json", "service-v1.json", "servicemonitor-monitoring-v1.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	var d map[string]any
	b, _ := os.ReadFile(filepath.Join(out, "deployment-apps-v1.json"))
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	defs, _ := d["definitions"].(map[string]any)
	if _, ok := defs["io.k8s.api.apps.v1.DeploymentSpec"]; !ok || len(defs) != 2 {
		t.Errorf("deployment's definitions = %v; want itself and DeploymentSpec", defs)
	}
}
