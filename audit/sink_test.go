package audit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/audit"
	"github.com/authrocket-gateway/gateway/call"
	"google.golang.org/grpc/codes"
)

// liveness bounds the waits for the Sink's goroutines: a hang, not a timing.
const liveness = 10 * time.Second

// lockedBuffer is a writer safe for concurrent use; wrote receives a value
// (without blocking) after each Write.
type lockedBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.wrote != nil {
		select {
		case w.wrote <- struct{}{}:
		default:
		}
	}
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// lines splits output into lines, checking it ends with a newline.
func lines(t *testing.T, out string) []string {
	t.Helper()
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end a line: …%q", out[max(0, len(out)-80):])
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// logLines are the records of a JSON slog handler with msg msg.
func logLines(t *testing.T, log *lockedBuffer, msg string) []map[string]any {
	t.Helper()
	var found []map[string]any
	for _, l := range lines(t, log.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == msg {
			found = append(found, m)
		}
	}
	return found
}

func testLogger(buf *lockedBuffer) *slog.Logger { return slog.New(slog.NewJSONHandler(buf, nil)) }

// numbered is a small record whose request ID is n.
func numbered(n int) *call.Record {
	r := call.New(time.Unix(1_790_000_000, 0), call.GRPC, "authrocket.v2.UsersService/GetUser", fmt.Sprint(n), call.Peer{})
	r.Authenticated("billing")
	r.Finish(codes.OK, "", r.Start().Add(time.Millisecond))
	return r
}

func TestSinkFlushesByInterval(t *testing.T) {
	out := &lockedBuffer{wrote: make(chan struct{}, 1)}
	s := audit.NewSink(out, audit.Options{FlushInterval: 5 * time.Millisecond})
	defer s.Close()
	r := full.record()
	s.Write(r)
	select {
	case <-out.wrote:
	case <-time.After(liveness):
		t.Fatal("nothing written without Close")
	}
	if got, want := out.String(), string(audit.AppendRecord(nil, r)); got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

// Every record a Write accepted before Close is written, whole; the rest
// are counted as dropped.
func TestSinkCloseWritesEveryRecord(t *testing.T) {
	const writers, each = 8, 5000
	for _, tc := range []struct {
		name       string
		maxPending int
		closeEarly bool // Close while the writers are still writing
		noDrops    bool
	}{
		{"room for all", 64 << 20, false, true},
		{"small bound", 8 << 10, false, false},
		{"close while writing", 64 << 20, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out lockedBuffer
			s := audit.NewSink(&out, audit.Options{MaxPending: tc.maxPending, Logger: testLogger(&lockedBuffer{})})
			// With closeEarly, writer 0 stops halfway until Close returns,
			// while the others race with Close.
			halfway, closed := make(chan struct{}), make(chan struct{})
			var wg sync.WaitGroup
			for g := range writers {
				wg.Go(func() {
					for i := range each {
						if g == 0 && i == each/2 && tc.closeEarly {
							close(halfway)
							<-closed
						}
						s.Write(numbered(g*each + i))
					}
				})
			}
			if tc.closeEarly {
				<-halfway
				if err := s.Close(); err != nil {
					t.Error(err)
				}
				close(closed)
			}
			wg.Wait()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			got := lines(t, out.String())
			dropped := s.Dropped()
			if uint64(len(got)) != writers*each-dropped {
				t.Errorf("%d lines, %d dropped of %d", len(got), dropped, writers*each)
			}
			if tc.noDrops && dropped != 0 {
				t.Errorf("%d dropped with room for all", dropped)
			}
			if tc.closeEarly && dropped < each/2 {
				t.Errorf("%d dropped, want at least the %d Writes after Close", dropped, each/2)
			}
			seen := make(map[string]bool, len(got))
			for _, l := range got {
				var rec struct {
					RequestID string `json:"request_id"`
				}
				if err := json.Unmarshal([]byte(l), &rec); err != nil || seen[rec.RequestID] {
					t.Fatalf("bad or repeated line %q (%v)", l, err)
				}
				seen[rec.RequestID] = true
			}
		})
	}
}

func TestSinkWriteAfterClose(t *testing.T) {
	var out lockedBuffer
	s := audit.NewSink(&out, audit.Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.Write(minimal.record())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.Dropped() != 1 || out.String() != "" {
		t.Errorf("Dropped() = %d, output %q; want 1 and none", s.Dropped(), out.String())
	}
}

// blockingWriter blocks its first Write until release is closed, after
// telling entered.
type blockingWriter struct {
	lockedBuffer
	entered, release chan struct{}
	once             sync.Once
}

func newBlockingWriter() *blockingWriter {
	return &blockingWriter{entered: make(chan struct{}), release: make(chan struct{})}
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	w.once.Do(func() {
		close(w.entered)
		<-w.release
	})
	return w.lockedBuffer.Write(p)
}

// fillUntilBlocked writes records until w is blocked in its first Write,
// then n more, and returns how many it wrote.
func fillUntilBlocked(t *testing.T, s *audit.Sink, w *blockingWriter, n int) int {
	t.Helper()
	deadline := time.Now().Add(liveness)
	written := 0
	for blocked := false; !blocked; {
		s.Write(numbered(written))
		written++
		select {
		case <-w.entered:
			blocked = true
		default:
			if time.Now().After(deadline) {
				t.Fatal("the writer was never called")
			}
		}
	}
	for range n {
		s.Write(numbered(written))
		written++
	}
	return written
}

func TestSinkDropsWhenWriterBlocks(t *testing.T) {
	w := newBlockingWriter()
	var log lockedBuffer
	// No tick before Close: only the 2 KiB threshold wakes the writer.
	s := audit.NewSink(w, audit.Options{FlushInterval: time.Hour, MaxPending: 4 << 10, Logger: testLogger(&log)})
	written := fillUntilBlocked(t, s, w, 200)
	dropped := s.Dropped()
	if dropped == 0 {
		t.Fatalf("no record dropped with the writer blocked (%d written)", written)
	}
	close(w.release)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.Dropped() != dropped {
		t.Errorf("Dropped() went from %d to %d after release", dropped, s.Dropped())
	}
	warns := logLines(t, &log, "audit records dropped")
	if len(warns) != 1 || warns[0]["level"] != "WARN" ||
		warns[0]["dropped"] != float64(dropped) || warns[0]["total"] != float64(dropped) {
		t.Errorf("warnings %v, want one with dropped=total=%d", warns, dropped)
	}
	got := lines(t, w.String())
	if uint64(len(got)) != uint64(written)-dropped {
		t.Errorf("%d lines, want %d written − %d dropped", len(got), written, dropped)
	}
	for _, l := range got {
		if !json.Valid([]byte(l)) {
			t.Fatalf("broken line %q", l)
		}
	}
}

// The warning comes while the writer is still blocked, not only at Close.
func TestSinkWarnsWhileWriterBlocks(t *testing.T) {
	w := newBlockingWriter()
	log := &lockedBuffer{wrote: make(chan struct{}, 1)}
	s := audit.NewSink(w, audit.Options{FlushInterval: time.Millisecond, MaxPending: 4 << 10, Logger: testLogger(log)})
	defer func() {
		close(w.release)
		s.Close()
	}()
	fillUntilBlocked(t, s, w, 200)
	select {
	case <-log.wrote:
	case <-time.After(liveness):
		t.Fatal("no warning while the writer is blocked")
	}
	warns := logLines(t, log, "audit records dropped")
	if len(warns) == 0 {
		t.Fatalf("log %q, want a warning", log.String())
	}
	if d, tot := warns[0]["dropped"].(float64), warns[0]["total"].(float64); d <= 0 || d != tot || uint64(tot) > s.Dropped() {
		t.Errorf("warning %v, Dropped() = %d", warns[0], s.Dropped())
	}
}

var errDiskFull = errors.New("no space left on device")

// failingWriter fails while fail is set, after writing part of p when
// partial is set.
type failingWriter struct {
	lockedBuffer
	fail    atomic.Bool
	partial bool
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if !w.fail.Load() {
		return w.lockedBuffer.Write(p)
	}
	if w.partial {
		n, _ := w.lockedBuffer.Write(p[:len(p)/2])
		return n, errDiskFull
	}
	w.lockedBuffer.Write(nil) // signal the attempt
	return 0, errDiskFull
}

func TestSinkWriteErrors(t *testing.T) {
	for _, partial := range []bool{false, true} {
		t.Run(fmt.Sprintf("partial=%v", partial), func(t *testing.T) {
			w := &failingWriter{partial: partial}
			w.wrote = make(chan struct{}, 1)
			w.fail.Store(true)
			var log lockedBuffer
			s := audit.NewSink(w, audit.Options{FlushInterval: time.Millisecond, Logger: testLogger(&log)})
			s.Write(numbered(1))
			select {
			case <-w.wrote:
			case <-time.After(liveness):
				t.Fatal("the writer was never called")
			}
			w.fail.Store(false)
			s.Write(numbered(2))
			if err := s.Close(); !errors.Is(err, errDiskFull) {
				t.Errorf("Close() = %v, want %v", err, errDiskFull)
			}
			if s.WriteErrors() != 1 || s.Dropped() != 0 {
				t.Errorf("WriteErrors() = %d, Dropped() = %d; want 1, 0", s.WriteErrors(), s.Dropped())
			}
			logged := logLines(t, &log, "audit log write failed")
			if len(logged) != 1 || logged[0]["level"] != "ERROR" || logged[0]["error"] != errDiskFull.Error() ||
				logged[0]["failed"] != 1.0 || logged[0]["total"] != 1.0 || logged[0]["lost"] != 1.0 {
				t.Errorf("logged %v, want one error line: failed=total=lost=1", logged)
			}
			// The sink goes on: record 2 is a whole line, after the piece
			// of record 1 a partial write left, if any.
			got := lines(t, w.String())
			if want := strings.TrimSuffix(string(audit.AppendRecord(nil, numbered(2))), "\n"); len(got) == 0 || got[len(got)-1] != want {
				t.Fatalf("output %q, want it to end with %q", got, want)
			}
			if wantLines := map[bool]int{false: 1, true: 2}[partial]; len(got) != wantLines {
				t.Errorf("%d lines, want %d: %q", len(got), wantLines, got)
			}
		})
	}
}
