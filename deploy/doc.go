// Package deploy holds the gateway's operations kit: Prometheus rules
// (prometheus/alerts.yml, unit-tested by prometheus/alerts_test.yml with
// promtool) and a Grafana dashboard (grafana/authrocket-gateway.json).
// The Go side lists the metric names the gateway exports and finds the
// names a PromQL expression reads, so that the tests here (the kit reads
// only listed names) and in e2e (the gateway exports the listed names)
// break when a metric is renamed. docs/operations.md has the runbook.
package deploy
