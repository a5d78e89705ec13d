package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

// checkAccept accepts a missing Accept header, */*, application/* or
// anything that lists application/json; anything else is a 406.
func checkAccept(h string) *apiError {
	if strings.TrimSpace(h) == "" {
		return nil
	}
	for _, part := range strings.Split(h, ",") {
		mt, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "*/*", "application/*", "application/json":
			return nil
		}
	}
	return newError(http.StatusNotAcceptable, "not_acceptable")
}

// parseBody decodes a request body into its top-level object. An empty
// body, "{}" and "null" all give an empty map. JSON and Rails-style
// form encoding are understood; a body without a Content-Type is read as
// JSON. Anything else with a non-empty body is a 415.
func parseBody(contentType string, body []byte) (map[string]any, *apiError) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return map[string]any{}, nil
	}
	mt := "application/json"
	if strings.TrimSpace(contentType) != "" {
		t, _, err := mime.ParseMediaType(contentType)
		if err != nil {
			return nil, newError(http.StatusUnsupportedMediaType, "unsupported_media_type")
		}
		mt = t
	}
	switch mt {
	case "application/json":
		return parseJSONBody(trimmed)
	case "application/x-www-form-urlencoded":
		return parseFormBody(string(trimmed))
	default:
		return nil, newError(http.StatusUnsupportedMediaType, "unsupported_media_type")
	}
}

// parseJSONBody decodes a JSON object (or null) with numbers kept as
// json.Number.
func parseJSONBody(b []byte) (map[string]any, *apiError) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, newError(http.StatusBadRequest, "malformed_json")
	}
	if dec.More() {
		return nil, newError(http.StatusBadRequest, "malformed_json")
	}
	switch t := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return t, nil
	default:
		return nil, newError(http.StatusBadRequest, "malformed_json")
	}
}

// keyPart matches one bracketed part of a Rails form key: "[email]" or "[]".
var keyPart = regexp.MustCompile(`\[([^\[\]]*)\]`)

// parseFormBody decodes Rails-style form keys into nested maps and arrays:
// user[email]=x, membership[permissions][]=a, k[0]=v (maps whose keys are
// all digits become arrays in index order). A bare k[] with an empty value
// is an empty array.
func parseFormBody(s string) (map[string]any, *apiError) {
	vals, err := url.ParseQuery(s)
	if err != nil {
		return nil, newError(http.StatusBadRequest, "malformed_form")
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	root := map[string]any{}
	for _, k := range keys {
		path, ok := splitFormKey(k)
		if !ok {
			return nil, newError(http.StatusBadRequest, "malformed_form")
		}
		for _, v := range vals[k] {
			if !setFormValue(root, path, v) {
				return nil, newError(http.StatusBadRequest, "malformed_form")
			}
		}
	}
	return arrayify(root).(map[string]any), nil
}

// splitFormKey splits "a[b][]" into ["a", "b", ""].
func splitFormKey(k string) ([]string, bool) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		return []string{k}, k != ""
	}
	head, rest := k[:i], k[i:]
	if head == "" {
		return nil, false
	}
	path := []string{head}
	for rest != "" {
		loc := keyPart.FindStringSubmatchIndex(rest)
		if loc == nil || loc[0] != 0 {
			return nil, false
		}
		path = append(path, rest[loc[2]:loc[3]])
		rest = rest[loc[1]:]
	}
	return path, true
}

// setFormValue stores v at path inside m. An empty path element appends to
// an array.
func setFormValue(m map[string]any, path []string, v string) bool {
	cur := m
	for i, p := range path {
		last := i == len(path)-1
		if last {
			cur[p] = v
			return true
		}
		if path[i+1] == "" && i+1 == len(path)-1 {
			arr, _ := cur[p].([]any)
			if cur[p] != nil && arr == nil {
				return false
			}
			if arr == nil {
				arr = []any{}
			}
			if v != "" || len(arr) > 0 {
				arr = append(arr, v)
			}
			cur[p] = arr
			return true
		}
		next, ok := cur[p].(map[string]any)
		if !ok {
			if cur[p] != nil {
				return false
			}
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	return true
}

// arrayify turns maps whose keys are all non-negative integers into arrays
// ordered by index, recursively.
func arrayify(v any) any {
	switch t := v.(type) {
	case map[string]any:
		allDigits := len(t) > 0
		for k, x := range t {
			t[k] = arrayify(x)
			if _, err := strconv.Atoi(k); err != nil || strings.HasPrefix(k, "-") {
				allDigits = false
			}
		}
		if !allDigits {
			return t
		}
		idx := make([]int, 0, len(t))
		for k := range t {
			n, _ := strconv.Atoi(k)
			idx = append(idx, n)
		}
		sort.Ints(idx)
		out := make([]any, 0, len(t))
		for _, n := range idx {
			out = append(out, t[strconv.Itoa(n)])
		}
		return out
	case []any:
		for i, x := range t {
			t[i] = arrayify(x)
		}
		return t
	default:
		return v
	}
}

// rootAttrs returns the attributes of a write: the object under root, or,
// leniently, the top level without "request" and "realm_id" when root is
// absent.
func rootAttrs(body map[string]any, root string) attrs {
	if v, ok := body[root]; ok {
		if a, ok := v.(map[string]any); ok {
			return a
		}
		return attrs{}
	}
	out := attrs{}
	for k, v := range body {
		if k == "request" || k == "realm_id" {
			continue
		}
		out[k] = v
	}
	return out
}

// attrs is a decoded attribute object.
type attrs map[string]any

// str reads key as an optional string. present is false when the key was
// not sent; val is nil for JSON null; ok is false for a value that cannot
// be a string (object or array). Numbers and booleans are stringified.
func (a attrs) str(key string) (val *string, present, ok bool) {
	v, present := a[key]
	if !present {
		return nil, false, true
	}
	s, ok := scalarString(v)
	if !ok {
		return nil, true, false
	}
	if v == nil {
		return nil, true, true
	}
	return &s, true, true
}

// scalarString converts a JSON scalar to a string.
func scalarString(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "", true
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	default:
		return "", false
	}
}

// parseBool accepts true, "true", "1" and 1 as true; anything else is false.
func parseBool(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		s := strings.ToLower(strings.TrimSpace(t))
		return s == "true" || s == "1"
	case json.Number:
		return t.String() == "1"
	case float64:
		return t == 1
	default:
		return false
	}
}

// parseInt reads a JSON number or numeric string as an int.
func parseInt(v any) (int, bool) {
	s, ok := scalarString(v)
	if !ok || v == nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// The times parseTime accepts: years 0001 to 9999 (UTC), as epoch seconds.
var (
	minEpoch = float64(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	maxEpoch = float64(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) // excluded
)

// parseTime reads epoch seconds (number or numeric string) or an RFC 3339
// string, within years 0001 to 9999 (UTC). nil or "" gives a nil time; NaN,
// an infinity or a time out of that range is not ok.
func parseTime(v any) (*time.Time, bool) {
	if v == nil {
		return nil, true
	}
	s, ok := scalarString(v)
	if !ok {
		return nil, false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	var t time.Time
	if f, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// ParseFloat also reads "NaN" and "Inf"; out of range it gives ±Inf.
		if math.IsNaN(f) || f < minEpoch || f >= maxEpoch {
			return nil, false
		}
		t = time.UnixMilli(int64(f * 1000))
	} else if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
		return nil, false
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return nil, false
	}
	return &t, true
}

// customAttr validates a custom-attributes value: an object whose values
// are scalars or arrays of scalars. null gives an empty object.
func customAttr(v any) (map[string]any, bool) {
	if v == nil {
		return map[string]any{}, true
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(map[string]any, len(obj))
	for k, x := range obj {
		switch t := x.(type) {
		case []any:
			for _, y := range t {
				if _, ok := scalarString(y); !ok {
					return nil, false
				}
			}
		case map[string]any:
			return nil, false
		}
		out[k] = x
	}
	return out, true
}

// query wraps the URL query with Rails/PHP array forms: k, k[] and k[N].
type query url.Values

// all returns every value given for k as k, k[] or k[N], in that order.
func (q query) all(k string) []string {
	var out []string
	out = append(out, q[k]...)
	out = append(out, q[k+"[]"]...)
	var idx []int
	byIdx := map[int][]string{}
	for key, vs := range q {
		rest, ok := strings.CutPrefix(key, k+"[")
		if !ok || !strings.HasSuffix(rest, "]") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
		if err != nil {
			continue
		}
		idx = append(idx, n)
		byIdx[n] = vs
	}
	sort.Ints(idx)
	for _, n := range idx {
		out = append(out, byIdx[n]...)
	}
	return out
}

// get returns the first value of k (in any form) and whether one was given.
func (q query) get(k string) (string, bool) {
	vs := q.all(k)
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// filter returns the non-empty values of k, for "any of" matching.
func (q query) filter(k string) []string {
	var out []string
	for _, v := range q.all(k) {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// matchAny reports whether v equals one of want (or want is empty).
func matchAny(want []string, v *string, fold bool) bool {
	if len(want) == 0 {
		return true
	}
	if v == nil {
		return false
	}
	for _, w := range want {
		if *v == w || (fold && strings.EqualFold(*v, w)) {
			return true
		}
	}
	return false
}
