package logintoken

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxJWKSBytes bounds a JWKS document.
const maxJWKSBytes = 1 << 20

// errUnknownKey: no key of any source fits the token.
var errUnknownKey = errors.New("no key is known for the token")

// jwksSource is LoginRocket's JWKS, cached by kid.
type jwksSource struct {
	url     string
	client  *http.Client
	maxAge  time.Duration
	limiter *rate.Limiter // fetches beyond the first

	mu      sync.Mutex // one fetch at a time; guards the fields below
	keys    map[string]*key
	fetched time.Time
}

// lookup returns the key of kid, fetching the JWKS if it has none yet, if
// kid is unknown or if the cached set is older than maxAge, as far as the
// rate limit allows. A fetch that fails keeps the cached set; with none,
// its error is lookup's. changed reports that the set was replaced.
func (s *jwksSource) lookup(ctx context.Context, kid string, now time.Time) (k *key, changed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k = s.keys[kid]
	stale := s.keys == nil || now.Sub(s.fetched) > s.maxAge
	if k != nil && !stale {
		return k, false, nil
	}
	if s.keys != nil && !s.limiter.AllowN(now, 1) {
		return k, false, nil
	}
	keys, ferr := s.fetch(ctx)
	if ferr != nil {
		if s.keys == nil {
			return nil, false, ferr
		}
		return k, false, nil // LoginRocket is down: the cached keys serve
	}
	s.keys, s.fetched = keys, now
	return keys[kid], true, nil
}

// ensure fetches the JWKS if none is cached or the cached one is older
// than maxAge (rate limit permitting); with no keys at all, a failed fetch
// is its error.
func (s *jwksSource) ensure(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil && (now.Sub(s.fetched) <= s.maxAge || !s.limiter.AllowN(now, 1)) {
		return nil
	}
	keys, err := s.fetch(ctx)
	if err != nil {
		if s.keys == nil {
			return err
		}
		return nil
	}
	s.keys, s.fetched = keys, now
	return nil
}

func (s *jwksSource) fetch(ctx context.Context) (map[string]*key, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("logintoken: fetching the JWKS: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxJWKSBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("logintoken: reading the JWKS: %w", err)
	case res.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("logintoken: the JWKS answered %s", res.Status)
	case len(body) > maxJWKSBytes:
		return nil, errors.New("logintoken: the JWKS is larger than 1 MiB")
	}
	return parseJWKS(body)
}

// cached returns the keys fetched so far.
func (s *jwksSource) cached() []*key {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*key, 0, len(s.keys))
	for _, k := range s.keys {
		out = append(out, k)
	}
	return out
}

// realmSource reads each realm's key through AuthRocket's API.
type realmSource struct {
	fetch   func(ctx context.Context, realm string) (string, error)
	limiter *rate.Limiter // fetches of all realms together
	maxAge  time.Duration // a key read longer ago is read again

	mu   sync.Mutex
	keys map[string]realmKey // by realm
}

type realmKey struct {
	*key
	read time.Time
}

// lookup returns realm's key, reading it when it is not cached, is older
// than maxAge, or when reread is set (a signature that did not match: the
// key may have been rotated), as far as the rate limit allows.
func (s *realmSource) lookup(ctx context.Context, realm string, reread bool, now time.Time) (k *key, changed bool, err error) {
	s.mu.Lock()
	rk := s.keys[realm]
	s.mu.Unlock()
	k = rk.key
	if k != nil && !reread && now.Sub(rk.read) <= s.maxAge {
		return k, false, nil
	}
	if !s.limiter.AllowN(now, 1) {
		return k, false, nil
	}
	raw, err := s.fetch(ctx, realm)
	if err != nil {
		return k, false, err
	}
	if raw == "" {
		return nil, false, nil // no such realm, or it has no key
	}
	nk, err := parseKey(raw)
	if err != nil {
		return nil, false, fmt.Errorf("logintoken: the key of realm %s: %w", realm, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	changed = s.keys[realm].key == nil || !sameKey(s.keys[realm].key, nk)
	s.keys[realm] = realmKey{nk, now}
	return nk, changed, nil
}

// cached returns the RSA keys read so far.
func (s *realmSource) cached() []*key {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*key
	for _, k := range s.keys {
		out = append(out, k.key)
	}
	return out
}

func sameKey(a, b *key) bool {
	switch {
	case a.alg != b.alg:
		return false
	case a.alg == algHS256:
		return string(a.hmac) == string(b.hmac)
	}
	return a.rsa.Equal(b.rsa)
}
