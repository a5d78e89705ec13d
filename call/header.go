package call

// Headers the call path reads, lowercase as gRPC metadata carries them. The
// REST facade hands on the HTTP headers of the same names.
const (
	HeaderAuthorization = "authorization"      // "Bearer <credential>"
	HeaderAPIKey        = "authrocket-api-key" // the credential, as AuthRocket's SDKs send their key
	HeaderRealm         = "authrocket-realm"   // the realm to work in
	HeaderLocale        = "accept-language"    // the language of AuthRocket's messages
	// HeaderIdempotencyKey names a write so that a repeat is answered with
	// its first outcome.
	HeaderIdempotencyKey = "idempotency-key"
)
