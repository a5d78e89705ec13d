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
	g := newGate(4, 50*time.Millisecond, 1000, 1000)
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

	budget := newGate(10, 20*time.Millisecond, 10, 2) // 10 a second, burst 2
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
