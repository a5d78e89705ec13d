package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
)

// devEnv is the embedded emulator of --dev.
type devEnv struct {
	srv *http.Server
}

// startDev starts an emulator on a loopback port, creates a realm and points
// cfg at both.
func startDev(_ context.Context, cfg *Config) (*devEnv, error) {
	em := emulator.New()
	realm, err := em.CreateRealm("Dev realm")
	if err != nil {
		return nil, fmt.Errorf("dev realm: %w", err)
	}
	fqdn, err := em.CreateDomain(realm, map[string]any{"domain_type": "loginrocket"})
	if err != nil {
		return nil, fmt.Errorf("dev realm's LoginRocket domain: %w", err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("dev emulator: %w", err)
	}
	d := &devEnv{srv: &http.Server{Handler: em}}
	go func() { _ = d.srv.Serve(lis) }()
	if cfg.DevToken == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		cfg.DevToken = "dev_" + hex.EncodeToString(b[:])
	}
	cfg.AuthRocketURL = "http://" + lis.Addr().String() + "/v2"
	cfg.APIKey = authrocket.NewSecret(em.APIKey())
	cfg.Realm = realm
	cfg.LoginRocketURL = emulator.LoginRocketURL("http://"+lis.Addr().String(), fqdn)
	return d, nil
}

func (d *devEnv) close() { _ = d.srv.Close() }

// printBanner says loudly that this is dev mode, with what a caller needs.
func printBanner(w io.Writer, cfg Config) {
	line := strings.Repeat("=", 78)
	fmt.Fprintf(w, `%s
  AUTHROCKET GATEWAY IN DEVELOPMENT MODE: NOT FOR PRODUCTION
  AuthRocket is an in-memory emulator; everything is lost on exit.

  gRPC   %s
  REST   http://%s
  Admin  http://%s/metrics
  Realm  %s (the default realm)

%s

  An app on an AuthRocket SDK (Ruby, Node, PHP) calls the gateway with:
    AUTHROCKET_URL=http://%s/v2
    AUTHROCKET_API_KEY=%s
    AUTHROCKET_REALM=%s
    LOGINROCKET_URL=%s
%s
`, line, cfg.GRPCAddr, cfg.HTTPAddr, cfg.AdminAddr, cfg.Realm, devCallers(cfg), cfg.HTTPAddr, devAPIKey(cfg), cfg.Realm, cfg.LoginRocketURL, line)
}

// devAPIKey is what an SDK app puts where AuthRocket's key was: the dev
// caller credential, or the word for one of the policy's.
func devAPIKey(cfg Config) string {
	if cfg.PolicyFile != "" {
		return "<a caller credential of the policy>"
	}
	return cfg.DevToken
}

// devCallers says how to call the dev gateway.
func devCallers(cfg Config) string {
	if cfg.PolicyFile != "" {
		return "  Callers and what they may do: the policy " + cfg.PolicyFile
	}
	return "  Caller credential (gRPC metadata or HTTP header):\n    Authorization: Bearer " + cfg.DevToken
}
