package server

import (
	"fmt"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// rateLimit is the stage after the method's authorization: it spends one
// call of the caller's rate limit, or refuses the call with
// RESOURCE_EXHAUSTED (REST: 429 with Retry-After) and a RetryInfo that
// says when to try again.
func (p *pipeline) rateLimit(c *inflight) error {
	ok, wait := p.policy.Allow(c.caller.Name, time.Now())
	if ok {
		return nil
	}
	c.denied("rate limit")
	msg := fmt.Sprintf("caller %q is over its rate limit; try again in %v", c.caller.Name, wait.Round(time.Millisecond))
	return apierror.New(codes.ResourceExhausted, "RATE_LIMITED", msg,
		&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)},
		&errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{Subject: "caller:" + c.caller.Name, Description: msg}}})
}
