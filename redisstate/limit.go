package redisstate

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// Allow spends one request of the limit named name, perSecond with burst,
// shared by every replica (GCRA). When none is left it reports how long
// until one is. It fails with ErrDown, or the failure that marked Redis
// down: the caller then uses a limit of its replica's own.
func (c *Client) Allow(ctx context.Context, name string, perSecond float64, burst int) (ok bool, retryAfter time.Duration, err error) {
	// One request every 1/perSecond: redis_rate's rate per period, exact
	// for any rate.
	limit := redis_rate.Limit{Rate: 1, Burst: max(burst, 1), Period: time.Duration(float64(time.Second) / perSecond)}
	var res *redis_rate.Result
	err = c.do(ctx, func(ctx context.Context) error {
		var err error
		res, err = c.limiter.Allow(ctx, c.key("limit", name), limit)
		return err
	})
	if err != nil {
		return false, 0, err
	}
	return res.Allowed > 0, max(res.RetryAfter, 0), nil
}
