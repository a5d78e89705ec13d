// Package policy owns who may call the gateway and what each caller may do
// (deny by default; docs/operations.md tells operators how): the policy
// file, its validation, the callers' credentials and certificate
// identities, and per-caller rate limits.
//
// A policy is a YAML file that lists callers. Each caller has a name, the
// ways it proves who it is (the SHA-256 hashes of its bearer credentials,
// and the SPIFFE IDs or DNS names of its client certificates), the methods
// it may call (patterns over full method names such as
// "authrocket.v2.UsersService/Get*"), the realms it may work in (or "*" for
// all), and optionally a rate limit:
//
//	callers:
//	  - name: billing
//	    credentials: [sha256:4f0c…]            # authrocket-gateway credential new
//	    certificates: [spiffe://example.org/ns/billing/sa/api]
//	    methods: [authrocket.v2.UsersService/Get*, authrocket.v2.UsersService/List*]
//	    realms: [rl_0abc…]
//	    rate_limit: {per_second: 20, burst: 40}
//
// Everything not granted is denied. Parse refuses a policy with any
// mistake, naming each one by its place in the file; a method pattern must
// match at least one method the gateway serves, so a typo cannot quietly
// grant nothing (or everything). The file never holds a credential itself,
// and no error or log line repeats what a credential field held, nor,
// wherever it stands, a value that looks like a secret (redact.Contains):
// not even through a YAML error, which then says only where the mistakes
// are.
//
// A Store holds the policy in force, swaps it atomically when the file
// changes, and keeps each caller's rate limiter across reloads. The package
// knows nothing of gRPC or HTTP: the server asks it questions by name.
package policy
