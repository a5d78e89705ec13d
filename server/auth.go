package server

import (
	"crypto/x509"
	"errors"
	"strings"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redact"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
)

// ErrUnauthenticated is the error of a missing or wrong credential. It
// never says which part was wrong.
var ErrUnauthenticated = errors.New("missing or invalid credential")

// errAuthRocketKeyPresented is returned for a credential that holds a token
// shaped like one of AuthRocket's secrets (redact.ContainsAuthRocket: an
// API key, a realm's JWT secret, a service credential): callers never
// hold, send or get AuthRocket's secrets. It does not repeat the token.
var errAuthRocketKeyPresented = errors.New("an AuthRocket API key or other AuthRocket secret was presented: call the gateway with your own gateway credential, never with AuthRocket's")

// authFailure is what was wrong with a call's identity: the label of
// authrocket_gateway_auth_failures_total. The caller is told no more than
// ErrUnauthenticated, which it matches.
type authFailure string

const (
	missingCredential   authFailure = "missing_credential"   // neither a credential nor a known certificate
	malformedCredential authFailure = "malformed_credential" // not a Bearer scheme, empty, or two credentials
	unknownCredential   authFailure = "unknown_credential"   // a credential of no caller
	identityConflict    authFailure = "identity_conflict"    // credential and certificate of two callers
	keyPresented        authFailure = "authrocket_key_presented"
)

func (f authFailure) Error() string {
	if f == keyPresented {
		return errAuthRocketKeyPresented.Error()
	}
	return ErrUnauthenticated.Error()
}

func (f authFailure) Is(target error) bool {
	if f == keyPresented {
		return target == errAuthRocketKeyPresented
	}
	return target == ErrUnauthenticated
}

// authenticate identifies the caller of a call by its bearer credential
// (`authorization: Bearer <credential>` or, as AuthRocket's SDKs send it,
// `authrocket-api-key: <credential>`) and its verified client certificate.
// A credential that is presented must be valid; a certificate that names
// no caller of the policy is no identity (a mesh may give every workload
// one); when both identify a caller it must be the same one.
func authenticate(pol *policy.Policy, md metadata.MD, cert *x509.Certificate) (*policy.Caller, error) {
	tok, ok := credential(md)
	if !ok {
		return nil, malformedCredential
	}
	if redact.ContainsAuthRocket(tok) {
		return nil, keyPresented
	}
	var byToken, byCert *policy.Caller
	if tok != "" {
		if byToken = pol.ByCredential(tok); byToken == nil {
			return nil, unknownCredential
		}
	}
	if cert != nil {
		byCert = pol.ByCertificate(call.SPIFFEIDs(cert), cert.DNSNames)
	}
	switch {
	case byToken != nil && byCert != nil && byToken != byCert:
		return nil, identityConflict
	case byToken != nil:
		return byToken, nil
	case byCert != nil:
		return byCert, nil
	}
	return nil, missingCredential
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

// authenticate is the first stage: it refuses a call without a valid
// caller identity under the policy in force.
func (p *pipeline) authenticate(c *inflight) error {
	caller, err := authenticate(p.policy.Policy(), c.md, c.cert)
	if f, ok := err.(authFailure); ok {
		p.metrics.authFailed(c.rec, f)
	}
	switch {
	case errors.Is(err, errAuthRocketKeyPresented):
		c.rec.Denied("AuthRocket key presented")
		return apierror.New(codes.Unauthenticated, "AUTHROCKET_KEY_PRESENTED", err.Error())
	case err != nil:
		c.rec.Denied("unauthenticated")
		return apierror.New(codes.Unauthenticated, "UNAUTHENTICATED", ErrUnauthenticated.Error())
	}
	c.caller = caller
	c.rec.Authenticated(caller.Name)
	return nil
}
