package logintoken

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"
)

// maxJWKSBytes bounds a JWKS document.
const maxJWKSBytes = 1 << 20

// maxRealms bounds how many realms' keys (and absences) are remembered.
const maxRealms = 10000

// errUnknownKey: no key of any source fits the token.
var errUnknownKey = errors.New("no key is known for the token")

// errNotNow: a key had to be fetched, but a fetch failed or was refused
// too recently to try again; the Verifier cannot tell.
var errNotNow = errors.New("logintoken: the keys could not be fetched just now; try again")

// The rules both sources follow:
//   - a fetch is made at most once per KeyRefreshInterval (one at a time,
//     single-flight), for a kid or realm not known, for a signature that
//     does not match a realm's key (it may have been rotated), and for
//     knowledge older than KeyMaxAge; so a flood of made-up tokens makes at
//     most one fetch per interval;
//   - between fetches, a realm without a key and a signature that does not
//     match a realm key read less than an interval ago are answered from
//     what was read; an unknown kid is errNotNow (a key rotated in a moment
//     ago must not be refused);
//   - after a failed fetch none is tried for KeyRefreshInterval; cached
//     keys go on serving, and a token that needs a fetch gets errNotNow.

// jwksSource is LoginRocket's JWKS, cached by kid.
type jwksSource struct {
	url    string
	client *http.Client
	maxAge time.Duration

	snap   atomic.Pointer[jwksSnapshot]
	failed atomic.Pointer[time.Time] // the last failed fetch
	group  singleflight.Group
}

// jwksSnapshot is one fetched JWKS.
type jwksSnapshot struct {
	keys map[string]*key
	read time.Time
}

// lookup returns the key of kid, fetching the JWKS when none is cached,
// when kid is unknown (at most once per KeyRefreshInterval), or when the
// set is older than maxAge. An unknown kid that cannot be fetched for now
// is errNotNow, never "no such key": it may be a key rotated in a moment
// ago. changed reports that a key the Verifier may have trusted was
// removed or replaced; res is the outcome for the metrics.
func (s *jwksSource) lookup(ctx context.Context, kid string, now time.Time) (k *key, changed bool, res lookupResult, err error) {
	snap := s.snap.Load()
	if snap != nil {
		if k = snap.keys[kid]; k != nil && now.Sub(snap.read) <= s.maxAge {
			return k, false, lookupHit, nil
		}
	}
	recent := func(t time.Time) bool { return now.Sub(t) < KeyRefreshInterval }
	if f := s.failed.Load(); (f != nil && recent(*f)) || (snap != nil && recent(snap.read)) {
		if k != nil {
			return k, false, lookupHit, nil // stale, but LoginRocket was asked just now
		}
		return nil, false, lookupError, errNotNow
	}
	v, err, _ := s.group.Do("jwks", func() (any, error) {
		// Shared by every caller waiting: not cut short by the first one's
		// cancellation.
		keys, err := s.fetch(context.WithoutCancel(ctx))
		if err != nil {
			s.failed.Store(&now)
			return nil, err
		}
		next := &jwksSnapshot{keys: keys, read: now}
		old := s.snap.Swap(next)
		return old != nil && !contains(keys, old.keys), nil
	})
	if err != nil {
		if k != nil {
			return k, false, lookupError, nil // LoginRocket is down: the cached key serves
		}
		return nil, false, lookupError, err
	}
	k = s.snap.Load().keys[kid]
	if k == nil {
		return nil, v.(bool), lookupMiss, nil
	}
	return k, v.(bool), lookupRefresh, nil
}

// ensure fetches the JWKS if none is cached, or the cached one is older
// than maxAge (for serving it).
func (s *jwksSource) ensure(ctx context.Context, now time.Time) error {
	if snap := s.snap.Load(); snap != nil && now.Sub(snap.read) <= s.maxAge {
		return nil
	}
	_, _, _, err := s.lookup(ctx, "", now)
	if err != nil && s.snap.Load() == nil {
		return err
	}
	return nil
}

// contains reports whether every key of old is in keys, unchanged.
func contains(keys, old map[string]*key) bool {
	for kid, k := range old {
		if n := keys[kid]; n == nil || !sameKey(n, k) {
			return false
		}
	}
	return true
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
	snap := s.snap.Load()
	if snap == nil {
		return nil
	}
	out := make([]*key, 0, len(snap.keys))
	for _, k := range snap.keys {
		out = append(out, k)
	}
	return out
}

// realmSource reads each realm's keys through AuthRocket's API: its
// jwt_key and, when byKid is set, its JWT keys by kid.
type realmSource struct {
	fetch  func(ctx context.Context, realm string) (string, error)
	byKid  func(ctx context.Context, realm string) (map[string]string, error)
	maxAge time.Duration
	// firstReads bounds reads of realms not seen before, all together: a
	// caller allowed every realm cannot make the gateway read made-up
	// realms without end.
	firstReads *rate.Limiter
	group      singleflight.Group

	mu     sync.Mutex
	realms map[string]*realmState
}

// realmState is what was last learnt of a realm's keys.
type realmState struct {
	key    *key            // nil: AuthRocket has no such realm (or it has no key)
	kids   map[string]*key // the realm's JWT keys by kid (with byKid)
	read   time.Time
	failed time.Time // the last failed read
}

// pick is the key of a token with kid: the JWT key of that kid, else the
// realm's jwt_key.
func (st *realmState) pick(kid string) *key {
	if k := st.kids[kid]; kid != "" && k != nil {
		return k
	}
	return st.key
}

// knows reports whether kid is no reason to read the realm again: it is
// one of the realm's JWT keys, or there is no kid to look for.
func (s *realmSource) knows(st *realmState, kid string) bool {
	return kid == "" || s.byKid == nil || st.kids[kid] != nil
}

// lookup returns the key of realm's token with kid ("" for none): the
// realm's JWT key of that kid, else its jwt_key. It reads the realm when
// it was never read, when reread is set (a signature that did not match:
// the key may have been rotated) or kid is not among its keys and the
// last read is older than KeyRefreshInterval, or when the keys are older
// than maxAge. A nil key with no error: AuthRocket has no key for the
// realm. res is the outcome for the metrics.
func (s *realmSource) lookup(ctx context.Context, realm, kid string, reread bool, now time.Time) (k *key, changed bool, res lookupResult, err error) {
	st, changed, res, err := s.state(ctx, realm, kid, reread, now)
	if st == nil || err != nil {
		return nil, changed, res, err
	}
	if k = st.pick(kid); k == nil {
		return nil, changed, lookupMiss, nil
	}
	return k, changed, res, nil
}

// state returns what is known of realm's keys, read as lookup says; nil
// with no error: AuthRocket has no keys for the realm.
func (s *realmSource) state(ctx context.Context, realm, kid string, reread bool, now time.Time) (st *realmState, changed bool, res lookupResult, err error) {
	s.mu.Lock()
	st = s.realms[realm]
	s.mu.Unlock()
	if st != nil {
		age := now.Sub(st.read)
		has := st.key != nil || len(st.kids) > 0
		if !st.read.IsZero() && age <= s.maxAge && (age < KeyRefreshInterval || (!reread && has && s.knows(st, kid))) {
			if !has {
				return nil, false, lookupMiss, nil
			}
			return st, false, lookupHit, nil
		}
		if now.Sub(st.failed) < KeyRefreshInterval {
			if has {
				return st, false, lookupHit, nil
			}
			return nil, false, lookupError, errNotNow
		}
	} else if !s.firstReads.AllowN(now, 1) {
		return nil, false, lookupError, errNotNow
	}
	v, err, _ := s.group.Do(realm, func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		raw, err := s.fetch(fctx, realm)
		var nk *key
		if err == nil && raw != "" {
			if nk, err = parseKey(raw); err != nil {
				err = fmt.Errorf("logintoken: the key of realm %s: %w", realm, err)
			}
		}
		var kids map[string]*key
		if err == nil && s.byKid != nil {
			var raws map[string]string
			if raws, err = s.byKid(fctx, realm); err == nil {
				kids = map[string]*key{}
				for id, r := range raws {
					// A key the gateway cannot read (another algorithm
					// one day) verifies nothing: left out.
					if k, perr := parseKey(r); perr == nil {
						k.kid = id
						kids[id] = k
					}
				}
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		prev := s.realms[realm]
		next := &realmState{}
		if prev != nil {
			*next = *prev
		}
		if err != nil {
			next.failed = now
			s.store(realm, next)
			return nil, err
		}
		next.key, next.kids, next.read = nk, kids, now
		s.store(realm, next)
		return prev != nil && (prev.key != nil && (nk == nil || !sameKey(prev.key, nk)) || !contains(kids, prev.kids)), nil
	})
	if err != nil {
		if st != nil && (st.key != nil || len(st.kids) > 0) {
			return st, false, lookupError, nil // AuthRocket failed: the keys read before serve
		}
		return nil, false, lookupError, err
	}
	s.mu.Lock()
	st = s.realms[realm]
	s.mu.Unlock()
	if st.key == nil && len(st.kids) == 0 {
		return nil, v.(bool), lookupMiss, nil
	}
	return st, v.(bool), lookupRefresh, nil
}

// store records st for realm; the caller holds s.mu. Past maxRealms,
// realms known to have no key are forgotten first.
func (s *realmSource) store(realm string, st *realmState) {
	if _, ok := s.realms[realm]; !ok && len(s.realms) >= maxRealms {
		for r, old := range s.realms {
			if old.key == nil {
				delete(s.realms, r)
			}
		}
		if len(s.realms) >= maxRealms {
			for r := range s.realms {
				delete(s.realms, r)
				break
			}
		}
	}
	s.realms[realm] = st
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
