package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

const usage = `usage: go run ./tools/perf [flags]

Measures the same call on loopback through each hop, side by side:
  direct  GET /v2/users/{id} straight to the emulator
  proxy   the same through a bare httputil.ReverseProxy (the floor of a Go hop)
  rest    the gateway's REST facade, GET /v2/users/{id}
  grpc    the gateway's authrocket.v2.UsersService/GetUser
  verify  the gateway's TokensService/VerifyToken, token cached (no upstream call)
The emulator, the proxy and the gateway run as processes of their own, so
the CPU time and allocations per call of the proxy and the gateway are
theirs alone. It prints a Markdown table; any failed call makes it exit 1.

flags:
`

// allTargets are the targets, in the table's order.
var allTargets = []string{"direct", "proxy", "rest", "grpc", "verify"}

func main() {
	if code, ok := serveRole(os.Args[1:]); ok {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// settings are the harness's flags.
type settings struct {
	Callers  []int         `json:"callers"`
	Duration time.Duration `json:"duration_ns"`
	Runs     int           `json:"runs"`
	Warmup   time.Duration `json:"warmup_ns"`
	Targets  []string      `json:"targets"`
}

// run runs the harness with args and returns its exit code: 0, 1 if a call
// failed or the harness could not run, 2 for bad flags. The table goes to
// stdout, progress and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("perf", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	callers := fs.String("c", "1,16,128", "numbers of concurrent callers, comma-separated")
	d := fs.Duration("d", 10*time.Second, "timed window of each cell (target × callers)")
	runs := fs.Int("runs", 2, "runs of each cell, interleaved")
	warmup := fs.Duration("warmup", time.Second, "warm-up before each cell's window")
	targets := fs.String("targets", strings.Join(allTargets, ","), "targets to measure, comma-separated")
	jsonFile := fs.String("json", "", "also write the raw results to this `file` (JSON)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	s, err := parseSettings(*callers, *d, *runs, *warmup, *targets)
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if err != nil {
		fmt.Fprintln(stderr, "perf:", err)
		return 2
	}
	h, err := startHarness(ctx, s, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "perf:", err)
		return 1
	}
	cells, err := h.measure(ctx)
	h.close(err != nil || failedCalls(cells) > 0)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "perf: interrupted")
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "perf:", err)
		return 1
	}
	rep := newReport(s, h.machine, cells)
	rep.write(stdout)
	if *jsonFile != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(*jsonFile, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(stderr, "perf:", err)
			return 1
		}
	}
	if n := failedCalls(cells); n > 0 {
		fmt.Fprintf(stderr, "perf: %d calls failed\n", n)
		return 1
	}
	return 0
}

// parseSettings checks the flags.
func parseSettings(callers string, d time.Duration, runs int, warmup time.Duration, targets string) (settings, error) {
	s := settings{Duration: d, Runs: runs, Warmup: warmup}
	for f := range strings.SplitSeq(callers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 10000 {
			return s, fmt.Errorf("-c %q: want numbers of callers from 1 to 10000, comma-separated", callers)
		}
		if !slices.Contains(s.Callers, n) {
			s.Callers = append(s.Callers, n)
		}
	}
	for f := range strings.SplitSeq(targets, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(allTargets, f) {
			return s, fmt.Errorf("-targets: unknown target %q (want some of %s)", f, strings.Join(allTargets, ","))
		}
		if !slices.Contains(s.Targets, f) {
			s.Targets = append(s.Targets, f)
		}
	}
	// The table's order, whatever the flag's.
	slices.SortFunc(s.Targets, func(a, b string) int { return slices.Index(allTargets, a) - slices.Index(allTargets, b) })
	switch {
	case d <= 0:
		return s, errors.New("-d must be positive")
	case runs < 1:
		return s, errors.New("-runs must be at least 1")
	case warmup < 0:
		return s, errors.New("-warmup must not be negative")
	}
	return s, nil
}

// harness is the running servers, the clients and the targets.
type harness struct {
	settings
	log      io.Writer
	dir      string // the servers' logs, policy and audit files
	emu      *server
	emuURL   string // http://host:port
	apiKey   string
	servers  []*server
	targets  []*target
	grpcConn *grpc.ClientConn
	machine  machine
}

// startHarness starts the servers the targets need and checks each target
// with one call.
func startHarness(ctx context.Context, s settings, log io.Writer) (h *harness, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "perf-")
	if err != nil {
		return nil, err
	}
	h = &harness{settings: s, log: log, dir: dir, apiKey: "ks_perf" + strings.ToLower(rand.Text())}
	defer func() {
		if err != nil {
			h.close(true)
			h = nil
		}
	}()
	maxCallers := slices.Max(s.Callers)
	emu, ready, err := startServer(exe, dir, roleEmulator, []string{"-api-key", h.apiKey}, nil)
	if err != nil {
		return h, err
	}
	h.emu, h.emuURL = emu, "http://"+ready.Addr
	h.servers = append(h.servers, emu)
	realm := ready.Realm
	h.machine = newMachine(ready.GOMAXPROCS)

	// The user every call reads, and the login token of its session.
	var user, session struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	if err := h.emulatorPost(ctx, "/v2/users", realm, `{"user":{"email":"perf@example.com","first_name":"Perf","last_name":"Harness"}}`, &user); err != nil {
		return h, err
	}
	if err := h.emulatorPost(ctx, "/v2/sessions", realm, `{"session":{"user_id":"`+user.ID+`"}}`, &session); err != nil {
		return h, err
	}
	if user.ID == "" || session.Token == "" {
		return h, fmt.Errorf("the emulator gave no user id (%q) or session token", user.ID)
	}

	client := &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: maxCallers,
		IdleConnTimeout:     2 * time.Minute,
		DisableCompression:  true,
	}}
	userPath := "/v2/users/" + user.ID
	wantID := []byte(`"id":"` + user.ID + `"`)
	credential := policy.NewCredential()

	var proxy, gateway *server
	var grpcAddr, gatewayURL string
	if slices.Contains(s.Targets, "proxy") {
		var ready readyMsg
		proxy, ready, err = startServer(exe, dir, roleProxy, []string{"-upstream", h.emuURL, "-api-key", h.apiKey, "-realm", realm,
			"-max-idle-conns-per-host", strconv.Itoa(max(maxCallers, 128))}, nil)
		if err != nil {
			return h, err
		}
		h.servers = append(h.servers, proxy)
		h.machine.addServer(ready.GOMAXPROCS)
		proxyURL := "http://" + ready.Addr
		h.targets = append(h.targets, &target{name: "proxy", hop: proxy, call: func(ctx context.Context, w *worker) error {
			return getHTTP(ctx, w, client, proxyURL+userPath, wantID, "Authorization", "Bearer "+credential, "Accept", "application/json")
		}})
	}
	if slices.ContainsFunc(s.Targets, func(t string) bool { return t == "rest" || t == "grpc" || t == "verify" }) {
		policyFile, auditFile := filepath.Join(dir, "policy.yaml"), filepath.Join(dir, "audit.log")
		pol := "callers:\n  - name: perf\n    credentials: [" + policy.HashCredential(credential) + "]\n    methods: [\"*/*\"]\n    realms: [\"*\"]\n"
		if err := os.WriteFile(policyFile, []byte(pol), 0o600); err != nil {
			return h, err
		}
		var ready readyMsg
		gateway, ready, err = startServer(exe, dir, roleGateway, []string{
			"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
			"--authrocket-url", h.emuURL + "/v2", "--realm", realm,
			"--policy", policyFile, "--audit-log", auditFile, "--log-level", "info",
			// The gateway's own cost, not the account's request budget; the
			// proxy has no pool cap either.
			"--upstream-rate", "1000000", "--upstream-concurrency", "1024",
		}, []string{"AUTHROCKET_API_KEY=" + h.apiKey})
		if err != nil {
			return h, err
		}
		h.servers = append(h.servers, gateway)
		h.machine.addServer(ready.GOMAXPROCS)
		grpcAddr, gatewayURL = ready.GRPC, "http://"+ready.HTTP
		h.grpcConn, err = grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return h, err
		}
	}
	authMD := metadata.Pairs("authorization", "Bearer "+credential)
	for _, name := range s.Targets {
		var t *target
		switch name {
		case "direct":
			t = &target{call: func(ctx context.Context, w *worker) error {
				return getHTTP(ctx, w, client, h.emuURL+userPath, wantID, "Authrocket-Api-Key", h.apiKey, "Authrocket-Realm", realm, "Accept", "application/json")
			}}
		case "rest":
			t = &target{hop: gateway, call: func(ctx context.Context, w *worker) error {
				return getHTTP(ctx, w, client, gatewayURL+userPath, wantID, "Authorization", "Bearer "+credential, "Accept", "application/json")
			}}
		case "grpc":
			users := arv2.NewUsersServiceClient(h.grpcConn)
			req := &arv2.GetUserRequest{Id: user.ID}
			t = &target{hop: gateway, call: func(ctx context.Context, _ *worker) error {
				res, err := users.GetUser(metadata.NewOutgoingContext(ctx, authMD), req)
				if err == nil && res.GetUser().GetId() != user.ID {
					err = fmt.Errorf("GetUser answered user %q, want %q", res.GetUser().GetId(), user.ID)
				}
				return err
			}}
		case "verify":
			tokens := gatewayv1.NewTokensServiceClient(h.grpcConn)
			req := &gatewayv1.VerifyTokenRequest{Token: session.Token}
			t = &target{hop: gateway, call: func(ctx context.Context, _ *worker) error {
				res, err := tokens.VerifyToken(metadata.NewOutgoingContext(ctx, authMD), req)
				if err == nil && res.GetSession().GetUserId() != user.ID {
					err = fmt.Errorf("VerifyToken answered %v, want a session of user %q", res, user.ID)
				}
				return err
			}}
		default: // proxy, made above
			continue
		}
		t.name = name
		h.targets = append(h.targets, t)
	}
	slices.SortFunc(h.targets, func(a, b *target) int { return slices.Index(allTargets, a.name) - slices.Index(allTargets, b.name) })
	// One call each: a target that fails fails here, before any
	// measurement; it also puts the realm's key and the token in the
	// gateway's cache.
	for _, t := range h.targets {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := t.call(cctx, &worker{})
		cancel()
		if err != nil {
			return h, fmt.Errorf("target %s: %w", t.name, err)
		}
	}
	return h, nil
}

// emulatorPost posts body to the emulator's API at path, in realm, and
// decodes the answer, which must be 2xx, into v.
func (h *harness) emulatorPost(ctx context.Context, path, realm, body string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.emuURL+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authrocket-Api-Key", h.apiKey)
	req.Header.Set("Authrocket-Realm", realm)
	req.Header.Set("Content-Type", "application/json")
	return h.emulatorDo(req, v)
}

// upstreamRequests is how many API requests the emulator has received.
func (h *harness) upstreamRequests(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.emuURL+"/_emulator/requests", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authrocket-Api-Key", h.apiKey)
	var v struct {
		Count int `json:"count"`
	}
	err = h.emulatorDo(req, &v)
	return v.Count, err
}

func (h *harness) emulatorDo(req *http.Request, v any) error {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("emulator: %s %s: %s: %.300s", req.Method, req.URL.Path, res.Status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("emulator: %s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// close stops the servers, and removes their directory unless keep, in
// which case it says where it is.
func (h *harness) close(keep bool) {
	if h.grpcConn != nil {
		h.grpcConn.Close()
	}
	for _, s := range slices.Backward(h.servers) {
		s.stop()
	}
	if keep {
		fmt.Fprintf(h.log, "perf: the servers' logs are in %s\n", h.dir)
		return
	}
	os.RemoveAll(h.dir)
}

// cell is one timed window of a target at a number of callers.
type cell struct {
	Target  string  `json:"target"`
	Callers int     `json:"callers"`
	Run     int     `json:"run"` // from 1
	Calls   int     `json:"calls"`
	Errors  int     `json:"errors"` // failed calls, warm-up included
	Seconds float64 `json:"seconds"`
	// CallsPerSec is Calls / Seconds.
	CallsPerSec float64 `json:"calls_per_sec"`
	// Latencies of the calls that succeeded, in µs.
	P50Micros float64 `json:"p50_us"`
	P90Micros float64 `json:"p90_us"`
	P99Micros float64 `json:"p99_us"`
	MaxMicros float64 `json:"max_us"`
	// Hop is the cost of the hop's process over the window (not for
	// direct, which has no hop).
	Hop *cost `json:"hop,omitempty"`
	// Emulator is the cost of the emulator's process over the window.
	Emulator *cost `json:"emulator"`
	// UpstreamRequests is how many API requests the emulator received in
	// the window.
	UpstreamRequests int      `json:"upstream_requests"`
	ErrorSamples     []string `json:"error_samples,omitempty"`
}

// cost is what a process spent over a window.
type cost struct {
	CPUNanos          int64   `json:"cpu_ns"`
	Mallocs           uint64  `json:"mallocs"`
	AllocBytes        uint64  `json:"alloc_bytes"`
	GCs               uint32  `json:"gcs"`
	CPUMicrosPerCall  float64 `json:"cpu_us_per_call"`
	AllocsPerCall     float64 `json:"allocs_per_call"`
	AllocBytesPerCall float64 `json:"alloc_bytes_per_call"`
}

func newCost(before, after procStats, calls int) *cost {
	c := &cost{
		CPUNanos:   after.CPUNanos - before.CPUNanos,
		Mallocs:    after.Mallocs - before.Mallocs,
		AllocBytes: after.AllocBytes - before.AllocBytes,
		GCs:        after.NumGC - before.NumGC,
	}
	if calls > 0 {
		c.CPUMicrosPerCall = float64(c.CPUNanos) / 1e3 / float64(calls)
		c.AllocsPerCall = float64(c.Mallocs) / float64(calls)
		c.AllocBytesPerCall = float64(c.AllocBytes) / float64(calls)
	}
	return c
}

// measure runs every cell, runs interleaved: each run goes through the
// numbers of callers and, at each, through the targets in an order that
// rotates from one to the next.
func (h *harness) measure(ctx context.Context) ([]cell, error) {
	n := h.Runs * len(h.Callers) * len(h.targets)
	fmt.Fprintf(h.log, "perf: %d cells of %v (+%v warm-up), about %v\n", n, h.Duration, h.Warmup,
		(time.Duration(n) * (h.Duration + h.Warmup)).Round(time.Second))
	var cells []cell
	for run := range h.Runs {
		for ci, callers := range h.Callers {
			for i := range h.targets {
				t := h.targets[(i+run+ci)%len(h.targets)]
				c, err := h.cell(ctx, t, callers, run+1)
				if err != nil {
					return cells, err
				}
				if ctx.Err() != nil {
					return cells, ctx.Err()
				}
				cells = append(cells, c)
				h.progress(c)
			}
		}
	}
	return cells, nil
}

// cell measures t at callers.
func (h *harness) cell(ctx context.Context, t *target, callers, run int) (cell, error) {
	c := cell{Target: t.name, Callers: callers, Run: run}
	var errs []error
	if h.Warmup > 0 {
		w := load(ctx, t, callers, h.Warmup)
		c.Errors += w.nerrs
		errs = append(errs, w.errs...)
	}
	upBefore, err := h.upstreamRequests(ctx)
	if err != nil {
		return c, err
	}
	emuBefore, err := h.emu.stats()
	if err != nil {
		return c, err
	}
	var hopBefore procStats
	if t.hop != nil {
		if hopBefore, err = t.hop.stats(); err != nil {
			return c, err
		}
	}

	r := load(ctx, t, callers, h.Duration)

	var hopAfter procStats
	if t.hop != nil {
		if hopAfter, err = t.hop.stats(); err != nil {
			return c, err
		}
	}
	emuAfter, err := h.emu.stats()
	if err != nil {
		return c, err
	}
	upAfter, err := h.upstreamRequests(ctx)
	if err != nil {
		return c, err
	}
	c.Calls, c.Errors, c.Seconds = r.calls, c.Errors+r.nerrs, r.elapsed.Seconds()
	c.CallsPerSec = float64(r.calls) / r.elapsed.Seconds()
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	c.P50Micros, c.P90Micros, c.P99Micros = us(percentile(r.latencies, 50)), us(percentile(r.latencies, 90)), us(percentile(r.latencies, 99))
	if len(r.latencies) > 0 {
		c.MaxMicros = us(r.latencies[len(r.latencies)-1])
	}
	if t.hop != nil {
		c.Hop = newCost(hopBefore, hopAfter, r.calls)
	}
	c.Emulator = newCost(emuBefore, emuAfter, r.calls)
	c.UpstreamRequests = upAfter - upBefore
	for _, e := range append(errs, r.errs...) {
		c.ErrorSamples = append(c.ErrorSamples, e.Error())
	}
	return c, nil
}

// progress reports a cell on the log, with its errors.
func (h *harness) progress(c cell) {
	hop := ""
	if c.Hop != nil {
		hop = fmt.Sprintf(", %.1f µs CPU and %.0f allocs a call", c.Hop.CPUMicrosPerCall, c.Hop.AllocsPerCall)
	}
	fmt.Fprintf(h.log, "run %d, %d callers, %-7s %6.0f calls/s, p50 %s ms, p99 %s ms%s\n",
		c.Run, c.Callers, c.Target+":", c.CallsPerSec, num(c.P50Micros/1e3), num(c.P99Micros/1e3), hop)
	if c.Errors > 0 {
		fmt.Fprintf(h.log, "  %d calls FAILED, among them:\n", c.Errors)
		for _, e := range c.ErrorSamples {
			fmt.Fprintf(h.log, "    %s\n", e)
		}
	}
}

func failedCalls(cells []cell) int {
	n := 0
	for _, c := range cells {
		n += c.Errors
	}
	return n
}
