package authrocket_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func TestErrorAnswers(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := createUser(t, c, "err@example.com", "right-password")
	u.reset()
	auth := func(pw string) *arv2.AuthenticateUserRequest {
		return &arv2.AuthenticateUserRequest{Id: usr.GetId(), User: &arv2.AuthenticateUserInput{Password: pw}}
	}
	getPath := "/v2/users/" + usr.GetId()
	rateLimited := []string{"Rate limited; wait before trying again"}

	tests := []struct {
		name       string
		fault      *emulator.Fault
		method     string
		req        proto.Message
		resp       proto.Message
		opts       authrocket.CallOptions
		status     int
		messages   []string
		retryAfter time.Duration
		endpoint   string
	}{
		{name: "NotFound", method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: "usr_missing"}, resp: &arv2.GetUserResponse{},
			status: 404, messages: []string{"Not found"}, endpoint: "GET /v2/users/{id}"},
		{name: "LoginFailed", method: "UsersService.AuthenticateUser", req: auth("wrong-password"), resp: &arv2.AuthenticateUserResponse{},
			status: 422, messages: []string{"Login failed"}, endpoint: "POST /v2/users/{id}/authenticate"},
		{name: "LoginFailedSpanish", method: "UsersService.AuthenticateUser", req: auth("wrong-password"), resp: &arv2.AuthenticateUserResponse{},
			opts: authrocket.CallOptions{Locale: "es"}, status: 422, messages: []string{"Error al iniciar sesión"}, endpoint: "POST /v2/users/{id}/authenticate"},
		{name: "Validation", method: "UsersService.CreateUser", req: &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("err@example.com")}},
			resp: &arv2.CreateUserResponse{}, status: 422, messages: []string{"Email has already been taken"}, endpoint: "POST /v2/users"},
		{name: "ConflictMessages", fault: &emulator.Fault{Path: getPath, Status: 409, Errors: []string{"first", "second"}},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 409, messages: []string{"first", "second"}, endpoint: "GET /v2/users/{id}"},
		{name: "RetryAfterSeconds", fault: &emulator.Fault{Path: getPath, Status: 429, RetryAfter: "7"},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 429, messages: rateLimited, retryAfter: 7 * time.Second, endpoint: "GET /v2/users/{id}"},
		{name: "RetryAfterZero", fault: &emulator.Fault{Path: getPath, Status: 429, RetryAfter: "0"},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 429, messages: rateLimited, endpoint: "GET /v2/users/{id}"},
		{name: "RetryAfterGarbage", fault: &emulator.Fault{Path: getPath, Status: 429, RetryAfter: "soon"},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 429, messages: rateLimited, endpoint: "GET /v2/users/{id}"},
		{name: "RetryAfterNegative", fault: &emulator.Fault{Path: getPath, Status: 429, RetryAfter: "-5"},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 429, messages: rateLimited, endpoint: "GET /v2/users/{id}"},
		{name: "RetryAfterPastDate", fault: &emulator.Fault{Path: getPath, Status: 429, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 429, messages: rateLimited, endpoint: "GET /v2/users/{id}"},
		{name: "BlankEmail", method: "UsersService.CreateUser", req: &arv2.CreateUserRequest{User: &arv2.UserInput{}}, resp: &arv2.CreateUserResponse{},
			status: 422, messages: []string{"Email can't be blank"}, endpoint: "POST /v2/users"},
		{name: "Forbidden", fault: &emulator.Fault{Path: getPath, Status: 403},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 403, messages: []string{"Access denied; check your API credentials and permissions"}, endpoint: "GET /v2/users/{id}"},
		{name: "ServerError", fault: &emulator.Fault{Path: getPath, Status: 500, Errors: []string{"boom"}},
			method: "UsersService.GetUser", req: &arv2.GetUserRequest{Id: usr.GetId()}, resp: &arv2.GetUserResponse{},
			status: 500, messages: []string{"boom"}, endpoint: "GET /v2/users/{id}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fault != nil {
				defer u.emu.InjectFault(*tt.fault)()
			}
			defer u.reset()
			_, res, err := call(t, c, tt.method, tt.req, tt.resp, tt.opts)
			e := asError(t, err)
			if e.HTTPStatus != tt.status || e.Endpoint != tt.endpoint || e.Err != nil {
				t.Errorf("Error %+v, want status %d endpoint %q", e, tt.status, tt.endpoint)
			}
			if !reflect.DeepEqual(e.Messages, tt.messages) {
				t.Errorf("Messages %q, want %q", e.Messages, tt.messages)
			}
			if e.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter %v, want %v", e.RetryAfter, tt.retryAfter)
			}
			if e.RequestID == "" || e.RequestID != u.lastRequestID() {
				t.Errorf("RequestID %q, X-Request-ID %q", e.RequestID, u.lastRequestID())
			}
			if res != (authrocket.Response{}) {
				t.Errorf("Response %+v with an error", res)
			}
			for _, m := range tt.messages {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error text %q lacks %q", err, m)
				}
			}
			if strings.Contains(err.Error(), "wrong-password") || strings.Contains(err.Error(), "right-password") {
				t.Errorf("error text reveals the password: %v", err)
			}
		})
	}
}

func TestErrorRetryAfterDate(t *testing.T) {
	u := newUpstream(t)
	at := time.Now().Add(30 * time.Second).UTC()
	u.emu.InjectFault(emulator.Fault{Status: 429, RetryAfter: at.Format(http.TimeFormat)})
	_, _, err := call(t, u.client(t), "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	e := asError(t, err)
	// The date has whole seconds: 29 s < RetryAfter <= 30 s, less the call's own time.
	if e.RetryAfter <= 20*time.Second || e.RetryAfter > 30*time.Second {
		t.Fatalf("RetryAfter %v for a date 30 s ahead", e.RetryAfter)
	}
}

// TestErrorHashForm: older API versions answer errors as a hash of arrays.
func TestErrorHashForm(t *testing.T) {
	u := newUpstream(t)
	c := rewriter(t, u, func(*http.Request, int, []byte) (int, []byte) {
		return http.StatusUnprocessableEntity, []byte(`{"errors":{"email":["has already been taken","is invalid"],"base":["Nope"]},"retry_url":"https://x"}`)
	})
	_, _, err := call(t, c, "UsersService.CreateUser", &arv2.CreateUserRequest{User: &arv2.UserInput{}}, &arv2.CreateUserResponse{}, authrocket.CallOptions{})
	e := asError(t, err)
	if want := []string{"Nope", "has already been taken", "is invalid"}; !reflect.DeepEqual(e.Messages, want) {
		t.Fatalf("Messages %q, want %q", e.Messages, want)
	}
}

// TestErrorBodyNotQuoted: a non-JSON error body is not repeated in the error.
func TestErrorBodyNotQuoted(t *testing.T) {
	u := newUpstream(t)
	c := rewriter(t, u, func(*http.Request, int, []byte) (int, []byte) {
		return http.StatusBadGateway, []byte(`<html><body>upstream leak-me ` + testKey + `</body></html>`)
	})
	_, _, err := call(t, c, "UsersService.CreateUser", &arv2.CreateUserRequest{User: &arv2.UserInput{}}, &arv2.CreateUserResponse{}, authrocket.CallOptions{})
	e := asError(t, err)
	if e.HTTPStatus != http.StatusBadGateway || e.Messages != nil || strings.Contains(err.Error(), "leak-me") {
		t.Fatalf("%+v: %v", e, err)
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("EOF")
	tests := []struct {
		err  *authrocket.Error
		want string
	}{
		{&authrocket.Error{Endpoint: "GET /v2/users/{id}", HTTPStatus: 404, Messages: []string{"Not found"}}, "authrocket: GET /v2/users/{id}: 404 Not Found: Not found"},
		{&authrocket.Error{Endpoint: "POST /v2/users", HTTPStatus: 422, Messages: []string{"a", "b"}}, "authrocket: POST /v2/users: 422 Unprocessable Entity: a; b"},
		{&authrocket.Error{Endpoint: "GET /v2/users", Err: cause}, "authrocket: GET /v2/users: EOF"},
		{&authrocket.Error{Endpoint: "GET /v2/users", HTTPStatus: 200, Err: cause}, "authrocket: GET /v2/users: 200 OK: EOF"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if !errors.Is(tests[2].err, cause) {
		t.Error("Unwrap does not return the cause")
	}
}

func TestDeadline(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	u.emu.InjectFault(emulator.Fault{Latency: 2 * time.Second})
	get := &arv2.GetUserRequest{Id: "usr_1"}

	t.Run("CallerDeadline", func(t *testing.T) {
		defer u.reset()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Call(ctx, method(t, "UsersService.GetUser"), get, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		elapsed := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
		if e := asError(t, err); e.HTTPStatus != 0 || e.RequestID != "" {
			t.Errorf("%+v", e)
		}
		if elapsed > 1500*time.Millisecond {
			t.Errorf("call took %v: the deadline was not honoured", elapsed)
		}
		// Out of time: no retry, though GET may be sent again.
		if n := len(u.emu.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("ConfigTimeout", func(t *testing.T) {
		defer u.reset()
		c := u.client(t, func(cfg *authrocket.Config) { cfg.Deadline = 100 * time.Millisecond })
		_, err := c.Call(context.Background(), method(t, "UsersService.GetUser"), get, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		defer u.reset()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := c.Call(ctx, method(t, "UsersService.CreateUser"), &arv2.CreateUserRequest{User: &arv2.UserInput{}}, &arv2.CreateUserResponse{}, authrocket.CallOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want Canceled", err)
		}
		asError(t, err)
	})
	t.Run("AlreadyDone", func(t *testing.T) {
		defer u.reset()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Call(ctx, method(t, "UsersService.GetUser"), get, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want Canceled", err)
		}
		if w := u.wire(); len(w) != 0 {
			t.Errorf("sent %q with a cancelled context", w)
		}
	})
}

func TestRetries(t *testing.T) {
	// Each case has its own emulator (the faults are global to one), with
	// a user and an org made beforehand.
	type fixture struct {
		u        *upstream
		usr, org string
	}
	type build = func(f fixture) (string, proto.Message, proto.Message)
	getUser := func(f fixture) (string, proto.Message, proto.Message) {
		return "UsersService.GetUser", &arv2.GetUserRequest{Id: f.usr}, &arv2.GetUserResponse{}
	}
	listUsers := func(fixture) (string, proto.Message, proto.Message) {
		return "UsersService.ListUsers", &arv2.ListUsersRequest{}, &arv2.ListUsersResponse{}
	}
	updateUser := func(f fixture) (string, proto.Message, proto.Message) {
		return "UsersService.UpdateUser", &arv2.UpdateUserRequest{Id: f.usr, User: &arv2.UserInput{Reference: proto.String("r")}}, &arv2.UpdateUserResponse{}
	}
	deleteOrg := func(f fixture) (string, proto.Message, proto.Message) {
		return "OrgsService.DeleteOrg", &arv2.DeleteOrgRequest{Id: f.org}, &arv2.DeleteOrgResponse{}
	}
	createOnce := func(fixture) (string, proto.Message, proto.Message) {
		return "UsersService.CreateUser", &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("once@example.com")}}, &arv2.CreateUserResponse{}
	}
	authenticate := func(f fixture) (string, proto.Message, proto.Message) {
		return "UsersService.AuthenticateUser", &arv2.AuthenticateUserRequest{Id: f.usr, User: &arv2.AuthenticateUserInput{Password: "x"}}, &arv2.AuthenticateUserResponse{}
	}
	tests := []struct {
		name       string
		call       build
		fault      emulator.Fault
		maxRetries int // 0: the default
		requests   int
		status     int // the final answer's status; 0: network error; -1: success
	}{
		{"GET503", getUser, emulator.Fault{Status: 503}, 0, 1 + authrocket.DefaultMaxRetries, 503},
		{"GET502", getUser, emulator.Fault{Status: 502}, 0, 3, 502},
		{"GET503Once", getUser, emulator.Fault{Status: 503, Times: 1}, 0, 2, -1},
		{"GET502Twice", listUsers, emulator.Fault{Status: 502, Times: 2}, 0, 3, -1},
		{"GET503ThreeTimes", getUser, emulator.Fault{Status: 503, Times: 3}, 0, 3, 503},
		{"GETMaxRetries1", getUser, emulator.Fault{Status: 503}, 1, 2, 503},
		{"GETMaxRetries4", getUser, emulator.Fault{Status: 503}, 4, 5, 503},
		{"GETNoRetries", getUser, emulator.Fault{Status: 503}, -1, 1, 503},
		{"GETDropped", getUser, emulator.Fault{Drop: true}, 0, 3, 0},
		{"GETDroppedOnce", getUser, emulator.Fault{Drop: true, Times: 1}, 0, 2, -1},
		{"GET503RetryAfter1", getUser, emulator.Fault{Status: 503, RetryAfter: "1", Times: 1}, 0, 2, -1},
		{"GET503RetryAfterTooLong", getUser, emulator.Fault{Status: 503, RetryAfter: "30"}, 0, 1, 503},
		{"GET500", getUser, emulator.Fault{Status: 500}, 0, 1, 500},
		{"GET504", getUser, emulator.Fault{Status: 504}, 0, 1, 504},
		{"GET429", getUser, emulator.Fault{Status: 429, RetryAfter: "1"}, 0, 1, 429},
		{"GET404", getUser, emulator.Fault{Status: 404}, 0, 1, 404},
		// An IDEMPOTENT write goes again only after an answer that says it
		// was not applied; a lost answer is the caller's to resolve.
		{"PUT503", updateUser, emulator.Fault{Status: 503}, 0, 3, 503},
		{"PUTDroppedOnce", updateUser, emulator.Fault{Drop: true, Times: 1}, 0, 1, 0},
		{"DELETE502Once", deleteOrg, emulator.Fault{Status: 502, Times: 1}, 0, 2, -1},
		{"POST503", createOnce, emulator.Fault{Status: 503}, 0, 1, 503},
		{"POST502", createOnce, emulator.Fault{Status: 502}, 5, 1, 502},
		{"POSTDropped", createOnce, emulator.Fault{Drop: true, Times: 1}, 0, 1, 0},
		{"POSTAction503", authenticate, emulator.Fault{Status: 503}, 0, 1, 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := newUpstream(t)
			setup := u.client(t)
			fx := fixture{u: u, usr: createUser(t, setup, "retry@example.com", "").GetId(), org: createOrg(t, setup, "Retry Inc").GetId()}
			u.reset()
			name, req, resp := tt.call(fx)
			f := tt.fault
			f.Path = "/v2/*"
			u.emu.InjectFault(f)
			// A new client: no idle connection that the transport could
			// silently retry on.
			c := u.client(t, func(cfg *authrocket.Config) { cfg.MaxRetries = tt.maxRetries })
			_, res, err := call(t, c, name, req, resp, authrocket.CallOptions{})
			if tt.status == -1 {
				if err != nil {
					t.Fatalf("err = %v, want success after retries", err)
				}
				if res.HTTPStatus/100 != 2 {
					t.Errorf("Response %+v", res)
				}
			} else {
				e := asError(t, err)
				if e.HTTPStatus != tt.status {
					t.Errorf("HTTPStatus %d, want %d (%v)", e.HTTPStatus, tt.status, err)
				}
				if tt.status == 0 && (e.Err == nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, authrocket.ErrInvalidRequest)) {
					t.Errorf("network error %v", err)
				}
			}
			if got := len(u.emu.Requests()); got != tt.requests {
				t.Errorf("the emulator saw %d requests, want %d: %q", got, tt.requests, u.wire())
			}
		})
	}
}

// TestNoHiddenRetries: with many pooled connections, a read whose every
// answer is dropped reaches AuthRocket at most 1 + DefaultMaxRetries times:
// net/http does not send it again on its own on each idle connection.
func TestNoHiddenRetries(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	id := createUser(t, c, "pooled@example.com", "").GetId()
	var wg sync.WaitGroup
	for range 32 { // 32 connections in the pool
		wg.Go(func() {
			_, _, _ = call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		})
	}
	wg.Wait()
	u.reset()
	u.emu.InjectFault(emulator.Fault{Path: "/v2/*", Drop: true})
	_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if e := asError(t, err); e.Attempts != 1+authrocket.DefaultMaxRetries {
		t.Errorf("Attempts %d, want %d", e.Attempts, 1+authrocket.DefaultMaxRetries)
	}
	if got := len(u.emu.Requests()); got != 1+authrocket.DefaultMaxRetries {
		t.Errorf("AuthRocket saw %d requests of one read, want %d", got, 1+authrocket.DefaultMaxRetries)
	}
}

// TestRetryThrottle: while AuthRocket fails every request, retries stop
// after a few: 100 reads send about 100 requests, not 300.
func TestRetryThrottle(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	u.reset()
	u.emu.InjectFault(emulator.Fault{Path: "/v2/*", Status: 503})
	for range 100 {
		_, _, _ = call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	}
	if got := len(u.emu.Requests()); got > 110 {
		t.Errorf("100 failing reads sent %d requests, want at most 110", got)
	}
}

// TestNoRedirect: a 3xx is the answer. Following it would send the API key
// to another host.
func TestNoRedirect(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = io.WriteString(w, `{"object":"user","id":"usr_evil"}`)
	}))
	defer other.Close()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var here atomic.Int32
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			here.Add(1)
			w.Header().Set("X-Request-Id", "req-redirect")
			http.Redirect(w, r, other.URL+r.URL.RequestURI(), status)
		}))
		c, err := authrocket.NewClient(authrocket.Config{URL: redirector.URL, APIKey: authrocket.NewSecret(testKey), DefaultRealm: "rl_1"})
		if err != nil {
			t.Fatal(err)
		}
		for name, req := range map[string]proto.Message{
			"UsersService.GetUser":    &arv2.GetUserRequest{Id: "usr_1"},
			"UsersService.CreateUser": &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("r@example.com")}},
		} {
			var out proto.Message = &arv2.GetUserResponse{}
			if name == "UsersService.CreateUser" {
				out = &arv2.CreateUserResponse{}
			}
			_, _, err := call(t, c, name, req, out, authrocket.CallOptions{})
			e := asError(t, err)
			if e.HTTPStatus != status || e.RequestID != "req-redirect" {
				t.Errorf("%d %s: %+v", status, name, e)
			}
		}
		redirector.Close()
		if n := here.Load(); n != 2 {
			t.Errorf("%d: the redirector saw %d requests, want 2", status, n)
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("a redirect was followed: the other host saw %d requests", n)
	}
}

// TestNetworkError: nothing listening is an *Error without a status.
func TestNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := authrocket.NewClient(authrocket.Config{URL: url, APIKey: authrocket.NewSecret(testKey), DefaultRealm: "rl_1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if e := asError(t, err); e.HTTPStatus != 0 || e.Err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%+v", e)
	}
}

// TestBadKeyNotSent: a key that cannot be a header value is refused by the
// transport, and the error does not quote it.
func TestBadKeyNotSent(t *testing.T) {
	u := newUpstream(t)
	bad := "ks_bad\r\nX-Evil: 1"
	c := u.client(t, func(cfg *authrocket.Config) { cfg.APIKey = authrocket.NewSecret(bad); cfg.MaxRetries = -1 })
	_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	if e := asError(t, err); e.HTTPStatus != 0 || strings.Contains(err.Error(), "ks_bad") {
		t.Fatalf("%v", err)
	}
	if w := u.wire(); len(w) != 0 {
		t.Fatalf("sent %q", w)
	}
}

func TestErrorResource(t *testing.T) {
	for endpoint, want := range map[string]string{
		"GET /v2/users/{id}":                 "user",
		"POST /v2/users/{id}/authenticate":   "user",
		"POST /v2/users/authenticate_token":  "user",
		"GET /v2/sessions/oauth2/{id}":       "session",
		"POST /v2/auth_providers/authorize":  "auth_provider",
		"GET /v2/mailing_list_subscriptions": "mailing_list_subscription",
		"authrocket.v2.UsersService.GetUser": "",
		"":                                   "",
	} {
		if got := (&authrocket.Error{Endpoint: endpoint}).Resource(); got != want {
			t.Errorf("Resource(%q) = %q, want %q", endpoint, got, want)
		}
	}
}

// TestErrorAnswerSecretsScrubbed: a secret AuthRocket echoes in an error
// answer (a message, a metadata value, its request ID) is not kept, not
// even its first characters once a message is cut to length.
func TestErrorAnswerSecretsScrubbed(t *testing.T) {
	const secret = "ks_abcdefgh12345678"
	long := strings.Repeat("x", 1016) + " " + secret // cut at 1024 bytes: "ks_abcd"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-"+secret)
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = io.WriteString(w, `{"errors":["bad key `+secret+`","`+long+`"],"retry_url":"https://x/?k=`+secret+`"}`)
	}))
	defer srv.Close()
	c, err := authrocket.NewClient(authrocket.Config{URL: srv.URL, APIKey: authrocket.NewSecret(testKey), DefaultRealm: "rl_1"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
	e := asError(t, err)
	if e.HTTPStatus != 422 || len(e.Messages) != 2 || e.Messages[0] != "bad key ks_[REDACTED]" ||
		e.Metadata["retry_url"] != "https://x/?k=ks_[REDACTED]" || e.RequestID != "req-ks_[REDACTED]" {
		t.Errorf("%+v", e)
	}
	if s := fmt.Sprintf("%v %+v", err, e); strings.Contains(s, "ks_a") {
		t.Errorf("the error keeps (part of) the key: …%s", s[strings.Index(s, "ks_a")-10:])
	}
}

// TestCircuitBreaker: after BreakerFailures failed attempts in a row, calls
// fail at once with ErrCircuitOpen and no request; after BreakerOpen, one
// probe goes, and its success closes the circuit.
func TestCircuitBreaker(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t, func(cfg *authrocket.Config) {
		cfg.BreakerFailures, cfg.BreakerOpen, cfg.MaxRetries = 3, 300*time.Millisecond, -1
	})
	id := createUser(t, c, "breaker@example.com", "").GetId()
	get := func() error {
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
		return err
	}
	u.reset()
	removeFault := u.emu.InjectFault(emulator.Fault{Path: "/v2/*", Status: 503})
	for range 3 {
		if e := asError(t, get()); e.HTTPStatus != 503 {
			t.Fatalf("%v, want AuthRocket's 503", e)
		}
	}
	if c.CircuitState() != "open" {
		t.Fatalf("circuit %s after 3 failures", c.CircuitState())
	}
	start := time.Now()
	err := get()
	if !errors.Is(err, authrocket.ErrCircuitOpen) || time.Since(start) > 5*time.Millisecond || asError(t, err).RetryAfter != 300*time.Millisecond {
		t.Errorf("open circuit: %v after %v", err, time.Since(start))
	}
	if n := len(u.emu.Requests()); n != 3 {
		t.Errorf("AuthRocket saw %d requests, want 3: none while open", n)
	}
	removeFault()
	time.Sleep(350 * time.Millisecond)
	if err := get(); err != nil || c.CircuitState() != "closed" {
		t.Errorf("the probe: %v, circuit %s", err, c.CircuitState())
	}
}
