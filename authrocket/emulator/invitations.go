package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Invitation defaults: AuthRocket's documented 30-day lifetime; the locale
// default is the emulator's, since its realms have no default_locale.
const (
	invitationLifetime      = 30 * 24 * time.Hour
	defaultInvitationLocale = "en"
)

// invitationTypes are the values of invitation_type.
var invitationTypes = []string{"org", "preverify", "referral", "request"}

// invitation is one invitation of a realm.
type invitation struct {
	id             string
	realmID        string
	invitationType string
	email          string
	orgID          *string  // org invitations
	permissions    []string // org invitations
	authProviderID *string  // preverify invitations
	invitingUserID *string  // all but request invitations
	locale         string
	token          string // accepts the invitation; shown on create only
	createdAt      time.Time
	invitedAt      *time.Time
	expiresAt      time.Time
}

// invitationJSON is the JSON shape of an invitation.
type invitationJSON struct {
	ID             string     `json:"id"`
	Object         string     `json:"object"`
	RealmID        string     `json:"realm_id"`
	InvitationType string     `json:"invitation_type"`
	Email          string     `json:"email"`
	OrgID          *string    `json:"org_id"`
	Permissions    []string   `json:"permissions"`
	AuthProviderID *string    `json:"auth_provider_id"`
	InvitingUserID *string    `json:"inviting_user_id"`
	Locale         string     `json:"locale"`
	Token          string     `json:"token,omitempty"`
	CreatedAt      floatTime  `json:"created_at"`
	InvitedAt      *floatTime `json:"invited_at"`
	ExpiresAt      intTime    `json:"expires_at"`
}

// render returns the invitation's JSON shape; withToken adds the token
// (the answer to create).
func (nv *invitation) render(withToken bool) invitationJSON {
	j := invitationJSON{
		ID:             nv.id,
		Object:         "invitation",
		RealmID:        nv.realmID,
		InvitationType: nv.invitationType,
		Email:          nv.email,
		OrgID:          nv.orgID,
		Permissions:    append([]string{}, nv.permissions...),
		AuthProviderID: nv.authProviderID,
		InvitingUserID: nv.invitingUserID,
		Locale:         nv.locale,
		CreatedAt:      floatTime(nv.createdAt),
		InvitedAt:      optFloatTime(nv.invitedAt),
		ExpiresAt:      intTime(nv.expiresAt),
	}
	if withToken {
		j.Token = nv.token
	}
	return j
}

// emitInvitation records invitation.<type>.<action> about nv, caused by
// the call, with its token when withToken (what an invitation email
// needs).
func (c *call) emitInvitation(nv *invitation, action string, withToken bool, fill func(*event)) {
	c.emit("invitation."+nv.invitationType+"."+action, nv.eventFill(withToken, fill))
}

// eventFill returns the fill of an event about nv: its ids, its token and
// expiry when withToken, then whatever more sets.
func (nv *invitation) eventFill(withToken bool, more func(*event)) func(*event) {
	return func(ev *event) {
		ev.invitationID, ev.orgID, ev.userID = nv.id, deref(nv.orgID), deref(nv.invitingUserID)
		if withToken {
			ev.token, ev.expiresAt = nv.token, timePtr(nv.expiresAt)
		}
		if more != nil {
			more(ev)
		}
	}
}

// expireInvitations deletes the invitations whose expires_at has passed,
// recording invitation.<type>.expired for each, in id order, without a
// request (see emitSystem).
func (c *call) expireInvitations() {
	var gone []*invitation
	for id, nv := range c.realm.invitations {
		if !nv.expiresAt.After(c.now) {
			gone = append(gone, nv)
			delete(c.realm.invitations, id)
		}
	}
	slices.SortFunc(gone, func(a, b *invitation) int { return strings.Compare(a.id, b.id) })
	for _, nv := range gone {
		c.emitSystem("invitation."+nv.invitationType+".expired", nv.eventFill(false, nil))
	}
}

// applyInvitation applies the attributes to a copy of nv, validates the
// result and stores it on success. invitation_type is read only when
// creating. Attributes that do not apply to the type are dropped: org_id
// and permissions outside org invitations, auth_provider_id outside
// preverify ones, inviting_user_id on request ones. The ids that remain
// must name an org, a user and an auth provider of the realm.
func (c *call) applyInvitation(nv *invitation, a attrs, creating bool) *apiError {
	next := *nv
	var v verrs
	if s, present, ok := a.str("invitation_type"); creating && present {
		if !ok || s == nil || !slices.Contains(invitationTypes, strings.TrimSpace(*s)) {
			v.attr("inclusion", "invitation_type")
		} else {
			next.invitationType = strings.TrimSpace(*s)
		}
	}
	if s, present, ok := a.str("email"); present {
		if !ok {
			v.attr("invalid", "email")
		} else {
			next.email = strings.ToLower(strings.TrimSpace(deref(s)))
		}
	}
	for _, f := range []struct {
		key string
		dst **string
	}{{"org_id", &next.orgID}, {"auth_provider_id", &next.authProviderID}, {"inviting_user_id", &next.invitingUserID}} {
		id, present, ok := idAttr(a, f.key)
		if !ok {
			v.attr("invalid", f.key)
		}
		if present {
			*f.dst = nonBlank(id)
		}
	}
	if raw, ok := a["permissions"]; ok {
		next.permissions = parsePermissions(raw, &v)
	}
	if s, present, ok := a.str("locale"); present {
		next.locale = strings.TrimSpace(deref(s))
		if !ok {
			v.attr("invalid", "locale")
		}
		if next.locale == "" {
			next.locale = defaultInvitationLocale
		}
	}
	if raw, ok := a["expires_at"]; ok {
		t, ok := parseTime(raw)
		switch {
		case !ok:
			v.attr("invalid", "expires_at")
		case t != nil:
			next.expiresAt = *t
		}
	}
	if next.invitationType != "org" {
		next.orgID, next.permissions = nil, nil
	}
	if next.invitationType != "preverify" {
		next.authProviderID = nil
	}
	if next.invitationType == "request" {
		next.invitingUserID = nil
	}
	// Validation of the resulting invitation, in a stable order.
	var out verrs
	if next.invitationType == "" && !slices.ContainsFunc(v, func(x msg) bool { return x.args["attr"] == "invitation_type" }) {
		out.attr("blank", "invitation_type")
	}
	switch {
	case next.email == "":
		out.attr("blank", "email")
	case !emailPattern.MatchString(next.email):
		out.attr("invalid", "email")
	}
	switch {
	case next.invitationType == "org" && next.orgID == nil:
		out.attr("blank", "org")
	case next.orgID != nil && c.realm.orgs[*next.orgID] == nil:
		out.add(m("org_not_found"))
	}
	switch {
	case next.invitationType == "referral" && next.invitingUserID == nil:
		out.attr("blank", "inviting_user")
	case next.invitingUserID != nil && c.realm.users[*next.invitingUserID] == nil:
		out.add(m("inviter_not_found"))
	}
	if next.authProviderID != nil && c.realm.authProviders[*next.authProviderID] == nil {
		out.add(m("auth_provider_not_found"))
	}
	out = append(out, v...)
	if aerr := out.err(); aerr != nil {
		return aerr
	}
	*nv = next
	return nil
}

// listInvitations handles GET /v2/invitations: filters org_id,
// invitation_type, email, inviting_user_id; sort id (default), email or
// created_at. Rows leave the token out.
func listInvitations(c *call) (int, any, *apiError) {
	orgIDs, types := c.query.filter("org_id"), c.query.filter("invitation_type")
	emails, inviters := c.query.filter("email"), c.query.filter("inviting_user_id")
	return listSorted(c, c.realm.invitations, listSpec[*invitation]{
		sorts: byEmailOrCreated(func(nv *invitation) (string, time.Time) { return nv.email, nv.createdAt }),
		keep: func(nv *invitation) bool {
			return matchAny(orgIDs, nv.orgID, false) && matchAny(types, &nv.invitationType, false) &&
				matchAny(emails, &nv.email, true) && matchAny(inviters, nv.invitingUserID, false)
		},
	}, always(func(nv *invitation) invitationJSON { return nv.render(false) }))
}

// getInvitation handles GET /v2/invitations/:id.
func getInvitation(c *call) (int, any, *apiError) {
	nv, aerr := lookupIn(c, c.realm.invitations)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, nv.render(false), nil
}

// createInvitation handles POST /v2/invitations: 201 with the invitation
// and its token. It expires 30 days on unless expires_at says otherwise.
func createInvitation(c *call) (int, any, *apiError) {
	nv := &invitation{
		realmID:   c.realm.id,
		locale:    defaultInvitationLocale,
		token:     randomAlnum(32),
		createdAt: c.now,
		expiresAt: c.now.Add(invitationLifetime),
	}
	if aerr := c.applyInvitation(nv, rootAttrs(c.body, "invitation"), true); aerr != nil {
		return 0, nil, aerr
	}
	nv.id = c.e.newID("nvt_")
	c.realm.invitations[nv.id] = nv
	c.emitInvitation(nv, "created", true, nil)
	return http.StatusCreated, nv.render(true), nil
}

// updateInvitation handles PUT /v2/invitations/:id (invitation_type cannot
// change and is ignored).
func updateInvitation(c *call) (int, any, *apiError) {
	nv, aerr := lookupIn(c, c.realm.invitations)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyInvitation(nv, rootAttrs(c.body, "invitation"), false); aerr != nil {
		return 0, nil, aerr
	}
	c.emitInvitation(nv, "updated", false, nil)
	return http.StatusOK, nv.render(false), nil
}

// deleteInvitation handles DELETE /v2/invitations/:id and answers the
// deleted invitation.
func deleteInvitation(c *call) (int, any, *apiError) {
	nv, aerr := lookupIn(c, c.realm.invitations)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.invitations, nv.id)
	return http.StatusOK, nv.render(false), nil
}

// inviteInvitation handles POST /v2/invitations/:id/invite: it "sends" the
// invitation, setting invited_at, and records invitation.<type>.invited
// with the token (for the email).
func inviteInvitation(c *call) (int, any, *apiError) {
	nv, aerr := lookupIn(c, c.realm.invitations)
	if aerr != nil {
		return 0, nil, aerr
	}
	now := c.now
	nv.invitedAt = &now
	c.emitInvitation(nv, "invited", true, nil)
	return http.StatusOK, nv.render(false), nil
}

// acceptInvitation handles POST /v2/users/:id/accept_invitation ({user:
// {token}}): the user accepts the invitation whose token it is, whatever
// email it was sent to. An org invitation makes the user a member of its
// org with its permissions (a membership the user already has stays as
// it is); a preverify invitation to the user's own email verifies it. The
// invitation is then used up. It answers the user.
func acceptInvitation(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	raw, _, _ := rootAttrs(c.body, "user").str("token")
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return 0, nil, verrs{attrMsg("blank", "token")}.err()
	}
	nv, _ := firstByID(c.realm.invitations, func(x *invitation) bool { return x.token == strings.TrimSpace(*raw) })
	if nv == nil {
		return 0, nil, verrs{attrMsg("invalid", "token")}.err()
	}
	var mb *membership
	if nv.invitationType == "org" {
		if c.realm.orgs[deref(nv.orgID)] == nil {
			return 0, nil, verrs{m("org_not_found")}.err()
		}
		member := false
		for _, x := range c.realm.memberships {
			member = member || (x.userID == u.id && x.orgID == *nv.orgID)
		}
		if !member {
			mb = &membership{id: c.e.newID("mb_"), orgID: *nv.orgID, userID: u.id,
				permissions: append([]string{}, nv.permissions...), createdAt: c.now}
			c.realm.memberships[mb.id] = mb
		}
	}
	if nv.invitationType == "preverify" && nv.email == u.email {
		u.emailVerification = "verified"
	}
	delete(c.realm.invitations, nv.id)
	c.emitInvitation(nv, "accepted", false, func(ev *event) { ev.userID = u.id })
	if mb != nil {
		c.emit("membership.created", func(ev *event) {
			ev.membershipID, ev.userID, ev.orgID = mb.id, mb.userID, mb.orgID
		})
	}
	return http.StatusOK, u.render(true), nil
}
