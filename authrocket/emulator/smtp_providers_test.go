package emulator

import (
	"strings"
	"testing"
)

func TestSMTPProviderCRUD(t *testing.T) {
	h := newHarness(t)
	const secret = "smtp-s3cret-value"
	res := h.do("POST", "/v2/smtp_providers", map[string]any{"smtp_provider": map[string]any{
		"provider_name": "Mail", "provider_type": "smtp", "email_from": "noreply@example.com", "email_from_name": "Example",
		"smtp_host": "smtp.example.com", "smtp_port": 587, "smtp_user": "mailer", "smtp_password": secret,
	}}).want(201)
	id := res.str("id")
	if !strings.HasPrefix(id, "smp_") || res.str("object") != "smtp_provider" || res.str("realm_id") != h.realm ||
		res.str("state") != "active" || res.obj["smtp_port"] != 587.0 || res.str("smtp_user") != "mailer" {
		t.Fatalf("create answer %s", res.raw)
	}
	answers := []*result{res, h.do("GET", "/v2/smtp_providers/"+id, nil).want(200)}
	// A blank password keeps the stored one; the port can be cleared.
	res = h.do("PUT", "/v2/smtp_providers/"+id, map[string]any{"smtp_provider": map[string]any{"smtp_password": "", "smtp_port": nil, "state": "inactive"}}).want(200)
	if res.obj["smtp_port"] != nil || res.str("state") != "inactive" {
		t.Fatalf("update answer %s", res.raw)
	}
	h.e.mu.Lock()
	kept := h.e.realms[h.realm].smtpProviders[id].smtpPassword
	h.e.mu.Unlock()
	if kept == nil || *kept != secret {
		t.Errorf("blank smtp_password did not keep the stored one")
	}
	other := h.do("POST", "/v2/smtp_providers", map[string]any{"smtp_provider": map[string]any{"provider_name": "API", "provider_type": "postmark", "email_from": "a@example.com"}}).want(201).str("id")
	answers = append(answers, res, h.do("GET", "/v2/smtp_providers", nil).want(200))
	for _, a := range answers {
		if strings.Contains(string(a.raw), secret) || strings.Contains(string(a.raw), "smtp_password") {
			t.Errorf("smtp_password answered: %s", a.raw)
		}
	}
	for q, want := range map[string]string{"": id + " " + other, "?state=active": other, "?direction=desc&max_results=1": other} {
		if got := strings.Join(h.do("GET", "/v2/smtp_providers"+q, nil).want(200).ids(), " "); got != want {
			t.Errorf("list%s = %q, want %q", q, got, want)
		}
	}
	h.do("DELETE", "/v2/smtp_providers/"+id, nil).want(200)
	h.do("GET", "/v2/smtp_providers/"+id, nil).want(404)
}

func TestSMTPProviderValidation(t *testing.T) {
	h := newHarness(t)
	create := func(attrs map[string]any, opts ...reqOpt) *result {
		return h.do("POST", "/v2/smtp_providers", map[string]any{"smtp_provider": attrs}, opts...)
	}
	create(map[string]any{}).wantErrors(422, "Provider name can't be blank", "Provider type can't be blank", "Email from can't be blank")
	create(map[string]any{}, es).wantErrors(422, "Nombre del proveedor no puede estar en blanco", "Tipo de proveedor no puede estar en blanco", "Email del remitente no puede estar en blanco")
	ok := map[string]any{"provider_name": "n", "provider_type": "smtp", "email_from": "a@example.com", "smtp_host": "h"}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range ok {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	create(with("smtp_host", nil)).wantErrors(422, "SMTP host can't be blank")
	create(with("email_from", "nobody")).wantErrors(422, "Email from is invalid")
	create(with("smtp_port", 0)).wantErrors(422, "SMTP port must be greater than or equal to 1")
	create(with("smtp_port", 70000)).wantErrors(422, "SMTP port must be less than or equal to 65535")
	create(with("smtp_port", 70000), es).wantErrors(422, "Puerto SMTP debe ser menor que o igual a 65535")
	res := create(with("smtp_password", []string{"not", "a", "string"}))
	res.wantErrors(422, "SMTP password is invalid")
	create(ok).want(201)
}
