// Package filewatch re-reads a file when it changes: the gateway's policy
// and its secret files, which operators replace without a restart.
//
// It watches the file's directory rather than the file, because the usual
// ways to replace a file do not write to it: an editor or `mv` puts a new
// file in its place, and Kubernetes swaps the symlink `..data` that a
// mounted ConfigMap's or Secret's files point through. An event for the
// file's name or for one of Kubernetes' `..` entries makes Watch read the
// file again (through its symlinks); events for the directory's other
// files (an audit log beside the policy) are ignored. A poll at a slow
// interval catches what a watch may miss (some network and overlay file
// systems).
//
// Only a stable change of content reaches the caller: content is applied
// once two reads, one settle interval apart with no event for the file in
// between, found the same, so a file written in place in several chunks is
// not applied half-written. (A writer that pauses for longer than that
// still can be caught mid-write: replacing the file by a rename never is.)
//
// The package knows nothing of what the file holds.
package filewatch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultPoll is how often Watch reads the file when no event came.
const DefaultPoll = 30 * time.Second

// settle is how long Watch waits after an event for the writes that
// usually follow it (an editor's truncate then write, Kubernetes' several
// renames) before it reads the file, and then again before it reads the
// file a second time to confirm a change. A writer may thus pause for
// almost twice as long without its half-written file being applied.
const settle = 500 * time.Millisecond

// Options tune Watch.
type Options struct {
	// Poll is how often the file is read when no event came. Default
	// DefaultPoll; negative turns polling off.
	Poll time.Duration
	// OnError is told of a file that cannot be read, of an apply that
	// failed, and of a watch that stopped. Default: ignore.
	OnError func(error)
}

// Watch reads the file at path and calls apply with its content. An error
// of either is Watch's, and nothing more happens. Otherwise, until ctx
// ends, a goroutine calls apply again each time the content differs from
// the content last applied and has stayed the same for one settle
// interval: apply must keep what is in force when it fails, and its error
// goes to Options.OnError.
func Watch(ctx context.Context, path string, apply func([]byte) error, opts Options) error {
	content, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := apply(content); err != nil {
		return err
	}
	if opts.Poll == 0 {
		opts.Poll = DefaultPoll
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("filewatch: %w", err)
	}
	if err := w.Add(filepath.Dir(path)); err != nil {
		_ = w.Close()
		return fmt.Errorf("filewatch: %w", err)
	}
	go run(ctx, w, path, content, apply, opts)
	return nil
}

func run(ctx context.Context, w *fsnotify.Watcher, path string, last []byte, apply func([]byte) error, opts Options) {
	defer w.Close()
	var poll <-chan time.Time
	if opts.Poll > 0 {
		t := time.NewTicker(opts.Poll)
		defer t.Stop()
		poll = t.C
	}
	settled := time.NewTimer(0)
	<-settled.C
	events, errs := w.Events, w.Errors
	// pending is changed content read once, to be applied if the next read,
	// one settle interval later, finds it again. While there is one, the
	// settle timer is running.
	var pending []byte
	hasPending := false
	// reread reads the file. confirm is true for a read at the end of a
	// settle interval, which may apply; a poll's read only notices a change.
	reread := func(confirm bool) {
		content, err := os.ReadFile(path)
		switch {
		case err != nil:
			// Mid-swap, or removed: keep what is in force.
			hasPending = false
			opts.OnError(fmt.Errorf("filewatch: %w", err))
		case bytes.Equal(content, last):
			hasPending = false
		case hasPending && bytes.Equal(content, pending):
			if !confirm {
				return // the settle timer confirms it
			}
			// Remembered even when apply refuses it, so that the same bad
			// content is reported once, not at every poll.
			last, hasPending = content, false
			if err := apply(content); err != nil {
				opts.OnError(err)
			}
		default:
			pending, hasPending = content, true
			settled.Reset(settle)
		}
	}
	name := filepath.Base(path)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				opts.OnError(fmt.Errorf("filewatch: watch of %s ended; polling every %v", path, opts.Poll))
				events = nil
				continue
			}
			if base := filepath.Base(ev.Name); base != name && !strings.HasPrefix(base, "..") {
				continue // another file of the directory
			}
			settled.Reset(settle)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			opts.OnError(fmt.Errorf("filewatch: %w", err))
		case <-settled.C:
			reread(true)
		case <-poll:
			reread(false)
		}
	}
}
