package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// org is one org of a realm.
type org struct {
	id        string
	realmID   string
	name      string
	state     string
	reference *string
	custom    map[string]any
	createdAt time.Time
}

// orgJSON is the JSON shape of an org.
type orgJSON struct {
	ID        string          `json:"id"`
	Object    string          `json:"object"`
	RealmID   string          `json:"realm_id"`
	Name      string          `json:"name"`
	State     string          `json:"state"`
	Reference *string         `json:"reference"`
	Custom    *map[string]any `json:"custom,omitempty"`
	CreatedAt floatTime       `json:"created_at"`
}

// render returns the org's JSON shape; withCustom includes custom.
func (o *org) render(withCustom bool) orgJSON {
	j := orgJSON{
		ID:        o.id,
		Object:    "org",
		RealmID:   o.realmID,
		Name:      o.name,
		State:     o.state,
		Reference: o.reference,
		CreatedAt: floatTime(o.createdAt),
	}
	if withCustom {
		cs := o.custom
		if cs == nil {
			cs = map[string]any{}
		}
		j.Custom = &cs
	}
	return j
}

// applyOrg applies name, state, reference and custom to a copy of o,
// validates it, and stores it on success.
func (c *call) applyOrg(o *org, a attrs) *apiError {
	next := *o
	var v verrs
	if raw, ok := a["name"]; ok {
		s, ok := scalarString(raw)
		if !ok {
			v.attr("invalid", "name")
		}
		next.name = strings.TrimSpace(s)
	}
	if next.name == "" && !slices.ContainsFunc(v, func(x msg) bool { return x.args["attr"] == "name" }) {
		v.attr("blank", "name")
	}
	if raw, ok := a["state"]; ok {
		s, _ := scalarString(raw)
		if s != "active" && s != "inactive" {
			v.attr("inclusion", "state")
		} else {
			next.state = s
		}
	}
	if raw, ok := a["reference"]; ok {
		s, ok := scalarString(raw)
		if !ok {
			v.attr("invalid", "reference")
		} else if s = strings.TrimSpace(s); s != "" {
			next.reference = &s
		} else {
			next.reference = nil
		}
	}
	if raw, ok := a["custom"]; ok {
		cs, ok := customAttr(raw)
		if !ok {
			v.attr("invalid", "custom")
		} else {
			next.custom = cs
		}
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*o = next
	return nil
}

// listOrgs handles GET /v2/orgs: filters reference, state; sort name
// (default) or id; expand=custom.
func listOrgs(c *call) (int, any, *apiError) {
	refs, states := c.query.filter("reference"), c.query.filter("state")
	withCustom := slices.Contains(c.query.all("expand"), "custom")
	return listSorted(c, c.realm.orgs, listSpec[*org]{
		sorts: []sortField[*org]{byText("name", func(o *org) string { return o.name })},
		def:   "name",
		keep:  func(o *org) bool { return matchAny(refs, o.reference, false) && matchAny(states, &o.state, false) },
	}, always(func(o *org) orgJSON { return o.render(withCustom) }))
}

// getOrg handles GET /v2/orgs/:id.
func getOrg(c *call) (int, any, *apiError) {
	o, aerr := lookupIn(c, c.realm.orgs)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, o.render(true), nil
}

// createOrg handles POST /v2/orgs.
func createOrg(c *call) (int, any, *apiError) {
	o := &org{realmID: c.realm.id, state: "active", custom: map[string]any{}, createdAt: c.now}
	if aerr := c.applyOrg(o, rootAttrs(c.body, "org")); aerr != nil {
		return 0, nil, aerr
	}
	o.id = c.e.newID("org_")
	c.realm.orgs[o.id] = o
	c.emit("org.created", func(ev *event) { ev.orgID = o.id })
	return http.StatusCreated, o.render(true), nil
}

// updateOrg handles PUT /v2/orgs/:id; a closed org cannot change (409).
func updateOrg(c *call) (int, any, *apiError) {
	o, aerr := lookupIn(c, c.realm.orgs)
	if aerr != nil {
		return 0, nil, aerr
	}
	if o.state == "closed" {
		return 0, nil, newError(http.StatusConflict, "org_closed")
	}
	if aerr := c.applyOrg(o, rootAttrs(c.body, "org")); aerr != nil {
		return 0, nil, aerr
	}
	c.emit("org.updated", func(ev *event) { ev.orgID = o.id })
	return http.StatusOK, o.render(true), nil
}

// deleteOrg handles DELETE /v2/orgs/:id: a soft close (state "closed"),
// or with force a hard delete that also removes the org's memberships.
func deleteOrg(c *call) (int, any, *apiError) {
	o, aerr := lookupIn(c, c.realm.orgs)
	if aerr != nil {
		return 0, nil, aerr
	}
	c.emit("org.closed", func(ev *event) { ev.orgID = o.id })
	force, _ := c.param("force", "org")
	if parseBool(force) {
		delete(c.realm.orgs, o.id)
		for id, mb := range c.realm.memberships {
			if mb.orgID == o.id {
				delete(c.realm.memberships, id)
			}
		}
		return http.StatusOK, o.render(true), nil
	}
	o.state = "closed"
	return http.StatusOK, o.render(true), nil
}
