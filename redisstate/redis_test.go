package redisstate_test

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/authrocket-gateway/gateway/redisstate"
	spb "google.golang.org/genproto/googleapis/rpc/status"
)

// redisServer is a redis-server of the test's own, on loopback.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

// startRedis starts redis-server on a free loopback port, stopped with
// the test. Without redis-server the test is skipped, unless
// AUTHROCKET_GATEWAY_REQUIRE_REDIS is set (CI: scripts/install-redis).
func startRedis(t *testing.T, args ...string) *redisServer {
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
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &redisServer{t: t, port: port}
	s.start(args...)
	t.Cleanup(s.stop)
	return s
}

func (s *redisServer) url() string { return "redis://127.0.0.1:" + strconv.Itoa(s.port) }

func (s *redisServer) start(args ...string) {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", append([]string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, args...)...)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.port)); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatal("redis-server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *redisServer) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

func newClient(t *testing.T, cfg redisstate.Config) *redisstate.Client {
	t.Helper()
	c, err := redisstate.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
	}
}

// TestSharedLimit: two replicas spend one limit (GCRA): its burst in all,
// then a refusal that says when the next request may go.
func TestSharedLimit(t *testing.T) {
	r := startRedis(t)
	a, b := newClient(t, redisstate.Config{URL: r.url()}), newClient(t, redisstate.Config{URL: r.url()})
	ctx := context.Background()
	allowed := 0
	for i := range 10 {
		c := a
		if i%2 == 1 {
			c = b
		}
		ok, wait, err := c.Allow(ctx, "caller:billing", 1, 4)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			allowed++
		} else if wait <= 0 || wait > time.Second {
			t.Errorf("refused with retry after %v, want (0, 1s]", wait)
		}
	}
	if allowed != 4 {
		t.Errorf("%d allowed of 10 across two replicas, want the burst, 4", allowed)
	}
	if ok, _, _ := a.Allow(ctx, "caller:other", 1, 4); !ok {
		t.Error("another limit's first request refused")
	}
}

// TestDownAndBack: a Redis that stops answering is down at the first
// failed command, every command then fails at once with ErrDown, and the
// probe finds it again once it is back.
func TestDownAndBack(t *testing.T) {
	r := startRedis(t)
	changes := make(chan bool, 4)
	c := newClient(t, redisstate.Config{URL: r.url()})
	c.OnChange(func(up bool) { changes <- up })
	ctx := context.Background()
	if _, _, err := c.Allow(ctx, "budget", 100, 10); err != nil || !c.Up() {
		t.Fatalf("Allow: %v, up %v", err, c.Up())
	}
	r.stop()
	if _, _, err := c.Allow(ctx, "budget", 100, 10); err == nil {
		t.Fatal("Allow with Redis stopped succeeded")
	}
	if c.Up() {
		t.Fatal("still up after a failed command")
	}
	if _, _, err := c.Allow(ctx, "budget", 100, 10); !errors.Is(err, redisstate.ErrDown) {
		t.Errorf("Allow while down: %v, want ErrDown", err)
	}
	r.start()
	eventually(t, "Redis up again", c.Up)
	if _, _, err := c.Allow(ctx, "budget", 100, 10); err != nil {
		t.Errorf("Allow after Redis came back: %v", err)
	}
	if first, second := <-changes, <-changes; first || !second || len(changes) != 0 {
		t.Errorf("OnChange saw %v then %v (and %d more), want false then true", first, second, len(changes))
	}
}

// TestRecords: a key claimed on one replica is in progress on another,
// then answers its outcome there; another request under the key is a
// mismatch; a request that ends without an outcome frees the key; while
// Redis is down the replica's own store takes the keys.
func TestRecords(t *testing.T) {
	r := startRedis(t)
	local := func() *idempotency.Store { return idempotency.New(100, time.Hour) }
	a := newClient(t, redisstate.Config{URL: r.url()}).Records(local(), time.Hour)
	b := newClient(t, redisstate.Config{URL: r.url()}).Records(local(), time.Hour)
	fp, other := idempotency.Fingerprint{1}, idempotency.Fingerprint{2}

	first, done, err := a.Begin("billing\x00Create\x00k1", fp)
	if err != nil || first != nil || done == nil {
		t.Fatalf("Begin of a new key: %v, %v", first, err)
	}
	if _, _, err := b.Begin("billing\x00Create\x00k1", fp); !errors.Is(err, idempotency.ErrInProgress) {
		t.Errorf("Begin on another replica while in progress: %v", err)
	}
	done(&idempotency.Outcome{Response: []byte("resp"), HTTPStatus: 201, RequestID: "ar-1"})
	got, _, err := b.Begin("billing\x00Create\x00k1", fp)
	if err != nil || got == nil || string(got.Response) != "resp" || got.HTTPStatus != 201 || got.RequestID != "ar-1" || got.Status != nil {
		t.Errorf("Begin on another replica once finished: %+v, %v", got, err)
	}
	if _, _, err := b.Begin("billing\x00Create\x00k1", other); !errors.Is(err, idempotency.ErrMismatch) {
		t.Errorf("another request under the key: %v", err)
	}

	_, done, _ = a.Begin("billing\x00Create\x00k2", fp)
	done(&idempotency.Outcome{Status: &spb.Status{Code: 6, Message: "exists"}, HTTPStatus: 409})
	if got, _, _ := b.Begin("billing\x00Create\x00k2", fp); got == nil || got.Status.GetCode() != 6 || got.Status.GetMessage() != "exists" {
		t.Errorf("an error outcome: %+v", got)
	}

	_, done, _ = a.Begin("billing\x00Create\x00k3", fp)
	done(nil)
	if first, done, err := b.Begin("billing\x00Create\x00k3", fp); err != nil || first != nil || done == nil {
		t.Errorf("a key freed without an outcome: %v, %v", first, err)
	}

	r.stop()
	if _, _, err := a.Begin("billing\x00Create\x00k4", fp); err != nil {
		t.Fatalf("Begin while Redis stops: %v", err)
	}
	if a.Shared() {
		t.Error("records shared while Redis is down")
	}
	if _, _, err := a.Begin("billing\x00Create\x00k4", fp); !errors.Is(err, idempotency.ErrInProgress) {
		t.Errorf("the replica's own store while Redis is down: %v", err)
	}
}

// TestPassword: a password comes from Config, never the URL.
func TestPassword(t *testing.T) {
	r := startRedis(t, "--requirepass", "s3cret-pass")
	if _, err := redisstate.New(redisstate.Config{URL: "redis://:s3cret-pass@127.0.0.1:" + strconv.Itoa(r.port)}); err == nil {
		t.Error("a password in the URL was accepted")
	}
	c := newClient(t, redisstate.Config{URL: r.url(), Password: "s3cret-pass"})
	if err := c.Ping(context.Background()); err != nil {
		t.Errorf("Ping with the password: %v", err)
	}
	wrong := newClient(t, redisstate.Config{URL: r.url(), Password: "wrong"})
	if err := wrong.Ping(context.Background()); err == nil {
		t.Error("Ping with a wrong password succeeded")
	}
}
