package publisher

import (
	"bytes"
	"context"
	"html/template"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// hostileStrings are names, titles and paths that html/template escapes
// in every way it can: markup, quotes, '+', NUL, schemes a URL must not
// have, percent signs valid and not, non-ASCII and invalid UTF-8, and
// characters html/template leaves as they are.
var hostileStrings = []string{
	"", "fudcon", "FUDCon planning", `<script>alert("x")</script>`, `a&b 'c' "d" +e`, "nul\x00byte",
	"javascript:alert(1)", "JavaScript:x", "mailto:a@b.org", "HTTP://x.org/a?b=c&d=e#f", "https:", "data:text/html,x",
	"/a:b", "a/b:c", "../x/y.html", "100%", "%41%zz%4", "ü é 中文", "\xff\xfe bad utf-8", "\ufdd0\uffff",
	"!#$&*+,/:;=?@[]", "-._~", "`{}|\\^", "a b\tc\nd", "~2fdotted", "#frag",
}

// picker returns the strings of strs chosen by i.
func picker(strs []string) func(i int) string {
	return func(i int) string { return strs[i%len(strs)] }
}

// hostileMinutesPage makes a minutes page whose every field is hostile,
// varied by seed.
func hostileMinutesPage(strs []string, seed int) (pageData, minutesPage) {
	pick := picker(strs)
	at := time.Date(2026, 7, 26, 13, 0, 0, 0, time.FixedZone("X", 5400+seed))
	mk := func(k int) *ref {
		return &ref{Record: Record{ID: pick(seed + k), Series: pick(seed + k + 1), Title: pick(seed + k + 2), Started: at.AddDate(0, 0, k)},
			Path: pick(seed + k + 3)}
	}
	mp := minutesPage{ref: mk(0), body: []byte(pick(seed + 4)), SeriesPage: seed%2 == 0, Running: seed%3 == 0,
		Saved: pick(seed + 5), SavedISO: pick(seed + 6)}
	if seed%4 != 1 {
		mp.Prev = mk(7)
	}
	if seed%5 != 2 {
		mp.Next = mk(9)
	}
	for k := 0; k < seed%4; k++ {
		mp.Posts = append(mp.Posts, &post{Slug: pick(seed + 11 + k), Title: pick(seed + 12 + k)})
		mp.Formats = append(mp.Formats, formatLink{Name: pick(seed + 13 + k), Href: pick(seed + 14 + k)})
	}
	if seed%3 != 1 {
		mp.Actions = []actionView{{ID: "a1"}}
		mp.tracked = [][]byte{[]byte(pick(seed + 15)), []byte(pick(seed + 16))}
	}
	for k := 0; k < seed%3; k++ {
		v := voteView{Question: pick(seed + 16 + k), Open: k == 1}
		for j := 0; j < k+1; j++ {
			v.Results = append(v.Results, voteRow{Option: pick(seed + 17 + j), Count: seed*7 - 3 + j, Voters: pick(seed + 18 + j)})
		}
		mp.Votes = append(mp.Votes, v)
	}
	pd := pageData{TitleOnly: seed%2 == 1, Site: siteData{Title: pick(seed + 19), Lang: pick(seed + 20)}, Root: pick(seed + 21),
		Title: pick(seed + 22), Canonical: pick(seed + 23), Data: mp}
	if seed%3 != 2 {
		pd.Feed = &feedLink{Title: pick(seed + 24), Href: pick(seed + 25)}
	}
	return pd, mp
}

// hostileSeriesPage makes a series page whose every field is hostile,
// varied by seed (a period's page when seed is odd).
func hostileSeriesPage(strs []string, seed int) (pageData, seriesPage) {
	pick := picker(strs)
	at := time.Date(2026, 7, 26, 13, 0, 0, 0, time.FixedZone("X", 5400+seed))
	sp := seriesPage{Name: pick(seed)}
	if seed%2 == 1 {
		sp.Page = pick(seed + 1)
	}
	for k := 0; k < seed%3; k++ {
		u := upcoming{Title: pick(seed + 2 + k), Channel: pick(seed + 3 + k), SeriesCalendar: k == 1}
		for j := 0; j <= k; j++ {
			u.When = append(u.When, when{UTC: pick(seed + 4 + j), ISO: pick(seed + 5 + j)})
		}
		sp.Upcoming = append(sp.Upcoming, u)
		sp.Agenda = append(sp.Agenda, agendaView{Text: pick(seed + 6 + k), By: pick(seed + 7 + k), Minutes: []int{0, 15, -2}[(seed+k)%3]})
	}
	for k := 0; k < 1+seed%3; k++ {
		y := yearGroup{Key: pick(seed + 8 + k), Label: pick(seed + 9 + k)}
		for j := 0; j < k+seed%2; j++ {
			r := &ref{Record: Record{ID: pick(seed + j), Series: pick(seed + 10 + j), Title: pick(seed + 11 + j), Started: at.AddDate(0, -j, j)},
				Path: pick(seed + 12 + j)}
			y.Meetings = append(y.Meetings, seriesMeeting{ref: r, digest: digest{Topics: j, Decisions: seed, Actions: -j, People: 3}})
		}
		sp.Years = append(sp.Years, y)
	}
	for k := 0; k < seed%4; k++ {
		sp.Periods = append(sp.Periods, timelineLink{Label: pick(seed + 13 + k), Href: pick(seed + 14 + k), Count: k * seed % 5, Current: k == 1})
	}
	for k := 0; k < seed%3; k++ {
		c := &chartView{ID: pick(seed + 15 + k), Title: pick(seed + 16 + k), SVG: template.HTML(pick(seed + 17 + k)), LabelTH: pick(seed + 18 + k)}
		for j := 0; j < k+1; j++ {
			c.Heads = append(c.Heads, pick(seed+19+j))
			c.Rows = append(c.Rows, chartRow{Label: pick(seed + 20 + j), Values: []int{j, -seed, 7}[:j+1]})
		}
		sp.Charts = append(sp.Charts, c)
	}
	pd := pageData{TitleOnly: seed%2 == 1, Site: siteData{Title: pick(seed + 21), Lang: pick(seed + 22)}, Root: pick(seed + 23),
		Title: pick(seed + 24), Canonical: pick(seed + 25), Data: sp, Feed: &feedLink{Title: pick(seed + 26), Href: pick(seed + 27)}}
	return pd, sp
}

// hostileActionView makes an action item's view whose every field is
// hostile, varied by seed.
func hostileActionView(strs []string, seed int) actionView {
	pick := picker(strs)
	at := time.Date(2026, 7, 26, 13, 0, 0, 0, time.UTC)
	v := actionView{ID: pick(seed), Text: pick(seed + 1), Due: pick(seed + 2), DueText: pick(seed + 3), Status: pick(seed + 4),
		DueWords: pick(seed + 5), Class: []string{"open", "closed", "overdue", pick(seed + 6)}[seed%4], Skipped: seed % 3,
		Closed: pick(seed + 7), ClosedISO: pick(seed + 8), ClosedBy: pick(seed + 9)}
	for k := 0; k < seed%4; k++ {
		v.Owners = append(v.Owners, pick(seed+10+k))
		v.Meetings = append(v.Meetings, &ref{Record: Record{Series: pick(seed + 11 + k), Started: at.AddDate(0, 0, k)}, Path: pick(seed + 12 + k)})
	}
	return v
}

// checkFast compares the hand-written renderers with the templates on
// the page and item made from seed.
func checkFast(t *testing.T, p *Publisher, strs []string, seed int) {
	t.Helper()
	pd, mp := hostileMinutesPage(strs, seed)
	var want bytes.Buffer
	if err := p.pages["minutes.html"].ExecuteTemplate(&want, "layout.html", pd); err != nil {
		t.Fatal(err)
	}
	if got := appendMinutesPage(nil, &pd, &mp); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("minutes page, seed %d: the hand-written renderer differs from minutes.html:\n%s", seed, firstDiff(got, want.Bytes()))
	}
	pd, sp := hostileSeriesPage(strs, seed)
	want.Reset()
	if err := p.pages["series.html"].ExecuteTemplate(&want, "layout.html", pd); err != nil {
		t.Fatal(err)
	}
	if got := appendSeriesPage(nil, &pd, &sp); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("series page, seed %d: the hand-written renderer differs from series.html:\n%s", seed, firstDiff(got, want.Bytes()))
	}
	v := hostileActionView(strs, seed)
	for _, here := range []bool{false, true} {
		root := strs[(seed+13)%len(strs)]
		want.Reset()
		if err := p.pages["actions.html"].ExecuteTemplate(&want, "actionitem", map[string]any{"Root": root, "Item": v, "Here": here}); err != nil {
			t.Fatal(err)
		}
		if got := appendActionItem(nil, root, &v, here); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("action item, seed %d, here %v: the hand-written renderer differs from partials.html's actionitem:\n%s", seed, here, firstDiff(got, want.Bytes()))
		}
	}
}

// TestFastPages: the hand-written minutes page, series page and action
// item entry give
// the templates' bytes, for hostile data and for the whole fixture site
// (built with and without them), and they are used with the default
// templates only.
func TestFastPages(t *testing.T) {
	p, err := New(&memSource{}, Options{Dir: t.TempDir(), BaseURL: "https://minutes.example.org/", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !p.fast || !p.fastSeries {
		t.Fatal("the default templates are not those the hand-written renderers reproduce: bring fastpage.go up to date with templates/layout.html, minutes.html, partials.html, actions.html and series.html, then fastTemplateSums")
	}
	for seed := 0; seed < 3*len(hostileStrings); seed++ {
		checkFast(t, p, hostileStrings, seed)
	}

	fast, slow := t.TempDir(), t.TempDir()
	buildFixture(t, fast)
	sp, err := New(fixture(t), fixtureOptions(slow))
	if err != nil {
		t.Fatal(err)
	}
	sp.fast, sp.fastSeries = false, false
	if _, err := sp.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, fast), readTree(t, slow)
	if len(got) != len(want) {
		t.Errorf("%d files with the hand-written renderers, %d without", len(got), len(want))
	}
	for _, name := range sortedNames(want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs with the hand-written renderers:\n%s", name, firstDiff(got[name], want[name]))
		}
	}

	// An override of any of the templates turns off the renderers that
	// reproduce it, and only those.
	for _, name := range []string{"layout.html", "minutes.html", "partials.html", "actions.html", "series.html"} {
		dir := t.TempDir()
		def, err := os.ReadFile(filepath.Join("..", "templates", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(def, "\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		op, err := New(&memSource{}, Options{Dir: t.TempDir(), BaseURL: "https://minutes.example.org/", Now: time.Now(), Templates: dir})
		if err != nil {
			t.Fatal(err)
		}
		if op.fast != (name == "series.html") {
			t.Errorf("an override of %s: the minutes pages' renderers on: %v", name, op.fast)
		}
		if op.fastSeries != (name == "minutes.html" || name == "actions.html") {
			t.Errorf("an override of %s: the series pages' renderer on: %v", name, op.fastSeries)
		}
	}
}

// FuzzFastPages: for any strings in its fields, the hand-written minutes
// page, series page and action item entry give the templates' bytes.
func FuzzFastPages(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s, 0)
	}
	p, err := New(&memSource{}, Options{Dir: f.TempDir(), BaseURL: "https://minutes.example.org/", Now: time.Now()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, seed int) {
		if seed < 0 {
			seed = -seed
		}
		seed %= 1000
		strs := append([]string(nil), hostileStrings...)
		strs[seed%len(strs)] = s
		checkFast(t, p, strs, seed)
	})
}
