package audit

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authrocket-gateway/gateway/call"
)

// Defaults of Options.
const (
	DefaultFlushInterval = 100 * time.Millisecond
	DefaultMaxPending    = 4 << 20
)

// flushAt is how many pending bytes wake the writer before the interval
// ends; MaxPending/2 when that is less.
const flushAt = 64 << 10

// maxPooled is the largest encoding buffer kept for reuse.
const maxPooled = 64 << 10

// Options tune a Sink. The zero value gives the defaults.
type Options struct {
	// FlushInterval is how often pending records are written; 0 or less
	// means DefaultFlushInterval (100ms).
	FlushInterval time.Duration
	// MaxPending is how many bytes of records may wait to be written; a
	// record that would take them past it is dropped. 0 or less means
	// DefaultMaxPending (4 MiB). The batch being written is held besides,
	// so a Sink holds up to twice MaxPending.
	MaxPending int
	// Logger gets the drop and write-error warnings; nil means
	// slog.Default() at NewSink.
	Logger *slog.Logger
}

// Sink writes audit records to an io.Writer as JSON lines, buffered and
// bounded. It is safe for concurrent use. Write encodes on the caller's
// goroutine and queues the line; one goroutine writes the queue every
// FlushInterval, or sooner once 64 KiB (half of MaxPending, if less) wait;
// another logs drops and write errors. Close stops both.
type Sink struct {
	w        io.Writer
	interval time.Duration
	every    time.Duration // the least time between two warnings of a kind
	max      int
	flushAt  int
	log      *slog.Logger

	mu      sync.Mutex
	pending []byte // whole lines, at most max bytes
	closed  bool

	kick chan struct{} // wakes writeLoop; buffered, sent to without blocking
	stop chan struct{} // closed by Close
	wg   sync.WaitGroup
	once sync.Once

	dropped     atomic.Uint64
	writeErrors atomic.Uint64

	torn bool // a failed write left part of a line; owned by writeLoop

	errMu    sync.Mutex // guards the errors, and writeErrors' increments
	firstErr error
	lastErr  error
	lost     uint64 // lines in failed writes, in total

	// Owned by reportLoop, then by Close once it has stopped.
	lastDropLog, lastErrLog             time.Time
	loggedDrops, loggedErrs, loggedLost uint64
}

// NewSink returns a Sink writing to w (stdout, or a file opened for
// appending) and starts its goroutines; Close stops them. Only the Sink's
// writer goroutine calls w.Write.
func NewSink(w io.Writer, opts Options) *Sink {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = DefaultFlushInterval
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = DefaultMaxPending
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Sink{
		w:        w,
		interval: opts.FlushInterval,
		every:    max(opts.FlushInterval, time.Second),
		max:      opts.MaxPending,
		flushAt:  max(1, min(flushAt, opts.MaxPending/2)),
		log:      opts.Logger,
		kick:     make(chan struct{}, 1),
		stop:     make(chan struct{}),
	}
	size := min(2*s.flushAt, s.max)
	s.pending = make([]byte, 0, size)
	s.wg.Add(2)
	go s.writeLoop(make([]byte, 0, size))
	go s.reportLoop()
	return s
}

// bufPool holds encoding buffers (*[]byte, so Put does not allocate).
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// Write queues r's audit line. It does not wait for I/O: when the queue
// would pass MaxPending, or after Close, the record is dropped and
// counted (Dropped). r must not be nil; it is not kept.
func (s *Sink) Write(r *call.Record) {
	bp := bufPool.Get().(*[]byte)
	line := appendRecord((*bp)[:0], r)
	s.mu.Lock()
	if s.closed || len(s.pending)+len(line) > s.max {
		s.mu.Unlock()
		s.dropped.Add(1)
	} else {
		s.pending = append(s.pending, line...)
		full := len(s.pending) >= s.flushAt
		s.mu.Unlock()
		if full {
			s.signal()
		}
	}
	if cap(line) <= maxPooled {
		*bp = line
		bufPool.Put(bp)
	}
}

// Dropped is how many records Write has dropped.
func (s *Sink) Dropped() uint64 { return s.dropped.Load() }

// WriteErrors is how many writes to the writer have failed.
func (s *Sink) WriteErrors() uint64 { return s.writeErrors.Load() }

// Close writes what is pending, stops the Sink's goroutines and returns
// the first error the writer returned over the Sink's life, if any. It
// waits for the writer, however long it blocks. Every record a Write
// queued before Close is written (or lost with a failed write); Writes
// from then on are dropped. Close does not close the writer; it may be
// called more than once.
func (s *Sink) Close() error {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.stop)
		s.wg.Wait()
		s.report(time.Now(), true)
	})
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.firstErr
}

// signal wakes writeLoop unless it already has a wake-up waiting.
func (s *Sink) signal() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// writeLoop writes pending lines when signalled, and all of them once
// Close has stopped Writes. Writes fill spare while the pending buffer
// they filled before is being written.
func (s *Sink) writeLoop(spare []byte) {
	defer s.wg.Done()
	for {
		select {
		case <-s.kick:
			spare = s.flush(spare)
		case <-s.stop:
			s.flush(spare)
			return
		}
	}
}

// flush swaps the pending buffer for spare, writes it and returns it for
// the next swap.
func (s *Sink) flush(spare []byte) []byte {
	s.mu.Lock()
	if len(s.pending) == 0 {
		s.mu.Unlock()
		return spare
	}
	batch := s.pending
	s.pending = spare[:0]
	s.mu.Unlock()

	if s.torn {
		// End the piece of a line a failed write left, so that it does
		// not run into the next line.
		if _, err := s.w.Write([]byte{'\n'}); err != nil {
			s.failed(err, 0)
		} else {
			s.torn = false
		}
	}
	n, err := s.w.Write(batch)
	if err == nil && n < len(batch) {
		err = io.ErrShortWrite
	}
	if err != nil {
		n = min(max(n, 0), len(batch))
		s.torn = s.torn || n > 0 && batch[n-1] != '\n'
		// The lines from the first one not written in full are lost.
		s.failed(err, uint64(bytes.Count(batch[n:], []byte{'\n'})))
	}
	return batch[:0]
}

// failed counts a failed write that lost lost lines.
func (s *Sink) failed(err error, lost uint64) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.firstErr == nil {
		s.firstErr = err
	}
	s.lastErr = err
	s.lost += lost
	s.writeErrors.Add(1)
}

// reportLoop wakes writeLoop every interval and logs drops and write
// errors.
func (s *Sink) reportLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			s.signal()
			s.report(now, false)
		case <-s.stop:
			return
		}
	}
}

// report logs the drops and the write errors since its last line of each
// kind, at most once every s.every per kind unless final.
func (s *Sink) report(now time.Time, final bool) {
	ctx := context.Background()
	if d := s.dropped.Load(); d > s.loggedDrops && (final || now.Sub(s.lastDropLog) >= s.every) {
		s.log.LogAttrs(ctx, slog.LevelWarn, "audit records dropped",
			slog.Uint64("dropped", d-s.loggedDrops), slog.Uint64("total", d))
		s.loggedDrops, s.lastDropLog = d, now
	}
	s.errMu.Lock()
	e, err, lost := s.writeErrors.Load(), s.lastErr, s.lost
	s.errMu.Unlock()
	if e > s.loggedErrs && (final || now.Sub(s.lastErrLog) >= s.every) {
		s.log.LogAttrs(ctx, slog.LevelError, "audit log write failed",
			slog.String("error", err.Error()), slog.Uint64("failed", e-s.loggedErrs),
			slog.Uint64("total", e), slog.Uint64("lost", lost-s.loggedLost))
		s.loggedErrs, s.loggedLost, s.lastErrLog = e, lost, now
	}
}
