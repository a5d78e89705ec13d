package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/authrocket-gateway/gateway/call"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// forwarded are the request headers the call path reads, by their gRPC
// metadata keys: the caller's credential (as AuthRocket's SDKs send it, or
// as a bearer token), the realm, the language of AuthRocket's messages and
// a write's Idempotency-Key.
var forwarded = []string{call.HeaderAuthorization, call.HeaderAPIKey, call.HeaderRealm, call.HeaderLocale, call.HeaderIdempotencyKey}

// forwardedHeaders returns the headers keys (forwarded, and the trace
// context when traced) of h as metadata.
func forwardedHeaders(h http.Header, keys []string) metadata.MD {
	md := make(metadata.MD, len(keys))
	for _, k := range keys {
		if v := h.Values(k); len(v) > 0 {
			md[k] = v
		}
	}
	return md
}

// invalid is the status of a request the facade cannot read.
func invalid(msg string) error { return status.Error(codes.InvalidArgument, msg) }

// decoder returns the Call.Decode of a request r that matched rt with the
// path variables params. What the query says of the realm is settled at
// once, into md, so that the call path checks a POST's ?realm_id= with the
// headers; a mistake in it is reported by Decode, after authentication.
// Decode refuses a Content-Encoding other than identity (415) before it
// reads the body, and bad bytes (badBytes) in the headers it checks, the
// query and the path before any reaches the request message.
func (f *Facade) decoder(rt *route, r *http.Request, body *limitedBody, params map[string]string, md metadata.MD) func(proto.Message) error {
	r.URL.RawQuery = normalizeQuery(r.URL.RawQuery)
	realmErr := realmFromQuery(r, md)
	return func(msg proto.Message) error {
		if !identityEncoding(r.Header) {
			body.encoded.Store(true)
			return invalid("Content-Encoding is not supported: send the body uncompressed")
		}
		if err := checkHeaders(md); err != nil {
			return err
		}
		query, err := readQuery(r.URL.RawQuery)
		if err != nil {
			return err
		}
		if realmErr != nil {
			return invalid(realmErr.Error())
		}
		if r.ContentLength > f.max {
			body.exceeded.Store(true)
			return body.tooLarge()
		}
		if r.Method == http.MethodDelete {
			if err := deleteBodyToQuery(r); err != nil {
				return body.readError(err)
			}
			if query, err = readQuery(r.URL.RawQuery); err != nil {
				return err // a value of the body
			}
		}
		target := msg
		if rt.body != nil {
			target = msg.ProtoReflect().Mutable(rt.body).Message().Interface()
		}
		if rt.wholeBody || rt.body != nil {
			if err := f.json.DecodeReader(r.Body, target, f.max); err != nil {
				return body.readError(err)
			}
		}
		for _, name := range rt.pathFields {
			if err := setPath(msg, name, params[name]); err != nil {
				return err
			}
		}
		if rt.wholeBody {
			return nil // the body is the whole request; ?realm_id= is read above
		}
		return setQuery(msg, query, rt.query)
	}
}

// limitedBody is a request body cut at limit bytes and read within
// timeout of its first read. It remembers whether the caller sent more, or
// too slowly, so the answer is 413 or 408 whoever read the body, and
// whether Decode refused its Content-Encoding (415).
type limitedBody struct {
	io.ReadCloser
	limit    int64
	timeout  time.Duration
	rc       *http.ResponseController
	started  bool // a Read set the deadline
	done     bool // a Read ended the body: its end, or a failure
	eof      bool // the body was read to its end
	exceeded atomic.Bool
	timedOut atomic.Bool
	encoded  atomic.Bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if !b.started {
		b.started = true
		_ = b.rc.SetReadDeadline(time.Now().Add(b.timeout))
	}
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.done {
		b.done, b.eof = true, errors.Is(err, io.EOF)
		// The connection's next reads (net/http's own, between requests)
		// have their own deadlines.
		_ = b.rc.SetReadDeadline(time.Time{})
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			b.exceeded.Store(true)
		case errors.Is(err, os.ErrDeadlineExceeded):
			b.timedOut.Store(true)
		}
	}
	return n, err
}

func (b *limitedBody) tooLarge() error {
	return invalid(fmt.Sprintf("request body larger than %d bytes", b.limit))
}

// readError is the status of err, a failure to read the request from the
// body: too large, too slow, or malformed.
func (b *limitedBody) readError(err error) error {
	switch {
	case b.exceeded.Load():
		return b.tooLarge()
	case b.timedOut.Load():
		return status.Errorf(codes.DeadlineExceeded, "the request body did not arrive within %v", b.timeout)
	}
	return invalid(err.Error())
}

// httpStatus is the HTTP status of Decode's refusal of the body: 413 when
// the caller sent more than the limit, 408 when it sent too slowly, 415
// for its encoding, else 0.
func (b *limitedBody) httpStatus() int {
	switch {
	case b == nil:
	case b.exceeded.Load():
		return http.StatusRequestEntityTooLarge
	case b.timedOut.Load():
		return http.StatusRequestTimeout
	case b.encoded.Load():
		return http.StatusUnsupportedMediaType
	}
	return 0
}

// closeIfUnread closes the connection after the answer to r when its body
// was not read to the end (a refusal before it, an error in it): net/http
// would otherwise read what is left, which a slow caller sends at its own
// pace, before it answers.
func (b *limitedBody) closeIfUnread(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 && !b.eof {
		w.Header().Set("Connection", "close")
	}
}

// identityEncoding reports whether a request's body is in no
// Content-Encoding but identity. The facade decompresses no body: a
// compressed one could swell far past the size limit.
func identityEncoding(h http.Header) bool {
	for _, v := range h.Values("Content-Encoding") {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				return false
			}
		}
	}
	return true
}

var indexSuffix = regexp.MustCompile(`\[[0-9]*\]$`)

// normalizeQuery rewrites the array forms of AuthRocket's SDKs (`k[]=v`
// from Ruby and axios, `k[0]=v` from PHP) to the `k=v` grpc-gateway reads,
// keeping the order of the values. A bare `k[]` is Ruby's empty array: no
// value. Other pairs are kept as they were.
func normalizeQuery(raw string) string {
	if !strings.Contains(raw, "[") && !strings.Contains(strings.ToUpper(raw), "%5B") {
		return raw
	}
	if _, err := url.ParseQuery(raw); err != nil {
		return raw // reported when the query is read
	}
	var out []string
	for _, pair := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		key, _ := url.QueryUnescape(k) // cannot fail: ParseQuery accepted it
		base := indexSuffix.ReplaceAllString(key, "")
		switch {
		case pair == "":
		case base == key:
			out = append(out, pair)
		case v != "":
			out = append(out, url.QueryEscape(base)+"="+v)
		}
	}
	return strings.Join(out, "&")
}

// realmFromQuery honours `?realm_id=` on a request with a body, which
// AuthRocket accepts on any call but the body's decoding ignores: it
// becomes the authrocket-realm header in md. Only a realm ID may. Given
// twice with different values it is refused, as on a GET, rather than one
// of them taken.
func realmFromQuery(r *http.Request, md metadata.MD) error {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil // a body method's query is otherwise not read
	}
	values := q["realm_id"]
	for _, v := range values {
		if v != values[0] {
			return errors.New("realm_id is in the query more than once, with different values")
		}
	}
	if len(values) == 0 || values[0] == "" {
		return nil
	}
	realm := values[0]
	if !policy.IsRealmID(realm) {
		return errors.New("realm_id in the query is not a realm ID (rl_ and 1 to 64 letters or digits)")
	}
	for _, h := range md.Get(call.HeaderRealm) {
		if h != "" && h != realm {
			return errors.New("realm_id in the query and the Authrocket-Realm header disagree")
		}
	}
	md.Set(call.HeaderRealm, realm)
	return nil
}

// deleteBodyToQuery moves the top-level scalars of a DELETE's JSON body into
// its query string: the PHP SDK sends `{"force": true}` where the others
// send `?force=true`.
func deleteBodyToQuery(r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		return errors.New("a DELETE body must be JSON")
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("reading the body: %w", err)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if !utf8.Valid(b) {
		return errors.New("a DELETE body must be valid UTF-8")
	}
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&fields) != nil || dec.Decode(new(any)) != io.EOF {
		return errors.New("a DELETE body must be a JSON object")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errors.New("malformed query") // Decode reads the query first
	}
	for k, v := range fields {
		if q.Has(k) {
			continue
		}
		switch v := v.(type) {
		case string:
			q.Set(k, v)
		case bool:
			q.Set(k, strconv.FormatBool(v))
		case json.Number:
			// As a float64 prints it (10, 0.5); one out of its range as
			// sent, for the field to refuse.
			if n, err := v.Float64(); err == nil {
				q.Set(k, strconv.FormatFloat(n, 'f', -1, 64))
			} else {
				q.Set(k, v.String())
			}
		}
	}
	r.URL.RawQuery = q.Encode()
	return nil
}

// isJSON reports whether a Content-Type is JSON (or absent).
func isJSON(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
