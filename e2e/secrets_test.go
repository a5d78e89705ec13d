package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// TestNoSecretsInOutput runs a session of calls, failures included, and
// scans everything the gateway wrote (its start-up configuration, call and
// failure lines, audit trail), answered, showed on /metrics and exported
// as spans for AuthRocket's key and the caller credential.
func TestNoSecretsInOutput(t *testing.T) {
	col := startCollector(t)
	e := newEnvWith(t, gatewayOptions{
		args: []string{"--log-level", "debug"}, // a log line per call
		env: func(*testing.T, *env) []string {
			return []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + col.url, "OTEL_BSP_SCHEDULE_DELAY=50"}
		},
	})
	users := arv2.NewUsersServiceClient(e.conn)
	ctx := e.ctx(t)
	var answers []string
	keep := func(v ...any) {
		for _, x := range v {
			answers = append(answers, strings.ToLower(strings.TrimSpace(fmtAny(x))))
		}
	}

	_, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("s@example.com"), Password: proto.String("a password 1")}})
	keep(err)
	_, err = users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("s@example.com")}})
	keep(wantCode(t, err, codes.InvalidArgument).Proto())
	_, err = users.GetUser(withToken(context.Background(), e.apiKey), &arv2.GetUserRequest{Id: "s@example.com"})
	keep(wantCode(t, err, codes.Unauthenticated).Proto())
	_, err = users.GetUser(withToken(context.Background(), "wrong-"+e.token), &arv2.GetUserRequest{Id: "s@example.com"})
	keep(wantCode(t, err, codes.Unauthenticated).Proto())
	_, err = users.AuthenticateUser(ctx, &arv2.AuthenticateUserRequest{Id: "s@example.com", User: &arv2.AuthenticateUserInput{Password: "a wrong password"}})
	keep(wantCode(t, err, codes.InvalidArgument).Proto())

	e.fault(t, map[string]any{"method": "GET", "path": "/v2/users/*", "status": 500, "errors": []string{"boom"}})
	_, err = users.GetUser(ctx, &arv2.GetUserRequest{Id: "s@example.com"})
	keep(wantCode(t, err, codes.Internal).Proto())
	for _, cred := range []string{e.token, e.apiKey, "nope"} {
		_, h, body := e.rest(t, http.MethodGet, "/v2/users/s@example.com", nil, "Authrocket-Api-Key", cred)
		keep(h, body)
	}

	res, err := http.Get("http://" + e.admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	keep(string(metrics))

	e.gateway.stop() // a clean stop writes the whole audit trail and exports every span
	col.mu.Lock()
	for _, span := range col.spans {
		keep(protojson.Format(span))
	}
	spans := len(col.spans)
	col.mu.Unlock()
	if spans == 0 {
		t.Fatal("the gateway exported no spans")
	}
	out := e.gateway.Output()
	if !strings.Contains(out, `"msg":"call"`) || !strings.Contains(out, `"msg":"config"`) || !strings.Contains(string(metrics), "grpc_server_handled_total") {
		t.Fatalf("the gateway logged no calls or no config, or counted no calls; output:\n%s", out)
	}
	for name, secret := range map[string]string{"AuthRocket key": e.apiKey, "caller credential": e.token} {
		if strings.Contains(out, secret) {
			t.Errorf("the gateway's output contains the %s", name)
		}
		for _, a := range answers {
			if strings.Contains(a, strings.ToLower(secret)) {
				t.Errorf("an answer contains the %s: %s", name, a)
			}
		}
	}
}
