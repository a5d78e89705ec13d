package redisstate_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/authrocket-gateway/gateway/redisstate"
	"github.com/authrocket-gateway/gateway/redisstate/redistest"
	spb "google.golang.org/genproto/googleapis/rpc/status"
)

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
	r := redistest.Start(t)
	a, b := newClient(t, redisstate.Config{URL: r.URL()}), newClient(t, redisstate.Config{URL: r.URL()})
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
	r := redistest.Start(t)
	changes := make(chan bool, 4)
	c := newClient(t, redisstate.Config{URL: r.URL(), OnChange: func(up bool) { changes <- up }})
	ctx := context.Background()
	if _, _, err := c.Allow(ctx, "budget", 100, 10); err != nil || !c.Up() {
		t.Fatalf("Allow: %v, up %v", err, c.Up())
	}
	r.Stop()
	if _, _, err := c.Allow(ctx, "budget", 100, 10); err == nil {
		t.Fatal("Allow with Redis stopped succeeded")
	}
	if c.Up() {
		t.Fatal("still up after a failed command")
	}
	if _, _, err := c.Allow(ctx, "budget", 100, 10); !errors.Is(err, redisstate.ErrDown) {
		t.Errorf("Allow while down: %v, want ErrDown", err)
	}
	r.Restart()
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
	r := redistest.Start(t)
	local := func() *idempotency.Store { return idempotency.New(100, time.Hour) }
	a := newClient(t, redisstate.Config{URL: r.URL()}).Records(local(), time.Hour)
	b := newClient(t, redisstate.Config{URL: r.URL()}).Records(local(), time.Hour)
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

	r.Stop()
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
	r := redistest.Start(t, "--requirepass", "s3cret-pass")
	if _, err := redisstate.New(redisstate.Config{URL: "redis://:s3cret-pass@127.0.0.1:" + strconv.Itoa(r.Port)}); err == nil {
		t.Error("a password in the URL was accepted")
	}
	c := newClient(t, redisstate.Config{URL: r.URL(), Password: "s3cret-pass"})
	if err := c.Ping(context.Background()); err != nil {
		t.Errorf("Ping with the password: %v", err)
	}
	wrong := newClient(t, redisstate.Config{URL: r.URL(), Password: "wrong"})
	if err := wrong.Ping(context.Background()); err == nil {
		t.Error("Ping with a wrong password succeeded")
	}
}

// TestTLS: a rediss:// Redis is verified against Config.RootCAs; without
// them (the system's roots) its certificate is refused.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "redis test"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "redis.crt"), filepath.Join(dir, "redis.key")
	_ = os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	r := redistest.StartTLS(t, certFile, keyFile)
	cert, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(cert)

	if err := newClient(t, redisstate.Config{URL: r.URL(), RootCAs: roots}).Ping(context.Background()); err != nil {
		t.Errorf("Ping over TLS with the server's CA: %v", err)
	}
	// The handshake fails on the unknown authority (or, slowed down by the
	// race detector, runs out of its 250 ms first): refused either way.
	untrusting := newClient(t, redisstate.Config{URL: r.URL()})
	if err := untrusting.Ping(context.Background()); err == nil || untrusting.Up() {
		t.Errorf("Ping over TLS with the system's roots: %v, up %v; want refused", err, untrusting.Up())
	}
}
