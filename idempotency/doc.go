// Package idempotency keeps the outcomes of writes by the Idempotency-Key
// their callers sent, so that a write retried with the same key is
// answered with its first outcome instead of reaching AuthRocket again.
//
// A Store holds, per key, a fingerprint of the request and its outcome:
// AuthRocket's answer, its error, or that the outcome is unknown. It
// holds no request body. Keys expire after a TTL and the oldest go first
// past the Store's size; state is in-process.
package idempotency
