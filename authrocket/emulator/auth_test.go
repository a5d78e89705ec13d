package emulator

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	h := newHarness(t)
	key := h.e.APIKey()
	denied := "Access denied; check your API credentials and permissions"
	tests := []struct {
		name string
		opts []reqOpt
		want int
	}{
		{"api key header", nil, 200},
		{"lowercase header name", []reqOpt{hdr("Authrocket-Api-Key", ""), func(r *http.Request) { r.Header["authrocket-api-key"] = []string{key} }}, 200},
		{"bearer", []reqOpt{hdr("Authrocket-Api-Key", ""), hdr("Authorization", "Bearer "+key)}, 200},
		{"bearer lowercase scheme", []reqOpt{hdr("Authrocket-Api-Key", ""), hdr("Authorization", "bearer "+key)}, 200},
		{"bearer with realm", []reqOpt{hdr("Authrocket-Api-Key", ""), noRealm, hdr("Authorization", "Bearer "+key+","+h.realm)}, 200},
		{"missing key", []reqOpt{hdr("Authrocket-Api-Key", "")}, 403},
		{"wrong key", []reqOpt{hdr("Authrocket-Api-Key", "ks_wrong")}, 403},
		{"basic scheme", []reqOpt{hdr("Authrocket-Api-Key", ""), hdr("Authorization", "Basic "+key)}, 403},
		{"wrong bearer", []reqOpt{hdr("Authrocket-Api-Key", ""), hdr("Authorization", "Bearer ks_nope,"+h.realm)}, 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do("GET", "/v2/users", nil, tc.opts...)
			if tc.want == 403 {
				res.wantErrors(403, denied)
				return
			}
			res.want(tc.want)
		})
	}
}

func TestResponseHeaders(t *testing.T) {
	h := newHarness(t)
	hexID := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for _, path := range []string{"/v2/users", "/v2/nope", "/v2/users/usr_missing"} {
		res := h.do("GET", path, nil)
		if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		id := res.header.Get("X-Request-ID")
		if !hexID.MatchString(id) || seen[id] {
			t.Errorf("%s: X-Request-ID %q", path, id)
		}
		seen[id] = true
	}
	h.do("GET", "/v2/users", nil, hdr("Authrocket-Api-Key", "")).want(403)
}

func TestRealmResolution(t *testing.T) {
	h := newHarness(t)
	other, err := h.e.CreateRealm("Other")
	if err != nil {
		t.Fatal(err)
	}
	// One user in each realm, to see which realm answered.
	h.createUser("main@example.com", "", nil)
	h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "other@example.com"}}, hdr("Authrocket-Realm", other)).want(201)
	key := h.e.APIKey()

	tests := []struct {
		name      string
		path      string
		body      any
		opts      []reqOpt
		wantEmail string
		wantErr   int
	}{
		{"header", "/v2/users", nil, nil, "main@example.com", 0},
		{"query", "/v2/users?realm_id=" + other, nil, []reqOpt{noRealm}, "other@example.com", 0},
		{"header beats query", "/v2/users?realm_id=" + other, nil, nil, "main@example.com", 0},
		{"bearer suffix", "/v2/users", nil, []reqOpt{noRealm, hdr("Authrocket-Api-Key", ""), hdr("Authorization", "Bearer "+key+","+other)}, "other@example.com", 0},
		{"query beats bearer", "/v2/users?realm_id=" + h.realm, nil, []reqOpt{noRealm, hdr("Authorization", "Bearer "+key+","+other)}, "main@example.com", 0},
		{"missing", "/v2/users", nil, []reqOpt{noRealm}, "", 400},
		{"unknown", "/v2/users", nil, []reqOpt{hdr("Authrocket-Realm", "rl_unknown")}, "", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do("GET", tc.path, tc.body, tc.opts...)
			switch tc.wantErr {
			case 400:
				res.wantErrors(400, "Realm ID is required")
				return
			case 404:
				res.wantErrors(404, "Not found")
				return
			}
			rows := res.want(200).rows()
			if len(rows) != 1 || rows[0]["email"] != tc.wantEmail {
				t.Fatalf("rows = %v, want %s", rows, tc.wantEmail)
			}
		})
	}

	t.Run("body realm_id", func(t *testing.T) {
		res := h.do("POST", "/v2/orgs", map[string]any{"realm_id": other, "org": map[string]any{"name": "X"}}, noRealm).want(201)
		if res.str("realm_id") != other {
			t.Fatalf("realm_id = %s", res.str("realm_id"))
		}
		res = h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Y", "realm_id": other}}, noRealm).want(201)
		if res.str("realm_id") != other {
			t.Fatalf("realm_id = %s", res.str("realm_id"))
		}
	})
	t.Run("spanish", func(t *testing.T) {
		h.do("GET", "/v2/users", nil, noRealm, es).wantErrors(400, "Se requiere el ID del realm")
	})
}

func TestAcceptAndContentType(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name   string
		method string
		body   any
		opts   []reqOpt
		want   int
	}{
		{"accept missing", "GET", nil, []reqOpt{hdr("Accept", "")}, 200},
		{"accept any", "GET", nil, []reqOpt{hdr("Accept", "*/*")}, 200},
		{"accept list", "GET", nil, []reqOpt{hdr("Accept", "text/html, application/json;q=0.9")}, 200},
		{"accept xml", "GET", nil, []reqOpt{hdr("Accept", "application/xml")}, 406},
		{"json with charset", "POST", `{"org":{"name":"A"}}`, []reqOpt{hdr("Content-Type", "application/json; charset=utf-8")}, 201},
		{"form", "POST", "org[name]=B", []reqOpt{hdr("Content-Type", "application/x-www-form-urlencoded")}, 201},
		{"text plain", "POST", `{"org":{"name":"C"}}`, []reqOpt{hdr("Content-Type", "text/plain")}, 415},
		{"xml", "POST", `<org/>`, []reqOpt{hdr("Content-Type", "application/xml")}, 415},
		{"unknown type but empty body", "GET", "", []reqOpt{hdr("Content-Type", "text/plain")}, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/v2/orgs"
			res := h.do(tc.method, path, tc.body, tc.opts...).want(tc.want)
			if tc.want >= 400 && len(res.errors()) != 1 {
				t.Fatalf("errors = %v", res.errors())
			}
		})
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t)
	h.do("GET", "/v2/nothing", nil).wantErrors(404, "Not found")
	h.do("GET", "/v3/users", nil).want(404)
	h.do("GET", "/v2/users/x/y/z", nil).want(404)
	res := h.do("PATCH", "/v2/users", nil)
	res.wantErrors(405, "Method not allowed")
	if allow := res.header.Get("Allow"); allow != "GET, POST" {
		t.Errorf("Allow = %q", allow)
	}
	h.do("DELETE", "/v2/realms", nil).want(405)
	h.do("PATCH", "/v2/nothing", nil, es).wantErrors(404, "No encontrado")
	if !strings.HasPrefix(h.realm, "rl_") {
		t.Fatal(h.realm)
	}
}
