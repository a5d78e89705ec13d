package authrocket

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/sony/gobreaker/v2"
)

// Defaults of the circuit breaker (Config).
const (
	DefaultBreakerFailures = 5               // consecutive failed attempts that open it
	DefaultBreakerOpen     = 5 * time.Second // how long it stays open before one probe
)

// ErrCircuitOpen is the cause of a call refused without a request because
// AuthRocket's recent attempts failed: the circuit breaker is open, or
// half-open with its probe in flight.
var ErrCircuitOpen = errors.New("AuthRocket's recent requests failed: the circuit is open")

// newBreaker returns the circuit breaker of the attempts to AuthRocket.
// Network errors, attempts that timed out and 5xx answers are failures; any
// other answer is a success (AuthRocket answered); a call the caller
// cancelled, whose own deadline passed, or that the gate did not send,
// counts as neither.
func newBreaker(failures uint32, open time.Duration, log *slog.Logger) *gobreaker.CircuitBreaker[answer] {
	return gobreaker.NewCircuitBreaker[answer](gobreaker.Settings{
		Name:        "authrocket",
		MaxRequests: 1,
		Timeout:     open,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= failures },
		IsSuccessful: func(err error) bool {
			var e *Error
			return err == nil || errors.As(err, &e) && e.HTTPStatus != 0 && e.HTTPStatus < 500
		},
		IsExcluded: func(err error) bool {
			return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || notSent(err)
		},
		OnStateChange: func(_ string, from, to gobreaker.State) {
			level := slog.LevelInfo
			if to == gobreaker.StateOpen {
				level = slog.LevelWarn
			}
			log.Log(context.Background(), level, "AuthRocket circuit "+to.String(), "from", from.String(), "open_for", open.String())
		},
	})
}

// CircuitState is the state of the circuit breaker in front of AuthRocket:
// "closed" (calls go), "open" (calls are refused at once) or "half-open"
// (one probe goes).
func (c *Client) CircuitState() string { return c.breaker.State().String() }
