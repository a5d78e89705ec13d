package server

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/authrocket"
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// callRecord collects what the audit record of one call says, as the
// interceptors and the proxy learn it. A unary call runs on one goroutine,
// so it needs no lock.
type callRecord struct {
	caller              string
	realm               string // the realm AuthRocket works in
	decision, rule      string // audit.Allow or audit.Deny, and what decided
	upstreamStatus      int
	authrocketRequestID string
}

type callRecordKey struct{}

// recordOf returns the call's record, or a throwaway one outside the
// audit interceptor (handlers called directly in tests).
func recordOf(ctx context.Context) *callRecord {
	if r, ok := ctx.Value(callRecordKey{}).(*callRecord); ok {
		return r
	}
	return &callRecord{}
}

// noteUpstream records what AuthRocket answered (res, or the status and
// request ID of its error) in the call's audit record, and returns it.
// A call that never reached AuthRocket records nothing.
func noteUpstream(ctx context.Context, res authrocket.Response, err error) authrocket.Response {
	var up *authrocket.Error
	if errors.As(err, &up) {
		res = authrocket.Response{HTTPStatus: up.HTTPStatus, RequestID: up.RequestID}
	}
	if res.HTTPStatus != 0 {
		rec := recordOf(ctx)
		rec.upstreamStatus, rec.authrocketRequestID = res.HTTPStatus, res.RequestID
	}
	return res
}

// auditInterceptor writes one audit record per call (health checks aside)
// once its outcome is known.
func auditInterceptor(sink *audit.Sink, log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if unauthenticated(info.FullMethod) {
			return handler(ctx, req)
		}
		start := time.Now()
		rec := &callRecord{}
		resp, err := handler(context.WithValue(ctx, callRecordKey{}, rec), req)
		if rec.decision == "" {
			// Nothing refused the call before the proxy took it.
			rec.decision = audit.Allow
		}
		werr := sink.Write(audit.Record{
			Time:                start,
			Caller:              rec.caller,
			Method:              info.FullMethod[1:],
			Transport:           transport(ctx),
			Realm:               rec.realm,
			ResourceIDs:         resourceIDs(req),
			Decision:            rec.decision,
			Rule:                rec.rule,
			Code:                code.Code(status.Code(err)).String(),
			UpstreamStatus:      rec.upstreamStatus,
			RequestID:           RequestID(ctx),
			AuthRocketRequestID: rec.authrocketRequestID,
			Latency:             time.Since(start),
		})
		if werr != nil {
			log.ErrorContext(ctx, "audit record not written", "request_id", RequestID(ctx), "error", werr.Error())
		}
		return resp, err
	}
}

// transport says how the call reached the gateway: REST calls come through
// the in-process connection.
func transport(ctx context.Context) string {
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil && p.Addr.Network() == inprocNetwork {
		return "rest"
	}
	return "grpc"
}

// resourceIDs are the values of the request's `id` and `…_id` fields (but
// realm_id), at the top level and in its root element (a membership's
// user_id and org_id). The sink keeps only those shaped as AuthRocket IDs.
func resourceIDs(req any) []string {
	m, ok := req.(proto.Message)
	if !ok {
		return nil
	}
	var ids []string
	var walk func(m protoreflect.Message, depth int)
	walk = func(m protoreflect.Message, depth int) {
		m.Range(func(f protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case f.IsList() || f.IsMap():
			case f.Kind() == protoreflect.StringKind && isIDField(f.Name()):
				ids = append(ids, v.String())
			case f.Kind() == protoreflect.MessageKind && depth == 0:
				walk(v.Message(), 1)
			}
			return true
		})
	}
	walk(m.ProtoReflect(), 0)
	return ids
}

func isIDField(name protoreflect.Name) bool {
	n := string(name)
	return n == "id" || n != "realm_id" && strings.HasSuffix(n, "_id")
}
