package emulator

import (
	"fmt"
	"sync"
	"testing"
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
