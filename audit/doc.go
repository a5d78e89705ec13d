// Package audit writes the gateway's audit trail: one JSON line per call,
// allowed or not, saying who called what in which realm, what decided it,
// and what AuthRocket answered (DESIGN.md §4.4).
//
// A Record holds only identifiers and outcomes: caller names, method names,
// realm and resource IDs in AuthRocket's `prefix_…` form, codes, statuses,
// request IDs and latency. It has no field for a body, a password, a token
// or a key, and Sink checks resource IDs by shape, so an ID field that
// carried an email address or a login token is dropped rather than written.
//
// The package knows nothing of gRPC or HTTP; the server fills Records.
package audit
