package app

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
)

// healthTimeout bounds the whole check: under the image's HEALTHCHECK
// --timeout=3s, so that the check says why it failed before Docker kills
// it.
const healthTimeout = 2 * time.Second

// health runs `authrocket-gateway health [--ready]`: it GETs /healthz (or
// /readyz) of the gateway that runs here, on its REST listener as
// --http-addr / AUTHROCKET_GATEWAY_HTTP_ADDR configure it, over HTTPS when
// --tls-cert-file / AUTHROCKET_GATEWAY_TLS_CERT_FILE is set. It exits 0 on
// 200, 1 with a line that says why otherwise, and 2 on a usage error. It
// is the image's HEALTHCHECK: distroless has no shell and no curl.
func health(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("authrocket-gateway health", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ready := fs.Bool("ready", false, "")
	addr := fs.String("http-addr", getenv(EnvHTTPAddr), "")
	certFile := fs.String("tls-cert-file", getenv(EnvTLSCertFile), "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprint(stderr, commandUsage("health", ""))
		return 2
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	code, msg := checkHealth(orDefault(*addr, defaultHTTPAddr), *certFile, path, healthTimeout)
	if code != 0 {
		fmt.Fprintln(stderr, "authrocket-gateway health:", msg)
		return code
	}
	fmt.Fprintln(stdout, msg)
	return 0
}

// healthTarget is where to reach a listener of listen address addr from
// this host: an unspecified host (empty, 0.0.0.0, [::]) is loopback.
func healthTarget(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", badSetting("http-addr", EnvHTTPAddr, addr, "is not a listen address", "host:port, such as :8080")
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port), nil
}

// checkHealth GETs path of the REST listener at listen address addr, over
// HTTPS if certFile (the gateway's own certificate) is set, within
// timeout. It returns 0 and a line of the answer on 200, else 1 and a
// line that says why.
func checkHealth(addr, certFile, path string, timeout time.Duration) (int, string) {
	target, err := healthTarget(addr)
	if err != nil {
		return 1, err.Error()
	}
	host, _, _ := net.SplitHostPort(target)
	scheme := "http"
	transport := &http.Transport{Proxy: nil, DisableKeepAlives: true} // never through an HTTP_PROXY
	if certFile != "" {
		scheme = "https"
		tc, err := healthTLS(host, certFile)
		if err != nil {
			return 1, err.Error()
		}
		transport.TLSClientConfig = tc
	}
	url := scheme + "://" + target + path
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 1, err.Error()
	}
	res, err := (&http.Client{Transport: transport}).Do(req)
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return 1, fmt.Sprintf("nothing listens on %s (connection refused): is the gateway running, on --http-addr / %s?", target, EnvHTTPAddr)
	case errors.Is(err, context.DeadlineExceeded):
		return 1, fmt.Sprintf("%s did not answer within %s", url, timeout)
	case err != nil:
		return 1, err.Error()
	}
	defer res.Body.Close()
	line, _ := bufio.NewReader(io.LimitReader(res.Body, 200)).ReadString('\n')
	line = strings.TrimSpace(line)
	if res.StatusCode != http.StatusOK {
		return 1, fmt.Sprintf("%s answered %s: %s", url, res.Status, line)
	}
	return 0, fmt.Sprintf("%s: %s", url, line)
}

// healthTLS is the check's TLS configuration. To a loopback host it skips
// verification: the check talks to the gateway on this same host, sends
// no credential and trusts nothing it answers but a status, and the
// gateway's certificate names the service's host, not 127.0.0.1. To any
// other host it verifies the certificate as a caller would, against the
// system's roots and the gateway's own certificate file (a self-signed or
// private-CA certificate).
func healthTLS(host, certFile string) (*tls.Config, error) {
	if authrocket.IsLoopback(host) {
		return &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true}, nil
	}
	pem, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if !roots.AppendCertsFromPEM(pem) {
		return nil, errors.New("TLS certificate: no PEM certificate in " + certFile)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, ServerName: host}, nil
}
