// Package audit writes the gateway's audit trail: one JSON line per call,
// allowed or not, saying who called what in which realm, what decided it,
// and what AuthRocket answered (docs/operations.md). It owns the line's format
// and the buffering; the server fills a call.Record, and the package knows
// nothing of gRPC or HTTP.
//
// # The line
//
// A line has these fields, in this order, those marked * only when set:
// time (the call's arrival, UTC, RFC 3339 with up to nanoseconds), caller
// ("" before authentication), method, transport ("grpc" or "rest"), peer*
// (the caller's address), tls* (true when the connection was TLS),
// client_identity* (the client certificate's SPIFFE ID or DNS name),
// realm*, resource_ids*, decision ("allow" or "deny"), rule*,
// secret_handed_out* ("jwt_secret": the answer carried an HS256 realm's
// secret, by the caller's jwt_secrets grant) with secret_realms (those
// realms), code (the
// google.rpc.Code name, "OK", "NOT_FOUND"), reason* (the error's ErrorInfo
// reason), upstream_status* (AuthRocket's last HTTP status), attempts* (HTTP
// requests sent to AuthRocket), request_id (the gateway's), trace_id* (the
// W3C trace ID of the call, when tracing is on),
// authrocket_request_id* (AuthRocket's last X-Request-ID), upstream_ms* (time
// spent with AuthRocket) and latency_ms (time in the gateway); durations
// are milliseconds with three decimals. Strings are escaped as encoding/json
// escapes them without HTML escaping.
//
// A line holds only identifiers and outcomes. It has no field for a body, a
// password, a token or a key, and only a realm and resource IDs that IsID
// accepts are written: an ID field that carried an email address, a login
// token or a key is left out rather than written.
//
// # Buffering
//
// Sink.Write encodes on the caller's goroutine and appends the line to a
// pending buffer; it never waits for I/O. A goroutine writes the pending
// lines, whole, every FlushInterval (100ms by default), or sooner once
// 64 KiB are pending. When the writer falls behind and a line would take the
// pending bytes past MaxPending (4 MiB by default), the record is dropped
// and counted (Sink.Dropped), and a warning "audit records dropped" is
// logged at most once per FlushInterval or second, whichever is longer. A
// failed write loses its batch; it is counted (Sink.WriteErrors) and logged
// the same way ("audit log write failed"), and the Sink goes on. Sink.Close
// writes every line still pending and returns the first write error; a
// record written after Close is dropped.
package audit
