package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/authrocket-gateway/gateway/admin"
	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/logging"
	"github.com/authrocket-gateway/gateway/server"
	"github.com/authrocket-gateway/gateway/tracing"
)

// Main runs the gateway, or one of the operator's commands, with the
// process's arguments, environment and standard files, and returns its
// exit code.
func Main(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if code, handled := command(args, getenv, stdin, stdout, stderr); handled {
		return code
	}
	cfg, err := ParseConfig(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errVersion) {
		fmt.Fprintln(stdout, "authrocket-gateway", admin.Describe())
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "authrocket-gateway:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, cfg, stderr); err != nil {
		fmt.Fprintln(stderr, "authrocket-gateway:", err)
		return 1
	}
	return 0
}

// Run serves the gateway until ctx ends, then drains. Logs are JSON on
// stderr; the first record with msg "listening" gives the bound addresses
// (after the --dev banner).
func Run(ctx context.Context, cfg Config, stderr io.Writer) error {
	log := logging.New(stderr, cfg.LogLevel, logging.Options{})
	tr, err := tracing.Setup(ctx, admin.Version(), log)
	if err != nil {
		return err
	}
	defer shutdownTracing(tr, log) // last: after the drain, the spans of every call
	if tr != nil {
		log = slog.New(tracing.LogHandler(log.Handler())) // trace_id in the lines of a call
	}
	if cfg.Dev {
		dev, err := startDev(ctx, &cfg)
		if err != nil {
			return err
		}
		defer dev.close()
	}
	// The watches of the policy and key files end with ctx.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	policies, err := loadPolicy(ctx, cfg, log)
	if err != nil {
		return err
	}
	reg := admin.NewRegistry()
	shared, err := openShared(cfg, reg, log)
	if err != nil {
		return err
	}
	if shared.client != nil {
		defer shared.client.Close()
		policies.Share(shared.client, cfg.Replicas)
	}
	ar, err := authrocket.NewClient(authrocket.Config{URL: cfg.AuthRocketURL, APIKey: cfg.APIKey, DefaultRealm: cfg.Realm,
		Deadline: cfg.Upstream.Deadline, MaxDeadline: cfg.Upstream.MaxDeadline, AttemptTimeout: cfg.Upstream.AttemptTimeout,
		BreakerFailures: cfg.Upstream.BreakerFailures, BreakerOpen: cfg.Upstream.BreakerOpen,
		Concurrency: cfg.Upstream.Concurrency, QueueWait: cfg.Upstream.QueueWait, Rate: float64(cfg.Upstream.Rate), Logger: log,
		Budget: shared.budget, Replicas: cfg.Replicas,
		Metrics: reg, TracerProvider: tr.TracerProvider(), Propagator: tr.Propagator()})
	if err != nil {
		return err
	}
	if err := watchAPIKey(ctx, cfg, ar, log); err != nil {
		return err
	}
	verifier, err := newVerifier(ctx, cfg, ar, reg, log)
	if err != nil {
		return err
	}
	auditLog, err := openAuditLog(cfg.AuditLog, stderr)
	if err != nil {
		return err
	}
	defer auditLog.Close()
	auditSink := audit.NewSink(auditLog, audit.Options{Logger: log})
	defer func() {
		// After the server's drain: every record of a finished call is written.
		if err := auditSink.Close(); err != nil {
			log.Error("audit log not fully written", "error", err.Error())
		}
	}()
	tlsConfig, err := serverTLS(cfg)
	if err != nil {
		return err
	}
	srv, err := server.New(ar, server.Config{Policy: policies, Tokens: verifier, Logger: log, Limits: cfg.Limits, Audit: auditSink, TLS: tlsConfig, Records: shared.records, Redis: shared.redis,
		Metrics: reg, TracerProvider: tr.TracerProvider(), Propagator: tr.Propagator()})
	if err != nil {
		return err
	}
	log.LogAttrs(ctx, slog.LevelInfo, "config", append([]slog.Attr{slog.String("version", admin.Version())}, configAttrs(cfg, srv.Limits())...)...)
	grpcLis, err := net.Listen("tcp", cfg.GRPCAddr)
	if err != nil {
		return fmt.Errorf("gRPC listener: %w", err)
	}
	httpLis, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		grpcLis.Close()
		return fmt.Errorf("REST listener: %w", err)
	}
	adminLis, err := net.Listen("tcp", cfg.AdminAddr)
	if err != nil {
		grpcLis.Close()
		httpLis.Close()
		return fmt.Errorf("admin listener: %w", err)
	}
	cfg.GRPCAddr, cfg.HTTPAddr, cfg.AdminAddr = grpcLis.Addr().String(), httpLis.Addr().String(), adminLis.Addr().String()
	adminSrv := &http.Server{Handler: admin.Handler(reg), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	defer adminSrv.Close()
	errc := make(chan error, 3)
	go func() { errc <- srv.ServeGRPC(grpcLis) }()
	go func() { errc <- srv.ServeREST(httpLis) }()
	go func() {
		if err := adminSrv.Serve(adminLis); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("admin listener: %w", err)
		}
	}()
	if cfg.Dev {
		printBanner(stderr, cfg)
	}
	log.Info("listening", "grpc", cfg.GRPCAddr, "http", cfg.HTTPAddr, "admin", cfg.AdminAddr, "version", admin.Version(),
		"dev", cfg.Dev, "tls", tlsConfig != nil, "mtls", cfg.ClientCAFile != "")

	var failed error
	select {
	case <-ctx.Done():
	case failed = <-errc:
		log.Error("listener failed", "error", failed.Error())
	}
	// Both transports answer not-ready at once but serve on for the
	// shutdown delay, while load balancers stop sending calls; then both
	// stop accepting and the calls in progress finish.
	srv.Draining()
	drain := srv.Limits().DrainTimeout
	log.Info("draining", "delay", cfg.ShutdownDelay.String(), "timeout", drain.String())
	time.Sleep(cfg.ShutdownDelay)
	drainCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	srv.Stop(drainCtx)
	log.Info("stopped")
	return failed
}

// shutdownTracing exports the spans tracing still holds, for up to 5 s.
func shutdownTracing(tr *tracing.Tracing, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tr.Shutdown(ctx); err != nil {
		log.Warn("tracing: spans not all exported", "error", err.Error())
	}
}

// openAuditLog opens where audit records go: "stdout", "stderr" (the log's
// writer), or a file, appended to and readable by its owner only.
func openAuditLog(dest string, stderr io.Writer) (io.WriteCloser, error) {
	switch dest {
	case "stdout":
		return nopCloser{os.Stdout}, nil
	case "stderr":
		return nopCloser{stderr}, nil
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return f, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
