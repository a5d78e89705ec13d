package emulator

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestBodies(t *testing.T) {
	h := newHarness(t)
	form := hdr("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name   string
		body   any
		opts   []reqOpt
		status int
		want   string
	}{
		{"json root", `{"org":{"name":"J"},"request":{"ip":"1.2.3.4"}}`, nil, 201, "J"},
		{"json no root", `{"name":"Lenient","request":{"ip":"1.2.3.4"}}`, nil, 201, "Lenient"},
		{"form", "org[name]=F&org[custom][k]=v", []reqOpt{form}, 201, "F"},
		{"form no root", "name=G", []reqOpt{form}, 201, "G"},
		{"empty body", "", nil, 422, ""},
		{"empty object", `{}`, nil, 422, ""},
		{"null", `null`, nil, 422, ""},
		{"malformed json", `{"org":`, nil, 400, ""},
		{"json array", `[1]`, nil, 400, ""},
		{"trailing garbage", `{} {}`, nil, 400, ""},
		{"no content type", `{"org":{"name":"N"}}`, []reqOpt{hdr("Content-Type", "")}, 201, "N"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do("POST", "/v2/orgs", tc.body, tc.opts...)
			switch tc.status {
			case 201:
				if res.want(201).str("name") != tc.want {
					t.Fatalf("name = %s", res.str("name"))
				}
			case 422:
				res.wantErrors(422, "Name can't be blank")
			case 400:
				res.wantErrors(400, "Malformed JSON body")
			}
		})
	}
	h.do("POST", "/v2/orgs", `{"org":`, es).wantErrors(400, "Cuerpo JSON mal formado")
}

func TestParseFormBody(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"user[email]=a%40b.c&user[first_name]=A", `{"user":{"email":"a@b.c","first_name":"A"}}`},
		{"membership[permissions][]=a&membership[permissions][]=b", `{"membership":{"permissions":["a","b"]}}`},
		{"membership[permissions][]=", `{"membership":{"permissions":[]}}`},
		{"k[1]=b&k[0]=a&k[10]=c", `{"k":["a","b","c"]}`},
		{"force=true", `{"force":"true"}`},
		{"a[b][c]=d", `{"a":{"b":{"c":"d"}}}`},
	}
	for _, tc := range tests {
		got, aerr := parseFormBody(tc.in)
		if aerr != nil {
			t.Fatalf("%s: %v", tc.in, aerr)
		}
		var want map[string]any
		_ = json.Unmarshal([]byte(tc.want), &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", tc.in, got, want)
		}
	}
	for _, bad := range []string{"a[b=c", "[x]=1", "a=1&a[b]=2"} {
		if _, aerr := parseFormBody(bad); aerr == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{
		"": "en", "es": "es", "es-ES": "es", "es;q=0.9": "es", "ES-mx,en": "es",
		"en": "en", "en-US,es;q=0.5": "en", "ja": "en", "fr,es": "en", "*": "en",
	} {
		if got := parseLang(in); got != want {
			t.Errorf("parseLang(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestEveryMessageHasSpanish(t *testing.T) {
	for k, v := range catalog {
		if v[0] == "" || v[1] == "" {
			t.Errorf("message %s lacks a translation", k)
		}
	}
	for k, v := range attrNames {
		if v[0] == "" || v[1] == "" {
			t.Errorf("attribute %s lacks a translation", k)
		}
	}
}
