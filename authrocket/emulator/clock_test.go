package emulator

import (
	"sync"
	"testing"
	"time"
)

func TestManualClock(t *testing.T) {
	c := NewManualClock(t0)
	c.Advance(time.Hour)
	if !c.Now().Equal(t0.Add(time.Hour)) {
		t.Fatal(c.Now())
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatal(c.Now())
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Advance(time.Second); _ = c.Now() })
	}
	wg.Wait()
	if !c.Now().Equal(t0.Add(10 * time.Second)) {
		t.Fatal(c.Now())
	}
}

func TestCreatedAtFollowsClock(t *testing.T) {
	h := newHarness(t)
	h.clock.Set(time.Date(2030, 6, 1, 12, 0, 0, 123e6, time.UTC))
	want := float64(time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC).Unix()) + 0.123
	for _, res := range []*result{
		h.do("POST", "/v2/orgs", map[string]any{"org": map[string]any{"name": "x"}}).want(201),
		h.do("POST", "/v2/users", map[string]any{"user": map[string]any{"email": "c@example.com"}}).want(201),
		h.do("POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "r", "jwt_algo": "hs256"}}).want(201),
	} {
		if got := res.obj["created_at"].(float64); got != want {
			t.Errorf("%s created_at = %v, want %v", res.str("object"), got, want)
		}
	}
}

func TestDefaultRealClock(t *testing.T) {
	e := New()
	id, err := e.CreateRealm("r")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(e.realms[id].createdAt); d < 0 || d > time.Minute {
		t.Fatalf("created %v ago", d)
	}
}
