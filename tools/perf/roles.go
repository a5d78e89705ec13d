package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/authrocket-gateway/gateway/app"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
)

// The hidden first arguments that make this binary one of the servers.
const (
	roleEmulator = "serve-emulator"
	roleProxy    = "serve-proxy"
	roleGateway  = "serve-gateway"
)

// Control pipes of a server process: it reads commands from ctlInFD and
// answers, one JSON line each, on ctlOutFD (exec.Cmd.ExtraFiles 0 and 1).
const (
	ctlInFD  = 3
	ctlOutFD = 4
)

// procStats is a server process's cumulative cost so far.
type procStats struct {
	CPUNanos   int64  `json:"cpu_ns"`  // user+sys time of the process, all threads (getrusage RUSAGE_SELF)
	Mallocs    uint64 `json:"mallocs"` // runtime.MemStats.Mallocs
	AllocBytes uint64 `json:"alloc_bytes"`
	NumGC      uint32 `json:"num_gc"`
}

// readStats reads this process's procStats.
func readStats() (procStats, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return procStats{}, err
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return procStats{
		CPUNanos:   ru.Utime.Nano() + ru.Stime.Nano(),
		Mallocs:    ms.Mallocs,
		AllocBytes: ms.TotalAlloc,
		NumGC:      ms.NumGC,
	}, nil
}

// readyMsg is a server's first line on its control pipe.
type readyMsg struct {
	Addr       string `json:"addr,omitempty"`  // emulator or proxy: host:port
	GRPC       string `json:"grpc,omitempty"`  // gateway: host:port
	HTTP       string `json:"http,omitempty"`  // gateway: host:port
	Realm      string `json:"realm,omitempty"` // emulator: its realm
	GOMAXPROCS int    `json:"gomaxprocs"`      // of the server process
	Error      string `json:"error,omitempty"` // it could not start
}

// serveRole runs the server that args[0] names, if it names one, until its
// control pipe closes or it gets SIGINT or SIGTERM; handled is false when
// args are not a role's.
func serveRole(args []string) (code int, handled bool) {
	if len(args) == 0 {
		return 0, false
	}
	var serve func(ctx context.Context, args []string, ready func(readyMsg)) error
	switch args[0] {
	case roleEmulator:
		serve = serveEmulator
	case roleProxy:
		serve = serveProxy
	case roleGateway:
		serve = serveGateway
	default:
		return 0, false
	}
	ctl := &control{in: os.NewFile(ctlInFD, "control-in"), out: os.NewFile(ctlOutFD, "control-out")}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go ctl.serve(cancel)
	if err := serve(ctx, args[1:], ctl.ready); err != nil {
		fmt.Fprintf(os.Stderr, "perf %s: %v\n", args[0], err)
		ctl.ready(readyMsg{Error: err.Error()}) // ignored if it was ready
		return 1, true
	}
	return 0, true
}

// control answers the harness on a server's control pipes: "stats" gets
// the procStats; the end of the input stops the server.
type control struct {
	in      *os.File
	out     *os.File
	mu      sync.Mutex
	isReady bool
}

func (c *control) send(v any) {
	b, _ := json.Marshal(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.out.Write(append(b, '\n'))
}

// ready sends m, once.
func (c *control) ready(m readyMsg) {
	c.mu.Lock()
	was := c.isReady
	c.isReady = true
	c.mu.Unlock()
	if !was {
		m.GOMAXPROCS = runtime.GOMAXPROCS(0)
		c.send(m)
	}
}

func (c *control) serve(stop context.CancelFunc) {
	defer stop()
	sc := bufio.NewScanner(c.in)
	for sc.Scan() {
		switch sc.Text() {
		case "stats":
			s, err := readStats()
			if err != nil {
				c.send(map[string]string{"error": err.Error()})
				continue
			}
			c.send(s)
		default:
			c.send(map[string]string{"error": fmt.Sprintf("unknown command %q", sc.Text())})
		}
	}
}

// serveEmulator serves the in-memory emulator with one realm.
func serveEmulator(ctx context.Context, args []string, ready func(readyMsg)) error {
	fs := flag.NewFlagSet(roleEmulator, flag.ContinueOnError)
	apiKey := fs.String("api-key", "", "the account's API key, ks_…")
	if err := fs.Parse(args); err != nil {
		return err
	}
	emu := emulator.New(emulator.WithAPIKey(*apiKey))
	realm, err := emu.CreateRealmWith(map[string]any{"name": "Perf realm", "jwt_algo": "rs256"})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emu.ServerHandler(), ReadHeaderTimeout: 10 * time.Second}
	ready(readyMsg{Addr: ln.Addr().String(), Realm: realm})
	return serveUntil(ctx, srv, ln)
}

// serveProxy serves a bare reverse proxy to the emulator that puts in the
// key and realm headers in place of the caller's Authorization.
func serveProxy(ctx context.Context, args []string, ready func(readyMsg)) error {
	fs := flag.NewFlagSet(roleProxy, flag.ContinueOnError)
	upstream := fs.String("upstream", "", "the emulator's URL, http://host:port")
	apiKey := fs.String("api-key", "", "the emulator's API key")
	realm := fs.String("realm", "", "the realm, sent as Authrocket-Realm")
	idle := fs.Int("max-idle-conns-per-host", 128, "idle connections kept to the emulator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	up, err := url.Parse(*upstream)
	if err != nil {
		return err
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	transport.MaxIdleConns = 0
	transport.MaxIdleConnsPerHost = *idle
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(up)
			r.Out.Header.Del("Authorization")
			r.Out.Header.Set("Authrocket-Api-Key", *apiKey)
			r.Out.Header.Set("Authrocket-Realm", *realm)
		},
		Transport: transport,
		ErrorLog:  log.New(os.Stderr, "proxy: ", log.LstdFlags),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: rp, ReadHeaderTimeout: 10 * time.Second}
	ready(readyMsg{Addr: ln.Addr().String()})
	return serveUntil(ctx, srv, ln)
}

// serveUntil serves srv on ln until ctx ends, then shuts it down.
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// serveGateway runs the gateway as authrocket-gateway does: args are its
// flags, the environment its settings, logs go to stderr.
func serveGateway(ctx context.Context, args []string, ready func(readyMsg)) error {
	cfg, err := app.ParseConfig(args, os.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	logs := &listeningWatch{w: os.Stderr, found: make(chan readyMsg, 1)}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx, cfg, logs) }()
	select {
	case m := <-logs.found:
		ready(m)
	case err := <-done:
		if err == nil {
			err = errors.New("the gateway stopped before it listened")
		}
		return err
	}
	return <-done
}

// listeningWatch passes the gateway's log through to w and sends, on found,
// the addresses of its first "listening" record (app.Run's documented
// signal that it serves).
type listeningWatch struct {
	w     io.Writer
	found chan readyMsg
	seen  atomic.Bool
	mu    sync.Mutex
	buf   []byte
}

func (l *listeningWatch) Write(p []byte) (int, error) {
	if !l.seen.Load() {
		l.scan(p)
	}
	return l.w.Write(p)
}

func (l *listeningWatch) scan(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen.Load() {
		return
	}
	l.buf = append(l.buf, p...)
	for {
		line, rest, ok := bytes.Cut(l.buf, []byte("\n"))
		if !ok {
			return
		}
		l.buf = rest
		var rec struct {
			Msg  string `json:"msg"`
			GRPC string `json:"grpc"`
			HTTP string `json:"http"`
		}
		if json.Unmarshal(line, &rec) == nil && rec.Msg == "listening" {
			l.seen.Store(true)
			l.buf = nil
			l.found <- readyMsg{GRPC: rec.GRPC, HTTP: rec.HTTP}
			return
		}
	}
}
