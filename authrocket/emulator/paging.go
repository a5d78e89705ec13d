package emulator

import (
	"cmp"
	"iter"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging limits of max_results, as AuthRocket documents them.
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
// allowed sort fields; def is the default sort; desc the default direction
// (asc when false).
func (c *call) listOpts(sorts []string, def string, desc bool) (listOpts, *apiError) {
	o := listOpts{max: defaultMaxResults, sort: def, desc: desc}
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
			o.desc = false
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

// sortField is a sort a list offers besides id: its name (the sort
// parameter's value) and a row's primary key; the id breaks ties.
type sortField[T any] struct {
	name string
	key  func(T) sortKey
}

// byText sorts by a string, without regard to case.
func byText[T any](name string, get func(T) string) sortField[T] {
	return sortField[T]{name, func(x T) sortKey { return sortKey{s: strings.ToLower(get(x))} }}
}

// byTime sorts by a time.
func byTime[T any](name string, get func(T) time.Time) sortField[T] {
	return sortField[T]{name, func(x T) sortKey { return sortKey{n: get(x).UnixNano()} }}
}

// byEmailOrCreated are the sorts of users and invitations besides id:
// email and created_at, which get reads.
func byEmailOrCreated[T any](get func(T) (string, time.Time)) []sortField[T] {
	return []sortField[T]{
		byText("email", func(x T) string { e, _ := get(x); return e }),
		byTime("created_at", func(x T) time.Time { _, t := get(x); return t }),
	}
}

// listSpec describes a list endpoint: its sorts, its defaults and its
// filters.
type listSpec[T any] struct {
	sorts []sortField[T] // the sorts besides id, in the order an error names them
	def   string         // the default sort; "" is id
	desc  bool           // newest first unless the call asks for asc
	keep  func(T) bool   // the filters; nil keeps every row
}

// opts parses the call's paging and sorting parameters for spec.
func (spec listSpec[T]) opts(c *call) (listOpts, *apiError) {
	names := []string{"id"}
	for _, s := range spec.sorts {
		names = append(names, s.name)
	}
	return c.listOpts(names, cmp.Or(spec.def, "id"), spec.desc)
}

// listSorted answers GET for the rows of m (a map by id): the page the
// call's parameters ask for of the rows spec keeps, each rendered by
// render.
func listSorted[T, J any](c *call, m map[string]T, spec listSpec[T], render func(T) (J, *apiError)) (int, any, *apiError) {
	o, aerr := spec.opts(c)
	if aerr != nil {
		return 0, nil, aerr
	}
	return listPage(o, maps.All(m), func(id string) (T, bool) { x, ok := m[id]; return x, ok }, spec, render)
}

// listPage answers the page o asks for of the rows of all (id, row) that
// spec keeps. find gives a row by id, for the after cursor (nil: rows are
// sorted by id only, so an unknown cursor does as well).
func listPage[T, J any](o listOpts, all iter.Seq2[string, T], find func(string) (T, bool), spec listSpec[T], render func(T) (J, *apiError)) (int, any, *apiError) {
	primary := func(T) sortKey { return sortKey{} }
	for _, s := range spec.sorts {
		if s.name == o.sort {
			primary = s.key
		}
	}
	type row struct {
		id string
		x  T
	}
	key := func(r row) sortKey {
		k := primary(r.x)
		k.id = r.id
		return k
	}
	var rows []row
	for id, x := range all {
		if spec.keep == nil || spec.keep(x) {
			rows = append(rows, row{id, x})
		}
	}
	page, more := paginate(rows, o, key, func(id string) (sortKey, bool) {
		if find == nil {
			return sortKey{}, false
		}
		x, ok := find(id)
		if !ok {
			return sortKey{}, false
		}
		return key(row{id, x}), true
	})
	out := make([]J, 0, len(page))
	for _, r := range page {
		j, aerr := render(r.x)
		if aerr != nil {
			return 0, nil, aerr
		}
		out = append(out, j)
	}
	return http.StatusOK, listBody{Collection: out, MoreResults: more}, nil
}

// always adapts a render that cannot fail to listSorted.
func always[T, J any](render func(T) J) func(T) (J, *apiError) {
	return func(x T) (J, *apiError) { return render(x), nil }
}
