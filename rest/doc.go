// Package rest is the gateway's REST facade: AuthRocket's own REST API
// (same paths, AuthRocket's JSON dialect, 201 on create, AuthRocket-shaped
// errors), served through the gateway's call path.
//
// Every route is compiled when the facade is made, from the
// google.api.http rule of each method it is given; a rule it cannot serve
// is an error naming the method. Routing, path templates and query
// parameters are grpc-gateway's runtime; the request and response bodies
// are package arjson's.
//
// A request is handed to the call path (Config.Invoke) as a Call before its
// body is read: the call path authenticates the caller from the headers
// first, and reads and decodes the body (Call.Decode) only for a caller it
// lets through. Requests that match no route go the same way, so that
// every request, refused or not, is authenticated first and leaves one
// record of the call. The caller's address and TLS state travel in the
// call's record, its verified client certificate in the Call.
//
// Files by concern: facade.go (the handler and the Call), route.go (routes
// from the descriptors), request.go (headers, query and body into the
// request message), params.go (path, query and header values, checked and
// set, refused in words that name the field), response.go (the answer),
// errors.go (errors as AuthRocket's body merged with a google.rpc.Status).
package rest
