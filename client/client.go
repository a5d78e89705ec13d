package client

import (
	"context"
	"crypto/tls"
	"errors"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// DefaultTimeout is the deadline Dial gives a call whose context has none.
const DefaultTimeout = 10 * time.Second

// Option configures Dial.
type Option func(*config)

type config struct {
	tls       *tls.Config
	plaintext bool
	timeout   time.Duration
	realm     string
	dialOpts  []grpc.DialOption
}

// WithTLS sets the TLS configuration: the CA that signed the gateway's
// certificate (RootCAs) and, for mutual TLS, the service's own certificate
// (Certificates). Without it, Dial uses TLS with the system's roots.
func WithTLS(c *tls.Config) Option { return func(o *config) { o.tls = c } }

// WithPlaintext dials without TLS, for a gateway on loopback (--dev). The
// credential then travels in the clear: never across a network.
func WithPlaintext() Option { return func(o *config) { o.plaintext = true } }

// WithTimeout sets the deadline of a call whose context has none (default
// DefaultTimeout; 0 leaves such calls to the gateway's own default).
func WithTimeout(d time.Duration) Option { return func(o *config) { o.timeout = d } }

// WithRealm sends every call to realm (rl_…) unless the request names its
// own realm_id: the gateway's authrocket-realm header.
func WithRealm(realm string) Option { return func(o *config) { o.realm = realm } }

// WithDialOptions adds gRPC dial options (keepalive, a load-balancing
// policy, interceptors of the service's own).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *config) { o.dialOpts = append(o.dialOpts, opts...) }
}

// Dial connects to the gateway at target (host:port, or any gRPC target
// such as dns:///gateway:50051) as the caller whose credential is token.
// Calls on the connection carry the credential and a deadline, and a
// failed call's error is an *Error.
func Dial(target, token string, opts ...Option) (*grpc.ClientConn, error) {
	if token == "" {
		return nil, errors.New("client: no credential: pass the caller's token the gateway's policy names")
	}
	o := config{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	transport := insecure.NewCredentials()
	if !o.plaintext {
		c := o.tls
		if c == nil {
			c = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		transport = credentials.NewTLS(c)
	}
	md := map[string]string{"authorization": "Bearer " + token}
	if o.realm != "" {
		md["authrocket-realm"] = o.realm
	}
	dial := append([]grpc.DialOption{
		grpc.WithTransportCredentials(transport),
		grpc.WithPerRPCCredentials(bearer{md: md, secure: !o.plaintext}),
		grpc.WithChainUnaryInterceptor(unary(o.timeout)),
		grpc.WithChainStreamInterceptor(stream(o.timeout)),
	}, o.dialOpts...)
	return grpc.NewClient(target, dial...)
}

// bearer sends the caller's credential (and realm) with every call; gRPC
// only reads the map it is given.
type bearer struct {
	md     map[string]string
	secure bool
}

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return b.md, nil
}

func (b bearer) RequireTransportSecurity() bool { return b.secure }

// withDeadline gives ctx the default timeout when it has no deadline.
func withDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok || d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}

func unary(d time.Duration) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx, cancel := withDeadline(ctx, d)
		defer cancel()
		return FromError(invoker(ctx, method, req, reply, cc, opts...))
	}
}

func stream(d time.Duration) grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		ctx, cancel := withDeadline(ctx, d)
		s, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			cancel()
			return nil, FromError(err)
		}
		return &clientStream{ClientStream: s, cancel: cancel}, nil
	}
}

// clientStream turns a stream's errors into *Error and ends its deadline
// with the stream.
type clientStream struct {
	grpc.ClientStream
	cancel context.CancelFunc
}

func (s *clientStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err != nil {
		s.cancel()
	}
	return FromError(err)
}

func (s *clientStream) SendMsg(m any) error { return FromError(s.ClientStream.SendMsg(m)) }
