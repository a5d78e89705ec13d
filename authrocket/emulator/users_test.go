package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUserCreateShape(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v2/users", map[string]any{
		"user":    map[string]any{"email": " Ann@Example.COM ", "password": "secret123", "first_name": "Ann", "last_name": "Lee", "custom": map[string]any{"plan": "pro", "n": 1}},
		"request": map[string]any{"ip": "10.0.0.1", "client": "test"},
	}).want(201)
	u := res.obj
	for k, want := range map[string]any{
		"object": "user", "realm_id": h.realm, "state": "active", "email": "ann@example.com",
		"email_verification": "none", "first_name": "Ann", "last_name": "Lee", "name": "Ann Lee",
		"username": nil, "locale": nil, "reference": nil, "email_pending": nil, "last_login_at": nil,
	} {
		if got := u[k]; got != want {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	if !strings.HasPrefix(res.str("id"), "usr_") {
		t.Errorf("id = %s", res.str("id"))
	}
	if _, ok := u["password"]; ok {
		t.Error("password returned")
	}
	if _, ok := u["password_confirmation"]; ok {
		t.Error("password_confirmation returned")
	}
	if !strings.Contains(string(res.raw), `"created_at":1735689600.0`) {
		t.Errorf("created_at not a float of the clock: %s", res.raw)
	}
	if cs := u["custom"].(map[string]any); cs["plan"] != "pro" || cs["n"] != float64(1) {
		t.Errorf("custom = %v", cs)
	}
	creds := u["credentials"].([]any)
	if len(creds) != 1 {
		t.Fatalf("credentials = %v", creds)
	}
	c := creds[0].(map[string]any)
	if !strings.HasPrefix(c["id"].(string), "crd_") || c["object"] != "credential" || c["credential_type"] != "password" ||
		c["state"] != "active" || c["user_id"] != res.str("id") || c["created_at"] == nil {
		t.Errorf("credential = %v", c)
	}

	// No password: empty credentials; name falls back to the email.
	res = h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "bob@example.com"}}).want(201)
	if res.obj["name"] != "bob@example.com" || len(res.obj["credentials"].([]any)) != 0 {
		t.Errorf("user without password = %s", res.raw)
	}
}

func TestUserValidation(t *testing.T) {
	h := newHarness(t)
	h.createUser("taken@example.com", "", map[string]any{"username": "Taken"})
	tests := []struct {
		name   string
		user   map[string]any
		en, es []string
	}{
		{"blank email", map[string]any{"first_name": "x"},
			[]string{"Email can't be blank"}, []string{"Email no puede estar en blanco"}},
		{"invalid email", map[string]any{"email": "nope"},
			[]string{"Email is invalid"}, []string{"Email no es válido"}},
		{"taken email", map[string]any{"email": "TAKEN@example.com"},
			[]string{"Email has already been taken"}, []string{"Email ya está en uso"}},
		{"taken username", map[string]any{"email": "n@example.com", "username": "taken"},
			[]string{"Username has already been taken"}, []string{"Nombre de usuario ya está en uso"}},
		{"short password", map[string]any{"email": "n@example.com", "password": "short"},
			[]string{"Password is too short (minimum is 8 characters)"}, []string{"Contraseña es demasiado corto (8 caracteres mínimo)"}},
		{"confirmation", map[string]any{"email": "n@example.com", "password": "longenough", "password_confirmation": "other"},
			[]string{"Password confirmation doesn't match Password"}, []string{"Confirmación de contraseña no coincide con Contraseña"}},
		{"several", map[string]any{"email": "", "password": "short", "password_confirmation": "x", "state": "weird"},
			[]string{"Email can't be blank", "Password is too short (minimum is 8 characters)", "Password confirmation doesn't match Password", "State is not included in the list"},
			[]string{"Email no puede estar en blanco", "Contraseña es demasiado corto (8 caracteres mínimo)", "Confirmación de contraseña no coincide con Contraseña", "Estado no está incluido en la lista"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"user": tc.user}
			h.do("POST", "/v2/users", body).wantErrors(422, tc.en...)
			h.do("POST", "/v2/users", body, hdr("Accept-Language", "es-ES,es;q=0.9,en;q=0.8")).wantErrors(422, tc.es...)
		})
	}
	// Nothing was created by the failures.
	if n := len(h.do("GET", "/v2/users", nil).want(200).rows()); n != 1 {
		t.Fatalf("%d users", n)
	}
}

func TestUserLookup(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("a+b@example.com", "", map[string]any{"username": "alice"})
	for _, key := range []string{id, "a+b@example.com", "a%2Bb%40example.com", "a+b%40example.com", "A+B@Example.com", "alice", "ALICE"} {
		t.Run(key, func(t *testing.T) {
			res := h.do("GET", "/v2/users/"+key, nil).want(200)
			if res.str("id") != id {
				t.Fatalf("id = %s", res.str("id"))
			}
			if _, ok := res.obj["credentials"]; !ok {
				t.Fatal("no credentials on single user")
			}
		})
	}
	h.do("GET", "/v2/users/a b@example.com", nil).want(404)
	h.do("GET", "/v2/users/usr_missing", nil).wantErrors(404, "Not found")
	h.do("GET", "/v2/users/usr_missing", nil, es).wantErrors(404, "No encontrado")
	// Another realm's user is not visible.
	other, _ := h.e.CreateRealm("Other")
	h.do("GET", "/v2/users/"+id, nil, hdr("Authrocket-Realm", other)).want(404)
}

func TestUserListFiltersOmitCredentials(t *testing.T) {
	h := newHarness(t)
	h.createUser("a@example.com", "password1", map[string]any{"reference": "r1", "username": "aa"})
	h.createUser("b@example.com", "", map[string]any{"reference": "r2", "state": "inactive"})
	h.createUser("c@example.com", "", map[string]any{"reference": "r1"})
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"a@example.com", "b@example.com", "c@example.com"}},
		{"?email=A@example.com", []string{"a@example.com"}},
		{"?username=aa", []string{"a@example.com"}},
		{"?reference=r1", []string{"a@example.com", "c@example.com"}},
		{"?reference[]=r2", []string{"b@example.com"}},
		{"?reference[0]=r2&reference[1]=r1", []string{"a@example.com", "b@example.com", "c@example.com"}},
		{"?state=inactive", []string{"b@example.com"}},
		{"?state=active&reference=r1", []string{"a@example.com", "c@example.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			rows := h.do("GET", "/v2/users"+tc.query, nil).want(200).rows()
			var got []string
			for _, r := range rows {
				got = append(got, r["email"].(string))
				if _, ok := r["credentials"]; ok {
					t.Error("list row has credentials")
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestUserUpdate(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("u@example.com", "", map[string]any{"first_name": "U", "reference": "ref"})
	other := h.createUser("v@example.com", "", nil)
	res := h.do("PUT", "/v2/users/"+id, map[string]any{"user": map[string]any{"last_name": "Ser", "password": "password1"}}).want(200)
	if res.obj["first_name"] != "U" || res.obj["last_name"] != "Ser" || res.obj["reference"] != "ref" || res.obj["name"] != "U Ser" {
		t.Fatalf("update changed too much or too little: %s", res.raw)
	}
	if len(res.obj["credentials"].([]any)) != 1 {
		t.Fatal("password credential not added")
	}
	h.do("PUT", "/v2/users/"+id, map[string]any{"user": map[string]any{"reference": nil}}).want(200)
	if h.do("GET", "/v2/users/"+id, nil).obj["reference"] != nil {
		t.Fatal("reference not cleared")
	}
	h.do("PUT", "/v2/users/"+other, map[string]any{"user": map[string]any{"email": "U@example.com"}}).wantErrors(422, "Email has already been taken")
	// Its own email is not "taken".
	h.do("PUT", "/v2/users/"+id, map[string]any{"user": map[string]any{"email": "u@example.com"}}).want(200)
	h.do("PUT", "/v2/users/usr_nope", map[string]any{"user": map[string]any{}}).want(404)
}

func TestUserDelete(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("d@example.com", "", nil)
	keep := h.createUser("k@example.com", "", nil)
	org := h.createOrg("O")
	mb := h.createMembership(id, org)
	mbKeep := h.createMembership(keep, org)
	res := h.do("DELETE", "/v2/users/"+id, nil).want(200)
	if res.str("id") != id || res.str("object") != "user" {
		t.Fatalf("delete answer %s", res.raw)
	}
	h.do("GET", "/v2/users/"+id, nil).want(404)
	h.do("GET", "/v2/memberships/"+mb, nil).want(404)
	h.do("GET", "/v2/memberships/"+mbKeep, nil).want(200)
	h.do("DELETE", "/v2/users/"+id, nil).want(404)
}

func TestAuthenticate(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("login@example.com", "password1", map[string]any{"username": "log"})
	h.createUser("nopw@example.com", "", nil)

	for _, key := range []string{id, "login@example.com", "login%40example.com", "log"} {
		res := h.do("POST", "/v2/users/"+key+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201)
		if res.str("object") != "session" || !strings.HasPrefix(res.str("id"), "kss_") || res.str("user_id") != id ||
			strings.Count(res.str("token"), ".") != 2 {
			t.Fatalf("session = %s", res.raw)
		}
		if !strings.Contains(string(res.raw), `"created_at":1735689600.0`) || !strings.Contains(string(res.raw), `"expires_at":1735711200`) {
			t.Fatalf("session times: %s", res.raw)
		}
	}
	u := h.do("GET", "/v2/users/"+id, nil).want(200)
	if u.obj["last_login_at"] != float64(t0.Unix()) {
		t.Fatalf("last_login_at = %v", u.obj["last_login_at"])
	}

	wrong := map[string]any{"user": map[string]any{"password": "wrong-password"}}
	h.do("POST", "/v2/users/"+id+"/authenticate", wrong).wantErrors(422, "Login failed")
	h.do("POST", "/v2/users/"+id+"/authenticate", wrong, es).wantErrors(422, "Error al iniciar sesión")
	h.do("POST", "/v2/users/nopw@example.com/authenticate", wrong).wantErrors(422, "Login failed")
	h.do("POST", "/v2/users/"+id+"/authenticate", nil).wantErrors(422, "Login failed")
	h.do("POST", "/v2/users/usr_missing/authenticate", wrong).want(404)
}

func TestUpdatePassword(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("pw@example.com", "password1", nil)
	path := "/v2/users/" + id + "/update_password"
	body := func(cur, pw, conf string) map[string]any {
		return map[string]any{"user": map[string]any{"current_password": cur, "password": pw, "password_confirmation": conf}}
	}
	h.do("PUT", path, body("nope", "password2", "password2")).wantErrors(422, "Current password does not match")
	h.do("PUT", path, body("nope", "password2", "password2"), es).wantErrors(422, "La contraseña actual no coincide")
	h.do("PUT", path, body("password1", "short", "short")).wantErrors(422, "Password is too short (minimum is 8 characters)")
	h.do("PUT", path, body("password1", "password2", "password3")).wantErrors(422, "Password confirmation doesn't match Password")
	h.do("PUT", path, body("password1", "", "")).wantErrors(422, "Password can't be blank")
	res := h.do("PUT", path, body("password1", "password2", "password2")).want(200)
	if res.str("id") != id || res.str("object") != "user" {
		t.Fatalf("answer %s", res.raw)
	}
	login := func(pw string) int {
		return h.do("POST", "/v2/users/"+id+"/authenticate", map[string]any{"user": map[string]any{"password": pw}}).status
	}
	if login("password1") != 422 || login("password2") != 201 {
		t.Fatal("password not changed")
	}
}

func TestProfile(t *testing.T) {
	h := newHarness(t)
	id := h.createUser("p@example.com", "password1", map[string]any{"reference": "keep"})
	h.createUser("q@example.com", "", map[string]any{"username": "quser"})
	path := "/v2/users/" + id + "/profile"
	res := h.do("PUT", path, map[string]any{"user": map[string]any{
		"first_name": "Pat", "last_name": "Doe", "username": "pat", "email": "pat@example.com", "reference": "ignored",
	}}).want(200)
	if res.obj["name"] != "Pat Doe" || res.obj["username"] != "pat" || res.obj["email"] != "pat@example.com" || res.obj["reference"] != "keep" {
		t.Fatalf("profile answer %s", res.raw)
	}
	h.do("PUT", path, map[string]any{"user": map[string]any{"username": "QUSER", "email": "bad"}}).
		wantErrors(422, "Email is invalid", "Username has already been taken")
}

func TestCustomIsValidated(t *testing.T) {
	h := newHarness(t)
	bad := map[string]any{"user": map[string]any{"email": "c@example.com", "custom": map[string]any{"nested": map[string]any{"x": 1}}}}
	h.do("POST", "/v2/users", bad).wantErrors(422, "Custom is invalid")
	ok := map[string]any{"user": map[string]any{"email": "c@example.com", "custom": map[string]any{"tags": []any{"a", 1, true}}}}
	res := h.do("POST", "/v2/users", ok).want(201)
	var u struct {
		Custom map[string][]any `json:"custom"`
	}
	if err := json.Unmarshal(res.raw, &u); err != nil || len(u.Custom["tags"]) != 3 {
		t.Fatalf("custom = %s", res.raw)
	}
}
