package deploy

import (
	_ "embed"
	"strings"
)

// Alerts is prometheus/alerts.yml; Dashboard is grafana/authrocket-gateway.json.
var (
	//go:embed prometheus/alerts.yml
	Alerts []byte
	//go:embed grafana/authrocket-gateway.json
	Dashboard []byte
)

// Metrics are the series names the gateway exports on its admin port's
// /metrics that the kit may read: the observability spec's list (issue
// 16), histograms with their _bucket, _sum and _count, and the Go and
// process collectors' names the dashboard shows.
var Metrics = []string{
	// Calls (package server).
	"grpc_server_started_total",
	"grpc_server_handled_total",
	"grpc_server_handling_seconds_bucket",
	"grpc_server_handling_seconds_sum",
	"grpc_server_handling_seconds_count",
	"grpc_server_msg_received_total",
	"grpc_server_msg_sent_total",
	"authrocket_gateway_refusals_total",
	"authrocket_gateway_auth_failures_total",
	"authrocket_gateway_in_flight_calls",
	"authrocket_gateway_in_flight_limit",
	"authrocket_gateway_build_info",
	// Upstream (package authrocket).
	"authrocket_gateway_upstream_requests_total",
	"authrocket_gateway_upstream_request_duration_seconds_bucket",
	"authrocket_gateway_upstream_request_duration_seconds_sum",
	"authrocket_gateway_upstream_request_duration_seconds_count",
	"authrocket_gateway_upstream_retries_total",
	"authrocket_gateway_upstream_not_sent_total",
	"authrocket_gateway_upstream_circuit_state",
	"authrocket_gateway_upstream_budget_rate",
	"authrocket_gateway_upstream_budget_tokens",
	"authrocket_gateway_upstream_in_flight",
	"authrocket_gateway_upstream_concurrency_limit",
	"authrocket_gateway_upstream_queued",
	"authrocket_gateway_upstream_queue_limit",
	"authrocket_gateway_upstream_retry_tokens",
	// Login tokens (package logintoken).
	"authrocket_gateway_token_verifications_total",
	"authrocket_gateway_token_key_lookups_total",
	"authrocket_gateway_token_cache_lookups_total",
	// Go and process collectors.
	"go_goroutines",
	"go_memstats_heap_inuse_bytes",
	"process_resident_memory_bytes",
	"process_cpu_seconds_total",
	"process_open_fds",
	"process_max_fds",
}

// RedisMetrics are the series the gateway exports only with --redis-url.
var RedisMetrics = []string{
	"authrocket_gateway_redis_up",
}

// notNames are PromQL's keywords, aggregation operators and literals: an
// identifier among them is never a metric name. (A function name is
// followed by "(", which tells it apart.)
var notNames = map[string]bool{
	"and": true, "or": true, "unless": true, "bool": true, "offset": true, "atan2": true,
	"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
	"sum": true, "min": true, "max": true, "avg": true, "group": true, "stddev": true, "stdvar": true,
	"count": true, "count_values": true, "bottomk": true, "topk": true, "quantile": true,
	"inf": true, "nan": true,
}

// labelLists are the keywords followed by a list of label names.
var labelLists = map[string]bool{
	"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
}

// MetricNames returns the metric names expr reads, in order of appearance,
// each once. It is a lexer, not a parser: strings, label matchers ({…}),
// ranges ([…]), label lists (by (…), on (…), …), numbers, durations,
// keywords and function names are skipped; every other identifier is a
// metric name. Grafana's variables ($job, $__rate_interval) are skipped.
func MetricNames(expr string) []string {
	var names []string
	seen := map[string]bool{}
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			i = skipString(expr, i)
		case c == '{':
			i = skipTo(expr, i, '}')
		case c == '[':
			i = skipTo(expr, i, ']')
		case c == '$':
			i++
			for i < len(expr) && isIdent(expr[i], true) {
				i++
			}
		case c >= '0' && c <= '9' || c == '.':
			for i < len(expr) && (isIdent(expr[i], true) || expr[i] == '.') {
				i++
			}
		case isIdent(c, false):
			start := i
			for i < len(expr) && isIdent(expr[i], true) {
				i++
			}
			word := expr[start:i]
			next := i
			for next < len(expr) && (expr[next] == ' ' || expr[next] == '\t' || expr[next] == '\n') {
				next++
			}
			paren := next < len(expr) && expr[next] == '('
			switch {
			case labelLists[strings.ToLower(word)] && paren:
				i = skipTo(expr, next, ')')
			case notNames[strings.ToLower(word)] || paren:
			case !seen[word]:
				seen[word] = true
				names = append(names, word)
			}
		default:
			i++
		}
	}
	return names
}

// isIdent reports whether c may stand in a metric name (first: at its start).
func isIdent(c byte, inside bool) bool {
	return c == '_' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || inside && c >= '0' && c <= '9'
}

// skipString returns the index after the string literal that starts at i.
func skipString(s string, i int) int {
	quote := s[i]
	for i++; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quote != '`':
			i++
		case s[i] == quote:
			return i + 1
		}
	}
	return i
}

// skipTo returns the index after the first end at or after i that is not
// inside a string literal.
func skipTo(s string, i int, end byte) int {
	for i++; i < len(s); {
		switch {
		case s[i] == '"' || s[i] == '\'' || s[i] == '`':
			i = skipString(s, i)
		case s[i] == end:
			return i + 1
		default:
			i++
		}
	}
	return i
}
