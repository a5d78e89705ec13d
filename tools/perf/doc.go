// Command perf measures, on loopback and for the same call, what each hop in
// front of AuthRocket costs, side by side in one run:
//
//   - direct: GET /v2/users/{id} straight to the emulator, with the
//     Authrocket-Api-Key and Authrocket-Realm headers the SDKs send;
//   - proxy: the same request through a bare net/http/httputil.ReverseProxy
//     that injects those headers (the floor of any Go hop);
//   - rest: the gateway's REST facade, GET /v2/users/{id} with the caller's
//     "Authorization: Bearer" credential;
//   - grpc: the gateway's authrocket.v2.UsersService/GetUser;
//   - verify: the gateway's authrocket.gateway.v1.TokensService/VerifyToken
//     with a valid token it has cached (no call reaches the emulator).
//
// Usage:
//
//	go run ./tools/perf [-c 1,16,128] [-d 10s] [-runs 2] [-warmup 1s] [-targets LIST] [-json FILE]
//
// The emulator, the proxy and the gateway each run in a process of their
// own: this binary started again with a hidden role argument (serve-emulator,
// serve-proxy, serve-gateway). The gateway's process runs app.Run with a
// Config from app.ParseConfig, a policy file the harness writes, its log at
// info level and its audit records in files of a temporary directory. The
// load comes from this process: one HTTP client with keep-alive for the HTTP
// targets (a connection per caller) and one gRPC ClientConn, shared by grpc
// and verify (one HTTP/2 connection, a stream per call).
//
// Each cell (target × callers) runs a warm-up, then a timed window: every
// caller starts calls until the duration is over, and the window ends when
// the last call has returned. Around the window the harness asks the hop's
// process, over a pipe, for its CPU time (getrusage RUSAGE_SELF, user+sys,
// all threads) and runtime.MemStats.Mallocs; their deltas over the calls of
// the window are the CPU time and allocations per call. They include what
// the process does besides the calls while the window lasts (GC, timers, the
// policy file's watch), which the warm-up makes steady. Runs are interleaved
// (run 1 of every cell, then run 2, targets in a rotating order) so that
// drift in the machine hits every target alike.
//
// It prints a Markdown table, the median over runs and (min–max), then the
// gateway's CPU per call over the proxy's, and the machine it ran on. Any
// failed call is printed and makes the exit status 1. make perf runs it with
// the defaults.
package main
