package emulator

import (
	"net/http"
	"slices"
	"sort"
	"time"
)

// hookEventTypes are the event types a hook can subscribe to
// (the Ruby gem's Hook.event_types).
var hookEventTypes = []string{
	"invitation.org.created", "invitation.org.updated", "invitation.org.invited", "invitation.org.accepted", "invitation.org.expired",
	"invitation.preverify.created", "invitation.preverify.updated", "invitation.preverify.invited", "invitation.preverify.accepted", "invitation.preverify.expired",
	"invitation.referral.created", "invitation.referral.updated", "invitation.referral.invited", "invitation.referral.accepted", "invitation.referral.expired",
	"invitation.request.created", "invitation.request.updated", "invitation.request.invited", "invitation.request.accepted", "invitation.request.expired",
	"membership.created", "membership.updated", "membership.deleted",
	"org.created", "org.updated", "org.closed",
	"session.deleted",
	"user.created", "user.updated", "user.deleted",
	"user.email.updating", "user.email.verifying", "user.email.verified",
	"user.login.succeeded", "user.login.failed", "user.login.initiated",
	"user.password.resetting", "user.password.updated",
	"user.profile.updated",
}

// emailEventTypes are the event types an email hook can send
// (Hook.email_event_types).
var emailEventTypes = []string{
	"invitation.org.invited", "invitation.org.accepted",
	"invitation.preverify.invited", "invitation.referral.invited", "invitation.request.invited",
	"user.created",
	"user.email.updating", "user.email.verifying", "user.email.verified",
	"user.login.succeeded", "user.login.failed",
	"user.password.resetting", "user.password.updated",
	"user.profile.updated",
}

// hookTypes are the hook types the emulator knows: AuthRocket's webhook and
// email, and mailing_list (a guess for the hooks that mailing-list
// subscriptions belong to).
var hookTypes = []string{"webhook", "email", "mailing_list"}

// activeStates are the states of hooks and providers.
var activeStates = []string{"active", "inactive"}

// hook is one hook of a realm: what to do on events of one type.
type hook struct {
	id, realmID         string
	eventType, hookType string
	state               string
	name, description   *string
	destination         *string
	delay               *int
	accumulate          any
	emailTo             *string
	emailSubjects       map[string]any
	emailTemplates      map[string]any
	emailRenderers      map[string]any
	locales             []string
	listID              *string
	providerID          *string
	onCreate            any
	visibility          any
	createdAt           time.Time
}

// hookJSON is the JSON shape of a hook.
type hookJSON struct {
	ID                    string         `json:"id"`
	Object                string         `json:"object"`
	RealmID               string         `json:"realm_id"`
	EventType             string         `json:"event_type"`
	HookType              string         `json:"hook_type"`
	State                 string         `json:"state"`
	Name                  *string        `json:"name"`
	Description           *string        `json:"description"`
	Destination           *string        `json:"destination"`
	Delay                 *int           `json:"delay"`
	Accumulate            any            `json:"accumulate"`
	EmailTo               *string        `json:"email_to"`
	EmailSubjects         map[string]any `json:"email_subjects"`
	EmailTemplates        map[string]any `json:"email_templates"`
	EmailRenderers        map[string]any `json:"email_renderers"`
	Locales               []string       `json:"locales"`
	CurrentLocales        []string       `json:"current_locales"`
	ListID                *string        `json:"list_id"`
	MailingListProviderID *string        `json:"mailing_list_provider_id"`
	OnCreate              any            `json:"on_create"`
	Visibility            any            `json:"visibility"`
	CreatedAt             floatTime      `json:"created_at"`
}

// render returns the hook's JSON shape. current_locales are the locales
// that have an email subject or template.
func (h *hook) render() hookJSON {
	current := []string{}
	for _, m := range []map[string]any{h.emailSubjects, h.emailTemplates} {
		for k := range m {
			if !slices.Contains(current, k) {
				current = append(current, k)
			}
		}
	}
	sort.Strings(current)
	return hookJSON{
		ID:                    h.id,
		Object:                "hook",
		RealmID:               h.realmID,
		EventType:             h.eventType,
		HookType:              h.hookType,
		State:                 h.state,
		Name:                  h.name,
		Description:           h.description,
		Destination:           h.destination,
		Delay:                 h.delay,
		Accumulate:            h.accumulate,
		EmailTo:               h.emailTo,
		EmailSubjects:         orEmpty(h.emailSubjects),
		EmailTemplates:        orEmpty(h.emailTemplates),
		EmailRenderers:        orEmpty(h.emailRenderers),
		Locales:               append([]string{}, h.locales...),
		CurrentLocales:        current,
		ListID:                h.listID,
		MailingListProviderID: h.providerID,
		OnCreate:              h.onCreate,
		Visibility:            h.visibility,
		CreatedAt:             floatTime(h.createdAt),
	}
}

// orEmpty returns m, or an empty map for nil.
func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// sortedHooks returns the realm's hooks in id (creation) order.
func (rl *realm) sortedHooks() []*hook {
	return byID(rl.hooks, func(h *hook) string { return h.id })
}

// applyHook applies the writable attributes to a copy of h, validates the
// result for its hook type, and stores it on success.
func (c *call) applyHook(h *hook, a attrs) *apiError {
	next := *h
	var v verrs
	choice(a, "event_type", &next.eventType, hookEventTypes, &v)
	choice(a, "hook_type", &next.hookType, hookTypes, &v)
	choice(a, "state", &next.state, activeStates, &v)
	optText(a, "name", &next.name, &v)
	optText(a, "description", &next.description, &v)
	optText(a, "destination", &next.destination, &v)
	optInt(a, "delay", &next.delay, 0, 1<<31-1, &v)
	optScalar(a, "accumulate", &next.accumulate, &v)
	optText(a, "email_to", &next.emailTo, &v)
	optHash(a, "email_subjects", &next.emailSubjects, &v)
	optHash(a, "email_templates", &next.emailTemplates, &v)
	optHash(a, "email_renderers", &next.emailRenderers, &v)
	strList(a, "locales", &next.locales, &v)
	optText(a, "list_id", &next.listID, &v)
	optText(a, "mailing_list_provider_id", &next.providerID, &v)
	optScalar(a, "on_create", &next.onCreate, &v)
	optScalar(a, "visibility", &next.visibility, &v)
	if len(v) == 0 {
		c.checkHook(&next, &v)
	}
	if aerr := v.err(); aerr != nil {
		return aerr
	}
	*h = next
	return nil
}

// checkHook validates a hook as a whole: the required attributes of its
// type and the references it makes.
func (c *call) checkHook(h *hook, v *verrs) {
	if h.eventType == "" {
		v.attr("blank", "event_type")
	}
	switch h.hookType {
	case "":
		v.attr("blank", "hook_type")
	case "webhook":
		if requireText(h.destination, "destination", v) && !httpURL(*h.destination) {
			v.attr("invalid", "destination")
		}
	case "email":
		if h.eventType != "" && !slices.Contains(emailEventTypes, h.eventType) {
			v.add(m("email_event_type"))
		}
		if h.emailTo != nil && !emailPattern.MatchString(*h.emailTo) {
			v.attr("invalid", "email_to")
		}
	case "mailing_list":
		if requireText(h.providerID, "mailing_list_provider", v) {
			if p := c.realm.mailingListProviders[*h.providerID]; p == nil {
				v.add(m("mailing_list_provider_not_found"))
			} else if h.listID != nil && len(p.validListIDs) > 0 && !slices.Contains(p.validListIDs, *h.listID) {
				v.attr("inclusion", "list_id")
			}
		}
		requireText(h.listID, "list_id", v)
	}
}

// listHooks handles GET /v2/hooks: filters event_type, hook_type, state;
// sort id.
func listHooks(c *call) (int, any, *apiError) {
	types, kinds, states := c.query.filter("event_type"), c.query.filter("hook_type"), c.query.filter("state")
	return listSorted(c, c.realm.hooks, listSpec[*hook]{keep: func(h *hook) bool {
		return matchAny(types, &h.eventType, false) && matchAny(kinds, &h.hookType, false) && matchAny(states, &h.state, false)
	}}, always((*hook).render))
}

// getHook handles GET /v2/hooks/:id.
func getHook(c *call) (int, any, *apiError) {
	h, aerr := lookupIn(c, c.realm.hooks)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, h.render(), nil
}

// createHook handles POST /v2/hooks.
func createHook(c *call) (int, any, *apiError) {
	h := &hook{realmID: c.realm.id, state: "active", createdAt: c.now}
	if aerr := c.applyHook(h, rootAttrs(c.body, "hook")); aerr != nil {
		return 0, nil, aerr
	}
	h.id = c.e.newID("hk_")
	c.realm.hooks[h.id] = h
	return http.StatusCreated, h.render(), nil
}

// updateHook handles PUT /v2/hooks/:id.
func updateHook(c *call) (int, any, *apiError) {
	h, aerr := lookupIn(c, c.realm.hooks)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := c.applyHook(h, rootAttrs(c.body, "hook")); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, h.render(), nil
}

// deleteHook handles DELETE /v2/hooks/:id: the hook and its mailing-list
// subscriptions go; past events keep their notifications. It answers the
// deleted hook.
func deleteHook(c *call) (int, any, *apiError) {
	h, aerr := lookupIn(c, c.realm.hooks)
	if aerr != nil {
		return 0, nil, aerr
	}
	delete(c.realm.hooks, h.id)
	c.realm.pruneSubscriptions()
	return http.StatusOK, h.render(), nil
}
