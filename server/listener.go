package server

import (
	"net"
	"sync"

	"golang.org/x/time/rate"
)

// limitListener accepts at most n open connections. A connection over the
// cap is closed at once, with a reset: a flood of connections never holds
// more than n file descriptors, and a client over the cap learns it at
// once (and may try another replica) instead of waiting in the kernel's
// queue. The open connections are in conns, by connKey.
type limitListener struct {
	net.Listener
	slots chan struct{}
	conns *sync.Map
}

func newLimitListener(l net.Listener, n int, conns *sync.Map) *limitListener {
	return &limitListener{Listener: l, slots: make(chan struct{}, n), conns: conns}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			lc := &limitedConn{Conn: c, closed: make(chan struct{}), refusals: newRefusalPace()}
			key := connKey(c.LocalAddr(), c.RemoteAddr())
			l.conns.Store(key, lc)
			lc.onClose = sync.OnceFunc(func() {
				l.conns.Delete(key)
				close(lc.closed)
				<-l.slots
			})
			return lc, nil
		default:
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = c.Close()
		}
	}
}

// connKey names a connection by its two ends.
func connKey(local, remote net.Addr) string { return local.String() + " " + remote.String() }

// limitedConn gives its slot back when closed, and closes when a write
// fails: its reader then stops too, rather than working through what a
// caller that is gone had sent.
type limitedConn struct {
	net.Conn
	closed   chan struct{} // closed with the connection
	onClose  func()
	refusals *rate.Limiter // paceRefusal's
}

func (c *limitedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil {
		_ = c.Close()
	}
	return n, err
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.onClose()
	return err
}
