package idempotency

import (
	"errors"
	"testing"
	"time"
)

func TestStore(t *testing.T) {
	s := New(2, time.Hour)
	a, b := Fingerprint{1}, Fingerprint{2}
	_, finish, err := s.Begin("k1", a)
	if err != nil || finish == nil {
		t.Fatalf("a new key: %v", err)
	}
	if _, _, err := s.Begin("k1", a); !errors.Is(err, ErrInProgress) {
		t.Errorf("in progress: %v", err)
	}
	if _, _, err := s.Begin("k1", b); !errors.Is(err, ErrMismatch) {
		t.Errorf("another request: %v", err)
	}
	finish(&Outcome{Response: []byte("r"), HTTPStatus: 201})
	if first, f, err := s.Begin("k1", a); err != nil || f != nil || string(first.Response) != "r" || first.HTTPStatus != 201 {
		t.Errorf("a repeat: %v, %v", first, err)
	}
	// A request refused before AuthRocket saw it leaves no trace.
	_, finish, _ = s.Begin("k2", a)
	finish(nil)
	if _, f, err := s.Begin("k2", b); err != nil || f == nil {
		t.Errorf("a forgotten key: %v", err)
	}
	// Past its size the oldest key goes.
	_, f3, _ := s.Begin("k3", a)
	f3(&Outcome{})
	if _, f, err := s.Begin("k1", b); err != nil || f == nil {
		t.Errorf("k1 after two newer keys: %v, want it gone", err)
	}
}

func TestStoreTTL(t *testing.T) {
	s := New(10, 50*time.Millisecond)
	_, finish, _ := s.Begin("k", Fingerprint{1})
	finish(&Outcome{})
	time.Sleep(100 * time.Millisecond)
	if _, f, err := s.Begin("k", Fingerprint{2}); err != nil || f == nil {
		t.Errorf("an expired key: %v", err)
	}
}
