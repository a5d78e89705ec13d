// Package logintoken verifies AuthRocket's login tokens (the JWTs that
// LoginRocket and AuthRocket's sessions carry) locally, the way the
// official SDKs' fromToken does (authrocket-api.md §6), so that no service
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
//     token's kid; fetched at first use, again for an unknown kid (at most
//     once per KeyRefreshInterval, so a flood of made-up kids cannot
//     hammer LoginRocket) and when the cached set is older than KeyMaxAge;
//   - a key configured with the gateway (AUTHROCKET_JWT_KEY): a realm's
//     HS256 secret (jsk_…) or its RSA public key (PEM or bare base64),
//     told apart as the SDKs do (longer than 256 characters is RSA);
//   - the realm's own key, read through AuthRocket's API (GET realms/:id,
//     jwt_key) for the realm the token names, when neither of the others is
//     configured; cached per realm and read again, rate-limited, when a
//     token's signature does not match.
//
// Each key pins its algorithm: an HS256 secret verifies only HS256, an RSA
// key only RS256, so a token cannot choose how it is checked (no "none",
// no HS256 signed with an RSA public key). The issuer must be
// https://authrocket.com; expiry and issue time allow 5 s of clock skew,
// as the SDKs do.
//
// Verified tokens are cached (bounded, least recently used, each until it
// expires), so a repeat check costs a hash and a map lookup; any change of
// keys empties the cache.
//
// The package knows nothing of gRPC or HTTP serving; what it needs of
// AuthRocket (a realm's key, whether a session exists) it is given as
// functions.
package logintoken
