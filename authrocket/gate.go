package authrocket

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

// Defaults of the gate in front of AuthRocket (Config).
const (
	DefaultConcurrency = 64 // requests in flight, and pooled connections
	DefaultQueueWait   = 250 * time.Millisecond
	DefaultRate        = 100 // requests a second, all callers together
)

// ErrBusy is the cause of a call the gateway did not send because its
// requests to AuthRocket are at their limit: the requests in flight with
// their queue full, or the account's request budget spent for longer than
// a call may wait.
var ErrBusy = errors.New("the gateway's requests to AuthRocket are at their limit")

// ErrShare is the cause of a call the gateway did not send because its
// caller already holds its share of the requests in flight while others
// wait for theirs.
var ErrShare = errors.New("the caller holds its share of the requests to AuthRocket")

// gate bounds the requests to AuthRocket, every attempt: a token bucket
// below the account's rate limit (all callers), so the gateway slows its
// callers before AuthRocket answers 429; at most concurrency requests in
// flight, the next waiting in a queue four times as long for up to
// queueWait; and, while fewer than a quarter of the slots are free, at most
// an equal share of them for each caller with calls in flight or queued.
type gate struct {
	budget    *rate.Limiter
	slots     *semaphore.Weighted
	size      int
	taken     int // slots taken: the sum of byCaller
	queued    atomic.Int64
	maxQueue  int64
	queueWait time.Duration
	mu        sync.Mutex
	byCaller  map[string]int
}

func newGate(concurrency int, queueWait time.Duration, perSecond float64, burst int) *gate {
	return &gate{
		budget:    rate.NewLimiter(rate.Limit(perSecond), burst),
		slots:     semaphore.NewWeighted(int64(concurrency)),
		size:      concurrency,
		maxQueue:  4 * int64(concurrency),
		queueWait: queueWait,
		byCaller:  map[string]int{},
	}
}

// enter waits for a request of caller to go, no longer than queueWait and
// ctx allow, and returns its release; or it refuses with ErrShare or
// ErrBusy and how long to wait before trying again.
func (g *gate) enter(ctx context.Context, caller string) (release func(), retryAfter time.Duration, err error) {
	if g.overShare(caller) {
		return nil, g.queueWait, ErrShare
	}
	if !g.slots.TryAcquire(1) {
		if g.queued.Add(1) > g.maxQueue {
			g.queued.Add(-1)
			return nil, g.queueWait, ErrBusy
		}
		wctx, cancel := context.WithTimeout(ctx, g.queueWait)
		err := g.slots.Acquire(wctx, 1)
		cancel()
		g.queued.Add(-1)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			return nil, g.queueWait, ErrBusy
		}
	}
	g.mu.Lock()
	g.byCaller[caller]++
	g.taken++
	g.mu.Unlock()
	release = func() {
		g.mu.Lock()
		if g.byCaller[caller]--; g.byCaller[caller] == 0 {
			delete(g.byCaller, caller)
		}
		g.taken--
		g.mu.Unlock()
		g.slots.Release(1)
	}
	r := g.budget.Reserve()
	if d := r.Delay(); d > 0 {
		if deadline, ok := ctx.Deadline(); d > g.queueWait || ok && time.Now().Add(d).After(deadline) {
			r.Cancel()
			release()
			return nil, d, ErrBusy
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			r.Cancel()
			release()
			return nil, 0, ctx.Err()
		}
	}
	return release, 0, nil
}

// inFlight is how many requests hold a slot.
func (g *gate) inFlight() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.taken
}

// overShare reports whether caller holds its share of the slots while
// other callers hold some and fewer than a quarter are free: an equal
// share of the callers holding some. A caller alone waits in the queue.
func (g *gate) overShare(caller string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	callers := len(g.byCaller)
	if g.byCaller[caller] == 0 {
		callers++
	}
	return callers > 1 && g.byCaller[caller] >= max(1, g.size/callers) && g.size-g.taken <= g.size/4
}
