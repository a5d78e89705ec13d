package emulator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPagingUsers(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for i := range 7 {
		// Emails in reverse creation order, to tell sorts apart.
		ids = append(ids, h.createUser(fmt.Sprintf("u%d@example.com", 9-i), "", nil))
		h.clock.Advance(time.Second)
	}
	if !slices.IsSorted(ids) {
		t.Fatalf("ids do not sort in creation order: %v", ids)
	}
	// Page through with max_results=3.
	var got []string
	after := ""
	pages := 0
	for {
		q := "/v2/users?max_results=3"
		if after != "" {
			q += "&after=" + after
		}
		res := h.do("GET", q, nil).want(200)
		page := res.ids()
		got = append(got, page...)
		pages++
		if !res.more() {
			break
		}
		if len(page) != 3 {
			t.Fatalf("short page with more_results: %v", page)
		}
		after = page[len(page)-1]
	}
	if pages != 3 || !slices.Equal(got, ids) {
		t.Fatalf("pages=%d got=%v want=%v", pages, got, ids)
	}
	// Exactly max_results left: more_results false.
	res := h.do("GET", "/v2/users?max_results=2&after="+ids[4], nil).want(200)
	if !slices.Equal(res.ids(), ids[5:]) || res.more() {
		t.Fatalf("last page: %v more=%v", res.ids(), res.more())
	}

	rev := slices.Clone(ids)
	slices.Reverse(rev)
	tests := []struct {
		query string
		want  []string
	}{
		{"?direction=desc", rev},
		{"?sort=email", rev},
		{"?sort=email&direction=desc", ids},
		{"?sort=created_at&direction=desc&max_results=2", rev[:2]},
		{"?sort=created_at&after=" + ids[2], ids[3:]},
		{"?sort=email&after=" + ids[3] + "&max_results=2", []string{ids[2], ids[1]}},
		{"?direction=desc&after=" + ids[2], []string{ids[1], ids[0]}},
		{"?after=usr_zzzzzzzzzz", nil},
		{"?after=usr_0", ids},
		{"?sort=email&after=usr_unknown", nil},
		{"?max_results[]=2", ids[:2]},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := h.do("GET", "/v2/users"+tc.query, nil).want(200).ids()
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPagingErrors(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		query  string
		en, es string
	}{
		{"?max_results=0", "Invalid max_results: must be an integer between 1 and 1000", "max_results no válido: debe ser un entero entre 1 y 1000"},
		{"?max_results=1001", "Invalid max_results: must be an integer between 1 and 1000", ""},
		{"?max_results=abc", "Invalid max_results: must be an integer between 1 and 1000", ""},
		{"?sort=name", "Invalid sort: must be one of id, email, created_at", "sort no válido: debe ser uno de id, email, created_at"},
		{"?direction=up", "Invalid direction: must be asc or desc", "direction no válido: debe ser asc o desc"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			h.do("GET", "/v2/users"+tc.query, nil).wantErrors(422, tc.en)
			if tc.es != "" {
				h.do("GET", "/v2/users"+tc.query, nil, es).wantErrors(422, tc.es)
			}
		})
	}
	h.do("GET", "/v2/users?max_results=1000", nil).want(200)
	h.do("GET", "/v2/orgs?sort=email", nil).wantErrors(422, "Invalid sort: must be one of id, name")
}

func TestPagingOrgs(t *testing.T) {
	h := newHarness(t)
	names := []string{"delta", "Alpha", "echo", "charlie", "Bravo", "foxtrot"}
	byName := map[string]string{}
	for _, n := range names {
		byName[n] = h.createOrg(n)
	}
	var got []string
	after := ""
	for {
		q := "/v2/orgs?max_results=2"
		if after != "" {
			q += "&after=" + after
		}
		res := h.do("GET", q, nil).want(200)
		for _, r := range res.rows() {
			got = append(got, r["name"].(string))
		}
		if !res.more() {
			break
		}
		after = res.ids()[len(res.ids())-1]
	}
	if strings.Join(got, ",") != "Alpha,Bravo,charlie,delta,echo,foxtrot" {
		t.Fatalf("name order: %v", got)
	}
	ids := h.do("GET", "/v2/orgs?sort=id", nil).want(200).ids()
	var want []string
	for _, n := range names {
		want = append(want, byName[n])
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("id order: %v", ids)
	}
	res := h.do("GET", "/v2/orgs?direction=desc&max_results=1", nil).want(200)
	if res.rows()[0]["name"] != "foxtrot" || !res.more() {
		t.Fatalf("desc: %s", res.raw)
	}
}
