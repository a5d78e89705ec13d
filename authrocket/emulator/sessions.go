package emulator

import (
	"net/http"
	"time"
)

// session is a login session of a user, with the JWT issued for it.
type session struct {
	id          string
	userID      string
	clientAppID *string // the OAuth2 client app of a session from an OAuth2 code
	createdAt   time.Time
	expiresAt   time.Time
	token       string
	request     map[string]any // the end user's request ({ip, client}), if given
}

// sessionJSON is the JSON shape of a session.
type sessionJSON struct {
	ID          string         `json:"id"`
	Object      string         `json:"object"`
	UserID      string         `json:"user_id"`
	ClientAppID *string        `json:"client_app_id"`
	CreatedAt   floatTime      `json:"created_at"`
	ExpiresAt   intTime        `json:"expires_at"`
	Token       string         `json:"token,omitempty"`
	Request     map[string]any `json:"request"`
}

// render returns the session's JSON shape, with its token.
func (s *session) render() sessionJSON {
	return sessionJSON{
		ID:          s.id,
		Object:      "session",
		UserID:      s.userID,
		ClientAppID: s.clientAppID,
		CreatedAt:   floatTime(s.createdAt),
		ExpiresAt:   intTime(s.expiresAt),
		Token:       s.token,
		Request:     s.request,
	}
}

// newSession creates and stores a session for u with a signed JWT. The
// session lasts the realm's session_minutes; the JWT its jwt_minutes.
func (c *call) newSession(u *user) (*session, *apiError) {
	return c.startSession(u, c.e.newID("kss_"), nil)
}

// startSession is newSession with the session's id and OAuth2 client app
// given.
func (c *call) startSession(u *user, id string, clientAppID *string) (*session, *apiError) {
	rl := c.realm
	s := &session{
		id:          id,
		userID:      u.id,
		clientAppID: clientAppID,
		createdAt:   c.now,
		expiresAt:   c.now.Add(time.Duration(rl.sessionMinutes) * time.Minute),
	}
	if req, ok := c.body["request"].(map[string]any); ok {
		s.request = req
	}
	exp := c.now.Add(time.Duration(rl.jwtMinutes) * time.Minute)
	tok, err := signJWT(rl, sessionClaims(rl, u, s.id, c.now, exp))
	if err != nil {
		return nil, &apiError{status: http.StatusInternalServerError, msgs: []msg{m("fault_5xx")}}
	}
	s.token = tok
	rl.addSession(s)
	return s, nil
}

// addSession stores s, by id and by token.
func (rl *realm) addSession(s *session) {
	rl.sessions[s.id] = s
	rl.sessionJWTs[s.token] = s
}

// dropSession deletes s.
func (rl *realm) dropSession(s *session) {
	delete(rl.sessions, s.id)
	delete(rl.sessionJWTs, s.token)
}

// expireSessions deletes the sessions that have expired, then the OAuth2
// sessions that are no longer alive (their code expired unexchanged, or
// the session they started ended).
func (rl *realm) expireSessions(now time.Time) {
	for _, s := range rl.sessions {
		if !s.expiresAt.After(now) {
			rl.dropSession(s)
		}
	}
	for id, o := range rl.oauth2Sessions {
		if !o.alive(rl, now) {
			delete(rl.oauth2Sessions, id)
		}
	}
}

// lookupSession finds the session named by the first path parameter, its
// kss_ id or its JWT, if it has not expired.
func (c *call) lookupSession() (*session, *apiError) {
	s, ok := c.realm.sessions[c.params[0]]
	if !ok {
		s, ok = c.realm.sessionJWTs[c.params[0]]
	}
	if !ok || !s.expiresAt.After(c.now) {
		return nil, errNotFound()
	}
	return s, nil
}

// listSessions handles GET /v2/sessions: the active sessions, filtered by
// user_id; sort id. List rows leave the token out.
func listSessions(c *call) (int, any, *apiError) {
	userIDs := c.query.filter("user_id")
	return listSorted(c, c.realm.sessions, listSpec[*session]{
		keep: func(s *session) bool { return s.expiresAt.After(c.now) && matchAny(userIDs, &s.userID, false) },
	}, always(func(s *session) sessionJSON {
		j := s.render()
		j.Token = ""
		return j
	}))
}

// getSession handles GET /v2/sessions/:id (a kss_ id or the session's JWT).
func getSession(c *call) (int, any, *apiError) {
	s, aerr := c.lookupSession()
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, s.render(), nil
}

// sessionUser reads user_id and returns the user a new session is for, or
// adds to v why there cannot be one: no user named, not found, or inactive
// ("User is inactive"; authenticate refuses an inactive user too, as
// "Login failed").
func (c *call) sessionUser(a attrs, v *verrs) *user {
	u := c.userRef(a, v)
	if u != nil && u.state != "active" {
		v.add(m("user_inactive"))
		return nil
	}
	return u
}

// createSession handles POST /v2/sessions: a session, with a JWT, for the
// user user_id names, which must be active (422 otherwise).
func createSession(c *call) (int, any, *apiError) {
	var v verrs
	u := c.sessionUser(rootAttrs(c.body, "session"), &v)
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	s, aerr := c.newSession(u)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusCreated, s.render(), nil
}

// deleteSession handles DELETE /v2/sessions/:id and answers the deleted
// session.
func deleteSession(c *call) (int, any, *apiError) {
	s, aerr := c.lookupSession()
	if aerr != nil {
		return 0, nil, aerr
	}
	c.realm.dropSession(s)
	c.emit("session.deleted", func(ev *event) { ev.sessionID, ev.userID = s.id, s.userID })
	j := s.render()
	j.Token = ""
	return http.StatusOK, j, nil
}
