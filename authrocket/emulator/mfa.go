package emulator

import (
	"net/http"
	"strings"
	"time"
)

// mfaTokenLifetime is how long a tmf: token from authenticate can finish
// the login (a guess; AuthRocket does not document it).
const mfaTokenLifetime = 15 * time.Minute

// mfaToken is an issued tmf: token: whose login it continues, until when.
type mfaToken struct {
	userID    string
	expiresAt time.Time
}

// issueMFAToken starts a login that needs a second factor: it stores a new
// single-use tmf: token for u and records user.login.initiated.
func (c *call) issueMFAToken(u *user) tokenJSON {
	for tok, t := range c.realm.mfaTokens {
		if !t.expiresAt.After(c.now) {
			delete(c.realm.mfaTokens, tok)
		}
	}
	tok := "tmf:" + randomAlnum(40)
	exp := c.now.Add(mfaTokenLifetime)
	c.realm.mfaTokens[tok] = &mfaToken{userID: u.id, expiresAt: exp}
	c.emit("user.login.initiated", func(ev *event) { ev.userID, ev.token, ev.expiresAt = u.id, tok, &exp })
	return tokenJSON{Object: "token", Token: tok, UserID: u.id}
}

// authenticateToken handles POST /v2/users/authenticate_token
// ({user: {token, code}}): a live tmf: token and a current TOTP code of the
// token's user give a session (201). The token is used up by success only.
// An unknown, used or expired token is 422 "Token is invalid or has
// expired"; a wrong code (or an inactive user) 422 "Login failed".
func authenticateToken(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "user")
	tok, _, _ := a.str("token")
	var t *mfaToken
	if tok != nil {
		t = c.realm.mfaTokens[strings.TrimSpace(*tok)]
	}
	var u *user
	if t != nil {
		u = c.realm.users[t.userID]
	}
	if u == nil || !t.expiresAt.After(c.now) {
		return 0, nil, newError(http.StatusUnprocessableEntity, "mfa_token_invalid")
	}
	code, _, _ := a.str("code")
	if code == nil || u.state != "active" || !u.checkTOTP(*code, c.now) {
		c.emit("user.login.failed", func(ev *event) { ev.userID = u.id })
		return 0, nil, newError(http.StatusUnprocessableEntity, "login_failed")
	}
	delete(c.realm.mfaTokens, strings.TrimSpace(*tok))
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
