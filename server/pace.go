package server

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/grpc/peer"
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

func newRefusalPace() *rate.Limiter { return rate.NewLimiter(refusalRate, refusalBurst) }

// paceRefusal waits, if c refuses too fast, before a refusal is answered,
// or until ctx ends or c closes.
func (c *limitedConn) paceRefusal(ctx context.Context) {
	d := min(c.refusals.Reserve().Delay(), maxRefusalWait)
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-c.closed:
	}
}

// connCtxKey is the context key of a REST connection's *limitedConn.
type connCtxKey struct{}

// restConnContext puts a REST connection in its context (http.Server's
// ConnContext).
func restConnContext(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if lc, ok := c.(*limitedConn); ok {
		return context.WithValue(ctx, connCtxKey{}, lc)
	}
	return ctx
}

// connOf returns the connection of a call's context: a REST one from the
// context, a gRPC one from the open connections by the peer's addresses;
// nil when not served by a limitListener.
func (p *pipeline) connOf(ctx context.Context) *limitedConn {
	if lc, ok := ctx.Value(connCtxKey{}).(*limitedConn); ok {
		return lc
	}
	if pr, ok := peer.FromContext(ctx); ok && pr.Addr != nil && pr.LocalAddr != nil && p.conns != nil {
		if lc, ok := p.conns.Load(connKey(pr.LocalAddr, pr.Addr)); ok {
			return lc.(*limitedConn)
		}
	}
	return nil
}
