package rest

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// badField is the INVALID_ARGUMENT status of a request with a bad
// parameter: "<field> <problem>", and a BadRequest violation that says the
// same. With field "", problem says which parameter.
func badField(field, problem string) error {
	msg := problem
	if field != "" {
		msg = field + " " + problem
	}
	st, err := status.New(codes.InvalidArgument, msg).WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: problem}},
	})
	if err != nil {
		return invalid(msg)
	}
	return st.Err()
}

// badBytes says what is wrong with a value of the path, the query or a
// header: not UTF-8, which no string field may hold, or a NUL, which no
// ID, e-mail address or filter does; "" when neither.
func badBytes(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL byte"
	}
	return ""
}

// checkedHeaders are the headers of the call path whose values Decode
// checks, by metadata key, with their names in its refusals. A bad
// credential is the call path's: the caller is unauthenticated.
var checkedHeaders = []struct{ key, name string }{
	{call.HeaderRealm, "Authrocket-Realm"},
	{call.HeaderLocale, "Accept-Language"},
}

// checkHeaders refuses a checked header that badBytes refuses.
func checkHeaders(md metadata.MD) error {
	for _, h := range checkedHeaders {
		for _, v := range md.Get(h.key) {
			if p := badBytes(v); p != "" {
				return badField(h.name, "header "+p)
			}
		}
	}
	return nil
}

// plainKey matches a query key that a refusal may repeat.
var plainKey = regexp.MustCompile(`^[A-Za-z0-9_.\[\]]{1,64}$`)

// readQuery parses a raw query as url.ParseQuery does, but refuses in
// words naming the parameter what ParseQuery reports in Go's (a malformed
// escape, a ';') and what it lets through: a key or value that badBytes
// refuses.
func readQuery(raw string) (url.Values, error) {
	q := url.Values{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		if strings.Contains(pair, ";") {
			return nil, badField("", "the query has a ';': separate parameters with '&'")
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, badField("", "a query parameter's name has a malformed %-escape")
		}
		if p := badBytes(key); p != "" {
			return nil, badField("", "a query parameter's name "+p)
		}
		fail := func(problem string) error {
			if !plainKey.MatchString(key) {
				return badField("", "a query parameter "+problem)
			}
			return badField(key, problem)
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fail("has a malformed %-escape")
		}
		if p := badBytes(value); p != "" {
			return nil, fail(p)
		}
		q[key] = append(q[key], value)
	}
	return q, nil
}

// setPath sets the field of the path variable name ("id") to value.
func setPath(msg proto.Message, name, value string) error {
	if p := badBytes(value); p != "" {
		return badField(name, p)
	}
	if err := runtime.PopulateFieldFromPath(msg, name, value); err != nil {
		fd, _ := queryField(msg.ProtoReflect().Descriptor(), name)
		return fieldError(name, fd, err)
	}
	return nil
}

// setQuery sets the field each key of query names, unless filter leaves
// it out (the path's, the body's), one key at a time in key order, so that
// a refusal always names the same first bad key. A key that names no
// field is ignored, as grpc-gateway does.
func setQuery(msg proto.Message, query url.Values, filter *utilities.DoubleArray) error {
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(query)) {
		values := query[key]
		name := key
		fd, path := queryField(msg.ProtoReflect().Descriptor(), key)
		if fd != nil {
			name = strings.Join(path, ".")
			if filter.HasCommonPrefix(path) {
				continue
			}
			if seen[name] || len(values) > 1 && !fd.IsList() {
				return badField(name, "is given more than once")
			}
			seen[name] = true
		}
		if err := runtime.PopulateQueryParameters(msg, url.Values{key: values}, filter); err != nil {
			if !plainKey.MatchString(name) {
				return badField("", "a query parameter is not a field of this request")
			}
			return fieldError(name, fd, err)
		}
	}
	return nil
}

// queryField resolves a query key ("max_results", "maxResults",
// "user.email") as grpc-gateway does: the field, by proto or JSON name,
// through singular message fields, and its path of proto names; nil when
// no field has the name.
func queryField(md protoreflect.MessageDescriptor, key string) (protoreflect.FieldDescriptor, []string) {
	var fd protoreflect.FieldDescriptor
	var path []string
	for name := range strings.SplitSeq(key, ".") {
		if fd != nil {
			if fd.Message() == nil || fd.IsList() || fd.IsMap() {
				return nil, nil
			}
			md = fd.Message()
		}
		if fd = md.Fields().ByTextName(name); fd == nil {
			fd = md.Fields().ByJSONName(name)
		}
		if fd == nil {
			return nil, nil
		}
		path = append(path, string(fd.Name()))
	}
	return fd, path
}

// fieldError is the refusal of a value that grpc-gateway could not set in
// fd, the field named name: what the field takes; INTERNAL for a failure
// no value explains, the error kept for the log.
func fieldError(name string, fd protoreflect.FieldDescriptor, err error) error {
	if fd == nil {
		return badField(name, "is not a field of this request")
	}
	if want := wants(fd, errors.Is(err, strconv.ErrRange)); want != "" {
		return badField(name, want)
	}
	return apierror.New(codes.Internal, "INTERNAL", "internal error").WithCause(fmt.Errorf("rest: setting %s: %w", name, err))
}

// wants says what a path or query value of fd must be, as grpc-gateway
// parses it, "" for a field every value sets. outOfRange: the value was a
// number, but too large.
func wants(fd protoreflect.FieldDescriptor, outOfRange bool) string {
	if fd.IsMap() {
		fd = fd.MapValue()
	}
	if fd.Kind() == protoreflect.MessageKind {
		switch fd.Message().FullName() {
		case "google.protobuf.Timestamp":
			return "must be an RFC 3339 time, such as 2025-01-02T15:04:05Z"
		case "google.protobuf.Duration":
			return "must be a duration, such as 90s or 1h30m"
		case "google.protobuf.Value":
			return "must be JSON"
		case "google.protobuf.Struct":
			return "must be a JSON object"
		case "google.protobuf.Empty":
			return "must be empty or {}"
		case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
			"google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.BytesValue":
			fd = fd.Message().Fields().ByName("value")
		default:
			return "cannot be set in the query"
		}
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return "must be true or false"
	case protoreflect.EnumKind:
		values := fd.Enum().Values()
		names := make([]string, values.Len())
		for i := range names {
			names[i] = string(values.Get(i).Name())
		}
		return "must be one of " + strings.Join(names, ", ")
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		if outOfRange {
			return "must be an integer from -2147483648 to 2147483647"
		}
		return "must be an integer"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		if outOfRange {
			return "must be an integer from -9223372036854775808 to 9223372036854775807"
		}
		return "must be an integer"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "must be an integer from 0 to 4294967295"
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "must be an integer from 0 to 18446744073709551615"
	case protoreflect.FloatKind:
		if outOfRange {
			return "is out of range for a 32-bit float"
		}
		return "must be a number"
	case protoreflect.DoubleKind:
		if outOfRange {
			return "is out of range for a 64-bit float"
		}
		return "must be a number"
	case protoreflect.BytesKind:
		return "must be base64"
	}
	return ""
}
