package app

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/admin"
	"github.com/authrocket-gateway/gateway/server"
)

// TestConfigAttrs: the start-up line names each setting as its flag does
// (or its environment variable, for the secrets), and holds no secret.
func TestConfigAttrs(t *testing.T) {
	cfg, err := ParseConfig([]string{"--upstream-rate", "40"}, envOf(map[string]string{
		EnvAPIKey: "ks_startupsecret0123456789", EnvJWTKey: "jsk_startupsecret0123456789", EnvPolicyFile: "/etc/gateway/policy.yaml",
	}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	// ParseConfig refuses this URL (TestSettingErrors); the line hides its
	// user and query all the same.
	cfg.LoginRocketURL = "https://user:startupsecret@example.loginrocket.com/?key=startupsecret"
	flags := map[string]bool{}
	var help bytes.Buffer
	_, _ = ParseConfig([]string{"-h"}, envOf(nil), &help)
	for line := range strings.Lines(help.String()) {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "--"); ok {
			flags[strings.Fields(name)[0]] = true
		}
	}
	if !strings.HasPrefix(help.String(), "authrocket-gateway "+admin.Version()+": ") {
		t.Errorf("-h does not start with the version: %q", help.String()[:min(80, help.Len())])
	}
	var out bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&out, nil))
	attrs := configAttrs(cfg, server.DefaultLimits)
	log.LogAttrs(t.Context(), slog.LevelInfo, "config", attrs...)
	envOnly := map[string]bool{"authrocket_api_key": true, "jwt_key": true, "policy_file": true, "redis_password": true}
	for _, a := range attrs {
		name := strings.ReplaceAll(a.Key, "_", "-")
		if !flags[name] && !envOnly[a.Key] {
			t.Errorf("%s names no flag", a.Key)
		}
	}
	for _, want := range []string{`"upstream_rate":40`, `"authrocket_api_key":"set"`, `"jwt_key":"set"`, `"max_in_flight":1000`, `"body_timeout":"10s"`, `"loginrocket_url":"https://example.loginrocket.com/"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("config line lacks %s: %s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "startupsecret") {
		t.Errorf("config line holds a secret: %s", out.String())
	}
}
