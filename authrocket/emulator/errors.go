package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// apiError is an error answer: an HTTP status and localizable messages.
type apiError struct {
	status int
	msgs   []msg
	// allow is the Allow header for a 405.
	allow string
	// retryURL is sent next to the errors of a failed social login.
	retryURL string
}

// Error renders the error in English (for Go callers such as CreateRealm).
func (e *apiError) Error() string {
	var b bytes.Buffer
	for i, x := range e.msgs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(x.localize(langEN))
	}
	return "authrocket emulator: " + strconv.Itoa(e.status) + ": " + b.String()
}

// newError returns an apiError with one message.
func newError(status int, key string, kv ...string) *apiError {
	return &apiError{status: status, msgs: []msg{m(key, kv...)}}
}

// errNotFound is the 404 for an unknown id or path.
func errNotFound() *apiError { return newError(http.StatusNotFound, "not_found") }

// verrs collects validation messages in a stable order.
type verrs []msg

// add appends a message.
func (v *verrs) add(x msg) { *v = append(*v, x) }

// attr appends a message about an attribute.
func (v *verrs) attr(key, attr string) { v.add(attrMsg(key, attr)) }

// err returns the 422 for the collected messages, or nil if there are none.
func (v verrs) err() *apiError {
	if len(v) == 0 {
		return nil
	}
	return &apiError{status: http.StatusUnprocessableEntity, msgs: v}
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Errors   []string `json:"errors"`
	RetryURL string   `json:"retry_url,omitempty"`
}

// encodeJSON encodes an answer: JSON without HTML escaping, ending in a
// newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeBody answers status with a JSON body.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeJSON answers status with v as JSON (500 "Server error" if v cannot
// be encoded).
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"errors":["Server error"]}`+"\n")
	}
	writeBody(w, status, body)
}

// writeError answers an apiError localized into lang.
func writeError(w http.ResponseWriter, e *apiError, lang string) {
	body := errorBody{Errors: make([]string, 0, len(e.msgs)), RetryURL: e.retryURL}
	for _, x := range e.msgs {
		body.Errors = append(body.Errors, x.localize(lang))
	}
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	writeJSON(w, e.status, body)
}
