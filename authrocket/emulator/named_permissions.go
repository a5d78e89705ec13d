package emulator

import (
	"net/http"
	"time"
)

// namedPermission gives a membership permission string a display name.
// auto_grant is stored; new memberships do not get the permission from it.
type namedPermission struct {
	id, realmID string
	name        *string
	permission  *string
	autoGrant   bool
	createdAt   time.Time
}

// namedPermissionJSON is the JSON shape of a named permission.
type namedPermissionJSON struct {
	ID         string    `json:"id"`
	Object     string    `json:"object"`
	RealmID    string    `json:"realm_id"`
	Name       *string   `json:"name"`
	Permission *string   `json:"permission"`
	AutoGrant  bool      `json:"auto_grant"`
	CreatedAt  floatTime `json:"created_at"`
}

// render returns the named permission's JSON shape.
func (np *namedPermission) render() namedPermissionJSON {
	return namedPermissionJSON{
		ID:         np.id,
		Object:     "named_permission",
		RealmID:    np.realmID,
		Name:       np.name,
		Permission: np.permission,
		AutoGrant:  np.autoGrant,
		CreatedAt:  floatTime(np.createdAt),
	}
}

// renderNamedPermissions returns the realm's named permissions in id
// order, as GET /v2/realms/:id embeds them.
func (rl *realm) renderNamedPermissions() *[]namedPermissionJSON {
	out := []namedPermissionJSON{}
	for _, np := range byID(rl.namedPermissions, func(np *namedPermission) string { return np.id }) {
		out = append(out, np.render())
	}
	return &out
}

// applyNamedPermission applies name, permission and auto_grant to a copy of
// np, validates, and stores on success. The permission follows the membership
// rules and is unique in the realm.
func (c *call) applyNamedPermission(np *namedPermission, a attrs) *apiError {
	next := *np
	var v verrs
	optText(a, "name", &next.name, &v)
	if raw, ok := a["permission"]; ok {
		next.permission = nil
		perms := parsePermissions(raw, &v)
		if len(perms) > 1 {
			v.attr("invalid", "permission")
		}
		if len(perms) > 0 {
			next.permission = &perms[0]
		}
	}
	if raw, ok := a["auto_grant"]; ok {
		next.autoGrant = parseBool(raw)
	}
	requireText(next.name, "name", &v)
	if requireText(next.permission, "permission", &v) {
		for _, o := range c.realm.namedPermissions {
			if o.id != np.id && o.permission != nil && *o.permission == *next.permission {
				v.attr("taken", "permission")
				break
			}
		}
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*np = next
	return nil
}

// getNamedPermission handles GET /v2/named_permissions/:id.
func getNamedPermission(c *call) (int, any, *apiError) {
	np, aerr := lookupIn(c, c.realm.namedPermissions)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, np.render(), nil
}

// createNamedPermission handles POST /v2/named_permissions.
func createNamedPermission(c *call) (int, any, *apiError) {
	np := &namedPermission{realmID: c.realm.id, createdAt: c.now}
	if aerr := c.applyNamedPermission(np, rootAttrs(c.body, "named_permission")); aerr != nil {
		return 0, nil, aerr
	}
	np.id = c.e.newID("np_")
	c.realm.namedPermissions[np.id] = np
	return http.StatusCreated, np.render(), nil
}

// updateNamedPermission handles PUT /v2/named_permissions/:id.
func updateNamedPermission(c *call) (int, any, *apiError) {
	np, aerr := lookupIn(c, c.realm.namedPermissions)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyNamedPermission(np, rootAttrs(c.body, "named_permission")); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, np.render(), nil
}

// deleteNamedPermission handles DELETE /v2/named_permissions/:id and
// answers the deleted named permission. Memberships keep the permission.
func deleteNamedPermission(c *call) (int, any, *apiError) {
	np, aerr := lookupIn(c, c.realm.namedPermissions)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.namedPermissions, np.id)
	return http.StatusOK, np.render(), nil
}
