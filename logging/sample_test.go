package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func lines(t *testing.T, b *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for l := range strings.Lines(b.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	b.Reset()
	return out
}

// TestSample: a flood of one kind of line costs Burst lines an interval;
// the next interval starts with a summary of the lines dropped, and the
// kind's next line says how many of its own were; lines that differ only
// in what varies per call are one kind; others are not.
func TestSample(t *testing.T) {
	var buf bytes.Buffer
	c := &clock{t: time.Unix(1000, 0)}
	log := New(&buf, slog.LevelDebug, Options{Burst: 3, Interval: time.Second, Now: c.now})
	for i := range 100 {
		log.Warn("call", "request_id", fmt.Sprint(i), "latency_ms", float64(i), "code", "Unauthenticated", "caller", "")
	}
	log.Warn("call", "request_id", "x", "code", "Unavailable")
	log.Info("call", "request_id", "y", "code", "Unauthenticated", "caller", "")
	got := lines(t, &buf)
	if len(got) != 5 {
		t.Fatalf("%d lines, want 3 of the flood and 2 others: %v", len(got), got)
	}
	for _, l := range got {
		if _, ok := l["dropped"]; ok {
			t.Errorf("a line of the first interval says dropped: %v", l)
		}
	}

	c.t = c.t.Add(time.Second)
	log.Warn("call", "request_id", "z", "code", "Unauthenticated", "caller", "")
	log.Warn("call", "request_id", "w", "code", "Unauthenticated", "caller", "")
	got = lines(t, &buf)
	if len(got) != 3 || got[0]["msg"] != "log lines dropped" || got[0]["dropped"] != float64(97) ||
		got[1]["dropped"] != float64(97) || got[2]["dropped"] != nil {
		t.Fatalf("second interval: %v, want the summary, then the kind's first line, each saying dropped 97", got)
	}

	// A logger's own attributes make lines of another kind.
	c.t = c.t.Add(time.Second)
	a, b := log.With("component", "a"), log.With("component", "b")
	for range 5 {
		a.Warn("failed")
		b.Warn("failed")
	}
	if got = lines(t, &buf); len(got) != 6 {
		t.Fatalf("%d lines, want 3 of each logger", len(got))
	}
}

// TestSampleBounded: kinds beyond maxKinds in one interval share one count
// by level and message, so varied lines cannot grow the state without end.
func TestSampleBounded(t *testing.T) {
	var buf bytes.Buffer
	c := &clock{t: time.Unix(1000, 0)}
	log := New(&buf, slog.LevelDebug, Options{Burst: 1, Now: c.now})
	for i := range maxKinds + 50 {
		log.Warn("failed", "path", fmt.Sprint("/v2/", i))
	}
	if got := strings.Count(buf.String(), "\n"); got != maxKinds+1 {
		t.Fatalf("%d lines, want %d", got, maxKinds+1)
	}
	s := log.Handler().(*sampler).s
	if len(s.seen) != maxKinds+1 {
		t.Fatalf("%d kinds counted, want %d", len(s.seen), maxKinds+1)
	}
}

// TestSampleKeyValue: an attribute's key and value are told apart, so
// a="bc" and ab="c" are lines of two kinds.
func TestSampleKeyValue(t *testing.T) {
	var buf bytes.Buffer
	c := &clock{t: time.Unix(1000, 0)}
	log := New(&buf, slog.LevelDebug, Options{Burst: 1, Now: c.now})
	log.Warn("failed", "a", "bc")
	log.Warn("failed", "ab", "c")
	if got := lines(t, &buf); len(got) != 2 {
		t.Fatalf("%d lines, want 2 kinds: %v", len(got), got)
	}
}
