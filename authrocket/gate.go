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
	// shared, when set, is the budget of all replicas (rate a second,
	// burst); budget is then this replica's share, for while it fails.
	shared    SharedLimiter
	rate      float64
	burst     int
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

// SharedLimiter keeps a rate limit for every replica of the gateway
// together (redisstate.Client). It fails while it cannot.
type SharedLimiter interface {
	Allow(ctx context.Context, name string, perSecond float64, burst int) (ok bool, retryAfter time.Duration, err error)
}

func newGate(concurrency int, queueWait time.Duration, perSecond float64, burst int, shared SharedLimiter, replicas int) *gate {
	local, localBurst := perSecond, burst
	if shared != nil {
		replicas = max(replicas, 1)
		local, localBurst = perSecond/float64(replicas), max(burst/replicas, 1)
	}
	return &gate{
		shared:    shared,
		rate:      perSecond,
		burst:     burst,
		budget:    rate.NewLimiter(rate.Limit(local), localBurst),
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
	if d, err := g.spend(ctx); err != nil {
		release()
		return nil, d, err
	}
	return release, 0, nil
}

// spend takes one request of the budget, waiting for it no longer than
// queueWait and ctx allow: the budget of all replicas while the shared
// one answers, else this replica's.
func (g *gate) spend(ctx context.Context) (retryAfter time.Duration, err error) {
	until := time.Now().Add(g.queueWait)
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(until) {
		until = deadline
	}
	for g.shared != nil {
		ok, d, err := g.shared.Allow(ctx, "budget", g.rate, g.burst)
		if err != nil {
			break // this replica's share, until the shared budget is back
		}
		if ok {
			return 0, nil
		}
		if time.Now().Add(d).After(until) {
			return d, ErrBusy
		}
		if err := sleep(ctx, d); err != nil {
			return 0, err
		}
	}
	r := g.budget.Reserve()
	d := r.Delay()
	if d == 0 {
		return 0, nil
	}
	if time.Now().Add(d).After(until) {
		r.Cancel()
		return d, ErrBusy
	}
	if err := sleep(ctx, d); err != nil {
		r.Cancel()
		return 0, err
	}
	return 0, nil
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
