package emulator

import (
	"net/http"
	"strings"
	"time"
)

// One-time tokens: their prefixes, as AuthRocket's, and the lifetimes the
// emulator gives them (AuthRocket's are not documented).
const (
	prefixPasswordToken = "tpw:"
	prefixVerifyToken   = "tve:"
	prefixMFAToken      = "tmf:" // lifetime: mfaTokenLifetime (mfa.go)

	passwordTokenLifetime = time.Hour
	verifyTokenLifetime   = 24 * time.Hour
)

// userToken is a one-time token handed out to a user of a realm for a
// follow-up call: reset a password (tpw:), verify an email (tve:), finish a
// login with a second factor (tmf:, in mfa.go).
type userToken struct {
	token     string // prefix + opaque random suffix
	userID    string
	email     string // tve: the address it verifies
	expiresAt time.Time
}

// tokenJSON is the JSON shape of a token.
type tokenJSON struct {
	Object string `json:"object"`
	Token  string `json:"token"`
	UserID string `json:"user_id"`
}

// render returns the token's JSON shape.
func (t *userToken) render() tokenJSON {
	return tokenJSON{Object: "token", Token: t.token, UserID: t.userID}
}

// issueToken makes a token with prefix for u that lasts lifetime, and
// stores it in the call's realm (forgetting the realm's expired tokens).
func (c *call) issueToken(prefix string, u *user, lifetime time.Duration) *userToken {
	for k, t := range c.realm.tokens {
		if !t.expiresAt.After(c.now) {
			delete(c.realm.tokens, k)
		}
	}
	t := &userToken{token: prefix + randomAlnum(40), userID: u.id, expiresAt: c.now.Add(lifetime)}
	c.realm.tokens[t.token] = t
	return t
}

// findToken returns the token raw if it has prefix, belongs to the call's
// realm, has not expired or been used, and its user still exists: 422
// "Token can't be blank" or "Token is invalid" otherwise. It does not use
// the token up; the caller deletes it from c.realm.tokens on success.
func (c *call) findToken(raw *string, prefix string) (*userToken, *user, *apiError) {
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return nil, nil, verrs{attrMsg("blank", "token")}.err()
	}
	invalid := verrs{attrMsg("invalid", "token")}.err()
	t, ok := c.realm.tokens[strings.TrimSpace(*raw)]
	if !ok || !strings.HasPrefix(t.token, prefix) || !t.expiresAt.After(c.now) {
		return nil, nil, invalid
	}
	u := c.realm.users[t.userID]
	if u == nil {
		return nil, nil, invalid
	}
	return t, u, nil
}

// generatePasswordToken handles POST /v2/users/:id/generate_password_token
// (body not wrapped): a tpw: token, recorded as user.password.resetting.
func generatePasswordToken(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	t := c.issueToken(prefixPasswordToken, u, passwordTokenLifetime)
	c.emit("user.password.resetting", func(ev *event) {
		ev.userID, ev.token, ev.expiresAt = u.id, t.token, timePtr(t.expiresAt)
	})
	return http.StatusOK, t.render(), nil
}

// resetPasswordWithToken handles POST /v2/users/reset_password_with_token
// ({user: {token, password, password_confirmation}}): it sets the password
// of the tpw: token's user, uses the token up and logs the user in. An
// inactive user gets 422 "Login failed" and nothing changes.
func resetPasswordWithToken(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "user")
	raw, _, _ := a.str("token")
	t, u, aerr := c.findToken(raw, prefixPasswordToken)
	if aerr != nil {
		return 0, nil, aerr
	}
	if u.state != "active" {
		return 0, nil, newError(http.StatusUnprocessableEntity, "login_failed")
	}
	if pw, _, _ := a.str("password"); pw == nil || *pw == "" {
		return 0, nil, verrs{attrMsg("blank", "password")}.err()
	}
	if aerr := c.applyUser(u, a, []string{"password", "password_confirmation"}); aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.tokens, t.token)
	c.emit("user.password.updated", func(ev *event) { ev.userID = u.id })
	if u.hasActiveMFA(c.realm) {
		return http.StatusCreated, c.issueMFAToken(u), nil
	}
	return c.login(u, "")
}

// verificationTarget is the address an email verification of u is for: the
// pending email change if there is one, else the email.
func (u *user) verificationTarget() string {
	if u.emailPending != nil {
		return *u.emailPending
	}
	return u.email
}

// requestEmailVerification handles POST
// /v2/users/:id/request_email_verification (body not wrapped): a tve:
// token for the user's pending email, else the email; email_verification
// becomes "requested". Recorded as user.email.verifying.
func requestEmailVerification(c *call) (int, any, *apiError) {
	u, aerr := c.lookupUser()
	if aerr != nil {
		return 0, nil, aerr
	}
	t := c.issueToken(prefixVerifyToken, u, verifyTokenLifetime)
	t.email = u.verificationTarget()
	u.emailVerification = "requested"
	c.emit("user.email.verifying", func(ev *event) {
		ev.userID, ev.token, ev.expiresAt = u.id, t.token, timePtr(t.expiresAt)
	})
	return http.StatusOK, t.render(), nil
}

// verifyEmail handles POST /v2/users/verify_email ({user: {token}}): the
// tve: token's user gets its pending email as email (if any) and
// email_verification "verified". A token for an address the user no
// longer has is invalid. Recorded as user.email.verified.
func verifyEmail(c *call) (int, any, *apiError) {
	raw, _, _ := rootAttrs(c.body, "user").str("token")
	t, u, aerr := c.findToken(raw, prefixVerifyToken)
	if aerr != nil {
		return 0, nil, aerr
	}
	if t.email != u.verificationTarget() {
		return 0, nil, verrs{attrMsg("invalid", "token")}.err()
	}
	if u.emailPending != nil {
		for _, o := range c.realm.users {
			if o.id != u.id && o.email == *u.emailPending {
				return 0, nil, verrs{attrMsg("taken", "email")}.err()
			}
		}
		u.email, u.emailPending = *u.emailPending, nil
	}
	u.emailVerification = "verified"
	delete(c.realm.tokens, t.token)
	c.emit("user.email.verified", func(ev *event) { ev.userID = u.id })
	return http.StatusOK, u.render(true), nil
}
