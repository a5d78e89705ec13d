package server

import (
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
)

// decodeTarget is what the call path asks gRPC to decode a request into,
// so that a message that does not decode (invalid UTF-8 in a string, wrong
// wire types) reaches it as the codec's own error, which decodeError turns
// into MALFORMED_REQUEST, instead of the INTERNAL status grpc-go would wrap
// it in.
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
