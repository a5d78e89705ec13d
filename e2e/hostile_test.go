package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/protobuf/proto"
)

// The hostile suite: each attack runs against a fresh gateway binary on
// loopback, bounded in count and time, while an authenticated caller keeps
// calling on its own connection. It passes when the gateway's resident
// memory stays under maxAttackRSS, its open files under what its
// connection caps allow, the caller's calls succeed (at least 99%, p99
// under 100 ms), and AuthRocket sees no request of the attacker's. Each
// test logs its row of docs/threat-model.md's table.

const (
	maxAttackRSS  = 150 << 20
	attackFor     = 5 * time.Second // how long each attack lasts
	attackTimeout = 2 * time.Second // the gateway's --header-timeout and --body-timeout here
	attackerToken = "attacker-credential-0123456789abcdef"
)

// hostileEnv starts the emulator and a gateway with short timeouts, and a
// policy with the default caller and a rate-limited "attacker".
func hostileEnv(t *testing.T, args ...string) *env {
	t.Helper()
	return newEnvWith(t, gatewayOptions{
		args: append([]string{"--header-timeout", attackTimeout.String(), "--body-timeout", attackTimeout.String()}, args...),
		policy: func(*testing.T, *env) string {
			return defaultPolicy + `  - name: attacker
    credentials: [` + policy.HashCredential(attackerToken) + `]
    methods: ["*/*"]
    realms: ["*"]
    rate_limit: {per_second: 50, burst: 100}
`
		},
	})
}

// siege watches the gateway process and keeps an authenticated caller
// calling (GetUser, one AuthRocket request each) until stopped.
type siege struct {
	e        *env
	pid      int
	stopped  chan struct{}
	wg       sync.WaitGroup
	peakRSS  atomic.Int64 // bytes
	peakFDs  atomic.Int64
	upstream int // AuthRocket's request count when the siege began

	mu        sync.Mutex
	latencies []time.Duration
	failures  int
	firstErr  error
}

// besiege starts watching e's gateway and calling it with call, which
// must reach AuthRocket exactly once when it succeeds.
func besiege(t *testing.T, e *env, call func(context.Context) error) *siege {
	t.Helper()
	// A warm connection: the caller's connection exists before the attack.
	if err := call(bounded(t)); err != nil {
		t.Fatalf("the caller's first call: %v", err)
	}
	s := &siege{e: e, pid: e.gateway.cmd.Process.Pid, stopped: make(chan struct{}), upstream: e.upstreamRequests(t)}
	s.wg.Go(func() {
		for {
			rss, fds := processUsage(s.pid)
			if rss > s.peakRSS.Load() {
				s.peakRSS.Store(rss)
			}
			if fds > s.peakFDs.Load() {
				s.peakFDs.Store(fds)
			}
			select {
			case <-s.stopped:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	s.wg.Go(func() {
		for {
			select {
			case <-s.stopped:
				return
			default:
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			start := time.Now()
			err := call(ctx)
			cancel()
			s.mu.Lock()
			if err != nil {
				s.failures++
				if s.firstErr == nil {
					s.firstErr = err
				}
			} else {
				s.latencies = append(s.latencies, time.Since(start))
			}
			s.mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	})
	return s
}

// end stops the siege, checks the pass criteria and logs the row of
// attack, with fdCap the open files the gateway's caps allow.
func (s *siege) end(t *testing.T, attack string, fdCap int, attackerResult string) {
	t.Helper()
	close(s.stopped)
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	ok := len(s.latencies)
	total := ok + s.failures
	slices.Sort(s.latencies)
	var p99 time.Duration
	if ok > 0 {
		p99 = s.latencies[min(ok-1, ok*99/100)]
	}
	upstream := s.e.upstreamRequests(t) - s.upstream
	t.Logf("| %s | %s | %d MB | %d | %d calls, %.1f%% ok, p99 %.1f ms | %d |",
		attack, attackerResult, s.peakRSS.Load()>>20, s.peakFDs.Load(), total, 100*float64(ok)/float64(max(total, 1)),
		float64(p99.Microseconds())/1000, upstream-ok)
	if rss := s.peakRSS.Load(); rss >= maxAttackRSS {
		t.Errorf("the gateway's RSS reached %d MB (limit %d MB)", rss>>20, maxAttackRSS>>20)
	}
	if fds := s.peakFDs.Load(); fds > int64(fdCap) {
		t.Errorf("the gateway had %d files open, over the %d its caps allow", fds, fdCap)
	}
	if total < 20 || float64(ok) < 0.99*float64(total) {
		t.Errorf("the caller's calls: %d of %d succeeded (first error: %v)", ok, total, s.firstErr)
	}
	if p99 >= 100*time.Millisecond {
		t.Errorf("the caller's p99 latency is %v", p99)
	}
	if upstream != ok {
		t.Errorf("AuthRocket saw %d requests, the caller's successful calls were %d: the attacker's reached it", upstream, ok)
	}
}

// processUsage returns the resident memory (bytes) and open files of pid.
func processUsage(pid int) (rss, fds int64) {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for l := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				rss = kb << 10
			}
		}
	}
	if entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
		fds = int64(len(entries))
	}
	return rss, fds
}

// grpcCaller is the siege's call on gRPC: GetUser of a user it makes.
func grpcCaller(t *testing.T, e *env) func(context.Context) error {
	t.Helper()
	users := arv2.NewUsersServiceClient(e.conn)
	u, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("besieged@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	id := u.GetUser().GetId()
	return func(ctx context.Context) error {
		_, err := users.GetUser(withToken(ctx, e.token), &arv2.GetUserRequest{Id: id})
		return err
	}
}

// restCaller is the siege's call on REST, on one kept-alive connection.
func restCaller(t *testing.T, e *env) func(context.Context) error {
	t.Helper()
	_, _, body := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "besieged@example.com"}})
	id, _ := body["id"].(string)
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}}
	t.Cleanup(client.CloseIdleConnections)
	return func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.httpURL+"/v2/users/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+e.token)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /v2/users/%s: %d", id, res.StatusCode)
		}
		return nil
	}
}

// h2Attacker is a raw HTTP/2 connection that writes what it likes.
type h2Attacker struct {
	conn net.Conn
	mu   sync.Mutex // guards w and fr's writes
	w    *bufio.Writer
	fr   *http2.Framer
}

func dialH2(t *testing.T, addr string) *h2Attacker {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	a := &h2Attacker{conn: conn, w: bufio.NewWriterSize(conn, 64<<10)}
	a.fr = http2.NewFramer(a.w, conn)
	a.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	a.write(func() error {
		if _, err := io.WriteString(a.w, http2.ClientPreface); err != nil {
			return err
		}
		return a.fr.WriteSettings()
	})
	return a
}

// write runs f, a batch of frame writes, then flushes.
func (a *h2Attacker) write(f func() error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := f(); err != nil {
		return err
	}
	return a.w.Flush()
}

// read reads frames until the connection ends or deadline, answering
// the server's SETTINGS, and calls on for each; on returns false to stop.
func (a *h2Attacker) read(deadline time.Time, on func(http2.Frame) bool) {
	_ = a.conn.SetReadDeadline(deadline)
	for {
		f, err := a.fr.ReadFrame()
		if err != nil {
			return
		}
		if sf, ok := f.(*http2.SettingsFrame); ok && !sf.IsAck() {
			_ = a.write(a.fr.WriteSettingsAck)
		}
		if !on(f) {
			return
		}
	}
}

// streamFlood opens n streams on a of method with headers only, never a
// message, and returns how many the gateway answered by the deadline (when
// the connection is closed) and the gRPC status of the first answer.
func (a *h2Attacker) streamFlood(addr, method string, n int, deadline time.Time, extra ...string) (answered int, firstStatus string) {
	block := grpcHeaderBlock(addr, method, extra...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.read(deadline, func(f http2.Frame) bool {
			switch f := f.(type) {
			case *http2.MetaHeadersFrame:
				if f.StreamEnded() {
					answered++
					if firstStatus == "" {
						firstStatus = f.PseudoValue("status") + " grpc-status " + headerValue(f, "grpc-status")
					}
				}
			case *http2.RSTStreamFrame:
				if f.ErrCode != http2.ErrCodeNo {
					answered++
				}
			case *http2.GoAwayFrame:
				return false
			}
			return true
		})
	}()
	for id := uint32(1); id < uint32(2*n); id += 2000 {
		err := a.write(func() error {
			for s := id; s < min(id+2000, uint32(2*n)); s += 2 {
				// Each stream its own HPACK block: every header literal.
				if err := a.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: s, BlockFragment: block, EndHeaders: true}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			break
		}
	}
	<-done
	a.conn.Close()
	return answered, firstStatus
}

// grpcHeaderBlock is the HPACK block of a gRPC call's headers, every field
// a literal, with the extra fields (name, value, …).
func grpcHeaderBlock(addr, method string, extra ...string) []byte {
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	fields := append([]string{":method", "POST", ":scheme", "http", ":path", method, ":authority", addr,
		"content-type", "application/grpc", "te", "trailers"}, extra...)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = enc.WriteField(hpack.HeaderField{Name: fields[i], Value: fields[i+1]})
	}
	return block.Bytes()
}

func headerValue(f *http2.MetaHeadersFrame, name string) string {
	for _, h := range f.Fields {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

// TestAttackStreamFlood: 50,000 header-only gRPC streams without a
// credential, on one connection and then over 50, are refused when their
// headers arrive (UNAUTHENTICATED), never read or buffered; past a burst,
// each connection's refusals are paced and the rest wait in the
// attacker's own buffers.
func TestAttackStreamFlood(t *testing.T) {
	hostile(t)
	for _, conns := range []int{1, 50} {
		t.Run(fmt.Sprintf("%d connections", conns), func(t *testing.T) {
			e := hostileEnv(t)
			s := besiege(t, e, grpcCaller(t, e))
			const streams = 50_000
			var answered atomic.Int64
			var status atomic.Value
			var wg sync.WaitGroup
			deadline := time.Now().Add(attackFor)
			for range conns {
				a := dialH2(t, e.grpcAddr)
				wg.Go(func() {
					n, st := a.streamFlood(e.grpcAddr, "/authrocket.v2.UsersService/GetUser", streams/conns, deadline)
					answered.Add(int64(n))
					status.CompareAndSwap(nil, st)
				})
			}
			wg.Wait()
			s.end(t, fmt.Sprintf("gRPC stream flood, %d streams on %d connection(s), no credential", streams, conns),
				1000+100, fmt.Sprintf("%d answered, first %v", answered.Load(), status.Load()))
			if answered.Load() < int64(conns) {
				t.Errorf("%d streams answered", answered.Load())
			}
			if st, _ := status.Load().(string); st != "200 grpc-status 16" {
				t.Errorf("first answer %q, want HTTP 200 with grpc-status 16 (UNAUTHENTICATED)", st)
			}
		})
	}
}

// TestAttackPingFlood: connections that ping without end are each sent
// GOAWAY (ENHANCE_YOUR_CALM) after three pings and closed; the attacker
// reconnects and pings again until the attack ends. The attacker offers a
// fixed load, so that the attack measures the gateway and not how fast the
// machine lets the attacker write (unpaced, the attacker and the gateway
// share the machine's two cores and the caller waits for both).
func TestAttackPingFlood(t *testing.T) {
	const pingFloodRate, pingBatch = 100_000, 100 // pings a second, a flush
	hostile(t)
	e := hostileEnv(t)
	s := besiege(t, e, grpcCaller(t, e))
	var conns, acks, goAways, sent int
	var lastGoAway string
	for end := time.Now().Add(attackFor); time.Now().Before(end); {
		conns++
		a := dialH2(t, e.grpcAddr)
		done := make(chan struct{})
		go func() {
			defer close(done)
			// Each connection waits for its GOAWAY on its own clock: a
			// connection opened just before the attack ends still gets one.
			a.read(time.Now().Add(5*time.Second), func(f http2.Frame) bool {
				switch f := f.(type) {
				case *http2.PingFrame:
					if f.IsAck() {
						acks++
					}
				case *http2.GoAwayFrame:
					goAways++
					lastGoAway = f.ErrCode.String() + " " + string(f.DebugData())
					return false
				}
				return true
			})
		}()
		// 100,000 pings a connection, in batches at pingFloodRate.
		tick := time.NewTicker(time.Second / (pingFloodRate / pingBatch))
		for i := 0; i < 100_000; i += pingBatch {
			if a.write(func() error {
				for j := range pingBatch {
					if err := a.fr.WritePing(false, [8]byte{byte(i + j)}); err != nil {
						return err
					}
					sent++
				}
				return nil
			}) != nil {
				break
			}
			<-tick.C
		}
		tick.Stop()
		<-done
		a.conn.Close()
	}
	s.end(t, "gRPC ping flood, reconnecting", 1000+100,
		fmt.Sprintf("%d connections, %d pings sent, %d GOAWAY (%s), %d pings answered", conns, sent, goAways, lastGoAway, acks))
	if goAways != conns || !strings.HasPrefix(lastGoAway, "ENHANCE_YOUR_CALM") {
		t.Errorf("%d GOAWAY for %d connections, the last %q; want ENHANCE_YOUR_CALM for each", goAways, conns, lastGoAway)
	}
}

// hostile skips the attacks unless the hostile suite runs alone on the
// machine (make hostile), where latencies mean something.
func hostile(t *testing.T) {
	t.Helper()
	if os.Getenv("AUTHROCKET_GATEWAY_HOSTILE") == "" {
		t.Skip("the hostile suite runs alone on the machine: make hostile")
	}
}

// slowClients opens n connections to addr, writes head on each, then one
// byte of trickle every 500 ms until the gateway closes the connection or
// the attack ends; it returns how many were held open at the end, the
// first line each connection read or how it ended, by kind.
func slowClients(t *testing.T, addr string, n int, head, trickle string, until time.Time) (answers map[string]int, open int) {
	t.Helper()
	var mu sync.Mutex
	answers = map[string]int{}
	var held atomic.Int64
	var wg sync.WaitGroup
	dials := make(chan struct{}, 200) // concurrent dials
	for range n {
		dials <- struct{}{}
		wg.Go(func() {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			time.Sleep(200 * time.Millisecond) // 1,000 new connections a second
			<-dials
			if err != nil {
				mu.Lock()
				answers[kindOf(err)]++
				mu.Unlock()
				return
			}
			defer conn.Close()
			held.Add(1)
			defer held.Add(-1)
			answer := make(chan string, 1)
			go func() {
				_ = conn.SetReadDeadline(until.Add(5 * time.Second))
				line, err := bufio.NewReader(conn).ReadString('\n')
				if line != "" {
					answer <- strings.TrimSpace(line)
					return
				}
				answer <- kindOf(err)
			}()
			_, err = io.WriteString(conn, head)
			for err == nil && time.Now().Before(until) {
				select {
				case a := <-answer:
					mu.Lock()
					answers[a]++
					mu.Unlock()
					return
				case <-time.After(500 * time.Millisecond):
					_, err = io.WriteString(conn, trickle)
				}
			}
			a := <-answer // the gateway's answer, or "held" 5 s after the attack
			mu.Lock()
			answers[a]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return answers, int(held.Load())
}

// TestAttackSlowREST: 5,000 connections that send their headers, or their
// body, a byte at a time. Headers are cut off at --header-timeout; a body
// without a credential is refused before it is read, and one with a
// credential is cut off at --body-timeout (408); connections over the cap
// are reset at once.
func TestAttackSlowREST(t *testing.T) {
	hostile(t)
	const conns = 5000
	post := "POST /v2/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
	for _, tc := range []struct {
		name, head string
		answers    []string // how connections may end; the first is the main one
	}{
		{"slow headers", "GET /v2/users HTTP/1.1\r\nHost: gateway\r\n", []string{"closed", "reset"}},
		{"slow bodies, no credential", post + "\r\n{", []string{"HTTP/1.1 403 Forbidden", "reset"}},
		{"slow bodies, a rate-limited credential", post + "Authorization: Bearer " + attackerToken + "\r\n\r\n{",
			[]string{"HTTP/1.1 429 Too Many Requests", "HTTP/1.1 408 Request Timeout", "reset"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := hostileEnv(t)
			s := besiege(t, e, restCaller(t, e))
			trickle := "X-Slow: 1\r\n"
			if strings.HasSuffix(tc.head, "{") {
				trickle = " "
			}
			answers, _ := slowClients(t, strings.TrimPrefix(e.httpURL, "http://"), conns, tc.head, trickle, time.Now().Add(attackFor+attackTimeout))
			s.end(t, fmt.Sprintf("REST %s, %d connections", tc.name, conns), 1000+100, fmt.Sprint(answers))
			if answers[tc.answers[0]] == 0 {
				t.Errorf("answers %v: none %q", answers, tc.answers[0])
			}
			for kind, n := range answers {
				if !slices.Contains(tc.answers, kind) {
					t.Errorf("%d connections ended %q; want only %q", n, kind, tc.answers)
				}
			}
		})
	}
}

// kindOf names how a connection ended: "reset" (the gateway's connection
// cap, or a close with data unread), "closed" (a timeout), or "held" (still
// open when the client gave up).
func kindOf(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return "held"
	case strings.Contains(err.Error(), "reset"), strings.Contains(err.Error(), "broken pipe"):
		return "reset"
	case err == io.EOF:
		return "closed"
	case errors.As(err, &ne) && ne.Timeout():
		return "held"
	}
	return err.Error()
}
