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

// validateInterceptor checks each request against the protovalidate rules
// of its proto before anything is sent upstream. A violation is
// INVALID_ARGUMENT with a BadRequest naming each field.
func validateInterceptor(v protovalidate.Validator) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
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
