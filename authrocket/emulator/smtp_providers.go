package emulator

import (
	"net/http"
	"time"
)

// smtpProvider is a mail server a realm's emails go through. smtpPassword
// is write-only: stored, never answered, never in a message. The emulator
// never connects to the server.
type smtpProvider struct {
	id, realmID   string
	providerName  *string
	providerType  *string
	state         string
	emailFrom     *string
	emailFromName *string
	smtpHost      *string
	smtpPort      *int
	smtpUser      *string
	smtpPassword  *string
	createdAt     time.Time
}

// smtpProviderJSON is the JSON shape of an SMTP provider: no smtp_password.
type smtpProviderJSON struct {
	ID            string    `json:"id"`
	Object        string    `json:"object"`
	RealmID       string    `json:"realm_id"`
	ProviderName  *string   `json:"provider_name"`
	ProviderType  *string   `json:"provider_type"`
	State         string    `json:"state"`
	EmailFrom     *string   `json:"email_from"`
	EmailFromName *string   `json:"email_from_name"`
	SMTPHost      *string   `json:"smtp_host"`
	SMTPPort      *int      `json:"smtp_port"`
	SMTPUser      *string   `json:"smtp_user"`
	CreatedAt     floatTime `json:"created_at"`
}

// render returns the provider's JSON shape.
func (p *smtpProvider) render() smtpProviderJSON {
	return smtpProviderJSON{
		ID:            p.id,
		Object:        "smtp_provider",
		RealmID:       p.realmID,
		ProviderName:  p.providerName,
		ProviderType:  p.providerType,
		State:         p.state,
		EmailFrom:     p.emailFrom,
		EmailFromName: p.emailFromName,
		SMTPHost:      p.smtpHost,
		SMTPPort:      p.smtpPort,
		SMTPUser:      p.smtpUser,
		CreatedAt:     floatTime(p.createdAt),
	}
}

// applySMTPProvider applies the writable attributes to a copy of p,
// validates (provider_name, provider_type and an email_from address
// required; smtp_host required for provider_type "smtp"; smtp_port
// 1–65535), and stores on success. A blank smtp_password keeps the old
// one.
func applySMTPProvider(p *smtpProvider, a attrs) *apiError {
	next := *p
	var v verrs
	optText(a, "provider_name", &next.providerName, &v)
	optText(a, "provider_type", &next.providerType, &v)
	choice(a, "state", &next.state, activeStates, &v)
	optText(a, "email_from", &next.emailFrom, &v)
	optText(a, "email_from_name", &next.emailFromName, &v)
	optText(a, "smtp_host", &next.smtpHost, &v)
	optInt(a, "smtp_port", &next.smtpPort, 1, 65535, &v)
	optText(a, "smtp_user", &next.smtpUser, &v)
	if pw, _, ok := a.str("smtp_password"); !ok {
		v.attr("invalid", "smtp_password")
	} else if pw != nil && *pw != "" {
		next.smtpPassword = pw
	}
	requireText(next.providerName, "provider_name", &v)
	checkProviderType(next.providerType, &v)
	if requireText(next.emailFrom, "email_from", &v) && !emailPattern.MatchString(*next.emailFrom) {
		v.attr("invalid", "email_from")
	}
	if next.providerType != nil && *next.providerType == "smtp" {
		requireText(next.smtpHost, "smtp_host", &v)
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*p = next
	return nil
}

// listSMTPProviders handles GET /v2/smtp_providers: filter state; sort id.
func listSMTPProviders(c *call) (int, any, *apiError) {
	states := c.query.filter("state")
	return listSorted(c, c.realm.smtpProviders, listSpec[*smtpProvider]{keep: func(p *smtpProvider) bool {
		return matchAny(states, &p.state, false)
	}}, always((*smtpProvider).render))
}

// getSMTPProvider handles GET /v2/smtp_providers/:id.
func getSMTPProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.smtpProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// createSMTPProvider handles POST /v2/smtp_providers.
func createSMTPProvider(c *call) (int, any, *apiError) {
	p := &smtpProvider{realmID: c.realm.id, state: "active", createdAt: c.now}
	if aerr := applySMTPProvider(p, rootAttrs(c.body, "smtp_provider")); aerr != nil {
		return 0, nil, aerr
	}
	p.id = c.e.newID("smp_")
	c.realm.smtpProviders[p.id] = p
	return http.StatusCreated, p.render(), nil
}

// updateSMTPProvider handles PUT /v2/smtp_providers/:id.
func updateSMTPProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.smtpProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := applySMTPProvider(p, rootAttrs(c.body, "smtp_provider")); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// deleteSMTPProvider handles DELETE /v2/smtp_providers/:id and answers the
// deleted provider.
func deleteSMTPProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.smtpProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.smtpProviders, p.id)
	return http.StatusOK, p.render(), nil
}
