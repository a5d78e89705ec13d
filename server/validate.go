package server

import (
	"errors"
	"fmt"

	"buf.build/go/protovalidate"
	"github.com/authrocket-gateway/gateway/apierror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// decodeError is the error of a request that could not be decoded: the
// transport's own status when it gave one (REST; gRPC's RESOURCE_EXHAUSTED
// for a message over the limit), else INVALID_ARGUMENT with the reason
// MALFORMED_REQUEST: a gRPC message with invalid UTF-8 in a string or wrong
// wire types, or a stream that broke gRPC's rules (grpc-go says INTERNAL,
// which would blame the gateway), in the gateway's words, the codec's
// error kept for the log. (grpc-go answers a stream it could not read
// itself: the status here is then only the call's record.)
func decodeError(err error) error {
	var ae *apierror.Error
	if st, ok := status.FromError(err); ok && st.Code() != codes.Internal || errors.As(err, &ae) {
		return err
	}
	msg := "the request message could not be decoded"
	var badUTF8 interface{ InvalidUTF8() bool } // protobuf-go's error of a string field
	if errors.As(err, &badUTF8) && badUTF8.InvalidUTF8() {
		msg += ": a string field is not valid UTF-8"
	}
	return apierror.New(codes.InvalidArgument, "MALFORMED_REQUEST", msg).WithCause(err)
}

// validate checks the request against the protovalidate rules of its
// proto before anything is sent upstream. A violation is INVALID_ARGUMENT
// with a BadRequest naming each field.
func (p *pipeline) validate(req proto.Message) error {
	err := p.validator.Validate(req)
	if err == nil {
		return nil
	}
	var verr *protovalidate.ValidationError
	if !errors.As(err, &verr) {
		return apierror.New(codes.Internal, "INTERNAL", "request validation failed to run")
	}
	br := &errdetails.BadRequest{}
	for _, viol := range verr.Violations {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field:       protovalidate.FieldPathString(viol.Proto.GetField()),
			Description: viol.Proto.GetMessage(),
		})
	}
	msg := "invalid request"
	if len(br.FieldViolations) > 0 {
		fv := br.FieldViolations[0]
		msg = fmt.Sprintf("invalid request: %s: %s", fv.Field, fv.Description)
	}
	return apierror.New(codes.InvalidArgument, "INVALID_REQUEST", msg, br)
}
