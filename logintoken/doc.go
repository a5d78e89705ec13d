// Package logintoken verifies AuthRocket's login tokens (the JWTs that
// LoginRocket and AuthRocket's sessions carry) locally, the way the
// official SDKs' fromToken does, so that no service
// needs the realm's JWT secret and no check costs a round trip.
//
// A Verifier turns a token into the session the SDKs build from its claims
// (session, user, memberships with their orgs), or says why the token is
// not valid: malformed, signed with an algorithm its key does not allow,
// by an unknown key, with a bad signature, by another issuer, expired, not
// yet valid, older than a maximum age, of a realm the caller may not use,
// or (when asked) of a session AuthRocket no longer has.
//
// Keys come from up to three places, tried in this order for each token:
//   - the JWKS of LoginRocket (LOGINROCKET_URL/connect/jwks), by the
//     token's kid;
//   - a key configured with the gateway (AUTHROCKET_JWT_KEY): a realm's
//     HS256 secret (jsk_…) or its RSA public key (PEM or bare base64),
//     told apart as the SDKs do (longer than 256 characters is RSA);
//   - the realm's own key, read through AuthRocket's API (GET realms/:id,
//     jwt_key) for the realm the token names, when neither of the others is
//     configured.
//
// Keys are fetched at most once per KeyRefreshInterval, one fetch at a
// time: for an unknown kid or realm, for a signature that does not match
// a realm key read longer ago than that (it may have been rotated), and
// for anything older than KeyMaxAge. Between fetches, a realm without a
// key, or a signature that does not match a realm key read moments ago, is
// answered from what was read; an unknown kid is an error (it
// may be a key rotated in a moment ago). First reads of realms never seen
// are rationed (20 at once, then one a second). A token whose answer needs
// a fetch that failed, or is not allowed yet, is an error, never an
// Invalid; keys fetched before go on serving. The caller's realms
// (Options.Realm) are checked against the realm the token names before any
// key is looked up, so no caller makes the gateway fetch another realm's
// key.
//
// Each key pins its algorithm: an HS256 secret verifies only HS256, an RSA
// key only RS256, so a token cannot choose how it is checked (no "none",
// no HS256 signed with an RSA public key). The issuer must be
// https://authrocket.com; expiry and issue time allow 5 s of clock skew,
// as the SDKs do.
//
// Verified tokens are cached (bounded, least recently used, each until it
// expires and for at most KeyMaxAge), so a repeat check costs a hash and a
// map lookup; a key removed or replaced empties the cache.
//
// The package knows nothing of gRPC or HTTP serving; what it needs of
// AuthRocket (a realm's key, whether a session exists) it is given as
// functions.
package logintoken
