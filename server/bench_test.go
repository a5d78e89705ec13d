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
	"testing"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

const benchToken = "bench-caller-token"

// benchGateway serves the gateway on loopback (gRPC and REST) in front of
// an emulator, as in production but in one process.
func benchGateway(b *testing.B) (arv2.UsersServiceClient, string) {
	b.Helper()
	emu := emulator.New()
	realm, err := emu.CreateRealm("Bench realm")
	if err != nil {
		b.Fatal(err)
	}
	up := httptest.NewServer(emu)
	b.Cleanup(up.Close)
	ar, err := authrocket.NewClient(authrocket.Config{URL: up.URL + "/v2", APIKey: authrocket.NewSecret(emu.APIKey()), DefaultRealm: realm})
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policy.AllowAll("bench", benchToken, server.Methods())
	if err != nil {
		b.Fatal(err)
	}
	verifier, err := logintoken.New(logintoken.Config{})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(context.Background(), ar, server.Config{
		Policy: policy.NewStore(pol),
		Tokens: verifier,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Audit:  audit.NewSink(io.Discard),
	})
	if err != nil {
		b.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.ServeGRPC(lis) }()
	rest := httptest.NewServer(srv.Handler())
	b.Cleanup(func() { rest.Close(); srv.Stop(context.Background()) })
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	return arv2.NewUsersServiceClient(conn), rest.URL
}

// BenchmarkGatewayGRPC measures a whole call over loopback: gRPC client →
// gateway (interceptors, validation, adapter) → emulator over HTTP → back.
func BenchmarkGatewayGRPC(b *testing.B) {
	users, _ := benchGateway(b)
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
	_, base := benchGateway(b)
	do := func(method, path, body string, want int) error {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authrocket-Api-Key", benchToken)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			return fmt.Errorf("%s %s: %d, want %d", method, path, res.StatusCode, want)
		}
		return nil
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
