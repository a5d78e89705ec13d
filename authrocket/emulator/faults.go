package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault describes an injected failure. A request matches when Method (if
// set) and Path match; the first matching fault in insertion order applies.
// Faults are checked after the request is recorded and before the API key
// is checked, for every path.
type Fault struct {
	// Method matches the request method ("" matches any method).
	Method string
	// Path is an exact path like "/v2/users/usr_123", or a prefix ending in
	// "*" like "/v2/users*". "" and "*" match every path.
	Path string
	// Status, when not 0, is answered instead of handling the request, with
	// body {"errors": Errors}.
	Status int
	// Errors is the error body for Status (default: a generic localized
	// message for the status).
	Errors []string
	// RetryAfter is the value of the Retry-After header, if any.
	RetryAfter string
	// Latency is a (real-time) wait before answering. It stops early when
	// the request context is cancelled. With Status 0 and Drop false, the
	// request is then handled normally.
	Latency time.Duration
	// Drop closes the connection without answering.
	Drop bool
	// Times limits the fault to the next Times matching requests; 0 means
	// every matching request.
	Times int
}

// faultEntry is an injected fault and its bookkeeping.
type faultEntry struct {
	id        string
	f         Fault
	remaining int
}

// matches reports whether the fault applies to a request.
func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == "" || f.Path == path
}

// InjectFault adds a fault; the returned func removes it (calling it again
// does nothing). Faults are matched in insertion order.
func (e *Emulator) InjectFault(f Fault) (remove func()) {
	id := e.addFault(f)
	return func() { e.removeFault(id) }
}

// addFault stores a fault and returns its id.
func (e *Emulator) addFault(f Fault) string {
	f.Errors = append([]string(nil), f.Errors...)
	e.fmu.Lock()
	defer e.fmu.Unlock()
	e.faultSeq++
	id := "flt_" + strconv.Itoa(e.faultSeq)
	e.faults = append(e.faults, &faultEntry{id: id, f: f, remaining: f.Times})
	return id
}

// removeFault deletes the fault with the given id and reports whether it
// was still there.
func (e *Emulator) removeFault(id string) bool {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	for i, fe := range e.faults {
		if fe.id == id {
			e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			return true
		}
	}
	return false
}

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() {
	e.fmu.Lock()
	e.faults = nil
	e.fmu.Unlock()
}

// faultList returns the ids and copies of the active faults.
func (e *Emulator) faultList() ([]string, []Fault) {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	ids := make([]string, len(e.faults))
	fs := make([]Fault, len(e.faults))
	for i, fe := range e.faults {
		ids[i] = fe.id
		fs[i] = fe.f
		if fe.f.Times > 0 {
			fs[i].Times = fe.remaining
		}
	}
	return ids, fs
}

// takeFault returns the first fault matching the request, using up one
// of its Times.
func (e *Emulator) takeFault(method, path string) *Fault {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	for i, fe := range e.faults {
		if !fe.f.matches(method, path) {
			continue
		}
		f := fe.f
		if fe.f.Times > 0 {
			fe.remaining--
			if fe.remaining <= 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

// applyFault applies the matching fault, if any, and reports whether the
// request has been dealt with (answered, dropped or abandoned).
func (e *Emulator) applyFault(w http.ResponseWriter, r *http.Request, lang string) bool {
	f := e.takeFault(r.Method, r.URL.Path)
	if f == nil {
		return false
	}
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.Drop {
		dropConnection(w)
		return true
	}
	if f.Status == 0 {
		return false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	errs := f.Errors
	if len(errs) == 0 {
		errs = []string{defaultFaultMessage(f.Status).localize(lang)}
	}
	writeJSON(w, f.Status, errorBody{Errors: errs})
	return true
}

// dropConnection closes the client connection without an answer: by
// hijacking it (HTTP/1.x), or by aborting the handler (HTTP/2).
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// defaultFaultMessage is the generic message for an injected status.
func defaultFaultMessage(status int) msg {
	switch {
	case status == http.StatusForbidden:
		return m("access_denied")
	case status >= 500:
		return m("fault_5xx")
	}
	key := "fault_" + strconv.Itoa(status)
	if _, ok := catalog[key]; ok {
		return m(key)
	}
	return m("fault_any", "count", strconv.Itoa(status))
}
