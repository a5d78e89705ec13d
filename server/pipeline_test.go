package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/emulator"
	"github.com/authrocket-gateway/gateway/call"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// records is an AuditSink that keeps every record.
type records struct {
	mu   sync.Mutex
	list []*call.Record
}

func (r *records) Write(rec *call.Record) {
	r.mu.Lock()
	r.list = append(r.list, rec)
	r.mu.Unlock()
}

// of returns the records of the call with request ID id.
func (r *records) of(id string) []*call.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*call.Record
	for _, rec := range r.list {
		if rec.RequestID() == id {
			out = append(out, rec)
		}
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// callLines returns the "call" log lines of request ID id.
func (s *syncBuffer) callLines(t *testing.T, id string) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if m["request_id"] == id {
			out = append(out, m)
		}
	}
	return out
}

// pathGateway is a gateway on loopback in front of an emulator that counts
// the requests it gets, with a JSON log at debug level and every audit
// record kept.
type pathGateway struct {
	conn     *grpc.ClientConn
	rest     string
	audit    *records
	log      *syncBuffer
	upstream *atomic.Int64 // requests the emulator got
}

func startPathGateway(t *testing.T, realm *string) *pathGateway {
	t.Helper()
	emu := emulator.New()
	rl, err := emu.CreateRealm("Path realm")
	if err != nil {
		t.Fatal(err)
	}
	*realm = rl
	count := &atomic.Int64{}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(up.Close)
	ar, err := authrocket.NewClient(authrocket.Config{URL: up.URL + "/v2", APIKey: authrocket.NewSecret(emu.APIKey()), DefaultRealm: rl})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Parse(strings.NewReader(`
callers:
  - name: reader
    credentials: [`+policy.HashCredential("tok-reader")+`]
    methods: ["authrocket.v2.UsersService/Get*", "authrocket.v2.UsersService/CreateUser"]
    realms: [`+rl+`]
  - name: all
    credentials: [`+policy.HashCredential("tok-all")+`]
    methods: ["*/*"]
    realms: ["*"]
  - name: slow
    credentials: [`+policy.HashCredential("tok-slow")+`]
    methods: ["*/*"]
    realms: ["*"]
    rate_limit: {per_second: 0.001, burst: 1}
`), server.Methods())
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := logintoken.New(logintoken.Config{})
	if err != nil {
		t.Fatal(err)
	}
	g := &pathGateway{audit: &records{}, log: &syncBuffer{}, upstream: count}
	srv, err := server.New(ar, server.Config{
		Policy: policy.NewStore(pol),
		Tokens: verifier,
		Logger: slog.New(slog.NewJSONHandler(g.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Audit:  g.audit,
		Limits: server.Limits{MaxRequestBytes: 1024},
	})
	if err != nil {
		t.Fatal(err)
	}
	g.conn, g.rest = serveOnLoopback(t, srv)
	return g
}

// TestEveryOutcomeIsRecordedOnce: every call, allowed or refused at any
// stage, on either transport, yields exactly one audit record and one log
// line, both naming the call by its request ID, with the stage's rule; no
// refused call reaches AuthRocket, and REST reads no body before the caller
// is authenticated.
func TestEveryOutcomeIsRecordedOnce(t *testing.T) {
	var realm string
	g := startPathGateway(t, &realm)
	users := arv2.NewUsersServiceClient(g.conn)
	big := `{"user": {"email": "` + strings.Repeat("a", 2000) + `@example.com"}}`

	type outcome struct {
		code     codes.Code
		rest     int
		decision call.Decision
		rule     string // the audit record's
		caller   string
		upstream bool // AuthRocket was called
	}
	grpcCall := func(token string, req func(ctx context.Context) error) func(id string) error {
		return func(id string) error {
			ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", id)
			if token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
			}
			return req(ctx)
		}
	}
	getUser := func(r *arv2.GetUserRequest) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := users.GetUser(ctx, r); return err }
	}
	restCall := func(token, method, path, body string) func(id string) (int, error) {
		return func(id string) (int, error) {
			req, _ := http.NewRequest(method, g.rest+path, strings.NewReader(body))
			req.Header.Set("X-Request-Id", id)
			if token != "" {
				req.Header.Set("Authrocket-Api-Key", token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return 0, err
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, nil
		}
	}
	tests := []struct {
		name  string
		grpc  func(id string) error
		rest  func(id string) (int, error)
		want  outcome
		first func(t *testing.T) // run before the call
	}{
		{name: "gRPC: allowed, AuthRocket answered 404",
			grpc: grpcCall("tok-reader", getUser(&arv2.GetUserRequest{Id: "usr_missing"})),
			want: outcome{code: codes.NotFound, decision: call.Allow, rule: "reader: authrocket.v2.UsersService/Get*", caller: "reader", upstream: true}},
		{name: "REST: allowed, AuthRocket answered 404",
			rest: restCall("tok-reader", "GET", "/v2/users/usr_missing", ""),
			want: outcome{rest: 404, decision: call.Allow, rule: "reader: authrocket.v2.UsersService/Get*", caller: "reader", upstream: true}},
		{name: "gRPC: no credential",
			grpc: grpcCall("", getUser(&arv2.GetUserRequest{Id: "usr_1"})),
			want: outcome{code: codes.Unauthenticated, decision: call.Deny, rule: "unauthenticated"}},
		{name: "REST: no credential, malformed body: 403, not 400",
			rest: restCall("", "POST", "/v2/users", `{"user": {`),
			want: outcome{rest: 403, decision: call.Deny, rule: "unauthenticated"}},
		{name: "REST: no credential, body over the limit: 403, not 413",
			rest: restCall("", "POST", "/v2/users", big),
			want: outcome{rest: 403, decision: call.Deny, rule: "unauthenticated"}},
		{name: "REST: no credential, no route: 403, not 404",
			rest: restCall("", "GET", "/v2/nothing", ""),
			want: outcome{rest: 403, decision: call.Deny, rule: "unauthenticated"}},
		{name: "gRPC: no credential, no such method: UNAUTHENTICATED",
			grpc: grpcCall("", func(ctx context.Context) error {
				return g.conn.Invoke(ctx, "/authrocket.v2.UsersService/Nope", &arv2.GetUserRequest{}, &arv2.GetUserResponse{})
			}),
			want: outcome{code: codes.Unauthenticated, decision: call.Deny, rule: "unauthenticated"}},
		{name: "gRPC: no such method",
			grpc: grpcCall("tok-reader", func(ctx context.Context) error {
				return g.conn.Invoke(ctx, "/nope.Service/Nope", &arv2.GetUserRequest{}, &arv2.GetUserResponse{})
			}),
			want: outcome{code: codes.Unimplemented, decision: call.Deny, rule: "reader: no such method", caller: "reader"}},
		{name: "gRPC: method not allowed",
			grpc: grpcCall("tok-reader", func(ctx context.Context) error {
				_, err := users.DeleteUser(ctx, &arv2.DeleteUserRequest{Id: "usr_1"})
				return err
			}),
			want: outcome{code: codes.PermissionDenied, decision: call.Deny, rule: "reader: no method pattern matches", caller: "reader"}},
		{name: "REST: method not allowed, before the body is read",
			rest: restCall("tok-reader", "DELETE", "/v2/users/usr_1", `{"force": `),
			want: outcome{rest: 403, decision: call.Deny, rule: "reader: no method pattern matches", caller: "reader"}},
		{name: "REST: no route",
			rest: restCall("tok-reader", "GET", "/v2/nothing", ""),
			want: outcome{rest: 404, decision: call.Deny, rule: "reader: no such method", caller: "reader"}},
		{name: "REST: malformed body",
			rest: restCall("tok-reader", "POST", "/v2/users", `{"user": {`),
			want: outcome{rest: 400, decision: call.Deny, rule: "reader: malformed request", caller: "reader"}},
		{name: "REST: body over the limit",
			rest: restCall("tok-reader", "POST", "/v2/users", big),
			want: outcome{rest: 413, decision: call.Deny, rule: "reader: malformed request", caller: "reader"}},
		{name: "gRPC: invalid request",
			grpc: grpcCall("tok-reader", func(ctx context.Context) error {
				_, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(strings.Repeat("a", 300) + "@example.com")}})
				return err
			}),
			want: outcome{code: codes.InvalidArgument, decision: call.Deny, rule: "reader: invalid request", caller: "reader"}},
		{name: "gRPC: realm not allowed",
			grpc: grpcCall("tok-reader", getUser(&arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_other")})),
			want: outcome{code: codes.PermissionDenied, decision: call.Deny, rule: "reader: realm rl_other not allowed", caller: "reader"}},
		{name: "REST: rate limit",
			first: func(t *testing.T) {
				if code, err := restCall("tok-slow", "GET", "/v2/users/usr_missing", "")("path-rate-first"); err != nil || code != 404 {
					t.Fatalf("the first call: %d, %v", code, err)
				}
			},
			rest: restCall("tok-slow", "GET", "/v2/users/usr_missing", ""),
			want: outcome{rest: 429, decision: call.Deny, rule: "slow: rate limit", caller: "slow"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.first != nil {
				tt.first(t)
			}
			id := "path-" + string(rune('a'+i))
			before := g.upstream.Load()
			transport := call.GRPC
			if tt.grpc != nil {
				err := tt.grpc(id)
				if got := status.Code(err); got != tt.want.code {
					t.Fatalf("gRPC: %v, want %v", err, tt.want.code)
				}
			} else {
				transport = call.REST
				code, err := tt.rest(id)
				if err != nil || code != tt.want.rest {
					t.Fatalf("REST: %d, %v; want %d", code, err, tt.want.rest)
				}
			}
			if called := g.upstream.Load() > before; called != tt.want.upstream {
				t.Errorf("AuthRocket called: %v, want %v", called, tt.want.upstream)
			}
			recs := g.audit.of(id)
			if len(recs) != 1 {
				t.Fatalf("%d audit records, want 1", len(recs))
			}
			rec := recs[0]
			if rec.Decision() != tt.want.decision || rec.Rule() != tt.want.rule || rec.Caller() != tt.want.caller || rec.Transport() != transport {
				t.Errorf("record: %v %q caller %q %v; want %v %q caller %q %v", rec.Decision(), rec.Rule(), rec.Caller(), rec.Transport(),
					tt.want.decision, tt.want.rule, tt.want.caller, transport)
			}
			if host, _, _ := net.SplitHostPort(rec.Peer().Addr); host != "127.0.0.1" {
				t.Errorf("peer %q, want the caller's loopback address", rec.Peer().Addr)
			}
			if tt.want.upstream && (rec.UpstreamStatus() != 404 || rec.Attempts() != 1 || rec.UpstreamRequestID() == "") {
				t.Errorf("upstream: %d, %d attempts, request ID %q", rec.UpstreamStatus(), rec.Attempts(), rec.UpstreamRequestID())
			}
			if !tt.want.upstream && rec.UpstreamStatus() != 0 {
				t.Errorf("upstream status %d of a refused call", rec.UpstreamStatus())
			}
			lines := g.log.callLines(t, id)
			if len(lines) != 1 {
				t.Fatalf("%d log lines, want 1: %v", len(lines), lines)
			}
			if l := lines[0]; l["msg"] != "call" || l["code"] != rec.Code().String() || l["method"] != rec.Method() || l["caller"] != rec.Caller() {
				t.Errorf("log line %v does not match the record (%v %s %s)", l, rec.Code(), rec.Method(), rec.Caller())
			}
		})
	}
}

// TestSecretsNeverEchoed: a secret a caller sends where it does not belong
// (as its credential, as its request ID, in a value the gateway quotes) is
// not repeated in the answer, the log or the audit trail.
func TestSecretsNeverEchoed(t *testing.T) {
	var realm string
	g := startPathGateway(t, &realm)
	const tail = "Q3XK7V2LJ5N4ZP6R"
	restGet := func(t *testing.T, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", g.rest+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	for _, prefix := range []string{"ks_", "ko_", "key_", "jsk_", "svc_"} {
		t.Run("gRPC credential "+prefix, func(t *testing.T) {
			ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+prefix+tail)
			_, err := arv2.NewUsersServiceClient(g.conn).GetUser(ctx, &arv2.GetUserRequest{Id: "usr_1"})
			st := status.Convert(err)
			if st.Code() != codes.Unauthenticated || apierror.Info(st).GetReason() != "AUTHROCKET_KEY_PRESENTED" || strings.Contains(st.Message(), tail) {
				t.Errorf("%v %s: %q", st.Code(), apierror.Info(st).GetReason(), st.Message())
			}
		})
		t.Run("REST credential "+prefix, func(t *testing.T) {
			res, body := restGet(t, "/v2/users/usr_1", "Authrocket-Api-Key", prefix+tail)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "AUTHROCKET_KEY_PRESENTED") || strings.Contains(body, tail) {
				t.Errorf("%d %s", res.StatusCode, body)
			}
		})
	}
	t.Run("request ID", func(t *testing.T) {
		res, _ := restGet(t, "/v2/users/usr_missing", "Authrocket-Api-Key", "tok-all", "X-Request-Id", "req.ks_"+tail)
		if id := res.Header.Get("X-Gateway-Request-Id"); id == "" || strings.Contains(id, tail) {
			t.Errorf("gateway request ID %q", id)
		}
	})
	t.Run("a value a decode error is about", func(t *testing.T) {
		res, body := restGet(t, "/v2/users?max_results=ks_"+tail, "Authrocket-Api-Key", "tok-all")
		if res.StatusCode != 400 || strings.Contains(body, tail) {
			t.Errorf("%d %s", res.StatusCode, body)
		}
	})
	t.Run("a map key the adapter quotes", func(t *testing.T) {
		ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer tok-all")
		custom := &structpb.Struct{Fields: map[string]*structpb.Value{"ks_" + tail: structpb.NewNumberValue(math.NaN())}}
		_, err := arv2.NewUsersServiceClient(g.conn).CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("a@example.com"), Custom: custom}})
		st := status.Convert(err)
		if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "ks_[REDACTED]") || strings.Contains(prototext.Format(st.Proto()), tail) {
			t.Errorf("%v", st.Proto())
		}
	})
	g.log.mu.Lock()
	logs := g.log.b.String()
	g.log.mu.Unlock()
	if strings.Contains(logs, tail) {
		t.Errorf("the log repeats a secret: %s", logs)
	}
	g.audit.mu.Lock()
	defer g.audit.mu.Unlock()
	for _, rec := range g.audit.list {
		if s := fmt.Sprintf("%s %s %s %s %q", rec.RequestID(), rec.Rule(), rec.Realm(), rec.Caller(), rec.ResourceIDs()); strings.Contains(s, tail) {
			t.Errorf("an audit record repeats a secret: %s", s)
		}
	}
}
