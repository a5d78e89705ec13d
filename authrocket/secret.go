package authrocket

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted is what a Secret prints as, in every format.
const redacted = "[REDACTED]"

// Secret holds a credential such as AuthRocket's API key. It never prints:
// fmt (every verb), slog and encoding/json all see "[REDACTED]". Reveal
// returns the value for the one place that must send it.
//
// The value sits behind a pointer: where fmt cannot call Secret's methods (a
// Secret in an unexported struct field, printed by reflection) it shows an
// address, never the value.
type Secret struct{ p *string }

// NewSecret wraps value.
func NewSecret(value string) Secret { return Secret{p: &value} }

// Reveal returns the secret's value. Call it only to send the secret.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// String implements fmt.Stringer.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer, for %#v.
func (Secret) GoString() string { return redacted }

// Format implements fmt.Formatter: every verb (%d, %x, %p, …) prints
// "[REDACTED]", not only those that use String.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText implements encoding.TextMarshaler (and so JSON).
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
