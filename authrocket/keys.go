package authrocket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// The methods whose routes the gateway's own calls use.
var (
	getRealm   = arv2.File_authrocket_v2_realms_proto.Services().ByName("RealmsService").Methods().ByName("GetRealm")
	getSession = arv2.File_authrocket_v2_sessions_proto.Services().ByName("SessionsService").Methods().ByName("GetSession")
	listKeys   = arv2.File_authrocket_v2_jwt_keys_proto.Services().ByName("JwtKeysService").Methods().ByName("ListJwtKeys")
)

// maxRealmKeys is how many of a realm's JWT keys RealmKeysByKid reads: one
// page, the most AuthRocket answers at once.
const maxRealmKeys = 1000

// RealmKeysByKid reads a realm's JWT keys (JwtKeysService/ListJwtKeys),
// for the gateway's own verification and JWKS: each key's `key` by its ID,
// the kid of the tokens it signs. An RS256 key is its RSA public key
// (PEM), an HS256 key the realm's jsk_ secret: every value is a Secret. A
// realm AuthRocket does not know is no keys and no error. requestID is as
// for RealmJWTKey.
func (c *Client) RealmKeysByKid(ctx context.Context, realm, requestID string) (map[string]Secret, Response, error) {
	var out arv2.ListJwtKeysResponse
	res, err := c.Call(ctx, listKeys, &arv2.ListJwtKeysRequest{RealmId: &realm, MaxResults: proto.Int32(maxRealmKeys)}, &out, CallOptions{Realm: realm, RequestID: requestID})
	if nf, ok := notFound(err); ok {
		return nil, nf, nil
	}
	if err != nil {
		return nil, res, err
	}
	keys := map[string]Secret{}
	for _, k := range out.GetCollection() {
		if k.GetId() != "" && k.GetKeyMaterial() != "" {
			keys[k.GetId()] = NewSecret(k.GetKeyMaterial())
		}
	}
	return keys, res, nil
}

// RealmJWTKey reads the key a realm signs its login tokens with, for the
// gateway's own verification: the realm's jwt_key,
// its RSA public key (PEM) or, for an HS256 realm, its jsk_ secret (which
// the answers of RealmsService withhold from callers without a grant:
// WithholdJWTSecrets). A realm AuthRocket does not know is a zero Secret
// and no error.
//
// The Response is AuthRocket's answer, also when it was a 404. requestID
// is the gateway's request ID of the call that needs the key (logged with
// a failure), or "".
func (c *Client) RealmJWTKey(ctx context.Context, realm, requestID string) (Secret, Response, error) {
	r, a, err := c.exchange(ctx, getRealm, &arv2.GetRealmRequest{Id: realm}, CallOptions{Realm: realm, RequestID: requestID})
	if res, ok := notFound(err); ok {
		return Secret{}, res, nil
	}
	if err != nil {
		return Secret{}, Response{}, err
	}
	var body struct {
		JWTKey string `json:"jwt_key"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil {
		e := &Error{Endpoint: r.endpoint(), HTTPStatus: a.HTTPStatus, RequestID: a.RequestID, Attempts: a.Attempts, Err: fmt.Errorf("decoding the answer: %w", err)}
		c.logFailure(ctx, r, a.Attempts, e, requestID, false)
		return Secret{}, a.Response, e
	}
	return NewSecret(body.JWTKey), a.Response, nil
}

// SessionExists reports whether AuthRocket still has session (kss_…) in
// realm: false once it was ended, revoked or has expired. The Response is
// AuthRocket's answer, also when it was a 404. requestID is as for
// RealmJWTKey.
func (c *Client) SessionExists(ctx context.Context, realm, session, requestID string) (bool, Response, error) {
	var out arv2.GetSessionResponse
	res, err := c.Call(ctx, getSession, &arv2.GetSessionRequest{Id: session}, &out, CallOptions{Realm: realm, RequestID: requestID})
	if nf, ok := notFound(err); ok {
		return false, nf, nil
	}
	return err == nil, res, err
}

// notFound reports whether err is AuthRocket's 404, and its answer.
func notFound(err error) (Response, bool) {
	var e *Error
	if errors.As(err, &e) && e.HTTPStatus == http.StatusNotFound {
		return Response{HTTPStatus: e.HTTPStatus, RequestID: e.RequestID, Attempts: e.Attempts}, true
	}
	return Response{}, false
}
