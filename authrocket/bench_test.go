package authrocket_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/protobuf/proto"
)

// withMetrics runs bench without metrics and with them (Config.Metrics),
// as sub-benchmarks metrics=off and metrics=on for benchstat -col /metrics.
// The request budget is lifted: at the default 100 a second, a call would
// measure the budget's wait (10 ms), not the client's work.
func withMetrics(b *testing.B, bench func(b *testing.B, edit func(*authrocket.Config))) {
	unlimited := func(cfg *authrocket.Config) { cfg.Rate, cfg.Burst = 1e9, 1e9 }
	b.Run("metrics=off", func(b *testing.B) { bench(b, unlimited) })
	b.Run("metrics=on", func(b *testing.B) {
		bench(b, func(cfg *authrocket.Config) { unlimited(cfg); cfg.Metrics = prometheus.NewRegistry() })
	})
}

// BenchmarkCallGetUser is one whole call against the emulator on loopback:
// request build, HTTP exchange, emulator, decoding.
func BenchmarkCallGetUser(b *testing.B) { withMetrics(b, benchGetUser) }

func benchGetUser(b *testing.B, edit func(*authrocket.Config)) {
	u := newUpstream(b)
	c := u.client(b, edit)
	usr := createUser(b, c, "bench@example.com", "password123")
	md := method(b, "UsersService.GetUser")
	req := &arv2.GetUserRequest{Id: usr.GetId()}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp := &arv2.GetUserResponse{}
		if _, err := c.Call(ctx, md, req, resp, authrocket.CallOptions{}); err != nil {
			b.Fatal(err)
		}
		if resp.GetUser().GetId() != usr.GetId() {
			b.Fatalf("user %v", resp.GetUser())
		}
	}
	b.StopTimer()
	u.emu.ResetRequests() // the emulator keeps every request
}

var benchUsers atomic.Int64

// BenchmarkCallCreateUser creates a user per iteration (a body to encode, a
// 201 with the new user and its credentials to decode).
func BenchmarkCallCreateUser(b *testing.B) { withMetrics(b, benchCreateUser) }

func benchCreateUser(b *testing.B, edit func(*authrocket.Config)) {
	u := newUpstream(b)
	c := u.client(b, edit)
	md := method(b, "UsersService.CreateUser")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := strconv.FormatInt(benchUsers.Add(1), 10)
		req := &arv2.CreateUserRequest{
			User:    &arv2.UserInput{Email: proto.String("bench" + n + "@example.com"), FirstName: proto.String("Bench"), Reference: proto.String(n)},
			Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1")},
		}
		resp := &arv2.CreateUserResponse{}
		if _, err := c.Call(ctx, md, req, resp, authrocket.CallOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
