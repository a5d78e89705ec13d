package server

import (
	"context"
	"fmt"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// rateLimitInterceptor spends one call of the caller's rate limit, or
// refuses the call with RESOURCE_EXHAUSTED (REST: 429 with Retry-After)
// and a RetryInfo that says when to try again.
func rateLimitInterceptor(store *policy.Store) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		caller, ok := CallerFrom(ctx)
		if !ok {
			return handler(ctx, req)
		}
		if ok, wait := store.Allow(caller.Name, time.Now()); !ok {
			rec := recordOf(ctx)
			rec.decision, rec.rule = audit.Deny, caller.Name+": rate limit"
			msg := fmt.Sprintf("caller %q is over its rate limit; try again in %v", caller.Name, wait.Round(time.Millisecond))
			return nil, newStatus(codes.ResourceExhausted, msg, "RATE_LIMITED", callFacts{requestID: RequestID(ctx)}, nil,
				&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)},
				&errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{Subject: "caller:" + caller.Name, Description: msg}}},
			).Err()
		}
		return handler(ctx, req)
	}
}
