// Package app turns flags and environment into a running gateway: it reads
// the configuration (env names as the official AuthRocket SDKs use them,
// gateway settings under the AUTHROCKET_GATEWAY_ prefix, flags override env),
// wires the AuthRocket adapter, the server and the listeners, runs `--dev`
// on an embedded emulator, and drains gracefully on SIGINT/SIGTERM.
//
// cmd/authrocket-gateway only calls Main.
package app
