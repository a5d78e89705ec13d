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
	"runtime"
	"strconv"
	"time"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/authrocket-gateway/gateway/gen/openapi"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/rest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/reflection"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// DefaultMaxRequestBytes bounds a request on both transports.
const DefaultMaxRequestBytes = 1 << 20

// Config configures a Server.
type Config struct {
	// Policy says who the callers are and what each may do. Required: the
	// gateway refuses every call it cannot attribute to a caller, and every
	// call the caller's policy does not allow.
	Policy *policy.Store
	// Logger receives the gateway's log records: a line per call at debug
	// level (warn when AuthRocket or the gateway failed it). Default:
	// slog.Default().
	Logger *slog.Logger
	// MaxRequestBytes bounds a request body (REST) or message (gRPC).
	// Default DefaultMaxRequestBytes.
	MaxRequestBytes int
	// Audit receives the record of every call. Required.
	Audit AuditSink
	// Tokens verifies login tokens for TokensService, and its keys are
	// served at GET /connect/jwks. Required.
	Tokens *logintoken.Verifier
	// TLS, when set, serves gRPC over TLS with it; with ClientCAs and
	// tls.VerifyClientCertIfGiven, callers may identify by certificate
	// (mTLS). The REST listener is the caller's to wrap (see Handler).
	TLS *tls.Config
}

// Server is the gateway: a grpc.Server and the REST facade, both serving
// AuthRocket's API through one call path.
type Server struct {
	grpc    *grpc.Server
	health  *health.Server
	rest    http.Handler
	log     *slog.Logger
	tokens  *logintoken.Verifier
	pipe    *pipeline
	methods map[string]*method // by full name, "authrocket.v2.UsersService/GetUser"
	// registered are the full names of every method on the grpc.Server,
	// "/authrocket.v2.UsersService/GetUser".
	registered map[string]bool
}

// New builds the gateway on the adapter ar. Every method's gRPC handler and
// REST route is made here: a method the gateway cannot serve is an error
// naming it. Serve gRPC with ServeGRPC and REST with Handler; Stop drains
// both.
func New(ar *authrocket.Client, cfg Config) (*Server, error) {
	if cfg.Policy == nil {
		return nil, errors.New("server: a Policy is required")
	}
	if cfg.Audit == nil {
		return nil, errors.New("server: an audit sink is required")
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
	s := &Server{
		log:    cfg.Logger,
		health: health.NewServer(),
		tokens: cfg.Tokens,
		pipe: &pipeline{
			policy:       cfg.Policy,
			validator:    validator,
			defaultRealm: ar.DefaultRealm(),
			audit:        cfg.Audit,
			log:          cfg.Logger,
		},
		methods:    map[string]*method{},
		registered: map[string]bool{},
	}
	window := int32(min(max(cfg.MaxRequestBytes, 64<<10), 16<<20))
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(cfg.MaxRequestBytes),
		grpc.ForceServerCodecV2(newServerCodec()),
		grpc.UnaryInterceptor(unaryInterceptor),
		grpc.StreamInterceptor(s.streamInterceptor),
		grpc.UnknownServiceHandler(s.unknownMethod),
		grpc.NumStreamWorkers(uint32(runtime.GOMAXPROCS(0))),
		// Fixed flow-control windows that fit the largest request turn off
		// grpc-go's bandwidth probing (a PING and window updates per burst
		// of frames), which requests this small never need: 6% less CPU
		// per VerifyToken call.
		grpc.InitialWindowSize(window),
		grpc.InitialConnWindowSize(4 * window),
	}
	if cfg.TLS != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(cfg.TLS)))
	}
	s.grpc = grpc.NewServer(opts...)
	own := (&tokens{v: cfg.Tokens}).handlers()
	var descs []protoreflect.MethodDescriptor
	for _, sd := range servedServices() {
		desc := grpc.ServiceDesc{ServiceName: string(sd.FullName()), HandlerType: (*any)(nil), Metadata: sd.ParentFile().Path()}
		for i := 0; i < sd.Methods().Len(); i++ {
			md := sd.Methods().Get(i)
			m, err := s.method(md, ar, own)
			if err != nil {
				return nil, err
			}
			s.methods[m.name] = m
			descs = append(descs, md)
			desc.Methods = append(desc.Methods, grpc.MethodDesc{MethodName: string(md.Name()), Handler: s.grpcHandler(m)})
		}
		s.grpc.RegisterService(&desc, nil)
	}
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	for name, info := range s.grpc.GetServiceInfo() {
		for _, m := range info.Methods {
			s.registered["/"+name+"/"+m.Name] = true
		}
	}
	s.rest, err = rest.New(rest.Config{
		Methods:         descs,
		Invoke:          s.invokeREST,
		MaxRequestBytes: int64(cfg.MaxRequestBytes),
	})
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	return s, nil
}

// method makes the call path's method of md: APIPackage's go to
// AuthRocket, the gateway's own to their handler in own.
func (s *Server) method(md protoreflect.MethodDescriptor, ar *authrocket.Client, own map[string]handler) (*method, error) {
	name := string(md.Parent().FullName()) + "/" + string(md.Name())
	if md.IsStreamingClient() || md.IsStreamingServer() {
		return nil, fmt.Errorf("server: %s: streaming RPCs are not supported", name)
	}
	in, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil, fmt.Errorf("server: %s: %w", name, err)
	}
	m := &method{name: name, desc: md, input: in, api: inAPI(name)}
	if m.api {
		m.handle, err = (&proxy{ar: ar}).handler(md)
		return m, err
	}
	if m.handle = own[name]; m.handle == nil {
		return nil, fmt.Errorf("server: %s: no handler", name)
	}
	return m, nil
}

// grpcHandler serves m on the gRPC port: the request is decoded only when
// the call path asks for it, after the caller is authenticated and
// authorized. Its answer carries the gateway's request ID and, when
// AuthRocket answered, AuthRocket's status and request ID as headers.
func (s *Server) grpcHandler(m *method) grpc.MethodHandler {
	return func(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
		c := grpcCall(ctx, m.name)
		resp, err := s.pipe.serve(ctx, m, c, func(msg proto.Message) error {
			t := &decodeTarget{msg: msg}
			if err := dec(t); err != nil {
				return err
			}
			return t.err
		})
		header := make(metadata.MD, 3)
		header[mdRequestID] = []string{c.rec.RequestID()}
		if id := c.rec.UpstreamRequestID(); id != "" {
			header[mdAuthRocketRequestID] = []string{id}
		}
		if st := c.rec.UpstreamStatus(); st != 0 {
			header[mdAuthRocketStatus] = []string{strconv.Itoa(st)}
		}
		_ = grpc.SetHeader(ctx, header)
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// unknownMethod answers a gRPC call of a method the gateway does not serve
// as the REST facade answers a path it has no route for: through the call
// path, which authenticates the caller, then refuses it (UNIMPLEMENTED).
func (s *Server) unknownMethod(_ any, stream grpc.ServerStream) error {
	ctx := stream.Context()
	c := grpcCall(ctx, "")
	_, err := s.pipe.serve(ctx, nil, c, nil)
	_ = stream.SetHeader(metadata.Pairs(mdRequestID, c.rec.RequestID()))
	return err
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

// invokeREST runs a call of the REST facade through the call path.
func (s *Server) invokeREST(ctx context.Context, rc *rest.Call) (proto.Message, error) {
	c := &inflight{rec: rc.Record, md: rc.Header, cert: rc.Cert, refusal: rc.Refusal}
	return s.pipe.serve(ctx, s.methods[rc.Record.Method()], c, rc.Decode)
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
}
