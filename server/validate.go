package server

import (
	"context"
	"errors"
	"fmt"

	"buf.build/go/protovalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// malformedRequest stands for a request message that could not be decoded
// (invalid UTF-8 in a string, wrong wire types): the interceptors before
// validation see an empty message of the method's type, and validation
// refuses the call with INVALID_ARGUMENT (grpc-go's own answer would be
// INTERNAL).
type malformedRequest struct {
	proto.Message
	err error
}

func (m malformedRequest) status(ctx context.Context) error {
	return newStatus(codes.InvalidArgument, "the request message could not be decoded: "+m.err.Error(),
		"MALFORMED_REQUEST", callFacts{requestID: RequestID(ctx)}, nil).Err()
}

// validateInterceptor checks each request against the protovalidate rules
// of its proto before anything is sent upstream. A violation is
// INVALID_ARGUMENT with a BadRequest naming each field.
func validateInterceptor(v protovalidate.Validator) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if m, ok := req.(malformedRequest); ok {
			return nil, m.status(ctx)
		}
		msg, ok := req.(proto.Message)
		if !ok {
			return handler(ctx, req)
		}
		err := v.Validate(msg)
		if err == nil {
			return handler(ctx, req)
		}
		var verr *protovalidate.ValidationError
		if !errors.As(err, &verr) {
			return nil, status.Error(codes.Internal, "request validation failed to run")
		}
		br := &errdetails.BadRequest{}
		for _, viol := range verr.Violations {
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
				Field:       protovalidate.FieldPathString(viol.Proto.GetField()),
				Description: viol.Proto.GetMessage(),
			})
		}
		msgText := "invalid request"
		if len(br.FieldViolations) > 0 {
			fv := br.FieldViolations[0]
			msgText = fmt.Sprintf("invalid request: %s: %s", fv.Field, fv.Description)
		}
		return nil, newStatus(codes.InvalidArgument, msgText, "INVALID_REQUEST", callFacts{requestID: RequestID(ctx)}, nil, br).Err()
	}
}
