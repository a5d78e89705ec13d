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
	"strings"
	"sync"
	"time"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/gen/openapi"
	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/rest"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

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
	// Limits bound what callers may hold of the gateway; a zero field
	// takes its default (DefaultLimits).
	Limits Limits
	// Records keeps the outcomes of writes by Idempotency-Key; nil: this
	// process's own (idempotency.New with its defaults).
	Records idempotency.Keeper
	// Redis, when set, is the Redis the replicas share their state in:
	// /readyz says whether it is up (a detail, not readiness).
	Redis interface{ Up() bool }
	// Audit receives the record of every call. Required.
	Audit AuditSink
	// Tokens verifies login tokens for TokensService, and its keys are
	// served at GET /connect/jwks. Required.
	Tokens *logintoken.Verifier
	// TLS, when set, serves gRPC over TLS with it; with ClientCAs and
	// tls.VerifyClientCertIfGiven, callers may identify by certificate
	// (mTLS). The REST listener is the caller's to wrap (see Handler).
	TLS *tls.Config
	// Metrics, when set, receives the call path's metrics (see
	// docs/operations.md); nil records none.
	Metrics prometheus.Registerer
	// TracerProvider, when set, traces every call through the call path,
	// on both transports, refused ones too: a server span named after the
	// method, the child of the caller's trace context that Propagator
	// reads from its headers (traceparent). Nil: tracing off, no span and
	// no header read. Package tracing makes both.
	TracerProvider trace.TracerProvider
	Propagator     propagation.TextMapPropagator
}

// Server is the gateway: a grpc.Server and the REST facade, both serving
// AuthRocket's API through one call path.
type Server struct {
	grpc    *grpc.Server
	http    *http.Server
	ar      *authrocket.Client
	redis   interface{ Up() bool } // nil without Redis
	health  *health.Server
	rest    http.Handler
	log     *slog.Logger
	tokens  *logintoken.Verifier
	hosts   *realmHosts // realms by their domains' hosts, for /connect/jwks
	pipe    *pipeline
	limits  Limits
	methods map[string]*method // by full name, "authrocket.v2.UsersService/GetUser"
	proxy   *proxy
}

// New builds the gateway on the adapter ar. Every method's gRPC handler and
// REST route is made here: a method the gateway cannot serve is an error
// naming it. Serve gRPC with ServeGRPC and REST with ServeREST (or mount
// Handler); Draining, then Stop, drain both.
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
	limits := cfg.Limits.withDefaults()
	validator, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	slots := newSlots(limits)
	metrics, err := newMetrics(cfg.Metrics, slots)
	if err != nil {
		return nil, fmt.Errorf("server: metrics: %w", err)
	}
	s := &Server{
		log:    cfg.Logger,
		health: health.NewServer(),
		tokens: cfg.Tokens,
		hosts:  &realmHosts{ar: ar, now: time.Now},
		pipe: &pipeline{
			policy:       cfg.Policy,
			validator:    validator,
			defaultRealm: ar.DefaultRealm(),
			audit:        cfg.Audit,
			log:          cfg.Logger,
			slots:        slots,
			conns:        &sync.Map{},
			metrics:      metrics,
			tracer:       newTracer(cfg.TracerProvider, cfg.Propagator),
		},
		limits:  limits,
		ar:      ar,
		redis:   cfg.Redis,
		methods: map[string]*method{},
		proxy:   &proxy{ar: ar, keys: cfg.Records},
	}
	if s.proxy.keys == nil {
		s.proxy.keys = idempotency.New(idempotency.DefaultSize, idempotency.DefaultTTL)
	}
	s.grpc = grpc.NewServer(s.grpcOptions(limits, cfg.TLS)...)
	s.http = s.newHTTPServer(cfg.TLS)
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
			desc.Streams = append(desc.Streams, grpc.StreamDesc{StreamName: string(md.Name()), Handler: s.grpcHandler(m)})
		}
		s.grpc.RegisterService(&desc, nil)
	}
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	s.rest, err = rest.New(rest.Config{
		Methods:         descs,
		Invoke:          s.invokeREST,
		MaxRequestBytes: int64(limits.MaxRequestBytes),
		BodyTimeout:     limits.BodyTimeout,
		MaxNesting:      limits.MaxNesting,
		TraceHeaders:    s.pipe.tracer.headers(),
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
	m := &method{name: name, desc: md, input: in, api: inAPI(name), info: &grpc.UnaryServerInfo{FullMethod: "/" + name}}
	if m.api {
		m.handle, err = s.proxy.handler(md)
		return m, err
	}
	if m.handle = own[name]; m.handle == nil {
		return nil, fmt.Errorf("server: %s: no handler", name)
	}
	return m, nil
}

// invokeREST runs a call of the REST facade through the call path.
func (s *Server) invokeREST(ctx context.Context, rc *rest.Call) (proto.Message, error) {
	c := &inflight{rec: rc.Record, md: rc.Header, cert: rc.Cert, refusal: rc.Refusal}
	ctx = s.pipe.tracer.start(ctx, c)
	return s.pipe.serve(ctx, s.methods[rc.Record.Method()], c, rc.Decode)
}

// Limits returns the limits in force.
func (s *Server) Limits() Limits { return s.limits }

// ServeGRPC serves gRPC on l, at most Limits.MaxConnections connections at
// a time, until Stop.
func (s *Server) ServeGRPC(l net.Listener) error {
	return s.grpc.Serve(newLimitListener(l, s.limits.MaxConnections, s.pipe.conns))
}

// ServeREST serves Handler on l, over TLS when Config.TLS is set, at most
// Limits.MaxConnections connections at a time, until Stop. It returns nil
// once stopped.
func (s *Server) ServeREST(l net.Listener) error {
	l = newLimitListener(l, s.limits.MaxConnections, s.pipe.conns)
	var err error
	if s.http.TLSConfig != nil {
		err = s.http.ServeTLS(l, "", "")
	} else {
		err = s.http.Serve(l)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// newHTTPServer is the http.Server of ServeREST, with the limits.
func (s *Server) newHTTPServer(tlsConfig *tls.Config) *http.Server {
	l := s.limits
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: l.HeaderTimeout, // and the TLS handshake
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: l.MaxStreams},
		ConnContext:       restConnContext,
		// net/http's own messages (a failed TLS handshake, …) are about
		// callers' connections: debug level.
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	if tlsConfig != nil {
		srv.TLSConfig = tlsConfig.Clone()
	}
	return srv
}

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
			// AuthRocket's circuit is a detail, not readiness: every
			// replica sees the same AuthRocket, and taking them all out
			// would refuse the calls the gateway can still answer.
			circuit := "\nauthrocket circuit: " + s.ar.CircuitState()
			switch {
			case s.redis == nil:
			case s.redis.Up():
				circuit += "\nredis: up, state shared with the other replicas"
			default:
				circuit += "\nredis: down, this replica's own limits and idempotency records"
			}
			res, err := s.health.Check(r.Context(), &healthpb.HealthCheckRequest{})
			if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				writePlain(w, http.StatusServiceUnavailable, "draining"+circuit)
				return
			}
			writePlain(w, http.StatusOK, "ready"+circuit)
		case "/openapi.json":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(openapi.JSON)
		case "/connect/jwks":
			s.serveJWKS(w, r, r.URL.Query()["realm_id"])
		default:
			if realm, ok := realmJWKSPath(r.URL.Path); ok {
				s.serveJWKS(w, r, []string{realm})
				return
			}
			s.rest.ServeHTTP(w, r)
		}
	})
}

// realmJWKSPath returns the realm of a path /_realms/<realm>/connect/jwks:
// a realm's JWKS where an SDK can find it, with
// LOGINROCKET_URL=<gateway>/_realms/<realm>.
func realmJWKSPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/_realms/")
	if !ok {
		return "", false
	}
	realm, ok := strings.CutSuffix(rest, "/connect/jwks")
	return realm, ok && realm != "" && !strings.Contains(realm, "/")
}

// serveJWKS answers the JWKS of the keys the gateway trusts (RSA only:
// never an HS256 secret), as LoginRocket serves its own, so that an SDK in
// JWKS mode can take the gateway as its LOGINROCKET_URL: of one realm when
// realms names it (?realm_id=, or the /_realms/ path) or the Host is one
// of its domains, else of the default realm.
func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request, realms []string) {
	realm := ""
	switch {
	case len(realms) > 1:
		writePlain(w, http.StatusBadRequest, "name one realm_id")
		return
	case len(realms) == 1 && !policy.IsRealmID(realms[0]):
		writePlain(w, http.StatusBadRequest, "realm_id is not a realm ID (rl_…)")
		return
	case len(realms) == 1:
		realm = realms[0]
	default:
		// As LoginRocket: the realm whose domain the Host is.
		realm = s.hosts.realm(r.Context(), r.Host)
	}
	doc, err := s.tokens.RealmJWKS(r.Context(), realm)
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
// both transports still accept them. Stop does it too.
func (s *Server) Draining() { s.health.Shutdown() }

// Stop marks the server not serving, stops both transports from accepting
// calls at once (gRPC sends GOAWAY, REST closes its listener and each
// keep-alive connection once idle) and lets calls in progress finish
// until ctx ends; then it closes every connection.
func (s *Server) Stop(ctx context.Context) {
	s.health.Shutdown()
	var wg sync.WaitGroup
	wg.Go(func() {
		if s.http.Shutdown(ctx) != nil {
			_ = s.http.Close()
		}
	})
	wg.Go(func() {
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
	})
	wg.Wait()
}
