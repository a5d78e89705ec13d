package redisstate

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/authrocket-gateway/gateway/idempotency"
	"github.com/redis/go-redis/v9"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
)

// inProgressTTL is how long a record of a request still in progress lasts:
// longer than any call, so that a replica that dies mid-call frees the key
// soon; a finished record lasts the Records' ttl.
const inProgressTTL = 2 * time.Minute

// Records keeps the outcomes of writes by Idempotency-Key in Redis, for
// every replica: a retry that lands on another replica gets the first
// request's outcome. While Redis is down, local (this replica's own)
// takes the keys.
type Records struct {
	c     *Client
	local *idempotency.Store
	ttl   time.Duration
}

// Records returns the Client's idempotency records, kept for ttl, with
// local for when Redis is down.
func (c *Client) Records(local *idempotency.Store, ttl time.Duration) *Records {
	return &Records{c: c, local: local, ttl: ttl}
}

// Shared reports whether the records are Redis's now (a kept outcome then
// leaves this process).
func (r *Records) Shared() bool { return r.c.Up() }

// begin claims a key: when it is free, it records fp and owner and answers
// nothing; otherwise it answers the record's fp and outcome (empty while
// in progress).
var begin = redis.NewScript(`
local cur = redis.call('HMGET', KEYS[1], 'fp', 'outcome')
if cur[1] then return {cur[1], cur[2] or ''} end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'owner', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return false`)

// finish keeps the outcome of the owner's request (ARGV[2], for ARGV[3]
// ms), or deletes its record when there is none; a record that is no
// longer the owner's is left alone.
var finish = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'outcome', ARGV[2])
  redis.call('HDEL', KEYS[1], 'owner')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1`)

// record is an outcome as Redis keeps it.
type record struct {
	Response   []byte `json:"r,omitempty"`
	Status     []byte `json:"s,omitempty"` // a google.rpc.Status
	HTTPStatus int    `json:"h,omitempty"`
	RequestID  string `json:"i,omitempty"`
}

// Begin is idempotency.Store's Begin, across replicas.
func (r *Records) Begin(key string, fp idempotency.Fingerprint) (*idempotency.Outcome, func(*idempotency.Outcome), error) {
	ctx := context.Background()
	k := r.c.key("idempotency", hex.EncodeToString(hashKey(key)))
	var owner [16]byte
	_, _ = rand.Read(owner[:])
	var cur []any
	err := r.c.do(ctx, func(ctx context.Context) error {
		v, err := begin.Run(ctx, r.c.rdb, []string{k}, fp[:], owner[:], inProgressTTL.Milliseconds()).Result()
		if errors.Is(err, redis.Nil) {
			return nil // claimed
		}
		if err == nil {
			cur, _ = v.([]any)
		}
		return err
	})
	switch {
	case err != nil:
		return r.local.Begin(key, fp)
	case cur == nil:
		return nil, r.finisher(k, owner[:]), nil
	}
	if s, _ := cur[0].(string); s != string(fp[:]) {
		return nil, nil, idempotency.ErrMismatch
	}
	s, _ := cur[1].(string)
	if s == "" {
		return nil, nil, idempotency.ErrInProgress
	}
	var rec record
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		return nil, nil, fmt.Errorf("redisstate: an idempotency record: %w", err)
	}
	o := &idempotency.Outcome{Response: rec.Response, HTTPStatus: rec.HTTPStatus, RequestID: rec.RequestID}
	if rec.Status != nil {
		o.Status = &spb.Status{}
		if err := proto.Unmarshal(rec.Status, o.Status); err != nil {
			return nil, nil, fmt.Errorf("redisstate: an idempotency record: %w", err)
		}
	}
	return o, nil, nil
}

// finisher is the finish of the request that claimed k as owner.
func (r *Records) finisher(k string, owner []byte) func(*idempotency.Outcome) {
	return func(o *idempotency.Outcome) {
		var val []byte
		if o != nil {
			rec := record{Response: o.Response, HTTPStatus: o.HTTPStatus, RequestID: o.RequestID}
			if o.Status != nil {
				rec.Status, _ = proto.Marshal(o.Status)
			}
			val, _ = json.Marshal(rec)
		}
		// A failure leaves the record in progress until inProgressTTL:
		// the key is refused (IDEMPOTENCY_KEY_IN_USE) until then.
		_ = r.c.do(context.Background(), func(ctx context.Context) error {
			return finish.Run(ctx, r.c.rdb, []string{k}, owner, val, r.ttl.Milliseconds()).Err()
		})
	}
}

// hashKey is the Redis name of an idempotency key: a SHA-256, so that the
// caller's key (and the method and caller it holds) stays out of Redis.
func hashKey(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}
