package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1" // registers authrocket.gateway.v1
	_ "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"         // registers authrocket.v2
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// servedPackages are the proto packages whose services the gateway serves.
var servedPackages = []protoreflect.FullName{"authrocket.v2", "authrocket.gateway.v1"}

// servedMethods are the methods of every service of servedPackages, as the
// server hands them to New.
func servedMethods(t testing.TB) []protoreflect.MethodDescriptor {
	t.Helper()
	var mds []protoreflect.MethodDescriptor
	for _, pkg := range servedPackages {
		protoregistry.GlobalFiles.RangeFilesByPackage(pkg, func(fd protoreflect.FileDescriptor) bool {
			for i := 0; i < fd.Services().Len(); i++ {
				sd := fd.Services().Get(i)
				for j := 0; j < sd.Methods().Len(); j++ {
					mds = append(mds, sd.Methods().Get(j))
				}
			}
			return true
		})
	}
	if len(mds) == 0 {
		t.Fatal("no methods registered in", servedPackages)
	}
	return mds
}

// methodName is md's name as a call's record has it:
// "authrocket.v2.UsersService/GetUser".
func methodName(md protoreflect.MethodDescriptor) string {
	return string(md.Parent().FullName()) + "/" + string(md.Name())
}

// methodByName finds the method of a record's name.
func methodByName(name string) (protoreflect.MethodDescriptor, error) {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(strings.Replace(name, "/", ".", 1)))
	if err != nil {
		return nil, err
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return nil, errors.New(name + " is not a method")
	}
	return md, nil
}

// newRequest returns an empty request message of the record's method, as
// the call path makes it.
func newRequest(c *Call) (proto.Message, error) {
	md, err := methodByName(c.Record.Method())
	if err != nil {
		return nil, err
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil, err
	}
	return mt.New().Interface(), nil
}

// newResponse returns an empty response message of the record's method.
func newResponse(c *Call) proto.Message {
	md, err := methodByName(c.Record.Method())
	if err != nil {
		panic(err)
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
	if err != nil {
		panic(err)
	}
	return mt.New().Interface()
}

// seenCall is what a fake call path saw of one call.
type seenCall struct {
	called    bool
	refusal   error
	decodeNil bool
	record    *call.Record
	header    metadata.MD
	req       proto.Message // nil unless Decode succeeded
	decodeErr error
}

// recorder keeps the last call a fake call path saw.
type recorder struct {
	mu   sync.Mutex
	last seenCall
}

func (r *recorder) see(c *Call, req proto.Message, decodeErr error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = seenCall{called: true, refusal: c.Refusal, decodeNil: c.Decode == nil, record: c.Record, header: c.Header.Copy(), decodeErr: decodeErr}
	if req != nil {
		r.last.req = proto.Clone(req)
	}
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.last = seenCall{}
	r.mu.Unlock()
}

func (r *recorder) get() seenCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// decodingInvoke is a call path that lets every caller through: it
// answers a refusal with the refusal, else decodes the request, records it
// and answers an empty response, without asking AuthRocket.
func decodingInvoke(r *recorder) func(context.Context, *Call) (proto.Message, error) {
	return func(_ context.Context, c *Call) (proto.Message, error) {
		if c.Refusal != nil {
			r.see(c, nil, nil)
			return nil, c.Refusal
		}
		req, err := newRequest(c)
		if err != nil {
			return nil, err
		}
		if err := c.Decode(req); err != nil {
			r.see(c, nil, err)
			return nil, err
		}
		r.see(c, req, nil)
		return newResponse(c), nil
	}
}

// newFacade compiles every served method over invoke.
func newFacade(t testing.TB, maxBytes int64, invoke func(context.Context, *Call) (proto.Message, error)) *Facade {
	t.Helper()
	f, err := New(Config{Methods: servedMethods(t), Invoke: invoke, MaxRequestBytes: maxBytes, BodyTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// testRecord is the record of a REST call with the gateway's request ID id.
func testRecord(id string) *call.Record {
	return call.New(time.Now(), call.REST, "authrocket.v2.UsersService/GetUser", id, call.Peer{Addr: "192.0.2.1:1234"})
}

// ts is a timestamp of sec seconds and ms milliseconds (plus extra
// nanoseconds below the millisecond).
func ts(sec int64, ms, extraNanos int32) *timestamppb.Timestamp {
	return &timestamppb.Timestamp{Seconds: sec, Nanos: ms*1e6 + extraNanos}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

// restErrorBody is the error body of the REST facade (docs/errors.md).
type restErrorBody struct {
	Errors  []string          `json:"errors"`
	Code    codes.Code        `json:"code"`
	Message string            `json:"message"`
	Details []json.RawMessage `json:"details"`
}

// decodeErrorBody decodes an error answer, which must have exactly the
// keys of restErrorBody.
func decodeErrorBody(t *testing.T, rec *httptest.ResponseRecorder) restErrorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != contentType {
		t.Errorf("Content-Type = %q", ct)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &keys); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	for k := range keys {
		if !slices.Contains([]string{"errors", "code", "message", "details"}, k) {
			t.Errorf("unexpected key %q in %s", k, rec.Body)
		}
	}
	var b restErrorBody
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	return b
}

// errorInfoOf decodes the first detail of b, which must be the ErrorInfo.
func errorInfoOf(t *testing.T, b restErrorBody) (reason, domain string, metadata map[string]string) {
	t.Helper()
	if len(b.Details) == 0 {
		t.Fatalf("no details in %+v", b)
	}
	var info struct {
		Type     string            `json:"@type"`
		Reason   string            `json:"reason"`
		Domain   string            `json:"domain"`
		Metadata map[string]string `json:"metadata"`
	}
	if err := json.Unmarshal(b.Details[0], &info); err != nil {
		t.Fatal(err)
	}
	if info.Type != "type.googleapis.com/google.rpc.ErrorInfo" {
		t.Fatalf("first detail %s is not an ErrorInfo", b.Details[0])
	}
	return info.Reason, info.Domain, info.Metadata
}

// detailsOf returns the "@type" suffix of each detail, e.g. "ErrorInfo".
func detailsOf(t *testing.T, b restErrorBody) []string {
	t.Helper()
	var out []string
	for _, d := range b.Details {
		var a struct {
			Type string `json:"@type"`
		}
		if err := json.Unmarshal(d, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimPrefix(a.Type, "type.googleapis.com/google.rpc."))
	}
	return out
}

// withDetails returns status code/msg with details.
func withDetails(t *testing.T, code codes.Code, msg string, details ...protoadapt.MessageV1) *status.Status {
	t.Helper()
	st, err := status.New(code, msg).WithDetails(details...)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// upstreamInfo is an ErrorInfo as the call path writes it for an answer
// of AuthRocket.
func upstreamInfo(httpStatus string) *errdetails.ErrorInfo {
	return &errdetails.ErrorInfo{Reason: "X", Domain: apierror.Domain, Metadata: map[string]string{apierror.MetaHTTPStatus: httpStatus, apierror.MetaGatewayRequestID: "gw-1"}}
}
