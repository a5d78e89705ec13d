package app

import (
	"cmp"
	"log/slog"
	"net/url"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/server"
)

// configAttrs are the settings in force, for the start-up log line: each
// setting by its flag's name (snake case), defaults filled in (limits: the
// server's limits in force), and no secret: a key is "set", "file PATH" or
// "unset"; the dev token is not logged.
func configAttrs(c Config, limits server.Limits) []slog.Attr {
	secret := func(s authrocket.Secret, file string) string {
		switch {
		case file != "":
			return "file " + file
		case s.IsZero():
			return "unset"
		}
		return "set"
	}
	attrs := []slog.Attr{
		slog.Bool("dev", c.Dev),
		slog.String("grpc_addr", c.GRPCAddr),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("admin_addr", c.AdminAddr),
		slog.String("authrocket_url", bareURL(c.AuthRocketURL)),
		slog.String("authrocket_api_key", secret(c.APIKey, c.APIKeyFile)),
		slog.String("realm", c.Realm),
		slog.String("jwt_key", secret(c.JWTKey, c.JWTKeyFile)),
		slog.String("loginrocket_url", bareURL(c.LoginRocketURL)),
		slog.String("policy_file", c.PolicyFile),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("tls_cert_file", c.TLSCertFile),
		slog.String("tls_key_file", c.TLSKeyFile),
		slog.String("client_ca_file", c.ClientCAFile),
		slog.String("audit_log", c.AuditLog),
		slog.String("shutdown_delay", c.ShutdownDelay.String()),
		slog.String("redis_url", bareURL(c.RedisURL)),
		slog.String("redis_password", secret(c.RedisPassword, "")),
		slog.String("redis_ca_file", c.RedisCAFile),
		slog.Int("replicas", c.Replicas),
	}
	u := c.Upstream
	attrs = append(attrs, fieldAttrs(limits)...)
	return append(attrs,
		slog.String("default_deadline", cmp.Or(u.Deadline, authrocket.DefaultDeadline).String()),
		slog.String("max_deadline", cmp.Or(u.MaxDeadline, authrocket.DefaultMaxDeadline).String()),
		slog.String("attempt_timeout", cmp.Or(u.AttemptTimeout, authrocket.DefaultAttemptTimeout).String()),
		slog.Int("breaker_failures", cmp.Or(u.BreakerFailures, authrocket.DefaultBreakerFailures)),
		slog.String("breaker_open", cmp.Or(u.BreakerOpen, authrocket.DefaultBreakerOpen).String()),
		slog.Int("upstream_concurrency", cmp.Or(u.Concurrency, authrocket.DefaultConcurrency)),
		slog.String("upstream_queue_wait", cmp.Or(u.QueueWait, authrocket.DefaultQueueWait).String()),
		slog.Int("upstream_rate", cmp.Or(u.Rate, authrocket.DefaultRate)),
	)
}

// bareURL is u without user information, query or fragment, which may
// hold a credential; "" stays "".
func bareURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || u == "" {
		return ""
	}
	return (&url.URL{Scheme: p.Scheme, Host: p.Host, Path: p.Path}).String()
}

// fieldAttrs are the fields of struct v, each named in snake case
// (MaxInFlight: max_in_flight), durations as text ("10s").
func fieldAttrs(v any) []slog.Attr {
	rv := reflect.ValueOf(v)
	var attrs []slog.Attr
	for i := range rv.NumField() {
		f := rv.Field(i)
		name := snake(rv.Type().Field(i).Name)
		if d, ok := f.Interface().(time.Duration); ok {
			attrs = append(attrs, slog.String(name, d.String()))
		} else {
			attrs = append(attrs, slog.Any(name, f.Interface()))
		}
	}
	return attrs
}

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
