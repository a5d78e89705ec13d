package authrocket

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Error is every failure of a call to AuthRocket: an answer with a non-2xx
// status, no answer at all (network error, the caller's deadline or
// cancellation), or an answer that could not be read.
//
// Its text names the endpoint and AuthRocket's messages; it never contains
// the API key, request bodies or raw response bodies, and what it keeps of
// AuthRocket's answer (messages, metadata, request ID) holds no
// secret-shaped token (package redact).
type Error struct {
	// Endpoint is the HTTP rule of the call, e.g. "GET /v2/users/{id}".
	Endpoint string
	// HTTPStatus is AuthRocket's status, or 0 when AuthRocket did not answer.
	HTTPStatus int
	// RequestID is AuthRocket's X-Request-ID, when it answered with one.
	RequestID string
	// Messages are AuthRocket's `errors`, in its order, localized as asked.
	Messages []string
	// Metadata are the other top-level keys of AuthRocket's error answer
	// that have string values, e.g. retry_url after a failed authorize
	// (snake_case keys, at most 8, values cut to 1 KiB).
	Metadata map[string]string
	// RetryAfter is AuthRocket's Retry-After, or 0 when absent.
	RetryAfter time.Duration
	// Attempts is how many HTTP requests the call sent (0 when it was
	// refused before any).
	Attempts int
	// OutcomeUnknown: a write was sent whole and no answer came back
	// (the connection dropped, the deadline passed): AuthRocket may have
	// applied it.
	OutcomeUnknown bool
	// Err is the cause when AuthRocket did not answer (it wraps
	// context.Canceled or context.DeadlineExceeded when those were the cause)
	// or when the answer could not be decoded.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("authrocket: ")
	b.WriteString(e.Endpoint)
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, ": %d %s", e.HTTPStatus, http.StatusText(e.HTTPStatus))
	}
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Resource is the type of the AuthRocket object the endpoint's path names,
// e.g. "user" for POST /v2/users/{id}/authenticate, or "" when unknown.
func (e *Error) Resource() string {
	_, path, ok := strings.Cut(e.Endpoint, " /v2/")
	if !ok {
		return ""
	}
	collection, _, _ := strings.Cut(path, "/")
	return strings.TrimSuffix(collection, "s") // every AuthRocket collection is a plain plural
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
