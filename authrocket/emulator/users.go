package emulator

import (
	"net/http"
	"regexp"
	"strings"
	"time"
)

// user is one user of a realm.
type user struct {
	id                string
	realmID           string
	state             string
	email             string
	emailPending      *string
	emailVerification string
	firstName         *string
	lastName          *string
	username          *string
	locale            *string
	reference         *string
	custom            map[string]any
	createdAt         time.Time
	lastLoginAt       *time.Time

	creds []*credential // in creation (id) order; see credentials.go
}

// emailPattern is the emulator's basic email format check.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`)

// displayName is the auto-built name: "first last" trimmed, else the
// email.
func (u *user) displayName() string {
	n := strings.TrimSpace(deref(u.firstName) + " " + deref(u.lastName))
	if n == "" {
		return u.email
	}
	return n
}

// userJSON is the JSON shape of a user.
type userJSON struct {
	ID                string            `json:"id"`
	Object            string            `json:"object"`
	RealmID           string            `json:"realm_id"`
	State             string            `json:"state"`
	Email             string            `json:"email"`
	EmailPending      *string           `json:"email_pending"`
	EmailVerification string            `json:"email_verification"`
	FirstName         *string           `json:"first_name"`
	LastName          *string           `json:"last_name"`
	Name              string            `json:"name"`
	Username          *string           `json:"username"`
	Locale            *string           `json:"locale"`
	Reference         *string           `json:"reference"`
	Custom            map[string]any    `json:"custom"`
	CreatedAt         floatTime         `json:"created_at"`
	LastLoginAt       *floatTime        `json:"last_login_at"`
	Credentials       *[]credentialJSON `json:"credentials,omitempty"`
}

// render returns the user's JSON shape; withCreds embeds credentials (on
// single-object answers).
func (u *user) render(withCreds bool) userJSON {
	j := userJSON{
		ID:                u.id,
		Object:            "user",
		RealmID:           u.realmID,
		State:             u.state,
		Email:             u.email,
		EmailPending:      u.emailPending,
		EmailVerification: u.emailVerification,
		FirstName:         u.firstName,
		LastName:          u.lastName,
		Name:              u.displayName(),
		Username:          u.username,
		Locale:            u.locale,
		Reference:         u.reference,
		Custom:            u.custom,
		CreatedAt:         floatTime(u.createdAt),
		LastLoginAt:       optFloatTime(u.lastLoginAt),
	}
	if j.Custom == nil {
		j.Custom = map[string]any{}
	}
	if withCreds {
		creds := make([]credentialJSON, 0, len(u.creds))
		for _, cr := range u.creds {
			creds = append(creds, cr.render(u.id))
		}
		j.Credentials = &creds
	}
	return j
}

// findUser looks a user up by id, email (case-insensitive) or username
// (case-insensitive).
func (rl *realm) findUser(key string) *user {
	if u, ok := rl.users[key]; ok {
		return u
	}
	match := func(u *user) bool { return u.username != nil && strings.EqualFold(*u.username, key) }
	if strings.Contains(key, "@") {
		match = func(u *user) bool { return strings.EqualFold(u.email, key) }
	}
	u, _ := firstByID(rl.users, match)
	return u
}

// userFields lists the writable user attributes, in validation order.
var userFields = []string{
	"email", "email_pending", "username", "password", "password_confirmation",
	"first_name", "last_name", "locale", "reference", "state", "email_verification", "custom",
}

// profileFields are the attributes PUT users/:id/profile accepts.
var profileFields = []string{"email", "first_name", "last_name", "password", "password_confirmation", "username"}

// applyUser applies the given attributes (only those in fields) to a copy
// of u, validates the result, and on success stores it. It returns the new
// password to set, if any.
func (c *call) applyUser(u *user, a attrs, fields []string) *apiError {
	next := *u
	var v verrs
	var pw *string
	for _, f := range fields {
		raw, present := a[f]
		if !present {
			continue
		}
		switch f {
		case "email":
			s, ok := scalarString(raw)
			if !ok {
				v.attr("invalid", f)
				continue
			}
			next.email = strings.ToLower(strings.TrimSpace(s))
		case "email_pending", "username", "first_name", "last_name", "locale", "reference":
			s, ok := scalarString(raw)
			if !ok {
				v.attr("invalid", f)
				continue
			}
			var val *string
			if s = strings.TrimSpace(s); s != "" {
				val = &s
			}
			switch f {
			case "email_pending":
				if val != nil {
					lower := strings.ToLower(*val)
					val = &lower
				}
				next.emailPending = val
			case "username":
				next.username = val
			case "first_name":
				next.firstName = val
			case "last_name":
				next.lastName = val
			case "locale":
				next.locale = val
			case "reference":
				next.reference = val
			}
		case "password":
			s, ok := scalarString(raw)
			if !ok {
				v.attr("invalid", f)
				continue
			}
			if s != "" {
				pw = &s
			}
		case "state":
			s, _ := scalarString(raw)
			if s != "active" && s != "inactive" {
				v.attr("inclusion", f)
				continue
			}
			next.state = s
		case "email_verification":
			s, _ := scalarString(raw)
			if s != "none" && s != "requested" && s != "verified" {
				v.attr("inclusion", f)
				continue
			}
			next.emailVerification = s
		case "custom":
			cs, ok := customAttr(raw)
			if !ok {
				v.attr("invalid", f)
				continue
			}
			next.custom = cs
		}
	}
	// Validation of the resulting user, in a stable order.
	var out verrs
	switch {
	case next.email == "":
		out.attr("blank", "email")
	case !emailPattern.MatchString(next.email):
		out.attr("invalid", "email")
	default:
		for _, o := range c.realm.users {
			if o.id != u.id && o.email == next.email {
				out.attr("taken", "email")
				break
			}
		}
	}
	if next.emailPending != nil && !emailPattern.MatchString(*next.emailPending) {
		out.attr("invalid", "email_pending")
	}
	if next.username != nil {
		for _, o := range c.realm.users {
			if o.id != u.id && o.username != nil && strings.EqualFold(*o.username, *next.username) {
				out.attr("taken", "username")
				break
			}
		}
	}
	if pw != nil {
		out = append(out, c.realm.passwordErrors(*pw)...)
		if conf, present, _ := a.str("password_confirmation"); present && contains(fields, "password_confirmation") {
			if conf == nil || *conf != *pw {
				out.add(m("confirmation", "attr", "password_confirmation", "other", "password"))
			}
		}
	}
	out = append(out, v...)
	if aerr := out.err(); aerr != nil {
		return aerr
	}
	*u = next
	if pw != nil {
		u.setPassword(c.e, *pw, c.now)
	}
	return nil
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// deref returns *s or "".
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// userRef reads user_id and returns the realm's user it names, or adds to v
// "User can't be blank" or "User not found" and returns nil.
func (c *call) userRef(a attrs, v *verrs) *user {
	u, _ := refAttr(a, "user_id", c.realm.users, "user", "user_not_found", v)
	return u
}

// lookupUser finds the user named by the first path parameter or 404s.
func (c *call) lookupUser() (*user, *apiError) {
	u := c.realm.findUser(c.params[0])
	if u == nil {
		return nil, errNotFound()
	}
	return u, nil
}

// listUsers handles GET /v2/users: filters email, username, reference,
// state; sort id (default), email or created_at.
func listUsers(c *call) (int, any, *apiError) {
	emails, usernames := c.query.filter("email"), c.query.filter("username")
	refs, states := c.query.filter("reference"), c.query.filter("state")
	return listSorted(c, c.realm.users, listSpec[*user]{
		sorts: byEmailOrCreated(func(u *user) (string, time.Time) { return u.email, u.createdAt }),
		keep: func(u *user) bool {
			return matchAny(emails, &u.email, true) && matchAny(usernames, u.username, true) &&
				matchAny(refs, u.reference, false) && matchAny(states, &u.state, false)
		},
	}, always(func(u *user) userJSON { return u.render(false) }))
}

// getUser handles GET /v2/users/:id_or_email_or_username.
func getUser(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, u.render(true), nil
}

// createUser handles POST /v2/users.
func createUser(c *call) (int, any, *apiError) {
	u := &user{
		realmID:           c.realm.id,
		state:             "active",
		emailVerification: "none",
		custom:            map[string]any{},
		createdAt:         c.now,
	}
	a := rootAttrs(c.body, "user")
	if aerr := c.applyUser(u, a, userFields); aerr != nil {
		return 0, nil, aerr
	}
	u.id = c.e.newID("usr_")
	c.realm.users[u.id] = u
	c.emit("user.created", func(ev *event) { ev.userID = u.id })
	return http.StatusCreated, u.render(true), nil
}

// updateUser handles PUT /v2/users/:id: only the attributes given change.
func updateUser(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyUser(u, rootAttrs(c.body, "user"), userFields); aerr != nil {
		return 0, nil, aerr
	}
	c.emit("user.updated", func(ev *event) { ev.userID = u.id })
	return http.StatusOK, u.render(true), nil
}

// updateProfile handles PUT /v2/users/:id/profile.
func updateProfile(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyUser(u, rootAttrs(c.body, "user"), profileFields); aerr != nil {
		return 0, nil, aerr
	}
	c.emit("user.profile.updated", func(ev *event) { ev.userID = u.id })
	return http.StatusOK, u.render(true), nil
}

// updatePassword handles PUT /v2/users/:id/update_password.
func updatePassword(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	a := rootAttrs(c.body, "user")
	cur, _, _ := a.str("current_password")
	if cur == nil || !u.checkPassword(*cur) {
		return 0, nil, newError(http.StatusUnprocessableEntity, "current_password")
	}
	if pw, _, _ := a.str("password"); pw == nil || *pw == "" {
		return 0, nil, verrs{attrMsg("blank", "password")}.err()
	}
	fields := []string{"password", "password_confirmation"}
	if aerr := c.applyUser(u, a, fields); aerr != nil {
		return 0, nil, aerr
	}
	c.emit("user.password.updated", func(ev *event) { ev.userID = u.id })
	return http.StatusOK, u.render(true), nil
}

// deleteUser handles DELETE /v2/users/:id: a hard delete that also removes
// the user's memberships and sessions. It answers the deleted user.
func deleteUser(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.users, u.id)
	c.emit("user.deleted", func(ev *event) { ev.userID = u.id })
	for id, mb := range c.realm.memberships {
		if mb.userID == u.id {
			delete(c.realm.memberships, id)
		}
	}
	for _, s := range c.realm.sessions {
		if s.userID == u.id {
			c.realm.dropSession(s)
		}
	}
	return http.StatusOK, u.render(true), nil
}

// authenticateUser handles POST /v2/users/:id/authenticate: 201 with a
// session and its JWT, or with a tmf: token when the user has a second
// factor (see mfa.go); 422 "Login failed" for a wrong password, a user
// without a password, an inactive user or an inactive password provider.
func authenticateUser(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	pw, _, _ := rootAttrs(c.body, "user").str("password")
	if pw == nil || u.state != "active" || !c.realm.passwordLoginActive() || !u.checkPassword(*pw) {
		c.emit("user.login.failed", func(ev *event) { ev.userID = u.id })
		return 0, nil, newError(http.StatusUnprocessableEntity, "login_failed")
	}
	if u.hasActiveMFA(c.realm) {
		return http.StatusCreated, c.issueMFAToken(u), nil
	}
	return c.login(u, "")
}
