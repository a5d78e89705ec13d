package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Event log limits. The 30-day window is AuthRocket 1's documented default.
const (
	// defaultEventWindow is how far back GET /v2/events looks when the
	// caller sends no created_at_after.
	defaultEventWindow = 30 * 24 * time.Hour
	// maxEventsPerRealm bounds a realm's log; the oldest events go first,
	// as AuthRocket drops events older than the plan's history period.
	maxEventsPerRealm = 10000
)

// event is one entry of a realm's event log: what an action produced.
// Handlers record events with call.emit; GET /v2/events serves them.
type event struct {
	id        string
	eventType string // e.g. "user.created", "invitation.org.accepted"
	at        time.Time

	// The resources the event is about, as ids ("" when not applicable).
	userID, orgID, membershipID, invitationID, authProviderID, sessionID string

	token     string         // a token the action produced (tve:, tpw:, …), if any
	expiresAt *time.Time     // the token's expiry, if any
	request   map[string]any // the end user's request ({ip, client}) from the call's body, if any

	notifications []*notification // one per active hook of the event's type
}

// notification is what one hook did about an event. The emulator makes no
// outgoing calls: an email or mailing-list hook's notification is completed at
// once (nothing is sent); a webhook's stays in_progress with no attempt.
type notification struct {
	id            string
	hookID        string
	hookType      string
	state         string
	attempts      int
	lastAttemptAt *time.Time
	lastDest      *string
	lastResult    *string
}

// emulatedResult is the last_result of a notification the emulator
// "delivered" without sending anything.
const emulatedResult = "emulated: nothing was sent"

// emit records an event of eventType that the call's own action caused,
// in the call's realm, at the call's time, with the call's "request"
// object; fill sets the event's resource ids and token. The realm's active
// hooks for eventType add their notifications. It returns the event. The
// caller holds e.mu (every handler does).
func (c *call) emit(eventType string, fill func(*event)) *event {
	req, _ := c.body["request"].(map[string]any)
	return c.logEvent(eventType, req, fill)
}

// emitSystem is emit for an event the emulator causes on its own during the
// call (an expiry): it carries no request, since the call's end user did
// not cause it.
func (c *call) emitSystem(eventType string, fill func(*event)) *event {
	return c.logEvent(eventType, nil, fill)
}

// logEvent stores an event with request; see emit.
func (c *call) logEvent(eventType string, request map[string]any, fill func(*event)) *event {
	ev := &event{id: c.e.newID("ev_"), eventType: eventType, at: c.now, request: request}
	if fill != nil {
		fill(ev)
	}
	for _, h := range c.realm.sortedHooks() {
		if h.state == "active" && h.eventType == eventType {
			ev.notifications = append(ev.notifications, c.notify(h, ev))
		}
	}
	rl := c.realm
	if len(rl.events) >= maxEventsPerRealm {
		rl.events = slices.Delete(rl.events, 0, len(rl.events)-maxEventsPerRealm+1)
	}
	rl.events = append(rl.events, ev)
	return ev
}

// notify returns hook h's notification of ev.
func (c *call) notify(h *hook, ev *event) *notification {
	n := &notification{id: c.e.newID("ent_"), hookID: h.id, hookType: h.hookType, state: "in_progress"}
	if h.hookType == "webhook" {
		return n
	}
	at, result := c.now, emulatedResult
	n.state, n.attempts, n.lastAttemptAt, n.lastResult = "completed", 1, &at, &result
	switch {
	case h.hookType == "mailing_list":
		n.lastDest = h.listID
	case h.emailTo != nil:
		n.lastDest = h.emailTo
	case c.realm.users[ev.userID] != nil:
		email := c.realm.users[ev.userID].email
		n.lastDest = &email
	}
	return n
}

// eventJSON is the JSON shape of an event. Resource ids the event is not
// about are left out.
type eventJSON struct {
	ID             string              `json:"id"`
	Object         string              `json:"object"`
	EventType      string              `json:"event_type"`
	EventAt        floatTime           `json:"event_at"`
	RealmID        string              `json:"realm_id"`
	UserID         string              `json:"user_id,omitempty"`
	OrgID          string              `json:"org_id,omitempty"`
	MembershipID   string              `json:"membership_id,omitempty"`
	InvitationID   string              `json:"invitation_id,omitempty"`
	AuthProviderID string              `json:"auth_provider_id,omitempty"`
	SessionID      string              `json:"session_id,omitempty"`
	Token          string              `json:"token,omitempty"`
	ExpiresAt      *intTime            `json:"expires_at,omitempty"`
	Request        map[string]any      `json:"request"`
	Notifications  *[]notificationJSON `json:"notifications,omitempty"`
}

// notificationJSON is the JSON shape of a notification.
type notificationJSON struct {
	ID              string     `json:"id"`
	Object          string     `json:"object"`
	EventID         string     `json:"event_id"`
	HookID          string     `json:"hook_id"`
	HookType        string     `json:"hook_type"`
	State           string     `json:"state"`
	Attempts        int        `json:"attempts"`
	LastAttemptAt   *floatTime `json:"last_attempt_at"`
	LastDestination *string    `json:"last_destination"`
	LastResult      *string    `json:"last_result"`
}

// render returns the event's JSON shape; withNotifications embeds its
// notifications.
func (ev *event) render(realmID string, withNotifications bool) eventJSON {
	j := eventJSON{
		ID:             ev.id,
		Object:         "event",
		EventType:      ev.eventType,
		EventAt:        floatTime(ev.at),
		RealmID:        realmID,
		UserID:         ev.userID,
		OrgID:          ev.orgID,
		MembershipID:   ev.membershipID,
		InvitationID:   ev.invitationID,
		AuthProviderID: ev.authProviderID,
		SessionID:      ev.sessionID,
		Token:          ev.token,
		ExpiresAt:      optIntTime(ev.expiresAt),
		Request:        ev.request,
	}
	if withNotifications {
		ns := make([]notificationJSON, 0, len(ev.notifications))
		for _, n := range ev.notifications {
			ns = append(ns, notificationJSON{
				ID:              n.id,
				Object:          "notification",
				EventID:         ev.id,
				HookID:          n.hookID,
				HookType:        n.hookType,
				State:           n.state,
				Attempts:        n.attempts,
				LastAttemptAt:   optFloatTime(n.lastAttemptAt),
				LastDestination: n.lastDest,
				LastResult:      n.lastResult,
			})
		}
		j.Notifications = &ns
	}
	return j
}

// eventIDFilters are the <resource>_id filters of GET /v2/events and the
// event field each one reads.
var eventIDFilters = []struct {
	param string
	field func(*event) *string
}{
	{"user_id", func(ev *event) *string { return &ev.userID }},
	{"org_id", func(ev *event) *string { return &ev.orgID }},
	{"membership_id", func(ev *event) *string { return &ev.membershipID }},
	{"invitation_id", func(ev *event) *string { return &ev.invitationID }},
	{"auth_provider_id", func(ev *event) *string { return &ev.authProviderID }},
	{"session_id", func(ev *event) *string { return &ev.sessionID }},
}

// listEvents handles GET /v2/events: filters on each <resource>_id,
// event_type (any of, each a left-anchored prefix) and created_at_after
// (default 30 days ago; empty clears it); sort id, direction desc by
// default; expand=notifications.
func listEvents(c *call) (int, any, *apiError) {
	spec := listSpec[*event]{desc: true}
	o, aerr := spec.opts(c)
	if aerr != nil {
		return 0, nil, aerr
	}
	since := c.now.Add(-defaultEventWindow)
	if v, present := c.query.get("created_at_after"); present {
		t, ok := parseTime(v)
		if !ok {
			return 0, nil, verrs{attrMsg("invalid", "created_at_after")}.err()
		}
		since = time.Time{}
		if t != nil {
			since = *t
		}
	}
	types := c.query.filter("event_type")
	ids := make([][]string, len(eventIDFilters))
	for i, f := range eventIDFilters {
		ids[i] = c.query.filter(f.param)
	}
	spec.keep = func(ev *event) bool {
		keep := !ev.at.Before(since) && matchPrefix(types, ev.eventType)
		for i, f := range eventIDFilters {
			keep = keep && matchAny(ids[i], f.field(ev), false)
		}
		return keep
	}
	all := func(yield func(string, *event) bool) {
		for _, ev := range c.realm.events {
			if !yield(ev.id, ev) {
				return
			}
		}
	}
	withNotifications := slices.Contains(c.query.all("expand"), "notifications")
	return listPage(o, all, nil, spec, always(func(ev *event) eventJSON { return ev.render(c.realm.id, withNotifications) }))
}

// matchPrefix reports whether s starts with one of prefixes (or there are
// none).
func matchPrefix(prefixes []string, s string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// getEvent handles GET /v2/events/:id: the event with its notifications.
func getEvent(c *call) (int, any, *apiError) {
	for _, ev := range c.realm.events {
		if ev.id == c.params[0] {
			return http.StatusOK, ev.render(c.realm.id, true), nil
		}
	}
	return 0, nil, errNotFound()
}
