package deploy

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestMetricNames(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{`up`, []string{"up"}},
		{`sum by (job, le) (rate(a_bucket{job=~"$job", le!="x{y}"}[$__rate_interval]))`, []string{"a_bucket"}},
		{`a / on (job) group_left (version) b offset 10m > bool 0.5e3`, []string{"a", "b"}},
		{`job:rec:rate5m > 0.05 and on(job) max without(instance) (c) or d unless e`, []string{"job:rec:rate5m", "c", "d", "e"}},
		{`histogram_quantile(0.99, sum(rate(f[5m:1m])) by (le)) + count_values("v", g) - topk(3, h)`, []string{"f", "g", "h"}},
		{`i{__name__!="j", k='l\'m'} * Inf + NaN + i`, []string{"i"}},
	} {
		if got := MetricNames(tc.expr); !slices.Equal(got, tc.want) {
			t.Errorf("MetricNames(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

// ruleFile is the part of a Prometheus rule file the tests read.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Record      string            `yaml:"record"`
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func known() map[string]bool {
	m := map[string]bool{}
	for _, n := range append(Metrics, RedisMetrics...) {
		m[n] = true
	}
	return m
}

// TestAlerts: every rule reads only listed metrics or rules recorded
// before it; every alert has a severity, a summary, a description, a
// runbook section in docs/operations.md, and promtool tests in
// alerts_test.yml that see it fire and see it quiet.
func TestAlerts(t *testing.T) {
	var rules ruleFile
	if err := yaml.Unmarshal(Alerts, &rules); err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("prometheus/alerts_test.yml")
	if err != nil {
		t.Fatal(err)
	}
	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string           `yaml:"alertname"`
				ExpAlerts []map[string]any `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
		} `yaml:"tests"`
	}
	if err := yaml.Unmarshal(raw, &tests); err != nil {
		t.Fatal(err)
	}
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range tests.Tests {
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			} else {
				quiet[a.Alertname] = true
			}
		}
	}
	names := known()
	alerts := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			what := r.Record + r.Alert
			for _, n := range MetricNames(r.Expr) {
				if !names[n] {
					t.Errorf("%s reads %s: neither a metric of the gateway (deploy.Metrics) nor a rule recorded before it", what, n)
				}
			}
			if r.Record != "" {
				names[r.Record] = true
				continue
			}
			alerts++
			if s := r.Labels["severity"]; s != "critical" && s != "warning" {
				t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
			}
			for _, a := range []string{"summary", "description", "runbook"} {
				if strings.TrimSpace(r.Annotations[a]) == "" {
					t.Errorf("%s: no %s annotation", r.Alert, a)
				}
			}
			if want := `docs/operations.md, "Alerts and runbook", ` + r.Alert; r.Annotations["runbook"] != want {
				t.Errorf("%s: runbook %q, want %q", r.Alert, r.Annotations["runbook"], want)
			}
			if !regexp.MustCompile(`(?m)^### ` + regexp.QuoteMeta(r.Alert) + `$`).Match(docs) {
				t.Errorf("%s: docs/operations.md has no section ### %s", r.Alert, r.Alert)
			}
			if !fires[r.Alert] || !quiet[r.Alert] {
				t.Errorf("%s: alerts_test.yml sees it fire: %v, quiet: %v; want both", r.Alert, fires[r.Alert], quiet[r.Alert])
			}
		}
	}
	if alerts < 7 {
		t.Errorf("%d alerts, want at least 7", alerts)
	}
}

// dashboard is the part of the Grafana dashboard the tests read.
type dashboard struct {
	UID        string `json:"uid"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
	Panels []struct {
		ID         int    `json:"id"`
		Type       string `json:"type"`
		Title      string `json:"title"`
		Datasource struct {
			UID string `json:"uid"`
		} `json:"datasource"`
		GridPos struct{ X, Y, W, H int } `json:"gridPos"`
		Targets []struct {
			Expr       string `json:"expr"`
			Datasource struct {
				UID string `json:"uid"`
			} `json:"datasource"`
		} `json:"targets"`
	} `json:"panels"`
}

// TestDashboard: the dashboard is valid JSON with the datasource, job and
// instance variables; every panel queries the chosen datasource; every
// expression reads only listed metrics, each selector narrowed to the
// chosen job and instances; and every listed metric is shown or alerted on.
func TestDashboard(t *testing.T) {
	var d dashboard
	if err := json.Unmarshal(Dashboard, &d); err != nil {
		t.Fatal(err)
	}
	if d.UID == "" {
		t.Error("no uid: a re-import would make a second dashboard")
	}
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
	}
	if vars["datasource"] != "datasource" || vars["job"] != "query" || vars["instance"] != "query" {
		t.Errorf("template variables %v, want datasource (datasource), job and instance (query)", vars)
	}
	names := known()
	used := map[string]bool{}
	ids := map[int]bool{}
	panels := 0
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel %q: id %d repeats", p.Title, p.ID)
		}
		ids[p.ID] = true
		if p.GridPos.W < 1 || p.GridPos.X+p.GridPos.W > 24 || p.GridPos.H < 1 {
			t.Errorf("panel %q: gridPos %+v outside the 24 columns", p.Title, p.GridPos)
		}
		if p.Type == "row" {
			continue
		}
		panels++
		if p.Title == "" || len(p.Targets) == 0 || p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q (id %d): %d targets, datasource %q; want a title, targets, ${datasource}", p.Title, p.ID, len(p.Targets), p.Datasource.UID)
		}
		for _, tg := range p.Targets {
			if tg.Datasource.UID != "${datasource}" {
				t.Errorf("panel %q: a target's datasource %q", p.Title, tg.Datasource.UID)
			}
			found := MetricNames(tg.Expr)
			if len(found) == 0 {
				t.Errorf("panel %q: %q reads no metric", p.Title, tg.Expr)
			}
			for _, n := range found {
				used[n] = true
				if !names[n] {
					t.Errorf("panel %q reads %s, not a metric of the gateway (deploy.Metrics): %s", p.Title, n, tg.Expr)
				}
				re := regexp.MustCompile(`(?:^|[^a-zA-Z0-9_:])` + regexp.QuoteMeta(n) + `(\{job=~"\$job", instance=~"\$instance"[,}])?`)
				for _, m := range re.FindAllStringSubmatch(tg.Expr, -1) {
					if m[1] == "" {
						t.Errorf("panel %q: %s not narrowed to {job=~\"$job\", instance=~\"$instance\"}: %s", p.Title, n, tg.Expr)
					}
				}
			}
		}
	}
	if panels < 15 {
		t.Errorf("%d panels, want the issue's 15 subjects at least", panels)
	}
	var rules ruleFile
	if err := yaml.Unmarshal(Alerts, &rules); err != nil {
		t.Fatal(err)
	}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			for _, n := range MetricNames(r.Expr) {
				used[n] = true
			}
		}
	}
	// Shown by other means, or not worth a panel: a call's start is its
	// end's (unary), so are its messages; sums and counts are histograms'.
	unshown := map[string]bool{
		"grpc_server_started_total": true, "grpc_server_msg_received_total": true, "grpc_server_msg_sent_total": true,
		"grpc_server_handling_seconds_sum": true, "grpc_server_handling_seconds_count": true,
		"authrocket_gateway_upstream_request_duration_seconds_sum": true, "authrocket_gateway_upstream_request_duration_seconds_count": true,
	}
	for _, n := range append(Metrics, RedisMetrics...) {
		if !used[n] && !unshown[n] {
			t.Errorf("%s: on no panel and in no rule", n)
		}
	}
}
