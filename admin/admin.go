package admin

import (
	"net/http"
	"net/http/pprof"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// version and revision are set by a build that knows them, as the image's
// does from its VERSION and REVISION build arguments:
//
//	-ldflags "-X github.com/authrocket-gateway/gateway/admin.version=v1.2.3
//	          -X github.com/authrocket-gateway/gateway/admin.revision=<commit>"
//
// A docker build has no .git (.dockerignore), so Go's build information
// holds no revision there.
var version, revision string

// Version is the gateway's version: the one the build set, else the
// module version from the build information (a tag, or a pseudo-version),
// else the VCS revision (the build information's, else the one the build
// set) with "+dirty" for a build of modified sources, else "devel".
func Version() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	rev, dirty := buildRevision(info, ok)
	if rev == "" {
		return "devel"
	}
	return rev[:min(12, len(rev))] + dirty
}

// Revision is the VCS revision the gateway was built from: the build
// information's, else the one the build set; "" when unknown.
func Revision() string {
	info, ok := debug.ReadBuildInfo()
	rev, _ := buildRevision(info, ok)
	return rev
}

// Describe is the version as `authrocket-gateway version` prints it:
// Version, then the revision's first 12 digits when Version does not
// already show them.
func Describe() string {
	v, rev := Version(), Revision()
	if short := rev[:min(12, len(rev))]; short != "" && !strings.HasPrefix(v, short) {
		v += " (revision " + short + ")"
	}
	return v
}

// buildRevision is the VCS revision of the build information info (if
// ok), else the one the build set, and "+dirty" if the build information
// says the sources were modified.
func buildRevision(info *debug.BuildInfo, ok bool) (rev, dirty string) {
	if ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
	}
	if rev == "" {
		rev = revision
	}
	return rev, dirty
}

// NewRegistry returns the registry of the gateway's metrics, with Go's
// runtime and the process's own, and authrocket_gateway_build_info.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "authrocket_gateway_build_info",
		Help:        "The gateway's version: always 1.",
		ConstLabels: prometheus.Labels{"version": Version(), "goversion": runtime.Version()},
	})
	build.Set(1)
	reg.MustRegister(build)
	return reg
}

// Handler serves /metrics from reg and Go's profiles under /debug/pprof/.
func Handler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, EnableOpenMetrics: true}))
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}
