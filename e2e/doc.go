// Package e2e holds the end-to-end tests: the real authrocket-gateway and
// authrocket-emulator binaries, built once per run, serving on loopback,
// driven over real gRPC and HTTP connections by Go and by Node clients.
package e2e
