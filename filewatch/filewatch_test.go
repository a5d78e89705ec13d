package filewatch_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/filewatch"
)

// watch starts Watch on path and returns the contents it applies, one per
// apply, and the errors it reports. apply refuses content starting "bad".
func watch(t *testing.T, path string, opts filewatch.Options) (applied <-chan string, errs <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, e := make(chan string, 16), make(chan error, 16)
	opts.OnError = func(err error) { e <- err }
	err := filewatch.Watch(ctx, path, func(b []byte) error {
		if strings.HasPrefix(string(b), "bad") {
			return errors.New("refused " + string(b))
		}
		a <- string(b)
		return nil
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := <-a; got == "" {
		t.Fatal("first apply had no content")
	}
	return a, e
}

// next waits for the next applied content; a watch that never delivers
// fails the test after a generous bound rather than hanging.
func next(t *testing.T, applied <-chan string) string {
	t.Helper()
	select {
	case s := <-applied:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("no change was applied")
		return ""
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestWatchWriteInPlaceAndRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.yaml")
	write(t, path, "one")
	applied, errs := watch(t, path, filewatch.Options{Poll: -1})

	write(t, path, "two")
	if got := next(t, applied); got != "two" {
		t.Errorf("after a write: %q", got)
	}
	// An editor's or mv's replacement: a new file renamed over the old.
	write(t, filepath.Join(dir, ".policy.yaml.tmp"), "three")
	if err := os.Rename(filepath.Join(dir, ".policy.yaml.tmp"), path); err != nil {
		t.Fatal(err)
	}
	if got := next(t, applied); got != "three" {
		t.Errorf("after a rename: %q", got)
	}
	// The same content again, and other files of the directory, apply
	// nothing; the next real change does.
	write(t, path, "three")
	write(t, filepath.Join(dir, "other"), "x")
	write(t, path, "four")
	if got := next(t, applied); got != "four" {
		t.Errorf("after an unchanged write: %q, want four", got)
	}
	select {
	case err := <-errs:
		t.Errorf("unexpected error: %v", err)
	default:
	}
}

// TestWatchKubernetesSwap replays how the kubelet updates a mounted Secret:
// the file is a symlink through ..data, and ..data is swapped, atomically,
// to a new timestamped directory.
func TestWatchKubernetesSwap(t *testing.T) {
	dir := t.TempDir()
	version := func(name, content string) {
		if err := os.Mkdir(filepath.Join(dir, name), 0o700); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, name, "api-key"), content)
	}
	version("..2026_12_01_10_00_00.1", "ks_old")
	if err := os.Symlink("..2026_12_01_10_00_00.1", filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "api-key")
	if err := os.Symlink("..data/api-key", path); err != nil {
		t.Fatal(err)
	}
	applied, _ := watch(t, path, filewatch.Options{Poll: -1})

	version("..2026_12_01_10_05_00.2", "ks_new")
	if err := os.Symlink("..2026_12_01_10_05_00.2", filepath.Join(dir, "..data_tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "..2026_12_01_10_00_00.1")); err != nil {
		t.Fatal(err)
	}
	if got := next(t, applied); got != "ks_new" {
		t.Errorf("after the swap: %q", got)
	}
}

func TestWatchRefusedAndMissing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	write(t, path, "good")
	applied, errs := watch(t, path, filewatch.Options{Poll: -1})

	write(t, path, "bad one")
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), "refused bad one") {
			t.Errorf("error = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a refused change was not reported")
	}
	// A removed file is reported, and its return applies again.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("error = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a removed file was not reported")
	}
	write(t, path, "good again")
	if got := next(t, applied); got != "good again" {
		t.Errorf("after the file came back: %q", got)
	}
}

func TestWatchPoll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	write(t, path, "one")
	applied, _ := watch(t, path, filewatch.Options{Poll: 20 * time.Millisecond})
	// Changed behind the watch's back: through a second name of the same
	// file (a hard link in another directory) no event reaches dir.
	other := t.TempDir()
	link := filepath.Join(other, "f")
	if err := os.Link(path, link); err != nil {
		t.Skip("no hard links here:", err)
	}
	f, err := os.OpenFile(link, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("two"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := next(t, applied); got != "two" {
		t.Errorf("after a change no event announced: %q", got)
	}
}

func TestWatchFirstReadAndApply(t *testing.T) {
	dir := t.TempDir()
	err := filewatch.Watch(context.Background(), filepath.Join(dir, "missing"), func([]byte) error { return nil }, filewatch.Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	path := filepath.Join(dir, "f")
	write(t, path, "x")
	want := errors.New("refused")
	if err := filewatch.Watch(context.Background(), path, func([]byte) error { return want }, filewatch.Options{}); !errors.Is(err, want) {
		t.Errorf("refused first content: %v", err)
	}
}

// TestWatchHalfWrittenFile: a file rewritten in place in two chunks, 0.6 s
// apart, is applied once, complete, never half-written in between.
func TestWatchHalfWrittenFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.yaml")
	write(t, path, "one")
	applied, _ := watch(t, path, filewatch.Options{Poll: -1})

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("callers: [first half, "); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	if _, err := f.WriteString("second half]"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := next(t, applied); got != "callers: [first half, second half]" {
		t.Fatalf("applied %q, want the whole file", got)
	}
	select {
	case got := <-applied:
		t.Errorf("applied again: %q", got)
	case <-time.After(1500 * time.Millisecond):
	}
}

// TestWatchBusyNeighbour: a file of the same directory written all the
// time (an audit log) does not hold back a reload.
func TestWatchBusyNeighbour(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.yaml")
	write(t, path, "one")
	applied, _ := watch(t, path, filewatch.Options{Poll: -1})

	log, err := os.OpenFile(filepath.Join(dir, "audit.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				_, _ = log.WriteString(`{"decision":"allow"}` + "\n")
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done; log.Close() })
	time.Sleep(200 * time.Millisecond)

	write(t, path, "two")
	select {
	case got := <-applied:
		if got != "two" {
			t.Errorf("applied %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no reload within 5 s while another file of the directory was being written")
	}
}
