package emulator

import (
	"net/http"
	"time"
)

// listStates are the list_state values the emulator accepts (a guess:
// AuthRocket's SDK names the attribute only).
var listStates = []string{"subscribed", "unsubscribed", "pending"}

// mailingListSubscription is a user's subscription to the list of a
// mailing-list hook.
type mailingListSubscription struct {
	id        string
	userID    string
	hookID    string
	listState string
	createdAt time.Time
}

// mailingListSubscriptionJSON is the JSON shape of a subscription.
type mailingListSubscriptionJSON struct {
	ID        string    `json:"id"`
	Object    string    `json:"object"`
	UserID    string    `json:"user_id"`
	HookID    string    `json:"hook_id"`
	ListState string    `json:"list_state"`
	CreatedAt floatTime `json:"created_at"`
}

// render returns the subscription's JSON shape.
func (s *mailingListSubscription) render() mailingListSubscriptionJSON {
	return mailingListSubscriptionJSON{
		ID:        s.id,
		Object:    "mailing_list_subscription",
		UserID:    s.userID,
		HookID:    s.hookID,
		ListState: s.listState,
		CreatedAt: floatTime(s.createdAt),
	}
}

// pruneSubscriptions deletes the subscriptions whose user or hook is gone.
func (rl *realm) pruneSubscriptions() {
	for id, s := range rl.mailingListSubscriptions {
		if rl.users[s.userID] == nil || rl.hooks[s.hookID] == nil {
			delete(rl.mailingListSubscriptions, id)
		}
	}
}

// lookupSubscription finds the subscription named by the first path
// parameter (after dropping those of deleted users and hooks) or 404s.
func (c *call) lookupSubscription() (*mailingListSubscription, *apiError) {
	c.realm.pruneSubscriptions()
	return lookupIn(c, c.realm.mailingListSubscriptions)
}

// listMailingListSubscriptions handles GET /v2/mailing_list_subscriptions:
// filters user_id, hook_id, list_state; sort id.
func listMailingListSubscriptions(c *call) (int, any, *apiError) {
	c.realm.pruneSubscriptions()
	users, hooks, states := c.query.filter("user_id"), c.query.filter("hook_id"), c.query.filter("list_state")
	return listSorted(c, c.realm.mailingListSubscriptions, listSpec[*mailingListSubscription]{keep: func(s *mailingListSubscription) bool {
		return matchAny(users, &s.userID, false) && matchAny(hooks, &s.hookID, false) && matchAny(states, &s.listState, false)
	}}, always((*mailingListSubscription).render))
}

// getMailingListSubscription handles GET /v2/mailing_list_subscriptions/:id.
func getMailingListSubscription(c *call) (int, any, *apiError) {
	s, aerr := c.lookupSubscription()
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, s.render(), nil
}

// createMailingListSubscription handles POST
// /v2/mailing_list_subscriptions: user_id must name a user of the realm,
// hook_id a mailing-list hook; one subscription per user and hook.
func createMailingListSubscription(c *call) (int, any, *apiError) {
	c.realm.pruneSubscriptions()
	a := rootAttrs(c.body, "mailing_list_subscription")
	s := &mailingListSubscription{listState: "subscribed", createdAt: c.now}
	var v verrs
	if u := c.userRef(a, &v); u != nil {
		s.userID = u.id
	}
	if h, ok := refAttr(a, "hook_id", c.realm.hooks, "hook", "hook_not_found", &v); ok {
		s.hookID = h.id
		if h.hookType != "mailing_list" {
			v.add(m("hook_not_mailing_list"))
		}
	}
	choice(a, "list_state", &s.listState, listStates, &v)
	for _, o := range c.realm.mailingListSubscriptions {
		if o.userID == s.userID && o.hookID == s.hookID {
			v.attr("taken", "user")
			break
		}
	}
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	s.id = c.e.newID("mls_")
	c.realm.mailingListSubscriptions[s.id] = s
	return http.StatusCreated, s.render(), nil
}

// updateMailingListSubscription handles PUT
// /v2/mailing_list_subscriptions/:id: list_state only (user_id and hook_id
// cannot change and are ignored).
func updateMailingListSubscription(c *call) (int, any, *apiError) {
	s, aerr := c.lookupSubscription()
	if aerr != nil {
		return 0, nil, aerr
	}
	var v verrs
	state := s.listState
	choice(rootAttrs(c.body, "mailing_list_subscription"), "list_state", &state, listStates, &v)
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	s.listState = state
	return http.StatusOK, s.render(), nil
}

// deleteMailingListSubscription handles DELETE
// /v2/mailing_list_subscriptions/:id and answers the deleted subscription.
func deleteMailingListSubscription(c *call) (int, any, *apiError) {
	s, aerr := c.lookupSubscription()
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.mailingListSubscriptions, s.id)
	return http.StatusOK, s.render(), nil
}
