// Package logging owns the gateway's log handler: JSON lines, with
// repeated identical lines sampled so that a flood (an unauthenticated
// caller's retries, AuthRocket down) costs a few lines a second, not one
// per call. The audit trail is not a log: every call's record is written,
// whatever the sampling.
package logging
