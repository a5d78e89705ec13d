package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// t0 is the start time of every test clock.
var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// harness is an emulator behind a real HTTP server, with one realm.
type harness struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	clock *ManualClock
	realm string
}

// newHarness starts an emulator with a manual clock and one realm.
func newHarness(t *testing.T) *harness {
	t.Helper()
	clock := NewManualClock(t0)
	e := New(WithClock(clock))
	realm, err := e.CreateRealm("Test realm")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &harness{t: t, e: e, srv: srv, clock: clock, realm: realm}
}

// reqOpt adjusts a test request.
type reqOpt func(*http.Request)

// hdr sets a header ("" value deletes it).
func hdr(k, v string) reqOpt {
	return func(r *http.Request) {
		if v == "" {
			r.Header.Del(k)
			return
		}
		r.Header.Set(k, v)
	}
}

// es asks for Spanish messages.
var es = hdr("Accept-Language", "es")

// noRealm drops the Authrocket-Realm header.
var noRealm = hdr("Authrocket-Realm", "")

// withCtx runs the request under ctx.
func withCtx(ctx context.Context) reqOpt {
	return func(r *http.Request) { *r = *r.WithContext(ctx) }
}

// result is a decoded answer.
type result struct {
	t      *testing.T
	status int
	header http.Header
	raw    []byte
	obj    map[string]any
}

// do sends a request. body may be nil (no body), a string (sent as is,
// Content-Type JSON unless set by an option) or any value (JSON encoded).
func (h *harness) do(method, path string, body any, opts ...reqOpt) *result {
	h.t.Helper()
	res, err := h.try(method, path, body, opts...)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// try is do that returns transport errors.
func (h *harness) try(method, path string, body any, opts ...reqOpt) (*result, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authrocket-Api-Key", h.e.APIKey())
	req.Header.Set("Authrocket-Realm", h.realm)
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	res := &result{t: h.t, status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &res.obj); err != nil {
			h.t.Fatalf("%s %s: body is not a JSON object: %q", method, path, raw)
		}
	}
	return res, nil
}

// want fails unless the status is want.
func (r *result) want(status int) *result {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// errors returns the errors array.
func (r *result) errors() []string {
	r.t.Helper()
	raw, ok := r.obj["errors"].([]any)
	if !ok {
		r.t.Fatalf("no errors array in %s", r.raw)
	}
	out := make([]string, len(raw))
	for i, x := range raw {
		out[i] = x.(string)
	}
	return out
}

// wantErrors fails unless status and errors are as given.
func (r *result) wantErrors(status int, msgs ...string) {
	r.t.Helper()
	r.want(status)
	got := r.errors()
	if strings.Join(got, "|") != strings.Join(msgs, "|") {
		r.t.Fatalf("errors = %q, want %q", got, msgs)
	}
}

// str returns a string field of the object.
func (r *result) str(k string) string {
	r.t.Helper()
	s, _ := r.obj[k].(string)
	return s
}

// rows returns the collection of a list answer.
func (r *result) rows() []map[string]any {
	r.t.Helper()
	raw, ok := r.obj["collection"].([]any)
	if !ok {
		r.t.Fatalf("no collection in %s", r.raw)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

// more returns more_results.
func (r *result) more() bool {
	r.t.Helper()
	b, ok := r.obj["more_results"].(bool)
	if !ok {
		r.t.Fatalf("no more_results in %s", r.raw)
	}
	return b
}

// ids returns the ids of a list answer.
func (r *result) ids() []string {
	var out []string
	for _, row := range r.rows() {
		out = append(out, row["id"].(string))
	}
	return out
}

// createUser creates a user and returns its id.
func (h *harness) createUser(email, password string, extra map[string]any) string {
	h.t.Helper()
	u := map[string]any{"email": email}
	if password != "" {
		u["password"] = password
	}
	for k, v := range extra {
		u[k] = v
	}
	return h.do("POST", "/v2/users", map[string]any{"user": u}).want(201).str("id")
}

// createOrg creates an org and returns its id.
func (h *harness) createOrg(name string) string {
	h.t.Helper()
	return h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": name}}).want(201).str("id")
}

// createMembership creates a membership and returns its id.
func (h *harness) createMembership(userID, orgID string, perms ...string) string {
	h.t.Helper()
	mb := map[string]any{"user_id": userID, "org_id": orgID}
	if perms != nil {
		mb["permissions"] = perms
	}
	return h.do("POST", "/v2/memberships", map[string]any{"membership": mb}).want(201).str("id")
}
