package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// TestResourceIDs: the id and …_id fields of a request and of its root
// element, in declaration order, never realm_id, nothing deeper.
func TestResourceIDs(t *testing.T) {
	for _, tt := range []struct {
		req  proto.Message
		want []string
	}{
		{&arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_1")}, []string{"usr_1"}},
		{&arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{OrgId: proto.String("org_1"), UserId: proto.String("usr_1")}, RealmId: proto.String("rl_1")}, []string{"org_1", "usr_1"}},
		{&arv2.CreateMembershipRequest{Membership: &arv2.MembershipInput{UserId: proto.String("")}}, []string{""}},
		{&arv2.ListUsersRequest{}, nil},
		{&gatewayv1.VerifyTokenRequest{Token: "eyJ.a.b"}, nil},
	} {
		if got := resourceIDs(tt.req); !slices.Equal(got, tt.want) {
			t.Errorf("%T: %q, want %q", tt.req, got, tt.want)
		}
	}
}

// auditRecorder keeps the records of the internal tests.
type auditRecorder []*call.Record

func (a *auditRecorder) Write(r *call.Record) { *a = append(*a, r) }

// TestPanicIsOneErrorLine: a handler that panics answers INTERNAL "internal
// error", and the call has one audit record and one log line, at error
// level, whose cause holds the panic and its stack.
func TestPanicIsOneErrorLine(t *testing.T) {
	pol, err := policy.AllowAll("all", "tok", Methods())
	if err != nil {
		t.Fatal(err)
	}
	validator, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	var audit auditRecorder
	p := &pipeline{policy: policy.NewStore(pol), validator: validator, audit: &audit, slots: newSlots(Limits{MaxInFlight: 1, MaxInFlightPerCaller: 1}),
		log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	const name = "authrocket.v2.UsersService/GetUser"
	m := &method{name: name, desc: arv2.File_authrocket_v2_users_proto.Services().ByName("UsersService").Methods().ByName("GetUser"),
		input: (&arv2.GetUserRequest{}).ProtoReflect().Type(), api: true,
		handle: func(context.Context, *inflight, proto.Message) (proto.Message, error) { panic("the handler's bug") }}
	c := &inflight{rec: call.New(time.Now(), call.GRPC, name, "req-panic", call.Peer{}), md: metadata.Pairs(mdAuthorization, "Bearer tok")}
	_, err = p.serve(context.Background(), m, c, func(msg proto.Message) error {
		msg.(*arv2.GetUserRequest).Id = "usr_1"
		return nil
	})
	if st := status.Convert(err); st.Code() != codes.Internal || st.Message() != "internal error" {
		t.Errorf("status %v, want INTERNAL internal error", st)
	}
	if len(audit) != 1 || audit[0].Code() != codes.Internal {
		t.Fatalf("audit records: %d", len(audit))
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var line map[string]any
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &line) != nil {
		t.Fatalf("log lines: %q", lines)
	}
	if cause, _ := line["cause"].(string); line["level"] != "ERROR" || line["msg"] != "call" ||
		!strings.HasPrefix(cause, "panic: the handler's bug") || !strings.Contains(cause, "server.TestPanicIsOneErrorLine") {
		t.Errorf("log line %v", line)
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer message", 8, "a longer…"},
		{"héllo", 2, "h…"}, // é is two bytes: no half a rune
	} {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// TestDecodeError: a request that does not decode is refused in the
// gateway's words, what failed kept for the log.
func TestDecodeError(t *testing.T) {
	badUTF8 := proto.Unmarshal([]byte{0x0a, 0x02, 0xff, 0xfe}, &arv2.GetUserRequest{})
	if badUTF8 == nil {
		t.Fatal("protobuf-go decoded invalid UTF-8 in a string")
	}
	for _, tt := range []struct {
		err    error
		code   codes.Code
		reason string
		msg    string
	}{
		{errors.New("proto: cannot parse invalid wire-format data"), codes.InvalidArgument, "MALFORMED_REQUEST", "the request message could not be decoded"},
		{badUTF8, codes.InvalidArgument, "MALFORMED_REQUEST", "the request message could not be decoded: a string field is not valid UTF-8"},
		{status.Error(codes.Internal, "grpc: cardinality violation"), codes.InvalidArgument, "MALFORMED_REQUEST", "the request message could not be decoded"},
		{status.Error(codes.ResourceExhausted, "grpc: received message larger than max (2000 vs. 1024)"), codes.ResourceExhausted, "RESOURCE_EXHAUSTED", "grpc: received message larger than max (2000 vs. 1024)"},
		{status.Error(codes.InvalidArgument, "a DELETE body must be JSON"), codes.InvalidArgument, "INVALID_REQUEST", "a DELETE body must be JSON"},
		{apierror.New(codes.Internal, "INTERNAL", "internal error"), codes.Internal, "INTERNAL", "internal error"},
	} {
		err := decodeError(tt.err)
		st := statusOf(err, "req-1")
		if st.Code() != tt.code || apierror.Info(st).GetReason() != tt.reason || st.Message() != tt.msg {
			t.Errorf("%v: %v %s %q, want %v %s %q", tt.err, st.Code(), apierror.Info(st).GetReason(), st.Message(), tt.code, tt.reason, tt.msg)
		}
		if cause := causeOf(err); tt.reason == "MALFORMED_REQUEST" && cause != tt.err.Error() {
			t.Errorf("%v: the log's cause is %q", tt.err, cause)
		}
	}
}

// TestPanicInAdmission: a panic while a REST call is admitted (here: the
// pipeline has no slots) is answered INTERNAL, audited and logged once at
// error level, as one in a handler.
func TestPanicInAdmission(t *testing.T) {
	pol, err := policy.AllowAll("all", "tok", Methods())
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	var audit auditRecorder
	p := &pipeline{policy: policy.NewStore(pol), audit: &audit,
		log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	const name = "authrocket.v2.UsersService/GetUser"
	m := &method{name: name, api: true}
	c := &inflight{rec: call.New(time.Now(), call.REST, name, "req-panic", call.Peer{}), md: metadata.Pairs(mdAuthorization, "Bearer tok")}
	_, err = p.serve(context.Background(), m, c, func(proto.Message) error { t.Error("a request was read"); return nil })
	if st := status.Convert(err); st.Code() != codes.Internal || st.Message() != "internal error" {
		t.Errorf("status %v, want INTERNAL internal error", st)
	}
	if len(audit) != 1 || audit[0].Code() != codes.Internal {
		t.Fatalf("audit records: %d", len(audit))
	}
	if n := strings.Count(logs.String(), `"level":"ERROR","msg":"call"`); n != 1 {
		t.Errorf("%d error call lines, want 1: %s", n, logs.String())
	}
}
