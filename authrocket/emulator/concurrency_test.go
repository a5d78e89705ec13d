package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t)
	org := h.createOrg("Shared")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			u := h.createUser(fmt.Sprintf("c%d@example.com", i), "password1", nil)
			h.createMembership(u, org)
			h.do("POST", "/v2/users/"+u+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}}).want(201)
			h.do("GET", "/v2/memberships?org_id="+org, nil).want(200)
			remove := h.e.InjectFault(Fault{Path: "/v2/nothing", Status: 500})
			remove()
			_ = h.e.Requests()
		})
	}
	wg.Wait()
	if n := len(h.do("GET", "/v2/memberships?org_id="+org, nil).want(200).rows()); n != 8 {
		t.Fatalf("%d memberships", n)
	}
}

// doer sends one API request to the harness realm and returns its status
// and decoded answer.
type doer func(method, path string, body any) (int, map[string]any)

// newRequest builds an API request to the harness realm, as try sends it.
func (h *harness) newRequest(method, path string, body any) (*http.Request, []byte) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			panic(err)
		}
	}
	r := httptest.NewRequest(method, path, bytes.NewReader(raw))
	r.Header.Set("Authrocket-Api-Key", h.e.APIKey())
	r.Header.Set("Authrocket-Realm", h.realm)
	r.Header.Set("Content-Type", "application/json")
	return r, raw
}

// viaHandler sends requests to the emulator's ServeHTTP with a response
// recorder: no network in between, whose system calls would order the
// goroutines' memory accesses and hide races from the race detector.
func (h *harness) viaHandler(method, path string, body any) (int, map[string]any) {
	r, _ := h.newRequest(method, path, body)
	w := httptest.NewRecorder()
	h.e.ServeHTTP(w, r)
	var obj map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &obj); err != nil {
		h.t.Errorf("%s %s: %v in %q", method, path, err, w.Body.Bytes())
	}
	return w.Code, obj
}

// concurrentWriters are, for every resource, calls that change it (and
// answer it), each made unique by i. They run beside readers of every GET
// route in TestConcurrentEveryResource.
func concurrentWriters(h *harness, f *fixture) []func(do doer, i int) {
	realm, prevCode := h.realm, ""
	put := func(do doer, path, root string, attrs map[string]any) {
		do("PUT", path, map[string]any{root: attrs})
	}
	return []func(do doer, i int){
		func(do doer, i int) {
			put(do, "/v2/realms/"+realm, "realm", map[string]any{"name": fmt.Sprint("Test realm ", i), "jwt_scopes": "ar.orgs", "session_minutes": 300 + i})
		},
		func(do doer, i int) {
			put(do, "/v2/users/"+f.user, "user", map[string]any{"first_name": fmt.Sprint("F", i), "custom": map[string]any{"n": i}, "locale": "es"})
			put(do, "/v2/users/"+f.user+"/profile", "user", map[string]any{"last_name": fmt.Sprint("L", i)})
			do("POST", "/v2/users/"+f.user+"/authenticate", map[string]any{"user": map[string]any{"password": "password1"}})
			put(do, "/v2/users/"+f.user+"/update_password", "user", map[string]any{"current_password": "password1", "password": "password1"})
			do("POST", "/v2/users/"+f.user+"/generate_password_token", nil)
			do("POST", "/v2/users/"+f.user+"/request_email_verification", nil)
			_, u := do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": fmt.Sprintf("w%d@example.com", i)}})
			if id, ok := u["id"].(string); ok {
				do("DELETE", "/v2/users/"+id, nil)
			}
		},
		func(do doer, i int) {
			put(do, "/v2/orgs/"+f.org, "org", map[string]any{"name": fmt.Sprint("Org ", i), "custom": map[string]any{"n": i}})
		},
		func(do doer, i int) {
			put(do, "/v2/memberships/"+f.ids["memberships"], "membership", map[string]any{"permissions": []string{fmt.Sprint("p", i)}, "selected": i%2 == 0})
		},
		func(do doer, i int) {
			_, s := do("POST", "/v2/sessions", map[string]any{"session": map[string]any{"user_id": f.user}, "request": map[string]any{"ip": "10.0.0.1"}})
			if id, ok := s["id"].(string); ok {
				do("DELETE", "/v2/sessions/"+id, nil)
			}
		},
		func(do doer, i int) {
			// Exchange the code of the round before, whose answer (with the
			// code) a reader may still hold.
			if prevCode != "" {
				do("POST", "/v2/sessions/oauth2/code", map[string]any{"session": map[string]any{"client_app_id": f.appID, "client_app_secret": f.appSecret, "code": prevCode}})
			}
			_, o := do("POST", "/v2/sessions/oauth2", map[string]any{"session": map[string]any{"client_app_id": f.appID, "user_id": f.user}})
			prevCode, _ = o["code"].(string)
		},
		func(do doer, i int) {
			put(do, "/v2/credentials/"+f.ids["credentials"], "credential", map[string]any{"password": "password1"})
		},
		func(do doer, i int) {
			put(do, "/v2/invitations/"+f.ids["invitations"], "invitation", map[string]any{"locale": "es", "expires_at": t0.Add(40*24*time.Hour).Unix() + int64(i)})
			do("POST", "/v2/invitations/"+f.ids["invitations"]+"/invite", nil)
		},
		func(do doer, i int) {
			put(do, "/v2/auth_providers/"+f.provider, "auth_provider", map[string]any{"name": fmt.Sprint("G", i), "scopes": "email"})
			do("POST", "/v2/auth_providers/"+f.provider+"/authorize", map[string]any{"access_token": "emulator:fixture@example.com"})
		},
		func(do doer, i int) {
			put(do, "/v2/client_apps/"+f.appID, "client_app", map[string]any{"name": fmt.Sprint("App ", i), "app_type": "native", "trusted": i%2 == 0, "logo": "https://app.example/logo.png"})
		},
		func(do doer, i int) {
			put(do, "/v2/domains/"+f.ids["domains"], "domain", map[string]any{"state": "active"})
			do("POST", "/v2/domains/"+f.ids["domains"]+"/verify", nil)
		},
		func(do doer, i int) {
			_, k := do("POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "hs256"}})
			if id, ok := k["id"].(string); ok {
				do("DELETE", "/v2/jwt_keys/"+id, nil)
			}
		},
		func(do doer, i int) {
			put(do, "/v2/hooks/"+f.ids["hooks"], "hook", map[string]any{"name": fmt.Sprint("H", i), "delay": i, "locales": []string{"en"}})
		},
		func(do doer, i int) {
			put(do, "/v2/named_permissions/"+f.ids["named_permissions"], "named_permission", map[string]any{"name": fmt.Sprint("Read ", i)})
		},
		func(do doer, i int) {
			put(do, "/v2/resource_links/"+f.ids["resource_links"], "resource_link", map[string]any{"title": fmt.Sprint("Admin ", i)})
		},
		func(do doer, i int) {
			put(do, "/v2/mailing_list_providers/"+f.ids["mailing_list_providers"], "mailing_list_provider", map[string]any{"provider_account": fmt.Sprint("acct", i)})
		},
		func(do doer, i int) {
			put(do, "/v2/mailing_list_subscriptions/"+f.ids["mailing_list_subscriptions"], "mailing_list_subscription", map[string]any{"list_state": []string{"subscribed", "unsubscribed"}[i%2]})
		},
		func(do doer, i int) {
			put(do, "/v2/smtp_providers/"+f.ids["smtp_providers"], "smtp_provider", map[string]any{"email_from_name": fmt.Sprint("N", i)})
		},
	}
}

// concurrentReads are requests for every GET route of the emulator, with
// the fixture's ids, plus the list variants that embed other resources.
func concurrentReads(t *testing.T, e *Emulator, f *fixture) []string {
	query := map[string]string{
		"auth_providers/authorize":     "?redirect_uri=https://app.example/cb",
		"auth_providers/:id/authorize": "?redirect_uri=https://app.example/cb",
	}
	var paths []string
	for i := range e.routes {
		if rt := &e.routes[i]; rt.method == "GET" {
			paths = append(paths, f.path(t, rt)+query[rt.pattern()])
		}
	}
	return append(paths,
		"/v2/memberships?org_id="+f.org, "/v2/memberships?user_id="+f.user, "/v2/orgs?expand=custom",
		"/v2/events?expand=notifications", "/v2/sessions/"+f.sessionToken, "/v2/users?sort=email")
}

// TestConcurrentEveryResource reads every GET route while other goroutines
// change every resource, through ServeHTTP: under -race it catches an
// answer that is still being encoded while a write changes what it points
// at.
func TestConcurrentEveryResource(t *testing.T) {
	h := newHarness(t)
	f := h.newFixture()
	runConcurrently(t, h, f, h.viaHandler)
}

// runConcurrently runs the writers of every resource beside readers of
// every GET route, all through do, and checks that the writers touched every
// resource that has a write route.
func runConcurrently(t *testing.T, h *harness, f *fixture, do doer) {
	const rounds = 6
	var mu sync.Mutex
	written := map[string]bool{}
	record := func(method, path string, body any) (int, map[string]any) {
		status, obj := do(method, path, body)
		if status >= 500 || status == 0 {
			t.Errorf("%s %s: %d %v", method, path, status, obj)
		}
		if u, err := url.Parse(path); err == nil && method != "GET" {
			if segs, ok := splitPath(u); ok {
				mu.Lock()
				written[segs[0]] = true
				mu.Unlock()
			}
		}
		return status, obj
	}
	reads := concurrentReads(t, h.e, f)
	var wg sync.WaitGroup
	for _, w := range concurrentWriters(h, f) {
		wg.Go(func() {
			for i := range rounds {
				w(record, i)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range rounds {
				for _, p := range reads {
					if status, obj := do("GET", p, nil); status != 200 {
						t.Errorf("GET %s: %d %v", p, status, obj)
					}
				}
			}
		})
	}
	wg.Wait()
	for i := range h.e.routes {
		if rt := &h.e.routes[i]; rt.method != "GET" && !written[rt.segs[0]] {
			t.Errorf("no concurrent writer changes %s (route %s %s): add one to concurrentWriters", rt.segs[0], rt.method, rt.pattern())
		}
	}
}

// viaDispatch calls dispatch with an encoder that keeps the endpoint's
// value in *kept (when kept is not nil) and answers the decoded value.
func (h *harness) viaDispatch(kept *[]any) doer {
	return func(method, path string, body any) (int, map[string]any) {
		r, raw := h.newRequest(method, path, body)
		var v any
		status, _, aerr := h.e.dispatch(r, raw, langEN, func(x any) ([]byte, error) {
			v = x
			return nil, nil
		})
		if aerr != nil {
			return aerr.status, nil
		}
		if kept != nil {
			*kept = append(*kept, v)
		}
		b, err := json.Marshal(v)
		if err != nil {
			h.t.Errorf("%s %s: %v", method, path, err)
		}
		var obj map[string]any
		_ = json.Unmarshal(b, &obj)
		return status, obj
	}
}

// TestRendersDoNotAliasState checks that no answer of any route shares
// memory with the emulator's state, whatever dispatch does: it keeps the
// values every GET route and every writer answered, then reads all of them,
// over and over, in one goroutine while another runs the writers again. A
// render that points into state (&app.field, a map of the state) then
// races with the write to it, which -race reports whatever the timing: the
// two goroutines share no lock. The reader keeps reading until the writers
// are done: the race detector forgets the accesses of a goroutine that has
// ended, and a read long before the write may have been overwritten.
func TestRendersDoNotAliasState(t *testing.T) {
	h := newHarness(t)
	f := h.newFixture()
	writers := concurrentWriters(h, f)
	reads := concurrentReads(t, h.e, f)
	for round := range 4 {
		var kept []any
		keep := h.viaDispatch(&kept)
		for _, p := range reads {
			if status, obj := keep("GET", p, nil); status != 200 {
				t.Fatalf("GET %s: %d %v", p, status, obj)
			}
		}
		for _, w := range writers {
			w(keep, 2*round)
		}
		done := make(chan struct{})
		var reader sync.WaitGroup
		reader.Go(func() {
			var own sync.Mutex
			for {
				// A release of a lock no other goroutine takes moves the
				// reader's clock on, so that the race detector cannot
				// take its reads for ones the writer already knows of.
				own.Lock()
				//lint:ignore SA2001 the release is what counts here
				own.Unlock()
				for _, v := range kept {
					readAll(reflect.ValueOf(v), 0)
				}
				select {
				case <-done:
					return
				default:
				}
			}
		})
		var writer sync.WaitGroup
		writer.Go(func() {
			for _, w := range writers {
				w(h.viaDispatch(nil), 2*round+1)
			}
		})
		writer.Wait()
		close(done)
		reader.Wait()
	}
}

// readAll reads every value v reaches (more than the JSON encoder does),
// without a lock or an encoder's pools, which would order it before the
// writers' accesses.
func readAll(v reflect.Value, depth int) {
	if depth > 30 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			readAll(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			readAll(v.Field(i), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			readAll(v.Index(i), depth+1)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			readAll(it.Key(), depth+1)
			readAll(it.Value(), depth+1)
		}
	case reflect.String:
		_ = v.String()
	case reflect.Bool:
		_ = v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		_ = v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		_ = v.Uint()
	case reflect.Float32, reflect.Float64:
		_ = v.Float()
	}
}

// TestDispatchEncodesUnderLock checks that dispatch encodes the answer
// while it still holds e.mu, for a realm-scoped and an account-wide route.
func TestDispatchEncodesUnderLock(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/v2/users", "/v2/realms"} {
		r, raw := h.newRequest("GET", path, nil)
		locked := false
		status, out, aerr := h.e.dispatch(r, raw, langEN, func(v any) ([]byte, error) {
			if locked = !h.e.mu.TryLock(); !locked {
				h.e.mu.Unlock()
			}
			return encodeJSON(v)
		})
		if aerr != nil || status != 200 || !bytes.HasPrefix(out, []byte(`{"collection":`)) {
			t.Fatalf("GET %s: %d %s %v", path, status, out, aerr)
		}
		if !locked {
			t.Errorf("GET %s: the answer was encoded without e.mu", path)
		}
	}
}
