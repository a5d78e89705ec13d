package emulator

import "time"

// event is one entry of a realm's event log (authrocket-api.md §4.15): what
// an action produced. Handlers record events with call.emit; GET /v2/events
// serves them.
type event struct {
	id        string
	eventType string // e.g. "user.created", "invitation.org.accepted"
	at        time.Time

	// The resources the event is about, as ids ("" when not applicable).
	userID, orgID, membershipID, invitationID, authProviderID, sessionID string

	token     string         // a token the action produced (tve:, tpw:, …), if any
	expiresAt *time.Time     // the token's expiry, if any
	request   map[string]any // the end user's request ({ip, client}) from the call's body, if any
}

// emit records an event of eventType in the call's realm, at the call's
// time, with the call's "request" object; fill sets the event's resource
// ids and token. It returns the event. The caller holds e.mu (every
// handler does).
func (c *call) emit(eventType string, fill func(*event)) *event {
	ev := &event{id: c.e.newID("ev_"), eventType: eventType, at: c.now}
	if req, ok := c.body["request"].(map[string]any); ok {
		ev.request = req
	}
	if fill != nil {
		fill(ev)
	}
	c.realm.events = append(c.realm.events, ev)
	return ev
}
