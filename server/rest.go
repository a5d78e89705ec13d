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
	"sync/atomic"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// restHandlers registers each service on the REST facade.
// TestEveryServiceHasREST keeps this list complete.
var restHandlers = map[string]func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
	"authrocket.v2.UsersService":       arv2.RegisterUsersServiceHandler,
	"authrocket.v2.OrgsService":        arv2.RegisterOrgsServiceHandler,
	"authrocket.v2.MembershipsService": arv2.RegisterMembershipsServiceHandler,
	"authrocket.v2.SessionsService":    arv2.RegisterSessionsServiceHandler,
	"authrocket.v2.RealmsService":      arv2.RegisterRealmsServiceHandler,

	"authrocket.v2.EventsService":                   arv2.RegisterEventsServiceHandler,
	"authrocket.v2.HooksService":                    arv2.RegisterHooksServiceHandler,
	"authrocket.v2.NamedPermissionsService":         arv2.RegisterNamedPermissionsServiceHandler,
	"authrocket.v2.ResourceLinksService":            arv2.RegisterResourceLinksServiceHandler,
	"authrocket.v2.MailingListProvidersService":     arv2.RegisterMailingListProvidersServiceHandler,
	"authrocket.v2.MailingListSubscriptionsService": arv2.RegisterMailingListSubscriptionsServiceHandler,
	"authrocket.v2.SmtpProvidersService":            arv2.RegisterSmtpProvidersServiceHandler,
	"authrocket.v2.AuthProvidersService":            arv2.RegisterAuthProvidersServiceHandler,
	"authrocket.v2.CredentialsService":              arv2.RegisterCredentialsServiceHandler,
	"authrocket.v2.InvitationsService":              arv2.RegisterInvitationsServiceHandler,
	"authrocket.v2.ClientAppsService":               arv2.RegisterClientAppsServiceHandler,
	"authrocket.v2.DomainsService":                  arv2.RegisterDomainsServiceHandler,
	"authrocket.v2.JwtKeysService":                  arv2.RegisterJwtKeysServiceHandler,

	"authrocket.gateway.v1.TokensService": gatewayv1.RegisterTokensServiceHandler,
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
		runtime.WithMetadata(clientCertMetadata),
		runtime.WithOutgoingHeaderMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithErrorHandler(restError),
		runtime.WithRoutingErrorHandler(routingError),
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

// clientCertMetadata hands the REST caller's verified client certificate
// to the gRPC server, which trusts mdClientCert only on the in-process
// connection (a header of that name from a caller is never forwarded).
func clientCertMetadata(_ context.Context, r *http.Request) metadata.MD {
	if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 || len(r.TLS.VerifiedChains[0]) == 0 {
		return nil
	}
	return metadata.Pairs(mdClientCert, string(r.TLS.VerifiedChains[0][0].Raw))
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
		body := &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, maxBytes), limit: maxBytes}
		r.Body = body
		r = r.WithContext(context.WithValue(r.Context(), limitedBodyKey{}, body))
		if r.Method == http.MethodDelete {
			if err := deleteBodyToQuery(r); err != nil {
				restError(r.Context(), nil, nil, w, r, status.Error(codes.InvalidArgument, err.Error()))
				return
			}
		}
		r.URL.RawQuery = normalizeQuery(r.URL.RawQuery)
		if err := checkHeaders(r.Header); err != nil {
			restError(r.Context(), nil, nil, w, r, status.Error(codes.InvalidArgument, err.Error()))
			return
		}
		if err := realmFromQuery(r); err != nil {
			restError(r.Context(), nil, nil, w, r, status.Error(codes.InvalidArgument, err.Error()))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkHeaders refuses header values that gRPC metadata cannot carry in
// the headers that become metadata for AuthRocket: the in-process gRPC
// client would otherwise drop them, and the call would go on without them
// (in the default realm instead of the one named).
func checkHeaders(h http.Header) error {
	for _, name := range []string{mdRealm, mdLocale} {
		for _, v := range h.Values(name) {
			if len(v) > 256 {
				return fmt.Errorf("header %s is longer than 256 bytes", name)
			}
			for i := 0; i < len(v); i++ {
				if v[i] < 0x20 || v[i] > 0x7e {
					return fmt.Errorf("header %s contains a control or non-ASCII character", name)
				}
			}
		}
	}
	return nil
}

// limitedBody is a request body cut at limit bytes that remembers whether
// the caller sent more, so the answer is 413 whoever read the body.
type limitedBody struct {
	io.ReadCloser
	limit    int64
	exceeded atomic.Bool
}

type limitedBodyKey struct{}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		b.exceeded.Store(true)
	}
	return n, err
}

// tooLarge writes 413 if r's body went over its limit.
func tooLarge(w http.ResponseWriter, r *http.Request) bool {
	b, ok := r.Context().Value(limitedBodyKey{}).(*limitedBody)
	if !ok || !b.exceeded.Load() {
		return false
	}
	writeError(w, r, status.New(codes.InvalidArgument, fmt.Sprintf("request body larger than %d bytes", b.limit)), http.StatusRequestEntityTooLarge)
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
		return raw // grpc-gateway reports the malformed query
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
// AuthRocket accepts on any call but grpc-gateway ignores when the body is
// the whole request: it becomes the Authrocket-Realm header. Only a realm
// ID may: anything else (CR or LF above all) would not survive the trip
// through gRPC metadata, and the call would go on in another realm. Given
// twice with different values it is refused, as grpc-gateway refuses it on
// a GET, rather than one of them taken.
func realmFromQuery(r *http.Request) error {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil // grpc-gateway reports a malformed query
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
	for _, h := range r.Header.Values(mdRealm) {
		if h != "" && h != realm {
			return errors.New("realm_id in the query and the Authrocket-Realm header disagree")
		}
	}
	r.Header.Set(mdRealm, realm)
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
	r.Body = http.NoBody
	r.ContentLength = 0
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		return errors.New("a DELETE body must be a JSON object")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fmt.Errorf("malformed query: %w", err)
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
	if o := authrocket.ObjectOneof(m.Descriptor()); o != nil {
		if f := m.WhichOneof(o); f != nil {
			return m.Get(f).Message().Interface(), nil
		}
	}
	return resp, nil
}

// routingError answers a request that matches no route: 404, or 405 for a
// path that exists with another method.
func routingError(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	code := codes.NotFound
	switch httpStatus {
	case http.StatusMethodNotAllowed:
		code = codes.Unimplemented
	case http.StatusBadRequest:
		code = codes.InvalidArgument
	}
	restError(ctx, mux, m, w, r, &runtime.HTTPStatusError{HTTPStatus: httpStatus, Err: status.Error(code, http.StatusText(httpStatus))})
}

// restStatuses are the AuthRocket statuses that describe the caller's
// request; REST keeps them (422 stays 422, so SDKs read validation errors).
var restStatuses = map[int]bool{400: true, 402: true, 404: true, 409: true, 422: true, 429: true}

// restError writes a gRPC error as AuthRocket's error body merged with the
// google.rpc.Status: {"errors": [...], "code": …, "message": …, "details": […]}.
func restError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	if tooLarge(w, r) {
		return
	}
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
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			info = ei
		}
	}
	// AuthRocket's messages are whole sentences; the gateway's need their field.
	_, fromAuthRocket := info.GetMetadata()[metaHTTPStatus]
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if s, err := strconv.Atoi(d.GetMetadata()[metaHTTPStatus]); err == nil && restStatuses[s] && httpStatus == 0 {
				httpStatus = s
			}
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				if !fromAuthRocket && v.GetField() != "" {
					messages = append(messages, v.GetField()+" "+v.GetDescription())
					continue
				}
				messages = append(messages, v.GetDescription())
			}
		case *errdetails.RetryInfo:
			// As AuthRocket sends it: whole seconds, rounded up.
			if d := d.GetRetryDelay().AsDuration(); d > 0 {
				w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
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
	// What AuthRocket sent beside its errors (retry_url) goes back where
	// SDKs read it: at the top level.
	for k, v := range info.GetMetadata() {
		if key, ok := authRocketKey(k); ok && doc[key] == nil {
			doc[key], _ = json.Marshal(v)
		}
	}
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
