package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redact"
	"github.com/authrocket-gateway/gateway/server"
)

// Environment variables. The AuthRocket ones are the official SDKs' names.
const (
	EnvAuthRocketURL       = "AUTHROCKET_URL"
	EnvAPIKey              = "AUTHROCKET_API_KEY"
	EnvAPIKeyFile          = "AUTHROCKET_API_KEY_FILE"
	EnvRealm               = "AUTHROCKET_REALM"
	EnvJWTKey              = "AUTHROCKET_JWT_KEY"
	EnvJWTKeyFile          = "AUTHROCKET_JWT_KEY_FILE"
	EnvLoginRocketURL      = "LOGINROCKET_URL"
	EnvGRPCAddr            = "AUTHROCKET_GATEWAY_GRPC_ADDR"
	EnvHTTPAddr            = "AUTHROCKET_GATEWAY_HTTP_ADDR"
	EnvAdminAddr           = "AUTHROCKET_GATEWAY_ADMIN_ADDR"
	EnvPolicyFile          = "AUTHROCKET_GATEWAY_POLICY_FILE"
	EnvDevToken            = "AUTHROCKET_GATEWAY_DEV_TOKEN"
	EnvLogLevel            = "AUTHROCKET_GATEWAY_LOG_LEVEL"
	EnvMaxRequestBytes     = "AUTHROCKET_GATEWAY_MAX_REQUEST_BYTES"
	EnvMaxHeaderBytes      = "AUTHROCKET_GATEWAY_MAX_HEADER_BYTES"
	EnvMaxNesting          = "AUTHROCKET_GATEWAY_MAX_NESTING"
	EnvMaxConnections      = "AUTHROCKET_GATEWAY_MAX_CONNECTIONS"
	EnvMaxInFlight         = "AUTHROCKET_GATEWAY_MAX_IN_FLIGHT"
	EnvMaxInFlightCaller   = "AUTHROCKET_GATEWAY_MAX_IN_FLIGHT_PER_CALLER"
	EnvMaxStreams          = "AUTHROCKET_GATEWAY_MAX_STREAMS"
	EnvHeaderTimeout       = "AUTHROCKET_GATEWAY_HEADER_TIMEOUT"
	EnvBodyTimeout         = "AUTHROCKET_GATEWAY_BODY_TIMEOUT"
	EnvIdleTimeout         = "AUTHROCKET_GATEWAY_IDLE_TIMEOUT"
	EnvMaxConnAge          = "AUTHROCKET_GATEWAY_MAX_CONNECTION_AGE"
	EnvKeepaliveMinTime    = "AUTHROCKET_GATEWAY_KEEPALIVE_MIN_TIME"
	EnvDrainTimeout        = "AUTHROCKET_GATEWAY_DRAIN_TIMEOUT"
	EnvShutdownDelay       = "AUTHROCKET_GATEWAY_SHUTDOWN_DELAY"
	EnvDefaultDeadline     = "AUTHROCKET_GATEWAY_DEFAULT_DEADLINE"
	EnvMaxDeadline         = "AUTHROCKET_GATEWAY_MAX_DEADLINE"
	EnvAttemptTimeout      = "AUTHROCKET_GATEWAY_ATTEMPT_TIMEOUT"
	EnvBreakerFailures     = "AUTHROCKET_GATEWAY_BREAKER_FAILURES"
	EnvBreakerOpen         = "AUTHROCKET_GATEWAY_BREAKER_OPEN"
	EnvUpstreamConcurrency = "AUTHROCKET_GATEWAY_UPSTREAM_CONCURRENCY"
	EnvUpstreamQueueWait   = "AUTHROCKET_GATEWAY_UPSTREAM_QUEUE_WAIT"
	EnvUpstreamRate        = "AUTHROCKET_GATEWAY_UPSTREAM_RATE"
	EnvAuditLog            = "AUTHROCKET_GATEWAY_AUDIT_LOG"
	EnvTLSCertFile         = "AUTHROCKET_GATEWAY_TLS_CERT_FILE"
	EnvTLSKeyFile          = "AUTHROCKET_GATEWAY_TLS_KEY_FILE"
	EnvClientCAFile        = "AUTHROCKET_GATEWAY_CLIENT_CA_FILE"
	EnvRedisURL            = "AUTHROCKET_GATEWAY_REDIS_URL"
	EnvRedisPassword       = "AUTHROCKET_GATEWAY_REDIS_PASSWORD"
	EnvRedisPasswordFile   = "AUTHROCKET_GATEWAY_REDIS_PASSWORD_FILE"
	EnvRedisCAFile         = "AUTHROCKET_GATEWAY_REDIS_CA_FILE"
	EnvReplicas            = "AUTHROCKET_GATEWAY_REPLICAS"
	defaultGRPCAddr        = ":50051"
	defaultHTTPAddr        = ":8080"
	defaultDevGRPCAddr     = "127.0.0.1:50051"
	defaultDevHTTPAddr     = "127.0.0.1:8080"
	defaultAdminAddr       = "127.0.0.1:9090" // loopback: pprof and metrics are the operator's
	defaultAuthRocketV2    = "https://api-e2.authrocket.com/v2"
	// defaultShutdownDelay covers a Kubernetes endpoint update or a load
	// balancer's probe: calls keep being served while they stop coming.
	defaultShutdownDelay = 5 * time.Second
)

// Config is the gateway's whole configuration.
type Config struct {
	// Dev runs on an embedded emulator, loopback only.
	Dev bool
	// DevToken is the caller credential in dev mode; random when empty.
	DevToken string
	// GRPCAddr and HTTPAddr are the callers' listen addresses, AdminAddr
	// the operator's (metrics, profiles).
	GRPCAddr, HTTPAddr, AdminAddr string
	// AuthRocketURL is AuthRocket's API URL.
	AuthRocketURL string
	// APIKey is AuthRocket's secret key (from env or file).
	APIKey authrocket.Secret
	// APIKeyFile, when the key came from a file, is that file: the gateway
	// reads it again when it changes (key rotation without a restart).
	APIKeyFile string
	// Realm is the default realm of calls that name none.
	Realm string
	// JWTKey is the key login tokens are verified with, as the SDKs take
	// it: a realm's HS256 secret (jsk_…) or RSA public key. Optional.
	JWTKey authrocket.Secret
	// JWTKeyFile, when the JWT key came from a file, is that file: the
	// gateway reads it again when it changes.
	JWTKeyFile string
	// LoginRocketURL is the realm's LoginRocket URL, whose JWKS holds its
	// RSA keys by kid. Optional; with neither it nor JWTKey, each realm's
	// key is read through AuthRocket's API.
	LoginRocketURL string
	// PolicyFile is the caller policy (YAML, package policy), read again
	// when it changes. Required but in dev mode, where the default is one
	// caller with DevToken that may do everything.
	PolicyFile string
	// LogLevel is debug, info, warn or error.
	LogLevel slog.Level
	// Limits bound what callers may hold of the gateway (zero fields:
	// server.DefaultLimits).
	Limits server.Limits
	// Upstream bounds calls to AuthRocket (zero fields: authrocket's
	// defaults).
	Upstream Upstream
	// TLSCertFile and TLSKeyFile, when set, serve both listeners over TLS
	// (1.2 or later) with this PEM certificate chain and key.
	TLSCertFile, TLSKeyFile string
	// ClientCAFile, when set, lets callers present a client certificate
	// issued by these PEM CAs (mTLS); a caller without one still may use a
	// bearer credential.
	ClientCAFile string
	// AuditLog is where audit records go: "stdout" (default), "stderr", or
	// a file that they are appended to.
	AuditLog string
	// ShutdownDelay is how long the gateway answers not-ready, and still
	// serves, before it stops accepting calls on SIGTERM.
	ShutdownDelay time.Duration
	// RedisURL, when set, is the Redis that the replicas share their rate
	// limits, AuthRocket's budget and idempotency records in
	// (redis:// or rediss://, no password: RedisPassword).
	RedisURL      string
	RedisPassword authrocket.Secret
	// RedisCAFile, when set, holds the PEM CAs that verify a rediss://
	// Redis's certificate, instead of the system's roots.
	RedisCAFile string
	// Replicas is how many replicas are expected: while Redis is down,
	// each keeps a limit divided by it. At least 1.
	Replicas int
}

// flagValues are the values of the flags, before they are checked.
type flagValues struct {
	dev, version                                          *bool
	devToken, grpcAddr, httpAddr, adminAddr, arURL, realm *string
	loginRocket, logLevel, auditLog, policyFile           *string
	tlsCert, tlsKey, clientCA, shutdownDelay              *string
	redisURL, redisCA, replicas                           *string
	limits                                                limitFlagSet
}

// newFlagSet defines the gateway's flags, each over its environment
// variable read with getenv; the limits go to c.
func newFlagSet(getenv func(string) string, c *Config) (*flag.FlagSet, *flagValues) {
	fs := flag.NewFlagSet("authrocket-gateway", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	v := &flagValues{}
	v.dev = fs.Bool("dev", false, "run on an embedded AuthRocket emulator, loopback only (never in production)")
	v.version = fs.Bool("version", false, "print the gateway's version and exit")
	v.devToken = fs.String("dev-token", getenv(EnvDevToken), "caller `credential` in --dev mode (default: random) [$"+EnvDevToken+"]")
	v.grpcAddr = fs.String("grpc-addr", getenv(EnvGRPCAddr), "gRPC listen `host:port` (default "+defaultGRPCAddr+", --dev "+defaultDevGRPCAddr+") [$"+EnvGRPCAddr+"]")
	v.httpAddr = fs.String("http-addr", getenv(EnvHTTPAddr), "REST listen `host:port` (default "+defaultHTTPAddr+", --dev "+defaultDevHTTPAddr+") [$"+EnvHTTPAddr+"]")
	v.adminAddr = fs.String("admin-addr", orDefault(getenv(EnvAdminAddr), defaultAdminAddr), "the operator's listen `host:port`: /metrics and /debug/pprof/, no credential; --dev: loopback only [$"+EnvAdminAddr+"]")
	v.arURL = fs.String("authrocket-url", getenv(EnvAuthRocketURL), "AuthRocket API `URL` (default "+defaultAuthRocketV2+") [$"+EnvAuthRocketURL+"]")
	v.realm = fs.String("realm", getenv(EnvRealm), "the default realm's `ID`, rl_… [$"+EnvRealm+"]")
	v.loginRocket = fs.String("loginrocket-url", getenv(EnvLoginRocketURL), "LoginRocket `URL` of the realm, whose /connect/jwks keys verify login tokens [$"+EnvLoginRocketURL+"]")
	v.logLevel = fs.String("log-level", getenv(EnvLogLevel), "`level`: debug, info, warn or error (default info) [$"+EnvLogLevel+"]")
	v.auditLog = fs.String("audit-log", orDefault(getenv(EnvAuditLog), "stdout"), "where the audit records go: stdout, stderr or a file to append to [$"+EnvAuditLog+"]")
	v.policyFile = fs.String("policy", getenv(EnvPolicyFile), "the caller policy `file` (YAML): who may call which methods in which realms [$"+EnvPolicyFile+"]")
	v.tlsCert = fs.String("tls-cert-file", getenv(EnvTLSCertFile), "serve TLS with the PEM certificate chain in this `file` [$"+EnvTLSCertFile+"]")
	v.tlsKey = fs.String("tls-key-file", getenv(EnvTLSKeyFile), "the PEM key `file` of --tls-cert-file [$"+EnvTLSKeyFile+"]")
	v.clientCA = fs.String("client-ca-file", getenv(EnvClientCAFile), "accept client certificates (mTLS) issued by the PEM CAs in this `file` [$"+EnvClientCAFile+"]")
	v.shutdownDelay = fs.String("shutdown-delay", getenv(EnvShutdownDelay), "on SIGTERM, answer not-ready but serve this long (a `duration` from 0s to 1m) before closing the listeners (default 5s) [$"+EnvShutdownDelay+"]")
	v.redisURL = fs.String("redis-url", getenv(EnvRedisURL), "share rate limits, AuthRocket's request budget and idempotency records with the other replicas in the Redis at this `URL` (redis:// or rediss://; the password in "+EnvRedisPasswordFile+") [$"+EnvRedisURL+"]")
	v.redisCA = fs.String("redis-ca-file", getenv(EnvRedisCAFile), "verify a rediss:// Redis's certificate with the PEM CAs in this `file` rather than the system's roots [$"+EnvRedisCAFile+"]")
	v.replicas = fs.String("replicas", getenv(EnvReplicas), "the replicas expected, `n`: while Redis is down, each replica keeps 1/n of every rate limit and of AuthRocket's budget (default 1) [$"+EnvReplicas+"]")
	v.limits = append(limitFlags(fs, &c.Limits), upstreamFlags(fs, &c.Upstream)...)
	return fs, v
}

// errVersion is ParseConfig's answer to --version.
var errVersion = errors.New("version requested")

// ParseConfig reads flags over the environment getenv. On -h or --help it
// writes the help to help and returns flag.ErrHelp.
func ParseConfig(args []string, getenv func(string) string, help io.Writer) (Config, error) {
	var c Config
	fs, v := newFlagSet(getenv, &c)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		printHelp(help)
		return Config{}, err
	} else if err != nil {
		return Config{}, fmt.Errorf("%w (authrocket-gateway -h lists the flags)", err)
	}
	if *v.version {
		return Config{}, errVersion
	}
	if err := v.limits.fromEnv(fs, getenv); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %q (authrocket-gateway -h lists the commands and flags)", fs.Args())
	}
	c.Dev, c.DevToken, c.GRPCAddr, c.HTTPAddr, c.AdminAddr = *v.dev, *v.devToken, *v.grpcAddr, *v.httpAddr, *v.adminAddr
	c.AuthRocketURL, c.Realm, c.AuditLog, c.LoginRocketURL = *v.arURL, *v.realm, *v.auditLog, *v.loginRocket
	c.TLSCertFile, c.TLSKeyFile, c.ClientCAFile, c.PolicyFile = *v.tlsCert, *v.tlsKey, *v.clientCA, *v.policyFile
	switch {
	case (c.TLSCertFile == "") != (c.TLSKeyFile == ""):
		return Config{}, errors.New("--tls-cert-file and --tls-key-file go together")
	case c.ClientCAFile != "" && c.TLSCertFile == "":
		return Config{}, errors.New("--client-ca-file (mTLS) needs TLS: set --tls-cert-file and --tls-key-file")
	}
	if err := c.checkSettings(); err != nil {
		return Config{}, err
	}
	c.ShutdownDelay = defaultShutdownDelay
	if *v.shutdownDelay != "" {
		d, err := time.ParseDuration(*v.shutdownDelay)
		if err != nil || d < 0 || d > time.Minute {
			return Config{}, badSetting("shutdown-delay", EnvShutdownDelay, *v.shutdownDelay, "is not a duration from 0s to 1m", "one such as 5s")
		}
		c.ShutdownDelay = d
	}
	if err := c.LogLevel.UnmarshalText([]byte(orDefault(*v.logLevel, "info"))); err != nil {
		return Config{}, badSetting("log-level", EnvLogLevel, *v.logLevel, "is not a log level", "debug, info, warn or error")
	}
	apiKey, err := secretFrom(getenv, EnvAPIKey, EnvAPIKeyFile)
	if err != nil {
		return Config{}, err
	}
	c.APIKey, c.APIKeyFile = apiKey, getenv(EnvAPIKeyFile)
	if c.JWTKey, err = secretFrom(getenv, EnvJWTKey, EnvJWTKeyFile); err != nil {
		return Config{}, err
	}
	c.JWTKeyFile = getenv(EnvJWTKeyFile)
	c.RedisCAFile = *v.redisCA
	if err := c.redisSettings(*v.redisURL, *v.replicas, getenv); err != nil {
		return Config{}, err
	}
	if c.Dev {
		return c, c.checkDev()
	}
	c.GRPCAddr = orDefault(c.GRPCAddr, defaultGRPCAddr)
	c.HTTPAddr = orDefault(c.HTTPAddr, defaultHTTPAddr)
	c.AuthRocketURL = orDefault(c.AuthRocketURL, defaultAuthRocketV2)
	switch {
	case c.APIKey.IsZero():
		return Config{}, fmt.Errorf("%s (or %s) is required; for a local try-out use --dev", EnvAPIKey, EnvAPIKeyFile)
	case c.PolicyFile == "":
		return Config{}, fmt.Errorf("--policy (or %s) is required: the gateway refuses callers it has no policy for (see docs/operations.md)", EnvPolicyFile)
	}
	return c, nil
}

// redisSettings sets and checks the Redis URL, its password and the
// replicas expected.
func (c *Config) redisSettings(rawURL, replicas string, getenv func(string) string) error {
	c.RedisURL, c.Replicas = rawURL, 1
	if replicas != "" {
		n, err := strconv.Atoi(replicas)
		if err != nil || n < 1 || n > 1000 {
			return badSetting("replicas", EnvReplicas, replicas, "is not a number of replicas", "a whole number from 1 to 1000")
		}
		c.Replicas = n
	}
	password, err := secretFrom(getenv, EnvRedisPassword, EnvRedisPasswordFile)
	if err != nil {
		return err
	}
	c.RedisPassword = password
	if rawURL == "" {
		if !password.IsZero() || c.RedisCAFile != "" {
			return fmt.Errorf("a Redis password or CA file is set without --redis-url (%s)", EnvRedisURL)
		}
		return nil
	}
	u, err := url.Parse(rawURL)
	if err == nil && c.RedisCAFile != "" && u.Scheme != "rediss" {
		return badSetting("redis-ca-file", EnvRedisCAFile, c.RedisCAFile, "is set for a Redis without TLS", "a rediss:// --redis-url with it, or no CA file")
	}
	switch {
	case err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "":
		return badSetting("redis-url", EnvRedisURL, rawURL, "is not a Redis URL", "redis://host:6379 or rediss://host:6380 (TLS), with a /db number if not 0")
	case u.User != nil:
		if _, has := u.User.Password(); has {
			return badSetting("redis-url", EnvRedisURL, rawURL, "holds a password", "the URL without it, and the password in "+EnvRedisPasswordFile)
		}
	}
	return nil
}

// checkSettings checks the shape of the addresses, URLs and realm ID that
// are set, before they are used: each error names the setting and what a
// good value looks like.
func (c *Config) checkSettings() error {
	for _, a := range []struct{ flag, env, addr string }{
		{"grpc-addr", EnvGRPCAddr, c.GRPCAddr}, {"http-addr", EnvHTTPAddr, c.HTTPAddr}, {"admin-addr", EnvAdminAddr, c.AdminAddr},
	} {
		if a.addr == "" {
			continue
		}
		_, port, err := net.SplitHostPort(a.addr)
		if err == nil {
			_, err = strconv.ParseUint(port, 10, 16)
		}
		if err != nil {
			return badSetting(a.flag, a.env, a.addr, "is not a listen address", "host:port, such as 127.0.0.1:8080, or :8080 for every interface")
		}
	}
	if c.Realm != "" && !policy.IsRealmID(c.Realm) {
		return badSetting("realm", EnvRealm, c.Realm, "is not a realm ID", "rl_ and letters or digits, as AuthRocket shows it, such as rl_0vvmq4ndc7s8t9ea")
	}
	if err := checkURL("authrocket-url", EnvAuthRocketURL, c.AuthRocketURL, true,
		"your account's API URL, such as "+defaultAuthRocketV2+" (http only to a local emulator)"); err != nil {
		return err
	}
	return checkURL("loginrocket-url", EnvLoginRocketURL, c.LoginRocketURL, false,
		"the realm's LoginRocket URL, such as https://example.e2.loginrocket.com (http only to a local emulator)")
}

// checkURL checks the URL of a setting, if set: https, or http to a
// loopback host; a host; no user, query or fragment; and, with api, no
// path but /v2.
func checkURL(flagName, env, v string, api bool, want string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return badSetting(flagName, env, v, "is not an http(s) URL", want)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return badSetting(flagName, env, v, "has a user, query or fragment", want)
	case u.Scheme == "http" && !authrocket.IsLoopback(u.Hostname()):
		return badSetting(flagName, env, v, "is plain http to a host that is not loopback", "https: "+want)
	case api && strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/v2") != "":
		return badSetting(flagName, env, v, "has a path other than /v2", want)
	}
	return nil
}

// badSetting is the error of a setting's value: it names the flag and the
// environment variable, shows the value (without what may be a secret)
// and says what a good value looks like.
func badSetting(flagName, env, value, problem, want string) error {
	return fmt.Errorf("--%s / %s: %s %s; want %s", flagName, env, shown(value), problem, want)
}

// shown is a setting's value as an error shows it: quoted, without a URL's
// user, password or query, and not at all if it holds an AuthRocket secret.
func shown(v string) string {
	if redact.ContainsAuthRocket(v) {
		return "(a value that holds an AuthRocket secret, not shown)"
	}
	if u, err := url.Parse(v); err == nil && u.Host != "" && (u.User != nil || u.RawQuery != "" || u.Fragment != "") {
		v = u.Scheme + "://" + u.Host + u.Path
		if u.User != nil {
			v = u.Scheme + "://…@" + u.Host + u.Path
		}
		if u.RawQuery != "" || u.Fragment != "" {
			v += "?…"
		}
	}
	return strconv.Quote(v)
}

// checkDev refuses what --dev must never touch: a real AuthRocket key or
// URL, listeners beyond loopback, and a dev token shaped like one of
// AuthRocket's secrets (redact.ContainsAuthRocket).
func (c *Config) checkDev() error {
	if !c.APIKey.IsZero() {
		return fmt.Errorf("--dev runs on an embedded emulator and refuses a real AuthRocket key: unset %s/%s", EnvAPIKey, EnvAPIKeyFile)
	}
	if c.AuthRocketURL != "" {
		return fmt.Errorf("--dev runs on an embedded emulator: unset %s", EnvAuthRocketURL)
	}
	if !c.JWTKey.IsZero() || c.LoginRocketURL != "" {
		return fmt.Errorf("--dev verifies the embedded emulator's tokens and refuses a real realm's keys: unset %s/%s and %s", EnvJWTKey, EnvJWTKeyFile, EnvLoginRocketURL)
	}
	c.GRPCAddr = orDefault(c.GRPCAddr, defaultDevGRPCAddr)
	c.HTTPAddr = orDefault(c.HTTPAddr, defaultDevHTTPAddr)
	for _, addr := range []string{c.GRPCAddr, c.HTTPAddr, c.AdminAddr} {
		if !loopbackAddr(addr) {
			return fmt.Errorf("--dev listens on loopback only; %q is not a loopback address (use 127.0.0.1:PORT)", addr)
		}
	}
	if redact.ContainsAuthRocket(c.DevToken) {
		return errors.New("--dev-token must not look like an AuthRocket key or other AuthRocket secret")
	}
	return nil
}

// loopbackAddr reports whether host:port names a loopback host.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	return err == nil && authrocket.IsLoopback(host)
}

// secretFrom reads a secret from env name, or from the file that env
// fileName names (Kubernetes secrets). Setting both is an error.
func secretFrom(getenv func(string) string, name, fileName string) (authrocket.Secret, error) {
	v, file := getenv(name), getenv(fileName)
	switch {
	case v != "" && file != "":
		return authrocket.Secret{}, fmt.Errorf("set %s or %s, not both", name, fileName)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return authrocket.Secret{}, fmt.Errorf("%s: %w", fileName, err)
		}
		return secretOf(fileName, b)
	}
	return authrocket.NewSecret(strings.TrimSpace(v)), nil
}

// secretOf is the secret a file of env fileName holds: its content without
// surrounding white space, which must not be empty.
func secretOf(fileName string, content []byte) (authrocket.Secret, error) {
	v := strings.TrimSpace(string(content))
	if v == "" {
		return authrocket.Secret{}, fmt.Errorf("the file of %s is empty", fileName)
	}
	return authrocket.NewSecret(v), nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
