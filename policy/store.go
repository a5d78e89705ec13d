package policy

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Store holds the policy in force and the callers' rate limiters. It is
// safe for concurrent use: Set swaps the policy while calls read it.
type Store struct {
	state    atomic.Pointer[storeState]
	mu       sync.Mutex // serialises Set and Share
	shared   SharedLimiter
	replicas int
}

// SharedLimiter keeps a rate limit for every replica of the gateway
// together (redisstate.Client). It fails while it cannot.
type SharedLimiter interface {
	Allow(ctx context.Context, name string, perSecond float64, burst int) (ok bool, retryAfter time.Duration, err error)
}

// Share keeps the callers' rate limits in l, for all replicas together.
// While l fails, each replica allows its share of a limit: the limit
// divided by replicas (the replicas expected), its burst too (at least 1).
func (s *Store) Share(l SharedLimiter, replicas int) {
	s.mu.Lock()
	s.shared, s.replicas = l, max(replicas, 1)
	s.mu.Unlock()
	s.Set(s.Policy())
}

// storeState is one policy and the limiters of its callers, swapped
// together.
type storeState struct {
	policy   *Policy
	limiters map[string]*limiter // by caller name; absent: unlimited
	shared   SharedLimiter       // nil: this replica's limiters only
}

type limiter struct {
	limit         RateLimit // the policy's
	local         RateLimit // this replica's: the policy's, or its share while shared
	*rate.Limiter           // of local
}

// NewStore returns a Store that holds p.
func NewStore(p *Policy) *Store {
	s := &Store{}
	s.Set(p)
	return s
}

// Policy returns the policy in force.
func (s *Store) Policy() *Policy { return s.state.Load().policy }

// Set puts p in force. A caller whose rate limit is unchanged keeps its
// limiter, and so what it has already spent: a reload is not a reset.
func (s *Store) Set(p *Policy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var old map[string]*limiter
	if st := s.state.Load(); st != nil {
		old = st.limiters
	}
	next := &storeState{policy: p, limiters: map[string]*limiter{}, shared: s.shared}
	for _, c := range p.callers {
		if c.RateLimit == nil {
			continue
		}
		local := *c.RateLimit
		if s.shared != nil {
			local = RateLimit{PerSecond: local.PerSecond / float64(s.replicas), Burst: max(local.Burst/s.replicas, 1)}
		}
		if l := old[c.Name]; l != nil && l.limit == *c.RateLimit && l.local == local {
			next.limiters[c.Name] = l
			continue
		}
		next.limiters[c.Name] = &limiter{limit: *c.RateLimit, local: local, Limiter: rate.NewLimiter(rate.Limit(local.PerSecond), local.Burst)}
	}
	s.state.Store(next)
}

// Allow spends one call of the caller's rate limit at now: the shared one
// when Share was called and it answers, else this replica's. When none is
// left it spends nothing and reports how long until one would be.
func (s *Store) Allow(caller string, now time.Time) (ok bool, retryAfter time.Duration) {
	st := s.state.Load()
	l := st.limiters[caller]
	if l == nil {
		return true, 0
	}
	if st.shared != nil {
		if ok, wait, err := st.shared.Allow(context.Background(), "caller:"+caller, l.limit.PerSecond, l.limit.Burst); err == nil {
			return ok, wait
		}
	}
	r := l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}
