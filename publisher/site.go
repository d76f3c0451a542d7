package publisher

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/templates"
)

// pageTemplates are the page templates; each is parsed with layout.html
// and partials.html.
var pageTemplates = []string{"home.html", "series_index.html", "series.html", "minutes.html",
	"actions.html", "owner.html", "items.html", "post.html", "posts.html", "tags.html", "search.html", "redirect.html"}

// readTemplate returns the site's override of name, or the default.
func (p *Publisher) readTemplate(name string) ([]byte, error) {
	if p.opt.Templates != "" {
		b, err := os.ReadFile(filepath.Join(p.opt.Templates, name))
		if err == nil {
			return b, nil
		}
		if !os.IsNotExist(err) {
			return nil, fmt.Errorf("publisher: template override: %w", err)
		}
	}
	b, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return nil, fmt.Errorf("publisher: default template %s: %w", name, err)
	}
	return b, nil
}

func (p *Publisher) loadTemplates() error {
	funcs := template.FuncMap{
		// slug is the path component of a name (a series in a link).
		"slug": sitepath.Slug,
		// itemhref is the site path of an action item's entry.
		"itemhref": itemHref,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
	layout, err := p.readTemplate("layout.html")
	if err != nil {
		return err
	}
	partials, err := p.readTemplate("partials.html")
	if err != nil {
		return err
	}
	p.pages = map[string]*template.Template{}
	for _, name := range pageTemplates {
		src, err := p.readTemplate(name)
		if err != nil {
			return err
		}
		t := template.New("layout.html").Funcs(funcs)
		if _, err := t.Parse(string(layout)); err != nil {
			return fmt.Errorf("publisher: template layout.html: %w", err)
		}
		if _, err := t.New("partials.html").Parse(string(partials)); err != nil {
			return fmt.Errorf("publisher: template partials.html: %w", err)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("publisher: template %s: %w", name, err)
		}
		p.pages[name] = t
	}
	p.fast = fastTemplates(p.readTemplate, fastMinutes)
	p.fastSeries = fastTemplates(p.readTemplate, fastSeries)
	p.assets = map[string][]byte{}
	for _, name := range sitepath.Assets() {
		b, err := p.readTemplate(name)
		if err != nil {
			return err
		}
		p.assets[name] = b
	}
	return nil
}

// siteData is what every page knows about the site.
type siteData struct {
	Title   string
	Lang    string
	BaseURL string
}

// feedLink is a page's own feed.
type feedLink struct {
	Title string
	Href  string
}

// pageData is the data of every page template.
type pageData struct {
	Site      siteData
	Root      string
	Title     string
	Canonical string
	Feed      *feedLink
	Data      any
	// TitleOnly makes <title> the page's title alone (minutes pages keep
	// the minutes' own title, which scrapers such as mote read).
	TitleOnly bool
}

// rootOf returns the relative path from the folder of the page at rel to
// the site root ("./" for pages at the root).
func rootOf(rel string) string {
	n := strings.Count(rel, "/")
	if n == 0 {
		return "./"
	}
	return strings.Repeat("../", n)
}

// abs returns the absolute URL of the site path rel ("x/index.html" is
// "x/").
func (p *Publisher) abs(rel string) string {
	rel = strings.TrimSuffix(rel, "index.html")
	return p.base.String() + rel
}

// page renders the page template name to the site path rel.
func (p *Publisher) page(b *build, name, rel, title string, feed *feedLink, data any) error {
	return p.pageTitled(b, name, rel, title, false, feed, data)
}

// pageTitled is page, with titleOnly set for pages that keep their own
// <title>.
func (p *Publisher) pageTitled(b *build, name, rel, title string, titleOnly bool, feed *feedLink, data any) error {
	pd := pageData{
		TitleOnly: titleOnly,
		Site:      siteData{Title: p.opt.Title, Lang: p.opt.Lang, BaseURL: p.base.String()},
		Root:      rootOf(rel),
		Title:     title,
		Canonical: p.abs(rel),
		Feed:      feed,
		Data:      data,
	}
	exec := "layout.html"
	if name == "redirect.html" {
		exec = name
	}
	buf, _ := p.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer p.bufs.Put(buf)
	buf.Reset()
	if mp, ok := data.(minutesPage); ok && p.fast && name == "minutes.html" {
		buf.Grow(len(mp.body) + mp.trackedLen() + 4<<10)
		buf.Write(appendMinutesPage(buf.AvailableBuffer(), &pd, &mp))
	} else if sp, ok := data.(seriesPage); ok && p.fastSeries && name == "series.html" && feed != nil {
		buf.Write(appendSeriesPage(buf.AvailableBuffer(), &pd, &sp))
	} else if err := p.pages[name].ExecuteTemplate(buf, exec, pd); err != nil {
		return fmt.Errorf("publisher: rendering %s with %s: %w", rel, name, err)
	}
	// write is done with the bytes when it returns.
	return b.out.write(rel, buf.Bytes())
}

func (p *Publisher) writeAssets(b *build) error {
	for _, name := range sitepath.Assets() {
		if err := b.out.write(sitepath.AssetsDir+"/"+name, p.assets[name]); err != nil {
			return err
		}
	}
	return nil
}

// formatLink is one minutes format offered on a minutes page.
type formatLink struct {
	Name string
	Href string
}

var formatNames = map[string]string{
	"txt":      "Minutes (text)",
	"md":       "Minutes (Markdown)",
	"json":     "Minutes (JSON)",
	"log.html": "Full log",
	"log.txt":  "Full log (text)",
	"ics":      "Calendar",
}

// minutesPage is the data of minutes.html.
type minutesPage struct {
	*ref
	// body is the minutes' HTML body, the html format's bytes (not
	// copied: the page is written before they are recycled); templates
	// read it as Body.
	body    []byte
	Formats []formatLink
	Prev    *ref
	Next    *ref
	// Running marks the interim minutes of a meeting in progress, saved
	// at Saved (the publish's reference date).
	Running  bool
	Saved    string
	SavedISO string
	// SeriesPage is false when the series has no page yet (a first
	// meeting still running).
	SeriesPage bool
	// Actions are the tracked action items this meeting raised or
	// discussed, with their ids, and tracked their list entries
	// (partials.html's actionitem, see minutesItems; the templates read
	// them joined as Tracked); Votes its votes' results.
	Actions []actionView
	tracked [][]byte
	Votes   []voteView
	// NoAnchors: the minutes page carries no item anchors (the items'
	// ids link to the actions page).
	NoAnchors map[string]bool
	// Posts are the blog posts about the meeting (front matter meeting).
	Posts []*post
}

// Body is the minutes' HTML body as the templates read it ({{.Body}}):
// a copy of the bytes, made only for a page the templates render (the
// hand-written renderer of the default minutes page appends the bytes).
func (mp minutesPage) Body() template.HTML { return template.HTML(mp.body) }

// Tracked is the list entries of the page's tracked items as the templates
// read them ({{.Tracked}}): joined, made only for a page the templates
// render (the hand-written renderer appends each entry).
func (mp minutesPage) Tracked() template.HTML {
	return template.HTML(bytes.Join(mp.tracked, nil))
}

// trackedLen is the length of Tracked.
func (mp *minutesPage) trackedLen() int {
	n := 0
	for _, h := range mp.tracked {
		n += len(h)
	}
	return n
}

// voteView is one vote of a meeting as a table.
type voteView struct {
	Question string
	Results  []voteRow
	Open     bool
}

// voteRow is one option of a vote.
type voteRow struct {
	Option string
	Count  int
	Voters string
}

// votesOf makes the vote tables of m.
func votesOf(m *meeting.Meeting) []voteView {
	var out []voteView
	for i := range m.Votes {
		v := &m.Votes[i]
		vv := voteView{Question: v.Question, Open: v.Ended.IsZero()}
		for _, r := range v.Results() {
			vv.Results = append(vv.Results, voteRow{Option: r.Option, Count: len(r.Voters), Voters: strings.Join(r.Voters, ", ")})
		}
		out = append(out, vv)
	}
	return out
}

// meetingResult is what rendering a meeting gives back to the build.
type meetingResult struct {
	doc   searchDoc
	entry *entryContent
}

// renderMeeting writes the minutes files of r and its page in the layout.
// With wantEntry it also returns the feed entry content.
func (p *Publisher) renderMeeting(ctx context.Context, b *build, r, prev, next *ref, wantEntry bool) (meetingResult, error) {
	m, err := p.load(ctx, b, r.ID)
	if err != nil {
		return meetingResult{}, fmt.Errorf("publisher: loading meeting %s: %w", r.ID, err)
	}
	if _, fresh := p.src.(freshSource); fresh && b.loaded[r.ID] == nil {
		// Made for this call: renderLoaded's resolve then finds
		// nothing left to resolve, and copies nothing.
		b.tracked.resolveOwned(m)
	}
	return p.renderLoaded(b, r, m, prev, next, wantEntry, false)
}

// renderLoaded is renderMeeting of the loaded meeting m; running marks
// interim minutes.
func (p *Publisher) renderLoaded(b *build, r *ref, m *meeting.Meeting, prev, next *ref, wantEntry, running bool) (meetingResult, error) {
	m = b.tracked.resolve(m)
	files, err := p.opt.Minutes.Write(m, p.opt.FilePattern)
	if err != nil {
		return meetingResult{}, fmt.Errorf("publisher: writing minutes of %s: %w", r.ID, err)
	}
	if rc, ok := p.opt.Minutes.(minutesRecycler); ok {
		// Nothing below keeps the files' bytes: the files are written
		// (or compared) and the page made before this returns.
		defer rc.Recycle(files)
	}
	var html *MinutesFile
	for i := range files {
		if files[i].Format == "html" {
			html = &files[i]
		}
	}
	if html == nil {
		return meetingResult{}, fmt.Errorf("publisher: minutes of %s have no html file", r.ID)
	}
	if html.Path != r.Path {
		return meetingResult{}, fmt.Errorf("publisher: minutes of %s: html written at %q but linked at %q", r.ID, html.Path, r.Path)
	}
	dir := path.Dir(html.Path)
	mp := minutesPage{ref: r, body: html.Data, Prev: prev, Next: next,
		SeriesPage: len(b.bySeries[r.Series]) > 0, Votes: votesOf(m), Posts: postsAbout(b, r.ID)}
	hasPost := !running && strings.TrimSpace(r.Summary) != ""
	if hasPost {
		// The meeting's own post comes first among the posts about it.
		mp.Posts = append([]*post{p.meetingPost(r)}, mp.Posts...)
	}
	if !running {
		if err := b.state.setDigest(r.ID, digestOf(r, m)); err != nil {
			return meetingResult{}, err
		}
		if mp.Actions, mp.tracked, err = p.minutesItems(b, b.byMeeting[r.ID], rootOf(r.Path)); err != nil {
			return meetingResult{}, err
		}
	}
	if running {
		mp.Running = true
		mp.Saved = p.opt.Now.UTC().Format("2006-01-02 15:04 UTC")
		mp.SavedISO = p.opt.Now.UTC().Format(time.RFC3339)
	}
	for _, f := range files {
		if f.Format == "html" {
			continue
		}
		if err := b.out.write(f.Path, f.Data); err != nil {
			return meetingResult{}, err
		}
		name := formatNames[f.Format]
		if name == "" {
			name = f.Format
		}
		mp.Formats = append(mp.Formats, formatLink{Name: name, Href: relPath(dir, f.Path)})
	}
	title := strings.TrimSpace(html.Title)
	own := title != ""
	if !own {
		title = r.Name() + ", " + r.Date()
	}
	var feed *feedLink
	if mp.SeriesPage {
		feed = &feedLink{Title: "Atom feed of " + r.Series, Href: rootOf(r.Path) + seriesDir(r.Series) + sitepath.FeedFile}
	}
	if err := p.pageTitled(b, "minutes.html", r.Path, title, own, feed, mp); err != nil {
		return meetingResult{}, err
	}
	if err := p.writeMeetingPost(b, r, m, files, hasPost); err != nil {
		return meetingResult{}, err
	}
	res := meetingResult{doc: meetingDoc(r, m)}
	if !running {
		b.state.setWeight(r.ID, feedWeight(m))
	}
	if wantEntry {
		res.entry = p.meetingEntry(b, r, m, files)
	}
	return res, nil
}

// minutesItems returns the views and the list entries of the tracked
// items of a minutes page at root. An item's entry is the same on
// every minutes page at that root (it lists the item's first and latest
// meetings, and no due words: a minutes page is only written again when
// its meeting changes, so no "due tomorrow" that would go stale), and an
// item is discussed at many meetings, so each view and entry is made once
// per publish (b.minutesFrags), the entry with the minutes template's
// actionitem.
func (p *Publisher) minutesItems(b *build, items []*Action, root string) ([]actionView, [][]byte, error) {
	if len(items) == 0 {
		return nil, nil, nil
	}
	views := make([]actionView, 0, len(items))
	htmls := make([][]byte, 0, len(items))
	for _, a := range items {
		key := minutesFrag{id: a.ID, root: root}
		if f, ok := b.minutesFrags.Load(key); ok {
			f := f.(*minutesEntry)
			views = append(views, f.view)
			htmls = append(htmls, f.html)
			continue
		}
		day, _ := time.Parse("2006-01-02", p.opt.Now.Format("2006-01-02"))
		v := view(b, a, day)
		v.Meetings, v.Skipped = listedMeetings(v.Meetings)
		v.Overdue, v.Soon, v.DueWords = false, false, ""
		if v.Class != "closed" {
			v.Class = "open"
		}
		var one bytes.Buffer
		if p.fast {
			one.Write(appendActionItem(nil, root, &v, false))
		} else if err := p.pages["minutes.html"].ExecuteTemplate(&one, "actionitem", map[string]any{"Root": root, "Item": v, "Here": false}); err != nil {
			return nil, nil, fmt.Errorf("publisher: rendering action item %s for a minutes page: %w", a.ID, err)
		}
		b.minutesFrags.Store(key, &minutesEntry{view: v, html: one.Bytes()})
		views = append(views, v)
		htmls = append(htmls, one.Bytes())
	}
	// Not joined: the page appends them (kept in b.minutesFrags, never
	// written to).
	return views, htmls, nil
}

// minutesEntry is an item's view and entry on the minutes pages at a root.
type minutesEntry struct {
	view actionView
	html []byte
}

// minutesFrag keys an item's entry on the minutes pages at a root.
type minutesFrag struct{ id, root string }

// minutesMeetings is how many meetings an item lists at most on a minutes
// page.
const minutesMeetings = 3

// listedMeetings returns the meetings a tracked item lists on a minutes
// page, and how many it leaves out: the first (where it was raised) and
// the latest ones, up to minutesMeetings in all. An item discussed at every
// meeting would otherwise make every minutes page grow with the archive (a
// page of 180 KB after 500 meetings of a series, each taking longer to
// render); the actions pages list them all.
func listedMeetings(all []*ref) ([]*ref, int) {
	if len(all) <= minutesMeetings {
		return all, 0
	}
	out := make([]*ref, 0, minutesMeetings)
	out = append(out, all[0])
	out = append(out, all[len(all)-minutesMeetings+1:]...)
	return out, len(all) - minutesMeetings
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// relPath returns the relative URL path from folder dir to file to (both
// site paths).
func relPath(dir, to string) string {
	if dir == "." || dir == "" {
		return to
	}
	d := strings.Split(dir, "/")
	t := strings.Split(to, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// seriesSummary is one row of the series index.
type seriesSummary struct {
	Name   string
	Count  int
	Latest *ref
}

// yearGroup is one period of a series' timeline: a year, or a month of a
// year with more than timelineRows meetings.
type yearGroup struct {
	// Key names the period in paths and anchors ("2026", "2026-03"),
	// Label in words ("2026", "March 2026").
	Key, Label string
	Meetings   []seriesMeeting
}

// seriesMeeting is one meeting of a series' timeline, with its counts.
type seriesMeeting struct {
	*ref
	digest
}

// timelineLink is a link to one period's timeline page.
type timelineLink struct {
	Label string
	// Href is the page's path from the site root.
	Href    string
	Count   int
	Current bool
}

// seriesPage is the data of series.html: the series page (the latest
// period of its timeline, its next meetings and charts) or, with Page
// set, the timeline page of an earlier period.
type seriesPage struct {
	Name     string
	Page     string
	Upcoming []upcoming
	// Agenda is the series' next meeting's agenda (its open items).
	Agenda []agendaView
	Years  []yearGroup
	// Periods links every period's page, newest first, when there are
	// several.
	Periods []timelineLink
	Charts  []*chartView
}

// redirectPage is the data of redirect.html.
type redirectPage struct {
	Series    string
	Title     string
	Target    string
	Refresh   string
	Canonical string
}

// writeShared writes the pages shared by many meetings: home, the series
// index, the pages and latest redirects of the given series, posts and
// tag pages for the given tags, action items, feeds.
func (p *Publisher) writeShared(ctx context.Context, b *build, series, tags []string, fc *feedCache) error {
	if err := p.writeSchedules(b); err != nil {
		return err
	}
	dg, err := p.digestsFor(ctx, b, series)
	if err != nil {
		return err
	}
	var due dueSoon
	if b.due != nil {
		due = *b.due
	} else if due, err = p.writeActions(b); err != nil {
		return err
	}
	// The pages below read the archive and the digests and write files
	// of their own; each is one task, on every core (a full build's
	// shared pages came after the meetings with one core idle): the feeds
	// (one task: they share the feed cache), the home page, the series
	// index, each series page (a timeline of up to a hundred meetings,
	// its period pages and charts), the posts and tags.
	tasks := []func() error{
		func() error { return p.writeFeeds(ctx, b, series, tags, fc) },
		func() error { return p.writeHome(b, dg, due) },
		func() error {
			var rows []seriesSummary
			for _, s := range b.series {
				list := b.bySeries[s]
				rows = append(rows, seriesSummary{Name: s, Count: len(list), Latest: list[len(list)-1]})
			}
			return p.page(b, "series_index.html", sitepath.SeriesDir+"/"+sitepath.IndexPage, "Meetings", nil, map[string]any{"Series": rows})
		},
		func() error {
			if err := p.page(b, "posts.html", sitepath.PostsDir+"/"+sitepath.IndexPage, "Posts", nil, map[string]any{"Posts": b.posts, "Tag": nil}); err != nil {
				return err
			}
			if err := p.page(b, "tags.html", sitepath.TagsDir+"/"+sitepath.IndexPage, "Tags", nil, map[string]any{"Tags": p.tagIndex(b)}); err != nil {
				return err
			}
			for _, t := range tags {
				if err := p.writeTag(b, t); err != nil {
					return err
				}
			}
			return nil
		},
	}
	for _, s := range series {
		tasks = append(tasks, func() error { return p.writeSeries(b, s, dg) })
	}
	return p.parallel(ctx, len(tasks), func(i int) error { return tasks[i]() })
}

// seriesDir is the folder of series s's page and feed, with a final '/'.
func seriesDir(s string) string { return sitepath.SeriesDir + "/" + sitepath.Slug(s) + "/" }

// timelineRows is the most meetings a timeline page lists: a year with
// more (a daily meeting) is split into months, so that each page, with its
// style sheet, stays under 60 KB (issue 11).
const timelineRows = 100

// timeline splits list (a series' meetings, oldest first) into periods,
// newest first: years, and months of years with more than timelineRows
// meetings.
func timeline(list []*ref, dg map[string]digest) []yearGroup {
	var years [][]*ref
	for i := len(list) - 1; i >= 0; i-- {
		r := list[i]
		if n := len(years); n == 0 || years[n-1][0].Year() != r.Year() {
			years = append(years, nil)
		}
		years[len(years)-1] = append(years[len(years)-1], r)
	}
	var out []yearGroup
	add := func(key, label string, rs []*ref) {
		g := yearGroup{Key: key, Label: label, Meetings: make([]seriesMeeting, len(rs))}
		for i, r := range rs {
			g.Meetings[i] = seriesMeeting{ref: r, digest: dg[r.ID]}
		}
		out = append(out, g)
	}
	for _, y := range years {
		year := strconv.Itoa(y[0].Year())
		if len(y) <= timelineRows {
			add(year, year, y)
			continue
		}
		start := 0
		for i := 1; i <= len(y); i++ {
			if i == len(y) || y[i].Started.Month() != y[start].Started.Month() {
				t := y[start].Started
				add(t.Format("2006-01"), t.Format("January 2006"), y[start:i])
				start = i
			}
		}
	}
	return out
}

// periodDir is the folder of a series' timeline page for period key.
func periodDir(s, key string) string { return seriesDir(s) + key + "/" }

func (p *Publisher) writeSeries(b *build, s string, dg map[string]digest) error {
	list := b.bySeries[s]
	if len(list) == 0 {
		return nil
	}
	periods := timeline(list, dg)
	var links []timelineLink
	if len(periods) > 1 {
		for i, g := range periods {
			href := periodDir(s, g.Key)
			if i == 0 {
				href = seriesDir(s)
			}
			links = append(links, timelineLink{Label: g.Label, Href: href, Count: len(g.Meetings)})
		}
	}
	// The series page gives each period's number of meetings; an earlier
	// period's page does not, so that a new meeting does not change every
	// period's page of its series.
	linksFor := func(i int) []timelineLink {
		if links == nil {
			return nil
		}
		out := append([]timelineLink(nil), links...)
		out[i].Current = true
		if i > 0 {
			for j := range out {
				out[j].Count = 0
			}
		}
		return out
	}
	sp := seriesPage{Name: s, Upcoming: p.schedules(b, s), Agenda: agendaOf(b, s), Years: periods[:1], Periods: linksFor(0)}
	for _, c := range []chart{attendance(s, list, dg), b.burnChart(s, p.opt.Now)} {
		if v := c.view(); v != nil {
			sp.Charts = append(sp.Charts, v)
		}
	}
	rel := seriesDir(s) + sitepath.IndexPage
	feed := &feedLink{Title: "Atom feed of " + s, Href: sitepath.FeedFile}
	if err := p.page(b, "series.html", rel, "Meetings of "+s, feed, sp); err != nil {
		return err
	}
	for i := 1; i < len(periods); i++ {
		g := periods[i]
		prel := periodDir(s, g.Key) + sitepath.IndexPage
		pp := seriesPage{Name: s, Page: g.Label, Years: periods[i : i+1], Periods: linksFor(i)}
		// Rendered only when what it shows changed (or its file went).
		h := sha256.New()
		io.WriteString(h, "period\x00"+s+"\x00"+g.Label)
		for _, l := range pp.Periods {
			fmt.Fprintf(h, "\x01%s\x00%s\x00%t", l.Label, l.Href, l.Current)
		}
		for _, m := range g.Meetings {
			fmt.Fprintf(h, "\x02%s\x00%s\x00%s\x00%s\x00%d %d %d %d", recordHash(m.ref), m.Path, m.Name(), m.Date(),
				m.Topics, m.Decisions, m.Actions, m.People)
		}
		pfeed := &feedLink{Title: "Atom feed of " + s, Href: "../" + sitepath.FeedFile}
		err := p.writeListFeed(b, "series.html", prel, "Meetings of "+s+" in "+g.Label, pfeed, h, func() (any, error) { return pp, nil })
		if err != nil {
			return err
		}
	}
	keep := make(map[string]bool, len(periods))
	for _, g := range periods[1:] {
		keep[g.Key] = true
	}
	if err := p.prunePeriods(b, s, keep); err != nil {
		return err
	}
	latest := list[len(list)-1]
	lrel := sitepath.LatestDir + "/" + sitepath.Slug(s) + "/" + sitepath.IndexPage
	target := rootOf(lrel) + latest.Path
	rp := redirectPage{Series: s, Title: latest.Name() + ", " + latest.Date(), Target: target,
		Refresh: "0; url=" + target, Canonical: p.abs(latest.Path)}
	return p.page(b, "redirect.html", lrel, "Latest meeting of "+s, nil, rp)
}

// minutesTag is the tag of meetings published as posts.
const minutesTag = "minutes"

// sortedKeys returns m's keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
