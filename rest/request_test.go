package rest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestNormalizeQuery checks the array forms the SDKs write in a query
// string: k[]=v (Ruby, axios) and k[N]=v (PHP).
func TestNormalizeQuery(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", ""},
		{"no brackets: unchanged, not re-sorted", "state=active&realm_id=rl_1", "state=active&realm_id=rl_1"},
		{"no brackets, plus and escapes kept", "email=a%2Bb%40c.d&q=x+y", "email=a%2Bb%40c.d&q=x+y"},
		{"Ruby/axios k[]=v", "expand[]=custom", "expand=custom"},
		{"k[]=v twice keeps order", "expand[]=custom&expand[]=notifications", "expand=custom&expand=notifications"},
		{"escaped k%5B%5D=v", "expand%5B%5D=custom", "expand=custom"},
		{"half escaped", "expand%5B]=custom", "expand=custom"},
		{"PHP k[0]=v", "expand[0]=custom", "expand=custom"},
		{"PHP escaped k%5B0%5D=v", "expand%5B0%5D=custom", "expand=custom"},
		{"multi-digit index", "expand[12]=custom", "expand=custom"},
		{"mixed with plain keys, order kept", "realm_id=rl_1&expand[]=custom&max_results=1", "realm_id=rl_1&expand=custom&max_results=1"},
		{"values kept as sent", "expand[]=a%20b&email=a%2Bb%40c.d", "expand=a%20b&email=a%2Bb%40c.d"},
		{"hash key k[sub] is not an index", "user[name]=ann", "user[name]=ann"},
		{"PHP indexed array keeps its order", "k[0]=a&k[1]=b&k[2]=c&k[10]=d", "k=a&k=b&k=c&k=d"},
		{"Ruby's empty array k[] is no value", "expand[]&state=active", "state=active"},
		{"empty element dropped", "expand[]=&expand[]=custom", "expand=custom"},
		{"lowercase escapes", "expand%5b%5d=custom", "expand=custom"},
		{"only a trailing index is removed", "a[0][1]=x", "a%5B0%5D=x"},
		{"malformed escape left for the query's reader", "a=%zz&expand[]=custom", "a=%zz&expand[]=custom"},
		{"semicolon left for the query's reader", "expand[]=a;b", "expand[]=a;b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeQuery(tt.raw); got != tt.want {
				t.Errorf("normalizeQuery(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// TestDeleteBodyToQuery checks the PHP SDK's DELETE body, which carries what
// the other SDKs put in the query: {"force": true} reads as ?force=true.
func TestDeleteBodyToQuery(t *testing.T) {
	tests := []struct {
		name          string
		query         string
		contentType   string
		body          string
		unknownLength bool
		readErr       bool // the body fails after its bytes
		wantQuery     string
		wantErr       string
	}{
		{name: "no body", query: "force=true", wantQuery: "force=true"},
		{name: "no body, query not re-encoded", query: "b=1&a=2", wantQuery: "b=1&a=2"},
		{name: "PHP force", body: `{"force": true}`, contentType: "application/json", wantQuery: "force=true"},
		{name: "no Content-Type", body: `{"force": false}`, wantQuery: "force=false"},
		{name: "JSON with charset", body: `{"force": true}`, contentType: "application/json; charset=utf-8", wantQuery: "force=true"},
		{name: "unknown length", body: `{"force": true}`, unknownLength: true, wantQuery: "force=true"},
		{name: "scalars of each type; nested values and null dropped", contentType: "application/json",
			body:      `{"force": true, "realm_id": "rl_1", "max_results": 10, "ratio": 0.5, "nested": {"a": 1}, "list": [1], "none": null}`,
			wantQuery: "force=true&max_results=10&ratio=0.5&realm_id=rl_1"},
		{name: "merged with the query", query: "realm_id=rl_1", body: `{"force": true}`, wantQuery: "force=true&realm_id=rl_1"},
		{name: "the query wins over the body", query: "force=false", body: `{"force": true}`, wantQuery: "force=false"},
		{name: "the query wins, even empty", query: "force=", body: `{"force": true}`, wantQuery: "force="},
		{name: "whitespace body", query: "force=true", body: " \n", wantQuery: "force=true"},
		{name: "empty body of unknown length", query: "force=true", unknownLength: true, wantQuery: "force=true"},
		{name: "JSON null", query: "force=true", body: `null`, wantQuery: "force=true"},
		{name: "empty object", body: `{}`, wantQuery: ""},
		{name: "a number too large for a float64, as sent", body: `{"force": 1e400}`, wantQuery: "force=1e400"},

		{name: "form body", body: `force=true`, contentType: "application/x-www-form-urlencoded", wantErr: "a DELETE body must be JSON"},
		{name: "text body", body: `{"force": true}`, contentType: "text/plain", wantErr: "a DELETE body must be JSON"},
		{name: "malformed Content-Type", body: `{"force": true}`, contentType: "application/json; =", wantErr: "a DELETE body must be JSON"},
		{name: "array", body: `[{"force": true}]`, wantErr: "a DELETE body must be a JSON object"},
		{name: "string", body: `"force"`, wantErr: "a DELETE body must be a JSON object"},
		{name: "number", body: `1`, wantErr: "a DELETE body must be a JSON object"},
		{name: "malformed JSON", body: `{"force": true`, wantErr: "a DELETE body must be a JSON object"},
		{name: "data after the object", body: `{"force": true} {}`, wantErr: "a DELETE body must be a JSON object"},
		{name: "invalid UTF-8", body: "{\"force\": \"\xff\"}", wantErr: "a DELETE body must be valid UTF-8"},
		{name: "read error", body: `{"force"`, unknownLength: true, readErr: true, wantErr: "reading the body: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.readErr {
				body = io.MultiReader(body, errReader{})
			}
			if tt.unknownLength {
				body = io.MultiReader(body) // hides the length from NewRequest
			}
			r := httptest.NewRequest(http.MethodDelete, "/v2/orgs/org_1?"+tt.query, body)
			if tt.query == "" {
				r.URL.RawQuery = ""
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			if tt.unknownLength && r.ContentLength != -1 {
				t.Fatalf("ContentLength = %d, want -1", r.ContentLength)
			}
			err := deleteBodyToQuery(r)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("deleteBodyToQuery = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("deleteBodyToQuery: %v", err)
			}
			if r.URL.RawQuery != tt.wantQuery {
				t.Errorf("query = %q, want %q", r.URL.RawQuery, tt.wantQuery)
			}
			// The body was read through: nothing of it is left to read.
			if rest, err := io.ReadAll(r.Body); len(rest) != 0 || err != nil {
				t.Errorf("the body was not consumed: %q left, %v", rest, err)
			}
		})
	}
}

func TestIsJSON(t *testing.T) {
	tests := []struct {
		ct   string
		want bool
	}{
		{"", true},
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON", true},
		{"application/vnd.api+json", true},
		{"application/merge-patch+json; charset=utf-8", true},
		{"application/x-www-form-urlencoded", false},
		{"multipart/form-data; boundary=x", false},
		{"text/plain", false},
		{"text/json", false},
		{"application/jsonx", false},
		{"application/json-seq", false},
		{"json", false},
		{"application/json; =", false},
		{";", false},
	}
	for _, tt := range tests {
		if got := isJSON(tt.ct); got != tt.want {
			t.Errorf("isJSON(%q) = %v, want %v", tt.ct, got, tt.want)
		}
	}
}

// TestForwardedHeaders checks which request headers reach the call path,
// under which metadata key. The request ID travels in the call's record,
// not in the headers.
func TestForwardedHeaders(t *testing.T) {
	tests := []struct {
		key  string
		want string // the metadata key; "" for none
	}{
		{"Authrocket-Api-Key", "authrocket-api-key"},
		{"authrocket-api-key", "authrocket-api-key"},
		{"AUTHROCKET-API-KEY", "authrocket-api-key"},
		{"Authrocket-Realm", "authrocket-realm"},
		{"Accept-Language", "accept-language"},
		{"Authorization", "authorization"},
		{"X-Request-Id", ""},
		{"x-request-id", ""},
		{"X-Gateway-Request-Id", ""},
		{"X-Authrocket-Api-Key", ""},
		{"X-Authrocket-Realm", ""},
		{"Authrocket-Service", ""},
		{"Content-Type", ""},
		{"Cookie", ""},
		{"Grpc-Metadata-Authrocket-Realm", ""},
		{"Authrocket-Http-Status", ""},
		{"Authrocket-Request-Id", ""},
		{"X-Client-Cert", ""},
		{"Traceparent", ""}, // only when traced
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Add(tt.key, "v1")
		h.Add(tt.key, "v2")
		md := forwardedHeaders(h, forwarded)
		if tt.want == "" {
			if len(md) != 0 {
				t.Errorf("forwardedHeaders(%s) = %v, want nothing", tt.key, md)
			}
			continue
		}
		if got := md.Get(tt.want); len(md) != 1 || !slices.Equal(got, []string{"v1", "v2"}) {
			t.Errorf("forwardedHeaders(%s) = %v, want %s: [v1 v2]", tt.key, md, tt.want)
		}
	}
	if md := forwardedHeaders(http.Header{}, forwarded); len(md) != 0 {
		t.Errorf("forwardedHeaders of no headers = %v", md)
	}
}

// TestForwardedTraceHeaders: with TraceHeaders (tracing on), the trace
// context is forwarded too, under lowercase keys, and the other headers as
// before; the facade's list of headers is its own.
func TestForwardedTraceHeaders(t *testing.T) {
	f, err := New(Config{Invoke: func(context.Context, *Call) (proto.Message, error) { return nil, nil },
		MaxRequestBytes: 1, BodyTimeout: time.Second, TraceHeaders: []string{"traceparent", "Tracestate"}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	h.Set("Tracestate", "a=b")
	h.Set("Baggage", "k=v")
	h.Set("Authrocket-Realm", "rl_1")
	md := forwardedHeaders(h, f.forwarded)
	want := metadata.Pairs("traceparent", h.Get("Traceparent"), "tracestate", "a=b", "authrocket-realm", "rl_1")
	if !reflect.DeepEqual(md, want) {
		t.Errorf("forwarded %v, want %v", md, want)
	}
	if len(forwarded) != 5 {
		t.Errorf("TraceHeaders changed the package's list: %v", forwarded)
	}
}

// decodeVia serves one request through a facade whose call path decodes
// it, and returns what Decode gave.
func decodeVia(t *testing.T, f *Facade, r *recorder, req *http.Request) (*httptest.ResponseRecorder, seenCall) {
	t.Helper()
	r.reset()
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	got := r.get()
	if !got.called {
		t.Fatalf("the call path was not called; HTTP %d %s", rec.Code, rec.Body)
	}
	return rec, got
}

// TestDecodeBody checks request bodies as AuthRocket's SDKs send them
// (attributes under the resource's root element, the request context beside
// it), decoded by Call.Decode, and the errors bad bodies give:
// INVALID_ARGUMENT with arjson's message, answered 400.
func TestDecodeBody(t *testing.T) {
	membershipExpiring := func(e *timestamppb.Timestamp) proto.Message {
		return &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{OrgId: proto.String("org_1"), ExpiresAt: e}}
	}
	const users, memberships = "/v2/users", "/v2/memberships"
	tests := []struct {
		name    string
		path    string
		body    string
		want    proto.Message
		wantErr string
		// errPrefix: wantErr is a prefix (encoding/json words the rest).
		errPrefix bool
	}{
		{name: "root element with the request context", path: users,
			body: `{"user": {"email": "ann@example.com", "first_name": "Ann", "password": "s3cret-Pass",` +
				` "custom": {"plan": "pro", "seats": 5, "tags": ["a"]}}, "request": {"ip": "10.0.0.1", "client": "MyApp/1.0"}, "realm_id": "rl_1"}`,
			want: &arv2.CreateUserRequest{
				User: &arv2.UserInput{Email: proto.String("ann@example.com"), FirstName: proto.String("Ann"), Password: proto.String("s3cret-Pass"),
					Custom: mustStruct(t, map[string]any{"plan": "pro", "seats": 5, "tags": []any{"a"}})},
				Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1"), Client: proto.String("MyApp/1.0")},
				RealmId: proto.String("rl_1"),
			}},
		{name: "empty strings are set, not absent", path: users, body: `{"user": {"reference": "", "locale": ""}}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Reference: proto.String(""), Locale: proto.String("")}}},
		{name: "lowerCamel names", path: users, body: `{"user": {"firstName": "Ann"}, "realmId": "rl_1"}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{FirstName: proto.String("Ann")}, RealmId: proto.String("rl_1")}},
		{name: "unknown fields are ignored", path: users,
			body: `{"user": {"email": "a@b.c", "favourite_color": "blue", "extra": {"x": [1]}}, "unknown_top": 1}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("a@b.c")}}},
		{name: "null leaves a field unset", path: users, body: `{"user": {"email": null, "username": "ann"}, "request": null}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Username: proto.String("ann")}}},
		{name: "root element null", path: users, body: `{"user": null}`, want: &arv2.CreateUserRequest{}},
		{name: "empty object", path: users, body: `{}`, want: &arv2.CreateUserRequest{}},
		{name: "empty body (the PHP SDK with no params)", path: users, body: ``, want: &arv2.CreateUserRequest{}},
		{name: "whitespace body", path: users, body: " \n\t", want: &arv2.CreateUserRequest{}},
		{name: "null body", path: users, body: `null`, want: &arv2.CreateUserRequest{}},
		{name: "the last duplicate key wins", path: users, body: `{"user": {"email": "a@b.c", "email": "d@e.f"}}`,
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("d@e.f")}}},
		{name: "permissions array", path: memberships, body: `{"membership": {"user_id": "usr_1", "permissions": ["admin", "x:y"]}}`,
			want: &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{UserId: proto.String("usr_1"), Permissions: []string{"admin", "x:y"}}}},
		{name: "a single permission where an array is expected", path: memberships, body: `{"membership": {"permissions": "admin"}}`,
			want: &arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{Permissions: []string{"admin"}}}},

		// Timestamps: epoch numbers (as AuthRocket writes them), numeric strings, RFC 3339.
		{name: "timestamp: integer epoch seconds", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": 1735776000}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},
		{name: "timestamp: epoch seconds with milliseconds", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": 1423941493.701}}`,
			want: membershipExpiring(ts(1423941493, 701, 0))},
		{name: "timestamp: 1735689600.0", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": 1735689600.0}}`,
			want: membershipExpiring(ts(1735689600, 0, 0))},
		{name: "timestamp: sub-millisecond floored", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": 1735689600.0019}}`,
			want: membershipExpiring(ts(1735689600, 1, 0))},
		{name: "timestamp: exponent", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": 1.7357760e9}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},
		{name: "timestamp: numeric string", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": "1735776000.5"}}`,
			want: membershipExpiring(ts(1735776000, 500, 0))},
		{name: "timestamp: RFC 3339", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": "2025-01-02T00:00:00.250Z"}}`,
			want: membershipExpiring(ts(1735776000, 250, 0))},
		{name: "timestamp: RFC 3339 with an offset", path: memberships, body: `{"membership": {"org_id": "org_1", "expires_at": "2025-01-02T01:00:00+01:00"}}`,
			want: membershipExpiring(ts(1735776000, 0, 0))},

		// Wrong types.
		{name: "string field given a number", path: users, body: `{"user": {"email": 1}}`,
			wantErr: "arjson: user.email: expected string, got number"},
		{name: "root element given a string", path: users, body: `{"user": "ann@example.com"}`,
			wantErr: "arjson: user: expected object, got string"},
		{name: "root element given an array", path: users, body: `{"user": [{"email": "a@b.c"}]}`,
			wantErr: "arjson: user: expected object, got array"},
		{name: "custom given an array", path: users, body: `{"user": {"custom": ["a"]}}`,
			wantErr: "arjson: user.custom: expected object, got array"},
		{name: "permissions given an object", path: memberships, body: `{"membership": {"permissions": {"a": 1}}}`,
			wantErr: "arjson: membership.permissions: expected array, got object"},
		{name: "null inside permissions", path: memberships, body: `{"membership": {"permissions": ["a", null]}}`,
			wantErr: "arjson: membership.permissions[1]: unexpected null in array"},
		{name: "timestamp given a boolean", path: memberships, body: `{"membership": {"expires_at": true}}`,
			wantErr: "arjson: membership.expires_at: expected epoch seconds or RFC 3339 string, got boolean"},
		{name: "timestamp given a date", path: memberships, body: `{"membership": {"expires_at": "2025-01-02"}}`,
			wantErr: "arjson: membership.expires_at: invalid timestamp string: want epoch seconds or RFC 3339"},
		{name: "timestamp out of range", path: memberships, body: `{"membership": {"expires_at": 1e12}}`,
			wantErr: "arjson: membership.expires_at: timestamp out of range"},
		{name: "top-level array", path: users, body: `[{"user": {}}]`,
			wantErr: "arjson: expected object, got array"},
		{name: "top-level string", path: users, body: `"user"`,
			wantErr: "arjson: expected object, got string"},

		// Malformed JSON and bad bytes.
		{name: "truncated", path: users, body: `{"user": {"email": "a@b.c"`,
			wantErr: "arjson: invalid JSON: unexpected end of input"},
		{name: "data after the value", path: users, body: `{"user": {}} {}`,
			wantErr: "arjson: invalid JSON: data after the top-level value"},
		{name: "unquoted key", path: users, body: `{user: {}}`,
			wantErr: "arjson: invalid JSON at offset 1: invalid character 'u'", errPrefix: true},
		{name: "trailing comma", path: users, body: `{"user": {},}`,
			wantErr: "arjson: invalid JSON at offset 12: invalid character '}'", errPrefix: true},
		{name: "invalid UTF-8", path: users, body: "{\"user\": {\"first_name\": \"\xffAnn\"}}",
			wantErr: "arjson: invalid UTF-8 in input"},
		{name: "nesting too deep", path: users, body: `{"user": {"custom": {"a": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}}`,
			wantErr: "arjson: nesting exceeds maximum depth 100"},
	}
	var r recorder
	f := newFacade(t, 1<<20, decodingInvoke(&r))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, got := decodeVia(t, f, &r, httptest.NewRequest(http.MethodPost, tt.path, strings.NewReader(tt.body)))
			if tt.wantErr != "" {
				st, _ := status.FromError(got.decodeErr)
				if got.decodeErr == nil || st.Code() != codes.InvalidArgument ||
					st.Message() != tt.wantErr && !(tt.errPrefix && strings.HasPrefix(st.Message(), tt.wantErr)) {
					t.Fatalf("Decode(%s) = %v, want INVALID_ARGUMENT %q", tt.body, got.decodeErr, tt.wantErr)
				}
				if rec.Code != http.StatusBadRequest {
					t.Errorf("HTTP %d, want 400", rec.Code)
				}
				if b := decodeErrorBody(t, rec); !reflect.DeepEqual(b.Errors, []string{st.Message()}) {
					t.Errorf("errors = %q, want %q", b.Errors, st.Message())
				}
				return
			}
			if got.decodeErr != nil {
				t.Fatalf("Decode(%s): %v", tt.body, got.decodeErr)
			}
			if !proto.Equal(got.req, tt.want) {
				t.Errorf("Decode(%s) =\n%v\nwant\n%v", tt.body, got.req, tt.want)
			}
		})
	}
}

// TestDecodeErrorsDoNotQuoteValues checks that a decoding error never
// repeats a field's value (it may be a password).
func TestDecodeErrorsDoNotQuoteValues(t *testing.T) {
	var r recorder
	f := newFacade(t, 1<<20, decodingInvoke(&r))
	for _, body := range []string{
		`{"user": {"password": ["hunter2-secret"]}}`,
		`{"user": {"password": {"x": "hunter2-secret"}}}`,
		`{"user": {"custom": "hunter2-secret"}}`,
		`{"user": "hunter2-secret"}`,
	} {
		rec, got := decodeVia(t, f, &r, httptest.NewRequest(http.MethodPost, "/v2/users", strings.NewReader(body)))
		if got.decodeErr == nil || strings.Contains(got.decodeErr.Error(), "hunter2") || strings.Contains(rec.Body.String(), "hunter2") {
			t.Errorf("Decode(%s) = %v; answer %s", body, got.decodeErr, rec.Body)
		}
	}
}

// TestDecodeBodyLimit checks the request body's size limit as Decode
// applies it, whether or not the caller declared the body's length.
func TestDecodeBodyLimit(t *testing.T) {
	const limit = 64
	user := `{"user": {"email": "ann@example.com"}}`
	atLimit := user + strings.Repeat(" ", limit-len(user))
	tests := []struct {
		name       string
		body       io.Reader
		want       proto.Message
		wantStatus int
		wantErr    string
		errPart    []string // wantErr is empty; the error contains these
	}{
		{name: "root element", body: strings.NewReader(user),
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com")}}},
		{name: "exactly the limit", body: strings.NewReader(atLimit),
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com")}}},
		{name: "exactly the limit, unknown length", body: io.MultiReader(strings.NewReader(atLimit)),
			want: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ann@example.com")}}},
		{name: "one byte over the limit", body: strings.NewReader(atLimit + " "),
			wantStatus: 413, wantErr: "request body larger than 64 bytes"},
		{name: "one byte over the limit, unknown length", body: io.MultiReader(strings.NewReader(atLimit + " ")),
			wantStatus: 413, wantErr: "request body larger than 64 bytes"},
		{name: "far over the limit", body: strings.NewReader(`{"user": {"email": "` + strings.Repeat("a", 10000) + `"}}`),
			wantStatus: 413, wantErr: "request body larger than 64 bytes"},
		{name: "far over the limit, unknown length", body: io.MultiReader(strings.NewReader(`{"user": {"email": "` + strings.Repeat("a", 10000) + `"}}`)),
			wantStatus: 413, wantErr: "request body larger than 64 bytes"},
		{name: "empty body is an empty request, not io.EOF", body: strings.NewReader(""), want: &arv2.CreateUserRequest{}},
		{name: "empty body of unknown length", body: io.MultiReader(), want: &arv2.CreateUserRequest{}},
		{name: "malformed", body: strings.NewReader(`{"user": `), wantStatus: 400, wantErr: "arjson: invalid JSON: unexpected end of input"},
		{name: "wrong type", body: strings.NewReader(`{"user": {"email": true}}`), wantStatus: 400, wantErr: "arjson: user.email: expected string, got boolean"},
		{name: "invalid UTF-8", body: strings.NewReader("{\"user\": {\"email\": \"\xc3\x28\"}}"), wantStatus: 400, wantErr: "arjson: invalid UTF-8 in input"},
		{name: "read error", body: io.MultiReader(strings.NewReader(`{"user"`), errReader{}), wantStatus: 400, errPart: []string{"reading input", "boom"}},
	}
	var r recorder
	f := newFacade(t, limit, decodingInvoke(&r))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, got := decodeVia(t, f, &r, httptest.NewRequest(http.MethodPost, "/v2/users", tt.body))
			if tt.want != nil {
				if got.decodeErr != nil || !proto.Equal(got.req, tt.want) {
					t.Fatalf("Decode = %v, %v; want %v", got.req, got.decodeErr, tt.want)
				}
				if rec.Code != http.StatusOK {
					t.Errorf("HTTP %d, want 200", rec.Code)
				}
				return
			}
			st, _ := status.FromError(got.decodeErr)
			if got.decodeErr == nil || st.Code() != codes.InvalidArgument {
				t.Fatalf("Decode = %v, want INVALID_ARGUMENT", got.decodeErr)
			}
			if tt.wantErr != "" && st.Message() != tt.wantErr {
				t.Errorf("Decode = %q, want %q", st.Message(), tt.wantErr)
			}
			for _, part := range tt.errPart {
				if !strings.Contains(st.Message(), part) {
					t.Errorf("Decode = %q, want it to say %q", st.Message(), part)
				}
			}
			if rec.Code != tt.wantStatus {
				t.Errorf("HTTP %d, want %d", rec.Code, tt.wantStatus)
			}
			if b := decodeErrorBody(t, rec); !reflect.DeepEqual(b.Errors, []string{st.Message()}) || b.Code != codes.InvalidArgument {
				t.Errorf("answer %s, want errors [%q]", rec.Body, st.Message())
			}
		})
	}
}

var hexRequestID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestRequestIDs checks the gateway's request ID of a REST call: the
// caller's X-Request-Id when well formed, else a fresh one; in the call's
// record and in both response headers (AuthRocket was not asked).
func TestRequestIDs(t *testing.T) {
	longID := strings.Repeat("a", 128)
	tests := []struct {
		name      string
		requestID string // "" sends none
		want      string // "new" for a fresh gateway ID
	}{
		{"caller's request ID kept", "req-1:a.B_9", "req-1:a.B_9"},
		{"128-character request ID kept", longID, longID},
		{"129-character request ID replaced", longID + "a", "new"},
		{"request ID with a space replaced", "req 1", "new"},
		{"request ID with a slash replaced", "req/1", "new"},
		{"non-ASCII request ID replaced", "réq", "new"},
		{"no request ID", "", "new"},
	}
	var r recorder
	f := newFacade(t, 32, decodingInvoke(&r))
	for _, tt := range tests {
		for _, target := range []string{"/v2/users/usr_1", "/v2/nothing"} {
			t.Run(tt.name+" "+target, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				if tt.requestID != "" {
					req.Header.Set(headerRequestID, tt.requestID)
				}
				rec, got := decodeVia(t, f, &r, req)
				id, gwID := rec.Header().Get(headerRequestID), rec.Header().Get(headerGatewayRequestID)
				if id != gwID {
					t.Errorf("%s %q != %s %q", headerRequestID, id, headerGatewayRequestID, gwID)
				}
				switch tt.want {
				case "new":
					if !hexRequestID.MatchString(id) || id == tt.requestID {
						t.Errorf("request ID %q, want a fresh one", id)
					}
				default:
					if id != tt.want {
						t.Errorf("request ID %q, want %q", id, tt.want)
					}
				}
				if got.record.RequestID() != id {
					t.Errorf("the record has request ID %q, the response says %q", got.record.RequestID(), id)
				}
			})
		}
	}
}

// TestRequestIDsAreFresh checks that generated request IDs differ.
func TestRequestIDsAreFresh(t *testing.T) {
	f := newFacade(t, 10, func(context.Context, *Call) (proto.Message, error) {
		return nil, status.Error(codes.Unauthenticated, "no")
	})
	ids := map[string]bool{}
	for range 100 {
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v2/users", nil))
		ids[rec.Header().Get(headerRequestID)] = true
	}
	if len(ids) != 100 {
		t.Fatalf("%d distinct IDs in 100 requests", len(ids))
	}
}

// TestRequestForms checks what the facade makes of the forms AuthRocket's
// SDKs send before the request message: array queries, the body limit,
// DELETE bodies, and a POST's or PUT's ?realm_id=, which becomes the
// authrocket-realm header (two different ones are refused, as on a GET,
// never one of them taken). Each mistake is reported by Decode.
func TestRequestForms(t *testing.T) {
	const maxBytes = 32
	bodyAtLimit := `{"org": {"name": "W"}}` + strings.Repeat(" ", maxBytes-len(`{"org": {"name": "W"}}`))
	tests := []struct {
		name          string
		method        string
		target        string
		requestID     string
		contentType   string
		body          string
		unknownLength bool
		contentLength int64 // overrides the request's when > 0
		realmHeaders  []string

		wantStatus int
		wantReq    proto.Message
		wantErrors []string
		wantRealms []string // the authrocket-realm the call path sees
	}{
		{name: "query arrays normalized", method: "GET", target: "/v2/orgs?expand[]=custom&realm_id=rl_1",
			wantStatus: 200, wantReq: &arv2.ListOrgsRequest{Expand: []string{"custom"}, RealmId: proto.String("rl_1")}},
		{name: "plain query untouched", method: "GET", target: "/v2/orgs?state=active&realm_id=rl_1",
			wantStatus: 200, wantReq: &arv2.ListOrgsRequest{State: proto.String("active"), RealmId: proto.String("rl_1")}},

		{name: "body at the limit passes", method: "POST", target: "/v2/orgs", body: bodyAtLimit,
			wantStatus: 200, wantReq: &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("W")}}},
		{name: "Content-Length over the limit: 413", method: "POST", target: "/v2/users", requestID: "req-2", body: strings.Repeat("x", maxBytes+1),
			wantStatus: 413, wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "declared Content-Length over the limit: 413 before reading", method: "PUT", target: "/v2/users/usr_1", body: "{}", contentLength: 1 << 30,
			wantStatus: 413, wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "DELETE Content-Length over the limit: 413", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": true, "pad": "` + strings.Repeat("x", maxBytes) + `"}`,
			wantStatus: 413, wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "DELETE of unknown length over the limit: 413", method: "DELETE", target: "/v2/orgs/org_1", unknownLength: true, body: `{"force": true, "pad": "` + strings.Repeat("x", maxBytes) + `"}`,
			wantStatus: 413, wantErrors: []string{"request body larger than 32 bytes"}},
		{name: "unknown length under the limit", method: "POST", target: "/v2/users", body: "{}", unknownLength: true,
			wantStatus: 200, wantReq: &arv2.CreateUserRequest{}},
		{name: "unknown length over the limit: 413", method: "POST", target: "/v2/users", body: strings.Repeat("x", maxBytes+1), unknownLength: true,
			wantStatus: 413, wantErrors: []string{"request body larger than 32 bytes"}},

		{name: "DELETE body moved to the query", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": true}`, contentType: "application/json",
			wantStatus: 200, wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}},
		{name: "DELETE query wins over the body", method: "DELETE", target: "/v2/orgs/org_1?force=false", body: `{"force": true}`,
			wantStatus: 200, wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(false)}},
		{name: "DELETE body and bracketed query", method: "DELETE", target: "/v2/orgs/org_1?realm_id[]=rl_1", body: `{"force": true}`,
			wantStatus: 200, wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true), RealmId: proto.String("rl_1")}},
		{name: "DELETE without a body", method: "DELETE", target: "/v2/orgs/org_1?force=true",
			wantStatus: 200, wantReq: &arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(true)}},
		{name: "DELETE non-JSON body: 400", method: "DELETE", target: "/v2/orgs/org_1", requestID: "req-3", body: `force=true`, contentType: "application/x-www-form-urlencoded",
			wantStatus: 400, wantErrors: []string{"a DELETE body must be JSON"}},
		{name: "DELETE array body: 400", method: "DELETE", target: "/v2/orgs/org_1", body: `[true]`,
			wantStatus: 400, wantErrors: []string{"a DELETE body must be a JSON object"}},
		{name: "POST body not moved", method: "POST", target: "/v2/orgs", body: `{"org": {"name": "W"}}`,
			wantStatus: 200, wantReq: &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String("W")}}},

		{name: "POST realm_id in the query", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}",
			wantStatus: 200, wantReq: &arv2.CreateUserRequest{}, wantRealms: []string{"rl_a"}},
		{name: "POST realm_id twice, the same", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=rl_a", body: "{}",
			wantStatus: 200, wantReq: &arv2.CreateUserRequest{}, wantRealms: []string{"rl_a"}},
		{name: "POST realm_id twice, different: 400", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=rl_b", body: "{}",
			wantStatus: 400, wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "PUT realm_id twice, different, as an array: 400", method: "PUT", target: "/v2/users/usr_1?realm_id[]=rl_a&realm_id[]=rl_b", body: "{}",
			wantStatus: 400, wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "POST realm_id twice, one empty: 400", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=", body: "{}",
			wantStatus: 400, wantErrors: []string{"realm_id is in the query more than once, with different values"}},
		{name: "POST realm_id and the same header", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}", realmHeaders: []string{"rl_a"},
			wantStatus: 200, wantReq: &arv2.CreateUserRequest{}, wantRealms: []string{"rl_a"}},
		{name: "POST realm_id and a second header of another realm: 400", method: "POST", target: "/v2/users?realm_id=rl_a", body: "{}", realmHeaders: []string{"rl_a", "rl_b"},
			wantStatus: 400, wantErrors: []string{"realm_id in the query and the Authrocket-Realm header disagree"}},
		{name: "POST realm_id not a realm ID: 400", method: "POST", target: "/v2/users?realm_id=rl_a%0d%0aX:%201", body: "{}",
			wantStatus: 400, wantErrors: []string{"realm_id in the query is not a realm ID (rl_ and 1 to 64 letters or digits)"}},
		{name: "GET realm_id is the request's, not a header", method: "GET", target: "/v2/users/usr_1?realm_id=rl_a",
			wantStatus: 200, wantReq: &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_a")}},
	}
	var r recorder
	f := newFacade(t, maxBytes, decodingInvoke(&r))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.unknownLength {
				body = io.MultiReader(body)
			}
			req := httptest.NewRequest(tt.method, tt.target, body)
			if tt.contentLength > 0 {
				req.ContentLength = tt.contentLength
			}
			if tt.requestID != "" {
				req.Header.Set(headerRequestID, tt.requestID)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			for _, h := range tt.realmHeaders {
				req.Header.Add("Authrocket-Realm", h)
			}
			rec, got := decodeVia(t, f, &r, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("HTTP %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			id := rec.Header().Get(headerRequestID)
			if tt.requestID != "" && id != tt.requestID {
				t.Errorf("request ID %q, want %q", id, tt.requestID)
			}
			if tt.wantErrors != nil {
				if got.req != nil {
					t.Errorf("Decode succeeded: %v", got.req)
				}
				b := decodeErrorBody(t, rec)
				if b.Code != codes.InvalidArgument || !reflect.DeepEqual(b.Errors, tt.wantErrors) {
					t.Errorf("code %d, errors %q; want %d, %q", b.Code, b.Errors, codes.InvalidArgument, tt.wantErrors)
				}
				if reason, _, meta := errorInfoOf(t, b); reason != "INVALID_REQUEST" || meta[apierror.MetaGatewayRequestID] != id {
					t.Errorf("ErrorInfo %s, want reason INVALID_REQUEST and the request's ID %q", b.Details[0], id)
				}
				return
			}
			if got.decodeErr != nil || !proto.Equal(got.req, tt.wantReq) {
				t.Errorf("Decode = %v, %v; want %v", got.req, got.decodeErr, tt.wantReq)
			}
			if realms := got.header.Get("authrocket-realm"); !slices.Equal(realms, tt.wantRealms) {
				t.Errorf("the call path saw authrocket-realm %q, want %q", realms, tt.wantRealms)
			}
		})
	}
}

// readSpy is a request body that records whether it was read.
type readSpy struct {
	r    io.Reader
	read bool
}

func (s *readSpy) Read(p []byte) (int, error) {
	s.read = true
	return s.r.Read(p)
}

// TestBodyReadOnlyInDecode: the call path authenticates the caller before
// the body is read, so a caller it refuses gets 401 whatever the body, and
// the body is never read.
func TestBodyReadOnlyInDecode(t *testing.T) {
	const maxBytes = 32
	tests := []struct {
		name            string
		method          string
		target          string
		contentType     string
		body            string
		contentLength   int64 // > 0: declared
		contentEncoding string
	}{
		{name: "malformed JSON", method: "POST", target: "/v2/users", body: `{"user": {`},
		{name: "malformed JSON, declared length", method: "POST", target: "/v2/users", body: `{"user": {`, contentLength: 10},
		{name: "over the limit, declared length", method: "POST", target: "/v2/users", body: strings.Repeat("x", maxBytes+1), contentLength: maxBytes + 1},
		{name: "over the limit, unknown length", method: "POST", target: "/v2/users", body: strings.Repeat("x", 10*maxBytes)},
		{name: "DELETE with a form body", method: "DELETE", target: "/v2/orgs/org_1", contentType: "application/x-www-form-urlencoded", body: "force=true"},
		{name: "DELETE with a JSON body", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": true}`},
		{name: "two realm_ids", method: "POST", target: "/v2/users?realm_id=rl_a&realm_id=rl_b", body: "{}"},
		{name: "query of the wrong type", method: "GET", target: "/v2/orgs?max_results=many"},
		{name: "invalid UTF-8 in the path", method: "GET", target: "/v2/users/%FF"},
		{name: "invalid UTF-8 in the query", method: "POST", target: "/v2/users?realm_id=%FF", body: "{}"},
		{name: "gzip body", method: "POST", target: "/v2/users", contentEncoding: "gzip", body: "\x1f\x8b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls int
			f := newFacade(t, maxBytes, func(_ context.Context, c *Call) (proto.Message, error) {
				calls++
				if c.Decode == nil || c.Refusal != nil {
					t.Errorf("Call for a route: Decode %v, Refusal %v", c.Decode != nil, c.Refusal)
				}
				return nil, apierror.New(codes.Unauthenticated, "UNAUTHENTICATED", "a caller credential is required").Status(c.Record.RequestID()).Err()
			})
			spy := &readSpy{r: strings.NewReader(tt.body)}
			req := httptest.NewRequest(tt.method, tt.target, spy)
			if tt.contentLength > 0 {
				req.ContentLength = tt.contentLength
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			if tt.contentEncoding != "" {
				req.Header.Set("Content-Encoding", tt.contentEncoding)
			}
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, req)
			if calls != 1 {
				t.Errorf("the call path was called %d times", calls)
			}
			if rec.Code != http.StatusForbidden {
				t.Errorf("HTTP %d, want 403 (AuthRocket's for a bad credential); body %s", rec.Code, rec.Body)
			}
			if b := decodeErrorBody(t, rec); b.Code != codes.Unauthenticated || !reflect.DeepEqual(b.Errors, []string{"a caller credential is required"}) {
				t.Errorf("answer %s", rec.Body)
			}
			if spy.read {
				t.Error("the body was read")
			}
		})
	}
}

// TestContentEncoding: a body in a Content-Encoding other than identity
// is refused 415, with Accept-Encoding: identity, before it is read; on
// every method, as it is only the call path that asks.
func TestContentEncoding(t *testing.T) {
	const msg = "Content-Encoding is not supported: send the body uncompressed"
	tests := []struct {
		method, target string
		encodings      []string // Content-Encoding headers
		refused        bool
	}{
		{"POST", "/v2/users", nil, false},
		{"POST", "/v2/users", []string{"identity"}, false},
		{"POST", "/v2/users", []string{"Identity, identity"}, false},
		{"POST", "/v2/users", []string{""}, false},
		{"POST", "/v2/users", []string{"gzip"}, true},
		{"POST", "/v2/users", []string{"GZIP"}, true},
		{"POST", "/v2/users", []string{"identity, gzip"}, true},
		{"POST", "/v2/users", []string{"identity", "br"}, true},
		{"POST", "/v2/users", []string{"deflate"}, true},
		{"POST", "/v2/users", []string{"x-anything"}, true},
		{"PUT", "/v2/users/usr_1", []string{"zstd"}, true},
		{"DELETE", "/v2/orgs/org_1", []string{"gzip"}, true},
		{"GET", "/v2/users", []string{"gzip"}, true},
	}
	var r recorder
	f := newFacade(t, 1<<10, decodingInvoke(&r))
	for _, tt := range tests {
		t.Run(tt.method+" "+strings.Join(tt.encodings, "|"), func(t *testing.T) {
			spy := &readSpy{r: strings.NewReader(`{"force": true}`)}
			req := httptest.NewRequest(tt.method, tt.target, spy)
			for _, e := range tt.encodings {
				req.Header.Add("Content-Encoding", e)
			}
			rec, got := decodeVia(t, f, &r, req)
			if !tt.refused {
				if got.decodeErr != nil || rec.Code != http.StatusOK {
					t.Errorf("HTTP %d, Decode: %v", rec.Code, got.decodeErr)
				}
				return
			}
			if rec.Code != http.StatusUnsupportedMediaType || rec.Header().Get("Accept-Encoding") != "identity" {
				t.Errorf("HTTP %d, Accept-Encoding %q; want 415, identity", rec.Code, rec.Header().Get("Accept-Encoding"))
			}
			if b := decodeErrorBody(t, rec); b.Code != codes.InvalidArgument || !reflect.DeepEqual(b.Errors, []string{msg}) {
				t.Errorf("answer %s", rec.Body)
			}
			if spy.read || got.req != nil {
				t.Errorf("the body was read (%v) or decoded (%v)", spy.read, got.req)
			}
		})
	}
}

// TestBodyOverLimitWhenDecoded: a body over the limit, once the call path
// reads it, is answered 413 with AuthRocket's error body, however the
// call path passes Decode's error on.
func TestBodyOverLimitWhenDecoded(t *testing.T) {
	const maxBytes = 16
	body := `{"user": {"email": "` + strings.Repeat("a", maxBytes) + `"}}`
	passOn := map[string]func(c *Call, err error) error{
		"as Decode gave it": func(_ *Call, err error) error { return err },
		"in the contract": func(c *Call, err error) error {
			st, _ := status.FromError(err)
			return apierror.Contract(st, c.Record.RequestID()).Err()
		},
	}
	for how, pass := range passOn {
		for _, unknownLength := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, unknown length %v", how, unknownLength), func(t *testing.T) {
				var decodeErr error
				f := newFacade(t, maxBytes, func(_ context.Context, c *Call) (proto.Message, error) {
					req, err := newRequest(c)
					if err != nil {
						return nil, err
					}
					decodeErr = c.Decode(req)
					if decodeErr == nil {
						return newResponse(c), nil
					}
					return nil, pass(c, decodeErr)
				})
				var r io.Reader = strings.NewReader(body)
				if unknownLength {
					r = io.MultiReader(r)
				}
				req := httptest.NewRequest(http.MethodPost, "/v2/users", r)
				req.Header.Set(headerRequestID, "req-413")
				rec := httptest.NewRecorder()
				f.ServeHTTP(rec, req)
				if decodeErr == nil {
					t.Fatal("Decode accepted a body over the limit")
				}
				if rec.Code != http.StatusRequestEntityTooLarge {
					t.Fatalf("HTTP %d, want 413; body %s", rec.Code, rec.Body)
				}
				b := decodeErrorBody(t, rec)
				if b.Code != codes.InvalidArgument || b.Message != "request body larger than 16 bytes" || !reflect.DeepEqual(b.Errors, []string{"request body larger than 16 bytes"}) {
					t.Errorf("answer %s", rec.Body)
				}
				if reason, domain, meta := errorInfoOf(t, b); reason != "INVALID_REQUEST" || domain != apierror.Domain || meta[apierror.MetaGatewayRequestID] != "req-413" {
					t.Errorf("ErrorInfo %s", b.Details[0])
				}
				if got := detailsOf(t, b); !reflect.DeepEqual(got, []string{"ErrorInfo", "RequestInfo"}) {
					t.Errorf("details %v", got)
				}
				if id := rec.Header().Get(headerRequestID); id != "req-413" {
					t.Errorf("%s = %q", headerRequestID, id)
				}
			})
		}
	}
}

// TestDecodeReadError: a body that fails is INVALID_ARGUMENT, not a 413.
func TestDecodeReadError(t *testing.T) {
	var r recorder
	f := newFacade(t, 1<<10, decodingInvoke(&r))
	rec, got := decodeVia(t, f, &r, httptest.NewRequest(http.MethodDelete, "/v2/orgs/org_1", io.MultiReader(strings.NewReader(`{"force"`), errReader{})))
	if st, _ := status.FromError(got.decodeErr); st.Code() != codes.InvalidArgument || st.Message() != "reading the body: boom" {
		t.Errorf("Decode = %v", got.decodeErr)
	}
	if rec.Code != http.StatusBadRequest {
		t.Errorf("HTTP %d, want 400", rec.Code)
	}
}
