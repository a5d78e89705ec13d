package authrocket_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// testKey is the API key of every test emulator. Tests check that it never
// appears in an error or a log line.
const testKey = "ks_unittestsecret0123456789abcdef"

// upstream is an emulator served on loopback as AuthRocket, behind a tap that
// sees every request that reaches the server (also the ones that the
// emulator's mux would answer before the emulator records them) and the
// X-Request-ID of every answer.
type upstream struct {
	emu   *emulator.Emulator
	srv   *httptest.Server
	realm string // the client's default realm

	mu         sync.Mutex
	uris       []string // "METHOD RequestURI", as sent on the wire
	requestIDs []string // the X-Request-ID of each answer
}

func newUpstream(t testing.TB) *upstream {
	t.Helper()
	u := &upstream{emu: emulator.New(emulator.WithAPIKey(testKey))}
	realm, err := u.emu.CreateRealm("Default realm")
	if err != nil {
		t.Fatal(err)
	}
	u.realm = realm
	next := u.emu.ServerHandler()
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.uris = append(u.uris, r.Method+" "+r.RequestURI)
		u.mu.Unlock()
		next.ServeHTTP(w, r)
		// The header map stays readable after the answer was written.
		u.mu.Lock()
		u.requestIDs = append(u.requestIDs, w.Header().Get("X-Request-Id"))
		u.mu.Unlock()
	}))
	t.Cleanup(u.srv.Close)
	return u
}

// client returns a new client (with its own connection pool) of u, with the
// default realm, changed by edit.
func (u *upstream) client(t testing.TB, edit ...func(*authrocket.Config)) *authrocket.Client {
	t.Helper()
	cfg := authrocket.Config{
		URL:          u.srv.URL + "/v2",
		APIKey:       authrocket.NewSecret(testKey),
		DefaultRealm: u.realm,
	}
	for _, f := range edit {
		f(&cfg)
	}
	c, err := authrocket.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// reset forgets everything seen so far.
func (u *upstream) reset() {
	u.emu.ResetRequests()
	u.mu.Lock()
	u.uris, u.requestIDs = nil, nil
	u.mu.Unlock()
}

// wire returns the requests that reached the server, as "METHOD RequestURI".
func (u *upstream) wire() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.uris...)
}

// lastRequestID is the X-Request-ID of the last answer.
func (u *upstream) lastRequestID() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.requestIDs) == 0 {
		return ""
	}
	return u.requestIDs[len(u.requestIDs)-1]
}

// only returns the single request the emulator saw.
func (u *upstream) only(t testing.TB) emulator.Request {
	t.Helper()
	reqs := u.emu.Requests()
	if len(reqs) != 1 {
		t.Fatalf("emulator saw %d requests, want 1: %v", len(reqs), u.wire())
	}
	return reqs[0]
}

// method returns the descriptor of an RPC of package authrocket.v2, e.g.
// method(t, "UsersService.GetUser").
func method(t testing.TB, name string) protoreflect.MethodDescriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("authrocket.v2." + name))
	if err != nil {
		t.Fatal(err)
	}
	return d.(protoreflect.MethodDescriptor)
}

// call sends req through c and returns a new response message of md's output type.
func call[Resp proto.Message](t testing.TB, c *authrocket.Client, name string, req proto.Message, resp Resp, opts authrocket.CallOptions) (Resp, authrocket.Response, error) {
	t.Helper()
	res, err := c.Call(context.Background(), method(t, name), req, resp, opts)
	return resp, res, err
}

// mustCall is call that fails the test on an error.
func mustCall[Resp proto.Message](t testing.TB, c *authrocket.Client, name string, req proto.Message, resp Resp, opts authrocket.CallOptions) Resp {
	t.Helper()
	resp, _, err := call(t, c, name, req, resp, opts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return resp
}

// asError returns err as an *authrocket.Error, failing the test otherwise.
func asError(t testing.TB, err error) *authrocket.Error {
	t.Helper()
	var e *authrocket.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *authrocket.Error", err, err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error text contains the API key: %v", err)
	}
	return e
}

// createUser makes a user in u's default realm through the client.
func createUser(t testing.TB, c *authrocket.Client, email, password string) *arv2.User {
	t.Helper()
	in := &arv2.UserInput{Email: proto.String(email)}
	if password != "" {
		in.Password = proto.String(password)
	}
	return mustCall(t, c, "UsersService.CreateUser", &arv2.CreateUserRequest{User: in}, &arv2.CreateUserResponse{}, authrocket.CallOptions{}).GetUser()
}

// createOrg makes an org in u's default realm through the client.
func createOrg(t testing.TB, c *authrocket.Client, name string) *arv2.Org {
	t.Helper()
	return mustCall(t, c, "OrgsService.CreateOrg", &arv2.CreateOrgRequest{Org: &arv2.OrgInput{Name: proto.String(name)}}, &arv2.CreateOrgResponse{}, authrocket.CallOptions{}).GetOrg()
}

// jsonEqual reports whether two JSON documents are equal as values.
func jsonEqual(t testing.TB, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}
