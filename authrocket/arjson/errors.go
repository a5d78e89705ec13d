package arjson

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error describes why a message could not be encoded or a document could not
// be decoded. It never contains more than 40 bytes of the offending value.
type Error struct {
	// Path is the field path from the top-level message, e.g. "user.email"
	// or "collection[2].created_at"; empty for the document itself.
	Path string
	// Reason says what is wrong, e.g. "expected string, got number".
	Reason string
}

// Error implements error: "arjson: <path>: <reason>".
func (e *Error) Error() string {
	if e.Path == "" {
		return "arjson: " + e.Reason
	}
	return "arjson: " + e.Path + ": " + e.Reason
}

// ErrTooLarge is wrapped by the error DecodeReader returns when the input
// exceeds its size limit.
var ErrTooLarge = errors.New("arjson: input exceeds size limit")

// maxQuote is the most bytes of input an error message quotes.
const maxQuote = 40

// quoteShort quotes s for an error message, truncated to maxQuote bytes.
func quoteShort(s string) string {
	if len(s) <= maxQuote {
		return strconv.Quote(s)
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

// pathStack tracks the field path during a walk; it is formatted only when an
// error is reported.
type pathStack []string

func (p *pathStack) pushField(name string) { *p = append(*p, "."+name) }
func (p *pathStack) pushIndex(i int)       { *p = append(*p, "["+strconv.Itoa(i)+"]") }
func (p *pathStack) pushKey(k string)      { *p = append(*p, "["+quoteShort(k)+"]") }
func (p *pathStack) pop()                  { *p = (*p)[:len(*p)-1] }

func (p pathStack) String() string {
	return strings.TrimPrefix(strings.Join(p, ""), ".")
}

func (p pathStack) errorf(reason string) error {
	return &Error{Path: p.String(), Reason: reason}
}
