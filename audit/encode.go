package audit

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc/codes"
)

// codeNames are the google.rpc.Code names of the gRPC codes, "OK" to
// "UNAUTHENTICATED", indexed by code.
var codeNames = func() (names [codes.Unauthenticated + 1]string) {
	for c := range names {
		names[c] = code.Code(c).String()
	}
	return names
}()

// appendRecord appends r's audit line to b, newline included, and returns
// the extended buffer. Field order is fixed; the realm and the resource IDs
// that IsID rejects are left out. It allocates only when b must grow (and
// for a code outside codeNames, which gRPC does not define).
func appendRecord(b []byte, r *call.Record) []byte {
	b = append(b, `{"time":"`...)
	b = r.Start().UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","caller":`...)
	b = appendString(b, r.Caller())
	b = append(b, `,"method":`...)
	b = appendString(b, r.Method())
	b = append(b, `,"transport":`...)
	b = appendString(b, r.Transport().String())
	p := r.Peer()
	if p.Addr != "" {
		b = append(b, `,"peer":`...)
		b = appendString(b, p.Addr)
	}
	if p.TLS {
		b = append(b, `,"tls":true`...)
	}
	if p.Identity != "" {
		b = append(b, `,"client_identity":`...)
		b = appendString(b, p.Identity)
	}
	if realm := r.Realm(); IsID(realm) {
		b = append(b, `,"realm":`...)
		b = appendString(b, realm)
	}
	n := 0
	for _, id := range r.ResourceIDs() {
		if !IsID(id) {
			continue
		}
		if n == 0 {
			b = append(b, `,"resource_ids":[`...)
		} else {
			b = append(b, ',')
		}
		b = appendString(b, id)
		n++
	}
	if n > 0 {
		b = append(b, ']')
	}
	b = append(b, `,"decision":`...)
	b = appendString(b, r.Decision().String())
	if rule := r.Rule(); rule != "" {
		b = append(b, `,"rule":`...)
		b = appendString(b, rule)
	}
	if realms := r.SecretRealms(); len(realms) > 0 {
		b = append(b, `,"secret_handed_out":"jwt_secret"`...)
		n := 0
		for _, realm := range realms {
			if !IsID(realm) {
				continue
			}
			if n == 0 {
				b = append(b, `,"secret_realms":[`...)
			} else {
				b = append(b, ',')
			}
			b = appendString(b, realm)
			n++
		}
		if n > 0 {
			b = append(b, ']')
		}
	}
	b = append(b, `,"code":`...)
	if c := r.Code(); int(c) < len(codeNames) {
		b = appendString(b, codeNames[c])
	} else {
		b = appendString(b, code.Code(c).String())
	}
	if reason := r.Reason(); reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, reason)
	}
	if st := r.UpstreamStatus(); st != 0 {
		b = append(b, `,"upstream_status":`...)
		b = strconv.AppendInt(b, int64(st), 10)
	}
	if a := r.Attempts(); a != 0 {
		b = append(b, `,"attempts":`...)
		b = strconv.AppendInt(b, int64(a), 10)
	}
	b = append(b, `,"request_id":`...)
	b = appendString(b, r.RequestID())
	if traceID, ok := r.Trace(); ok {
		b = append(b, `,"trace_id":"`...)
		for _, c := range traceID {
			b = append(b, hex[c>>4], hex[c&0xf])
		}
		b = append(b, '"')
	}
	if id := r.UpstreamRequestID(); id != "" {
		b = append(b, `,"authrocket_request_id":`...)
		b = appendString(b, id)
	}
	if us := r.UpstreamTime().Microseconds(); us != 0 {
		b = append(b, `,"upstream_ms":`...)
		b = appendMillis(b, us)
	}
	b = append(b, `,"latency_ms":`...)
	b = appendMillis(b, r.Latency().Microseconds())
	return append(b, "}\n"...)
}

// appendMillis appends us microseconds as milliseconds with at most three
// decimals, trailing zeros dropped ("4.2", "0.001", "12"): the number
// encoding/json writes for float64(us)/1000 while |us| < 2^42.
func appendMillis(b []byte, us int64) []byte {
	ms, frac := us/1000, us%1000
	if us < 0 {
		b = append(b, '-')
		ms, frac = -ms, -frac
	}
	b = strconv.AppendInt(b, ms, 10)
	if frac == 0 {
		return b
	}
	d := [4]byte{'.', byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := len(d)
	for d[n-1] == '0' {
		n--
	}
	return append(b, d[:n]...)
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json does
// with SetEscapeHTML(false): `"` and `\` and control characters escaped
// (\b \f \n \r \t, else \u00XX), each byte of invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 as \u2028 and \u2029.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
