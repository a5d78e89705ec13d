// Package redact knows what an AuthRocket or gateway secret looks like and
// takes it out of text.
//
// A secret starts with one of the prefixes of Prefixes: AuthRocket's API
// keys (ks_, and ko_ and key_ of its first API), realms' JWT secrets
// (jsk_), service credentials (svc_) and the gateway's own caller
// credentials (CredentialPrefix, argw_). Text holds a secret-shaped token
// where a prefix starts at a word boundary (the start of the text, or after
// a byte that is not an ASCII letter, digit or '_') and is followed by at
// least 8 bytes of [A-Za-z0-9_-]; the token runs to the first byte outside
// that set. So "key_name", "tasks_done" or a bare "ks_" are no secrets.
// Matching is case-sensitive: every prefix is lower case.
//
// The gateway scrubs with String the text it repeats from a caller or from
// AuthRocket (AuthRocket's error answers, error messages, log causes),
// replaces a caller's request ID for which Contains holds, and refuses a
// credential or dev token for which ContainsAuthRocket holds.
package redact
