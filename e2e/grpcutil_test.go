package e2e

import (
	"context"
	"fmt"

	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/reflect/protoreflect"
)

func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// protoName returns the full proto name of a status detail.
func protoName(d any) string {
	if m, ok := d.(interface {
		ProtoReflect() protoreflect.Message
	}); ok {
		return string(m.ProtoReflect().Descriptor().FullName())
	}
	return ""
}

func fmtAny(v any) string { return fmt.Sprintf("%v", v) }

// withRequestID sets the call's request ID (the gateway keeps a caller's).
func withRequestID(ctx context.Context, id string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-request-id", id)
}
