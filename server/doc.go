// Package server is the gateway: its gRPC server, the REST facade (package
// rest) mounted beside it, and the one call path both transports share.
//
// Every method the gateway serves is made at start from the descriptors:
// the RPCs of package authrocket.v2 go to AuthRocket through the adapter
// (package authrocket), so a new RPC in the proto is served without new
// code here; the gateway's own (TokensService) have their handlers in this
// package. A method the gateway cannot serve is a start-up error naming it.
//
// A call arrives as a gRPC call (a generic stream handler per method,
// which reads the message only when asked) or as a rest.Call. Either way
// it is given a call.Record (transport, method, request ID, the caller's
// address and TLS state) and runs the same stages, in this order
// (pipeline.go):
//
//  1. admit, from the headers or metadata and the client certificate
//     only: authenticate (auth.go), authorize the method under the
//     caller's policy (authz.go), spend one call of its rate limit
//     (ratelimit.go), take a slot among the calls in progress (slots.go).
//     On gRPC this runs when a stream's headers arrive (grpc.go's tap),
//     before grpc-go reads or buffers a message; a connection whose calls
//     are refused too fast is paced (pace.go);
//  2. read and decode the request within Limits.BodyTimeout, then
//     validate it with protovalidate (validate.go);
//  3. check every realm the request names, and settle the realm AuthRocket
//     works in (authz.go);
//  4. the method's handler (proxy.go, tokens.go).
//
// Each stage writes what it decided into the record. Whatever the outcome,
// the call then yields exactly one audit record (the AuditSink) and one log
// line ("call": debug level, warn when AuthRocket or the gateway failed it,
// with the failure behind it), and its error is a status of the contract
// of package apierror (errors.go translates AuthRocket's answers).
//
// Only health checks and reflection are served outside the call path:
// any other method is refused at admission. Limits (limits.go) bound what
// callers may hold on both transports; the server owns its listeners
// (listener.go caps their connections) and drains both together (Stop).
package server
