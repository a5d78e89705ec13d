package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// restDo is e.rest with a status check.
func restDo(t *testing.T, e *env, want int, method, path string, body any, headers ...string) map[string]any {
	t.Helper()
	code, _, out := e.rest(t, method, path, body, headers...)
	if code != want {
		t.Fatalf("%s %s = %d %v, want %d", method, path, code, out, want)
	}
	return out
}

// TestRESTEveryRPC calls every route of users, orgs and memberships the way
// an AuthRocket SDK does: root-wrapped bodies, flat objects back, 201 on
// create, collections with more_results.
func TestRESTEveryRPC(t *testing.T) {
	e := newEnv(t)

	u := restDo(t, e, http.StatusCreated, "POST", "/v2/users", map[string]any{
		"user":    map[string]any{"email": "grace@example.com", "password": "cobol rules", "first_name": "Grace", "custom": map[string]any{"n": 1}},
		"request": map[string]any{"ip": "10.0.0.1", "client": "e2e/1.0"},
	})
	id, _ := u["id"].(string)
	if u["object"] != "user" || u["email"] != "grace@example.com" || id == "" {
		t.Fatalf("created = %v", u)
	}
	if _, ok := u["created_at"].(float64); !ok {
		t.Errorf("created_at = %#v, want epoch seconds as a JSON number", u["created_at"])
	}
	if _, ok := u["password"]; ok {
		t.Errorf("password came back: %v", u)
	}

	for _, key := range []string{id, "grace@example.com", "grace%40example.com"} {
		if got := restDo(t, e, 200, "GET", "/v2/users/"+key, nil); got["id"] != id {
			t.Errorf("GET users/%s = %v", key, got["id"])
		}
	}
	restDo(t, e, 201, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "h@example.com"}})
	list := restDo(t, e, 200, "GET", "/v2/users?max_results=1", nil)
	if rows, _ := list["collection"].([]any); len(rows) != 1 || list["more_results"] != true {
		t.Fatalf("list = %v", list)
	}
	last := list["collection"].([]any)[0].(map[string]any)["id"].(string)
	list = restDo(t, e, 200, "GET", "/v2/users?max_results=1&after="+last, nil)
	if rows, _ := list["collection"].([]any); len(rows) != 1 || list["more_results"] != false {
		t.Fatalf("page 2 = %v", list)
	}

	if got := restDo(t, e, 200, "PUT", "/v2/users/"+id, map[string]any{"user": map[string]any{"last_name": "Hopper"}}); got["name"] != "Grace Hopper" {
		t.Errorf("PUT user = %v", got)
	}
	sess := restDo(t, e, 201, "POST", "/v2/users/"+id+"/authenticate", map[string]any{"user": map[string]any{"password": "cobol rules"}})
	if sess["object"] != "session" || sess["token"] == nil || sess["user_id"] != id {
		t.Errorf("authenticate = %v (want AuthRocket's flat session)", sess)
	}
	bad := restDo(t, e, 422, "POST", "/v2/users/"+id+"/authenticate", map[string]any{"user": map[string]any{"password": "nope nope"}}, "Accept-Language", "es")
	if errs, _ := bad["errors"].([]any); len(errs) != 1 || errs[0] != "Error al iniciar sesión" {
		t.Errorf("failed authenticate (es) = %v", bad)
	}
	restDo(t, e, 200, "PUT", "/v2/users/"+id+"/update_password", map[string]any{"user": map[string]any{
		"current_password": "cobol rules", "password": "fortran too", "password_confirmation": "fortran too"}})
	if got := restDo(t, e, 200, "PUT", "/v2/users/"+id+"/profile", map[string]any{"user": map[string]any{"username": "amazing"}}); got["username"] != "amazing" {
		t.Errorf("profile = %v", got)
	}

	org := restDo(t, e, 201, "POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "Navy", "custom": map[string]any{"tier": "gold"}}})
	oid := org["id"].(string)
	if got := restDo(t, e, 200, "GET", "/v2/orgs?expand[]=custom", nil); got["collection"].([]any)[0].(map[string]any)["custom"] == nil {
		t.Errorf("orgs expand[]=custom (axios form) = %v", got)
	}
	restDo(t, e, 200, "GET", "/v2/orgs/"+oid, nil)
	restDo(t, e, 200, "PUT", "/v2/orgs/"+oid, map[string]any{"org": map[string]any{"name": "US Navy"}})

	mb := restDo(t, e, 201, "POST", "/v2/memberships", map[string]any{"membership": map[string]any{"org_id": oid, "user_id": id}})
	if perms, ok := mb["permissions"].([]any); !ok || len(perms) != 0 {
		t.Errorf("new membership permissions = %#v, want []", mb["permissions"])
	}
	mid := mb["id"].(string)
	restDo(t, e, 200, "GET", "/v2/memberships/"+mid, nil)
	if got := restDo(t, e, 200, "GET", "/v2/memberships?user_id="+id, nil); got["collection"].([]any)[0].(map[string]any)["org"] == nil {
		t.Errorf("memberships by user embed the org: %v", got)
	}
	restDo(t, e, 200, "PUT", "/v2/memberships/"+mid, map[string]any{"membership": map[string]any{"permissions": []string{"admin"}}})
	restDo(t, e, 200, "DELETE", "/v2/memberships/"+mid, nil)

	if got := restDo(t, e, 200, "DELETE", "/v2/orgs/"+oid, nil); got["state"] != "closed" {
		t.Errorf("close = %v", got)
	}
	restDo(t, e, 409, "PUT", "/v2/orgs/"+oid, map[string]any{"org": map[string]any{"name": "x"}})
	// The PHP SDK sends DELETE parameters as a JSON body.
	restDo(t, e, 200, "DELETE", "/v2/orgs/"+oid, `{"force": true}`)
	restDo(t, e, 404, "GET", "/v2/orgs/"+oid, nil)

	restDo(t, e, 200, "DELETE", "/v2/users/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/users/"+id, nil)
}

// TestRESTErrorBody checks the REST error body of docs/errors.md on a
// duplicate email.
func TestRESTErrorBody(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"user": map[string]any{"email": "dup@example.com"}}
	restDo(t, e, 201, "POST", "/v2/users", body)
	code, h, out := e.rest(t, "POST", "/v2/users", body, "X-Request-Id", "caller-req-42")
	if code != 422 {
		t.Fatalf("duplicate = %d %v", code, out)
	}
	errs, _ := out["errors"].([]any)
	if len(errs) != 1 || errs[0] != "Email has already been taken" || out["code"] != float64(3) || out["message"] != "Email has already been taken" {
		t.Errorf("body = %v", out)
	}
	types := map[string]map[string]any{}
	for _, d := range out["details"].([]any) {
		d := d.(map[string]any)
		types[d["@type"].(string)] = d
	}
	ei := types["type.googleapis.com/google.rpc.ErrorInfo"]
	ri := types["type.googleapis.com/google.rpc.RequestInfo"]
	if ei == nil || ri == nil || types["type.googleapis.com/google.rpc.BadRequest"] == nil {
		t.Fatalf("details = %v", out["details"])
	}
	md := ei["metadata"].(map[string]any)
	if md["httpStatus"] != "422" || md["gatewayRequestId"] != "caller-req-42" || md["authrocketRequestId"] == "" {
		t.Errorf("ErrorInfo metadata = %v", md)
	}
	if h.Get("X-Gateway-Request-Id") != "caller-req-42" || h.Get("X-Request-Id") != md["authrocketRequestId"] || ri["requestId"] != md["authrocketRequestId"] {
		t.Errorf("request IDs: headers %v, RequestInfo %v, metadata %v", h, ri, md)
	}
}

// TestRESTRefusals: no credential, an AuthRocket key as credential, a bad
// ID and a malformed body never reach AuthRocket.
func TestRESTRefusals(t *testing.T) {
	e := newEnv(t)
	noUpstream := e.noUpstreamSince(t)
	tests := []struct {
		name    string
		method  string
		path    string
		body    any
		headers []string
		want    int
	}{
		{"no credential", "GET", "/v2/users", nil, []string{"Authrocket-Api-Key", ""}, 403},
		{"wrong credential", "GET", "/v2/users", nil, []string{"Authrocket-Api-Key", "nope"}, 403},
		{"AuthRocket key as credential", "GET", "/v2/users", nil, []string{"Authrocket-Api-Key", e.apiKey}, 403},
		{"bearer of another scheme", "GET", "/v2/users", nil, []string{"Authrocket-Api-Key", "", "Authorization", "Basic " + e.token}, 403},
		{"dot-dot ID", "GET", "/v2/users/..", nil, nil, 400},
		{"encoded slash in ID", "GET", "/v2/users/a%2Fb", nil, nil, 400},
		{"encoded dot-dot", "GET", "/v2/users/%2e%2e", nil, nil, 400},
		{"malformed JSON", "POST", "/v2/users", `{"user": {`, nil, 400},
		{"wrong type", "POST", "/v2/users", `{"user": {"email": 5}}`, nil, 400},
		{"max_results too large", "GET", "/v2/users?max_results=5000", nil, nil, 400},
		{"bad org ID", "GET", "/v2/orgs/usr_123", nil, nil, 400},
		{"missing root element", "POST", "/v2/orgs", `{}`, nil, 400},
		{"unknown route", "GET", "/v2/nothing", nil, nil, 404},
		{"method not allowed", "PATCH", "/v2/users/usr_1", `{}`, nil, 405},
		{"DELETE body with a malformed query", "DELETE", "/v2/orgs/org_1?realm_id=%zz", `{"force": true}`, nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, out := e.rest(t, tt.method, tt.path, tt.body, tt.headers...)
			if code != tt.want {
				t.Errorf("%d %v, want %d", code, out, tt.want)
			}
			if errs, _ := out["errors"].([]any); len(errs) == 0 || out["code"] == nil {
				t.Errorf("body %v is not AuthRocket-shaped with a status", out)
			}
			if tt.name == "AuthRocket key as credential" && !containsText(fmt.Sprint(out), "AuthRocket API key") {
				t.Errorf("refusal does not say why: %v", out)
			}
		})
	}
	noUpstream("refused requests")
}

// TestRESTBodyLimit: a body over the limit is 413 with or without a
// Content-Length, and never reaches AuthRocket.
func TestRESTBodyLimit(t *testing.T) {
	e := newEnv(t)
	noUpstream := e.noUpstreamSince(t)
	big := `{"user": {"email": "big@example.com", "custom": {"blob": "` + strings.Repeat("x", 2<<20) + `"}}}`
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(big)
		if chunked {
			body = io.MultiReader(body) // hides the length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, e.httpURL+"/v2/users", body)
		req.Header.Set("Authrocket-Api-Key", e.token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "request body larger than") {
			t.Errorf("chunked=%v: %d %s, want 413", chunked, res.StatusCode, raw)
		}
	}
	noUpstream("requests over the body limit")
}

// TestRESTQueryForms: the array forms of AuthRocket's SDKs (Ruby's bare
// `k[]` for an empty array, axios' `k[]=v`, PHP's `k[0]=v`, escaped or not).
func TestRESTQueryForms(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{"expand[]", "expand[]=custom", "expand%5B%5D=custom", "expand%5b0%5d=custom&expand[1]=custom"} {
		if code, _, out := e.rest(t, http.MethodGet, "/v2/orgs?"+q, nil); code != http.StatusOK {
			t.Errorf("GET /v2/orgs?%s = %d %v", q, code, out)
		}
	}
	// realm_id in the query of a request with a body reaches AuthRocket.
	body := map[string]any{"user": map[string]any{"email": "realm-query@example.com"}}
	if code, _, out := e.rest(t, http.MethodPost, "/v2/users?realm_id="+e.realm, body); code != http.StatusCreated || out["realm_id"] != e.realm {
		t.Errorf("POST with ?realm_id=%s: %d %v", e.realm, code, out)
	}
	if code, _, out := e.rest(t, http.MethodPost, "/v2/users?realm_id=rl_0nosuchrealm", body); code/100 == 2 {
		t.Errorf("POST with an unknown ?realm_id: %d %v, want AuthRocket's refusal", code, out)
	}
	noUpstream := e.noUpstreamSince(t)
	if code, _, out := e.rest(t, http.MethodPost, "/v2/users?realm_id=rl_0other", body, "Authrocket-Realm", e.realm); code != http.StatusBadRequest {
		t.Errorf("query and header realms disagree: %d %v, want 400", code, out)
	}
	// Two different realm_ids: refused on every method, never one taken.
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		path := "/v2/users?realm_id=" + e.realm + "&realm_id=rl_0other"
		if method == http.MethodPut || method == http.MethodDelete {
			path = "/v2/users/usr_0x?realm_id=" + e.realm + "&realm_id=rl_0other"
		}
		var b any
		if method == http.MethodPost || method == http.MethodPut {
			b = body
		}
		if code, _, out := e.rest(t, method, path, b); code != http.StatusBadRequest {
			t.Errorf("%s with two different ?realm_id: %d %v, want 400", method, code, out)
		}
	}
	noUpstream("requests naming two realms")
}
