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
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := exitCode(run(ctx, os.Args[1:], os.Stdout, nil), os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is an error of the command line.
type usageError struct{ error }

// exitCode reports err, run's answer, on stderr and returns the exit
// status: 0 for none or a request for help, 2 for a usage error, 1 for
// the rest.
func exitCode(err error, stderr io.Writer) int {
	var usage usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "authrocket-emulator: %v (authrocket-emulator -h lists the flags)\n", err)
		return 2
	}
	fmt.Fprintln(stderr, "authrocket-emulator:", err)
	return 1
}

// listen is net.Listen; tests replace it.
var listen = net.Listen

// run parses flags, starts the emulator and serves until ctx is done. If
// ready is not nil, it receives the listener address once serving. On -h
// it prints the usage on out and returns flag.ErrHelp.
func run(ctx context.Context, args []string, out io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("authrocket-emulator", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	addr := fs.String("addr", "127.0.0.1:8081", "listen `host:port`; on every interface (:8081, 0.0.0.0:8081) the URLs printed are loopback's")
	apiKey := fs.String("api-key", "", "account API `key` (ks_…); random if empty")
	realmName := fs.String("realm", "Emulated realm", "create a realm with this `name` at start (empty: none)")
	jwtAlgo := fs.String("jwt-algo", "rs256", "JWT `algorithm` of that realm: rs256 or hs256")
	subdomain := fs.String("loginrocket-subdomain", "", "`subdomain` of that realm's LoginRocket domain; random if empty")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(out, `usage: authrocket-emulator [flags]

Serves an in-memory AuthRocket, with its admin API under /_emulator/, and
prints the AUTHROCKET_URL, AUTHROCKET_API_KEY, LOGINROCKET_URL and
AUTHROCKET_REALM to use. Stops on SIGINT or SIGTERM.

flags:
`)
		fs.SetOutput(out)
		fs.PrintDefaults()
		return err
	} else if err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %q", fs.Args())}
	}
	var opts []emulator.Option
	if *apiKey != "" {
		if len(*apiKey) < 4 || (*apiKey)[:3] != "ks_" {
			return usageError{errors.New("--api-key must start with ks_")}
		}
		opts = append(opts, emulator.WithAPIKey(*apiKey))
	}
	if *jwtAlgo != "rs256" && *jwtAlgo != "hs256" {
		return usageError{fmt.Errorf("--jwt-algo must be rs256 or hs256, not %q", *jwtAlgo)}
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

	ln, err := listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emu.ServerHandler(), ReadHeaderTimeout: 10 * time.Second}
	host := clientHost(ln.Addr(), *addr)
	if host != ln.Addr().String() {
		fmt.Fprintf(out, "AuthRocket emulator listening on %s (every interface); on this machine: http://%s/v2/\n", ln.Addr(), host)
	} else {
		fmt.Fprintf(out, "AuthRocket emulator listening on http://%s/v2/\n", host)
	}
	fmt.Fprintf(out, "AUTHROCKET_URL=http://%s/v2\n", host)
	fmt.Fprintf(out, "AUTHROCKET_API_KEY=%s\n", emu.APIKey())
	if fqdn != "" {
		// Before AUTHROCKET_REALM, which tells readers the banner is complete.
		fmt.Fprintf(out, "LOGINROCKET_URL=%s\n", emulator.LoginRocketURL("http://"+host, fqdn))
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

// clientHost is the host:port a client on this machine dials for the
// listener at addr, asked for as requested: addr itself, or loopback when
// addr is every interface (0.0.0.0, [::]), which is no address to dial
// and which the gateway refuses as plain http beyond loopback.
func clientHost(addr net.Addr, requested string) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	host := "127.0.0.1"
	if h, _, err := net.SplitHostPort(requested); err == nil && strings.Contains(h, ":") {
		host = "::1" // [::] asked for
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}
