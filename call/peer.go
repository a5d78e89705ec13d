package call

import (
	"crypto/tls"
	"crypto/x509"
)

// NewPeer returns the Peer of a caller at addr on a connection whose TLS
// state is state (nil without TLS), and its verified client certificate
// (mTLS), or nil.
func NewPeer(addr string, state *tls.ConnectionState) (Peer, *x509.Certificate) {
	p := Peer{Addr: addr, TLS: state != nil}
	if state == nil || len(state.VerifiedChains) == 0 || len(state.VerifiedChains[0]) == 0 {
		return p, nil
	}
	cert := state.VerifiedChains[0][0]
	if ids := SPIFFEIDs(cert); len(ids) > 0 {
		p.Identity = ids[0]
	} else if len(cert.DNSNames) > 0 {
		p.Identity = cert.DNSNames[0]
	}
	return p, cert
}

// SPIFFEIDs are the SPIFFE IDs among cert's URI SANs.
func SPIFFEIDs(cert *x509.Certificate) []string {
	var ids []string
	for _, u := range cert.URIs {
		if u.Scheme == "spiffe" {
			ids = append(ids, u.String())
		}
	}
	return ids
}
