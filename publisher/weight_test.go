package publisher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pageBudget is the most a page and its style sheet may weigh (issue 11;
// the full log pages are not counted).
const pageBudget = 60 * 1024

// TestPageWeight builds a two-hour meeting (720 lines: a line every 10
// seconds, 12 topics, 60 #info, 15 actions, 10 decisions, 3 votes, 20
// people) into the fixture site and checks that its minutes page, and
// the home, series, actions and owner pages, each weigh less than
// pageBudget with the style sheet.
func TestPageWeight(t *testing.T) {
	src := fixture(t)
	nicks := make([]string, 20)
	for i := range nicks {
		nicks[i] = fmt.Sprintf("contributor%02d", i)
	}
	lines := []string{"jsmith: #startmeeting FUDCon planning, the long one"}
	for len(lines) < 719 {
		k := len(lines)
		who := nicks[k%len(nicks)]
		switch {
		case k%60 == 1:
			lines = append(lines, fmt.Sprintf("jsmith: #topic Part %d of the plan: venue, travel and budget", k/60+1))
		case k%12 == 5:
			lines = append(lines, fmt.Sprintf("jsmith: #info %s reports that the %dth item of the checklist is on track for the summer", who, k))
		case k%48 == 7:
			lines = append(lines, fmt.Sprintf("jsmith: #action %s to follow up on checklist item %d with the venue by next Friday", who, k))
		case k%72 == 9:
			lines = append(lines, fmt.Sprintf("jsmith: #agreed we go ahead with checklist item %d as proposed", k))
		case k%240 == 11:
			lines = append(lines, "jsmith: #startvote Keep the current plan for this part? yes, no, later",
				nicks[0]+": #vote yes", nicks[1]+": #vote no", nicks[2]+": #vote yes", "jsmith: #endvote")
		default:
			lines = append(lines, who+": I think we should look again at the numbers for this before we commit to anything")
		}
	}
	lines = append(lines, "jsmith: #endmeeting")
	start := time.Date(2026, 7, 27, 13, 0, 0, 0, time.UTC)
	m := runMeeting(t, "#fudcon-planning", "fudcon-planning", start, lines...)
	src.add(m, "A long meeting.")
	dir := t.TempDir()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	css, err := os.Stat(filepath.Join(dir, "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	var minutes string
	for _, r := range p.mustRefs(t) {
		if r.ID == m.ID {
			minutes = r.Path
		}
	}
	if got := len(m.Log); got < 700 {
		t.Fatalf("the long meeting has %d lines", got)
	}
	for _, page := range []string{minutes, "index.html", "series/fudcon-planning/index.html", "actions/index.html", "actions/alice/index.html"} {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		total := fi.Size() + css.Size()
		t.Logf("%s: %d bytes + %d of CSS", page, fi.Size(), css.Size())
		if total > pageBudget {
			t.Errorf("%s weighs %d bytes with its CSS, more than %d", page, total, pageBudget)
		}
		if strings.HasSuffix(page, ".log.html") {
			t.Fatalf("a log page was weighed")
		}
	}
}

// TestSeriesTimelineWeight builds a daily series of 220 meetings (more
// than timelineRows a year: its timeline is split by month) and a series
// of a meeting every four days over two years (split by year, 77 and 73
// rows), and checks that the series pages and every timeline page weigh
// less than pageBudget with the style sheet, and that the pages together
// list each meeting exactly once.
func TestSeriesTimelineWeight(t *testing.T) {
	src := &memSource{}
	mk := func(channel, series string, start time.Time, n int, step time.Duration) map[string]bool {
		want := map[string]bool{}
		for i := 0; i < n; i++ {
			m := runMeeting(t, channel, series, start.Add(time.Duration(i)*step),
				"chair: #startmeeting "+series+" with a title of some length to weigh",
				"chair: #topic status",
				"bob: #info all is well",
				"chair: #action bob to report again",
				"chair: #endmeeting")
			src.add(m, "")
			want[m.ID] = true
		}
		return want
	}
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	daily := mk("#daily-standup", "daily-standup", start, 2*timelineRows+20, 24*time.Hour)
	often := mk("#often-sync", "often-sync", start, 150, 4*24*time.Hour)
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Channels, opt.Schedules, opt.Posts = nil, nil, ""
	p, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	css, err := os.Stat(filepath.Join(dir, "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for _, r := range p.mustRefs(t) {
		paths[r.Path] = r.ID
	}
	for series, want := range map[string]map[string]bool{"daily-standup": daily, "often-sync": often} {
		root := filepath.Join(dir, "series", series)
		pages := 0
		seen := map[string]int{}
		err := filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Base(name) != "index.html" {
				return err
			}
			pages++
			data, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, name)
			if total := int64(len(data)) + css.Size(); total > pageBudget {
				t.Errorf("%s weighs %d bytes with its CSS, more than %d", rel, total, pageBudget)
			}
			// Each timeline row links its minutes page from the root.
			for _, row := range strings.Split(string(data), "<tr><td>")[1:] {
				i := strings.Index(row, `<a href="`)
				j := strings.Index(row[i+9:], `"`)
				href := row[i+9 : i+9+j]
				href = strings.TrimLeft(href, "./")
				id, ok := paths[href]
				if !ok {
					t.Errorf("%s: a row links %q, no meeting's page", rel, href)
					continue
				}
				seen[id]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id := range want {
			if seen[id] != 1 {
				t.Errorf("%s: meeting %s is listed %d times on its timeline pages", series, id, seen[id])
			}
		}
		if len(seen) != len(want) {
			t.Errorf("%s: the timeline pages list %d meetings, want %d", series, len(seen), len(want))
		}
		t.Logf("%s: %d meetings on %d pages", series, len(want), pages)
		if pages < 2 {
			t.Errorf("%s: %d meetings on one page", series, len(want))
		}
	}
}
