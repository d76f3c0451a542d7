package publisher

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// storeMeeting runs lines ("nick: text", one a minute from start) through
// the real engine as the live bot does (its replies logged as the bot's
// lines), stores the events and the ended record in st, and syncs the
// action items with the tracker, as gavel run does at #endmeeting.
func storeMeeting(t testing.TB, st *store.Store, channel, series, zone string, start time.Time, lines ...string) *meeting.Meeting {
	t.Helper()
	rec := store.MeetingRecord{Channel: channel, Source: "irc", TimeZone: zone, BotNick: "gavel", SeriesOption: series}
	c := meeting.NewChannel(channel, store.EngineOptions(rec))
	var evs []meeting.Event
	var m *meeting.Meeting
	for i, l := range lines {
		nick, text, ok := strings.Cut(l, ": ")
		if !ok {
			t.Fatalf("bad fixture line %q", l)
		}
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: channel, Nick: nick, Text: text}
		evs = append(evs, ev)
		if r := c.Handle(ev); r.Meeting != nil {
			m = r.Meeting
		}
	}
	if m == nil || m.Ended.IsZero() {
		t.Fatalf("fixture meeting in %s did not end", channel)
	}
	rec.ID, rec.Series, rec.Title, rec.Started = m.ID, m.Series, m.Title, m.Started
	if err := st.StartMeeting(rec); err != nil {
		t.Fatal(err)
	}
	if err := appendEvents(st, m.ID, evs); err != nil {
		t.Fatal(err)
	}
	ended := m.Ended
	if err := st.UpdateMeeting(m.ID, func(r *store.MeetingRecord) error { r.Ended = ended; return nil }); err != nil {
		t.Fatal(err)
	}
	m, err := st.Replay(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tracker.Sync(context.Background(), st, m, nil); err != nil {
		t.Fatal(err)
	}
	return m
}

// planetStore is the store behind the planet view: in series "fudcon"
// (#fudcon, Europe/Prague), a meeting that raised an action item; the
// next one with decisions, action items with deadlines, a #done of the
// first meeting's item and a vote; and one with nothing in it but a
// #done that matches nothing.
func planetStore(t testing.TB) (st *store.Store, full, empty *meeting.Meeting) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	storeMeeting(t, st, "#fudcon", "fudcon", "Europe/Prague", time.Date(2026, 7, 19, 13, 0, 0, 0, time.UTC),
		"jsmith: #startmeeting FUDCon planning",
		"jsmith: #topic Keynote",
		"jsmith: #action pjp to book AV equipment for the keynote",
		"jsmith: #endmeeting")
	full = storeMeeting(t, st, "#fudcon", "fudcon", "Europe/Prague", time.Date(2026, 7, 26, 13, 0, 0, 0, time.UTC),
		"jsmith: #startmeeting FUDCon planning",
		"jsmith: #chair alice",
		"jsmith: #topic Keynote",
		"jsmith: #done a1",
		"pjp: the projector is booked too",
		"jsmith: #topic Venue",
		"alice: #info The Brno campus has rooms for 300 people, see https://example.org/brno",
		"jsmith: #agreed Brno is our venue",
		"jsmith: #action alice to call the campus about dates due Aug 3",
		"jsmith: #action bob and alice to draft the travel policy by Aug 10",
		"jsmith: #action someone to print the badges",
		"jsmith: #startvote Which day? Friday, Saturday",
		"alice: #vote Friday",
		"bob: #vote Friday",
		"pjp: #vote Saturday",
		"jsmith: #endvote",
		"jsmith: #endmeeting")
	empty = storeMeeting(t, st, "#fudcon", "fudcon", "Europe/Prague", time.Date(2026, 7, 27, 13, 0, 0, 0, time.UTC),
		"jsmith: #startmeeting",
		"jsmith: #done the old badges",
		"jsmith: #endmeeting")
	return st, full, empty
}

// buildPlanetSite builds the site of planetStore into dir.
func buildPlanetSite(t testing.TB, st *store.Store, dir string, now time.Time) *Publisher {
	t.Helper()
	opt := fixtureOptions(dir)
	opt.Posts, opt.Now = "", now
	p, err := New(StoreSource{Store: st}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p
}

// feedparserScript prints, for each feed, bozo and each entry's id, title,
// link, published, updated and content both sanitized (what planets show)
// and not.
const feedparserScript = `
import feedparser, json, sys
out = {}
for p in sys.argv[1:]:
    d = feedparser.parse(p)
    raw = feedparser.parse(p, sanitize_html=False)
    out[p] = {"bozo": bool(d.bozo), "exc": str(d.get("bozo_exception", "")),
        "entries": [{"id": e.id, "title": e.title, "link": e.link, "published": e.published, "updated": e.updated,
                     "content": e.content[0].value, "raw": r.content[0].value}
                    for e, r in zip(d.entries, raw.entries)]}
json.dump(out, sys.stdout)
`

type parsedEntry struct {
	ID, Title, Link, Published, Updated, Content, Raw string
}

type parsedFeed struct {
	Bozo    bool
	Exc     string
	Entries []parsedEntry
}

// feedparse parses feeds (site paths under dir) with python3-feedparser.
func feedparse(t *testing.T, dir string, feeds ...string) map[string]parsedFeed {
	t.Helper()
	py := testenv.Python(t, "feedparser")
	args := []string{"-c", feedparserScript}
	for _, f := range feeds {
		args = append(args, filepath.Join(dir, f))
	}
	out, err := exec.Command(py, args...).Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var res map[string]parsedFeed
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	byName := map[string]parsedFeed{}
	for _, f := range feeds {
		r := res[filepath.Join(dir, f)]
		if r.Bozo {
			t.Errorf("%s: feedparser bozo: %s", f, r.Exc)
		}
		byName[f] = r
	}
	return byName
}

var (
	brRun     = regexp.MustCompile(`(?i)<br\s*/?>\s*<br`)
	emptySect = regexp.MustCompile(`<h3>[^<]*</h3>\s*(<h3|<p>Minutes|$)|<ul>\s*</ul>|\(none\)`)
	tagRE     = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
)

// TestPlanetEntries reads the feeds as a planet does (python3-feedparser,
// sanitized) and checks what its readers get: the decisions, each action
// item with its owner, tracker id and deadline, the closed item's text and
// owner, the vote; nothing removed by the sanitizer; no empty section, no
// run of <br>, no layout markup, the bot not among the people present;
// the meeting with nothing in it in no feed but on its series page.
func TestPlanetEntries(t *testing.T) {
	st, full, empty := planetStore(t)
	dir := t.TempDir()
	p := buildPlanetSite(t, st, dir, time.Date(2026, 7, 28, 12, 0, 0, 0, time.UTC))
	// The bot publishes each meeting when it ends: the incremental path
	// must leave the empty one out too.
	if _, err := p.PublishMeeting(context.Background(), empty.ID); err != nil {
		t.Fatal(err)
	}
	feeds := feedparse(t, dir, "feed.atom", "series/fudcon/feed.atom")
	for name, f := range feeds {
		var got *parsedEntry
		for i, e := range f.Entries {
			if strings.HasSuffix(e.ID, ":meeting/"+url.PathEscape(empty.ID)) {
				t.Errorf("%s: the meeting with no content is an entry", name)
			}
			if strings.HasSuffix(e.ID, ":meeting/"+url.PathEscape(full.ID)) {
				got = &f.Entries[i]
			}
		}
		if got == nil {
			t.Fatalf("%s: no entry for %s among %d", name, full.ID, len(f.Entries))
		}
		c := got.Content
		if c != got.Raw {
			t.Errorf("%s: the sanitizer changed the entry:\n raw: %s\nsanitized: %s", name, got.Raw, c)
		}
		for _, want := range []string{
			"<h3>Decisions</h3>", "Brno is our venue", "Which day?", "Results are: Friday (2): alice, bob; Saturday (1): pjp",
			"<strong>alice</strong>", "[a2] alice to call the campus about dates due Aug 3 (due 2026-08-03)",
			"[a3] bob and alice to draft the travel policy by Aug 10 (due 2026-08-10)",
			"<strong>bob</strong>", "<strong>Unassigned</strong>", "[a4] someone to print the badges",
			"Done: [a1] pjp to book AV equipment for the keynote (pjp)",
			`<a href="https://example.org/brno">https://example.org/brno</a>`,
			"13:00–13:16 UTC (15:00–15:16 CEST)", "Chairs: alice, jsmith.",
			`.txt">text</a>`, `.log.html">full log</a>`,
		} {
			if !strings.Contains(c, want) {
				t.Errorf("%s: entry lacks %q:\n%s", name, want, c)
			}
		}
		// Decisions come before the action items, which come before
		// the topics, which come before the links.
		if i, j, k, l := strings.Index(c, "Decisions"), strings.Index(c, "Action items"), strings.Index(c, "Topics"), strings.Index(c, "Minutes: "); !(i < j && j < k && k < l) {
			t.Errorf("%s: sections out of order (%d %d %d %d)", name, i, j, k, l)
		}
		if present := c[strings.Index(c, "Present:"):]; strings.Contains(present[:strings.Index(present, "</p>")], "gavel") {
			t.Errorf("%s: the bot is among the people present: %.200s", name, present)
		}
		if brRun.MatchString(c) || emptySect.MatchString(c) {
			t.Errorf("%s: a run of <br> or an empty section:\n%s", name, c)
		}
		for _, tag := range tagRE.FindAllString(c, -1) {
			if strings.Contains(tag, "class=") || strings.Contains(tag, "style=") || strings.HasPrefix(tag, "<span") || strings.HasPrefix(tag, "<div") {
				t.Errorf("%s: layout markup %s", name, tag)
			}
		}
	}
	// The empty meeting stays on its series page and has its minutes.
	page, err := os.ReadFile(filepath.Join(dir, "series/fudcon/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	emptyRef := p0(t, st, empty.ID)
	if !strings.Contains(string(page), filepath.Base(emptyRef)) {
		t.Errorf("the meeting with no content is missing from its series page")
	}
	// The minutes say the closed item, with the bot not attending.
	txt, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(p0(t, st, full.ID), ".html")+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(txt), "DONE [a1] pjp to book AV equipment for the keynote (pjp)") || strings.Contains(string(txt), "* gavel (") {
		t.Errorf("text minutes:\n%s", txt)
	}
}

// p0 returns the minutes page path of meeting id in st's site.
func p0(t *testing.T, st *store.Store, id string) string {
	t.Helper()
	p, err := New(StoreSource{Store: st}, Options{Dir: t.TempDir(), BaseURL: "https://minutes.example.org/", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.mustRefs(t) {
		if r.ID == id {
			return r.Path
		}
	}
	t.Fatalf("no meeting %s", id)
	return ""
}

// planetPage is a planet-like page built from feedparser's sanitized
// entries, as aggregators build theirs.
const planetScript = `
import feedparser, html, sys
d = feedparser.parse(sys.argv[1])
out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
       '<meta name="viewport" content="width=device-width, initial-scale=1">',
       '<title>Planet</title><style>body{font-family:sans-serif;max-width:50em;margin:auto;padding:0 1em}',
       'article{border-bottom:1px solid #ccc;padding-bottom:1em}</style></head><body><h1>Planet</h1>']
for e in d.entries:
    out.append('<article><h2><a href="%s">%s</a></h2><div class="entry">%s</div></article>' % (
        html.escape(e.link, quote=True), html.escape(e.title), e.content[0].value))
out.append('</body></html>')
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out))
`

// TestPlanetView builds a planet page from the site feed's sanitized
// entries and loads it in headless Chromium at phone and desktop widths:
// no console errors, no horizontal scrolling, the entry's sections there.
// Screenshots go to $GAVEL_SCREENSHOTS when it is set.
func TestPlanetView(t *testing.T) {
	st, _, _ := planetStore(t)
	dir := t.TempDir()
	buildPlanetSite(t, st, dir, time.Date(2026, 7, 28, 12, 0, 0, 0, time.UTC))
	py := testenv.Python(t, "feedparser")
	page := filepath.Join(t.TempDir(), "planet.html")
	if out, err := exec.Command(py, "-c", planetScript, filepath.Join(dir, "feed.atom"), page).CombinedOutput(); err != nil {
		t.Fatalf("planet page: %v\n%s", err, out)
	}
	ctx, errs, _ := browser(t)
	for _, width := range []int64{390, 1280} {
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady(chromedp.CSS("article")),
		)
		if err != nil {
			t.Fatal(err)
		}
		overflow := mustRun(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if overflow {
			t.Errorf("width %d: the planet page scrolls sideways", width)
		}
		text := mustRun(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))
		for _, want := range []string{"Decisions", "Brno is our venue", "Action items", "[a2] alice to call the campus", "Done: [a1]"} {
			if !strings.Contains(text, want) {
				t.Errorf("width %d: planet page lacks %q", width, want)
			}
		}
		if shots := os.Getenv("GAVEL_SCREENSHOTS"); shots != "" {
			png := mustRun(t, ctx, chromedp.FullScreenshot(100))
			name := filepath.Join(shots, "planet-"+map[bool]string{true: "phone", false: "desktop"}[width < 600]+".png")
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if e := errs(); len(e) > 0 {
			t.Errorf("width %d: console errors: %q", width, e)
		}
	}
}

// TestPostPages loads the post pages in headless Chromium at phone and
// desktop widths: a meeting with a chair's summary (its minutes page,
// which is its post) and a Markdown post about it (front matter meeting),
// which link each other. The summary holds hostile text that must not
// run; no console errors, no sideways scrolling. Screenshots go to
// $GAVEL_SCREENSHOTS when it is set.
func TestPostPages(t *testing.T) {
	st, full, _ := planetStore(t)
	summary := "We picked **Brno** for FUDCon; the [campus](https://example.org/brno) has rooms for 300.\n\n" +
		"Alice calls the campus <script>" + pwn + "</script><img src=x onerror=\"" + pwn + "\"> by August 3."
	if err := st.UpdateMeeting(full.ID, func(r *store.MeetingRecord) error { r.Summary = summary; return nil }); err != nil {
		t.Fatal(err)
	}
	posts := t.TempDir()
	post := "---\ntitle: \"FUDCon: the venue is Brno\"\ndate: 2026-07-27 10:00\ntags: [fudcon]\nmeeting: " + full.ID +
		"\n---\nAfter [the meeting](https://minutes.example.org/) we wrote to the campus.\n\n## What comes next\n\n- call the campus\n- draft the travel policy\n"
	if err := os.WriteFile(filepath.Join(posts, "venue.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Posts, opt.Now = posts, time.Date(2026, 7, 28, 12, 0, 0, 0, time.UTC)
	p, err := New(StoreSource{Store: st}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, dir)
	minutesPath := p0(t, st, full.ID)
	postPath := "posts/" + strings.ToLower(full.ID) + "/"
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx, errs, _ := browser(t)
	for _, pg := range []struct{ name, path, want, link string }{
		// The meeting's own post: the summary, then the decisions and
		// the action items by person with deadlines, and the minutes.
		{"meeting-post", "/" + postPath, "We picked Brno for FUDCon", minutesPath},
		{"meeting-post-actions", "/" + postPath, "Action items", ".log.html"},
		{"minutes", "/" + minutesPath, "Blog posts: Minutes of ", postPath},
		{"minutes-to-post", "/" + minutesPath, "FUDCon: the venue is Brno", "posts/venue/"},
		{"post", "/posts/venue/", "we wrote to the campus", minutesPath},
	} {
		for _, width := range []int64{390, 1280} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+pg.path),
				chromedp.WaitReady(chromedp.CSS("footer")))
			if err != nil {
				t.Fatalf("%s: %v", pg.path, err)
			}
			text := mustRun(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))
			if !strings.Contains(text, pg.want) {
				t.Errorf("%s at %d: lacks %q", pg.name, width, pg.want)
			}
			links := mustRun(t, ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('a')).filter(a => a.href.endsWith(`+strconvQuote(pg.link)+`)).length`))
			if links == 0 {
				t.Errorf("%s: no link to %s", pg.name, pg.link)
			}
			pwned := mustRun(t, ctx, chromedp.Evaluate[*string](`document.body.getAttribute('data-pwned')`))
			if pwned != nil {
				t.Errorf("%s: the summary's script ran", pg.name)
			}
			if mustRun(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				t.Errorf("%s at %d: the page scrolls sideways", pg.name, width)
			}
			if shots := os.Getenv("GAVEL_SCREENSHOTS"); shots != "" {
				png := mustRun(t, ctx, chromedp.FullScreenshot(100))
				name := filepath.Join(shots, pg.name+"-"+map[bool]string{true: "phone", false: "desktop"}[width < 600]+".png")
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if e := errs(); len(e) > 0 {
				t.Errorf("%s at %d: console errors: %q", pg.name, width, e)
			}
		}
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestSummaryPlain: the text summary of a meeting's entry and of its post
// in lists is the chair's Markdown without its markup.
func TestSummaryPlain(t *testing.T) {
	p, err := New(&memSource{}, fixtureOptions(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"We picked **Brno** & [the campus](https://example.org/)\nfor *FUDCon*.": "We picked Brno & the campus for FUDCon.",
		"Call <b>them</b> <script>x()</script>now":                               "Call them x()now",
		"<script>alert(1)</script>":                                              "<script>alert(1)</script>",
	} {
		if got := p.summaryPlain(in); got != want {
			t.Errorf("summaryPlain(%q) = %q, want %q", in, got, want)
		}
	}
}
