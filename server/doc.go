// Package server is the gateway's gRPC server and its REST facade.
//
// Every RPC of package authrocket.v2 is served by one generic handler that
// hands the request to the AuthRocket adapter (package authrocket): the
// services are registered from their descriptors, so a new RPC in the proto
// is served without new code here. The interceptor chain runs, in order:
// request ID, logging, error contract, panic recovery, caller
// authentication, request validation.
//
// The REST facade is grpc-gateway, wired to the same grpc.Server through an
// in-process connection, so both transports run the same interceptors. It is
// wire-compatible with AuthRocket's own API: same paths, AuthRocket's JSON
// dialect, 201 on create, and errors that are both AuthRocket-shaped
// ({"errors": [...]}) and a google.rpc.Status.
//
// Errors follow one contract on both transports (DESIGN.md §4.2): a
// google.rpc.Status with exactly one ErrorInfo (domain ErrorDomain; metadata
// httpStatus, authrocketRequestId, gatewayRequestId) and a RequestInfo, plus
// the details of each AuthRocket status (see errors.go).
package server
