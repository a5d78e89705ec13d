package server

import "time"

// Limits bound what callers may hold of the gateway, on both transports.
// A zero field takes its default (DefaultLimits).
type Limits struct {
	// MaxRequestBytes bounds a request body (REST) or message (gRPC).
	MaxRequestBytes int
	// MaxHeaderBytes bounds a request's headers (REST) or metadata (gRPC).
	MaxHeaderBytes int
	// MaxNesting bounds the nesting of objects and arrays in a request,
	// counted in its JSON form, on both transports: the REST facade's JSON
	// decoder stops there, and a gRPC message nested deeper is refused.
	MaxNesting int
	// MaxConnections bounds the open connections of each listener (gRPC,
	// REST); one more is closed at once.
	MaxConnections int
	// MaxInFlight bounds the calls in progress, on both transports
	// together, from admission (headers read, caller authenticated) to
	// answer. A call over it is refused at once: UNAVAILABLE with a
	// RetryInfo, REST 503 with Retry-After.
	MaxInFlight int
	// MaxInFlightPerCaller bounds the calls in progress of one caller while
	// fewer than a quarter of MaxInFlight are free: one more is then
	// refused at once, RESOURCE_EXHAUSTED with a RetryInfo (REST 429 with
	// Retry-After). Default: half of MaxInFlight.
	MaxInFlightPerCaller int
	// MaxStreams bounds the concurrent streams of one HTTP/2 connection
	// (gRPC, and REST over TLS).
	MaxStreams int
	// HeaderTimeout bounds the time a new connection has for its TLS
	// handshake and its HTTP/2 preface (gRPC) or a request's headers
	// (REST).
	HeaderTimeout time.Duration
	// BodyTimeout bounds the time from a call's admission to its whole
	// request body (REST) or message (gRPC).
	BodyTimeout time.Duration
	// IdleTimeout closes a connection with no call for this long.
	IdleTimeout time.Duration
	// MaxConnectionAge closes a gRPC connection this old (GOAWAY), so that
	// callers spread over replicas again; its calls then have DrainTimeout
	// to finish.
	MaxConnectionAge time.Duration
	// DrainTimeout is how long calls in progress may go on when their
	// connection or the gateway closes.
	DrainTimeout time.Duration
	// KeepaliveMinTime is the shortest interval of a gRPC client's
	// keepalive pings: a client that pings more often is sent GOAWAY.
	KeepaliveMinTime time.Duration
}

// DefaultLimits are the limits of a zero Limits field.
var DefaultLimits = Limits{
	MaxRequestBytes:  1 << 20,
	MaxHeaderBytes:   64 << 10,
	MaxNesting:       100,
	MaxConnections:   1000,
	MaxInFlight:      1000,
	MaxStreams:       100,
	HeaderTimeout:    10 * time.Second,
	BodyTimeout:      10 * time.Second,
	IdleTimeout:      2 * time.Minute,
	MaxConnectionAge: 30 * time.Minute,
	DrainTimeout:     15 * time.Second,
	KeepaliveMinTime: 10 * time.Second,
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	orDefault(&l.MaxRequestBytes, d.MaxRequestBytes)
	orDefault(&l.MaxHeaderBytes, d.MaxHeaderBytes)
	orDefault(&l.MaxNesting, d.MaxNesting)
	orDefault(&l.MaxConnections, d.MaxConnections)
	orDefault(&l.MaxInFlight, d.MaxInFlight)
	orDefault(&l.MaxInFlightPerCaller, max(1, l.MaxInFlight/2))
	orDefault(&l.MaxStreams, d.MaxStreams)
	orDefault(&l.HeaderTimeout, d.HeaderTimeout)
	orDefault(&l.BodyTimeout, d.BodyTimeout)
	orDefault(&l.IdleTimeout, d.IdleTimeout)
	orDefault(&l.MaxConnectionAge, d.MaxConnectionAge)
	orDefault(&l.DrainTimeout, d.DrainTimeout)
	orDefault(&l.KeepaliveMinTime, d.KeepaliveMinTime)
	return l
}

func orDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
