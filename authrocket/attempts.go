package authrocket

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// Defaults of the attempts of a call (Config).
const (
	DefaultDeadline       = 10 * time.Second
	DefaultMaxDeadline    = 30 * time.Second
	DefaultAttemptTimeout = 5 * time.Second
	// deadlineMargin is kept of the caller's deadline, so that the gateway
	// answers DEADLINE_EXCEEDED itself before the caller gives up.
	deadlineMargin = 20 * time.Millisecond
	// The retry throttle (gRPC's A6): each failed attempt takes a token,
	// each success gives back retryTokenRatio; a retry goes only while
	// more than half of retryTokens are left. When AuthRocket fails every
	// request it gets at most a handful of retries, then one attempt a
	// call: about 1× the callers' traffic, never a multiple.
	retryTokens     = 10
	retryTokenRatio = 0.1
)

// errAttemptTimeout is the cause of an attempt cut off by
// Config.AttemptTimeout while the call had time left: retried like a
// network error.
var errAttemptTimeout = errors.New("no answer within the attempt's timeout")

// retryThrottle is gRPC's retry throttling (gRFC A6) for one upstream.
type retryThrottle struct {
	mu     sync.Mutex
	tokens float64
}

func newRetryThrottle() *retryThrottle { return &retryThrottle{tokens: retryTokens} }

// record counts an attempt's outcome: failed is a retryable failure.
func (t *retryThrottle) record(failed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if failed {
		t.tokens = max(0, t.tokens-1)
	} else {
		t.tokens = min(retryTokens, t.tokens+retryTokenRatio)
	}
}

// allow reports whether a retry may go.
func (t *retryThrottle) allow() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tokens > retryTokens/2
}

// available is how many tokens are left.
func (t *retryThrottle) available() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tokens
}

// callDeadline bounds ctx for a call to AuthRocket: the caller's deadline
// less deadlineMargin, at most maxDeadline from now; def from now when the
// caller set none.
func callDeadline(ctx context.Context, def, maxDeadline time.Duration) (context.Context, context.CancelFunc) {
	now := time.Now()
	deadline := now.Add(def)
	if d, ok := ctx.Deadline(); ok {
		deadline = d.Add(-deadlineMargin)
		if limit := now.Add(maxDeadline); limit.Before(deadline) {
			deadline = limit
		}
	}
	return context.WithDeadline(ctx, deadline)
}

// noRewind is the body of a request without one. A request whose body
// net/http cannot rewind is never sent again by the transport on its own
// (it re-sends a "replayable" request on a pooled connection that dies,
// once for every idle connection): every attempt is the client's, counted
// and bounded. net/http finds it empty and sends no body.
type noRewind struct{}

func (noRewind) Read([]byte) (int, error) { return 0, io.EOF }
