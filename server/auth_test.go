package server

import (
	"crypto/x509"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/metadata"
)

func testPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(strings.NewReader(`
callers:
  - name: billing
    credentials: [`+policy.HashCredential("tok-billing")+`]
    certificates: [spiffe://example.org/billing]
    methods: ["*/*"]
    realms: ["*"]
  - name: search
    credentials: [`+policy.HashCredential("tok-search")+`]
    certificates: [search.internal.example.com]
    methods: ["*/*"]
    realms: ["*"]
`), Methods())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func cert(spiffe string, dns ...string) *x509.Certificate {
	c := &x509.Certificate{DNSNames: dns}
	if spiffe != "" {
		u, _ := url.Parse(spiffe)
		c.URIs = []*url.URL{u}
	}
	return c
}

func TestAuthenticate(t *testing.T) {
	pol := testPolicy(t)
	tests := []struct {
		name    string
		md      metadata.MD
		cert    *x509.Certificate
		caller  string
		wantErr error
	}{
		{"bearer", metadata.Pairs("authorization", "Bearer tok-billing"), nil, "billing", nil},
		{"bearer, any case", metadata.Pairs("authorization", "bearer tok-search"), nil, "search", nil},
		{"SDK header", metadata.Pairs("authrocket-api-key", "tok-search"), nil, "search", nil},
		{"both headers, same credential", metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", "tok-billing"), nil, "billing", nil},
		{"both headers, two credentials", metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", "tok-search"), nil, "", ErrUnauthenticated},
		{"two bearer credentials", metadata.Pairs("authorization", "Bearer tok-billing", "authorization", "Bearer tok-search"), nil, "", ErrUnauthenticated},
		{"no credential", metadata.MD{}, nil, "", ErrUnauthenticated},
		{"other scheme", metadata.Pairs("authorization", "Basic tok-billing"), nil, "", ErrUnauthenticated},
		{"wrong credential", metadata.Pairs("authorization", "Bearer tok-billinG"), nil, "", ErrUnauthenticated},
		{"empty bearer", metadata.Pairs("authorization", "Bearer "), nil, "", ErrUnauthenticated},
		{"empty SDK header beside a credential", metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", ""), nil, "", ErrUnauthenticated},
		{"AuthRocket key", metadata.Pairs("authrocket-api-key", "ks_abcdefgh"), nil, "", errAuthRocketKeyPresented},
		{"AuthRocket key with a realm", metadata.Pairs("authorization", "Bearer ks_abcdefgh,rl_1"), nil, "", errAuthRocketKeyPresented},
		{"AuthRocket key of AR1", metadata.Pairs("authorization", "Bearer ko_abcdefgh"), nil, "", errAuthRocketKeyPresented},
		{"AuthRocket key of AR1, key_", metadata.Pairs("authorization", "Bearer key_abcdefgh"), nil, "", errAuthRocketKeyPresented},
		{"realm JWT secret", metadata.Pairs("authorization", "Bearer jsk_abcdefgh"), nil, "", errAuthRocketKeyPresented},
		{"service credential", metadata.Pairs("authrocket-api-key", "svc_abcdefgh"), nil, "", errAuthRocketKeyPresented},
		{"too short for a key", metadata.Pairs("authrocket-api-key", "ks_abc"), nil, "", ErrUnauthenticated},
		{"gateway credential of no caller", metadata.Pairs("authorization", "Bearer argw_abcdefgh"), nil, "", ErrUnauthenticated},
		{"SPIFFE certificate", metadata.MD{}, cert("spiffe://example.org/billing"), "billing", nil},
		{"DNS certificate", metadata.MD{}, cert("", "search.internal.example.com"), "search", nil},
		{"certificate and credential of one caller", metadata.Pairs("authorization", "Bearer tok-billing"), cert("spiffe://example.org/billing"), "billing", nil},
		{"certificate and credential of two callers", metadata.Pairs("authorization", "Bearer tok-search"), cert("spiffe://example.org/billing"), "", ErrUnauthenticated},
		// A mesh may give every workload a certificate: one the policy
		// does not know is no identity, and the credential decides.
		{"unknown certificate and a credential", metadata.Pairs("authorization", "Bearer tok-search"), cert("spiffe://example.org/other", "other.example.com"), "search", nil},
		{"unknown certificate alone", metadata.MD{}, cert("spiffe://example.org/other"), "", ErrUnauthenticated},
		{"known certificate, wrong credential", metadata.Pairs("authorization", "Bearer nope"), cert("spiffe://example.org/billing"), "", ErrUnauthenticated},
		// SPIFFE IDs: scheme and trust domain in any case, the path exactly.
		{"SPIFFE ID, trust domain in upper case", metadata.MD{}, cert("SPIFFE://EXAMPLE.ORG/billing"), "billing", nil},
		{"SPIFFE ID, path in another case", metadata.MD{}, cert("spiffe://example.org/Billing"), "", ErrUnauthenticated},
		// A CA-signed certificate whose DNS SAN is spelled like a caller's
		// SPIFFE ID is not that caller.
		{"SPIFFE ID in a DNS SAN", metadata.MD{}, cert("", "spiffe://example.org/billing"), "", ErrUnauthenticated},
		{"SPIFFE ID in a DNS SAN, a credential of another caller", metadata.Pairs("authorization", "Bearer tok-search"), cert("", "spiffe://example.org/billing"), "search", nil},
		{"DNS name in a URI SAN", metadata.MD{}, cert("dns://search.internal.example.com"), "", ErrUnauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := authenticate(pol, tt.md, tt.cert)
			name := ""
			if c != nil {
				name = c.Name
			}
			if !errors.Is(err, tt.wantErr) || name != tt.caller {
				t.Errorf("authenticate = %q, %v; want %q, %v", name, err, tt.caller, tt.wantErr)
			}
		})
	}
}

// TestAuthFailureReasons: each failed authentication says what was wrong,
// for authrocket_gateway_auth_failures_total; the caller is told no more.
func TestAuthFailureReasons(t *testing.T) {
	pol := testPolicy(t)
	for _, tt := range []struct {
		md   metadata.MD
		cert *x509.Certificate
		want authFailure
	}{
		{metadata.MD{}, nil, missingCredential},
		{metadata.MD{}, cert("spiffe://example.org/other"), missingCredential},
		{metadata.Pairs("authorization", "Basic tok-billing"), nil, malformedCredential},
		{metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", "tok-search"), nil, malformedCredential},
		{metadata.Pairs("authorization", "Bearer nope"), nil, unknownCredential},
		{metadata.Pairs("authorization", "Bearer tok-search"), cert("spiffe://example.org/billing"), identityConflict},
		{metadata.Pairs("authrocket-api-key", "ks_abcdefgh"), nil, keyPresented},
	} {
		_, err := authenticate(pol, tt.md, tt.cert)
		if err != tt.want {
			t.Errorf("authenticate(%v) = %v, want %s", tt.md, err, tt.want)
		}
		if err.Error() != ErrUnauthenticated.Error() && err.Error() != errAuthRocketKeyPresented.Error() {
			t.Errorf("%s tells the caller %q", tt.want, err)
		}
	}
}
