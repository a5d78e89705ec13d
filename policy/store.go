package policy

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Store holds the policy in force and the callers' rate limiters. It is
// safe for concurrent use: Set swaps the policy while calls read it.
type Store struct {
	state atomic.Pointer[storeState]
	mu    sync.Mutex // serialises Set
}

// storeState is one policy and the limiters of its callers, swapped
// together.
type storeState struct {
	policy   *Policy
	limiters map[string]*limiter // by caller name; absent: unlimited
}

type limiter struct {
	limit RateLimit
	*rate.Limiter
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
	next := &storeState{policy: p, limiters: map[string]*limiter{}}
	for _, c := range p.callers {
		if c.RateLimit == nil {
			continue
		}
		if l := old[c.Name]; l != nil && l.limit == *c.RateLimit {
			next.limiters[c.Name] = l
			continue
		}
		next.limiters[c.Name] = &limiter{limit: *c.RateLimit, Limiter: rate.NewLimiter(rate.Limit(c.RateLimit.PerSecond), c.RateLimit.Burst)}
	}
	s.state.Store(next)
}

// Allow spends one call of the caller's rate limit at now. When none is
// left it spends nothing and reports how long until one would be.
func (s *Store) Allow(caller string, now time.Time) (ok bool, retryAfter time.Duration) {
	l := s.state.Load().limiters[caller]
	if l == nil {
		return true, 0
	}
	r := l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}
