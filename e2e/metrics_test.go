package e2e

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// scrape reads the gateway's /metrics: the families by name.
func scrape(t *testing.T, admin string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get("http://" + admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", res.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// series flattens families into "name{label="value",…}" → value, labels
// sorted by name; a histogram gives its _count.
func series(families map[string]*dto.MetricFamily) map[string]float64 {
	out := map[string]float64{}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+`"`+l.GetValue()+`"`)
			}
			sort.Strings(labels)
			key := name + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			case m.Histogram != nil:
				out[strings.Replace(key, "{", "_count{", 1)] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

// TestMetrics: after a known session of calls on both transports, the
// operator's /metrics counts each call once, by service, method,
// transport, caller and code; each request to AuthRocket by route
// template and status; each refusal by reason; each failed
// authentication by what was wrong; and no label holds an ID, an email or
// a credential.
func TestMetrics(t *testing.T) {
	const readerToken = "reader-token-for-e2e-metrics-0123456789"
	e := newEnvWith(t, gatewayOptions{policy: func(*testing.T, *env) string {
		return defaultPolicy + `  - name: reader
    credentials: [` + policy.HashCredential(readerToken) + `]
    methods: ["authrocket.v2.UsersService/ListUsers"]
    realms: ["*"]
`
	}})
	ctx := e.ctx(t)
	users := arv2.NewUsersServiceClient(e.conn)
	u := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{
		Email: proto.String("metrics@example.com"), Password: proto.String("correct horse battery"),
	}})).must(t).GetUser()
	for range 2 {
		call(users.GetUser(ctx, &arv2.GetUserRequest{Id: u.GetId()})).must(t)
	}
	_, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_0000000000000000000000"})
	wantCode(t, err, codes.NotFound)
	reader := withToken(bounded(t), readerToken)
	call(users.ListUsers(reader, &arv2.ListUsersRequest{})).must(t)
	_, err = users.GetUser(reader, &arv2.GetUserRequest{Id: u.GetId()})
	wantCode(t, err, codes.PermissionDenied)
	_, err = users.ListUsers(context.Background(), &arv2.ListUsersRequest{})
	wantCode(t, err, codes.Unauthenticated)
	for range 3 {
		if status, _, _ := e.rest(t, "GET", "/v2/users", nil); status != http.StatusOK {
			t.Fatalf("REST ListUsers: %d", status)
		}
	}
	for range 2 {
		e.rest(t, "GET", "/v2/users", nil, "Authrocket-Api-Key", "not-a-caller-credential")
	}
	e.rest(t, "GET", "/v2/users", nil, "Authrocket-Api-Key", e.apiKey)

	got := series(scrape(t, e.admin))
	handled := func(transport, caller, method, code string) string {
		return `{caller="` + caller + `",grpc_code="` + code + `",grpc_method="` + method +
			`",grpc_service="authrocket.v2.UsersService",grpc_type="unary",transport="` + transport + `"}`
	}
	started := func(transport, caller, method string) string {
		return `{caller="` + caller + `",grpc_method="` + method +
			`",grpc_service="authrocket.v2.UsersService",grpc_type="unary",transport="` + transport + `"}`
	}
	want := map[string]float64{
		"grpc_server_handled_total" + handled("grpc", "default", "CreateUser", "OK"):    1,
		"grpc_server_handled_total" + handled("grpc", "default", "GetUser", "OK"):       2,
		"grpc_server_handled_total" + handled("grpc", "default", "GetUser", "NotFound"): 1,
		"grpc_server_handled_total" + handled("grpc", "reader", "ListUsers", "OK"):      1,
		"grpc_server_handled_total" + handled("rest", "default", "ListUsers", "OK"):     3,
		"grpc_server_started_total" + started("grpc", "default", "GetUser"):             3,
		"grpc_server_started_total" + started("rest", "default", "ListUsers"):           3,
		"grpc_server_handling_seconds_count" + started("grpc", "default", "GetUser"):    3,
		"grpc_server_handling_seconds_count" + started("rest", "default", "ListUsers"):  3,

		`authrocket_gateway_refusals_total{caller="reader",reason="METHOD_NOT_ALLOWED",transport="grpc"}`:        1,
		`authrocket_gateway_refusals_total{caller="unknown",reason="UNAUTHENTICATED",transport="grpc"}`:          1,
		`authrocket_gateway_refusals_total{caller="unknown",reason="UNAUTHENTICATED",transport="rest"}`:          2,
		`authrocket_gateway_refusals_total{caller="unknown",reason="AUTHROCKET_KEY_PRESENTED",transport="rest"}`: 1,

		`authrocket_gateway_auth_failures_total{reason="missing_credential",transport="grpc"}`:       1,
		`authrocket_gateway_auth_failures_total{reason="unknown_credential",transport="rest"}`:       2,
		`authrocket_gateway_auth_failures_total{reason="authrocket_key_presented",transport="rest"}`: 1,
		// At 0 from the start, so that rate() sees the first.
		`authrocket_gateway_auth_failures_total{reason="identity_conflict",transport="grpc"}`: 0,

		// Each call that reached AuthRocket, by route template and status.
		`authrocket_gateway_upstream_requests_total{attempt="1",method="POST",route="/v2/users",status="201"}`:     1,
		`authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users/{id}",status="200"}`: 2,
		`authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users/{id}",status="404"}`: 1,
		`authrocket_gateway_upstream_requests_total{attempt="1",method="GET",route="/v2/users",status="200"}`:      4,

		"authrocket_gateway_in_flight_calls{}": 0,
		"authrocket_gateway_in_flight_limit{}": 1000,
	}
	for key, w := range want {
		if g, ok := got[key]; !ok || g != w {
			t.Errorf("%s = %v (present %v), want %v", key, g, ok, w)
		}
	}
	// Nothing else was counted: every series of these families is above.
	for key, v := range got {
		for _, family := range []string{"grpc_server_handled_total", "authrocket_gateway_refusals_total", "authrocket_gateway_auth_failures_total", "authrocket_gateway_upstream_requests_total"} {
			if strings.HasPrefix(key, family+"{") && want[key] != v {
				t.Errorf("unexpected %s = %v", key, v)
			}
		}
	}
	// Bounded labels: no ID, email or credential in any label value.
	secretish := regexp.MustCompile(`usr_|@|ks_|` + regexp.QuoteMeta(testToken) + `|` + regexp.QuoteMeta(readerToken) + `|not-a-caller`)
	for key := range got {
		if secretish.MatchString(key) {
			t.Errorf("a label holds an ID, an email or a credential: %s", key)
		}
	}
}
