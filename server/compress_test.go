package server_test

import (
	"context"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// TestCompressedMessageRefused: a gRPC request message compressed with
// gzip is refused, UNIMPLEMENTED, as the REST facade refuses a compressed
// body, though gzip is linked into the binary (OpenTelemetry's OTLP
// exporters register grpc-go's gzip codec): the call is audited, and
// AuthRocket never called.
func TestCompressedMessageRefused(t *testing.T) {
	g := startTraceGateway(t)
	before := g.emu.RequestCount()
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+traceToken, "x-request-id", "gzipped")
	_, err := arv2.NewUsersServiceClient(g.conn).GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1"}, grpc.UseCompressor(gzip.Name))
	if status.Code(err) != codes.Unimplemented || !strings.Contains(status.Convert(err).Message(), "uncompressed") {
		t.Fatalf("a gzip-compressed message: %v", err)
	}
	if g.emu.RequestCount() != before {
		t.Error("a compressed call reached AuthRocket")
	}
	if recs := g.audit.of("gzipped"); len(recs) != 1 || recs[0].Code() != codes.Unimplemented || recs[0].Reason() != "UNIMPLEMENTED" {
		t.Errorf("audit records %v", recs)
	}
}
