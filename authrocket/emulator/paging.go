package emulator

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Paging limits (authrocket-api.md §2.4).
const (
	defaultMaxResults = 100
	maxMaxResults     = 1000
)

// listOpts are the paging and sorting parameters of a list call.
type listOpts struct {
	after string
	max   int
	sort  string
	desc  bool
}

// listOpts parses after, max_results, sort and direction. sorts lists the
// allowed sort fields; def is the default sort (direction defaults to asc).
func (c *call) listOpts(sorts []string, def string) (listOpts, *apiError) {
	o := listOpts{max: defaultMaxResults, sort: def}
	o.after, _ = c.query.get("after")
	if v, ok := c.query.get("max_results"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > maxMaxResults {
			return o, newError(http.StatusUnprocessableEntity, "invalid_max_results")
		}
		o.max = n
	}
	if v, ok := c.query.get("sort"); ok && v != "" {
		v = strings.ToLower(strings.TrimSpace(v))
		if !slices.Contains(sorts, v) {
			return o, newError(http.StatusUnprocessableEntity, "invalid_sort", "value", strings.Join(sorts, ", "))
		}
		o.sort = v
	}
	if v, ok := c.query.get("direction"); ok && v != "" {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "asc":
		case "desc":
			o.desc = true
		default:
			return o, newError(http.StatusUnprocessableEntity, "invalid_direction")
		}
	}
	return o, nil
}

// sortKey is a row's position in a sort order: a string or number primary
// key, then the id as a tie-breaker.
type sortKey struct {
	s  string
	n  int64
	id string
}

// compare orders two sort keys ascending.
func (a sortKey) compare(b sortKey) int {
	if c := cmp.Compare(a.s, b.s); c != 0 {
		return c
	}
	if c := cmp.Compare(a.n, b.n); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// listBody is the JSON shape of every list answer.
type listBody struct {
	Collection  any  `json:"collection"`
	MoreResults bool `json:"more_results"`
}

// paginate sorts rows, skips those up to and including the cursor row
// (o.after), and cuts a page of o.max rows. key gives a row's sort key;
// cursor gives the sort key of the row with a given id if it still
// exists. An unknown cursor is compared by id when sorting by id; with
// another sort it yields an empty last page.
func paginate[T any](rows []T, o listOpts, key func(T) sortKey, cursor func(id string) (sortKey, bool)) ([]T, bool) {
	dir := 1
	if o.desc {
		dir = -1
	}
	slices.SortFunc(rows, func(a, b T) int { return dir * key(a).compare(key(b)) })
	if o.after != "" {
		ck, ok := cursor(o.after)
		if !ok {
			if o.sort != "id" {
				return []T{}, false
			}
			ck = sortKey{id: o.after}
		}
		i := 0
		for i < len(rows) && dir*key(rows[i]).compare(ck) <= 0 {
			i++
		}
		rows = rows[i:]
	}
	more := len(rows) > o.max
	if more {
		rows = rows[:o.max]
	}
	if rows == nil {
		rows = []T{}
	}
	return rows, more
}
