package e2e

import (
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestSmtpProvidersEveryRPC calls every SmtpProvidersService RPC over gRPC,
// then every smtp_providers route over REST. smtp_password goes to
// AuthRocket and never comes back: not in an answer, not in the gateway's
// output.
func TestSmtpProvidersEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	smtp := arv2.NewSmtpProvidersServiceClient(e.conn)
	const secret = "smtp-pa55word-e2e"
	var answers []string
	keep := func(v ...any) {
		for _, x := range v {
			answers = append(answers, fmtAny(x))
		}
	}

	p := call(smtp.CreateSmtpProvider(ctx, &arv2.CreateSmtpProviderRequest{SmtpProvider: &arv2.SmtpProviderInput{
		ProviderName: proto.String("Mail"), ProviderType: proto.String("smtp"), EmailFrom: proto.String("noreply@example.com"),
		SmtpHost: proto.String("smtp.example.com"), SmtpPort: proto.Int32(587), SmtpUser: proto.String("mailer"), SmtpPassword: proto.String(secret),
	}})).must(t).GetSmtpProvider()
	keep(p)
	if p.GetObject() != "smtp_provider" || p.GetId() == "" || p.GetRealmId() != e.realm || p.GetSmtpPort() != 587 || p.GetSmtpUser() != "mailer" || p.GetState() != "active" {
		t.Fatalf("CreateSmtpProvider = %v", p)
	}
	got := call(smtp.GetSmtpProvider(ctx, &arv2.GetSmtpProviderRequest{Id: p.GetId()})).must(t).GetSmtpProvider()
	keep(got)
	up := call(smtp.UpdateSmtpProvider(ctx, &arv2.UpdateSmtpProviderRequest{Id: p.GetId(), SmtpProvider: &arv2.SmtpProviderInput{State: proto.String("inactive"), SmtpPassword: proto.String(secret + "2")}})).must(t).GetSmtpProvider()
	keep(up)
	if up.GetState() != "inactive" || up.GetSmtpHost() != "smtp.example.com" {
		t.Errorf("UpdateSmtpProvider = %v", up)
	}
	list := call(smtp.ListSmtpProviders(ctx, &arv2.ListSmtpProvidersRequest{State: proto.String("inactive")})).must(t)
	keep(list)
	if len(list.GetCollection()) != 1 || list.GetCollection()[0].GetId() != p.GetId() {
		t.Errorf("ListSmtpProviders = %v", list)
	}
	_, err := smtp.CreateSmtpProvider(ctx, &arv2.CreateSmtpProviderRequest{SmtpProvider: &arv2.SmtpProviderInput{
		ProviderName: proto.String("Bad"), ProviderType: proto.String("smtp"), EmailFrom: proto.String("noreply@example.com"), SmtpPassword: proto.String(secret),
	}})
	st := wantCode(t, err, codes.InvalidArgument)
	keep(st.Proto())
	if st.Message() != "SMTP host can't be blank" {
		t.Errorf("missing smtp_host: %q", st.Message())
	}
	call(smtp.DeleteSmtpProvider(ctx, &arv2.DeleteSmtpProviderRequest{Id: p.GetId()})).must(t)
	_, err = smtp.GetSmtpProvider(ctx, &arv2.GetSmtpProviderRequest{Id: p.GetId()})
	wantCode(t, err, codes.NotFound)

	noUpstream := e.noUpstreamSince(t)
	_, err = smtp.GetSmtpProvider(ctx, &arv2.GetSmtpProviderRequest{Id: "smp_1/../x"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = smtp.UpdateSmtpProvider(ctx, &arv2.UpdateSmtpProviderRequest{Id: "smp_1", SmtpProvider: &arv2.SmtpProviderInput{SmtpPort: proto.Int32(70000), SmtpPassword: proto.String(secret)}})
	st = wantCode(t, err, codes.InvalidArgument)
	keep(st.Proto())
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	created := restDo(t, e, http.StatusCreated, "POST", "/v2/smtp_providers", map[string]any{"smtp_provider": map[string]any{
		"provider_name": "REST", "provider_type": "smtp", "email_from": "a@example.com", "smtp_host": "mx.example.com", "smtp_password": secret,
	}})
	keep(created)
	if up := e.lastUpstream(t); up.Method != "POST" || !strings.Contains(up.Body, `"smtp_password":"`+secret+`"`) {
		t.Errorf("the SMTP password did not reach AuthRocket: %s %s %s", up.Method, up.Path, up.Body)
	}
	id, _ := created["id"].(string)
	if created["object"] != "smtp_provider" || id == "" {
		t.Fatalf("POST /v2/smtp_providers = %v", created)
	}
	if _, ok := created["smtp_password"]; ok {
		t.Errorf("smtp_password answered: %v", created)
	}
	keep(restDo(t, e, 200, "GET", "/v2/smtp_providers/"+id, nil))
	keep(restDo(t, e, 200, "PUT", "/v2/smtp_providers/"+id, map[string]any{"smtp_provider": map[string]any{"smtp_port": 2525, "smtp_password": secret}}))
	keep(restDo(t, e, 200, "GET", "/v2/smtp_providers", nil))
	keep(restDo(t, e, 422, "PUT", "/v2/smtp_providers/"+id, map[string]any{"smtp_provider": map[string]any{"email_from": "nobody", "smtp_password": secret}}))
	restDo(t, e, 200, "DELETE", "/v2/smtp_providers/"+id, nil)
	restDo(t, e, 404, "GET", "/v2/smtp_providers/"+id, nil)

	e.gateway.stop() // a clean stop writes the whole audit trail
	if strings.Contains(e.gateway.Output(), "pa55word") {
		t.Error("the gateway's output contains the SMTP password")
	}
	for _, a := range answers {
		if strings.Contains(a, "pa55word") {
			t.Errorf("an answer contains the SMTP password: %s", a)
		}
	}
}
