package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// restHandlers registers each authrocket.v2 service on the REST facade.
// TestEveryServiceHasREST keeps this list complete.
var restHandlers = map[string]func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
	"authrocket.v2.UsersService":       arv2.RegisterUsersServiceHandler,
	"authrocket.v2.OrgsService":        arv2.RegisterOrgsServiceHandler,
	"authrocket.v2.MembershipsService": arv2.RegisterMembershipsServiceHandler,
}

// REST response headers.
const (
	headerRequestID        = "X-Request-Id"         // AuthRocket's when it was called, else the gateway's
	headerGatewayRequestID = "X-Gateway-Request-Id" // the gateway's, always
)

// newREST returns the grpc-gateway facade over conn.
func newREST(ctx context.Context, conn *grpc.ClientConn, maxBytes int64, log *slog.Logger) (http.Handler, error) {
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, restMarshaler{maxBytes: maxBytes}),
		// An encoded "/" stays in its path segment ("a%2Fb" is one ID), so
		// validation refuses it rather than routing to another resource.
		runtime.WithUnescapingMode(runtime.UnescapingModeAllExceptReserved),
		runtime.WithIncomingHeaderMatcher(incomingHeader),
		runtime.WithOutgoingHeaderMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithErrorHandler(restError),
		runtime.WithForwardResponseOption(forwardUpstreamStatus),
		runtime.WithForwardResponseRewriter(flattenObjectOneof),
	)
	for name, register := range restHandlers {
		if err := register(ctx, mux, conn); err != nil {
			return nil, fmt.Errorf("server: REST %s: %w", name, err)
		}
	}
	return restMiddleware(mux, maxBytes), nil
}

// incomingHeader forwards the headers an AuthRocket SDK sends (and the
// request ID) to gRPC metadata. Authorization is forwarded by grpc-gateway
// itself.
func incomingHeader(key string) (string, bool) {
	switch k := strings.ToLower(key); k {
	case mdAPIKey, mdRealm, mdLocale, mdRequestID:
		return k, true
	}
	return "", false
}

// restMiddleware does what must happen before grpc-gateway sees a request:
// the request ID, the body limit, and the query forms AuthRocket's SDKs use.
func restMiddleware(next http.Handler, maxBytes int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(headerRequestID)
		if !validRequestID(id) {
			id = newRequestID()
			r.Header.Set(headerRequestID, id)
		}
		w.Header().Set(headerRequestID, id)
		w.Header().Set(headerGatewayRequestID, id)
		if r.ContentLength > maxBytes {
			writeError(w, r, status.New(codes.InvalidArgument, fmt.Sprintf("request body larger than %d bytes", maxBytes)), http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
		if r.Method == http.MethodDelete {
			if err := deleteBodyToQuery(r); err != nil {
				writeError(w, r, status.New(codes.InvalidArgument, err.Error()), http.StatusBadRequest)
				return
			}
		}
		r.URL.RawQuery = normalizeQuery(r.URL.RawQuery)
		next.ServeHTTP(w, r)
	})
}

var indexSuffix = regexp.MustCompile(`\[[0-9]*\]$`)

// normalizeQuery rewrites the array forms of AuthRocket's SDKs (`k[]=v`
// from Ruby and axios, `k[0]=v` from PHP) to the `k=v` grpc-gateway reads.
func normalizeQuery(raw string) string {
	if !strings.Contains(raw, "%5B") && !strings.Contains(raw, "[") {
		return raw
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return raw // grpc-gateway reports the malformed query
	}
	out := url.Values{}
	for k, vs := range q {
		k = indexSuffix.ReplaceAllString(k, "")
		out[k] = append(out[k], vs...)
	}
	return out.Encode()
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
	r.Body = http.NoBody
	r.ContentLength = 0
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		return errors.New("a DELETE body must be a JSON object")
	}
	q := r.URL.Query()
	for k, v := range fields {
		if q.Has(k) {
			continue
		}
		switch v := v.(type) {
		case string:
			q.Set(k, v)
		case bool:
			q.Set(k, strconv.FormatBool(v))
		case float64:
			q.Set(k, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	r.URL.RawQuery = q.Encode()
	return nil
}

// forwardUpstreamStatus answers with AuthRocket's success status (201 on
// create) and AuthRocket's request ID.
func forwardUpstreamStatus(ctx context.Context, w http.ResponseWriter, _ proto.Message) error {
	md, ok := runtime.ServerMetadataFromContext(ctx)
	if !ok {
		return nil
	}
	if id := first(md.HeaderMD.Get(mdAuthRocketRequestID)); id != "" {
		w.Header().Set(headerRequestID, id)
	}
	if code, _ := strconv.Atoi(first(md.HeaderMD.Get(mdAuthRocketStatus))); code > 200 && code < 300 && code != 215 {
		w.WriteHeader(code)
	}
	return nil
}

// flattenObjectOneof renders a response that is one oneof (a session or a
// token) as the member that is set: AuthRocket's flat object.
func flattenObjectOneof(_ context.Context, resp proto.Message) (any, error) {
	m := resp.ProtoReflect()
	d := m.Descriptor()
	if d.Oneofs().Len() != 1 || d.Oneofs().Get(0).Fields().Len() != d.Fields().Len() {
		return resp, nil
	}
	if f := m.WhichOneof(d.Oneofs().Get(0)); f != nil {
		return m.Get(f).Message().Interface(), nil
	}
	return resp, nil
}

// restStatuses are the AuthRocket statuses that describe the caller's
// request; REST keeps them (422 stays 422, so SDKs read validation errors).
var restStatuses = map[int]bool{400: true, 402: true, 404: true, 409: true, 422: true, 429: true}

// restError writes a gRPC error as AuthRocket's error body merged with the
// google.rpc.Status: {"errors": [...], "code": …, "message": …, "details": […]}.
func restError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	httpStatus := 0
	var hse *runtime.HTTPStatusError
	if errors.As(err, &hse) {
		httpStatus, err = hse.HTTPStatus, hse.Err
	}
	st := status.Convert(err)
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		if id := first(md.HeaderMD.Get(mdAuthRocketRequestID)); id != "" {
			w.Header().Set(headerRequestID, id)
		}
	}
	writeError(w, r, st, httpStatus)
}

// writeError writes st; httpStatus 0 means "derive it from st".
func writeError(w http.ResponseWriter, r *http.Request, st *status.Status, httpStatus int) {
	st = withContract(st, r.Header.Get(headerRequestID))
	var messages []string
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if s, err := strconv.Atoi(d.GetMetadata()[metaHTTPStatus]); err == nil && restStatuses[s] && httpStatus == 0 {
				httpStatus = s
			}
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				messages = append(messages, v.GetDescription())
			}
		case *errdetails.PreconditionFailure:
			for _, v := range d.GetViolations() {
				messages = append(messages, v.GetDescription())
			}
		}
	}
	if httpStatus == 0 {
		httpStatus = runtime.HTTPStatusFromCode(st.Code())
	}
	if len(messages) == 0 {
		messages = []string{st.Message()}
	}
	body, err := protojson.Marshal(st.Proto())
	if err != nil {
		body = []byte(`{}`)
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		doc = map[string]json.RawMessage{}
	}
	doc["errors"], _ = json.Marshal(messages)
	if _, ok := doc["code"]; !ok {
		doc["code"] = json.RawMessage("0")
	}
	out, _ := json.Marshal(doc)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	_, _ = w.Write(out)
}

// restMarshaler is grpc-gateway's Marshaler for AuthRocket's JSON dialect.
type restMarshaler struct{ maxBytes int64 }

func (restMarshaler) ContentType(any) string { return "application/json" }

func (restMarshaler) Marshal(v any) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return json.Marshal(v)
	}
	if !m.ProtoReflect().IsValid() {
		return []byte("{}"), nil // no object (AuthRocket's 204/215)
	}
	return arjson.MarshalOptions{EmitUnpopulated: true}.Marshal(m)
}

func (restMarshaler) Unmarshal(data []byte, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return json.Unmarshal(data, v)
	}
	return arjson.Unmarshal(data, m)
}

func (rm restMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		m, ok := v.(proto.Message)
		if !ok {
			return json.NewDecoder(r).Decode(v)
		}
		return arjson.DecodeReader(r, m, rm.maxBytes)
	})
}

func (rm restMarshaler) NewEncoder(w io.Writer) runtime.Encoder {
	return runtime.EncoderFunc(func(v any) error {
		b, err := rm.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
}

// isJSON reports whether a Content-Type is JSON (or absent).
func isJSON(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
