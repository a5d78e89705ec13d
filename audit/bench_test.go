package audit_test

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
)

// benchRecord is a typical allowed call that reached AuthRocket.
var benchRecord = audit.Record{
	Time: time.Date(2026, 12, 1, 10, 0, 0, 123456789, time.UTC), Caller: "billing",
	Method: "authrocket.v2.UsersService/GetUser", Transport: "grpc", Realm: "rl_0vDGaNqV2oZ8g3QFzjjY5x",
	ResourceIDs: []string{"usr_0vDGaR9Kp4kcWJqK3JZVrT"}, Decision: audit.Allow,
	Rule: "billing: authrocket.v2.UsersService/Get*", Code: "OK", UpstreamStatus: 200,
	RequestID: "01JDZ8Q5B6X4T3W2V1N0M9K8J7", AuthRocketRequestID: "c2f4a1e0-7b3d-4e9a-9f1c-2d8b6a5e4f30",
	Latency: 4213 * time.Microsecond,
}

func BenchmarkWrite(b *testing.B) {
	s := audit.NewSink(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Write(benchRecord)
	}
}

func BenchmarkWriteParallel(b *testing.B) {
	s := audit.NewSink(io.Discard)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_ = s.Write(benchRecord)
		}
	})
}

// BenchmarkWriteDevNull includes the write(2) per call that io.Discard hides.
func BenchmarkWriteDevNull(b *testing.B) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := audit.NewSink(f)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Write(benchRecord)
	}
}
