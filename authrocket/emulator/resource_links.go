package emulator

import (
	"net/http"
	"time"
)

// resourceLinkTypes are the resources a link can be shown on (a guess:
// AuthRocket does not list them).
var resourceLinkTypes = []string{"user", "org", "membership"}

// resourceLink is a link from AuthRocket's pages about a resource to the
// app's own page.
type resourceLink struct {
	id, realmID  string
	title        *string
	linkURL      *string
	resourceType string
	createdAt    time.Time
}

// resourceLinkJSON is the JSON shape of a resource link.
type resourceLinkJSON struct {
	ID           string    `json:"id"`
	Object       string    `json:"object"`
	RealmID      string    `json:"realm_id"`
	Title        *string   `json:"title"`
	LinkURL      *string   `json:"link_url"`
	ResourceType string    `json:"resource_type"`
	CreatedAt    floatTime `json:"created_at"`
}

// render returns the resource link's JSON shape.
func (rk *resourceLink) render() resourceLinkJSON {
	return resourceLinkJSON{
		ID:           rk.id,
		Object:       "resource_link",
		RealmID:      rk.realmID,
		Title:        rk.title,
		LinkURL:      rk.linkURL,
		ResourceType: rk.resourceType,
		CreatedAt:    floatTime(rk.createdAt),
	}
}

// renderResourceLinks returns the realm's resource links in id order, as
// GET /v2/realms/:id embeds them.
func (rl *realm) renderResourceLinks() *[]resourceLinkJSON {
	out := []resourceLinkJSON{}
	for _, rk := range byID(rl.resourceLinks, func(rk *resourceLink) string { return rk.id }) {
		out = append(out, rk.render())
	}
	return &out
}

// applyResourceLink applies title, link_url and resource_type to a copy of
// rk, validates (all three required, link_url an http(s) URL), and stores
// on success.
func applyResourceLink(rk *resourceLink, a attrs) *apiError {
	next := *rk
	var v verrs
	optText(a, "title", &next.title, &v)
	optText(a, "link_url", &next.linkURL, &v)
	choice(a, "resource_type", &next.resourceType, resourceLinkTypes, &v)
	requireText(next.title, "title", &v)
	if requireText(next.linkURL, "link_url", &v) && !httpURL(*next.linkURL) {
		v.attr("invalid", "link_url")
	}
	if _, sent := a["resource_type"]; next.resourceType == "" && !sent {
		v.attr("blank", "resource_type")
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*rk = next
	return nil
}

// getResourceLink handles GET /v2/resource_links/:id.
func getResourceLink(c *call) (int, any, *apiError) {
	rk, aerr := lookupIn(c, c.realm.resourceLinks)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, rk.render(), nil
}

// createResourceLink handles POST /v2/resource_links.
func createResourceLink(c *call) (int, any, *apiError) {
	rk := &resourceLink{realmID: c.realm.id, createdAt: c.now}
	if aerr := applyResourceLink(rk, rootAttrs(c.body, "resource_link")); aerr != nil {
		return 0, nil, aerr
	}
	rk.id = c.e.newID("rsl_")
	c.realm.resourceLinks[rk.id] = rk
	return http.StatusCreated, rk.render(), nil
}

// updateResourceLink handles PUT /v2/resource_links/:id.
func updateResourceLink(c *call) (int, any, *apiError) {
	rk, aerr := lookupIn(c, c.realm.resourceLinks)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := applyResourceLink(rk, rootAttrs(c.body, "resource_link")); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, rk.render(), nil
}

// deleteResourceLink handles DELETE /v2/resource_links/:id and answers the
// deleted link.
func deleteResourceLink(c *call) (int, any, *apiError) {
	rk, aerr := lookupIn(c, c.realm.resourceLinks)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.resourceLinks, rk.id)
	return http.StatusOK, rk.render(), nil
}
