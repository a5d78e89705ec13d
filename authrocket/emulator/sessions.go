package emulator

import (
	"net/http"
	"time"
)

// session is a login session of a user, with the JWT issued for it.
type session struct {
	id        string
	userID    string
	createdAt time.Time
	expiresAt time.Time
	token     string
}

// sessionJSON is the JSON shape of a session (authrocket-api.md §4.5).
type sessionJSON struct {
	ID          string    `json:"id"`
	Object      string    `json:"object"`
	UserID      string    `json:"user_id"`
	ClientAppID *string   `json:"client_app_id"`
	CreatedAt   floatTime `json:"created_at"`
	ExpiresAt   intTime   `json:"expires_at"`
	Token       string    `json:"token,omitempty"`
}

// render returns the session's JSON shape, with its token.
func (s *session) render() sessionJSON {
	return sessionJSON{
		ID:        s.id,
		Object:    "session",
		UserID:    s.userID,
		CreatedAt: floatTime(s.createdAt),
		ExpiresAt: intTime(s.expiresAt),
		Token:     s.token,
	}
}

// newSession creates and stores a session for u with a signed JWT. The
// session lasts the realm's session_minutes; the JWT its jwt_minutes.
func (c *call) newSession(u *user) (*session, *apiError) {
	rl := c.realm
	s := &session{
		id:        c.e.newID("kss_"),
		userID:    u.id,
		createdAt: c.now,
		expiresAt: c.now.Add(time.Duration(rl.sessionMinutes) * time.Minute),
	}
	exp := c.now.Add(time.Duration(rl.jwtMinutes) * time.Minute)
	tok, err := signJWT(rl, sessionClaims(rl, u, s.id, c.now, exp))
	if err != nil {
		return nil, &apiError{status: http.StatusInternalServerError, msgs: []msg{m("fault_5xx")}}
	}
	s.token = tok
	rl.sessions[s.id] = s
	return s, nil
}
