package rest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/call"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
)

// contentType is that of every JSON answer, as AuthRocket writes it.
const contentType = "application/json; charset=utf-8"

// authRocketPath reports whether path is one of AuthRocket's API (/v2/…),
// rather than the gateway's own (/gateway/v1/…).
func authRocketPath(path string) bool { return path == "/v2" || strings.HasPrefix(path, "/v2/") }

// internalError is the status of a failure of the facade itself.
var internalError = status.New(codes.Internal, "internal error")

// keptStatuses are the AuthRocket statuses that describe the caller's
// request; REST keeps them (422 stays 422, so SDKs read validation errors).
var keptStatuses = map[int]bool{400: true, 402: true, 404: true, 409: true, 422: true, 429: true}

// writeError writes st as AuthRocket's error body merged with the
// google.rpc.Status: {"errors": [...], "code": …, "message": …,
// "details": […]}. Its HTTP status is httpStatus when not 0, else
// AuthRocket's when it describes the caller's request, else that of the
// gRPC code, but for a missing or wrong credential on AuthRocket's own
// paths (/v2/…): 403, as AuthRocket answers it and as its SDKs expect
// ("check your API credentials").
func writeError(w http.ResponseWriter, r *http.Request, rec *call.Record, st *status.Status, httpStatus int) {
	st = apierror.Contract(st, rec.RequestID())
	if id := rec.UpstreamRequestID(); id != "" {
		w.Header().Set(headerRequestID, id)
	}
	info := apierror.Info(st)
	if s := apierror.HTTPStatus(info); httpStatus == 0 && keptStatuses[s] {
		httpStatus = s
	}
	// AuthRocket's messages are whole sentences; the gateway's need their field.
	fromAuthRocket := apierror.HTTPStatus(info) != 0
	var messages []string
	for _, d := range st.Details() {
		switch d := d.(type) {
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
	switch {
	case httpStatus != 0:
	case st.Code() == codes.Unauthenticated && authRocketPath(r.URL.Path):
		httpStatus = http.StatusForbidden
	default:
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
	for k, v := range apierror.AuthRocketFields(info) {
		if doc[k] == nil {
			doc[k], _ = json.Marshal(v)
		}
	}
	if _, ok := doc["code"]; !ok {
		doc["code"] = json.RawMessage("0")
	}
	out, _ := json.Marshal(doc)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(httpStatus)
	_, _ = w.Write(out)
}
