// Package admin serves the operator's port, apart from the callers': the
// gateway's Prometheus metrics at /metrics and Go's profiles at
// /debug/pprof/. It never serves AuthRocket's API, and it needs no
// credential: bind it where only the operator's tools reach it.
package admin
