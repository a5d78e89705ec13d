// Package dev pins the developer tools that the Makefile runs (staticcheck,
// gotestsum, grpcurl) as `tool` lines of this separate module, so that their
// dependencies never enter the gateway's own go.mod. Run them with
// `go tool -modfile=tools/dev/go.mod NAME`.
package dev
