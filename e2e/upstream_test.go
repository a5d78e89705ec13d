package e2e

import (
	"context"
	"fmt"
	"io"
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
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// The upstream fault suite: AuthRocket failing, dropping or hanging, seen
// from the gateway's callers, counted at the emulator. Each test logs its
// figures (docs/operations.md).

// TestUpstreamFailing: AuthRocket answering 503 to everything sees at
// most 1.2 requests a call, never a multiple: the retry throttle stops
// retries, then the circuit breaker stops requests.
func TestUpstreamFailing(t *testing.T) {
	for _, breaker := range []string{"1000", "5"} {
		t.Run("breaker after "+breaker, func(t *testing.T) {
			e := newEnvWith(t, gatewayOptions{args: []string{"--breaker-failures", breaker}})
			e.fault(t, map[string]any{"path": "/v2/users/*", "status": 503})
			users := arv2.NewUsersServiceClient(e.conn)
			before := e.upstreamRequests(t)
			const calls = 200
			for range calls {
				_, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_1"})
				if code := status.Code(err); code != codes.Unavailable {
					t.Fatalf("GetUser: %v, want UNAVAILABLE", err)
				}
			}
			n := e.upstreamRequests(t) - before
			t.Logf("%d reads against an AuthRocket answering 503: %d requests (%.2f a call), breaker after %s failures", calls, n, float64(n)/calls, breaker)
			if float64(n) > 1.2*calls {
				t.Errorf("%d requests for %d calls, over 1.2 a call", n, calls)
			}
		})
	}
}

// TestUpstreamDropped: every answer dropped, a read is sent at most 3
// times, a write once, and the write's caller is told it may have been
// applied.
func TestUpstreamDropped(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--breaker-failures", "1000"}})
	e.fault(t, map[string]any{"path": "/v2/*", "drop": true})
	users := arv2.NewUsersServiceClient(e.conn)
	before := e.upstreamRequests(t)
	_, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_1"})
	if code := status.Code(err); code != codes.Unavailable {
		t.Errorf("GetUser: %v, want UNAVAILABLE", err)
	}
	read := e.upstreamRequests(t) - before
	_, err = users.DeleteUser(e.ctx(t), &arv2.DeleteUserRequest{Id: "usr_1"})
	if st := status.Convert(err); st.Code() != codes.Unknown || reasonOf(st) != "UPSTREAM_OUTCOME_UNKNOWN" {
		t.Errorf("DeleteUser: %v %s %q, want UNKNOWN UPSTREAM_OUTCOME_UNKNOWN: it may have been applied", st.Code(), reasonOf(st), st.Message())
	}
	write := e.upstreamRequests(t) - before - read
	t.Logf("answers dropped: a read sent %d times, a write %d", read, write)
	if read != 3 || write != 1 {
		t.Errorf("a read sent %d times (want 3), a write %d (want 1)", read, write)
	}
}

// TestUpstreamHung: AuthRocket not answering, a call without a deadline
// ends at --default-deadline, one with a deadline at its own, each within
// 100 ms, as DEADLINE_EXCEEDED.
func TestUpstreamHung(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--default-deadline", "1s", "--breaker-failures", "1000"}})
	e.fault(t, map[string]any{"path": "/v2/users/*", "latency": "60s"})
	users := arv2.NewUsersServiceClient(e.conn)
	for _, tc := range []struct {
		name     string
		deadline time.Duration // 0: none
		want     time.Duration
	}{
		{"no deadline", 0, time.Second},
		{"a 2 s deadline", 2 * time.Second, 2 * time.Second},
	} {
		ctx := withToken(context.Background(), e.token)
		if tc.deadline > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, tc.deadline)
			defer cancel()
		}
		start := time.Now()
		_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1"})
		took := time.Since(start)
		t.Logf("hung AuthRocket, gRPC call with %s: %v after %v", tc.name, status.Code(err), took.Round(time.Millisecond))
		if status.Code(err) != codes.DeadlineExceeded || took < tc.want-100*time.Millisecond || took > tc.want+100*time.Millisecond {
			t.Errorf("%s: %v after %v, want DEADLINE_EXCEEDED after %v ± 100 ms", tc.name, err, took, tc.want)
		}
	}
	start := time.Now()
	status, _, _ := e.rest(t, "GET", "/v2/users/usr_1", nil)
	if took := time.Since(start); status != http.StatusGatewayTimeout || took > 1100*time.Millisecond {
		t.Errorf("REST without a deadline: %d after %v, want 504 after 1 s", status, took)
	}
}

// TestCircuitOpen: after --breaker-failures failed attempts, calls are
// answered UNAVAILABLE in milliseconds without a request; readiness stays
// 200 and says the circuit is open.
func TestCircuitOpen(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--breaker-failures", "3", "--breaker-open", "30s"}})
	e.fault(t, map[string]any{"path": "/v2/users/*", "status": 503})
	users := arv2.NewUsersServiceClient(e.conn)
	_, _ = users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_1"}) // 3 attempts: the circuit opens
	before := e.upstreamRequests(t)
	var took []time.Duration
	for range 20 {
		start := time.Now()
		_, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_1"})
		took = append(took, time.Since(start))
		if st := status.Convert(err); st.Code() != codes.Unavailable || reasonOf(st) != "AUTHROCKET_CIRCUIT_OPEN" {
			t.Fatalf("%v %s, want UNAVAILABLE AUTHROCKET_CIRCUIT_OPEN", st.Code(), reasonOf(st))
		}
	}
	n := e.upstreamRequests(t) - before
	slices.Sort(took)
	// The median: other tests share the machine's two cores.
	t.Logf("circuit open: 20 calls, median %v, slowest %v, %d requests", took[10], took[19], n)
	if took[10] > 5*time.Millisecond || n != 0 {
		t.Errorf("open circuit: median call %v (want < 5 ms), %d requests (want 0)", took[10], n)
	}
	res, err := http.Get(e.httpURL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "authrocket circuit: open") {
		t.Errorf("/readyz %d %q, want 200 naming the open circuit", res.StatusCode, body)
	}
}

// TestUpstreamAnswerChecked: a 200 that is not the object the method
// answers is INTERNAL AUTHROCKET_BAD_ANSWER (REST 500), never an empty
// success; AuthRocket's 215 is a success without an object, 215 on REST.
func TestUpstreamAnswerChecked(t *testing.T) {
	e := newEnv(t)
	users := arv2.NewUsersServiceClient(e.conn)
	e.fault(t, map[string]any{"path": "/v2/users/usr_200", "status": 200})
	e.fault(t, map[string]any{"path": "/v2/users/usr_215", "status": 215})
	_, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_200"})
	if st := status.Convert(err); st.Code() != codes.Internal || reasonOf(st) != "AUTHROCKET_BAD_ANSWER" {
		t.Errorf("gRPC, 200 without a user: %v %s", st.Code(), reasonOf(st))
	}
	if status, _, _ := e.rest(t, "GET", "/v2/users/usr_200", nil); status != http.StatusInternalServerError {
		t.Errorf("REST, 200 without a user: %d, want 500", status)
	}
	res, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_215"})
	if err != nil || res.GetUser() != nil {
		t.Errorf("gRPC, 215: %v, %v; want success without a user", res, err)
	}
	if status, _, _ := e.rest(t, "GET", "/v2/users/usr_215", nil); status != 215 {
		t.Errorf("REST, 215: %d", status)
	}
}

// TestUpstreamConcurrency: 1,000 concurrent callers hold at most
// --upstream-concurrency connections to AuthRocket; every call succeeds or
// is one of the documented fast refusals; the gateway stays under 150 MB.
func TestUpstreamConcurrency(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--upstream-rate", "100000"}})
	users := arv2.NewUsersServiceClient(e.conn)
	u, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("crowd@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	var conns []arv2.UsersServiceClient
	for range 10 { // 100 streams each: the gateway's --max-streams
		c, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns = append(conns, arv2.NewUsersServiceClient(c))
	}
	emuPort := e.emulatorURL[strings.LastIndex(e.emulatorURL, ":")+1:]
	pid := e.gateway.cmd.Process.Pid
	var peakConns, peakRSS atomic.Int64
	stop := make(chan struct{})
	var watch sync.WaitGroup
	watch.Go(func() {
		for {
			peakConns.Store(max(peakConns.Load(), int64(establishedTo(t, emuPort))))
			rss, _ := processUsage(pid)
			peakRSS.Store(max(peakRSS.Load(), rss))
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
	var mu sync.Mutex
	outcomes := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 1000 {
		wg.Go(func() {
			for range 5 {
				_, err := conns[i%len(conns)].GetUser(e.ctx(t), &arv2.GetUserRequest{Id: u.GetUser().GetId()})
				st := status.Convert(err)
				mu.Lock()
				outcomes[st.Code().String()+" "+reasonOf(st)]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(stop)
	watch.Wait()
	t.Logf("1,000 callers, 5 calls each, in %v: %v; at most %d connections to AuthRocket (cap 64), peak RSS %d MB",
		took.Round(time.Millisecond), outcomes, peakConns.Load(), peakRSS.Load()>>20)
	for outcome, n := range outcomes {
		switch outcome {
		case "OK ", "Unavailable UPSTREAM_BUSY", "ResourceExhausted UPSTREAM_SHARE", "Unavailable OVERLOADED", "ResourceExhausted TOO_MANY_IN_FLIGHT":
		default:
			t.Errorf("%d calls ended %s", n, outcome)
		}
	}
	if peakConns.Load() > 64 || peakRSS.Load() >= 150<<20 {
		t.Errorf("%d connections to AuthRocket (cap 64), RSS %d MB (limit 150)", peakConns.Load(), peakRSS.Load()>>20)
	}
}

// establishedTo counts this machine's established IPv4 connections to
// port (hex in /proc/net/tcp), the gateway's to the emulator.
func establishedTo(t *testing.T, port string) int {
	n, _ := strconv.Atoi(port)
	want := fmt.Sprintf(":%04X", n)
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return 0
	}
	count := 0
	for l := range strings.Lines(string(b)) {
		f := strings.Fields(l)
		if len(f) > 3 && strings.HasSuffix(f[2], want) && f[3] == "01" {
			count++
		}
	}
	return count
}

// TestIdempotencyKey: a write repeated with its Idempotency-Key is answered
// with its first outcome, success or error, without reaching AuthRocket
// again, on both transports; the key with another request, or while its
// first request is in progress, is refused.
func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	users := arv2.NewUsersServiceClient(e.conn)
	create := func(key, email string) (*arv2.CreateUserResponse, error) {
		ctx := metadata.AppendToOutgoingContext(e.ctx(t), "idempotency-key", key)
		return users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(email)}})
	}
	first, err := create("key-1", "once@example.com")
	if err != nil {
		t.Fatal(err)
	}
	before := e.upstreamRequests(t)
	again, err := create("key-1", "once@example.com")
	if err != nil || again.GetUser().GetId() != first.GetUser().GetId() {
		t.Errorf("the repeat: %v, %v; want the first user, %s", again.GetUser().GetId(), err, first.GetUser().GetId())
	}
	if _, err := create("key-1", "other@example.com"); reasonOf(status.Convert(err)) != "IDEMPOTENCY_KEY_REUSED" {
		t.Errorf("the key with another request: %v", err)
	}
	// An error is an outcome too: AuthRocket's refusal of a taken email,
	// once.
	_, err = create("key-2", "once@example.com")
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("a duplicate: %v", err)
	}
	if _, again := create("key-2", "once@example.com"); status.Convert(again).Message() != status.Convert(err).Message() || status.Code(again) != codes.InvalidArgument {
		t.Errorf("the duplicate's repeat: %v, want %v", again, err)
	}
	if n := e.upstreamRequests(t) - before; n != 1 {
		t.Errorf("repeats reached AuthRocket: %d requests, want 1 (the duplicate's first)", n)
	}
	// REST, with the header the SDKs' users would add.
	rest := func() (int, string) {
		status, _, body := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "rest-once@example.com"}}, "Idempotency-Key", "key-3")
		id, _ := body["id"].(string)
		return status, id
	}
	s1, id1 := rest()
	before = e.upstreamRequests(t)
	s2, id2 := rest()
	if s1 != http.StatusCreated || s2 != http.StatusCreated || id1 == "" || id1 != id2 || e.upstreamRequests(t) != before {
		t.Errorf("REST: %d %s, then %d %s", s1, id1, s2, id2)
	}
	for _, bad := range []string{"has space", strings.Repeat("k", 256), "ks_0123456789abcdef"} {
		if _, err := create(bad, "bad-key@example.com"); status.Code(err) != codes.InvalidArgument {
			t.Errorf("Idempotency-Key %.20q: %v, want INVALID_ARGUMENT", bad, err)
		}
	}
	// In progress.
	e.fault(t, map[string]any{"method": "POST", "path": "/v2/users", "latency": "1s"})
	done := make(chan struct{})
	go func() { defer close(done); _, _ = create("key-4", "slow@example.com") }()
	eventually(t, "the first request at AuthRocket", func() bool { return e.upstreamRequests(t) > before })
	if _, err := create("key-4", "slow@example.com"); reasonOf(status.Convert(err)) != "IDEMPOTENCY_KEY_IN_USE" || status.Code(err) != codes.Aborted {
		t.Errorf("while the first is in progress: %v", err)
	}
	<-done
}
