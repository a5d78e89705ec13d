package emulator

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Permission rules, as AuthRocket documents them.
const (
	maxPermissions      = 20
	maxPermissionLength = 62
)

// permissionPattern is the allowed shape of one permission.
var permissionPattern = regexp.MustCompile(`(?i)^[a-z0-9*:;._-]+$`)

// membership links a user to an org.
type membership struct {
	id          string
	orgID       string
	userID      string
	permissions []string
	selected    bool
	expiresAt   *time.Time
	createdAt   time.Time
}

// membershipJSON is the JSON shape of a membership, with the user or org
// embedded in some lists.
type membershipJSON struct {
	ID          string    `json:"id"`
	Object      string    `json:"object"`
	OrgID       string    `json:"org_id"`
	UserID      string    `json:"user_id"`
	Permissions []string  `json:"permissions"`
	Selected    bool      `json:"selected"`
	ExpiresAt   *intTime  `json:"expires_at"`
	CreatedAt   floatTime `json:"created_at"`
	User        *userJSON `json:"user,omitempty"`
	Org         *orgJSON  `json:"org,omitempty"`
}

// render returns the membership's JSON shape.
func (mb *membership) render() membershipJSON {
	perms := append([]string{}, mb.permissions...)
	return membershipJSON{
		ID:          mb.id,
		Object:      "membership",
		OrgID:       mb.orgID,
		UserID:      mb.userID,
		Permissions: perms,
		Selected:    mb.selected,
		ExpiresAt:   optIntTime(mb.expiresAt),
		CreatedAt:   floatTime(mb.createdAt),
	}
}

// expireMemberships deletes memberships whose expires_at has passed.
func (rl *realm) expireMemberships(now time.Time) {
	for id, mb := range rl.memberships {
		if mb.expiresAt != nil && !mb.expiresAt.After(now) {
			delete(rl.memberships, id)
		}
	}
}

// parsePermissions reads permissions (an array, or one string) and
// validates them.
func parsePermissions(raw any, v *verrs) []string {
	var list []any
	switch t := raw.(type) {
	case nil:
		return []string{}
	case []any:
		list = t
	default:
		list = []any{t}
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := scalarString(x)
		if !ok {
			v.attr("invalid", "permissions")
			continue
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		lower := strings.ToLower(s)
		switch {
		case !permissionPattern.MatchString(s):
			v.add(m("permission_invalid", "value", s))
		case len(s) > maxPermissionLength:
			v.add(m("permission_too_long", "value", s, "count", strconv.Itoa(maxPermissionLength)))
		case strings.HasPrefix(lower, "ar:") && lower != "ar:owner" && lower != "ar:admin":
			v.add(m("permission_reserved", "value", s))
		}
		out = append(out, s)
	}
	if len(out) > maxPermissions {
		v.add(m("permissions_too_many", "count", strconv.Itoa(maxPermissions)))
	}
	return out
}

// applyMembership applies permissions, selected and expires_at to a copy
// of mb, validates, and stores on success. extra holds earlier messages
// (about user and org) to report first.
func (c *call) applyMembership(mb *membership, a attrs, extra verrs) *apiError {
	next := *mb
	v := extra
	if raw, ok := a["permissions"]; ok {
		next.permissions = parsePermissions(raw, &v)
	}
	if raw, ok := a["selected"]; ok {
		next.selected = parseBool(raw)
	}
	if raw, ok := a["expires_at"]; ok {
		t, ok := parseTime(raw)
		if !ok {
			v.attr("invalid", "expires_at")
		} else {
			next.expiresAt = t
		}
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*mb = next
	return nil
}

// listMemberships handles GET /v2/memberships: filters org_id, user_id;
// sort id. With org_id alone each row embeds its user, with user_id alone
// its org.
func listMemberships(c *call) (int, any, *apiError) {
	orgIDs, userIDs := c.query.filter("org_id"), c.query.filter("user_id")
	embedUser, embedOrg := len(orgIDs) > 0 && len(userIDs) == 0, len(userIDs) > 0 && len(orgIDs) == 0
	return listSorted(c, c.realm.memberships, listSpec[*membership]{
		keep: func(mb *membership) bool {
			return matchAny(orgIDs, &mb.orgID, false) && matchAny(userIDs, &mb.userID, false)
		},
	}, always(func(mb *membership) membershipJSON {
		j := mb.render()
		if u := c.realm.users[mb.userID]; embedUser && u != nil {
			uj := u.render(false)
			j.User = &uj
		}
		if o := c.realm.orgs[mb.orgID]; embedOrg && o != nil {
			oj := o.render(true)
			j.Org = &oj
		}
		return j
	}))
}

// getMembership handles GET /v2/memberships/:id.
func getMembership(c *call) (int, any, *apiError) {
	mb, aerr := lookupIn(c, c.realm.memberships)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, mb.render(), nil
}

// createMembership handles POST /v2/memberships: user_id and org_id must
// name a user and an org of the realm; one membership per (user, org).
func createMembership(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "membership")
	mb := &membership{permissions: []string{}, createdAt: c.now}
	var v verrs
	if u := c.userRef(a, &v); u != nil {
		mb.userID = u.id
	}
	if o, ok := refAttr(a, "org_id", c.realm.orgs, "org", "org_not_found", &v); ok {
		mb.orgID = o.id
	}
	if mb.userID != "" && mb.orgID != "" {
		for _, o := range c.realm.memberships {
			if o.userID == mb.userID && o.orgID == mb.orgID {
				v.attr("taken", "user")
				break
			}
		}
	}
	if aerr := c.applyMembership(mb, a, v); aerr != nil {
		return 0, nil, aerr
	}
	mb.id = c.e.newID("mb_")
	c.realm.memberships[mb.id] = mb
	c.emit("membership.created", func(ev *event) { ev.membershipID, ev.userID, ev.orgID = mb.id, mb.userID, mb.orgID })
	return http.StatusCreated, mb.render(), nil
}

// updateMembership handles PUT /v2/memberships/:id (permissions, selected,
// expires_at; user_id and org_id cannot change and are ignored).
func updateMembership(c *call) (int, any, *apiError) {
	mb, aerr := lookupIn(c, c.realm.memberships)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyMembership(mb, rootAttrs(c.body, "membership"), nil); aerr != nil {
		return 0, nil, aerr
	}
	c.emit("membership.updated", func(ev *event) { ev.membershipID, ev.userID, ev.orgID = mb.id, mb.userID, mb.orgID })
	return http.StatusOK, mb.render(), nil
}

// deleteMembership handles DELETE /v2/memberships/:id and answers the
// deleted membership.
func deleteMembership(c *call) (int, any, *apiError) {
	mb, aerr := lookupIn(c, c.realm.memberships)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.memberships, mb.id)
	c.emit("membership.deleted", func(ev *event) { ev.membershipID, ev.userID, ev.orgID = mb.id, mb.userID, mb.orgID })
	return http.StatusOK, mb.render(), nil
}
