package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// Metadata keys (lowercase, as gRPC carries them).
const (
	mdRequestID           = "x-request-id"          // the gateway's request ID, both ways
	mdAuthRocketRequestID = "authrocket-request-id" // AuthRocket's X-Request-ID, in response headers
	mdAuthRocketStatus    = "authrocket-http-status"
	mdRealm               = "authrocket-realm"
	mdLocale              = "accept-language"
	mdAuthorization       = "authorization"
	mdAPIKey              = "authrocket-api-key"
	// mdClientCert carries a REST caller's verified client certificate
	// (DER) over the in-process connection.
	mdClientCert = "x-gateway-client-cert-bin"
)

type requestIDKey struct{}

// RequestID returns the gateway's request ID of the call in ctx.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID accepts a caller's request ID: 1–128 characters of
// letters, digits and "-_.:". Anything else is replaced by a fresh ID.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// requestIDInterceptor gives every call a request ID, the caller's when well
// formed, and sends it back in the response headers.
func requestIDInterceptor(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	id := ""
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if v := md.Get(mdRequestID); len(v) > 0 && validRequestID(v[0]) {
			id = v[0]
		}
	}
	if id == "" {
		id = newRequestID()
	}
	_ = grpc.SetHeader(ctx, metadata.Pairs(mdRequestID, id))
	return handler(context.WithValue(ctx, requestIDKey{}, id), req)
}
