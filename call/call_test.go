package call

import (
	"crypto/tls"
	"crypto/x509"
	"net/url"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
)

func TestRequestID(t *testing.T) {
	for _, id := range []string{"a", "req-1", "A.b:c_d-9", strings.Repeat("x", 128), "ks_short", "task_key_0123456789", "KS_0123456789"} {
		if got := RequestID(id); got != id {
			t.Errorf("RequestID(%q) = %q, want it kept", id, got)
		}
	}
	seen := map[string]bool{}
	for _, id := range []string{"", strings.Repeat("x", 129), "a b", "a\r\nb", "ks_é", "a/b", "{}",
		"ks_0123456789abcdef", "req.jsk_0123456789", "svc_abcdefgh", "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA"} {
		got := RequestID(id)
		if got == id || len(got) != 32 || !validRequestID(got) || seen[got] {
			t.Errorf("RequestID(%q) = %q, want a fresh 32-digit ID", id, got)
		}
		seen[got] = true
	}
}

func TestNewPeer(t *testing.T) {
	spiffe, _ := url.Parse("spiffe://example.org/billing")
	other, _ := url.Parse("https://example.org/")
	withSPIFFE := &x509.Certificate{URIs: []*url.URL{other, spiffe}, DNSNames: []string{"billing.example.org"}}
	dnsOnly := &x509.Certificate{DNSNames: []string{"search.example.org"}}
	tests := []struct {
		name  string
		state *tls.ConnectionState
		want  Peer
		cert  *x509.Certificate
	}{
		{"plain", nil, Peer{Addr: "192.0.2.1:5"}, nil},
		{"TLS, no client certificate", &tls.ConnectionState{}, Peer{Addr: "192.0.2.1:5", TLS: true}, nil},
		// A certificate the server did not verify is no identity.
		{"unverified certificate", &tls.ConnectionState{PeerCertificates: []*x509.Certificate{withSPIFFE}}, Peer{Addr: "192.0.2.1:5", TLS: true}, nil},
		{"SPIFFE ID first", &tls.ConnectionState{VerifiedChains: [][]*x509.Certificate{{withSPIFFE}}},
			Peer{Addr: "192.0.2.1:5", TLS: true, Identity: "spiffe://example.org/billing"}, withSPIFFE},
		{"DNS name", &tls.ConnectionState{VerifiedChains: [][]*x509.Certificate{{dnsOnly}}},
			Peer{Addr: "192.0.2.1:5", TLS: true, Identity: "search.example.org"}, dnsOnly},
	}
	for _, tt := range tests {
		p, cert := NewPeer("192.0.2.1:5", tt.state)
		if p != tt.want || cert != tt.cert {
			t.Errorf("%s: %+v, %v; want %+v, %v", tt.name, p, cert, tt.want, tt.cert)
		}
	}
}

// TestRecord: each stage's facts land where the readers look, and a call
// that asks AuthRocket twice adds up attempts and time and keeps the last
// answer's status and request ID.
func TestRecord(t *testing.T) {
	start := time.Unix(1000, 0)
	r := New(start, REST, "authrocket.v2.UsersService/GetUser", "req-1", Peer{Addr: "192.0.2.1:5"})
	if r.Decision() != Allow || r.Decision().String() != "allow" || r.Transport().String() != "rest" {
		t.Errorf("a new record: %v over %v", r.Decision(), r.Transport())
	}
	r.Authenticated("billing")
	r.Allowed("rl_1", "billing: */*")
	r.Upstream(200, "ar-1", 1, 2*time.Millisecond)
	r.Upstream(0, "", 2, 3*time.Millisecond)
	r.Upstream(404, "ar-2", 1, time.Millisecond)
	r.Finish(codes.NotFound, "AUTHROCKET_NOT_FOUND", start.Add(10*time.Millisecond))
	if r.Caller() != "billing" || r.Realm() != "rl_1" || r.Rule() != "billing: */*" || r.Decision() != Allow {
		t.Errorf("decision: %q %q %q %v", r.Caller(), r.Realm(), r.Rule(), r.Decision())
	}
	if r.UpstreamStatus() != 404 || r.UpstreamRequestID() != "ar-2" || r.Attempts() != 4 || r.UpstreamTime() != 6*time.Millisecond {
		t.Errorf("upstream: %d %q %d %v", r.UpstreamStatus(), r.UpstreamRequestID(), r.Attempts(), r.UpstreamTime())
	}
	if r.Code() != codes.NotFound || r.Reason() != "AUTHROCKET_NOT_FOUND" || r.Latency() != 10*time.Millisecond {
		t.Errorf("outcome: %v %q %v", r.Code(), r.Reason(), r.Latency())
	}
	r.Denied("billing: rate limit")
	if r.Decision() != Deny || r.Decision().String() != "deny" || r.Rule() != "billing: rate limit" {
		t.Errorf("denied: %v %q", r.Decision(), r.Rule())
	}
	if FromContext(NewContext(t.Context(), r)) != r || FromContext(t.Context()) != nil {
		t.Error("the record does not travel in the context")
	}
}
