package emulator

import (
	"net/http"
	"time"
)

// mfaTokenLifetime is how long a tmf: token from authenticate can finish
// the login (a guess; AuthRocket does not document it).
const mfaTokenLifetime = 15 * time.Minute

// issueMFAToken starts a login that needs a second factor: a new
// single-use tmf: token for u, recorded as user.login.initiated.
func (c *call) issueMFAToken(u *user) tokenJSON {
	t := c.issueToken(prefixMFAToken, u, mfaTokenLifetime)
	c.emit("user.login.initiated", func(ev *event) { ev.userID, ev.token, ev.expiresAt = u.id, t.token, timePtr(t.expiresAt) })
	return t.render()
}

// authenticateToken handles POST /v2/users/authenticate_token
// ({user: {token, code}}): a live tmf: token and a current TOTP code of the
// token's user give a session (201). The token is used up by success only.
// An unknown, used or expired token is 422 "Token is invalid or has
// expired"; a wrong code (or an inactive user) 422 "Login failed".
func authenticateToken(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "user")
	tok, _, _ := a.str("token")
	t, u, aerr := c.findToken(tok, prefixMFAToken)
	if aerr != nil {
		return 0, nil, newError(http.StatusUnprocessableEntity, "mfa_token_invalid")
	}
	code, _, _ := a.str("code")
	if code == nil || u.state != "active" || !u.checkTOTP(*code, c.now) {
		c.emit("user.login.failed", func(ev *event) { ev.userID = u.id })
		return 0, nil, newError(http.StatusUnprocessableEntity, "login_failed")
	}
	delete(c.realm.tokens, t.token)
	return c.login(u, "")
}

// login finishes a successful login of u: a session with its JWT (201),
// last_login_at, and user.login.succeeded (with the auth provider, for a
// social login).
func (c *call) login(u *user, authProviderID string) (int, any, *apiError) {
	s, aerr := c.newSession(u)
	if aerr != nil {
		return 0, nil, aerr
	}
	now := c.now
	u.lastLoginAt = &now
	c.emit("user.login.succeeded", func(ev *event) {
		ev.userID, ev.sessionID, ev.authProviderID = u.id, s.id, authProviderID
	})
	return http.StatusCreated, s.render(), nil
}
