package audit_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/grpc/codes"
)

// benchRecord is a typical allowed call that reached AuthRocket, with the
// facts the old sink wrote (no peer, reason or upstream time).
func benchRecord() *call.Record {
	start := time.Date(2026, 12, 1, 10, 0, 0, 123456789, time.UTC)
	r := call.New(start, call.GRPC, "authrocket.v2.UsersService/GetUser", "01JDZ8Q5B6X4T3W2V1N0M9K8J7", call.Peer{})
	r.Authenticated("billing")
	r.Resources([]string{"usr_0vDGaR9Kp4kcWJqK3JZVrT"})
	r.Allowed("rl_0vDGaNqV2oZ8g3QFzjjY5x", "billing: authrocket.v2.UsersService/Get*")
	r.Upstream(200, "c2f4a1e0-7b3d-4e9a-9f1c-2d8b6a5e4f30", 0, 0)
	r.Finish(codes.OK, "", start.Add(4213*time.Microsecond))
	return r
}

// benchOptions are the defaults, with the drop warnings discarded.
var benchOptions = audit.Options{Logger: slog.New(slog.DiscardHandler)}

// reportDrops reports the records s dropped per op: the writer goroutine
// falling behind shows there, not in ns/op.
func reportDrops(b *testing.B, s *audit.Sink) {
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(s.Dropped())/float64(b.N), "drops/op")
}

func BenchmarkWrite(b *testing.B) {
	s := audit.NewSink(io.Discard, benchOptions)
	r := benchRecord()
	b.ReportAllocs()
	for b.Loop() {
		s.Write(r)
	}
	reportDrops(b, s)
}

func BenchmarkWriteParallel(b *testing.B) {
	s := audit.NewSink(io.Discard, benchOptions)
	r := benchRecord()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.Write(r)
		}
	})
	reportDrops(b, s)
}

// BenchmarkWriteDevNull writes through the write(2) calls that io.Discard
// hides, one per batch.
func BenchmarkWriteDevNull(b *testing.B) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := audit.NewSink(f, benchOptions)
	r := benchRecord()
	b.ReportAllocs()
	for b.Loop() {
		s.Write(r)
	}
	reportDrops(b, s)
}

func BenchmarkAppendRecord(b *testing.B) {
	r := benchRecord()
	buf := audit.AppendRecord(nil, r)
	b.ReportAllocs()
	for b.Loop() {
		buf = audit.AppendRecord(buf[:0], r)
	}
}

// BenchmarkEncodingJSON is the old sink's way with the same facts:
// encoding/json, one write per record under a mutex.
func BenchmarkEncodingJSON(b *testing.B) {
	var mu sync.Mutex
	enc := json.NewEncoder(io.Discard)
	enc.SetEscapeHTML(false)
	r := benchRecord()
	b.ReportAllocs()
	for b.Loop() {
		l := jsonLineOf(r)
		mu.Lock()
		err := enc.Encode(l)
		mu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
	}
}
