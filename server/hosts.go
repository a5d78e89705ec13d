package server

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/logintoken"
	"golang.org/x/sync/singleflight"
	"google.golang.org/protobuf/proto"
)

// hostMissInterval is how often a Host that is no realm's domain may make
// the gateway read the account's domains again: rarer than key fetches,
// because a read costs a call per realm.
const hostMissInterval = 6 * logintoken.KeyRefreshInterval

// realmHosts maps the hosts of the account's active domains (their fqdn,
// and a custom domain's own host name) to their realms, as LoginRocket
// picks a realm by the request's Host. It reads them through the API
// (ListRealms, then ListDomains of each realm): when none were read, when
// they are older than logintoken.KeyMaxAge, and for a host it does not
// know, at most once per hostMissInterval; one read at a time.
type realmHosts struct {
	ar  *authrocket.Client
	now func() time.Time

	mu    sync.Mutex
	hosts map[string]string // host -> realm
	read  time.Time         // the last read, failed or not
	group singleflight.Group
}

// realm returns the realm whose domain host is ("" for none), reading the
// domains as realmHosts says. A failed read leaves the hosts read before.
func (h *realmHosts) realm(ctx context.Context, host string) string {
	host = normalizeHost(host)
	if host == "" || host == "localhost" || net.ParseIP(host) != nil {
		return "" // the gateway's own address: no realm's domain
	}
	now := h.now()
	h.mu.Lock()
	realm, known := h.hosts[host]
	stale := h.read.IsZero() || now.Sub(h.read) > logintoken.KeyMaxAge || !known && now.Sub(h.read) >= hostMissInterval
	h.mu.Unlock()
	if !stale {
		return realm
	}
	_, _, _ = h.group.Do("domains", func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		hosts, err := h.fetch(fctx)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.read = now
		if err == nil {
			h.hosts = hosts
		}
		return nil, err
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hosts[host]
}

// maxPage is the most rows AuthRocket answers at once.
const maxPage = 1000

var (
	listRealms  = arv2.File_authrocket_v2_realms_proto.Services().ByName("RealmsService").Methods().ByName("ListRealms")
	listDomains = arv2.File_authrocket_v2_domains_proto.Services().ByName("DomainsService").Methods().ByName("ListDomains")
)

// fetch reads the hosts of every active realm's active domains.
func (h *realmHosts) fetch(ctx context.Context) (map[string]string, error) {
	var realms []string
	after := ""
	for {
		req := &arv2.ListRealmsRequest{MaxResults: proto.Int32(maxPage), State: proto.String("active")}
		if after != "" {
			req.After = proto.String(after)
		}
		var page arv2.ListRealmsResponse
		if _, err := h.ar.Call(ctx, listRealms, req, &page, authrocket.CallOptions{}); err != nil {
			return nil, err
		}
		for _, r := range page.GetCollection() {
			realms = append(realms, r.GetId())
		}
		if !page.GetMoreResults() || len(page.GetCollection()) == 0 {
			break
		}
		after = page.GetCollection()[len(page.GetCollection())-1].GetId()
	}
	hosts := map[string]string{}
	for _, realm := range realms {
		var page arv2.ListDomainsResponse
		if _, err := h.ar.Call(ctx, listDomains, &arv2.ListDomainsRequest{RealmId: proto.String(realm), MaxResults: proto.Int32(maxPage)}, &page, authrocket.CallOptions{Realm: realm}); err != nil {
			return nil, err
		}
		for _, d := range page.GetCollection() {
			if d.GetState() != "" && d.GetState() != "active" {
				continue
			}
			for _, name := range []string{d.GetFqdn(), d.GetDomain()} {
				if n := normalizeHost(name); n != "" {
					hosts[n] = realm
				}
			}
		}
	}
	return hosts, nil
}

// normalizeHost is a Host header's host name: without a port, lower-case,
// without a final dot.
func normalizeHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
