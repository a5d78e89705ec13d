package app

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/redact"
	"github.com/authrocket-gateway/gateway/server"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestParseConfig(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("ks_fromfile\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(emptyFile, []byte(" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{EnvAPIKey: "ks_secret", EnvPolicyFile: "/etc/gateway/policy.yaml"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	type test struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}
	tests := []test{
		{name: "defaults", env: base, check: func(t *testing.T, c Config) {
			if c.GRPCAddr != ":50051" || c.HTTPAddr != ":8080" || c.AuthRocketURL != "https://api-e2.authrocket.com/v2" || c.LogLevel != slog.LevelInfo {
				t.Errorf("%+v", c)
			}
			if c.APIKey.Reveal() != "ks_secret" || c.APIKeyFile != "" || c.PolicyFile != "/etc/gateway/policy.yaml" {
				t.Error("key or policy not read")
			}
		}},
		{name: "flags override env", args: []string{"--grpc-addr", "127.0.0.1:1", "--realm", "rl_flag", "--log-level", "debug"},
			env: with(EnvGRPCAddr, ":9", EnvRealm, "rl_env"), check: func(t *testing.T, c Config) {
				if c.GRPCAddr != "127.0.0.1:1" || c.Realm != "rl_flag" || c.LogLevel != slog.LevelDebug {
					t.Errorf("%+v", c)
				}
			}},
		{name: "key from file", env: with(EnvAPIKey, "", EnvAPIKeyFile, keyFile), check: func(t *testing.T, c Config) {
			if c.APIKey.Reveal() != "ks_fromfile" || c.APIKeyFile != keyFile {
				t.Errorf("key %q from %q", c.APIKey.Reveal(), c.APIKeyFile)
			}
		}},
		{name: "limits from env and flags", args: []string{"--max-in-flight", "7", "--body-timeout", "3s"},
			env: with(EnvMaxRequestBytes, "2048", EnvMaxInFlight, "9", EnvDrainTimeout, "1m"), check: func(t *testing.T, c Config) {
				want := server.Limits{MaxRequestBytes: 2048, MaxInFlight: 7, BodyTimeout: 3 * time.Second, DrainTimeout: time.Minute}
				if c.Limits != want {
					t.Errorf("limits %+v, want %+v", c.Limits, want)
				}
				if c.ShutdownDelay != 5*time.Second {
					t.Errorf("default shutdown delay %v", c.ShutdownDelay)
				}
			}},
		{name: "zero shutdown delay", args: []string{"--shutdown-delay", "0s"}, env: base, check: func(t *testing.T, c Config) {
			if c.ShutdownDelay != 0 {
				t.Errorf("%v", c.ShutdownDelay)
			}
		}},
		{name: "bad limit flag", args: []string{"--max-connections", "0"}, env: base, wantErr: "want a positive whole number"},
		{name: "bad limit env", env: with(EnvHeaderTimeout, "10"), wantErr: EnvHeaderTimeout + `: "10": want a positive duration`},
		{name: "dev defaults to loopback", args: []string{"--dev"}, env: map[string]string{}, check: func(t *testing.T, c Config) {
			if !c.Dev || c.GRPCAddr != "127.0.0.1:50051" || c.HTTPAddr != "127.0.0.1:8080" {
				t.Errorf("%+v", c)
			}
		}},
		{name: "shutdown delay", args: []string{"--shutdown-delay", "5s"}, env: base, check: func(t *testing.T, c Config) {
			if c.ShutdownDelay != 5*time.Second {
				t.Errorf("%v", c.ShutdownDelay)
			}
		}},
		{name: "bad shutdown delay", env: with(EnvShutdownDelay, "forever"), wantErr: `--shutdown-delay / AUTHROCKET_GATEWAY_SHUTDOWN_DELAY: "forever" is not a duration`},
		{name: "too long shutdown delay", args: []string{"--shutdown-delay", "2h"}, env: base, wantErr: `"2h" is not a duration from 0s to 1m`},
		{name: "TLS cert without key", args: []string{"--tls-cert-file", "c.pem"}, env: base, wantErr: "go together"},
		{name: "TLS key without cert", env: with(EnvTLSKeyFile, "k.pem"), wantErr: "go together"},
		{name: "mTLS without TLS", env: with(EnvClientCAFile, "ca.pem"), wantErr: "needs TLS"},
		{name: "TLS and mTLS", args: []string{"--tls-cert-file", "c.pem", "--tls-key-file", "k.pem", "--client-ca-file", "ca.pem"}, env: base, check: func(t *testing.T, c Config) {
			if c.TLSCertFile != "c.pem" || c.TLSKeyFile != "k.pem" || c.ClientCAFile != "ca.pem" {
				t.Errorf("%+v", c)
			}
		}},
		{name: "no key", env: with(EnvAPIKey, ""), wantErr: "AUTHROCKET_API_KEY (or AUTHROCKET_API_KEY_FILE) is required"},
		{name: "key and key file", env: with(EnvAPIKeyFile, keyFile), wantErr: "not both"},
		{name: "missing key file", env: with(EnvAPIKey, "", EnvAPIKeyFile, "/nonexistent/key"), wantErr: "AUTHROCKET_API_KEY_FILE"},
		{name: "policy flag over env", args: []string{"--policy", "p.yaml"}, env: base, check: func(t *testing.T, c Config) {
			if c.PolicyFile != "p.yaml" {
				t.Errorf("policy %q", c.PolicyFile)
			}
		}},
		{name: "no policy", env: with(EnvPolicyFile, ""), wantErr: "--policy (or AUTHROCKET_GATEWAY_POLICY_FILE) is required"},
		{name: "empty key file", env: with(EnvAPIKey, "", EnvAPIKeyFile, emptyFile), wantErr: "AUTHROCKET_API_KEY_FILE is empty"},
		{name: "bad max bytes", env: with(EnvMaxRequestBytes, "-1"), wantErr: EnvMaxRequestBytes},
		{name: "bad log level", args: []string{"--log-level", "loud"}, env: base, wantErr: `--log-level / AUTHROCKET_GATEWAY_LOG_LEVEL: "loud" is not a log level; want debug, info, warn or error`},
		{name: "stray argument", args: []string{"serve"}, env: base, wantErr: "unexpected arguments"},
		{name: "dev with a real key", args: []string{"--dev"}, env: base, wantErr: "refuses a real AuthRocket key"},
		{name: "dev with a real JWT key", args: []string{"--dev"}, env: map[string]string{EnvJWTKey: "jsk_realsecret"}, wantErr: "refuses a real realm's keys"},
		{name: "dev with a LoginRocket URL", args: []string{"--dev"}, env: map[string]string{EnvLoginRocketURL: "https://x.e2.loginrocket.com"}, wantErr: "refuses a real realm's keys"},
		{name: "JWT key and JWT key file", env: with(EnvJWTKey, "jsk_realsecret", EnvJWTKeyFile, keyFile), wantErr: "not both"},
		{name: "JWT key from a file, LoginRocket by flag", args: []string{"--loginrocket-url", "https://x.e2.loginrocket.com"}, env: with(EnvJWTKeyFile, keyFile), check: func(t *testing.T, c Config) {
			if c.JWTKey.Reveal() != "ks_fromfile" || c.JWTKeyFile != keyFile || c.LoginRocketURL != "https://x.e2.loginrocket.com" {
				t.Errorf("JWT key from %q, LoginRocket %q", c.JWTKeyFile, c.LoginRocketURL)
			}
		}},
		{name: "dev with a real URL", args: []string{"--dev"}, env: map[string]string{EnvAuthRocketURL: "https://api-e2.authrocket.com/v2"}, wantErr: "unset AUTHROCKET_URL"},
		{name: "dev on all interfaces", args: []string{"--dev", "--http-addr", ":8080"}, env: map[string]string{}, wantErr: "loopback only"},
		{name: "dev on a public IP", args: []string{"--dev", "--grpc-addr", "10.0.0.1:50051"}, env: map[string]string{}, wantErr: "loopback only"},
		{name: "dev token, a gateway credential", args: []string{"--dev", "--dev-token", "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA"}, env: map[string]string{}, check: func(t *testing.T, c Config) {
			if c.DevToken != "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA" {
				t.Errorf("dev token %q", c.DevToken)
			}
		}},
	}
	// A dev token shaped like any of AuthRocket's secrets is refused.
	for _, prefix := range redact.AuthRocketPrefixes() {
		tests = append(tests, test{name: "dev token " + prefix, args: []string{"--dev", "--dev-token", prefix + "realsecret"}, env: map[string]string{},
			wantErr: "--dev-token must not look like an AuthRocket key"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig(tt.args, envOf(tt.env), io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				for _, secret := range []string{"ks_secret", "ks_fromfile", "jsk_realsecret", "realsecret"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error reveals a secret: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
			if s := fmt.Sprintf("%v %+v %#v", c, c, c); strings.Contains(s, "ks_") || strings.Contains(s, "jsk_") {
				t.Errorf("printing the config reveals a secret: %s", s)
			}
		})
	}
}

// TestSettingErrors: a malformed address, URL or realm ID is refused at
// start, exit 2, with the flag and environment variable, the value (never
// a secret) and what a good value looks like; good ones pass.
func TestSettingErrors(t *testing.T) {
	base := map[string]string{EnvAPIKey: "ks_secret", EnvPolicyFile: "policy.yaml"}
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{EnvRealm: "realm1"}, nil,
			`--realm / AUTHROCKET_REALM: "realm1" is not a realm ID; want rl_ and letters or digits, as AuthRocket shows it, such as rl_0vvmq4ndc7s8t9ea`},
		{nil, []string{"--realm", "rl_bad-id"}, `--realm / AUTHROCKET_REALM: "rl_bad-id" is not a realm ID`},
		{map[string]string{EnvAuthRocketURL: "api-e2.authrocket.com/v2"}, nil,
			`--authrocket-url / AUTHROCKET_URL: "api-e2.authrocket.com/v2" is not an http(s) URL; want your account's API URL, such as https://api-e2.authrocket.com/v2 (http only to a local emulator)`},
		{map[string]string{EnvAuthRocketURL: "ftp://api-e2.authrocket.com/v2"}, nil, `"ftp://api-e2.authrocket.com/v2" is not an http(s) URL`},
		{map[string]string{EnvAuthRocketURL: "https:///v2"}, nil, `"https:///v2" is not an http(s) URL`},
		{map[string]string{EnvAuthRocketURL: "http://api-e2.authrocket.com/v2"}, nil,
			`"http://api-e2.authrocket.com/v2" is plain http to a host that is not loopback; want https: your account's API URL`},
		{map[string]string{EnvAuthRocketURL: "http://[::]:8081/v2"}, nil, `"http://[::]:8081/v2" is plain http to a host that is not loopback`},
		{map[string]string{EnvAuthRocketURL: "https://api-e2.authrocket.com/api"}, nil, `"https://api-e2.authrocket.com/api" has a path other than /v2`},
		{map[string]string{EnvAuthRocketURL: "https://ks_realsecret@api-e2.authrocket.com/v2"}, nil,
			`--authrocket-url / AUTHROCKET_URL: (a value that holds an AuthRocket secret, not shown) has a user, query or fragment`},
		{map[string]string{EnvLoginRocketURL: "https://me:realsecret@x.e2.loginrocket.com/?key=realsecret"}, nil,
			`--loginrocket-url / LOGINROCKET_URL: "https://…@x.e2.loginrocket.com/?…" has a user, query or fragment; want the realm's LoginRocket URL, such as https://example.e2.loginrocket.com`},
		{map[string]string{EnvLoginRocketURL: "x.e2.loginrocket.com"}, nil, `--loginrocket-url / LOGINROCKET_URL: "x.e2.loginrocket.com" is not an http(s) URL`},
		{map[string]string{EnvHTTPAddr: "8080"}, nil,
			`--http-addr / AUTHROCKET_GATEWAY_HTTP_ADDR: "8080" is not a listen address; want host:port, such as 127.0.0.1:8080, or :8080 for every interface`},
		{nil, []string{"--grpc-addr", "127.0.0.1:port"}, `--grpc-addr / AUTHROCKET_GATEWAY_GRPC_ADDR: "127.0.0.1:port" is not a listen address`},
		{map[string]string{EnvAdminAddr: "127.0.0.1:99999"}, nil, `--admin-addr / AUTHROCKET_GATEWAY_ADMIN_ADDR: "127.0.0.1:99999" is not a listen address`},
		{map[string]string{EnvHTTPAddr: "localhost"}, []string{"--dev"}, `--http-addr / AUTHROCKET_GATEWAY_HTTP_ADDR: "localhost" is not a listen address`},
		{map[string]string{EnvRedisURL: "redis.internal:6379"}, nil,
			`--redis-url / AUTHROCKET_GATEWAY_REDIS_URL: "redis.internal:6379" is not a Redis URL; want redis://host:6379 or rediss://host:6380 (TLS)`},
		{nil, []string{"--redis-url", "rediss://:hunter2@redis.internal:6380"}, `--redis-url / AUTHROCKET_GATEWAY_REDIS_URL: "rediss://…@redis.internal:6380" holds a password; want the URL without it, and the password in AUTHROCKET_GATEWAY_REDIS_PASSWORD_FILE`},
		{map[string]string{EnvRedisPassword: "hunter2"}, nil, `a Redis password or CA file is set without --redis-url (AUTHROCKET_GATEWAY_REDIS_URL)`},
		{map[string]string{EnvRedisURL: "redis://redis:6379", EnvRedisCAFile: "ca.pem"}, nil,
			`--redis-ca-file / AUTHROCKET_GATEWAY_REDIS_CA_FILE: "ca.pem" is set for a Redis without TLS; want a rediss:// --redis-url with it`},
		{map[string]string{EnvReplicas: "three"}, nil, `--replicas / AUTHROCKET_GATEWAY_REPLICAS: "three" is not a number of replicas; want a whole number from 1 to 1000`},
		{nil, []string{"--replicas", "0"}, `--replicas / AUTHROCKET_GATEWAY_REPLICAS: "0" is not a number of replicas`},
	} {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range tt.env {
			env[k] = v
		}
		if slices.Contains(tt.args, "--dev") {
			env = tt.env
		}
		var out, errOut strings.Builder
		code := Main(tt.args, envOf(env), strings.NewReader(""), &out, &errOut)
		if code != 2 || !strings.Contains(errOut.String(), tt.want) || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%v %q = %d, %q; want exit 2 and %q", tt.env, tt.args, code, errOut.String(), tt.want)
		}
		if strings.Contains(errOut.String(), "secret") && !strings.Contains(errOut.String(), "AuthRocket secret, not shown") {
			t.Errorf("the error shows a secret: %s", errOut.String())
		}
	}
	for _, kv := range [][2]string{
		{EnvRealm, "rl_0vvmq4ndc7s8t9ea"},
		{EnvAuthRocketURL, "https://api-e2.authrocket.com"},
		{EnvAuthRocketURL, "https://api-e2.authrocket.com/v2/"},
		{EnvAuthRocketURL, "http://127.0.0.1:8081/v2"},
		{EnvAuthRocketURL, "http://[::1]:8081/v2"},
		{EnvAuthRocketURL, "http://localhost:8081/v2"},
		{EnvLoginRocketURL, "https://x.e2.loginrocket.com"},
		{EnvLoginRocketURL, "http://127.0.0.1:8081/_loginrocket/x.loginrocket.localhost"},
		{EnvHTTPAddr, ":8080"},
		{EnvHTTPAddr, "[::1]:0"},
		{EnvGRPCAddr, "localhost:50051"},
	} {
		if _, err := ParseConfig(nil, envOf(map[string]string{EnvAPIKey: "ks_secret", EnvPolicyFile: "p.yaml", kv[0]: kv[1]}), io.Discard); err != nil {
			t.Errorf("%s=%s: %v", kv[0], kv[1], err)
		}
	}
}
