package server

import (
	"crypto/sha256"
	"errors"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/authrocket-gateway/gateway/redact"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// maxIdempotencyKey bounds an Idempotency-Key.
const maxIdempotencyKey = 255

// once answers a write that carries an Idempotency-Key: the first request
// with the key goes on (do) and its outcome is kept; a repeat by the same
// caller gets that outcome without reaching AuthRocket. The key is the
// caller's, per method; a key sent with another request, or while its
// first request is in progress, is refused. A request the gateway refused
// before AuthRocket saw it leaves the key free.
func (p *proxy) once(c *inflight, md protoreflect.MethodDescriptor, out protoreflect.MessageType, key string, req proto.Message, do func() (proto.Message, error)) (proto.Message, error) {
	if !validIdempotencyKey(key) {
		return nil, apierror.New(codes.InvalidArgument, "INVALID_REQUEST", "Idempotency-Key must be 1 to 255 visible ASCII characters, and no secret")
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(req)
	if err != nil {
		return nil, apierror.New(codes.Internal, "INTERNAL", "internal error").WithCause(err)
	}
	fp := idempotency.Fingerprint(sha256.Sum256(append([]byte(c.realm+"\x00"), b...)))
	first, finish, err := p.keys.Begin(c.caller.Name+"\x00"+string(md.FullName())+"\x00"+key, fp)
	switch {
	case errors.Is(err, idempotency.ErrInProgress):
		return nil, apierror.New(codes.Aborted, "IDEMPOTENCY_KEY_IN_USE", "a request with this Idempotency-Key is in progress; try again once it is answered")
	case errors.Is(err, idempotency.ErrMismatch):
		return nil, apierror.New(codes.InvalidArgument, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was sent with another request; use a new key for a new request")
	case first != nil:
		c.rec.Upstream(first.HTTPStatus, first.RequestID, 0, 0)
		if first.Status != nil {
			return nil, status.ErrorProto(first.Status)
		}
		resp := out.New().Interface()
		if err := proto.Unmarshal(first.Response, resp); err != nil {
			return nil, apierror.New(codes.Internal, "INTERNAL", "internal error").WithCause(err)
		}
		return resp, nil
	}
	var o *idempotency.Outcome // nil, until known, frees the key (a panic too)
	defer func() { finish(o) }()
	resp, err := do()
	if c.rec.Attempts() == 0 { // refused before any request: nothing to keep
		return resp, err
	}
	kept := &idempotency.Outcome{HTTPStatus: c.rec.UpstreamStatus(), RequestID: c.rec.UpstreamRequestID()}
	if err != nil {
		kept.Status = statusOf(err, c.rec.RequestID()).Proto()
	} else if kept.Response, err = proto.Marshal(keepable(p.keys, resp)); err != nil {
		return resp, nil
	}
	o = kept
	return resp, err
}

// validIdempotencyKey: 1 to maxIdempotencyKey visible ASCII characters,
// and nothing shaped like a secret (a key is kept, and may be logged).
func validIdempotencyKey(key string) bool {
	if key == "" || len(key) > maxIdempotencyKey || redact.Contains(key) {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] > '~' {
			return false
		}
	}
	return true
}

// keepable is resp as keys may keep it: without HS256 secrets when the
// outcome leaves the process (Redis), so that no secret is stored there;
// a replay then answers them withheld, whatever the caller's grant.
func keepable(keys idempotency.Keeper, resp proto.Message) proto.Message {
	if s, ok := keys.(interface{ Shared() bool }); !ok || !s.Shared() || !authrocket.MayHoldJWTSecrets(resp) {
		return resp
	}
	resp = proto.Clone(resp)
	authrocket.WithholdJWTSecrets(resp, func(string) bool { return false })
	return resp
}
