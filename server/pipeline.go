package server

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redact"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// errPanic is the cause of a call whose handler panicked: a bug, logged at
// error level.
var errPanic = errors.New("panic")

// maxLoggedMessage bounds the error message of a log line: a message may
// quote what the caller sent.
const maxLoggedMessage = 512

// AuditSink receives the record of every call once it is over (package
// audit's Sink). Write must not block on I/O.
type AuditSink interface {
	Write(*call.Record)
}

// method is one RPC served through the call path.
type method struct {
	name  string // "authrocket.v2.UsersService/GetUser"
	desc  protoreflect.MethodDescriptor
	input protoreflect.MessageType
	// api: a method of APIPackage, whose realms the authorization checks.
	// The others (selfScopedMethods) apply the caller's realms themselves.
	api    bool
	handle handler
	info   *grpc.UnaryServerInfo // the method as the metrics' interceptor sees it
}

// handler is the last stage of a method: it answers the decoded, valid,
// authorized request.
type handler func(ctx context.Context, c *inflight, req proto.Message) (proto.Message, error)

// inflight is a call on its way through the call path: what its transport
// gave, and what the stages have settled so far.
type inflight struct {
	rec  *call.Record
	md   metadata.MD       // the call's headers (REST: those it forwards)
	cert *x509.Certificate // the verified client certificate, or nil
	// refusal is the transport's refusal of a call it found no method for
	// (REST: no route); the caller is authenticated before it is given.
	refusal error

	caller *policy.Caller
	rule   string // what allowed the call: "caller: pattern"
	realm  string // the realm AuthRocket works in, "" for none
	// admitted: the call holds one of the gateway's in-flight slots.
	admitted bool
	// ctx is a gRPC call's context from its admission: the stream's, less
	// the time limit on its message. Nil on REST.
	ctx context.Context
	// span is the call's server span, nil when tracing is off.
	span trace.Span
}

// pipeline is the call path both transports share.
type pipeline struct {
	policy       *policy.Store
	validator    protovalidate.Validator
	defaultRealm string
	audit        AuditSink
	log          *slog.Logger
	slots        *slots
	conns        *sync.Map // the open connections, by connKey: for paceRefusal
	metrics      *metrics
	tracer       *tracer // nil: tracing off
}

// serve runs one call through the stages, in the same order on both
// transports: admit (authenticate from headers only, authorize the method,
// rate-limit, take an in-flight slot), read, decode and validate the
// request (decode fills the message it is given), check the realms it
// names, then the method's handler. A gRPC call comes admitted: its
// headers were (tap). Whatever the outcome, the call's record is finished,
// audited and logged exactly once, and an error is a status of the
// contract.
func (p *pipeline) serve(ctx context.Context, m *method, c *inflight, decode func(proto.Message) error) (proto.Message, error) {
	ctx = call.NewContext(ctx, c.rec)
	if !c.admitted {
		if err := p.guardedAdmit(ctx, c, m); err != nil {
			return p.finish(ctx, c, nil, err)
		}
		defer p.release(c)
	}
	return p.metrics.observe(ctx, m.info, func(ctx context.Context) (proto.Message, error) {
		resp, err := guarded(func() (proto.Message, error) { return p.stages(ctx, m, c, decode) })
		return p.finish(ctx, c, resp, err)
	})
}

// guarded runs f, answering a panic with the contract's INTERNAL error,
// whose cause (for the log) is the panic and its stack: a bug.
func guarded[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, apierror.New(codes.Internal, "INTERNAL", "internal error").WithCause(fmt.Errorf("%w: %v\n%s", errPanic, r, debug.Stack()))
		}
	}()
	return f()
}

// guardedAdmit is admit, a panic its refusal.
func (p *pipeline) guardedAdmit(ctx context.Context, c *inflight, m *method) error {
	_, err := guarded(func() (struct{}, error) { return struct{}{}, p.admit(ctx, c, m) })
	return err
}

// admit runs the stages that read only the call's headers: authenticate,
// refuse a call of no method (m nil), authorize the method, rate-limit,
// then take one of the gateway's in-flight slots, which release gives
// back. It costs no more than a hash, and reads no request. A refusal is
// paced (paceRefusal).
func (p *pipeline) admit(ctx context.Context, c *inflight, m *method) error {
	err := p.admission(c, m)
	if err != nil {
		if conn := p.connOf(ctx); conn != nil {
			conn.paceRefusal(ctx)
		}
	}
	return err
}

func (p *pipeline) admission(c *inflight, m *method) error {
	if err := p.authenticate(c); err != nil {
		return err
	}
	if m == nil {
		c.denied("no such method")
		if c.refusal == nil {
			return apierror.New(codes.Unimplemented, "UNIMPLEMENTED", "no such method")
		}
		return c.refusal
	}
	if err := p.authorizeMethod(c, m); err != nil {
		return err
	}
	if err := p.rateLimit(c); err != nil {
		return err
	}
	if err := p.slots.take(c.caller.Name); err != nil {
		c.denied("calls in progress")
		return err
	}
	c.admitted = true
	return nil
}

// release gives back the in-flight slot of an admitted call.
func (p *pipeline) release(c *inflight) {
	if c.admitted {
		p.slots.give(c.caller.Name)
	}
}

func (p *pipeline) stages(ctx context.Context, m *method, c *inflight, decode func(proto.Message) error) (proto.Message, error) {
	req := m.input.New().Interface()
	if err := decode(req); err != nil {
		if ctx.Err() != nil && context.Cause(ctx) == ctx.Err() {
			return nil, ctx.Err() // the caller went away while it sent
		}
		switch status.Code(err) {
		case codes.DeadlineExceeded:
			c.denied("request timeout")
			return nil, err
		case codes.ResourceExhausted:
			c.denied("request too large")
			return nil, err
		}
		c.denied("malformed request")
		return nil, decodeError(err)
	}
	c.rec.Resources(resourceIDs(req))
	if err := p.validate(req); err != nil {
		c.denied("invalid request")
		return nil, err
	}
	if err := p.checkRealms(c, m, req); err != nil {
		return nil, err
	}
	return m.handle(ctx, c, req)
}

// finish records the call's outcome, writes its audit record and log line,
// and returns its answer with the error as a status of the contract.
func (p *pipeline) finish(ctx context.Context, c *inflight, resp proto.Message, err error) (proto.Message, error) {
	var st *status.Status
	if err != nil {
		st = statusOf(err, c.rec.RequestID())
		if st.Code() == codes.Canceled && deadlinePassed(ctx) {
			// A client whose deadline passes resets the stream, which can
			// cancel the call before the server's own timer fires: the call
			// still ran out of time.
			st = apierror.New(codes.DeadlineExceeded, "DEADLINE_EXCEEDED", "the call's deadline passed").Status(c.rec.RequestID())
		}
		st = scrubbed(st)
		resp = nil
	}
	end := time.Now()
	c.rec.Finish(st.Code(), apierror.Info(st).GetReason(), end)
	endSpan(c, end)
	if !c.admitted {
		p.metrics.refused(c.rec)
	}
	p.audit.Write(c.rec)
	p.logCall(ctx, c.rec, st, err)
	return resp, st.Err()
}

// scrubbed is st with every secret-shaped token taken out of its message
// (redact.String): a message may quote what the caller sent (a decode
// error quotes the value it could not read) and is repeated in the log.
func scrubbed(st *status.Status) *status.Status {
	if !redact.Contains(st.Message()) {
		return st
	}
	p := st.Proto()
	p.Message = redact.String(p.Message)
	return status.FromProto(p)
}

func deadlinePassed(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

// logCall writes the call's log line: at debug level when it succeeded or
// failed for the caller's reasons (the audit trail has those), at warn
// level when AuthRocket or the gateway failed it, at error level when the
// gateway panicked. It names the call by its
// request ID and says what the audit record cannot: the error's message
// and, when the gateway knows it, the failure behind it, scrubbed of
// secrets.
func (p *pipeline) logCall(ctx context.Context, rec *call.Record, st *status.Status, err error) {
	level := slog.LevelDebug
	if serverFault(rec.Code()) {
		level = slog.LevelWarn
	}
	if errors.Is(err, errPanic) {
		level = slog.LevelError
	}
	if !p.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", rec.RequestID()),
		slog.String("method", rec.Method()),
		slog.String("transport", rec.Transport().String()),
		slog.String("caller", rec.Caller()),
		slog.String("peer", rec.Peer().Addr),
		slog.String("code", rec.Code().String()),
		slog.Float64("latency_ms", float64(rec.Latency().Microseconds())/1000),
	}
	if st != nil {
		attrs = append(attrs, slog.String("reason", rec.Reason()), slog.String("error", truncate(st.Message(), maxLoggedMessage)))
		if cause := causeOf(err); cause != "" {
			attrs = append(attrs, slog.String("cause", redact.String(cause)))
		}
	}
	p.log.LogAttrs(ctx, level, "call", attrs...)
}

// truncate cuts s to at most n bytes, on a UTF-8 boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// causeOf is the text of the failure behind err, or "" when err is the
// contract's error of a refusal and says all there is.
func causeOf(err error) string {
	var ae *apierror.Error
	switch {
	case errors.As(err, &ae):
		if ae.Cause != nil {
			return ae.Cause.Error()
		}
		return ""
	case status.Code(err) != codes.Unknown:
		return "" // a status: its message is logged
	}
	return err.Error()
}

// resourceIDs are the values of the request's `id` and `…_id` fields (but
// realm_id), at the top level and in its root element (a membership's
// user_id and org_id). The audit trail keeps only those shaped as
// AuthRocket IDs.
func resourceIDs(req proto.Message) []string {
	return appendIDs(nil, req.ProtoReflect(), 0)
}

func appendIDs(ids []string, m protoreflect.Message, depth int) []string {
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.IsList() || f.IsMap() || !m.Has(f) {
			continue
		}
		switch {
		case f.Kind() == protoreflect.StringKind && isIDField(f.Name()):
			ids = append(ids, m.Get(f).String())
		case f.Kind() == protoreflect.MessageKind && depth == 0:
			ids = appendIDs(ids, m.Get(f).Message(), 1)
		}
	}
	return ids
}

func isIDField(name protoreflect.Name) bool {
	n := string(name)
	return n == "id" || n != "realm_id" && strings.HasSuffix(n, "_id")
}
