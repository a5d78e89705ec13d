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

// TestTimesInRange checks that a time attribute is epoch seconds or RFC 3339
// within years 0001–9999: NaN, infinities and numbers beyond are invalid,
// not a garbage time.
func TestTimesInRange(t *testing.T) {
	h := newHarness(t)
	invite := func(expiresAt string, opts ...reqOpt) *result {
		return h.do("POST", "/v2/invitations", `{"invitation":{"invitation_type":"request","email":"t@example.com","expires_at":`+expiresAt+`}}`, opts...)
	}
	for _, bad := range []string{
		`1e20`, `-1e20`, `"1e20"`, `1e400`, `"NaN"`, `"nan"`, `"+Inf"`, `"-Inf"`, `"Infinity"`, `"inf"`,
		`253402300800`, `-62135596801`, `"0000-12-31T23:59:59Z"`, `"9999-12-31T23:59:59-01:00"`, `"0001-01-01T00:30:00+01:00"`,
	} {
		invite(bad).wantErrors(422, "Expires at is invalid")
	}
	invite(`"NaN"`, es).wantErrors(422, "Vence el no es válido")
	for _, bad := range []string{"NaN", "1e20", "%2BInf"} {
		h.do("GET", "/v2/events?created_at_after="+bad, nil).wantErrors(422, "Created at after is invalid")
	}
	u, o := h.createUser("m@example.com", "", nil), h.createOrg("M")
	h.do("POST", "/v2/memberships", `{"membership":{"user_id":"`+u+`","org_id":"`+o+`","expires_at":"-Inf"}}`).wantErrors(422, "Expires at is invalid")
	// The ends of the range are fine.
	for in, want := range map[string]float64{
		`253402300799`: 253402300799, `"9999-12-31T23:59:59Z"`: 253402300799, `253402300799.999`: 253402300799,
		`-62135596800`: -62135596800, `"0001-01-01T00:00:00Z"`: -62135596800, `"2030-01-01T00:00:00Z"`: 1893456000,
	} {
		if got := invite(in).want(201); got.obj["expires_at"] != want {
			t.Errorf("expires_at %s = %v, want %v", in, got.obj["expires_at"], want)
		}
	}
}
