package server

// Metadata keys (lowercase, as gRPC carries them). The REST facade
// forwards the headers of the same names.
const (
	mdRequestID           = "x-request-id"          // the gateway's request ID, both ways
	mdAuthRocketRequestID = "authrocket-request-id" // AuthRocket's X-Request-ID, in response headers
	mdAuthRocketStatus    = "authrocket-http-status"
	mdRealm               = "authrocket-realm"
	mdLocale              = "accept-language"
	mdAuthorization       = "authorization"
	mdAPIKey              = "authrocket-api-key"
)
