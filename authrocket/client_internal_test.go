package authrocket

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestErrorMessages(t *testing.T) {
	long := strings.Repeat("é", maxErrorMessageLen) // 2 bytes a rune
	many := make([]string, maxErrorMessages+5)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	manyJSON := `{"errors":["` + strings.Join(many, `","`) + `"]}`
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"Array", `{"errors":["Login failed"]}`, []string{"Login failed"}},
		{"ArrayOrder", `{"errors":["b","a"]}`, []string{"b", "a"}},
		{"WithMetadata", `{"errors":["Error validating code"],"retry_url":"https://x"}`, []string{"Error validating code"}},
		{"Hash", `{"errors":{"email":["is invalid","is taken"],"base":["Nope"]}}`, []string{"Nope", "is invalid", "is taken"}},
		{"EmptyArray", `{"errors":[]}`, nil},
		{"Null", `{"errors":null}`, nil},
		{"Absent", `{"object":"user"}`, nil},
		{"NotJSON", `<html>oops</html>`, nil},
		{"Empty", ``, nil},
		{"String", `{"errors":"single"}`, nil},
		{"Mixed", `{"errors":["a",1]}`, nil},
		{"HashOfStrings", `{"errors":{"email":"is invalid"}}`, nil},
		{"Unicode", `{"errors":["Error al iniciar sesión"]}`, []string{"Error al iniciar sesión"}},
		{"Capped", manyJSON, many[:maxErrorMessages]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := errorBody([]byte(tt.body))
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errorBody(%.60q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
	// A long message is cut at a rune boundary: the messages travel on in
	// proto strings (gRPC status details), which must be valid UTF-8.
	for _, prefix := range []string{"", "x"} {
		got, _ := errorBody([]byte(`{"errors":["` + prefix + long + `"]}`))
		if len(got) != 1 || len(got[0]) > maxErrorMessageLen || len(got[0]) < maxErrorMessageLen-utf8.UTFMax {
			t.Fatalf("truncated to %d bytes", len(got[0]))
		}
		if !utf8.ValidString(got[0]) {
			t.Errorf("prefix %q: truncated message is not valid UTF-8: ...%q", prefix, got[0][len(got[0])-4:])
		}
	}
}

func TestErrorMetadata(t *testing.T) {
	var manyJSON []string
	for i := range maxErrorMetadata + 3 {
		manyJSON = append(manyJSON, fmt.Sprintf(`"k%02d":"v"`, i))
	}
	tests := []struct {
		name string
		body string
		want map[string]string
	}{
		{"RetryURL", `{"errors":["Error validating code"],"retry_url":"https://login.example/x?a=1"}`, map[string]string{"retry_url": "https://login.example/x?a=1"}},
		{"None", `{"errors":["Login failed"]}`, nil},
		{"OnlyStrings", `{"errors":["x"],"count":3,"ok":true,"list":["a"],"obj":{"a":"b"},"nil":null,"empty":"","s":"y"}`, map[string]string{"s": "y"}},
		{"OnlySnakeCaseKeys", `{"errors":["x"],"Retry-URL":"a","retryUrl":"b","_x":"c","x__y":"d","x_2":"f","x_y":"e"}`, map[string]string{"x_y": "e"}},
		{"NotJSON", `<html>retry_url</html>`, nil},
		{"Capped", `{"errors":["x"],` + strings.Join(manyJSON, ",") + `}`, func() map[string]string {
			want := map[string]string{}
			for i := range maxErrorMetadata {
				want[fmt.Sprintf("k%02d", i)] = "v"
			}
			return want
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := errorBody([]byte(tt.body))
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errorBody(%.60q) metadata = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
	_, got := errorBody([]byte(`{"retry_url":"` + strings.Repeat("é", maxErrorMessageLen) + `"}`))
	if v := got["retry_url"]; len(v) > maxErrorMessageLen || !utf8.ValidString(v) {
		t.Errorf("long value kept as %d bytes, valid UTF-8 %v", len(v), utf8.ValidString(v))
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 7 ", 7 * time.Second},
		{"120", 2 * time.Minute},
		{"-1", 0},
		{"1.5", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(timeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(timeFormat), 0},
		{now.Format(timeFormat), 0},
		{"Sunday, 01-Mar-26 12:00:30 GMT", 30 * time.Second}, // RFC 850, which http.ParseTime accepts
		{"Sun Mar  1 12:00:30 2026", 30 * time.Second},       // ANSI C asctime
		// Absurd values must not overflow into a negative or wrapped delay.
		{"10000000000", math.MaxInt64},
		{strconv.Itoa(math.MaxInt64), math.MaxInt64},
		{"99999999999999999999999", math.MaxInt64},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.v, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

const timeFormat = "Mon, 02 Jan 2006 15:04:05 GMT" // http.TimeFormat

func TestCheckPathParam(t *testing.T) {
	for _, v := range []string{"usr_123", "a+b@example.com", "john doe", "é", "...", "a;b", strings.Repeat("a", MaxPathParamLen)} {
		if err := checkPathParam("id", v); err != nil {
			t.Errorf("checkPathParam(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"", ".", "..", "a/b", `a\b`, "a?b", "a#b", "a%b", "a\x00", "a\x1f", "a\x7f", "\xff", strings.Repeat("a", MaxPathParamLen+1)} {
		if err := checkPathParam("id", v); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("checkPathParam(%q) = %v, want ErrInvalidRequest", v, err)
		}
	}
}

func TestCheckHeaderValue(t *testing.T) {
	for _, v := range []string{"", "rl_abc", "en-US,en;q=0.9", strings.Repeat("a", 256)} {
		if err := checkHeaderValue("x", v); err != nil {
			t.Errorf("checkHeaderValue(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"a\r\nb", "a\n", "\x00", "é", "a\x7f", strings.Repeat("a", 257)} {
		if err := checkHeaderValue("x", v); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("checkHeaderValue(%q) = %v, want ErrInvalidRequest", v, err)
		}
	}
}

// TestQueryEncoding covers the scalar kinds of the query string.
func TestQueryEncoding(t *testing.T) {
	r, err := routeFor((&arv2.ListUsersRequest{}).ProtoReflect().Descriptor().ParentFile().Services().ByName("UsersService").Methods().ByName("ListUsers"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		req  *arv2.ListUsersRequest
		want string
	}{
		{&arv2.ListUsersRequest{}, ""},
		{&arv2.ListUsersRequest{MaxResults: proto.Int32(0)}, "max_results=0"}, // set, though zero
		{&arv2.ListUsersRequest{MaxResults: proto.Int32(-1000)}, "max_results=-1000"},
		{&arv2.ListUsersRequest{Email: proto.String("a+b@x.com"), Username: proto.String("a b&c=d")}, "email=a%2Bb%40x.com&username=a+b%26c%3Dd"},
		{&arv2.ListUsersRequest{Reference: proto.String("")}, "reference="},
	}
	for _, tt := range tests {
		if got := r.query(tt.req.ProtoReflect()); got != tt.want {
			t.Errorf("query(%v) = %q, want %q", tt.req, got, tt.want)
		}
	}
	del, _ := routeFor((&arv2.DeleteOrgRequest{}).ProtoReflect().Descriptor().ParentFile().Services().ByName("OrgsService").Methods().ByName("DeleteOrg"))
	for force, want := range map[bool]string{true: "force=true", false: "force=false"} {
		if got := del.query((&arv2.DeleteOrgRequest{Id: "org_1", Force: proto.Bool(force)}).ProtoReflect()); got != want {
			t.Errorf("DeleteOrg query = %q, want %q", got, want)
		}
	}
}

// BenchmarkRequestBuild measures what Call does before the network: the
// cached route, the escaped path, and the query string or the JSON body.
func BenchmarkRequestBuild(b *testing.B) {
	users := (&arv2.GetUserRequest{}).ProtoReflect().Descriptor().ParentFile().Services().ByName("UsersService").Methods()
	custom, _ := structpb.NewStruct(map[string]any{"plan": "pro", "seats": 3})
	b.Run("GetUser", func(b *testing.B) {
		md := users.ByName("GetUser")
		req := &arv2.GetUserRequest{Id: "a+b@example.com", RealmId: proto.String("rl_0123456789")}
		b.ReportAllocs()
		for b.Loop() {
			r, err := routeFor(md)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.path(req.ProtoReflect()); err != nil {
				b.Fatal(err)
			}
			_ = r.query(req.ProtoReflect())
		}
	})
	b.Run("ListUsers", func(b *testing.B) {
		md := users.ByName("ListUsers")
		req := &arv2.ListUsersRequest{MaxResults: proto.Int32(100), After: proto.String("usr_0123456789"), Sort: proto.String("email"), State: proto.String("active")}
		b.ReportAllocs()
		for b.Loop() {
			r, _ := routeFor(md)
			_, _ = r.path(req.ProtoReflect())
			_ = r.query(req.ProtoReflect())
		}
	})
	b.Run("UpdateUser", func(b *testing.B) {
		md := users.ByName("UpdateUser")
		req := &arv2.UpdateUserRequest{
			Id:      "usr_0123456789",
			User:    &arv2.UserInput{Email: proto.String("new@example.com"), FirstName: proto.String("Ada"), Custom: custom},
			Request: &arv2.RequestContext{Ip: proto.String("10.0.0.1"), Client: proto.String("MyApp/1.0")},
		}
		b.ReportAllocs()
		for b.Loop() {
			r, _ := routeFor(md)
			if _, err := r.path(req.ProtoReflect()); err != nil {
				b.Fatal(err)
			}
			if _, err := r.body(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestNewClientTransport: TLS 1.2 or later, no proxy (the key goes to
// AuthRocket's host only), no redirects followed.
func TestNewClientTransport(t *testing.T) {
	c, err := NewClient(Config{URL: "https://api-e2.authrocket.com/v2", APIKey: NewSecret("ks_x")})
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", c.http.Transport)
	}
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion < tls.VersionTLS12 || tr.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("TLS config %+v", tr.TLSClientConfig)
	}
	if tr.Proxy != nil {
		t.Error("the transport uses a proxy")
	}
	if c.http.CheckRedirect == nil || c.http.CheckRedirect(nil, nil) != http.ErrUseLastResponse {
		t.Error("redirects are followed")
	}
	if c.base != "https://api-e2.authrocket.com" || c.deadline != DefaultDeadline || c.maxDead != DefaultMaxDeadline || c.attempt != DefaultAttemptTimeout || c.maxRetries != DefaultMaxRetries || c.userAgent != DefaultUserAgent {
		t.Errorf("defaults: base %q deadline %v max %v attempt %v retries %d UA %q", c.base, c.deadline, c.maxDead, c.attempt, c.maxRetries, c.userAgent)
	}
	// Each client has its own pool.
	c2, _ := NewClient(Config{URL: "https://api-e2.authrocket.com/v2", APIKey: NewSecret("ks_x")})
	if c2.http.Transport == c.http.Transport || c.http.Transport == http.DefaultTransport {
		t.Error("clients share a transport")
	}
}

// TestCallWithoutRoute: an RPC whose rule the adapter cannot honour fails
// before anything is sent.
func TestCallWithoutRoute(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, err := NewClient(Config{URL: srv.URL, APIKey: NewSecret("ks_x")})
	if err != nil {
		t.Fatal(err)
	}
	str := descriptorpb.FieldDescriptorProto_TYPE_STRING
	fd := testFile(t, []*descriptorpb.DescriptorProto{
		{Name: proto.String("Req"), Field: []*descriptorpb.FieldDescriptorProto{field("id", 1, str, "")}},
	}, []*descriptorpb.MethodDescriptorProto{rpc("NoRule", ".test.v1.Req", ".test.v1.Req", nil)})
	md := fd.Services().Get(0).Methods().Get(0)
	req := dynamicpb.NewMessage(md.Input())
	_, err = c.Call(context.Background(), md, req, dynamicpb.NewMessage(md.Output()), CallOptions{})
	var e *Error
	if !errors.As(err, &e) || e.Endpoint != "test.v1.TestService.NoRule" || e.HTTPStatus != 0 {
		t.Fatalf("err = %v", err)
	}
	if hits.Load() != 0 {
		t.Fatal("a request was sent")
	}
}
