// Package redistest runs a redis-server of a test's own on loopback, as
// httptest runs an HTTP server: started with the test, stopped with it.
package redistest

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Server is a redis-server on 127.0.0.1, without persistence.
type Server struct {
	t    testing.TB
	Port int
	tls  bool
	args []string
	cmd  *exec.Cmd
}

// Start starts redis-server with args on a free loopback port; it stops
// with the test. Without redis-server the test is skipped, unless
// AUTHROCKET_GATEWAY_REQUIRE_REDIS is set (CI; scripts/install-redis
// installs it).
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	return start(t, false, args...)
}

// StartTLS is Start with TLS only, the server's PEM certificate and key in
// certFile and keyFile; clients need no certificate.
func StartTLS(t testing.TB, certFile, keyFile string, args ...string) *Server {
	t.Helper()
	return start(t, true, append([]string{"--tls-cert-file", certFile, "--tls-key-file", keyFile, "--tls-auth-clients", "no"}, args...)...)
}

func start(t testing.TB, tls bool, args ...string) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("AUTHROCKET_GATEWAY_REQUIRE_REDIS") != "" {
			t.Fatal("redis-server is not installed: scripts/install-redis (as root)")
		}
		t.Skip("redis-server is not installed (scripts/install-redis)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, Port: l.Addr().(*net.TCPAddr).Port, tls: tls, args: args}
	l.Close()
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// URL is the server's redis:// (or rediss://) URL.
func (s *Server) URL() string {
	if s.tls {
		return "rediss://127.0.0.1:" + strconv.Itoa(s.Port)
	}
	return "redis://127.0.0.1:" + strconv.Itoa(s.Port)
}

// Restart starts the server again on its port (after Stop), empty.
func (s *Server) Restart() {
	s.t.Helper()
	listen := []string{"--port", strconv.Itoa(s.Port)}
	if s.tls {
		listen = []string{"--port", "0", "--tls-port", strconv.Itoa(s.Port)}
	}
	s.cmd = exec.Command("redis-server", append(append(listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), s.args...)...)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.Port)); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatal("redis-server did not start within 5 s")
		}
	}
}

// Stop kills the server, as a crash would.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}
