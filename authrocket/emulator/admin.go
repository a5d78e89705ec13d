package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// AdminPrefix is the path prefix of the admin API.
const AdminPrefix = "/_emulator/"

// ServerHandler returns a handler that serves the admin API under
// /_emulator/ and the emulated AuthRocket API everywhere else. It is what
// the standalone binary serves.
func (e *Emulator) ServerHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(AdminPrefix, e.AdminHandler())
	mux.Handle("/", e)
	return mux
}

// AdminHandler returns the admin API, which requires the account API key
// (as Authrocket-Api-Key or Authorization: Bearer) and speaks JSON:
//
//	POST   /_emulator/faults      add a fault; answers 201 {"id": "flt_1"}
//	GET    /_emulator/faults      {"collection": [fault, ...]}
//	DELETE /_emulator/faults      remove every fault; {"cleared": n}
//	DELETE /_emulator/faults/{id} remove one fault; 404 if unknown
//	GET    /_emulator/requests    {"count": n, "requests": [request, ...]}
//	                              (count: all received; requests: the last MaxRecordedRequests)
//	DELETE /_emulator/requests    forget recorded requests
//	GET    /_emulator/clock       {"now": epoch seconds, "time": RFC 3339}
//	POST   /_emulator/clock       {"advance": "90m"}: move time forward; answers the new time
//	POST   /_emulator/api_keys    issue another API key; answers 201 {"key": "ks_…"}
//	DELETE /_emulator/api_keys    {"key": "ks_…"}: revoke a key; 404 if it is not valid
//
// A fault is {"method", "path", "status", "errors", "retry_after",
// "latency", "drop", "times"}: keys match without regard to case or
// underscores (so Go field names such as "RetryAfter" work too), and
// latency is a Go duration string ("250ms") or a number of nanoseconds.
func (e *Emulator) AdminHandler() http.Handler {
	return http.HandlerFunc(e.serveAdmin)
}

// serveAdmin routes an admin API request.
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-ID", randomHex(16))
	if !e.authorized(r.Header) {
		writeError(w, newError(http.StatusForbidden, "access_denied"), langEN)
		return
	}
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(AdminPrefix, "/")), "/")
	parts := strings.Split(rest, "/")
	switch {
	case rest == "faults":
		switch r.Method {
		case http.MethodPost:
			e.adminAddFault(w, r)
		case http.MethodGet:
			e.adminListFaults(w)
		case http.MethodDelete:
			_, fs := e.faultList()
			e.ClearFaults()
			writeJSON(w, http.StatusOK, map[string]int{"cleared": len(fs)})
		default:
			adminMethodNotAllowed(w, "DELETE, GET, POST")
		}
	case len(parts) == 2 && parts[0] == "faults":
		if r.Method != http.MethodDelete {
			adminMethodNotAllowed(w, "DELETE")
			return
		}
		if !e.removeFault(parts[1]) {
			writeError(w, errNotFound(), langEN)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": parts[1]})
	case rest == "requests":
		switch r.Method {
		case http.MethodGet:
			e.adminListRequests(w)
		case http.MethodDelete:
			e.ResetRequests()
			writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
		default:
			adminMethodNotAllowed(w, "DELETE, GET")
		}
	case rest == "clock":
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost:
			if !e.adminAdvanceClock(w, r) {
				return
			}
		default:
			adminMethodNotAllowed(w, "GET, POST")
			return
		}
		now := e.now()
		writeJSON(w, http.StatusOK, map[string]any{"now": floatTime(now), "time": now.UTC().Format(time.RFC3339Nano)})
	case rest == "api_keys":
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, http.StatusCreated, map[string]string{"key": e.AddAPIKey()})
		case http.MethodDelete:
			var body struct {
				Key string `json:"key"`
			}
			dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&body); err != nil || body.Key == "" {
				adminBadRequest(w, "want {\"key\": \"ks_…\"}")
				return
			}
			if !e.RevokeAPIKey(body.Key) {
				writeError(w, errNotFound(), langEN)
				return
			}
			writeJSON(w, http.StatusOK, map[string]bool{"revoked": true})
		default:
			adminMethodNotAllowed(w, "DELETE, POST")
		}
	default:
		writeError(w, errNotFound(), langEN)
	}
}

// adminAdvanceClock reads {"advance": "<Go duration>"} and moves the clock
// on; it answers 400 and reports false for anything else.
func (e *Emulator) adminAdvanceClock(w http.ResponseWriter, r *http.Request) bool {
	var body struct {
		Advance string `json:"advance"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		adminBadRequest(w, "malformed JSON body: want {\"advance\": \"90m\"}: %v", err)
		return false
	}
	d, err := time.ParseDuration(body.Advance)
	if err != nil || d <= 0 {
		adminBadRequest(w, "advance must be a positive Go duration such as \"90m\", got %q", body.Advance)
		return false
	}
	e.AdvanceClock(d)
	return true
}

// adminMethodNotAllowed answers 405 with an Allow header.
func adminMethodNotAllowed(w http.ResponseWriter, allow string) {
	aerr := newError(http.StatusMethodNotAllowed, "method_not_allowed")
	aerr.allow = allow
	writeError(w, aerr, langEN)
}

// adminBadRequest answers 400 with one message.
func adminBadRequest(w http.ResponseWriter, format string, args ...any) {
	writeJSON(w, http.StatusBadRequest, errorBody{Errors: []string{fmt.Sprintf(format, args...)}})
}

// faultJSON is the admin API's view of a fault.
type faultJSON struct {
	ID         string   `json:"id"`
	Method     string   `json:"method"`
	Path       string   `json:"path"`
	Status     int      `json:"status"`
	Errors     []string `json:"errors"`
	RetryAfter string   `json:"retry_after"`
	Latency    string   `json:"latency"`
	Drop       bool     `json:"drop"`
	Times      int      `json:"times"`
}

// adminAddFault handles POST /_emulator/faults.
func (e *Emulator) adminAddFault(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(&raw); err != nil {
		adminBadRequest(w, "malformed JSON body: %v", err)
		return
	}
	f, err := decodeFault(raw)
	if err != nil {
		adminBadRequest(w, "%v", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": e.addFault(f)})
}

// decodeFault builds a Fault from admin JSON.
func decodeFault(raw map[string]json.RawMessage) (Fault, error) {
	var f Fault
	for k, v := range raw {
		var err error
		switch strings.ToLower(strings.ReplaceAll(k, "_", "")) {
		case "method":
			err = json.Unmarshal(v, &f.Method)
		case "path":
			err = json.Unmarshal(v, &f.Path)
		case "status":
			err = json.Unmarshal(v, &f.Status)
		case "errors":
			err = json.Unmarshal(v, &f.Errors)
		case "retryafter":
			err = json.Unmarshal(v, &f.RetryAfter)
		case "drop":
			err = json.Unmarshal(v, &f.Drop)
		case "times":
			err = json.Unmarshal(v, &f.Times)
		case "latency":
			var s string
			if json.Unmarshal(v, &s) == nil {
				f.Latency, err = time.ParseDuration(s)
			} else {
				var ns int64
				err = json.Unmarshal(v, &ns)
				f.Latency = time.Duration(ns)
			}
		default:
			return f, fmt.Errorf("unknown fault field %q", k)
		}
		if err != nil {
			return f, fmt.Errorf("fault field %q: %v", k, err)
		}
	}
	switch {
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return f, fmt.Errorf("status %d out of range 100-599", f.Status)
	case f.Times < 0:
		return f, fmt.Errorf("times must not be negative")
	case f.Latency < 0:
		return f, fmt.Errorf("latency must not be negative")
	case f.Status == 0 && f.Latency == 0 && !f.Drop:
		return f, fmt.Errorf("a fault needs a status, a latency or drop")
	}
	return f, nil
}

// adminListFaults handles GET /_emulator/faults.
func (e *Emulator) adminListFaults(w http.ResponseWriter) {
	ids, fs := e.faultList()
	out := make([]faultJSON, 0, len(fs))
	for i, f := range fs {
		errs := f.Errors
		if errs == nil {
			errs = []string{}
		}
		out = append(out, faultJSON{
			ID: ids[i], Method: f.Method, Path: f.Path, Status: f.Status, Errors: errs,
			RetryAfter: f.RetryAfter, Latency: f.Latency.String(), Drop: f.Drop, Times: f.Times,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"collection": out})
}

// requestJSON is the admin API's view of a recorded request.
type requestJSON struct {
	Method   string              `json:"method"`
	Path     string              `json:"path"`
	RawQuery string              `json:"raw_query"`
	Header   map[string][]string `json:"header"`
	Body     string              `json:"body"`
	Time     floatTime           `json:"time"`
}

// adminListRequests handles GET /_emulator/requests.
func (e *Emulator) adminListRequests(w http.ResponseWriter) {
	count, reqs := e.RequestCount(), e.Requests()
	out := make([]requestJSON, 0, len(reqs))
	for _, r := range reqs {
		out = append(out, requestJSON{
			Method: r.Method, Path: r.Path, RawQuery: r.RawQuery,
			Header: r.Header, Body: string(r.Body), Time: floatTime(r.Time),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": count, "requests": out})
}
