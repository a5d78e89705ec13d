package e2e

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// protoName returns the full proto name of a status detail.
func protoName(d any) string {
	if m, ok := d.(interface {
		ProtoReflect() protoreflect.Message
	}); ok {
		return string(m.ProtoReflect().Descriptor().FullName())
	}
	return ""
}

func fmtAny(v any) string { return fmt.Sprintf("%v", v) }

// withRequestID sets the call's request ID (the gateway keeps a caller's).
func withRequestID(ctx context.Context, id string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-request-id", id)
}

// rawGRPC makes one unary gRPC call over plain-text HTTP/2 written frame by
// frame, so that a test can send metadata that grpc-go's client refuses to
// send (a tab, CR or LF in a value). It returns the grpc-status and
// grpc-message of the answer, or reset = true when the server reset the
// stream (or the connection) instead of answering.
func rawGRPC(t *testing.T, addr, method string, msg proto.Message, md ...string) (code codes.Code, message string, reset bool) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(conn, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	fr := http2.NewFramer(conn, conn)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	fr.MaxHeaderListSize = 16 << 20
	if err := fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
	// Frames of at most 16 KiB, HTTP/2's default: the rest of a larger
	// block goes in CONTINUATION frames.
	rest := grpcHeaderBlock(addr, method, md...)
	first := rest[:min(len(rest), 16<<10)]
	rest = rest[len(first):]
	if err := fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: first, EndHeaders: len(rest) == 0}); err != nil {
		t.Fatal(err)
	}
	for len(rest) > 0 {
		n := min(len(rest), 16<<10)
		if err := fr.WriteContinuation(1, n == len(rest), rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	body, err := proto.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	frame := binary.BigEndian.AppendUint32([]byte{0}, uint32(len(body)))
	if err := fr.WriteData(1, true, append(frame, body...)); err != nil {
		t.Fatal(err)
	}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return codes.Unknown, err.Error(), true
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
		case *http2.RSTStreamFrame:
			return codes.Unknown, f.ErrCode.String(), true
		case *http2.GoAwayFrame:
			return codes.Unknown, f.ErrCode.String(), true
		case *http2.MetaHeadersFrame:
			if s := f.PseudoValue("status"); s != "" && s != "200" {
				return codes.Unknown, "HTTP " + s, false
			}
			for _, h := range f.RegularFields() {
				switch h.Name {
				case "grpc-status":
					n, _ := strconv.Atoi(h.Value)
					code = codes.Code(n)
				case "grpc-message":
					message, _ = url.PathUnescape(h.Value)
				}
			}
			if f.StreamEnded() {
				return code, message, false
			}
		}
	}
}
