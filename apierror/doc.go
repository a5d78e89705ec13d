// Package apierror owns the gateway's error contract: every error a caller
// gets, on either transport, is a google.rpc.Status whose details start
// with exactly one ErrorInfo (domain Domain, an UPPER_SNAKE reason, and the
// metadata keys below) and a RequestInfo (AuthRocket's X-Request-ID when it
// answered, else the gateway's request ID), followed by the details of the
// error's kind (BadRequest, ResourceInfo, RetryInfo, ...).
//
// The call path builds errors with New (Error.WithUpstream records what
// AuthRocket answered, Error.WithCause the failure behind an error, for the
// gateway's log only) and turns them into statuses with Error.Status once
// the call's request ID is known; the REST facade reads them back with
// HTTPStatus and AuthRocketFields.
package apierror
