package emulator

import (
	"strconv"
	"strings"
	"time"
)

// floatTime renders a time as epoch seconds with milliseconds, always with
// a fractional part (1735689600.0, 1423941493.701), like AuthRocket's
// created_at.
type floatTime time.Time

// MarshalJSON encodes the time as a JSON number.
func (t floatTime) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	s := strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return []byte(s), nil
}

// intTime renders a time as integer epoch seconds, like expires_at.
type intTime time.Time

// MarshalJSON encodes the time as a JSON integer.
func (t intTime) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatInt(time.Time(t).Unix(), 10)), nil
}

// timePtr returns a pointer to a copy of t (for an event, which keeps its
// own copy of what it records).
func timePtr(t time.Time) *time.Time { return &t }

// optFloatTime returns nil for a nil time.
func optFloatTime(t *time.Time) *floatTime {
	if t == nil {
		return nil
	}
	f := floatTime(*t)
	return &f
}

// optIntTime returns nil for a nil time.
func optIntTime(t *time.Time) *intTime {
	if t == nil {
		return nil
	}
	f := intTime(*t)
	return &f
}
