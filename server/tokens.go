package server

import (
	"context"
	"errors"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/authrocket"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	"github.com/authrocket-gateway/gateway/logintoken"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/durationpb"
)

// GatewayPackage is the proto package of the gateway's own services.
const GatewayPackage protoreflect.FullName = "authrocket.gateway.v1"

// tokens serves TokensService with a logintoken.Verifier.
type tokens struct {
	v *logintoken.Verifier
}

// NewTokenVerifier returns the Verifier of TokensService with cfg, its
// realm keys (jwt_key, and JWT keys by kid) read and sessions checked
// through ar; each such call to
// AuthRocket shows in the audit record of the VerifyToken that made it.
func NewTokenVerifier(ar *authrocket.Client, cfg logintoken.Config) (*logintoken.Verifier, error) {
	cfg.RealmKey = func(ctx context.Context, realm string) (string, error) {
		start := time.Now()
		k, res, err := ar.RealmJWTKey(ctx, realm, requestIDOf(ctx))
		noteUpstream(ctx, res, err, time.Since(start))
		return k.Reveal(), err
	}
	cfg.RealmKeysByKid = func(ctx context.Context, realm string) (map[string]string, error) {
		start := time.Now()
		keys, res, err := ar.RealmKeysByKid(ctx, realm, requestIDOf(ctx))
		noteUpstream(ctx, res, err, time.Since(start))
		out := make(map[string]string, len(keys))
		for kid, k := range keys {
			out[kid] = k.Reveal()
		}
		return out, err
	}
	cfg.SessionExists = func(ctx context.Context, realm, session string) (bool, error) {
		start := time.Now()
		ok, res, err := ar.SessionExists(ctx, realm, session, requestIDOf(ctx))
		noteUpstream(ctx, res, err, time.Since(start))
		return ok, err
	}
	return logintoken.New(cfg)
}

// reasons maps the Verifier's reasons to the API's.
var reasons = map[logintoken.Reason]gatewayv1.InvalidToken_Reason{
	logintoken.Malformed:           gatewayv1.InvalidToken_REASON_MALFORMED,
	logintoken.AlgorithmNotAllowed: gatewayv1.InvalidToken_REASON_ALGORITHM_NOT_ALLOWED,
	logintoken.UnknownKey:          gatewayv1.InvalidToken_REASON_UNKNOWN_KEY,
	logintoken.BadSignature:        gatewayv1.InvalidToken_REASON_BAD_SIGNATURE,
	logintoken.WrongIssuer:         gatewayv1.InvalidToken_REASON_WRONG_ISSUER,
	logintoken.Expired:             gatewayv1.InvalidToken_REASON_EXPIRED,
	logintoken.NotYetValid:         gatewayv1.InvalidToken_REASON_NOT_YET_VALID,
	logintoken.TooOld:              gatewayv1.InvalidToken_REASON_TOO_OLD,
	logintoken.ForeignRealm:        gatewayv1.InvalidToken_REASON_FOREIGN_REALM,
	logintoken.Revoked:             gatewayv1.InvalidToken_REASON_REVOKED,
}

// handlers are the call path's handlers of the gateway's own methods.
func (s *tokens) handlers() map[string]handler {
	return map[string]handler{
		string(GatewayPackage) + ".TokensService/VerifyToken": func(ctx context.Context, c *inflight, req proto.Message) (proto.Message, error) {
			return s.verifyToken(ctx, c, req.(*gatewayv1.VerifyTokenRequest))
		},
	}
}

// verifyToken serves TokensService/VerifyToken. The caller's policy
// decides which realms' tokens it may verify.
func (s *tokens) verifyToken(ctx context.Context, c *inflight, req *gatewayv1.VerifyTokenRequest) (*gatewayv1.VerifyTokenResponse, error) {
	opts := logintoken.Options{CheckSession: req.GetCheckSession(), Realm: c.caller.Realm}
	if req.GetMaxAge() != nil {
		opts.MaxAge = req.GetMaxAge().AsDuration()
	}
	session, bad, err := s.v.Verify(ctx, req.GetToken(), opts)
	switch {
	case err != nil:
		return nil, verifyFailure(err).WithCause(err)
	case bad != nil:
		return &gatewayv1.VerifyTokenResponse{Result: &gatewayv1.VerifyTokenResponse_InvalidToken{InvalidToken: &gatewayv1.InvalidToken{
			Object: "invalid_token", Reason: reasons[bad.Reason], Message: bad.Message,
		}}}, nil
	}
	c.rec.Allowed(session.GetUser().GetRealmId(), c.rule)
	return &gatewayv1.VerifyTokenResponse{Result: &gatewayv1.VerifyTokenResponse_Session{Session: session}}, nil
}

// verifyFailure is the status of a verification that could not be
// decided: AuthRocket's own answer when it failed a key read or a session
// check, the caller's cancellation or deadline, else the keys could not
// be fetched (LoginRocket, or AuthRocket's API, failed or was asked too
// recently to ask again).
func verifyFailure(err error) *apierror.Error {
	var up *authrocket.Error
	switch {
	case errors.As(err, &up):
		return upstreamStatus(up, callFacts{})
	case errors.Is(err, context.Canceled):
		return apierror.New(codes.Canceled, "CANCELLED", "the caller cancelled the call")
	case errors.Is(err, context.DeadlineExceeded):
		return apierror.New(codes.DeadlineExceeded, "DEADLINE_EXCEEDED", "the call's deadline passed before the token's keys were fetched")
	}
	return apierror.New(codes.Unavailable, "KEYS_UNAVAILABLE", "the keys to verify the token with could not be fetched; try again",
		&errdetails.RetryInfo{RetryDelay: durationpb.New(logintoken.KeyRefreshInterval)})
}
