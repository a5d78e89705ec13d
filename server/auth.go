package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"strings"

	"github.com/authrocket-gateway/gateway/audit"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// Caller is an authenticated caller of the gateway.
type Caller struct {
	// Name identifies the caller in logs and audit records.
	Name string
}

// An Authenticator identifies the caller of a call from its metadata. It is
// the seam for per-caller credentials, mTLS and policy.
type Authenticator interface {
	// Authenticate returns the caller, or an error that the gateway turns
	// into UNAUTHENTICATED. The error must not say which part was wrong.
	Authenticate(ctx context.Context, md metadata.MD) (Caller, error)
}

// ErrUnauthenticated is what an Authenticator returns for a missing or
// wrong credential.
var ErrUnauthenticated = errors.New("missing or invalid credential")

// errAuthRocketKeyPresented is returned for a credential that looks like an
// AuthRocket secret key: callers never hold, send or get AuthRocket's key.
var errAuthRocketKeyPresented = errors.New("an AuthRocket API key (ks_…) was presented: call the gateway with your own gateway credential, never with AuthRocket's key")

// TokenAuthenticator accepts bearer tokens. It keeps only their SHA-256
// hashes and compares them in constant time.
type TokenAuthenticator struct {
	tokens []tokenHash
}

type tokenHash struct {
	sum    [sha256.Size]byte
	caller Caller
}

// NewTokenAuthenticator returns an authenticator for the tokens of callers,
// a map from caller name to token.
func NewTokenAuthenticator(tokens map[string]string) *TokenAuthenticator {
	a := &TokenAuthenticator{}
	for name, tok := range tokens {
		a.tokens = append(a.tokens, tokenHash{sum: sha256.Sum256([]byte(tok)), caller: Caller{Name: name}})
	}
	return a
}

// Authenticate implements Authenticator. The credential is read from
// `authorization: Bearer <token>` or, for AuthRocket SDKs,
// `authrocket-api-key: <token>`.
func (a *TokenAuthenticator) Authenticate(_ context.Context, md metadata.MD) (Caller, error) {
	tok := credential(md)
	if tok == "" {
		return Caller{}, ErrUnauthenticated
	}
	if strings.HasPrefix(tok, "ks_") {
		return Caller{}, errAuthRocketKeyPresented
	}
	sum := sha256.Sum256([]byte(tok))
	found := -1
	for i := range a.tokens {
		if subtle.ConstantTimeCompare(sum[:], a.tokens[i].sum[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Caller{}, ErrUnauthenticated
	}
	return a.tokens[found].caller, nil
}

// credential returns the caller's credential from the metadata: every
// `authorization` (Bearer scheme only) and `authrocket-api-key` value must
// name the same one, so a call never carries two identities.
func credential(md metadata.MD) string {
	var tok string
	for _, v := range md.Get(mdAuthorization) {
		scheme, t, ok := strings.Cut(v, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return ""
		}
		if t = strings.TrimSpace(t); tok != "" && t != tok {
			return ""
		}
		tok = t
	}
	for _, t := range md.Get(mdAPIKey) {
		if t = strings.TrimSpace(t); tok != "" && t != tok {
			return ""
		}
		tok = t
	}
	return tok
}

// ClientCertificate returns the verified client certificate of the call in
// ctx (mTLS), or nil: from the TLS connection on the gRPC port, from the
// REST facade's handover on the in-process connection.
func ClientCertificate(ctx context.Context, md metadata.MD) *x509.Certificate {
	if transport(ctx) == "rest" {
		if v := md.Get(mdClientCert); len(v) == 1 {
			cert, err := x509.ParseCertificate([]byte(v[0]))
			if err == nil {
				return cert
			}
		}
		return nil
	}
	p, ok := peer.FromContext(ctx)
	if !ok {
		return nil
	}
	if info, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(info.State.VerifiedChains) > 0 && len(info.State.VerifiedChains[0]) > 0 {
		return info.State.VerifiedChains[0][0]
	}
	return nil
}

type callerKey struct{}

// CallerFrom returns the authenticated caller of the call in ctx.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// unauthenticatedMethods need no credential: health checks.
func unauthenticated(fullMethod string) bool {
	return strings.HasPrefix(fullMethod, "/grpc.health.v1.Health/")
}

// authInterceptor refuses calls without a valid caller credential.
func authInterceptor(a Authenticator) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if unauthenticated(info.FullMethod) {
			return handler(ctx, req)
		}
		md, _ := metadata.FromIncomingContext(ctx)
		caller, err := a.Authenticate(ctx, md)
		rec := recordOf(ctx)
		switch {
		case errors.Is(err, errAuthRocketKeyPresented):
			rec.decision, rec.rule = audit.Deny, "AuthRocket key presented"
			return nil, newStatus(codes.Unauthenticated, err.Error(), "AUTHROCKET_KEY_PRESENTED", callFacts{requestID: RequestID(ctx)}, nil).Err()
		case err != nil:
			rec.decision, rec.rule = audit.Deny, "unauthenticated"
			return nil, newStatus(codes.Unauthenticated, ErrUnauthenticated.Error(), "UNAUTHENTICATED", callFacts{requestID: RequestID(ctx)}, nil).Err()
		}
		rec.caller = caller.Name
		return handler(context.WithValue(ctx, callerKey{}, caller), req)
	}
}
