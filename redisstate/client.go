package redisstate

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Defaults of a Client.
const (
	DefaultPrefix = "authrocket-gateway"
	// Timeout bounds each command: a Redis that does not answer within it
	// is down, and calls go on with their replica's own state.
	Timeout = 250 * time.Millisecond
	// ProbeEvery is how often a Client that is down tries Redis again.
	ProbeEvery = 500 * time.Millisecond
)

// ErrDown is the error of a command not sent because Redis is down.
var ErrDown = errors.New("redis is down: using this replica's own state")

// Config says where Redis is.
type Config struct {
	// URL is redis://[user@]host:port[/db] or rediss:// (TLS). A password
	// in it is refused: Password takes it, from a file.
	URL      string
	Password string
	// RootCAs, when set, verify a rediss:// server's certificate instead of
	// the system's roots.
	RootCAs *x509.CertPool
	// Prefix namespaces the keys (DefaultPrefix when empty).
	Prefix string
	Logger *slog.Logger
	// OnChange, when set, is called once per change when Redis goes down
	// or comes back (metrics).
	OnChange func(up bool)
}

// Client is a connection to Redis that knows whether Redis is up.
type Client struct {
	rdb     *redis.Client
	limiter *redis_rate.Limiter
	prefix  string
	log     *slog.Logger

	up       atomic.Bool
	closed   chan struct{}
	onChange func(up bool)
}

// New returns a Client of cfg. Redis starts up; the first failed command
// or probe marks it down.
func New(cfg Config) (*Client, error) {
	opts, err := redis.ParseURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("redis URL: %w", err)
	}
	if opts.Password != "" {
		return nil, errors.New("redis URL: holds a password; give it in a file instead")
	}
	opts.Password = cfg.Password
	if opts.TLSConfig != nil {
		opts.TLSConfig.MinVersion = tls.VersionTLS12
		opts.TLSConfig.RootCAs = cfg.RootCAs
	}
	opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout = Timeout, Timeout, Timeout
	opts.PoolTimeout = Timeout
	opts.MaxRetries = -1   // a failure falls back at once; the probe retries
	opts.DialerRetries = 1 // and so does a failed dial
	opts.ContextTimeoutEnabled = true
	prefix := cfg.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	rdb := redis.NewClient(opts)
	c := &Client{rdb: rdb, limiter: redis_rate.NewLimiter(rdb), prefix: prefix, log: log, closed: make(chan struct{}), onChange: cfg.OnChange}
	c.up.Store(true)
	go c.probe()
	return c, nil
}

// Up reports whether the shared state is in use.
func (c *Client) Up() bool { return c.up.Load() }

// Close stops the probe and closes the connections.
func (c *Client) Close() error {
	close(c.closed)
	return c.rdb.Close()
}

// key is name in the Client's namespace.
func (c *Client) key(parts ...string) string {
	return c.prefix + ":" + strings.Join(parts, ":")
}

// do runs f against Redis unless it is down; a failure of f that is not
// Redis's own answer (a timeout, a refused connection) marks it down.
func (c *Client) do(ctx context.Context, f func(context.Context) error) error {
	if !c.up.Load() {
		return ErrDown
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), Timeout)
	defer cancel()
	err := f(ctx)
	if err != nil && !isRedisError(err) { // redis.Nil is Redis's answer too
		c.down(err)
	}
	return err
}

// isRedisError reports whether err is an error Redis answered (a script's
// or a command's), rather than a failure to reach it.
func isRedisError(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// down marks Redis down, once.
func (c *Client) down(cause error) {
	if !c.up.CompareAndSwap(true, false) {
		return
	}
	c.log.Warn("redis unreachable: rate limits, the AuthRocket budget and idempotency records fall back to this replica's own until it answers", "err", cause.Error())
	if c.onChange != nil {
		c.onChange(false)
	}
}

// probe pings Redis every ProbeEvery, whether or not calls use it: a Redis
// that stops answering is down within ProbeEvery and Timeout even on an
// idle replica, and one that answers again is up.
func (c *Client) probe() {
	t := time.NewTicker(ProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		err := c.rdb.Ping(ctx).Err()
		cancel()
		switch {
		case err != nil:
			c.down(err)
		case c.up.CompareAndSwap(false, true):
			c.log.Info("redis answers again: rate limits, the AuthRocket budget and idempotency records are shared")
			if c.onChange != nil {
				c.onChange(true)
			}
		}
	}
}

// Ping checks Redis now (readiness, tests).
func (c *Client) Ping(ctx context.Context) error {
	return c.do(ctx, func(ctx context.Context) error { return c.rdb.Ping(ctx).Err() })
}
