package authrocket_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// rewriter serves the emulator's answers after edit has changed them: for the
// answers the emulator cannot give (unknown fields, an empty 200, a token).
func rewriter(t *testing.T, u *upstream, edit func(r *http.Request, status int, body []byte) (int, []byte)) *authrocket.Client {
	t.Helper()
	next := u.emu.ServerHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		status, body := edit(r, rec.Code, rec.Body.Bytes())
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := authrocket.NewClient(authrocket.Config{URL: srv.URL, APIKey: authrocket.NewSecret(testKey), DefaultRealm: u.realm})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addKeys adds keys to a JSON object (and to its first credential).
func addKeys(t *testing.T, body []byte, keys map[string]any) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("emulator answer %q: %v", body, err)
	}
	for k, v := range keys {
		m[k] = v
	}
	if creds, ok := m["credentials"].([]any); ok && len(creds) > 0 {
		creds[0].(map[string]any)["future_credential_field"] = map[string]any{"x": []any{1, "two", nil}}
	}
	b, _ := json.Marshal(m)
	return b
}

func TestDecodeUnknownFieldsIgnored(t *testing.T) {
	u := newUpstream(t)
	usr := createUser(t, u.client(t), "unknown@example.com", "password123")
	c := rewriter(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
		return status, addKeys(t, body, map[string]any{
			"mfa_enabled":  true,
			"future_field": map[string]any{"nested": []any{1, 2.5, "x", nil, map[string]any{}}},
			"last_seen_ip": nil,
		})
	})
	got := mustCall(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{}).GetUser()
	if got.GetId() != usr.GetId() || got.GetEmail() != "unknown@example.com" || len(got.GetCredentials()) != 1 ||
		got.GetCredentials()[0].GetCredentialType() != "password" {
		t.Fatalf("user %v", got)
	}
	if len(got.ProtoReflect().GetUnknown()) != 0 {
		t.Errorf("unknown JSON keys kept as unknown proto fields")
	}
	// Also in lists, where every key but collection is metadata.
	c = rewriter(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
		return status, addKeys(t, body, map[string]any{"total": 1, "next_url": "https://x"})
	})
	list := mustCall(t, c, "UsersService.ListUsers", &arv2.ListUsersRequest{}, &arv2.ListUsersResponse{}, authrocket.CallOptions{})
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != usr.GetId() {
		t.Fatalf("list %v", list)
	}
}

// TestDecodeNoContent: 204 and AuthRocket's 215 ("metadata only") are
// successes that leave the response empty; a 200 whose body is not the
// object the method answers (empty, null, another object, a page without
// its collection) is ErrBadAnswer, never an empty success.
func TestDecodeNoContent(t *testing.T) {
	u := newUpstream(t)
	usr := createUser(t, u.client(t), "empty@example.com", "")
	get := &arv2.GetUserRequest{Id: usr.GetId()}
	for _, status := range []int{http.StatusNoContent, 215} {
		u.emu.InjectFault(emulator.Fault{Path: "/v2/users/" + usr.GetId(), Status: status, Times: 1})
		resp := &arv2.GetUserResponse{User: &arv2.User{Id: "stale"}}
		resp, res, err := call(t, u.client(t), "UsersService.GetUser", get, resp, authrocket.CallOptions{})
		if err != nil {
			t.Fatalf("status %d: %v", status, err)
		}
		if res.HTTPStatus != status || res.RequestID == "" {
			t.Errorf("status %d: Response %+v", status, res)
		}
		if resp.GetUser().GetId() != "stale" {
			t.Errorf("status %d: response changed to %v", status, resp)
		}
	}
	for _, body := range []string{"", " \r\n\t", "null", "{}", `{"id":"usr_1"}`, `{"object":"org","id":"org_1"}`, `[{"object":"user"}]`} {
		c := rewriter(t, u, func(*http.Request, int, []byte) (int, []byte) { return http.StatusOK, []byte(body) })
		_, _, err := call(t, c, "UsersService.GetUser", get, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		if !errors.Is(err, authrocket.ErrBadAnswer) || asError(t, err).HTTPStatus != http.StatusOK {
			t.Errorf("GetUser, body %q: %v, want ErrBadAnswer", body, err)
		}
		_, _, err = call(t, c, "UsersService.ListUsers", &arv2.ListUsersRequest{}, &arv2.ListUsersResponse{}, authrocket.CallOptions{})
		if !errors.Is(err, authrocket.ErrBadAnswer) {
			t.Errorf("ListUsers, body %q: %v, want ErrBadAnswer", body, err)
		}
	}
	// A login URL is sparse (json_sparse): AuthRocket writes it with no
	// object, and an answer without an id is not one.
	loginURL := &arv2.GetAuthProviderAuthorizeUrlRequest{Id: "google", RedirectUri: "https://app.example/cb"}
	for body, ok := range map[string]bool{
		`{"id":"ap_1","provider_type":"google","auth_url":"https://accounts.google.com/o"}`: true,
		`{"provider_type":"google"}`: false, "{}": false, "null": false,
	} {
		c := rewriter(t, u, func(*http.Request, int, []byte) (int, []byte) { return http.StatusOK, []byte(body) })
		resp, _, err := call(t, c, "AuthProvidersService.GetAuthProviderAuthorizeUrl", loginURL, &arv2.GetAuthProviderAuthorizeUrlResponse{}, authrocket.CallOptions{})
		switch {
		case ok && (err != nil || resp.GetAuthProvider().GetAuthUrl() == ""):
			t.Errorf("GetAuthProviderAuthorizeUrl, body %q: %v, %v", body, resp, err)
		case !ok && !errors.Is(err, authrocket.ErrBadAnswer):
			t.Errorf("GetAuthProviderAuthorizeUrl, body %q: %v, want ErrBadAnswer", body, err)
		}
	}
}

// TestDecodeAuthenticateOneof: AuthenticateUser answers a session (the
// emulator's answer) or a token (for a second factor), told apart by object.
func TestDecodeAuthenticateOneof(t *testing.T) {
	u := newUpstream(t)
	usr := createUser(t, u.client(t), "mfa@example.com", "password123")
	req := &arv2.AuthenticateUserRequest{Id: usr.GetId(), User: &arv2.AuthenticateUserInput{Password: "password123"}}

	session := mustCall(t, u.client(t), "UsersService.AuthenticateUser", req, &arv2.AuthenticateUserResponse{}, authrocket.CallOptions{})
	if session.GetSession().GetUserId() != usr.GetId() || session.GetToken() != nil {
		t.Fatalf("answer %v, want a session", session)
	}

	// The emulator has no MFA: answer a tmf: token instead of its session.
	token := `{"object":"token","token":"tmf:abc123","user_id":"` + usr.GetId() + `","future":1}`
	c := rewriter(t, u, func(_ *http.Request, status int, _ []byte) (int, []byte) { return status, []byte(token) })
	resp, res, err := call(t, c, "UsersService.AuthenticateUser", req, &arv2.AuthenticateUserResponse{}, authrocket.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := &arv2.AuthenticateUserResponse{Result: &arv2.AuthenticateUserResponse_Token{Token: &arv2.Token{
		Object: "token", Token: "tmf:abc123", UserId: proto.String(usr.GetId()),
	}}}
	if !proto.Equal(resp, want) || res.HTTPStatus != http.StatusCreated {
		t.Fatalf("answer %d %v, want %v", res.HTTPStatus, resp, want)
	}

	// An object that is neither is a decoding error, not an empty success.
	for _, body := range []string{`{"object":"invitation","id":"nvt_1"}`, `{"id":"kss_1"}`, `[]`, `{"object":5}`} {
		c := rewriter(t, u, func(_ *http.Request, status int, _ []byte) (int, []byte) { return status, []byte(body) })
		_, _, err := call(t, c, "UsersService.AuthenticateUser", req, &arv2.AuthenticateUserResponse{}, authrocket.CallOptions{})
		e := asError(t, err)
		if e.HTTPStatus != http.StatusCreated || e.RequestID == "" || e.Err == nil || !strings.Contains(err.Error(), "decoding") {
			t.Errorf("body %s: %+v", body, e)
		}
	}
}

// TestDecodeErrors: an answer that cannot be read is an *Error that keeps
// AuthRocket's status and request ID and does not quote the body.
func TestDecodeErrors(t *testing.T) {
	u := newUpstream(t)
	usr := createUser(t, u.client(t), "bad@example.com", "")
	for name, body := range map[string]string{
		"Truncated":   `{"object":"user","id":"usr_1","email":"leak-me@example.com"`,
		"WrongType":   `{"object":"user","id":"usr_1","email":{"leak-me":1}}`,
		"NotAnObject": `["leak-me"]`,
		"HTML":        `<html>leak-me</html>`,
		"BadUTF8":     "{\"email\":\"leak-me\xff\"}",
	} {
		t.Run(name, func(t *testing.T) {
			c := rewriter(t, u, func(_ *http.Request, _ int, _ []byte) (int, []byte) { return http.StatusOK, []byte(body) })
			_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
			e := asError(t, err)
			if e.HTTPStatus != http.StatusOK || e.RequestID == "" || e.Err == nil || e.Endpoint != "GET /v2/users/{id}" {
				t.Errorf("%+v", e)
			}
			if strings.Contains(err.Error(), "leak-me") {
				t.Errorf("error quotes the body: %v", err)
			}
		})
	}
}

// TestDecodeTooLarge: an answer over the size limit is an error, not an
// unbounded read.
func TestDecodeTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 32 MiB")
	}
	u := newUpstream(t)
	usr := createUser(t, u.client(t), "big@example.com", "")
	huge := append([]byte(`{"object":"user","pad":"`), bytes.Repeat([]byte("x"), 33<<20)...)
	huge = append(huge, `"}`...)
	c := rewriter(t, u, func(*http.Request, int, []byte) (int, []byte) { return http.StatusOK, huge })
	_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: usr.GetId()}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if e := asError(t, err); e.HTTPStatus != http.StatusOK || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("%v", err)
	}
}
