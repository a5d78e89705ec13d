package authrocket

import "log/slog"

// redacted is what a Secret prints as, in every format.
const redacted = "[REDACTED]"

// Secret holds a credential such as AuthRocket's API key. It never prints:
// fmt, slog and encoding/json all see "[REDACTED]". Reveal returns the value
// for the one place that must send it.
type Secret struct{ value string }

// NewSecret wraps value.
func NewSecret(value string) Secret { return Secret{value: value} }

// Reveal returns the secret's value. Call it only to send the secret.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.value == "" }

// String implements fmt.Stringer.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer, for %#v.
func (Secret) GoString() string { return redacted }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText implements encoding.TextMarshaler (and so JSON).
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
