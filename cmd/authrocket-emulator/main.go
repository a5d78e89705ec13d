// Command authrocket-emulator serves the in-memory AuthRocket emulator
// (package emulator) as a standalone HTTP server, with its admin API under
// /_emulator/.
//
//	authrocket-emulator --addr 127.0.0.1:8081 --realm "Emulated realm" --jwt-algo rs256
//
// It prints the API key, the realm id, the base URL and the realm's
// LoginRocket URL at start, and stops gracefully on SIGINT or SIGTERM. The
// realm gets a loginrocket domain (<subdomain>.loginrocket.localhost); the
// emulator serves its JWKS at LOGINROCKET_URL/connect/jwks, and at
// /connect/jwks for requests whose Host is the domain.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		log.SetFlags(0)
		log.Fatalf("authrocket-emulator: %v", err)
	}
}

// run parses flags, starts the emulator and serves until ctx is done. If
// ready is not nil, it receives the listener address once serving.
func run(ctx context.Context, args []string, out io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("authrocket-emulator", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "127.0.0.1:8081", "listen address")
	apiKey := fs.String("api-key", "", "account API key (ks_…); random if empty")
	realmName := fs.String("realm", "Emulated realm", "create a realm with this name at start (empty: none)")
	jwtAlgo := fs.String("jwt-algo", "rs256", "JWT algorithm of that realm: rs256 or hs256")
	subdomain := fs.String("loginrocket-subdomain", "", "subdomain of that realm's LoginRocket domain; random if empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var opts []emulator.Option
	if *apiKey != "" {
		if len(*apiKey) < 4 || (*apiKey)[:3] != "ks_" {
			return errors.New("--api-key must start with ks_")
		}
		opts = append(opts, emulator.WithAPIKey(*apiKey))
	}
	if *jwtAlgo != "rs256" && *jwtAlgo != "hs256" {
		return fmt.Errorf("--jwt-algo must be rs256 or hs256, not %q", *jwtAlgo)
	}
	emu := emulator.New(opts...)
	realmID, fqdn := "", ""
	if *realmName != "" {
		id, err := emu.CreateRealmWith(map[string]any{"name": *realmName, "jwt_algo": *jwtAlgo})
		if err != nil {
			return err
		}
		domain := map[string]any{"domain_type": "loginrocket"}
		if *subdomain != "" {
			domain["subdomain"] = *subdomain
		}
		if fqdn, err = emu.CreateDomain(id, domain); err != nil {
			return err
		}
		realmID = id
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emu.ServerHandler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "AuthRocket emulator listening on http://%s/v2/\n", ln.Addr())
	fmt.Fprintf(out, "AUTHROCKET_URL=http://%s/v2\n", ln.Addr())
	fmt.Fprintf(out, "AUTHROCKET_API_KEY=%s\n", emu.APIKey())
	if fqdn != "" {
		// Before AUTHROCKET_REALM, which tells readers the banner is complete.
		fmt.Fprintf(out, "LOGINROCKET_URL=%s\n", emulator.LoginRocketURL("http://"+ln.Addr().String(), fqdn))
	}
	if realmID != "" {
		fmt.Fprintf(out, "AUTHROCKET_REALM=%s\n", realmID)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
