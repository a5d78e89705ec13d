package e2e

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"golang.org/x/net/http2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// TestHeaderLimits: both transports take 64 KiB of headers: a little less
// is served, a little more refused (REST 431; gRPC resets the stream),
// before anything reaches AuthRocket.
func TestHeaderLimits(t *testing.T) {
	e := newEnv(t)
	pad := func(n int) string { return strings.Repeat("p", n) }
	get := &arv2.GetUserRequest{Id: "usr_missing"}
	code, msg, reset := rawGRPC(t, e.grpcAddr, "/authrocket.v2.UsersService/GetUser", get,
		"authorization", "Bearer "+e.token, "x-pad", pad(60<<10))
	if reset || code != codes.NotFound {
		t.Errorf("60 KiB of metadata: %v %q (reset %v), want NOT_FOUND from AuthRocket", code, msg, reset)
	}
	if status, _, _ := e.rest(t, "GET", "/v2/users/usr_missing", nil, "X-Pad", pad(60<<10)); status != http.StatusNotFound {
		t.Errorf("60 KiB of headers: REST %d, want 404", status)
	}
	noUpstream := e.noUpstreamSince(t)
	if _, msg, reset := rawGRPC(t, e.grpcAddr, "/authrocket.v2.UsersService/GetUser", get,
		"authorization", "Bearer "+e.token, "x-pad", pad(80<<10)); !reset {
		t.Errorf("80 KiB of metadata was answered (%s), want the stream reset", msg)
	}
	if status := httpStatus(t, e.httpURL+"/v2/users/usr_missing", "X-Pad", pad(80<<10)); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("80 KiB of headers: REST %d, want 431", status)
	}
	noUpstream("headers over the limit")
}

// nested is a custom field holding depth levels of objects.
func nested(depth int) *structpb.Struct {
	s := &structpb.Struct{Fields: map[string]*structpb.Value{"leaf": structpb.NewBoolValue(true)}}
	for range depth - 1 {
		s = &structpb.Struct{Fields: map[string]*structpb.Value{"a": structpb.NewStructValue(s)}}
	}
	return s
}

// TestNestingAndSizeLimits: a request nested deeper than 100 levels of
// objects and arrays, or larger than --max-request-bytes, is refused alike
// on both transports; one just inside the limits is served.
func TestNestingAndSizeLimits(t *testing.T) {
	e := newEnv(t)
	users := arv2.NewUsersServiceClient(e.conn)
	create := func(email string, custom *structpb.Struct) error {
		_, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(email), Custom: custom}})
		return err
	}
	// {"user":{"custom":…}}: the request and the user are 2 levels. At
	// 100, the gateway sends the request on (and AuthRocket's emulator
	// finds the custom field too deep, 422).
	before := e.upstreamRequests(t)
	_ = create("deep98@example.com", nested(98))
	_, _, _ = e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "rest98@example.com", "custom": nested(98).AsMap()}})
	if n := e.upstreamRequests(t) - before; n != 2 {
		t.Errorf("requests of 100 levels: %d reached AuthRocket, want 2", n)
	}
	noUpstream := e.noUpstreamSince(t)
	for _, depth := range []int{99, 3300} {
		st := status.Convert(create("deep@example.com", nested(depth)))
		if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "deeper than 100 levels") {
			t.Errorf("gRPC, %d levels: %v %q", depth+2, st.Code(), st.Message())
		}
	}
	if status, _, body := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "rest99@example.com", "custom": nested(99).AsMap()}}); status != http.StatusBadRequest {
		t.Errorf("REST, 101 levels: %d %v", status, body)
	}
	big := &structpb.Struct{Fields: map[string]*structpb.Value{"pad": structpb.NewStringValue(strings.Repeat("x", 1<<20))}}
	st := status.Convert(create("big@example.com", big))
	if st.Code() != codes.ResourceExhausted || !strings.Contains(st.Message(), "larger than max") {
		t.Errorf("gRPC, over 1 MiB: %v %q", st.Code(), st.Message())
	}
	if status, _, _ := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "big@example.com", "custom": big.AsMap()}}); status != http.StatusRequestEntityTooLarge {
		t.Errorf("REST, over 1 MiB: %d", status)
	}
	noUpstream("requests over the limits")
}

// TestOverload: a caller over its share (--max-in-flight-per-caller)
// takes more slots only while a quarter stay free; past that it is
// refused at once (RESOURCE_EXHAUSTED, REST 429) while a caller within its
// share is served; with --max-in-flight calls in progress, every call is
// refused at once (UNAVAILABLE, REST 503). Both with when to retry.
func TestOverload(t *testing.T) {
	const second, third = "second-caller-credential-0123456789", "third-caller-credential-0123456789"
	e := newEnvWith(t, gatewayOptions{
		args: []string{"--max-in-flight", "4", "--max-in-flight-per-caller", "1"},
		policy: func(*testing.T, *env) string {
			p := defaultPolicy
			for name, token := range map[string]string{"second": second, "third": third} {
				p += "  - name: " + name + "\n    credentials: [" + policy.HashCredential(token) + "]\n    methods: [\"*/*\"]\n    realms: [\"*\"]\n"
			}
			return p
		},
	})
	e.fault(t, map[string]any{"path": "/v2/users/usr_slow", "latency": "5s"})
	users := arv2.NewUsersServiceClient(e.conn)
	getUser := func(token, id string) *status.Status {
		_, err := users.GetUser(withToken(bounded(t), token), &arv2.GetUserRequest{Id: id})
		return status.Convert(err)
	}
	wantRefused := func(st *status.Status, code codes.Code, reason string) {
		t.Helper()
		var retry *errdetails.RetryInfo
		for _, d := range st.Details() {
			if r, ok := d.(*errdetails.RetryInfo); ok {
				retry = r
			}
		}
		if st.Code() != code || reasonOf(st) != reason || retry.GetRetryDelay().AsDuration() != time.Second {
			t.Errorf("%v %s %q, retry %v; want %v %s", st.Code(), reasonOf(st), st.Message(), retry, code, reason)
		}
	}
	inProgress := 0
	slow := func(token string) {
		go getUser(token, "usr_slow")
		inProgress++
		eventually(t, "the slow calls in progress", func() bool { return e.upstreamRequests(t) >= inProgress })
	}
	slow(e.token)
	slow(second)
	slow(second) // over its share, while a quarter of the slots stay free
	wantRefused(getUser(e.token, "usr_1"), codes.ResourceExhausted, "TOO_MANY_IN_FLIGHT")
	if status, header, _ := e.rest(t, "GET", "/v2/users/usr_1", nil); status != http.StatusTooManyRequests || header.Get("Retry-After") != "1" {
		t.Errorf("REST, over the caller's share: %d, Retry-After %q", status, header.Get("Retry-After"))
	}
	if st := getUser(third, "usr_missing"); st.Code() != codes.NotFound {
		t.Errorf("a caller within its share: %v %q, want NOT_FOUND from AuthRocket", st.Code(), st.Message())
	}
	inProgress++ // that call reached AuthRocket too
	slow(third)
	wantRefused(getUser(third, "usr_1"), codes.Unavailable, "OVERLOADED")
	req, _ := http.NewRequestWithContext(bounded(t), http.MethodGet, e.httpURL+"/v2/users/usr_1", nil)
	req.Header.Set("Authorization", "Bearer "+third)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "1" {
		t.Errorf("REST, the gateway full: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// TestBodyTimeout: an admitted call that does not send its message (gRPC)
// or its whole body (REST) within --body-timeout is refused: gRPC
// DEADLINE_EXCEEDED, REST 408, and the connection closed.
func TestBodyTimeout(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--body-timeout", "300ms"}})
	noUpstream := e.noUpstreamSince(t)
	a := dialH2(t, e.grpcAddr)
	var got string
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.read(time.Now().Add(10*time.Second), func(f http2.Frame) bool {
			if h, ok := f.(*http2.MetaHeadersFrame); ok && h.StreamEnded() {
				got = headerValue(h, "grpc-status") + " " + headerValue(h, "grpc-message")
				return false
			}
			return true
		})
	}()
	_ = a.write(func() error {
		return a.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: grpcHeaderBlock(e.grpcAddr, "/authrocket.v2.UsersService/GetUser", "authorization", "Bearer "+e.token), EndHeaders: true})
	})
	<-done
	if got != "4 context deadline exceeded" {
		t.Errorf("gRPC: %q, want DEADLINE_EXCEEDED", got)
	}

	conn, err := net.Dial("tcp", strings.TrimPrefix(e.httpURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /v2/users HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "+e.token+"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	answer, _ := io.ReadAll(conn) // to the gateway's close
	if !strings.HasPrefix(string(answer), "HTTP/1.1 408 Request Timeout") || !strings.Contains(string(answer), "Connection: close") {
		t.Errorf("REST: %.200q, want 408 and the connection closed", answer)
	}
	noUpstream("calls whose request did not arrive")
}

// TestDrainBothTransports: on SIGTERM both transports answer not-ready at
// once and keep serving calls for the shutdown delay; then neither
// accepts a connection, and the gateway exits 0.
func TestDrainBothTransports(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--shutdown-delay", "2s"}})
	users := arv2.NewUsersServiceClient(e.conn)
	health := healthpb.NewHealthClient(e.conn)
	if err := e.gateway.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	eventually(t, "not ready on both transports", func() bool {
		res, err := health.Check(bounded(t), &healthpb.HealthCheckRequest{})
		return err == nil && res.GetStatus() == healthpb.HealthCheckResponse_NOT_SERVING && httpStatus(t, e.httpURL+"/readyz") == http.StatusServiceUnavailable
	})
	// Still served during the delay, on a new connection too.
	fresh, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := arv2.NewUsersServiceClient(fresh).GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_missing"}); status.Code(err) != codes.NotFound {
		t.Errorf("gRPC during the delay: %v", err)
	}
	if _, err := users.GetUser(e.ctx(t), &arv2.GetUserRequest{Id: "usr_missing"}); status.Code(err) != codes.NotFound {
		t.Errorf("gRPC during the delay, on the first connection: %v", err)
	}
	if status, _, _ := e.rest(t, "GET", "/v2/users/usr_missing", nil); status != http.StatusNotFound {
		t.Errorf("REST during the delay: %d", status)
	}
	eventually(t, "both listeners closed", func() bool {
		_, errG := net.DialTimeout("tcp", e.grpcAddr, time.Second)
		_, errR := net.DialTimeout("tcp", strings.TrimPrefix(e.httpURL, "http://"), time.Second)
		return errG != nil && errR != nil
	})
	e.gateway.stop()
	if code := e.gateway.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

// httpStatus is the status of a GET of url with the headers (name, value,
// …), without a credential.
func httpStatus(t *testing.T, url string, header ...string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(bounded(t), http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestGRPCConnectionLimits: a gRPC connection holds at most --max-streams
// streams (one more is refused with REFUSED_STREAM), one that never sends
// the HTTP/2 preface is closed after --header-timeout, and one older than
// --max-connection-age is sent GOAWAY.
func TestGRPCConnectionLimits(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--max-streams", "5", "--body-timeout", "20s",
		"--header-timeout", "500ms", "--max-connection-age", "2s"}})

	silent, err := net.Dial("tcp", e.grpcAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()

	a := dialH2(t, e.grpcAddr)
	var refused, goAway atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.read(time.Now().Add(10*time.Second), func(f http2.Frame) bool {
			switch f := f.(type) {
			case *http2.RSTStreamFrame:
				if f.ErrCode == http2.ErrCodeRefusedStream {
					refused.Add(1)
				}
			case *http2.GoAwayFrame:
				goAway.Add(1)
				return false
			}
			return true
		})
	}()
	block := grpcHeaderBlock(e.grpcAddr, "/authrocket.v2.UsersService/GetUser", "authorization", "Bearer "+e.token)
	_ = a.write(func() error {
		for id := uint32(1); id <= 15; id += 2 { // 8 streams, no message
			if err := a.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: block, EndHeaders: true}); err != nil {
				return err
			}
		}
		return nil
	})
	<-done
	if refused.Load() != 3 || goAway.Load() != 1 {
		t.Errorf("8 streams on a connection of 5: %d refused (want 3), %d GOAWAY (want 1, at the connection's age)", refused.Load(), goAway.Load())
	}

	_ = silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	if _, err := io.ReadAll(silent); err != nil || time.Since(start) > 3*time.Second {
		t.Errorf("a connection without the HTTP/2 preface: %v after %v, want closed after 500ms", err, time.Since(start))
	}
}

// TestMaxNestingFlag: --max-nesting moves the limit on both transports.
func TestMaxNestingFlag(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--max-nesting", "10"}})
	noUpstream := e.noUpstreamSince(t)
	_, err := arv2.NewUsersServiceClient(e.conn).CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("a@example.com"), Custom: nested(9)}})
	if st := status.Convert(err); st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "deeper than 10 levels") {
		t.Errorf("gRPC, 11 levels: %v %q", st.Code(), st.Message())
	}
	if status, _, body := e.rest(t, "POST", "/v2/users", map[string]any{"user": map[string]any{"email": "a@example.com", "custom": nested(9).AsMap()}}); status != http.StatusBadRequest {
		t.Errorf("REST, 11 levels: %d %v", status, body)
	}
	noUpstream("requests over --max-nesting")
}
