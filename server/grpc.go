package server

import (
	"context"
	"crypto/tls"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
	"google.golang.org/protobuf/proto"
)

// openMethods are the gRPC methods served outside the call path, to
// anyone: health checks and server reflection, which reveal nothing of
// AuthRocket.
var openMethods = map[string]bool{
	"/grpc.health.v1.Health/Check":                                   true,
	"/grpc.health.v1.Health/List":                                    true,
	"/grpc.health.v1.Health/Watch":                                   true,
	"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      true,
	"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": true,
}

// errMessageTimeout ends the context of a gRPC call whose message did not
// arrive within Limits.BodyTimeout.
var errMessageTimeout = errors.New("the request message did not arrive in time")

// inflightKey is the context key of a gRPC call admitted by the tap.
type inflightKey struct{}

// grpcOptions are the grpc.Server's options: the tap that admits calls
// when their headers arrive, the codec, and the limits.
func (s *Server) grpcOptions(l Limits, tlsConfig *tls.Config) []grpc.ServerOption {
	window := int32(min(max(l.MaxRequestBytes, 64<<10), 16<<20))
	opts := []grpc.ServerOption{
		grpc.InTapHandle(s.tap),
		grpc.ForceServerCodecV2(newServerCodec()),
		grpc.MaxRecvMsgSize(l.MaxRequestBytes),
		grpc.MaxHeaderListSize(uint32(l.MaxHeaderBytes)),
		grpc.MaxConcurrentStreams(uint32(l.MaxStreams)),
		grpc.ConnectionTimeout(l.HeaderTimeout),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: l.KeepaliveMinTime, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{
			MaxConnectionIdle:     l.IdleTimeout,
			MaxConnectionAge:      l.MaxConnectionAge,
			MaxConnectionAgeGrace: l.DrainTimeout,
		}),
		grpc.NumStreamWorkers(uint32(runtime.GOMAXPROCS(0))),
		// Fixed flow-control windows that fit the largest request turn off
		// grpc-go's bandwidth probing (a PING and window updates per burst
		// of frames), which requests this small never need: 6% less CPU
		// per VerifyToken call.
		grpc.InitialWindowSize(window),
		grpc.InitialConnWindowSize(4 * window),
	}
	if tlsConfig != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(tlsConfig)))
	}
	return opts
}

// tap admits a gRPC call when its headers arrive, before grpc-go reads
// its message or starts a handler: a call refused here (no valid
// credential, a method not allowed or not served, over the rate limit, or
// the gateway overloaded) is answered at once, audited and logged, and
// costs the gateway almost nothing. An admitted call holds its in-flight
// slot until its stream ends. grpc-go runs the tap on the connection's
// reading goroutine: it blocks only to pace a connection's refusals.
func (s *Server) tap(ctx context.Context, info *tap.Info) (context.Context, error) {
	if openMethods[info.FullMethodName] {
		return ctx, nil
	}
	m := s.methods[strings.TrimPrefix(info.FullMethodName, "/")]
	var name string
	if m != nil {
		name = m.name
	}
	c := grpcCall(ctx, name)
	ctx = s.pipe.tracer.start(ctx, c)
	if err := s.pipe.guardedAdmit(ctx, c, m); err != nil {
		_, err = s.pipe.finish(call.NewContext(ctx, c.rec), c, nil, err)
		return nil, err
	}
	c.ctx = context.WithValue(ctx, inflightKey{}, c)
	// The stream's context ends if the message is not in within
	// BodyTimeout: grpc-go then answers DEADLINE_EXCEEDED itself. The
	// handler works in c.ctx, which that does not end.
	msgCtx, cancel := context.WithTimeoutCause(c.ctx, s.limits.BodyTimeout, errMessageTimeout)
	context.AfterFunc(ctx, func() {
		cancel()
		s.pipe.release(c)
	})
	return msgCtx, nil
}

// grpcHandler serves m on the gRPC port, as a stream so that the request
// message is read only when the call path asks for it, within
// Limits.BodyTimeout. Its answer carries the gateway's request ID and,
// when AuthRocket answered, AuthRocket's status and request ID as headers.
func (s *Server) grpcHandler(m *method) grpc.StreamHandler {
	return func(_ any, ss grpc.ServerStream) error {
		c, ok := ss.Context().Value(inflightKey{}).(*inflight)
		if !ok {
			// Every stream of a method in s.methods passes the tap.
			return status.Error(codes.Internal, "internal error")
		}
		resp, err := s.pipe.serve(c.ctx, m, c, func(msg proto.Message) error { return s.receive(ss, msg) })
		header := make(metadata.MD, 3)
		header[mdRequestID] = []string{c.rec.RequestID()}
		if id := c.rec.UpstreamRequestID(); id != "" {
			header[mdAuthRocketRequestID] = []string{id}
		}
		if st := c.rec.UpstreamStatus(); st != 0 {
			header[mdAuthRocketStatus] = []string{strconv.Itoa(st)}
		}
		_ = ss.SetHeader(header)
		if err != nil {
			return err
		}
		return ss.SendMsg(resp)
	}
}

// receive reads the call's one request message into msg and refuses one
// nested deeper than Limits.MaxNesting. grpc-go has answered a failure to read
// (DEADLINE_EXCEEDED past BodyTimeout, RESOURCE_EXHAUSTED over
// MaxRequestBytes); the error says so to the call path in its words.
// A compressed message is refused unread, as the REST facade refuses a
// compressed body: grpc-go would inflate any codec linked into the
// binary, and OpenTelemetry's exporters link gzip's.
func (s *Server) receive(ss grpc.ServerStream, msg proto.Message) error {
	if enc := compression(ss.Context()); enc != "" && enc != "identity" {
		return status.Errorf(codes.Unimplemented, "grpc-encoding %q is not supported: send the message uncompressed", enc)
	}
	t := &decodeTarget{msg: msg}
	err := ss.RecvMsg(t)
	switch {
	case errors.Is(context.Cause(ss.Context()), errMessageTimeout):
		return status.Errorf(codes.DeadlineExceeded, "the request message did not arrive within %v", s.limits.BodyTimeout)
	case status.Code(err) == codes.ResourceExhausted:
		return status.Errorf(codes.ResourceExhausted, "the request message is larger than %d bytes", s.limits.MaxRequestBytes)
	case err != nil:
		return err
	case t.err != nil:
		return t.err
	case nesting(msg.ProtoReflect()) > s.limits.MaxNesting:
		return status.Errorf(codes.InvalidArgument, "the request nests objects and arrays deeper than %d levels", s.limits.MaxNesting)
	}
	return nil
}

// compression is the grpc-encoding of the message of the stream in ctx,
// "" when it has none.
func compression(ctx context.Context) string {
	if st, ok := grpc.ServerTransportStreamFromContext(ctx).(interface{ RecvCompress() string }); ok {
		return st.RecvCompress()
	}
	return ""
}

// grpcCall makes the inflight call of a gRPC call of method (full name, ""
// for none): its metadata, and its record with the caller's address and
// TLS state.
func grpcCall(ctx context.Context, method string) *inflight {
	md, _ := metadata.FromIncomingContext(ctx)
	var addr string
	var state *tls.ConnectionState
	if pr, ok := peer.FromContext(ctx); ok {
		if pr.Addr != nil {
			addr = pr.Addr.String()
		}
		if info, ok := pr.AuthInfo.(credentials.TLSInfo); ok {
			state = &info.State
		}
	}
	p, cert := call.NewPeer(addr, state)
	return &inflight{md: md, cert: cert, rec: call.New(time.Now(), call.GRPC, method, call.RequestID(first(md.Get(mdRequestID))), p)}
}
