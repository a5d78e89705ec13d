// Package authrocket is the gateway's adapter to AuthRocket's REST API: the
// only code that talks to AuthRocket.
//
// It turns an RPC of package authrocket.v2 into AuthRocket's HTTP request by
// reading the method's google.api.http rule from its descriptor, so adding an
// endpoint is a proto change, not new HTTP code. Path parameters are validated
// and escaped (nothing can change the upstream path), the other fields become
// the query string (GET, DELETE) or the JSON body (POST, PUT; only the fields
// the caller set, in AuthRocket's dialect from package arjson). The answer is
// decoded into the response message, and any failure becomes one *Error that
// carries AuthRocket's HTTP status, its X-Request-ID, its error messages and
// Retry-After.
//
// The adapter knows HTTP and AuthRocket; it knows nothing of gRPC. The server
// translates an *Error into a gRPC status.
package authrocket
