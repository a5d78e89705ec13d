package server

import "github.com/authrocket-gateway/gateway/call"

// Metadata keys (lowercase, as gRPC carries them). The REST facade
// forwards the headers of the same names.
const (
	mdRequestID           = "x-request-id"          // the gateway's request ID, both ways
	mdAuthRocketRequestID = "authrocket-request-id" // AuthRocket's X-Request-ID, in response headers
	mdAuthRocketStatus    = "authrocket-http-status"
	mdRealm               = call.HeaderRealm
	mdLocale              = call.HeaderLocale
	mdAuthorization       = call.HeaderAuthorization
	mdAPIKey              = call.HeaderAPIKey
)
