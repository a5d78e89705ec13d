package server

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	"github.com/authrocket-gateway/gateway/gen/openapi"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
)

// DefaultMaxRequestBytes bounds a request on both transports.
const DefaultMaxRequestBytes = 1 << 20

// inprocNetwork is the network of the in-process connection's addresses
// (bufconn's): a call from there came through the REST facade.
const inprocNetwork = "bufconn"

// Config configures a Server.
type Config struct {
	// Policy says who the callers are and what each may do. Required: the
	// gateway refuses every call it cannot attribute to a caller, and every
	// call the caller's policy does not allow.
	Policy *policy.Store
	// Logger receives one JSON-friendly record per call. Default: slog.Default().
	Logger *slog.Logger
	// MaxRequestBytes bounds a request body (REST) or message (gRPC).
	// Default DefaultMaxRequestBytes.
	MaxRequestBytes int
	// Audit receives one record per call. Required.
	Audit *audit.Sink
	// Tokens verifies login tokens for TokensService, and its keys are
	// served at GET /connect/jwks. Required.
	Tokens *logintoken.Verifier
	// TLS, when set, serves gRPC over TLS with it; with ClientCAs and
	// tls.VerifyClientCertIfGiven, callers may identify by certificate
	// (mTLS). The REST listener is the caller's to wrap (see Handler).
	TLS *tls.Config
}

// Server is the gateway: a grpc.Server serving AuthRocket's API through the
// adapter, and the REST facade in front of it.
type Server struct {
	grpc   *grpc.Server
	health *health.Server
	inproc *bufconn.Listener
	conn   *grpc.ClientConn
	rest   http.Handler
	log    *slog.Logger
	tokens *logintoken.Verifier
}

// New builds the gateway on the adapter ar. Serve gRPC with ServeGRPC and
// REST with Handler; Stop drains both.
func New(ctx context.Context, ar *authrocket.Client, cfg Config) (*Server, error) {
	if cfg.Policy == nil {
		return nil, errors.New("server: a Policy is required")
	}
	if cfg.Audit == nil {
		return nil, errors.New("server: an audit Sink is required")
	}
	if cfg.Tokens == nil {
		return nil, errors.New("server: a token Verifier is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultMaxRequestBytes
	}
	validator, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{log: cfg.Logger, health: health.NewServer(), tokens: cfg.Tokens}
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(cfg.MaxRequestBytes),
		grpc.ForceServerCodecV2(newServerCodec()),
		grpc.ChainUnaryInterceptor(
			requestIDInterceptor,
			auditInterceptor(cfg.Audit, cfg.Logger),
			logging.UnaryServerInterceptor(interceptorLogger(cfg.Logger),
				logging.WithLogOnEvents(logging.FinishCall),
				logging.WithFieldsFromContext(func(ctx context.Context) logging.Fields {
					return logging.Fields{"request_id", RequestID(ctx)}
				})),
			errorContractInterceptor,
			recovery.UnaryServerInterceptor(recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
				cfg.Logger.ErrorContext(ctx, "panic in handler", "request_id", RequestID(ctx), "panic", fmt.Sprint(p))
				return status.Error(codes.Internal, "internal error")
			})),
			authInterceptor(cfg.Policy),
			authzInterceptor(ar.DefaultRealm()),
			rateLimitInterceptor(cfg.Policy),
			validateInterceptor(validator),
		),
		grpc.ChainStreamInterceptor(streamInterceptor),
	}
	if cfg.TLS != nil {
		opts = append(opts, grpc.Creds(tlsButInproc{credentials.NewTLS(cfg.TLS)}))
	}
	s.grpc = grpc.NewServer(opts...)
	if err := (&proxy{ar: ar}).register(s.grpc); err != nil {
		return nil, err
	}
	gatewayv1.RegisterTokensServiceServer(s.grpc, &tokens{v: cfg.Tokens, log: cfg.Logger})
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)

	// The REST facade reaches the gRPC server over an in-process connection,
	// so both transports share the interceptor chain.
	s.inproc = bufconn.Listen(1 << 20)
	s.conn, err = grpc.NewClient("passthrough:///inproc",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return s.inproc.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)),
	)
	if err != nil {
		return nil, fmt.Errorf("server: in-process connection: %w", err)
	}
	if s.rest, err = newREST(ctx, s.conn, int64(cfg.MaxRequestBytes), cfg.Logger); err != nil {
		_ = s.conn.Close()
		return nil, err
	}
	go func() { _ = s.grpc.Serve(s.inproc) }()
	return s, nil
}

// tlsButInproc is TLS on every connection but the REST facade's
// in-process one, which never leaves the process: the gRPC server has one
// set of credentials for all its listeners.
type tlsButInproc struct {
	credentials.TransportCredentials
}

func (c tlsButInproc) ServerHandshake(conn net.Conn) (net.Conn, credentials.AuthInfo, error) {
	if conn.RemoteAddr().Network() == inprocNetwork {
		return insecure.NewCredentials().ServerHandshake(conn)
	}
	return c.TransportCredentials.ServerHandshake(conn)
}

func (c tlsButInproc) Clone() credentials.TransportCredentials {
	return tlsButInproc{c.TransportCredentials.Clone()}
}

// ServeGRPC serves gRPC on l until Stop.
func (s *Server) ServeGRPC(l net.Listener) error { return s.grpc.Serve(l) }

// Handler returns the REST facade under /v2/ and /gateway/v1/, and, without
// authentication, GET /healthz (the process serves), GET /readyz (it
// accepts calls: 503 once draining), GET /openapi.json (the facade's
// OpenAPI document) and GET /connect/jwks (the public keys the gateway
// verifies login tokens with, for services that verify them themselves).
func (s *Server) Handler() http.Handler {
	// Dispatch by exact path rather than with http.ServeMux, which would
	// clean "/v2/users/.." into a redirect instead of letting validation
	// refuse it.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.rest.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/healthz":
			writePlain(w, http.StatusOK, "ok")
		case "/readyz":
			res, err := s.health.Check(r.Context(), &healthpb.HealthCheckRequest{})
			if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				writePlain(w, http.StatusServiceUnavailable, "draining")
				return
			}
			writePlain(w, http.StatusOK, "ready")
		case "/openapi.json":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(openapi.JSON)
		case "/connect/jwks":
			s.serveJWKS(w, r)
		default:
			s.rest.ServeHTTP(w, r)
		}
	})
}

// serveJWKS answers the JWKS of the keys the gateway trusts (RSA only:
// never an HS256 secret), as LoginRocket serves its own, so that an SDK in
// JWKS mode can take the gateway as its LOGINROCKET_URL.
func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request) {
	doc, err := s.tokens.JWKS(r.Context())
	if err != nil {
		s.log.WarnContext(r.Context(), "JWKS unavailable", "error", err.Error())
		writePlain(w, http.StatusServiceUnavailable, "the keys could not be fetched; try again")
		return
	}
	body, err := json.Marshal(doc)
	if err != nil {
		writePlain(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(body)
}

func writePlain(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, body+"\n")
}

// Draining marks the server not serving: /readyz answers 503 and
// grpc.health.v1 NOT_SERVING, so load balancers stop sending calls while
// the listeners still accept them. Stop does it too.
func (s *Server) Draining() { s.health.Shutdown() }

// Stop marks the server not serving and drains in-flight gRPC calls until
// ctx ends, then stops hard. The caller drains its http.Server first.
func (s *Server) Stop(ctx context.Context) {
	s.health.Shutdown()
	done := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		s.grpc.Stop()
	}
	_ = s.conn.Close()
}

func interceptorLogger(l *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(ctx context.Context, lvl logging.Level, msg string, fields ...any) {
		l.Log(ctx, slog.Level(lvl), msg, fields...)
	})
}
