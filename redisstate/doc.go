// Package redisstate keeps in Redis what the gateway's replicas must share:
// the callers' rate limits and AuthRocket's request budget (GCRA, through
// go-redis/redis_rate), and the outcomes of writes by Idempotency-Key.
//
// Redis is a help, never a dependency of a call: a command that fails
// marks Redis down, and while it is down every user of a Client falls back
// to state of its own replica (a limit divided by the replicas expected);
// a probe brings the shared state back once Redis answers again. Keys are
// namespaced ("authrocket-gateway:…") and expire. An idempotency record
// holds the request's fingerprint and its outcome, never the request.
package redisstate
