package emulator

import (
	"net/http"
	"regexp"
	"time"
)

// providerTypePattern is the shape of a provider_type; AuthRocket's values
// are not documented.
var providerTypePattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// mailingListProvider is a mailing-list service a realm's mailing-list
// hooks use. The emulator never calls it.
type mailingListProvider struct {
	id, realmID     string
	providerName    *string
	providerType    *string
	state           string
	apiEndpoint     *string
	providerAccount *string
	validListIDs    []string
	createdAt       time.Time
}

// mailingListProviderJSON is the JSON shape of a mailing-list provider.
type mailingListProviderJSON struct {
	ID              string    `json:"id"`
	Object          string    `json:"object"`
	RealmID         string    `json:"realm_id"`
	ProviderName    *string   `json:"provider_name"`
	ProviderType    *string   `json:"provider_type"`
	State           string    `json:"state"`
	APIEndpoint     *string   `json:"api_endpoint"`
	ProviderAccount *string   `json:"provider_account"`
	ValidListIDs    []string  `json:"valid_list_ids"`
	CreatedAt       floatTime `json:"created_at"`
}

// render returns the provider's JSON shape.
func (p *mailingListProvider) render() mailingListProviderJSON {
	return mailingListProviderJSON{
		ID:              p.id,
		Object:          "mailing_list_provider",
		RealmID:         p.realmID,
		ProviderName:    p.providerName,
		ProviderType:    p.providerType,
		State:           p.state,
		APIEndpoint:     p.apiEndpoint,
		ProviderAccount: p.providerAccount,
		ValidListIDs:    append([]string{}, p.validListIDs...),
		CreatedAt:       floatTime(p.createdAt),
	}
}

// checkProviderType validates a required provider_type.
func checkProviderType(s *string, v *verrs) {
	if requireText(s, "provider_type", v) && !providerTypePattern.MatchString(*s) {
		v.attr("invalid", "provider_type")
	}
}

// applyMailingListProvider applies the writable attributes to a copy of p,
// validates (provider_name and provider_type required, api_endpoint an
// http(s) URL), and stores on success.
func applyMailingListProvider(p *mailingListProvider, a attrs) *apiError {
	next := *p
	var v verrs
	optText(a, "provider_name", &next.providerName, &v)
	optText(a, "provider_type", &next.providerType, &v)
	choice(a, "state", &next.state, activeStates, &v)
	optText(a, "api_endpoint", &next.apiEndpoint, &v)
	optText(a, "provider_account", &next.providerAccount, &v)
	strList(a, "valid_list_ids", &next.validListIDs, &v)
	requireText(next.providerName, "provider_name", &v)
	checkProviderType(next.providerType, &v)
	if next.apiEndpoint != nil && !httpURL(*next.apiEndpoint) {
		v.attr("invalid", "api_endpoint")
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*p = next
	return nil
}

// listMailingListProviders handles GET /v2/mailing_list_providers:
// filters state, provider_type; sort id.
func listMailingListProviders(c *call) (int, any, *apiError) {
	states, kinds := c.query.filter("state"), c.query.filter("provider_type")
	return listSorted(c, c.realm.mailingListProviders, listSpec[*mailingListProvider]{keep: func(p *mailingListProvider) bool {
		return matchAny(states, &p.state, false) && matchAny(kinds, p.providerType, false)
	}}, always((*mailingListProvider).render))
}

// getMailingListProvider handles GET /v2/mailing_list_providers/:id.
func getMailingListProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.mailingListProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// createMailingListProvider handles POST /v2/mailing_list_providers.
func createMailingListProvider(c *call) (int, any, *apiError) {
	p := &mailingListProvider{realmID: c.realm.id, state: "active", validListIDs: []string{}, createdAt: c.now}
	if aerr := applyMailingListProvider(p, rootAttrs(c.body, "mailing_list_provider")); aerr != nil {
		return 0, nil, aerr
	}
	p.id = c.e.newID("mlp_")
	c.realm.mailingListProviders[p.id] = p
	return http.StatusCreated, p.render(), nil
}

// updateMailingListProvider handles PUT /v2/mailing_list_providers/:id.
func updateMailingListProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.mailingListProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := applyMailingListProvider(p, rootAttrs(c.body, "mailing_list_provider")); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, p.render(), nil
}

// deleteMailingListProvider handles DELETE /v2/mailing_list_providers/:id:
// 409 while a hook uses the provider; otherwise it answers the deleted
// provider.
func deleteMailingListProvider(c *call) (int, any, *apiError) {
	p, aerr := lookupIn(c, c.realm.mailingListProviders)
	if aerr != nil {
		return 0, nil, aerr
	}
	for _, h := range c.realm.hooks {
		if h.providerID != nil && *h.providerID == p.id {
			return 0, nil, newError(http.StatusConflict, "mailing_list_provider_in_use")
		}
	}
	delete(c.realm.mailingListProviders, p.id)
	return http.StatusOK, p.render(), nil
}
