package idempotency

import (
	"crypto/sha256"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	spb "google.golang.org/genproto/googleapis/rpc/status"
)

// Defaults of a Store.
const (
	DefaultSize = 100_000
	DefaultTTL  = 24 * time.Hour
)

// Errors of Begin.
var (
	// ErrInProgress: a request with the key is being answered.
	ErrInProgress = errors.New("a request with this Idempotency-Key is in progress")
	// ErrMismatch: the key was sent with another request.
	ErrMismatch = errors.New("this Idempotency-Key was sent with another request")
)

// Outcome is how a write ended: its response or its error, with
// AuthRocket's status and request ID.
type Outcome struct {
	Response   []byte      // the response message, marshaled; nil with Status
	Status     *spb.Status // the error; nil on success
	HTTPStatus int         // AuthRocket's
	RequestID  string      // AuthRocket's
}

// Fingerprint is what tells two requests apart: a SHA-256 of them.
type Fingerprint [sha256.Size]byte

type entry struct {
	fp      Fingerprint
	outcome *Outcome // nil while in progress
}

// Keeper keeps outcomes by key: a Store, this process's own, or one that
// the gateway's replicas share (redisstate.Records).
type Keeper interface {
	Begin(key string, fp Fingerprint) (first *Outcome, finish func(*Outcome), err error)
}

// Store keeps outcomes by key. It is safe for concurrent use.
type Store struct {
	mu  sync.Mutex
	lru *expirable.LRU[string, *entry]
}

// New returns a Store of at most size keys, each kept for ttl.
func New(size int, ttl time.Duration) *Store {
	return &Store{lru: expirable.NewLRU[string, *entry](size, nil, ttl)}
}

// Begin claims key for the request of fingerprint fp. It returns the
// outcome of the request that claimed it first, once finished; or
// ErrInProgress, or ErrMismatch; or, for a new key, finish, which stores
// this request's outcome, or forgets the key when given nil (a request
// the gateway refused before AuthRocket saw it).
func (s *Store) Begin(key string, fp Fingerprint) (first *Outcome, finish func(*Outcome), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.lru.Get(key); ok {
		switch {
		case e.fp != fp:
			return nil, nil, ErrMismatch
		case e.outcome == nil:
			return nil, nil, ErrInProgress
		}
		return e.outcome, nil, nil
	}
	e := &entry{fp: fp}
	s.lru.Add(key, e)
	return nil, func(o *Outcome) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if o == nil {
			if cur, ok := s.lru.Peek(key); ok && cur == e {
				s.lru.Remove(key)
			}
			return
		}
		e.outcome = o
	}, nil
}
