package server

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/durationpb"
)

// overloadRetry is when a call refused for want of a slot may try again.
const overloadRetry = time.Second

// slots counts the calls in progress, in all and by caller, from
// admission to answer: Limits.MaxInFlight in all, and for one caller
// Limits.MaxInFlightPerCaller, more only while a quarter of all stay free,
// so that no caller, however slow its requests, holds every slot.
type slots struct {
	max, perCaller int64
	all            atomic.Int64
	byCaller       sync.Map // caller name → *atomic.Int64; callers are the policy's, few
}

func newSlots(l Limits) *slots {
	return &slots{max: int64(l.MaxInFlight), perCaller: int64(l.MaxInFlightPerCaller)}
}

// take takes a slot for caller, or returns the refusal: UNAVAILABLE when
// the gateway is full, RESOURCE_EXHAUSTED when the caller has its share;
// both with a RetryInfo.
func (s *slots) take(caller string) error {
	if s.all.Add(1) > s.max {
		s.all.Add(-1)
		return apierror.New(codes.Unavailable, "OVERLOADED",
			fmt.Sprintf("the gateway has %d calls in progress, its limit; try again in %v", s.max, overloadRetry),
			&errdetails.RetryInfo{RetryDelay: durationpb.New(overloadRetry)})
	}
	if s.of(caller).Add(1) > s.perCaller && s.all.Load() > s.max-s.max/4 {
		s.give(caller)
		msg := fmt.Sprintf("caller %q has %d calls in progress, its limit; try again in %v", caller, s.perCaller, overloadRetry)
		return apierror.New(codes.ResourceExhausted, "TOO_MANY_IN_FLIGHT", msg,
			&errdetails.RetryInfo{RetryDelay: durationpb.New(overloadRetry)},
			&errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{Subject: "caller:" + caller, Description: msg}}})
	}
	return nil
}

// give gives back caller's slot.
func (s *slots) give(caller string) {
	s.of(caller).Add(-1)
	s.all.Add(-1)
}

func (s *slots) of(caller string) *atomic.Int64 {
	if n, ok := s.byCaller.Load(caller); ok {
		return n.(*atomic.Int64)
	}
	n, _ := s.byCaller.LoadOrStore(caller, new(atomic.Int64))
	return n.(*atomic.Int64)
}
