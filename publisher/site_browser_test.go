package publisher

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/gavel-irc/gavel/store"
)

// historyFixture is the fixture with a season of weekly fudcon-planning
// meetings before it (attendance that varies, items opened and closed in
// several months), so that the charts have something to draw.
func historyFixture(t *testing.T) *memSource {
	t.Helper()
	s := fixture(t)
	nicks := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	start := time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC)
	for w := 0; w < 16; w++ {
		lines := []string{"jsmith: #startmeeting FUDCon planning", "jsmith: #topic Status"}
		for i := 0; i < 1+(w*5)%len(nicks); i++ {
			lines = append(lines, nicks[i]+": here, with news from week "+strconv.Itoa(w))
		}
		if w == 15 {
			lines = append(lines, "jsmith: #startvote Print badges on recycled paper? yes, no",
				"alice: #vote yes", "bob: #vote no", "jsmith: #vote yes", "jsmith: #endvote")
		}
		lines = append(lines, "jsmith: #agreed we keep meeting weekly ("+strconv.Itoa(w)+")",
			"jsmith: #action "+nicks[w%len(nicks)]+" to report on item "+strconv.Itoa(w), "jsmith: #endmeeting")
		m := runMeeting(t, "#fudcon-planning", "fudcon-planning", start.AddDate(0, 0, 7*w), lines...)
		s.add(m, "")
		a := Action{ID: "h" + strconv.Itoa(w), Text: nicks[w%len(nicks)] + " to report on item " + strconv.Itoa(w),
			Owners: []string{nicks[w%len(nicks)]}, Status: "open", Series: "fudcon-planning", Meetings: []string{m.ID},
			Created: m.Ended, Updated: m.Ended, Due: m.Ended.AddDate(0, 0, 14).Format("2006-01-02")}
		if w%3 != 0 {
			a.Status, a.Closed, a.ClosedBy = "done", m.Ended.AddDate(0, 0, 10+w), nicks[w%len(nicks)]
			a.Updated = a.Closed
		}
		s.actions = append(s.actions, a)
	}
	// A series whose name is one long word, as imported logs' channel names
	// often are: its page must not overflow a phone's width.
	s.add(runMeeting(t, "#fedora_magazine_editorial_board", "fedora_magazine_editorial_board_weekly_meeting",
		start.AddDate(0, 0, 2), "jsmith: #startmeeting Magazine", "jsmith: #topic Articles", "jsmith: #endmeeting"), "")
	return s
}

// TestSiteInChromium builds the site from a real store and opens the home,
// series, minutes, actions and owner pages in headless Chromium at phone
// and desktop widths, in light and dark mode: no horizontal overflow, no
// console error, no serious or critical axe-core violation; screenshots go
// to $GAVEL_SCREENSHOTS (else a temporary folder). Then it checks the
// charts' numbers against counts made here from the store.
func TestSiteInChromium(t *testing.T) {
	mem := historyFixture(t)
	st := storeFrom(t, mem)
	dir := t.TempDir()
	p, err := New(StoreSource{Store: st}, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, dir)
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("GAVEL_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	minutes := "fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.html"
	pages := []struct{ name, path string }{{"home", "/"}, {"series", "/series/fudcon-planning/"}, {"longseries", "/series/fedora_magazine_editorial_board_weekly_meeting/"},
		{"minutes", "/" + minutes}, {"vote", "/fudcon-planning/2026-06-19/fudcon-planning.2026-06-19-13.00.html"}, {"actions", "/actions/"}, {"owner", "/actions/alice/"}, {"items", "/actions/_items/1.html"}}
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	ctx, errs, _ := browser(t)
	for _, mode := range []string{"light", "dark"} {
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: mode}}}); err != nil {
				t.Fatal(err)
			}
			for _, pg := range pages {
				what := fmt.Sprintf("%s at %dpx (%s)", pg.path, width, mode)
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if pg.name == "home" {
					// The script adds the reader's local time to each
					// scheduled time still to come.
					if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.upcoming .localtime').length > 0`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
						t.Errorf("%s: no local time shown: %v", what, err)
					}
				}
				over := mustRun(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				if over > 0 {
					wide := mustRun(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')`))
					t.Errorf("%s: %dpx of horizontal overflow (%s)", what, over, wide)
				}
				if mode == "light" {
					png := mustRun(t, ctx, chromedp.FullScreenshot(100))
					name := filepath.Join(shots, fmt.Sprintf("%s-%d.png", pg.name, width))
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
					t.Fatalf("%s: loading axe-core: %v", what, err)
				}
				res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
					r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
						.map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | '))))`,
					chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s: axe-core: %v", what, err)
				}
				var bad []string
				if err := json.Unmarshal([]byte(res), &bad); err != nil {
					t.Fatalf("%s: axe-core answer %q: %v", what, res, err)
				}
				for _, v := range bad {
					t.Errorf("%s: axe-core: %s", what, v)
				}
				if e := errs(); len(e) > 0 {
					t.Errorf("%s: console errors: %q", what, e)
				}
			}
		}
	}
	t.Logf("screenshots in %s", shots)
	checkCharts(t, st, dir)
	// The vote of the last of those meetings, as a table.
	vote := readFile(t, dir, "fudcon-planning/2026-06-19/fudcon-planning.2026-06-19-13.00.html")
	for _, want := range []string{`<caption>Print badges on recycled paper?</caption>`,
		`<tr><th scope="row">yes</th><td class="n">2</td><td>alice, jsmith</td></tr>`,
		`<tr><th scope="row">no</th><td class="n">1</td><td>bob</td></tr>`} {
		if !strings.Contains(vote, want) {
			t.Errorf("minutes page of the vote lacks %s", want)
		}
	}
}

// checkCharts compares the charts and their tables with counts made here
// from the store: attendance of each fudcon-planning meeting (replayed),
// the series' items opened and closed per month, the open items per
// owner.
func checkCharts(t *testing.T, st *store.Store, dir string) {
	t.Helper()
	recs, err := st.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range recs {
		if r.Series != "fudcon-planning" || r.Open() {
			continue
		}
		m, err := st.Replay(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r.Started.UTC().Format("2006-01-02")+"="+strconv.Itoa(len(m.Attendees())))
	}
	series := readFile(t, dir, "series/fudcon-planning/index.html")
	att := figure(t, series, "att-fudcon-planning")
	got := tableRows(att)
	if len(want) > attendanceShown {
		want = want[len(want)-attendanceShown:]
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("attendance table\n got %v\nwant %v", got, want)
	}
	// The bars: one per meeting, heights in the ratio of the counts.
	heights := regexp.MustCompile(`<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)"/>`).FindAllStringSubmatch(att, -1)
	if len(heights) != len(want) {
		t.Fatalf("attendance chart has %d bars for %d meetings", len(heights), len(want))
	}
	first, _ := strconv.ParseFloat(heights[0][1], 64)
	n0, _ := strconv.Atoi(strings.SplitN(want[0], "=", 2)[1])
	for i, h := range heights {
		hv, _ := strconv.ParseFloat(h[1], 64)
		n, _ := strconv.Atoi(strings.SplitN(want[i], "=", 2)[1])
		if d := hv*float64(n0) - first*float64(n); d > float64(n0)*0.2 || d < -float64(n0)*0.2 {
			t.Errorf("bar %d is %.1f high for %d people; bar 0 is %.1f for %d", i, hv, n, first, n0)
		}
	}
	// Burn-down of the series: opened and closed per month, from the store.
	items, err := st.Actions(store.ActionFilter{Series: "fudcon-planning"})
	if err != nil {
		t.Fatal(err)
	}
	opened, closed := map[string]int{}, map[string]int{}
	for _, a := range items {
		opened[a.Created.UTC().Format("2006-01")]++
		if a.Status != store.StatusOpen {
			for _, c := range a.History {
				if c.Field == "status" {
					closed[c.At.UTC().Format("2006-01")]++
				}
			}
		}
	}
	burn := tableRows(figure(t, series, "burn-fudcon-planning"))
	if len(burn) == 0 || len(burn) > burnMonths {
		t.Fatalf("burn-down has %d months, want 1 to %d", len(burn), burnMonths)
	}
	total := 0
	for _, row := range burn {
		month, vals, _ := strings.Cut(row, "=")
		v := strings.Split(vals, ",")
		if v[0] != strconv.Itoa(opened[month]) || v[1] != strconv.Itoa(closed[month]) {
			t.Errorf("burn-down %s: opened,closed,open %s; the store says opened %d, closed %d", month, vals, opened[month], closed[month])
		}
		total += opened[month]
	}
	if total == 0 {
		t.Errorf("the burn-down counted no item at all")
	}
	if n := strings.Count(figure(t, series, "burn-fudcon-planning"), "<polyline"); n != 3 {
		t.Errorf("burn-down has %d lines, want 3", n)
	}
	// Open items per owner, from the store.
	open, err := st.Actions(store.ActionFilter{Status: store.StatusOpen})
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, a := range open {
		if len(a.Owners) == 0 {
			per[unassigned]++
		}
		for _, o := range a.Owners {
			per[o]++
		}
	}
	for _, row := range tableRows(figure(t, readFile(t, dir, "actions/index.html"), "owners")) {
		name, vals, _ := strings.Cut(row, "=")
		if n := strings.Split(vals, ",")[0]; n != strconv.Itoa(per[name]) {
			t.Errorf("owner chart: %s has %s open, the store says %d", name, n, per[name])
		}
		delete(per, name)
	}
	if len(per) != 0 {
		t.Errorf("owners missing from the chart: %v", per)
	}
	// Every open item's id is on the actions page, linkable.
	acts := readFile(t, dir, "actions/index.html")
	for _, a := range open {
		if !strings.Contains(acts, `id="`+a.ID+`"`) || !strings.Contains(acts, `href="#`+a.ID+`"`) {
			t.Errorf("actions page lacks open item %s's anchor", a.ID)
		}
	}
}

func readFile(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// figure returns the markup of the chart figure id on page.
func figure(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<figure class="chart" id="`+id+`">`)
	if i < 0 {
		t.Fatalf("no chart %s", id)
	}
	j := strings.Index(page[i:], "</figure>")
	return page[i : i+j]
}

// tableRows returns a chart table's rows as "label=v1,v2".
func tableRows(fig string) []string {
	var out []string
	row := regexp.MustCompile(`<tr><th scope="row">([^<]*)</th>((?:<td>[0-9]+</td>)+)</tr>`)
	cell := regexp.MustCompile(`<td>([0-9]+)</td>`)
	for _, m := range row.FindAllStringSubmatch(fig, -1) {
		var v []string
		for _, c := range cell.FindAllStringSubmatch(m[2], -1) {
			v = append(v, c[1])
		}
		out = append(out, m[1]+"="+strings.Join(v, ","))
	}
	return out
}
