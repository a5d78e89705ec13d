// Package server is the gateway: its gRPC server, the REST facade (package
// rest) mounted beside it, and the one call path both transports share.
//
// Every method the gateway serves is made at start from the descriptors:
// the RPCs of package authrocket.v2 go to AuthRocket through the adapter
// (package authrocket), so a new RPC in the proto is served without new
// code here; the gateway's own (TokensService) have their handlers in this
// package. A method the gateway cannot serve is a start-up error naming it.
//
// A call arrives as a gRPC call (a generic handler per method, which
// decodes the message only when asked) or as a rest.Call. Either way it is
// given a call.Record (transport, method, request ID, the caller's address
// and TLS state) and runs the same stages, in this order (pipeline.go):
//
//  1. authenticate, from the headers or metadata and the client
//     certificate only (auth.go);
//  2. authorize the method under the caller's policy (authz.go);
//  3. spend one call of the caller's rate limit (ratelimit.go);
//  4. read and decode the request, then validate it with protovalidate
//     (validate.go);
//  5. check every realm the request names, and settle the realm AuthRocket
//     works in (authz.go);
//  6. the method's handler (proxy.go, tokens.go).
//
// Each stage writes what it decided into the record. Whatever the outcome,
// the call then yields exactly one audit record (the AuditSink) and one log
// line ("call": debug level, warn when AuthRocket or the gateway failed it,
// with the failure behind it), and its error is a status of the contract
// of package apierror (errors.go translates AuthRocket's answers).
//
// Only health checks and reflection are served outside the call path:
// any other method registered on the grpc.Server is refused.
package server
