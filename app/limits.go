package app

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/server"
)

// limitFlag is the flag of one of server.Limits, over its environment
// variable.
type limitFlag struct {
	name, env, usage string
	value            flag.Value
}

type limitFlagSet []limitFlag

// limitFlags defines a flag for each of the limits l, with its default.
func limitFlags(fs *flag.FlagSet, l *server.Limits) limitFlagSet {
	d := server.DefaultLimits
	set := limitFlagSet{
		{"max-connections", EnvMaxConnections, fmt.Sprintf("at most `n` open connections per listener (gRPC, REST); one more is reset at once (default %d)", d.MaxConnections), &positiveInt{&l.MaxConnections}},
		{"max-in-flight", EnvMaxInFlight, fmt.Sprintf("at most `n` calls in progress on both transports; one more is refused with 503/UNAVAILABLE (default %d)", d.MaxInFlight), &positiveInt{&l.MaxInFlight}},
		{"max-in-flight-per-caller", EnvMaxInFlightCaller, "at most `n` calls in progress of one caller while fewer than a quarter of --max-in-flight are free; one more is refused with 429/RESOURCE_EXHAUSTED (default half of --max-in-flight)", &positiveInt{&l.MaxInFlightPerCaller}},
		{"max-streams", EnvMaxStreams, fmt.Sprintf("at most `n` concurrent streams per HTTP/2 connection (default %d)", d.MaxStreams), &positiveInt{&l.MaxStreams}},
		{"max-request-bytes", EnvMaxRequestBytes, fmt.Sprintf("largest request body or message, in `bytes` (default %d)", d.MaxRequestBytes), &positiveInt{&l.MaxRequestBytes}},
		{"max-header-bytes", EnvMaxHeaderBytes, fmt.Sprintf("largest request headers or metadata, in `bytes` (default %d)", d.MaxHeaderBytes), &positiveInt{&l.MaxHeaderBytes}},
		{"max-nesting", EnvMaxNesting, fmt.Sprintf("at most `n` levels of objects and arrays in a request, counted in its JSON form (default %d)", d.MaxNesting), &positiveInt{&l.MaxNesting}},
		{"header-timeout", EnvHeaderTimeout, fmt.Sprintf("`time` a new connection has for TLS and a request's headers (default %v)", d.HeaderTimeout), &positiveDuration{&l.HeaderTimeout}},
		{"body-timeout", EnvBodyTimeout, fmt.Sprintf("`time` an admitted call has to send its body or message (default %v)", d.BodyTimeout), &positiveDuration{&l.BodyTimeout}},
		{"idle-timeout", EnvIdleTimeout, fmt.Sprintf("close a connection without calls after this `time` (default %v)", d.IdleTimeout), &positiveDuration{&l.IdleTimeout}},
		{"max-connection-age", EnvMaxConnAge, fmt.Sprintf("send GOAWAY to a gRPC connection at this `age`, so callers spread over replicas (default %v)", d.MaxConnectionAge), &positiveDuration{&l.MaxConnectionAge}},
		{"keepalive-min-time", EnvKeepaliveMinTime, fmt.Sprintf("send GOAWAY to a gRPC client that pings more often than every `time` (default %v)", d.KeepaliveMinTime), &positiveDuration{&l.KeepaliveMinTime}},
		{"drain-timeout", EnvDrainTimeout, fmt.Sprintf("`time` calls in progress have to finish when their connection or the gateway closes (default %v)", d.DrainTimeout), &positiveDuration{&l.DrainTimeout}},
	}
	return set.define(fs)
}

// Upstream bounds the calls to AuthRocket.
type Upstream struct {
	// Deadline of a call that sets none, MaxDeadline of any, and
	// AttemptTimeout of one attempt of a call that may be sent again.
	Deadline, MaxDeadline, AttemptTimeout time.Duration
	// BreakerFailures failed attempts in a row open the circuit breaker
	// for BreakerOpen.
	BreakerFailures int
	BreakerOpen     time.Duration
	// Concurrency requests in flight (and pooled connections), a queue
	// wait of QueueWait, and a budget of Rate requests a second.
	Concurrency int
	QueueWait   time.Duration
	Rate        int
}

// upstreamFlags defines a flag for each bound of u, with its default.
func upstreamFlags(fs *flag.FlagSet, u *Upstream) limitFlagSet {
	set := limitFlagSet{
		{"default-deadline", EnvDefaultDeadline, fmt.Sprintf("`time` a call that sets no deadline gets (default %v)", authrocket.DefaultDeadline), &positiveDuration{&u.Deadline}},
		{"max-deadline", EnvMaxDeadline, fmt.Sprintf("the longest `time` any call gets, whatever its deadline (default %v)", authrocket.DefaultMaxDeadline), &positiveDuration{&u.MaxDeadline}},
		{"attempt-timeout", EnvAttemptTimeout, fmt.Sprintf("`time` one attempt of a read gets before it is sent again (default %v)", authrocket.DefaultAttemptTimeout), &positiveDuration{&u.AttemptTimeout}},
		{"breaker-failures", EnvBreakerFailures, fmt.Sprintf("open the circuit to AuthRocket after `n` failed attempts in a row (default %d)", authrocket.DefaultBreakerFailures), &positiveInt{&u.BreakerFailures}},
		{"upstream-concurrency", EnvUpstreamConcurrency, fmt.Sprintf("at most `n` requests to AuthRocket in flight, and pooled connections; an equal share for each caller while they are scarce (default %d)", authrocket.DefaultConcurrency), &positiveInt{&u.Concurrency}},
		{"upstream-queue-wait", EnvUpstreamQueueWait, fmt.Sprintf("the longest `time` a call waits for a request slot or the budget before 503/UNAVAILABLE (default %v)", authrocket.DefaultQueueWait), &positiveDuration{&u.QueueWait}},
		{"upstream-rate", EnvUpstreamRate, fmt.Sprintf("at most `n` requests a second to AuthRocket, all callers together: keep it below the account's rate limit (default %d)", authrocket.DefaultRate), &positiveInt{&u.Rate}},
		{"breaker-open", EnvBreakerOpen, fmt.Sprintf("`time` the open circuit refuses calls before one probe (default %v)", authrocket.DefaultBreakerOpen), &positiveDuration{&u.BreakerOpen}},
	}
	return set.define(fs)
}

// define defines the flags of set in fs.
func (set limitFlagSet) define(fs *flag.FlagSet) limitFlagSet {
	for _, f := range set {
		fs.Var(f.value, f.name, f.usage+" [$"+f.env+"]")
	}
	return set
}

// fromEnv sets each limit not given as a flag from its environment
// variable, if set.
func (set limitFlagSet) fromEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, f := range set {
		if v := getenv(f.env); v != "" && !given[f.name] {
			if err := f.value.Set(v); err != nil {
				return fmt.Errorf("--%s / %s: %w", f.name, f.env, err)
			}
		}
	}
	return nil
}

// positiveInt is a flag.Value of an int above 0.
type positiveInt struct{ v *int }

func (p *positiveInt) String() string {
	if p.v == nil || *p.v == 0 {
		return ""
	}
	return strconv.Itoa(*p.v)
}

func (p *positiveInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q: want a positive whole number", s)
	}
	*p.v = n
	return nil
}

// positiveDuration is a flag.Value of a duration above 0, such as 10s.
type positiveDuration struct{ v *time.Duration }

func (p *positiveDuration) String() string {
	if p.v == nil || *p.v == 0 {
		return ""
	}
	return p.v.String()
}

func (p *positiveDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q: want a positive duration such as 10s", s)
	}
	*p.v = d
	return nil
}
