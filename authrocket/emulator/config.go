package emulator

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Attribute and list helpers shared by the realm configuration resources
// (hooks, named permissions, resource links, mailing-list providers and
// subscriptions, SMTP providers). Each apply function works on a copy of
// the resource and stores it only when every check passed, like applyOrg.

// optText applies a free-text attribute to *dst: absent keeps it; null or
// blank (after trimming) clears it; an object or array is "<Attr> is
// invalid".
func optText(a attrs, key string, dst **string, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	s, ok := scalarString(raw)
	if !ok {
		v.attr("invalid", key)
		return
	}
	if s = strings.TrimSpace(s); s == "" {
		*dst = nil
		return
	}
	*dst = &s
}

// choice applies an attribute whose value must be one of allowed: absent
// keeps *dst; anything else is "<Attr> is not included in the list".
func choice(a attrs, key string, dst *string, allowed []string, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	s, _ := scalarString(raw)
	s = strings.TrimSpace(s)
	if !contains(allowed, s) {
		v.attr("inclusion", key)
		return
	}
	*dst = s
}

// optInt applies an integer attribute that must lie in [lo, hi]: absent
// keeps *dst, null or "" clears it.
func optInt(a attrs, key string, dst **int, lo, hi int, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	if s, _ := scalarString(raw); strings.TrimSpace(s) == "" {
		*dst = nil
		return
	}
	n, ok := parseInt(raw)
	switch {
	case !ok:
		v.attr("not_a_number", key)
	case n < lo:
		v.add(m("greater_than_or_equal_to", "attr", key, "count", strconv.Itoa(lo)))
	case n > hi:
		v.add(m("less_than_or_equal_to", "attr", key, "count", strconv.Itoa(hi)))
	default:
		*dst = &n
	}
}

// stringList reads an array of strings (one string counts as a one-entry
// array; null is empty), each trimmed, blank entries dropped. ok is false
// when an entry is not a scalar.
func stringList(raw any) (out []string, ok bool) {
	list, isList := raw.([]any)
	if !isList && raw != nil {
		list = []any{raw}
	}
	out = []string{}
	for _, x := range list {
		s, ok := scalarString(x)
		if !ok {
			return nil, false
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, true
}

// strList applies an array-of-strings attribute (stringList): absent keeps
// *dst; an entry that is not a scalar is "<Attr> is invalid".
func strList(a attrs, key string, dst *[]string, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	if list, ok := stringList(raw); ok {
		*dst = list
	} else {
		v.attr("invalid", key)
	}
}

// optScalar applies an attribute of undocumented type: any JSON scalar or
// null; an object or array is "<Attr> is invalid".
func optScalar(a attrs, key string, dst *any, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	if _, ok := scalarString(raw); !ok {
		v.attr("invalid", key)
		return
	}
	*dst = raw
}

// optHash applies a hash attribute (scalar values or arrays of scalars, as
// custom attributes); null clears it.
func optHash(a attrs, key string, dst *map[string]any, v *verrs) {
	raw, present := a[key]
	if !present {
		return
	}
	h, ok := customAttr(raw)
	if !ok {
		v.attr("invalid", key)
		return
	}
	*dst = h
}

// idAttr reads an id attribute, trimmed: "" when absent, null or blank.
// present is whether it was sent; ok is false for an object or an array.
func idAttr(a attrs, key string) (id string, present, ok bool) {
	s, present, ok := a.str(key)
	return strings.TrimSpace(deref(s)), present, ok
}

// refAttr reads the id attribute key and returns the row of rows it names.
// For none it adds "<Attr> can't be blank" about attr, for an unknown id
// the message notFound, and returns false.
func refAttr[T any](a attrs, key string, rows map[string]T, attr, notFound string, v *verrs) (T, bool) {
	id, _, _ := idAttr(a, key)
	x, ok := rows[id]
	switch {
	case id == "":
		v.attr("blank", attr)
		return x, false
	case !ok:
		v.add(m(notFound))
	}
	return x, ok
}

// nonBlank returns &s, or nil for "".
func nonBlank(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// requireText adds "<Attr> can't be blank" when s is unset.
func requireText(s *string, key string, v *verrs) bool {
	if s == nil {
		v.attr("blank", key)
		return false
	}
	return true
}

// httpURL reports whether s is an absolute http or https URL with a host.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// lookupIn finds the row of m named by the call's first path parameter or
// 404s.
func lookupIn[T any](c *call, m map[string]T) (T, *apiError) {
	x, ok := m[c.params[0]]
	if !ok {
		var zero T
		return zero, errNotFound()
	}
	return x, nil
}

// firstByID returns the row of m with the smallest id (the oldest) that
// match accepts. Searching a map this way gives the same answer whatever
// the map's iteration order.
func firstByID[T any](m map[string]T, match func(T) bool) (T, bool) {
	var found T
	foundID, ok := "", false
	for id, x := range m {
		if (!ok || id < foundID) && match(x) {
			found, foundID, ok = x, id, true
		}
	}
	return found, ok
}

// byID returns the values of m in id order.
func byID[T any](m map[string]T, id func(T) string) []T {
	out := make([]T, 0, len(m))
	for _, x := range m {
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return out
}
