package server

import (
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
)

// decodeTarget is what the proxy asks gRPC to decode a request into, so
// that a message that does not decode (invalid UTF-8 in a string, wrong
// wire types) reaches the proxy as a malformedRequest instead of failing
// inside grpc-go, which would answer INTERNAL before any interceptor ran.
type decodeTarget struct {
	msg proto.Message
	err error
}

// serverCodec is the proto codec, but decoding into a decodeTarget keeps
// the decoding error in it.
type serverCodec struct{ encoding.CodecV2 }

func newServerCodec() serverCodec { return serverCodec{encoding.GetCodecV2("proto")} }

func (c serverCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if t, ok := v.(*decodeTarget); ok {
		t.err = c.CodecV2.Unmarshal(data, t.msg)
		return nil
	}
	return c.CodecV2.Unmarshal(data, v)
}
