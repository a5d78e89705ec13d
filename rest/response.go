package rest

import (
	"net/http"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// writeResponse writes a call's answer as AuthRocket does: its success
// status (201 on create, 204, 215), its request ID, and the object in
// AuthRocket's JSON dialect.
func writeResponse(w http.ResponseWriter, r *http.Request, rec *call.Record, rt *route, resp proto.Message) {
	body, err := marshal(responseBody(rt, resp), rt.method)
	if err != nil {
		writeError(w, r, rec, internalError, 0)
		return
	}
	if id := rec.UpstreamRequestID(); id != "" {
		w.Header().Set(headerRequestID, id)
	}
	w.Header().Set("Content-Type", contentType)
	// AuthRocket's own success status, 201, 204 and 215 ("metadata only")
	// among them, as its SDKs expect.
	if code := rec.UpstreamStatus(); code > 200 && code < 300 {
		w.WriteHeader(code)
	}
	_, _ = w.Write(body)
}

// responseBody is the message that is the HTTP body of resp: its
// response_body field, or the member of its object oneof that is set
// (AuthRocket's flat session or token), or resp itself. Nil when the field
// is not set.
func responseBody(rt *route, resp proto.Message) protoreflect.Message {
	m := resp.ProtoReflect()
	switch {
	case rt.responseField != nil:
		if !m.Has(rt.responseField) {
			return nil
		}
		return m.Get(rt.responseField).Message()
	case rt.objectOneof != nil:
		if f := m.WhichOneof(rt.objectOneof); f != nil {
			return m.Get(f).Message()
		}
	}
	return m
}

// marshal encodes m, the answer of method, in AuthRocket's dialect and
// shape: the fields that carry json_presence and json_time options (the
// proto files describe each object's shape once) follow them, and the
// others are present even when empty. "{}" without an object (AuthRocket's
// 204 and 215).
func marshal(m protoreflect.Message, method protoreflect.MethodDescriptor) ([]byte, error) {
	if m == nil || !m.IsValid() {
		return []byte("{}"), nil
	}
	return arjson.MarshalOptions{EmitUnpopulated: true, Shapes: true, Method: method}.Marshal(m.Interface())
}
