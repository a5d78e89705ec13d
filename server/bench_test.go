package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

const benchToken = "bench-caller-token"

// bench is a gateway served on loopback (gRPC and REST) in front of an
// emulator, as in production but in one process.
type bench struct {
	conn *grpc.ClientConn
	rest string // the REST facade's URL
	ar   *authrocket.Client
}

// benchOptions change how benchGatewayWith starts a bench gateway.
type benchOptions struct {
	// tokens configures the login-token verifier, whose realm keys are
	// read through the adapter.
	tokens logintoken.Config
	// metrics, when set, receives the gateway's metrics.
	metrics prometheus.Registerer
}

// benchGateway starts a bench gateway; tokens (optional) configures its
// login-token verifier.
func benchGateway(b *testing.B, tokens ...logintoken.Config) *bench {
	b.Helper()
	var opts benchOptions
	if len(tokens) > 0 {
		opts.tokens = tokens[0]
	}
	return benchGatewayWith(b, opts)
}

// benchGatewayWith starts a bench gateway with opts.
func benchGatewayWith(b *testing.B, opts benchOptions) *bench {
	b.Helper()
	emu := emulator.New()
	realm, err := emu.CreateRealm("Bench realm")
	if err != nil {
		b.Fatal(err)
	}
	up := httptest.NewServer(emu)
	b.Cleanup(up.Close)
	// The gateway's own cost, not the account's request budget.
	ar, err := authrocket.NewClient(authrocket.Config{URL: up.URL + "/v2", APIKey: authrocket.NewSecret(emu.APIKey()), DefaultRealm: realm, Rate: 1e6, Metrics: opts.metrics})
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policy.AllowAll("bench", benchToken, server.Methods())
	if err != nil {
		b.Fatal(err)
	}
	verifier, err := server.NewTokenVerifier(ar, opts.tokens)
	if err != nil {
		b.Fatal(err)
	}
	sink := audit.NewSink(io.Discard, audit.Options{})
	b.Cleanup(func() { _ = sink.Close() })
	srv, err := server.New(ar, server.Config{
		Policy:  policy.NewStore(pol),
		Tokens:  verifier,
		Logger:  slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Audit:   sink,
		Metrics: opts.metrics,
	})
	if err != nil {
		b.Fatal(err)
	}
	conn, rest := serveOnLoopback(b, srv)
	return &bench{conn: conn, rest: rest, ar: ar}
}

// serveOnLoopback serves srv's gRPC port and REST facade on loopback until
// the test ends, and returns a client connection to the one and the URL of
// the other.
func serveOnLoopback(tb testing.TB, srv *server.Server) (*grpc.ClientConn, string) {
	tb.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = srv.ServeGRPC(lis) }()
	rest := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() { rest.Close(); srv.Stop(context.Background()) })
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn, rest.URL
}

// sendExpect sends req and drains its answer, which must have status want.
func sendExpect(req *http.Request, want int) error {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d, want %d", req.Method, req.URL.Path, res.StatusCode, want)
	}
	return nil
}

// BenchmarkGatewayGRPC measures a whole call over loopback: gRPC client →
// gateway (call path, validation, adapter) → emulator over HTTP → back.
func BenchmarkGatewayGRPC(b *testing.B) {
	users := arv2.NewUsersServiceClient(benchGateway(b).conn)
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+benchToken)
	u, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("bench@example.com")}})
	if err != nil {
		b.Fatal(err)
	}
	id := u.GetUser().GetId()
	b.Run("GetUser", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: id}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	var n atomic.Int64
	b.Run("CreateUser", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				email := fmt.Sprintf("grpc%d@example.com", n.Add(1))
				if _, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: &email}}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkGatewayREST measures the same calls through the REST facade.
func BenchmarkGatewayREST(b *testing.B) {
	base := benchGateway(b).rest
	do := func(method, path, body string, want int) error {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authrocket-Api-Key", benchToken)
		req.Header.Set("Content-Type", "application/json")
		return sendExpect(req, want)
	}
	if err := do("POST", "/v2/users", `{"user":{"email":"bench@example.com","username":"bench"}}`, 201); err != nil {
		b.Fatal(err)
	}
	b.Run("GetUser", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := do("GET", "/v2/users/bench", "", 200); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	var n atomic.Int64
	b.Run("CreateUser", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := do("POST", "/v2/users", fmt.Sprintf(`{"user":{"email":"rest%d@example.com"}}`, n.Add(1)), 201); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkVerifyTokenGRPC measures TokensService/VerifyToken over gRPC on
// loopback with tokens the emulator minted, RS256 and HS256 realms, keys
// read through the API: a token seen before (cached) and, with the cache
// off, the whole verification each time.
//
//	go test -run '^$' -bench BenchmarkVerifyTokenGRPC -benchmem ./server
func BenchmarkVerifyTokenGRPC(b *testing.B) {
	for _, algo := range []string{"rs256", "hs256"} {
		for _, mode := range []struct {
			name  string
			cache int
		}{{"cached", 0}, {"uncached", -1}} {
			b.Run(strings.ToUpper(algo)+"/"+mode.name, func(b *testing.B) {
				g := benchGateway(b, logintoken.Config{CacheSize: mode.cache})
				ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+benchToken)
				token := benchLoginToken(b, g, ctx, algo)
				tokens := gatewayv1.NewTokensServiceClient(g.conn)
				req := &gatewayv1.VerifyTokenRequest{Token: token}
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						res, err := tokens.VerifyToken(ctx, req)
						if err != nil || res.GetSession() == nil {
							b.Error(res, err)
							return
						}
					}
				})
			})
		}
	}
}

// benchLoginToken makes a user and a session, in a new realm of algo, and
// returns the session's token.
func benchLoginToken(b *testing.B, g *bench, ctx context.Context, algo string) string {
	b.Helper()
	rl, err := arv2.NewRealmsServiceClient(g.conn).CreateRealm(ctx, &arv2.CreateRealmRequest{Realm: &arv2.RealmInput{Name: proto.String("Tokens"), JwtAlgo: proto.String(algo)}})
	if err != nil {
		b.Fatal(err)
	}
	realm := rl.GetRealm().GetId()
	u, err := arv2.NewUsersServiceClient(g.conn).CreateUser(ctx, &arv2.CreateUserRequest{RealmId: proto.String(realm), User: &arv2.UserInput{Email: proto.String("token@example.com")}})
	if err != nil {
		b.Fatal(err)
	}
	s, err := arv2.NewSessionsServiceClient(g.conn).CreateSession(ctx, &arv2.CreateSessionRequest{RealmId: proto.String(realm), Session: &arv2.SessionInput{UserId: proto.String(u.GetUser().GetId())}})
	if err != nil {
		b.Fatal(err)
	}
	return s.GetSession().GetToken()
}

// BenchmarkObservability measures what the metrics (the call path's and
// the adapter's) cost a proxied call:
// GetUser over gRPC and over REST, one call at a time, with the gateway's
// metrics off and on. cpu-µs/op is the process's CPU time (gateway, client
// and emulator, all in this process) per call: compare it between the two.
//
//	go test -run '^$' -bench BenchmarkObservability -count 6 ./server
func BenchmarkObservability(b *testing.B) {
	for _, metrics := range []bool{false, true} {
		var reg prometheus.Registerer
		if metrics {
			reg = prometheus.NewRegistry()
		}
		g := benchGatewayWith(b, benchOptions{metrics: reg})
		users := arv2.NewUsersServiceClient(g.conn)
		ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+benchToken)
		u, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("obs@example.com")}})
		if err != nil {
			b.Fatal(err)
		}
		id := u.GetUser().GetId()
		b.Run(fmt.Sprintf("metrics=%v/grpc", metrics), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: id}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("metrics=%v/rest", metrics), func(b *testing.B) {
			req, _ := http.NewRequest("GET", g.rest+"/v2/users/"+id, nil)
			req.Header.Set("Authrocket-Api-Key", benchToken)
			defer reportCPU(b)()
			for b.Loop() {
				if err := sendExpect(req, http.StatusOK); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts counting the process's CPU time; the function it
// returns reports it per op as cpu-µs/op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
