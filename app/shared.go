package app

import (
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/authrocket-gateway/gateway/redisstate"
	"github.com/prometheus/client_golang/prometheus"
)

// shared is what the replicas share in Redis; all nil without --redis-url.
type shared struct {
	client  *redisstate.Client
	budget  authrocket.SharedLimiter // nil, not a nil *Client, without Redis
	records idempotency.Keeper
	redis   interface{ Up() bool }
}

// openShared connects to cfg's Redis, if any, and registers
// authrocket_gateway_redis_up with reg.
func openShared(cfg Config, reg prometheus.Registerer, log *slog.Logger) (shared, error) {
	if cfg.RedisURL == "" {
		return shared{}, nil
	}
	up := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "authrocket_gateway_redis_up",
		Help: "1 while the replicas share rate limits, AuthRocket's budget and idempotency records in Redis; 0 while this replica uses its own.",
	})
	up.Set(1)
	var roots *x509.CertPool
	if cfg.RedisCAFile != "" {
		pem, err := os.ReadFile(cfg.RedisCAFile)
		if err != nil {
			return shared{}, fmt.Errorf("--redis-ca-file: %w", err)
		}
		if roots = x509.NewCertPool(); !roots.AppendCertsFromPEM(pem) {
			return shared{}, fmt.Errorf("--redis-ca-file %s: no PEM certificate in it", cfg.RedisCAFile)
		}
	}
	c, err := redisstate.New(redisstate.Config{URL: cfg.RedisURL, Password: cfg.RedisPassword.Reveal(), RootCAs: roots, Logger: log, OnChange: func(ok bool) {
		if ok {
			up.Set(1)
		} else {
			up.Set(0)
		}
	}})
	if err != nil {
		return shared{}, err
	}
	if err := reg.Register(up); err != nil {
		c.Close()
		return shared{}, err
	}
	return shared{
		client:  c,
		budget:  c,
		redis:   c,
		records: c.Records(idempotency.New(idempotency.DefaultSize, idempotency.DefaultTTL), idempotency.DefaultTTL),
	}, nil
}
