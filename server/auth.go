package server

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// ErrUnauthenticated is the error of a missing or wrong credential. It
// never says which part was wrong.
var ErrUnauthenticated = errors.New("missing or invalid credential")

// errAuthRocketKeyPresented is returned for a credential that looks like an
// AuthRocket secret key: callers never hold, send or get AuthRocket's key.
var errAuthRocketKeyPresented = errors.New("an AuthRocket API key (ks_…) was presented: call the gateway with your own gateway credential, never with AuthRocket's key")

// authenticate identifies the caller of a call by its bearer credential
// (`authorization: Bearer <credential>` or, as AuthRocket's SDKs send it,
// `authrocket-api-key: <credential>`) and its verified client certificate.
// A credential that is presented must be valid; a certificate that names
// no caller of the policy is no identity (a mesh may give every workload
// one); when both identify a caller it must be the same one.
func authenticate(pol *policy.Policy, md metadata.MD, cert *x509.Certificate) (*policy.Caller, error) {
	tok, ok := credential(md)
	if !ok {
		return nil, ErrUnauthenticated
	}
	if strings.HasPrefix(tok, "ks_") {
		return nil, errAuthRocketKeyPresented
	}
	var byToken, byCert *policy.Caller
	if tok != "" {
		if byToken = pol.ByCredential(tok); byToken == nil {
			return nil, ErrUnauthenticated
		}
	}
	if cert != nil {
		byCert = pol.ByCertificate(spiffeIDs(cert), cert.DNSNames)
	}
	switch {
	case byToken != nil && byCert != nil && byToken != byCert:
		return nil, ErrUnauthenticated
	case byToken != nil:
		return byToken, nil
	case byCert != nil:
		return byCert, nil
	}
	return nil, ErrUnauthenticated
}

// spiffeIDs are the SPIFFE IDs among cert's URI SANs.
func spiffeIDs(cert *x509.Certificate) []string {
	var ids []string
	for _, u := range cert.URIs {
		if u.Scheme == "spiffe" {
			ids = append(ids, u.String())
		}
	}
	return ids
}

// credential returns the caller's credential from the metadata, "" when
// there is none, and false when the headers are unusable: every
// `authorization` (Bearer scheme only) and `authrocket-api-key` value must
// name the same non-empty one, so a call never carries two identities.
func credential(md metadata.MD) (string, bool) {
	var tok string
	values := md.Get(mdAPIKey)
	for _, v := range md.Get(mdAuthorization) {
		scheme, t, ok := strings.Cut(v, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return "", false
		}
		values = append(values, t)
	}
	for _, t := range values {
		if t = strings.TrimSpace(t); t == "" || tok != "" && t != tok {
			return "", false
		}
		tok = t
	}
	return tok, true
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
func CallerFrom(ctx context.Context) (*policy.Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(*policy.Caller)
	return c, ok
}

// unauthenticatedMethods need no credential: health checks.
func unauthenticated(fullMethod string) bool {
	return strings.HasPrefix(fullMethod, "/grpc.health.v1.Health/")
}

// authInterceptor refuses calls without a valid caller identity under the
// policy in force.
func authInterceptor(store *policy.Store) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if unauthenticated(info.FullMethod) {
			return handler(ctx, req)
		}
		md, _ := metadata.FromIncomingContext(ctx)
		caller, err := authenticate(store.Policy(), md, ClientCertificate(ctx, md))
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
