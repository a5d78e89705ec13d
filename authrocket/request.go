package authrocket

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// MaxPathParamLen bounds a value that goes into the upstream path. A login
// token (a JWT, GET sessions/<token>) with many orgs runs to a few KB.
const MaxPathParamLen = 8192

// ErrInvalidRequest is the cause of an *Error for a request that cannot be
// sent safely: a path parameter that could change the upstream path, or a
// header value that could split the header (the realm, the locale). Such a
// request is never sent.
var ErrInvalidRequest = errors.New("invalid request")

// ErrBadAnswer is the cause of a 2xx answer that is not of the method's
// answer's shape: another object, or a page without its collection.
var ErrBadAnswer = errors.New("AuthRocket's answer is not what the method answers")

// checkPathParam refuses values that could escape their path segment or
// confuse a proxy: empty, ".", "..", '/', '\\', '?', '#', '%', control
// characters, invalid UTF-8, over-long values. Emails ('@', '+') are fine.
func checkPathParam(name protoreflect.Name, v string) error {
	bad := func(why string) error { return fmt.Errorf("%w: %s %s", ErrInvalidRequest, name, why) }
	switch {
	case v == "":
		return bad("is empty")
	case v == "." || v == "..":
		return bad("is a dot segment")
	case len(v) > MaxPathParamLen:
		return bad("is too long")
	case !utf8.ValidString(v):
		return bad("is not valid UTF-8")
	}
	for _, c := range v {
		if c < 0x20 || c == 0x7f || strings.ContainsRune(`/\?#%`, c) {
			return bad(fmt.Sprintf("contains %q", c))
		}
	}
	return nil
}

// path builds the escaped upstream path of msg.
func (r *route) path(msg protoreflect.Message) (string, error) {
	var b strings.Builder
	for _, s := range r.segments {
		b.WriteByte('/')
		if s.field == nil {
			b.WriteString(s.literal)
			continue
		}
		v := msg.Get(s.field).String()
		if err := checkPathParam(s.field.Name(), v); err != nil {
			return "", err
		}
		b.WriteString(url.PathEscape(v))
	}
	return b.String(), nil
}

// query encodes the set, non-path fields of msg the way AuthRocket's
// clients do: `k=v`, and `k[]=v` for each value of a repeated field.
func (r *route) query(msg protoreflect.Message) string {
	q := url.Values{}
	msg.Range(func(f protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if r.pathFields[f.Name()] {
			return true
		}
		name := string(f.Name())
		if f.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				q.Add(name+"[]", scalarString(f, l.Get(i)))
			}
			return true
		}
		q.Set(name, scalarString(f, v))
		return true
	})
	return q.Encode()
}

func scalarString(f protoreflect.FieldDescriptor, v protoreflect.Value) string {
	switch f.Kind() {
	case protoreflect.StringKind:
		return v.String()
	case protoreflect.BoolKind:
		return strconv.FormatBool(v.Bool())
	case protoreflect.EnumKind:
		if ev := f.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return string(ev.Name())
		}
		return strconv.Itoa(int(v.Enum()))
	default:
		return v.String()
	}
}

// body encodes the non-path fields of msg as AuthRocket's JSON body: the root
// element (e.g. "user") and "request" are fields of the request message, so
// the encoding is AuthRocket's wrapped form. Only set fields are sent.
func (r *route) body(msg proto.Message) (io.Reader, error) {
	if len(r.pathFields) > 0 {
		msg = proto.Clone(msg)
		m := msg.ProtoReflect()
		for name := range r.pathFields {
			m.Clear(m.Descriptor().Fields().ByName(name))
		}
	}
	b, err := arjson.Marshal(msg)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}
