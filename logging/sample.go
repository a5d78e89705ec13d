package logging

import (
	"context"
	"hash/maphash"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Sampling defaults: per second, the first Burst lines of a kind pass.
const (
	DefaultBurst    = 10
	DefaultInterval = time.Second
	// maxKinds bounds the kinds counted in one interval; beyond it, lines
	// of new kinds share one count by level and message.
	maxKinds = 10_000
)

// varying are the attributes that differ between lines of one kind (one
// call's request ID, latency, trace), left out of what makes two lines
// identical.
var varying = map[string]bool{
	"time": true, "request_id": true, "authrocket_request_id": true, "trace_id": true, "span_id": true,
	"latency_ms": true, "peer": true, "attempt": true,
}

// Options configure a sampling handler.
type Options struct {
	// Burst lines of one kind pass in each Interval; the rest are dropped
	// and counted, and the next line of the kind to pass says how many
	// with the attribute "dropped". The first line of an interval after
	// one that dropped lines is preceded by a warning, "log lines
	// dropped", with their number. Defaults DefaultBurst, DefaultInterval.
	Burst    int
	Interval time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// New returns the gateway's logger: JSON lines on w from level up,
// sampled (Options zero: the defaults).
func New(w io.Writer, level slog.Leveler, opts Options) *slog.Logger {
	return slog.New(Sample(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}), opts))
}

// Sample wraps h: lines of one kind (level, message and every attribute
// but those that vary per call) beyond Options.Burst in one interval are
// dropped.
func Sample(h slog.Handler, opts Options) slog.Handler {
	if opts.Burst <= 0 {
		opts.Burst = DefaultBurst
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &sampler{h: h, s: &sampling{opts: opts, seed: maphash.MakeSeed(), seen: map[uint64]*kind{}}}
}

type sampler struct {
	h      slog.Handler
	s      *sampling
	prefix string // the attributes and groups of WithAttrs and WithGroup, part of the kind
}

// sampling is the state the handlers of one logger share.
type sampling struct {
	opts Options
	seed maphash.Seed
	mu   sync.Mutex
	tick time.Time        // start of the current interval
	seen map[uint64]*kind // this interval's kinds
	// dropped are the previous intervals' counts of kinds that dropped
	// lines and have not logged since.
	dropped map[uint64]int
}

type kind struct{ lines int }

func (s *sampler) Enabled(ctx context.Context, l slog.Level) bool { return s.h.Enabled(ctx, l) }

func (s *sampler) Handle(ctx context.Context, r slog.Record) error {
	var h maphash.Hash
	h.SetSeed(s.s.seed)
	h.WriteString(r.Level.String())
	h.WriteString(r.Message)
	h.WriteString(s.prefix)
	r.Attrs(func(a slog.Attr) bool {
		if !varying[a.Key] {
			h.WriteString(a.Key)
			h.WriteByte(0)
			h.WriteString(a.Value.String())
			h.WriteByte(0)
		}
		return true
	})
	pass, dropped, ended := s.s.admit(h.Sum64(), r.Level, r.Message)
	if ended > 0 {
		// Said even if no line of a flooded kind comes again.
		sum := slog.NewRecord(r.Time, slog.LevelWarn, "log lines dropped", 0)
		sum.AddAttrs(slog.Int("dropped", ended))
		if err := s.h.Handle(ctx, sum); err != nil {
			return err
		}
	}
	if !pass {
		return nil
	}
	if dropped > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("dropped", dropped))
	}
	return s.h.Handle(ctx, r)
}

// admit counts a line of kind key: whether it passes and, if it does, how
// many lines of its kind were dropped since the last that passed. When the
// line starts a new interval, ended is how many lines of all kinds the
// intervals since the last summary dropped.
func (s *sampling) admit(key uint64, level slog.Level, msg string) (pass bool, dropped, ended int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The clock is read under the lock, so that intervals start in order.
	if now := s.opts.Now(); now.Sub(s.tick) >= s.opts.Interval {
		for k, n := range s.seen {
			if d := n.lines - s.opts.Burst; d > 0 {
				if s.dropped == nil {
					s.dropped = map[uint64]int{}
				}
				s.dropped[k] += d
				ended += d
			}
		}
		if len(s.dropped) > maxKinds {
			s.dropped = nil // a count per kind is not worth unbounded memory
		}
		s.tick, s.seen = now, map[uint64]*kind{}
	}
	n := s.seen[key]
	if n == nil {
		if len(s.seen) >= maxKinds {
			var h maphash.Hash
			h.SetSeed(s.seed)
			h.WriteString(level.String())
			h.WriteString(msg)
			key = h.Sum64()
			n = s.seen[key]
		}
		if n == nil {
			n = &kind{}
			s.seen[key] = n
		}
	}
	n.lines++
	if n.lines > s.opts.Burst {
		return false, 0, ended
	}
	d := s.dropped[key]
	delete(s.dropped, key)
	return true, d, ended
}

func (s *sampler) WithAttrs(attrs []slog.Attr) slog.Handler {
	p := s.prefix
	for _, a := range attrs {
		p += "\x00" + a.Key + "=" + a.Value.String()
	}
	return &sampler{h: s.h.WithAttrs(attrs), s: s.s, prefix: p}
}

func (s *sampler) WithGroup(name string) slog.Handler {
	return &sampler{h: s.h.WithGroup(name), s: s.s, prefix: s.prefix + "\x00" + name + "."}
}
