package authrocket_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// logBuffer holds the JSON lines of a logger.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the records with msg, decoded, and fails the test if
// any line at all holds the API key or secret.
func (b *logBuffer) lines(t *testing.T, msg, secret string) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(b.buf.String()) {
		if strings.Contains(line, testKey) || strings.Contains(line, secret) {
			t.Errorf("a log line holds a secret: %s", line)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// TestFailureLog: every attempt AuthRocket failed is logged once, at warn,
// with the route template, the attempt, AuthRocket's status and request ID,
// the gateway's request ID, whether it is sent again, and the cause
// scrubbed of secrets; an answer that blames the request is logged at
// debug; a call the gateway did not send is not logged here.
func TestFailureLog(t *testing.T) {
	const (
		msg       = "authrocket request failed"
		requestID = "req-failure-log"
		secret    = "ks_leakedsecret0123456789"
	)
	setup := func(t *testing.T, edit ...func(*authrocket.Config)) (*upstream, *authrocket.Client, *logBuffer) {
		u := newUpstream(t)
		logs := &logBuffer{}
		log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c := u.client(t, append([]func(*authrocket.Config){func(cfg *authrocket.Config) { cfg.Logger = log }}, edit...)...)
		return u, c, logs
	}
	getUser := func(t *testing.T, c *authrocket.Client, id string) error {
		_, _, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}, authrocket.CallOptions{RequestID: requestID})
		return err
	}
	// check compares a line with the fields it must have; upstreamID ""
	// wants none.
	check := func(t *testing.T, rec map[string]any, level string, attempt, status int, upstreamID string, retry bool) {
		t.Helper()
		want := map[string]any{
			"level": level, "route": "GET /v2/users/{id}", "attempt": float64(attempt), "status": float64(status),
			"authrocket_request_id": upstreamID, "request_id": requestID, "retry": retry,
		}
		for k, v := range want {
			if rec[k] != v {
				t.Errorf("%s = %#v, want %#v in %v", k, rec[k], v, rec)
			}
		}
		if e, _ := rec["error"].(string); e == "" {
			t.Errorf("no error in %v", rec)
		}
	}

	t.Run("503Twice", func(t *testing.T) {
		u, c, logs := setup(t)
		u.emu.InjectFault(emulator.Fault{Path: "/v2/users/usr_1*", Status: 503, Errors: []string{"down, key " + secret}, Times: 2})
		if err := getUser(t, c, "usr_1"); asError(t, err).HTTPStatus != 404 {
			t.Fatalf("503, 503, then the emulator's 404: %v", err)
		}
		lines := logs.lines(t, msg, secret)
		if len(lines) != 3 {
			t.Fatalf("%d lines, want one per failed attempt (503, 503, 404): %v", len(lines), lines)
		}
		u.mu.Lock()
		ids := append([]string(nil), u.requestIDs...)
		u.mu.Unlock()
		check(t, lines[0], "WARN", 1, 503, ids[0], true)
		check(t, lines[1], "WARN", 2, 503, ids[1], true)
		check(t, lines[2], "DEBUG", 3, 404, ids[2], false)
		if e := lines[0]["error"].(string); !strings.Contains(e, "503") || !strings.Contains(e, "ks_[REDACTED]") {
			t.Errorf("error %q: want the status and AuthRocket's message, scrubbed", e)
		}
	})
	t.Run("Dropped", func(t *testing.T) {
		u, c, logs := setup(t)
		u.emu.InjectFault(emulator.Fault{Drop: true})
		if err := getUser(t, c, "usr_1"); asError(t, err).HTTPStatus != 0 {
			t.Fatalf("want no answer: %v", err)
		}
		lines := logs.lines(t, msg, secret)
		if len(lines) != 3 {
			t.Fatalf("%d lines, want 3: %v", len(lines), lines)
		}
		for i, rec := range lines {
			check(t, rec, "WARN", i+1, 0, "", i < 2)
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		u, c, logs := setup(t, func(cfg *authrocket.Config) { cfg.AttemptTimeout, cfg.MaxRetries = 20*time.Millisecond, 1 })
		u.emu.InjectFault(emulator.Fault{Latency: time.Minute, Times: 1})
		if err := getUser(t, c, "usr_1"); asError(t, err).HTTPStatus != 404 {
			t.Fatalf("a timeout, then the emulator's 404: %v", err)
		}
		lines := logs.lines(t, msg, secret)
		if len(lines) != 2 {
			t.Fatalf("%d lines, want 2: %v", len(lines), lines)
		}
		check(t, lines[0], "WARN", 1, 0, "", true)
		if e := lines[0]["error"].(string); !strings.Contains(e, "timeout") {
			t.Errorf("error %q does not say it timed out", e)
		}
	})
	t.Run("QueuedNotLogged", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		u, c, logs := setup(t, func(cfg *authrocket.Config) {
			cfg.Concurrency, cfg.QueueWait, cfg.Deadline, cfg.AttemptTimeout, cfg.Metrics = 1, time.Hour, time.Hour, time.Hour, reg
		})
		u.emu.InjectFault(emulator.Fault{Latency: time.Hour})
		callWith := func(ctx context.Context, id string) error {
			_, err := c.Call(ctx, method(t, "UsersService.GetUser"), &arv2.GetUserRequest{Id: "usr_1"}, &arv2.GetUserResponse{}, authrocket.CallOptions{RequestID: id})
			return err
		}
		waitFor := func(name string) {
			for sample(t, reg, name) != 1 {
				time.Sleep(time.Millisecond)
			}
		}
		heldCtx, cancelHeld := context.WithCancel(context.Background())
		queuedCtx, cancelQueued := context.WithCancel(context.Background())
		errs := make(chan error, 2)
		go func() { errs <- callWith(heldCtx, "req-held") }()
		waitFor("authrocket_gateway_upstream_in_flight")
		go func() { errs <- callWith(queuedCtx, "req-queued") }()
		waitFor("authrocket_gateway_upstream_queued")
		cancelQueued()
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Errorf("the queued call: %v, want Canceled", err)
		}
		cancelHeld()
		<-errs
		lines := logs.lines(t, msg, secret)
		if len(lines) != 1 || lines[0]["request_id"] != "req-held" || lines[0]["level"] != "DEBUG" {
			t.Errorf("want one debug line, of the request sent and cancelled: %v", lines)
		}
	})
	t.Run("CircuitOpenNotLogged", func(t *testing.T) {
		u, c, logs := setup(t, func(cfg *authrocket.Config) { cfg.BreakerFailures, cfg.BreakerOpen, cfg.MaxRetries = 1, time.Hour, -1 })
		u.emu.InjectFault(emulator.Fault{Status: 500})
		getUser(t, c, "usr_1")
		if err := getUser(t, c, "usr_1"); !errors.Is(err, authrocket.ErrCircuitOpen) {
			t.Fatalf("second call: %v, want ErrCircuitOpen", err)
		}
		lines := logs.lines(t, msg, secret)
		if len(lines) != 1 {
			t.Fatalf("%d lines, want 1 (the refused call is not AuthRocket's failure): %v", len(lines), lines)
		}
		check(t, lines[0], "WARN", 1, 500, lines[0]["authrocket_request_id"].(string), false)
		if lines[0]["authrocket_request_id"] == "" {
			t.Error("no AuthRocket request ID")
		}
	})
}
