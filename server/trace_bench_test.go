package server_test

import (
	"context"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// BenchmarkTracedGetUser is BenchmarkGatewayGRPC/GetUser with tracing on:
// every call sampled (a caller's sampled traceparent), its server and
// client spans batched to an exporter that drops them. Against
// BenchmarkGatewayGRPC/GetUser it is what tracing costs a call.
func BenchmarkTracedGetUser(b *testing.B) {
	g := startTraceGateway(b, sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	users := arv2.NewUsersServiceClient(g.conn)
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+traceToken,
		"traceparent", newCallerTrace().traceparent())
	u, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("bench@example.com")}})
	if err != nil {
		b.Fatal(err)
	}
	id := u.GetUser().GetId()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: id}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
