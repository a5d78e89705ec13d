package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue makes a leaf certificate for the given SANs (an "spiffe://" or
// other URL goes into the URI SANs, an IP into the IP SANs, anything else
// into the DNS SANs; "dns:" and anything puts the anything into the DNS
// SANs as it is, as a careless or hostile CA might).
func (ca *testCA) issue(t *testing.T, usage x509.ExtKeyUsage, sans ...string) tls.Certificate {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
	}
	for _, s := range sans {
		if name, ok := strings.CutPrefix(s, "dns:"); ok {
			tmpl.DNSNames = append(tmpl.DNSNames, name)
		} else if ip := net.ParseIP(s); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if u, err := url.Parse(s); err == nil && u.Scheme != "" {
			tmpl.URIs = append(tmpl.URIs, u)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, s)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// writePEM writes a certificate and its key as PEM files in dir.
func writePEM(t *testing.T, dir, name string, c tls.Certificate) (certFile, keyFile string) {
	t.Helper()
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	for file, block := range map[string]*pem.Block{certFile: {Type: "CERTIFICATE", Bytes: c.Certificate[0]}, keyFile: {Type: "PRIVATE KEY", Bytes: keyDER}} {
		if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return certFile, keyFile
}

// mtlsGateway is a gateway over TLS that takes client certificates, with
// the files a client needs: the server's CA, and a client certificate and
// key the gateway's client CA issued.
type mtlsGateway struct {
	*env
	serverCAFile, clientCertFile, clientKeyFile string
}

// newMTLSGateway starts a gateway with policy over TLS, with a client
// certificate for clientSANs.
func newMTLSGateway(t *testing.T, policy func(*testing.T, *env) string, clientSANs ...string) mtlsGateway {
	t.Helper()
	dir := t.TempDir()
	serverCA, clientCA := newCA(t, "server CA"), newCA(t, "client CA")
	serverCert, serverKey := writePEM(t, dir, "server", serverCA.issue(t, x509.ExtKeyUsageServerAuth, "127.0.0.1"))
	g := mtlsGateway{serverCAFile: filepath.Join(dir, "server-ca.pem")}
	g.clientCertFile, g.clientKeyFile = writePEM(t, dir, "client", clientCA.issue(t, x509.ExtKeyUsageClientAuth, clientSANs...))
	clientCAFile := filepath.Join(dir, "client-ca.pem")
	replaceFile(t, g.serverCAFile, string(serverCA.pem))
	replaceFile(t, clientCAFile, string(clientCA.pem))
	g.env = newEnvWith(t, gatewayOptions{
		args:   []string{"--tls-cert-file", serverCert, "--tls-key-file", serverKey, "--client-ca-file", clientCAFile},
		policy: policy,
	})
	return g
}

// TestMTLS: on both transports, a caller is identified by its client
// certificate's SPIFFE ID or DNS name and then held to its policy; a
// certificate from another CA is refused in the handshake; without a
// certificate a bearer credential still works; a REST caller cannot pass
// off a certificate in a header.
func TestMTLS(t *testing.T) {
	dir := t.TempDir()
	serverCA, clientCA, otherCA := newCA(t, "server CA"), newCA(t, "client CA"), newCA(t, "someone else's CA")
	serverCert, serverKey := writePEM(t, dir, "server", serverCA.issue(t, x509.ExtKeyUsageServerAuth, "127.0.0.1"))
	clientCAFile := filepath.Join(dir, "client-ca.pem")
	if err := os.WriteFile(clientCAFile, clientCA.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, gatewayOptions{
		args: []string{"--tls-cert-file", serverCert, "--tls-key-file", serverKey, "--client-ca-file", clientCAFile},
		policy: func(*testing.T, *env) string {
			return fmt.Sprintf(`callers:
  - name: billing
    certificates: [spiffe://example.org/ns/billing/sa/api]
    methods: ["authrocket.v2.UsersService/Get*"]
    realms: ["*"]
  - name: ops
    certificates: [ops.internal.example.com]
    credentials: [%s]
    methods: ["*/*"]
    realms: ["*"]
`, policy.HashCredential(testToken))
		},
	})
	billingCert := clientCA.issue(t, x509.ExtKeyUsageClientAuth, "spiffe://example.org/ns/billing/sa/api", "billing.internal.example.com")
	opsCert := clientCA.issue(t, x509.ExtKeyUsageClientAuth, "ops.internal.example.com")
	strangerCert := otherCA.issue(t, x509.ExtKeyUsageClientAuth, "spiffe://example.org/ns/billing/sa/api")
	// Signed by the trusted CA, but not billing's: the SPIFFE path in
	// another case, and billing's SPIFFE ID spelled as a DNS name.
	caseCert := clientCA.issue(t, x509.ExtKeyUsageClientAuth, "spiffe://example.org/ns/Billing/sa/api")
	dnsSpelledCert := clientCA.issue(t, x509.ExtKeyUsageClientAuth, "dns:spiffe://example.org/ns/billing/sa/api")
	roots := x509.NewCertPool()
	roots.AddCert(serverCA.cert)
	// The client sends its certificate whatever CAs the server asks for
	// (Go's own choice would keep back one of another CA).
	tlsFor := func(certs ...tls.Certificate) *tls.Config {
		return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12, GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			if len(certs) == 0 {
				return &tls.Certificate{}, nil
			}
			return &certs[0], nil
		}}
	}
	u := e.authrocket(t, "POST", "/v2/users?realm_id="+e.realm, map[string]any{"user": map[string]any{"email": "mtls@example.com"}})
	userID := u["id"].(string)

	grpcUsers := func(t *testing.T, tc *tls.Config) arv2.UsersServiceClient {
		conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(credentials.NewTLS(tc)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return arv2.NewUsersServiceClient(conn)
	}
	restGet := func(t *testing.T, tc *tls.Config, path string, headers ...string) (int, error) {
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: tc}, Timeout: 30 * time.Second}
		req, _ := http.NewRequest(http.MethodGet, e.httpURL+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}

	t.Run("SPIFFE ID over gRPC", func(t *testing.T) {
		users := grpcUsers(t, tlsFor(billingCert))
		if _, err := users.GetUser(withRequestID(bounded(t), "mtls-billing"), &arv2.GetUserRequest{Id: userID}); err != nil {
			t.Fatal(err)
		}
		if r := auditFor(t, e.gateway, "mtls-billing"); r.Caller != "billing" || r.Decision != "allow" {
			t.Errorf("audit record %+v", r)
		}
		_, err := users.CreateUser(bounded(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("no@example.com")}})
		if status.Code(err) != codes.PermissionDenied {
			t.Errorf("CreateUser as billing: %v", err)
		}
	})
	t.Run("DNS name over gRPC", func(t *testing.T) {
		_, err := grpcUsers(t, tlsFor(opsCert)).CreateUser(bounded(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("ops@example.com")}})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("look-alikes of a SPIFFE ID over gRPC", func(t *testing.T) {
		for name, c := range map[string]tls.Certificate{"path in another case": caseCert, "SPIFFE ID as a DNS name": dnsSpelledCert} {
			_, err := grpcUsers(t, tlsFor(c)).GetUser(bounded(t), &arv2.GetUserRequest{Id: userID})
			if status.Code(err) != codes.Unauthenticated {
				t.Errorf("%s: GetUser: %v, want UNAUTHENTICATED", name, err)
			}
		}
	})
	// Metadata that once handed the REST caller's certificate to the gRPC
	// server, forged on a direct gRPC call: a valid DER of a certificate
	// the CA issued, and no certificate in the TLS handshake. Only the TLS
	// handshake names a caller.
	t.Run("forged certificate metadata over gRPC", func(t *testing.T) {
		forged := func(ctx context.Context) context.Context {
			return metadata.AppendToOutgoingContext(ctx, "x-gateway-client-cert-bin", string(billingCert.Certificate[0]))
		}
		_, err := grpcUsers(t, tlsFor()).GetUser(withRequestID(forged(bounded(t)), "mtls-forged"), &arv2.GetUserRequest{Id: userID})
		if status.Code(err) != codes.Unauthenticated {
			t.Errorf("GetUser: %v, want UNAUTHENTICATED", err)
		}
		if r := auditFor(t, e.gateway, "mtls-forged"); r.Caller != "" || r.Rule != "unauthenticated" {
			t.Errorf("audit record %+v", r)
		}
		// Beside a real certificate, the forged one changes nothing: ops
		// stays ops (billing could not create users), not a conflict.
		_, err = grpcUsers(t, tlsFor(opsCert)).CreateUser(withRequestID(forged(bounded(t)), "mtls-forged-ops"),
			&arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("forged-ops@example.com")}})
		if err != nil {
			t.Errorf("CreateUser as ops with billing's certificate in the metadata: %v", err)
		}
		if r := auditFor(t, e.gateway, "mtls-forged-ops"); r.Caller != "ops" {
			t.Errorf("audit record %+v", r)
		}
	})
	t.Run("no certificate, no credential", func(t *testing.T) {
		_, err := grpcUsers(t, tlsFor()).GetUser(bounded(t), &arv2.GetUserRequest{Id: userID})
		if status.Code(err) != codes.Unauthenticated {
			t.Errorf("GetUser: %v", err)
		}
	})
	t.Run("no certificate, a credential", func(t *testing.T) {
		if _, err := grpcUsers(t, tlsFor()).GetUser(withToken(bounded(t), testToken), &arv2.GetUserRequest{Id: userID}); err != nil {
			t.Errorf("GetUser: %v", err)
		}
	})
	t.Run("certificate of another CA", func(t *testing.T) {
		_, err := grpcUsers(t, tlsFor(strangerCert)).GetUser(bounded(t), &arv2.GetUserRequest{Id: userID})
		if status.Code(err) != codes.Unavailable {
			t.Errorf("GetUser: %v, want the handshake refused", err)
		}
		if _, err := restGet(t, tlsFor(strangerCert), "/v2/users/"+userID); err == nil {
			t.Error("REST accepted a certificate of another CA")
		}
	})
	t.Run("plain text to a TLS port", func(t *testing.T) {
		conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_, err = arv2.NewUsersServiceClient(conn).GetUser(withToken(bounded(t), testToken), &arv2.GetUserRequest{Id: userID})
		if status.Code(err) != codes.Unavailable {
			t.Errorf("GetUser: %v", err)
		}
	})
	t.Run("REST", func(t *testing.T) {
		for _, tt := range []struct {
			name    string
			tc      *tls.Config
			path    string
			headers []string
			want    int
		}{
			{"SPIFFE ID", tlsFor(billingCert), "/v2/users/" + userID, nil, http.StatusOK},
			{"DNS name", tlsFor(opsCert), "/v2/realms", nil, http.StatusOK},
			{"SPIFFE ID, method not allowed", tlsFor(billingCert), "/v2/realms", nil, http.StatusForbidden},
			{"no certificate", tlsFor(), "/v2/users/" + userID, nil, http.StatusForbidden},
			{"SPIFFE path in another case", tlsFor(caseCert), "/v2/users/" + userID, nil, http.StatusForbidden},
			{"SPIFFE ID as a DNS name", tlsFor(dnsSpelledCert), "/v2/users/" + userID, nil, http.StatusForbidden},
			// The gateway's own hand-over header, forged by a caller.
			{"forged certificate header", tlsFor(), "/v2/users/" + userID,
				[]string{"X-Gateway-Client-Cert-Bin", base64.StdEncoding.EncodeToString(billingCert.Certificate[0])}, http.StatusForbidden},
			{"certificate and another caller's credential", tlsFor(billingCert), "/v2/users/" + userID,
				[]string{"Authorization", "Bearer " + testToken}, http.StatusForbidden},
		} {
			t.Run(tt.name, func(t *testing.T) {
				code, err := restGet(t, tt.tc, tt.path, tt.headers...)
				if err != nil || code != tt.want {
					t.Errorf("GET %s = %d, %v; want %d", tt.path, code, err, tt.want)
				}
			})
		}
	})
}
