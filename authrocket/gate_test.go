package authrocket

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestGate: a caller alone may take every slot; with others, an equal
// share while fewer than a quarter are free; past the slots, a queue four
// times as long waits up to queueWait; past the budget, a call that would
// wait longer than queueWait is refused at once.
func TestGate(t *testing.T) {
	g := newGate(4, 50*time.Millisecond, 1000, 1000, nil, 0)
	ctx := context.Background()
	var held []func()
	for range 3 { // alone: 3 of 4
		release, _, err := g.enter(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	release, _, err := g.enter(ctx, "b") // b's share
	if err != nil {
		t.Fatal(err)
	}
	held = append(held, release)
	if _, _, err := g.enter(ctx, "a"); !errors.Is(err, ErrShare) {
		t.Errorf("a, over its share of 2 with b in: %v, want ErrShare", err)
	}
	start := time.Now()
	if _, wait, err := g.enter(ctx, "b"); !errors.Is(err, ErrBusy) || wait != 50*time.Millisecond || time.Since(start) < 50*time.Millisecond {
		t.Errorf("every slot held: %v after %v (retry %v), want ErrBusy after the queue's wait", err, time.Since(start), wait)
	}
	go func() { time.Sleep(10 * time.Millisecond); held[0]() }()
	if release, _, err := g.enter(ctx, "b"); err != nil {
		t.Errorf("a slot freed while queued: %v", err)
	} else {
		release()
	}

	budget := newGate(10, 20*time.Millisecond, 10, 2, nil, 0) // 10 a second, burst 2
	for i := range 3 {
		release, wait, err := budget.enter(ctx, "a")
		if i < 2 && err != nil || i == 2 && (!errors.Is(err, ErrBusy) || wait < 50*time.Millisecond) {
			t.Errorf("request %d past a burst of 2: %v, retry after %v", i+1, err, wait)
		}
		if err == nil {
			release()
		}
	}
}

// sharedBudget answers allowed for its first n requests, then refuses for
// wait; or fails while down.
type sharedBudget struct {
	n    int
	wait time.Duration
	down bool
}

func (b *sharedBudget) Allow(context.Context, string, float64, int) (bool, time.Duration, error) {
	if b.down {
		return false, 0, errors.New("redis is down")
	}
	if b.n > 0 {
		b.n--
		return true, 0, nil
	}
	return false, b.wait, nil
}

// TestGateSharedBudget: the shared budget decides while it answers (a
// wait longer than the queue's is ErrBusy); while it fails, the replica
// spends its share: 10 a second, burst 4, over 2 replicas is a burst of 2.
func TestGateSharedBudget(t *testing.T) {
	ctx := context.Background()
	shared := &sharedBudget{n: 3, wait: time.Second}
	g := newGate(10, 20*time.Millisecond, 10, 4, shared, 2)
	for i := range 4 {
		release, wait, err := g.enter(ctx, "a")
		if i < 3 && err != nil || i == 3 && (!errors.Is(err, ErrBusy) || wait != time.Second) {
			t.Errorf("shared request %d: %v, retry after %v", i+1, err, wait)
		}
		if err == nil {
			release()
		}
	}
	shared.down = true
	for i := range 3 {
		release, _, err := g.enter(ctx, "a")
		if i < 2 && err != nil || i == 2 && !errors.Is(err, ErrBusy) {
			t.Errorf("request %d of the replica's share: %v", i+1, err)
		}
		if err == nil {
			release()
		}
	}
}
