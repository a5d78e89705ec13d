package server

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/grpc/stats"
)

// Refusals of one connection are paced: a connection whose calls the
// gateway refuses at admission (no valid credential, a method not
// allowed, over the rate limit, overloaded) faster than refusalRate a
// second, beyond a burst, waits before each next refusal, up to
// maxRefusalWait. An honest caller with a wrong credential is answered at
// once; a flood of refused calls on one connection then costs the
// gateway a waiting goroutine instead of its CPU, and, on gRPC, stops the
// connection being read, so the callers on other connections keep being
// served.
const (
	refusalRate    = 20
	refusalBurst   = 50
	maxRefusalWait = time.Second
)

// connPace is the pace of one connection's refusals.
type connPace struct {
	lim    *rate.Limiter
	closed <-chan struct{} // closed with the connection; nil if unknown
}

type connPaceKey struct{}

// withConnPace returns ctx, the context of connection c, with its pace.
func withConnPace(ctx context.Context, c *limitedConn) context.Context {
	p := &connPace{lim: rate.NewLimiter(refusalRate, refusalBurst)}
	if c != nil {
		p.closed = c.closed
	}
	return context.WithValue(ctx, connPaceKey{}, p)
}

// paceRefusal waits, if the connection of ctx refuses too fast, before a
// refusal is answered, or until ctx ends or the connection closes.
func paceRefusal(ctx context.Context) {
	p, ok := ctx.Value(connPaceKey{}).(*connPace)
	if !ok {
		return
	}
	if d := min(p.lim.Reserve().Delay(), maxRefusalWait); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		case <-p.closed:
		}
	}
}

// connTagger gives every gRPC connection its pace: a stats.Handler that
// only tags connections, found in conns by connKey.
type connTagger struct{ conns *sync.Map }

func (h connTagger) TagConn(ctx context.Context, info *stats.ConnTagInfo) context.Context {
	c, _ := h.conns.Load(connKey(info.LocalAddr, info.RemoteAddr))
	lc, _ := c.(*limitedConn)
	return withConnPace(ctx, lc)
}
func (connTagger) HandleConn(context.Context, stats.ConnStats)                     {}
func (connTagger) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (connTagger) HandleRPC(context.Context, stats.RPCStats)                       {}

// restConnContext gives every REST connection its pace (http.Server's
// ConnContext).
func restConnContext(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	lc, _ := c.(*limitedConn)
	return withConnPace(ctx, lc)
}
