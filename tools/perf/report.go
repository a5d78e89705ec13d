package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authrocket-gateway/gateway/admin"
)

// machine is where the harness ran, and on what code.
type machine struct {
	NumCPU           int       `json:"nproc"`
	GOMAXPROCS       int       `json:"gomaxprocs"`        // of the harness
	ServerGOMAXPROCS []int     `json:"server_gomaxprocs"` // emulator, then proxy and gateway as started
	GoVersion        string    `json:"go_version"`
	Platform         string    `json:"platform"`
	CPU              string    `json:"cpu,omitempty"` // model name, from /proc/cpuinfo
	Git              string    `json:"git"`           // git describe --always --dirty --tags, or the build's revision
	Start            time.Time `json:"start"`
}

func newMachine(emulatorGOMAXPROCS int) machine {
	return machine{
		NumCPU:           runtime.NumCPU(),
		GOMAXPROCS:       runtime.GOMAXPROCS(0),
		ServerGOMAXPROCS: []int{emulatorGOMAXPROCS},
		GoVersion:        runtime.Version(),
		Platform:         runtime.GOOS + "/" + runtime.GOARCH,
		CPU:              cpuModel(),
		Git:              gitDescribe(),
		Start:            time.Now().UTC().Truncate(time.Second),
	}
}

func (m *machine) addServer(gomaxprocs int) {
	m.ServerGOMAXPROCS = append(m.ServerGOMAXPROCS, gomaxprocs)
}

// cpuModel is the first model name of /proc/cpuinfo, if there is one.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// gitDescribe names the code in the working directory, or else the code
// this binary was built from (admin.Version).
func gitDescribe() string {
	if out, err := exec.Command("git", "describe", "--always", "--dirty", "--tags").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return admin.Version()
}

// stat is a value over runs.
type stat struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func statOf(vs []float64) stat {
	slices.Sort(vs)
	m := vs[len(vs)/2]
	if len(vs)%2 == 0 {
		m = (vs[len(vs)/2-1] + m) / 2
	}
	return stat{Median: m, Min: vs[0], Max: vs[len(vs)-1]}
}

// row is a target at a number of callers, over its runs.
type row struct {
	Target              string `json:"target"`
	Callers             int    `json:"callers"`
	Runs                int    `json:"runs"`
	Errors              int    `json:"errors"`
	CallsPerSec         stat   `json:"calls_per_sec"`
	P50Micros           stat   `json:"p50_us"`
	P99Micros           stat   `json:"p99_us"`
	HopCPUMicrosPerCall *stat  `json:"hop_cpu_us_per_call,omitempty"`
	HopAllocsPerCall    *stat  `json:"hop_allocs_per_call,omitempty"`
}

// ratio is the gateway's CPU time per call over the proxy's, medians.
type ratio struct {
	Callers       int      `json:"callers"`
	RESTOverProxy *float64 `json:"rest_over_proxy,omitempty"`
	GRPCOverProxy *float64 `json:"grpc_over_proxy,omitempty"`
}

// report is the results: what the table shows, and the raw cells.
type report struct {
	Machine  machine  `json:"machine"`
	Settings settings `json:"settings"`
	Rows     []row    `json:"rows"`
	Ratios   []ratio  `json:"ratios,omitempty"`
	Notes    []string `json:"notes,omitempty"`
	Cells    []cell   `json:"cells"`
}

func newReport(s settings, m machine, cells []cell) *report {
	r := &report{Machine: m, Settings: s, Cells: cells}
	hopCPU := map[string]map[int]float64{}
	for _, name := range s.Targets {
		hopCPU[name] = map[int]float64{}
		for _, callers := range s.Callers {
			var cps, p50, p99, cpu, allocs []float64
			row := row{Target: name, Callers: callers}
			for _, c := range cells {
				if c.Target != name || c.Callers != callers {
					continue
				}
				row.Runs++
				row.Errors += c.Errors
				cps, p50, p99 = append(cps, c.CallsPerSec), append(p50, c.P50Micros), append(p99, c.P99Micros)
				if c.Hop != nil {
					cpu, allocs = append(cpu, c.Hop.CPUMicrosPerCall), append(allocs, c.Hop.AllocsPerCall)
				}
				// Every call is one API request at the emulator but
				// VerifyToken's, which the gateway answers from its cache.
				want := c.Calls
				if name == "verify" {
					want = 0
				}
				if c.UpstreamRequests != want {
					r.Notes = append(r.Notes, fmt.Sprintf("%s, %d callers, run %d: the emulator received %d API requests for %d calls (expected %d)",
						name, callers, c.Run, c.UpstreamRequests, c.Calls, want))
				}
			}
			if row.Runs == 0 {
				continue
			}
			row.CallsPerSec, row.P50Micros, row.P99Micros = statOf(cps), statOf(p50), statOf(p99)
			if len(cpu) > 0 {
				c, a := statOf(cpu), statOf(allocs)
				row.HopCPUMicrosPerCall, row.HopAllocsPerCall = &c, &a
				hopCPU[name][callers] = c.Median
			}
			r.Rows = append(r.Rows, row)
		}
	}
	for _, callers := range s.Callers {
		proxy, ok := hopCPU["proxy"][callers]
		if !ok || proxy <= 0 {
			continue
		}
		ra := ratio{Callers: callers}
		if v, ok := hopCPU["rest"][callers]; ok {
			v /= proxy
			ra.RESTOverProxy = &v
		}
		if v, ok := hopCPU["grpc"][callers]; ok {
			v /= proxy
			ra.GRPCOverProxy = &v
		}
		if ra.RESTOverProxy != nil || ra.GRPCOverProxy != nil {
			r.Ratios = append(r.Ratios, ra)
		}
	}
	return r
}

// write prints the report as Markdown.
func (r *report) write(w io.Writer) {
	s := r.Settings
	fmt.Fprintln(w, "| target | callers | calls/s | p50 ms | p99 ms | CPU µs/call | allocs/call | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, row := range r.Rows {
		cpu, allocs := "-", "-"
		if row.HopCPUMicrosPerCall != nil {
			cpu, allocs = r.value(*row.HopCPUMicrosPerCall, 1, num), r.value(*row.HopAllocsPerCall, 1, whole)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %d |\n", row.Target, row.Callers,
			r.value(row.CallsPerSec, 1, whole), r.value(row.P50Micros, 1e-3, num), r.value(row.P99Micros, 1e-3, num), cpu, allocs, row.Errors)
	}
	fmt.Fprintln(w)
	if s.Runs > 1 {
		fmt.Fprintf(w, "Each value is the median of %d runs, (min–max) after it. ", s.Runs)
	}
	fmt.Fprintln(w, "CPU (user+sys) and allocations are the hop's process's (the proxy's or the gateway's) over the timed window, per call; direct has no hop.")
	if len(r.Ratios) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "The gateway's CPU time per call over the proxy's (medians):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| callers | rest ÷ proxy | grpc ÷ proxy |")
		fmt.Fprintln(w, "|---:|---:|---:|")
		for _, ra := range r.Ratios {
			fmt.Fprintf(w, "| %d | %s | %s |\n", ra.Callers, times(ra.RESTOverProxy), times(ra.GRPCOverProxy))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nNote: %s.\n", n)
	}
	m := r.Machine
	gomaxprocs := strconv.Itoa(m.GOMAXPROCS)
	if slices.ContainsFunc(m.ServerGOMAXPROCS, func(n int) bool { return n != m.GOMAXPROCS }) {
		gomaxprocs += fmt.Sprintf(" (servers %v)", m.ServerGOMAXPROCS)
	}
	cpu := ""
	if m.CPU != "" {
		cpu = ", " + m.CPU
	}
	callers := make([]string, len(s.Callers))
	for i, c := range s.Callers {
		callers[i] = strconv.Itoa(c)
	}
	fmt.Fprintf(w, "\nMachine: nproc %d, GOMAXPROCS %s, %s %s%s; git %s; -c %s -d %v -runs %d -warmup %v, %s.\n",
		m.NumCPU, gomaxprocs, m.GoVersion, m.Platform, cpu, m.Git, strings.Join(callers, ","), s.Duration, s.Runs, s.Warmup, m.Start.Format(time.RFC3339))
}

// value formats v scaled by scale with f: the median, and the range when
// there were several runs.
func (r *report) value(v stat, scale float64, f func(float64) string) string {
	if r.Settings.Runs == 1 {
		return f(v.Median * scale)
	}
	return fmt.Sprintf("%s (%s–%s)", f(v.Median*scale), f(v.Min*scale), f(v.Max*scale))
}

// num formats v with about three significant digits.
func num(v float64) string {
	switch a := max(v, -v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

func whole(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func times(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 2, 64) + "×"
}
