package rest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/apierror"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// violationOf returns the one field violation of a refusal by badField,
// failing the test for any other error.
func violationOf(t *testing.T, err error) *errdetails.BadRequest_FieldViolation {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.InvalidArgument {
		t.Fatalf("error %v, want INVALID_ARGUMENT", err)
	}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) == 1 {
			return br.GetFieldViolations()[0]
		}
	}
	t.Fatalf("%v has no BadRequest of one violation", err)
	return nil
}

// wantRefusal checks that err is badField's refusal of field with message
// msg.
func wantRefusal(t *testing.T, err error, field, msg string) {
	t.Helper()
	v := violationOf(t, err)
	if got := status.Convert(err).Message(); got != msg {
		t.Errorf("message %q, want %q", got, msg)
	}
	desc := msg
	if field != "" {
		desc = strings.TrimPrefix(msg, field+" ")
	}
	if v.GetField() != field || v.GetDescription() != desc {
		t.Errorf("violation {%q %q}, want field %q of %q", v.GetField(), v.GetDescription(), field, msg)
	}
}

// TestReadQuery: a query is read as url.ParseQuery reads it, and what
// ParseQuery refuses in Go's words, or lets through to the fields, is
// refused naming the parameter.
func TestReadQuery(t *testing.T) {
	long := strings.Repeat("k", 65)
	tests := []struct {
		raw        string
		want       url.Values
		field, msg string
	}{
		{raw: "", want: url.Values{}},
		{raw: "a=1&b=x+y&a=%C3%A9&&c", want: url.Values{"a": {"1", "é"}, "b": {"x y"}, "c": {""}}},
		{raw: "email=a%2Bb%40c.d", want: url.Values{"email": {"a+b@c.d"}}},

		{raw: "email=%C3%28", field: "email", msg: "email is not valid UTF-8"},
		{raw: "email=\xff", field: "email", msg: "email is not valid UTF-8"},
		{raw: "email=a%00b", field: "email", msg: "email contains a NUL byte"},
		{raw: "email=%zz", field: "email", msg: "email has a malformed %-escape"},
		{raw: "email=%", field: "email", msg: "email has a malformed %-escape"},
		{raw: "expand[0]=%FF", field: "expand[0]", msg: "expand[0] is not valid UTF-8"},
		{raw: "%FF=1", msg: "a query parameter's name is not valid UTF-8"},
		{raw: "%00=1", msg: "a query parameter's name contains a NUL byte"},
		{raw: "%zz=1", msg: "a query parameter's name has a malformed %-escape"},
		{raw: long + "=%FF", msg: "a query parameter is not valid UTF-8"},
		{raw: "a%20b=%zz", msg: "a query parameter has a malformed %-escape"},
		{raw: "state=active;email=x", msg: "the query has a ';': separate parameters with '&'"},
		{raw: "a=1&email=%FF&b=%zz", field: "email", msg: "email is not valid UTF-8"},
	}
	for _, tt := range tests {
		got, err := readQuery(tt.raw)
		if tt.msg == "" {
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("readQuery(%q) = %v, %v; want %v", tt.raw, got, err, tt.want)
			}
			continue
		}
		t.Run(tt.raw, func(t *testing.T) { wantRefusal(t, err, tt.field, tt.msg) })
	}
}

// TestSetQuery: each kind of field a query or a path can set refuses a
// value it cannot take in words that name the field and say what it
// takes, never grpc-gateway's or strconv's.
func TestSetQuery(t *testing.T) {
	tests := []struct {
		name  string
		msg   proto.Message
		query string
		want  proto.Message // when set
		field string        // of the refusal
		err   string
	}{
		{name: "int32", msg: &arv2.ListUsersRequest{}, query: "max_results=10", want: &arv2.ListUsersRequest{MaxResults: proto.Int32(10)}},
		{name: "by JSON name", msg: &arv2.ListUsersRequest{}, query: "maxResults=10", want: &arv2.ListUsersRequest{MaxResults: proto.Int32(10)}},
		{name: "unknown keys ignored", msg: &arv2.ListUsersRequest{}, query: "nope=1&user.x=1", want: &arv2.ListUsersRequest{}},
		{name: "int32: a word", msg: &arv2.ListUsersRequest{}, query: "max_results=many", field: "max_results", err: "must be an integer"},
		{name: "int32: a fraction", msg: &arv2.ListUsersRequest{}, query: "max_results=1.5", field: "max_results", err: "must be an integer"},
		{name: "int32: empty", msg: &arv2.ListUsersRequest{}, query: "max_results=", field: "max_results", err: "must be an integer"},
		{name: "int32: too large", msg: &arv2.ListUsersRequest{}, query: "max_results=2147483648", field: "max_results", err: "must be an integer from -2147483648 to 2147483647"},
		{name: "int32: by JSON name", msg: &arv2.ListUsersRequest{}, query: "maxResults=x", field: "max_results", err: "must be an integer"},
		{name: "int32: twice", msg: &arv2.ListUsersRequest{}, query: "max_results=1&max_results=1", field: "max_results", err: "is given more than once"},
		{name: "int32: by both names", msg: &arv2.ListUsersRequest{}, query: "max_results=1&maxResults=1", field: "max_results", err: "is given more than once"},
		{name: "a scalar is not a message", msg: &arv2.ListUsersRequest{}, query: "max_results.x=1", field: "max_results.x", err: "is not a field of this request"},
		{name: "int32: the first bad key, in order", msg: &arv2.ListUsersRequest{}, query: "state=a&max_results=x&email=b", field: "max_results", err: "must be an integer"},
		{name: "bool", msg: &arv2.DeleteOrgRequest{}, query: "force=true", want: &arv2.DeleteOrgRequest{Force: proto.Bool(true)}},
		{name: "bool: a word", msg: &arv2.DeleteOrgRequest{}, query: "force=yes", field: "force", err: "must be true or false"},
		{name: "repeated string", msg: &arv2.ListOrgsRequest{}, query: "expand=a&expand=b", want: &arv2.ListOrgsRequest{Expand: []string{"a", "b"}}},
		{name: "int64", msg: &durationpb.Duration{}, query: "seconds=1.5", field: "seconds", err: "must be an integer"},
		{name: "int64: too large", msg: &durationpb.Duration{}, query: "seconds=9223372036854775808", field: "seconds", err: "must be an integer from -9223372036854775808 to 9223372036854775807"},
		{name: "uint32", msg: &wrapperspb.UInt32Value{}, query: "value=-1", field: "value", err: "must be an integer from 0 to 4294967295"},
		{name: "uint64", msg: &wrapperspb.UInt64Value{}, query: "value=18446744073709551616", field: "value", err: "must be an integer from 0 to 18446744073709551615"},
		{name: "float", msg: &wrapperspb.FloatValue{}, query: "value=x", field: "value", err: "must be a number"},
		{name: "float: too large", msg: &wrapperspb.FloatValue{}, query: "value=1e39", field: "value", err: "is out of range for a 32-bit float"},
		{name: "double: too large", msg: &wrapperspb.DoubleValue{}, query: "value=1e400", field: "value", err: "is out of range for a 64-bit float"},
		{name: "bytes", msg: &wrapperspb.BytesValue{}, query: "value=%25%25", field: "value", err: "must be base64"},
		{name: "enum", msg: &structpb.Value{}, query: "null_value=NIL", field: "null_value", err: "must be one of NULL_VALUE"},
		{name: "timestamp", msg: &arv2.CreateMembershipRequest{}, query: "membership.expires_at=tomorrow", field: "membership.expires_at",
			err: "must be an RFC 3339 time, such as 2025-01-02T15:04:05Z"},
		{name: "duration", msg: &gatewayv1.VerifyTokenRequest{}, query: "max_age=forever", field: "max_age", err: "must be a duration, such as 90s or 1h30m"},
		{name: "duration by JSON name", msg: &gatewayv1.VerifyTokenRequest{}, query: "maxAge=1", field: "max_age", err: "must be a duration, such as 90s or 1h30m"},
		{name: "struct", msg: &arv2.CreateUserRequest{}, query: "user.custom=x", field: "user.custom", err: "must be a JSON object"},
		{name: "value", msg: &arv2.CreateHookRequest{}, query: "hook.accumulate={", field: "hook.accumulate", err: "must be JSON"},
		{name: "a message", msg: &arv2.CreateUserRequest{}, query: "request=x", field: "request", err: "cannot be set in the query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			err = setQuery(tt.msg, q, utilities.NewDoubleArray(nil))
			if tt.want != nil {
				if err != nil || !proto.Equal(tt.msg, tt.want) {
					t.Errorf("setQuery = %v, %v; want %v", tt.msg, err, tt.want)
				}
				return
			}
			wantRefusal(t, err, tt.field, tt.field+" "+tt.err)
		})
	}
}

// TestSetQueryFilter: a key of a field the path or the body sets is
// ignored, even given twice.
func TestSetQueryFilter(t *testing.T) {
	rt, err := compileRoute(arv2.File_authrocket_v2_users_proto.Services().ByName("UsersService").Methods().ByName("GetUser"))
	if err != nil {
		t.Fatal(err)
	}
	msg := &arv2.GetUserRequest{Id: "usr_1"}
	if err := setQuery(msg, url.Values{"id": {"usr_2", "usr_3"}, "realm_id": {"rl_1"}}, rt.query); err != nil ||
		!proto.Equal(msg, &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_1")}) {
		t.Errorf("setQuery = %v, %v", msg, err)
	}
}

// TestFieldErrorInternal: a failure that no value explains is INTERNAL
// "internal error", its cause kept for the log.
func TestFieldErrorInternal(t *testing.T) {
	cause := errors.New("parsing field \"email\": strconv.Something")
	fd := (&arv2.ListUsersRequest{}).ProtoReflect().Descriptor().Fields().ByName("email")
	err := fieldError("email", fd, cause)
	var ae *apierror.Error
	if !errors.As(err, &ae) || ae.Code != codes.Internal || ae.Reason != "INTERNAL" || ae.Message != "internal error" || !errors.Is(err, cause) {
		t.Errorf("fieldError = %#v", err)
	}
}

// TestDecodeBadBytes: invalid UTF-8 and NUL in the path, the query and
// the headers the call path reads are refused by Decode, 400 with a
// message and a BadRequest that name the field, before any value reaches
// the request message.
func TestDecodeBadBytes(t *testing.T) {
	tests := []struct {
		name, method, target string
		header               map[string]string
		body                 string
		field, want          string
	}{
		{name: "path", method: "GET", target: "/v2/users/%FF", field: "id", want: "id is not valid UTF-8"},
		{name: "path, truncated sequence", method: "GET", target: "/v2/users/%C3%28", field: "id", want: "id is not valid UTF-8"},
		{name: "path, NUL", method: "GET", target: "/v2/users/usr_1%00", field: "id", want: "id contains a NUL byte"},
		{name: "path of an action", method: "POST", target: "/v2/users/%FF/authenticate", body: `{"user": {"password": "pw"}}`, field: "id", want: "id is not valid UTF-8"},
		{name: "query value", method: "GET", target: "/v2/users?email=%C3%28", field: "email", want: "email is not valid UTF-8"},
		{name: "query realm_id", method: "GET", target: "/v2/users?realm_id=%FF", field: "realm_id", want: "realm_id is not valid UTF-8"},
		{name: "a POST's query realm_id", method: "POST", target: "/v2/users?realm_id=%FF", body: "{}", field: "realm_id", want: "realm_id is not valid UTF-8"},
		{name: "a POST's query, otherwise unread", method: "POST", target: "/v2/users?x=%FF", body: "{}", field: "x", want: "x is not valid UTF-8"},
		{name: "query key", method: "GET", target: "/v2/users?%FF=1", want: "a query parameter's name is not valid UTF-8"},
		{name: "query NUL", method: "GET", target: "/v2/users?email=a%00", field: "email", want: "email contains a NUL byte"},
		{name: "query escape", method: "GET", target: "/v2/users?email=%zz", field: "email", want: "email has a malformed %-escape"},
		{name: "an array query", method: "GET", target: "/v2/orgs?expand[]=custom&expand[]=%FF", field: "expand", want: "expand is not valid UTF-8"},
		{name: "a DELETE body's NUL", method: "DELETE", target: "/v2/orgs/org_1", body: `{"force": "\u0000"}`, field: "force", want: "force contains a NUL byte"},
		{name: "realm header", method: "GET", target: "/v2/users", header: map[string]string{"Authrocket-Realm": "rl_\xff"},
			field: "Authrocket-Realm", want: "Authrocket-Realm header is not valid UTF-8"},
		{name: "locale header", method: "GET", target: "/v2/users", header: map[string]string{"Accept-Language": "es\xc3"},
			field: "Accept-Language", want: "Accept-Language header is not valid UTF-8"},
	}
	var r recorder
	f := newFacade(t, 1<<10, decodingInvoke(&r))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/", strings.NewReader(tt.body))
			u, err := url.Parse(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			req.URL = u
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec, got := decodeVia(t, f, &r, req)
			if got.req != nil {
				t.Errorf("Decode set %v", got.req)
			}
			wantRefusal(t, got.decodeErr, tt.field, tt.want)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("HTTP %d, want 400", rec.Code)
			}
			b := decodeErrorBody(t, rec)
			if b.Code != codes.InvalidArgument || b.Message != tt.want || !reflect.DeepEqual(b.Errors, []string{tt.want}) {
				t.Errorf("answer %s, want %q", rec.Body, tt.want)
			}
			var br struct {
				FieldViolations []struct{ Field, Description string } `json:"fieldViolations"`
			}
			if d := detailsOf(t, b); len(d) != 3 || d[2] != "BadRequest" || json.Unmarshal(b.Details[2], &br) != nil ||
				len(br.FieldViolations) != 1 || br.FieldViolations[0].Field != tt.field {
				t.Errorf("details %v: %s, want a BadRequest of %q", d, rec.Body, tt.field)
			}
		})
	}
}
