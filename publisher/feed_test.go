package publisher

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/mmcdole/gofeed"
)

var fixtureFeeds = []string{"feed.atom", "series/fudcon-planning/feed.atom", "series/infrastructure/feed.atom",
	"tags/fudcon/feed.atom", "tags/minutes/feed.atom", "tags/budget/feed.atom"}

// TestFeedsGofeed parses every feed with gofeed and checks ids, links,
// dates and content.
func TestFeedsGofeed(t *testing.T) {
	dir := t.TempDir()
	src := buildFixture(t, dir)
	p := gofeed.NewParser()
	for _, name := range fixtureFeeds {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := p.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.FeedType != "atom" || f.FeedVersion != "1.0" {
			t.Errorf("%s: type %s %s", name, f.FeedType, f.FeedVersion)
		}
		if !strings.HasPrefix(f.FeedLink, "https://minutes.example.org/") || !strings.HasSuffix(f.FeedLink, name) {
			t.Errorf("%s: self link %q", name, f.FeedLink)
		}
		if len(f.Items) == 0 {
			t.Errorf("%s: no entries", name)
		}
		for _, it := range f.Items {
			if !strings.HasPrefix(it.GUID, "tag:minutes.example.org,2026:") {
				t.Errorf("%s: entry id %q is not a tag: URI", name, it.GUID)
			}
			if !strings.HasPrefix(it.Link, "https://minutes.example.org/") {
				t.Errorf("%s: entry link %q is not absolute", name, it.Link)
			}
			if it.PublishedParsed == nil || it.UpdatedParsed == nil || it.UpdatedParsed.Before(*it.PublishedParsed) {
				t.Errorf("%s: entry %s: published %v updated %v", name, it.GUID, it.PublishedParsed, it.UpdatedParsed)
			}
			if it.Content == "" || it.Description == "" || it.Author == nil || it.Author.Name == "" {
				t.Errorf("%s: entry %s lacks content, summary or author", name, it.GUID)
			}
			if strings.Contains(it.Content, `href="fudcon`) || strings.Contains(it.Content, `href='fudcon`) {
				t.Errorf("%s: entry %s has relative links in its content", name, it.GUID)
			}
		}
	}
	// The meeting entries are published when the meeting ended.
	data, _ := os.ReadFile(filepath.Join(dir, "series/fudcon-planning/feed.atom"))
	f, _ := p.Parse(bytes.NewReader(data))
	var last *meeting.Meeting
	for _, r := range src.recs {
		if r.Series == "fudcon-planning" && (last == nil || r.Ended.After(last.Ended)) {
			last = src.meetings[r.ID]
		}
	}
	if got := f.Items[0].PublishedParsed; got == nil || !got.Equal(last.Ended) {
		t.Errorf("newest entry published %v, want the meeting's end %v", got, last.Ended)
	}
	if !strings.Contains(f.Items[0].Content, "zanzibar travel policy") {
		t.Errorf("newest entry's content lacks the minutes: %.300s", f.Items[0].Content)
	}
}

// TestFeedsFeedparser checks every feed with Debian's python3-feedparser,
// the parser planets use.
func TestFeedsFeedparser(t *testing.T) {
	py := testenv.Python(t, "feedparser")
	dir := t.TempDir()
	buildFixture(t, dir)
	script := `
import feedparser, json, sys
out = {}
for p in sys.argv[1:]:
    d = feedparser.parse(p)
    out[p] = {"bozo": bool(d.bozo), "exc": str(d.get("bozo_exception", "")), "version": d.version,
        "links": [(l.get("rel"), l.get("href")) for l in d.feed.get("links", [])],
        "entries": [{"id": e.id, "link": e.link, "published": e.published, "updated": e.updated,
                     "author": e.get("author", ""), "summary": e.summary,
                     "content": e.content[0].value, "ctype": e.content[0].type} for e in d.entries]}
json.dump(out, sys.stdout)
`
	xmllint := testenv.Need(t, "xmllint", "apt-get install -y libxml2-utils")
	for _, n := range fixtureFeeds {
		if out, err := exec.Command(xmllint, "--noout", filepath.Join(dir, n)).CombinedOutput(); err != nil {
			t.Errorf("xmllint %s: %v\n%s", n, err, out)
		}
	}
	args := []string{"-c", script}
	for _, n := range fixtureFeeds {
		args = append(args, filepath.Join(dir, n))
	}
	out, err := exec.Command(py, args...).Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var res map[string]struct {
		Bozo    bool
		Exc     string
		Version string
		Links   [][2]string
		Entries []struct {
			ID, Link, Published, Updated, Author, Summary, Content, Ctype string
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	for _, n := range fixtureFeeds {
		r := res[filepath.Join(dir, n)]
		if r.Bozo || r.Version != "atom10" {
			t.Errorf("%s: bozo %v (%s), version %q", n, r.Bozo, r.Exc, r.Version)
		}
		rels := map[string]string{}
		for _, l := range r.Links {
			rels[l[0]] = l[1]
		}
		if rels["self"] != "https://minutes.example.org/"+n || !strings.HasPrefix(rels["alternate"], "https://minutes.example.org/") {
			t.Errorf("%s: links %v", n, r.Links)
		}
		for _, e := range r.Entries {
			if !strings.HasPrefix(e.ID, "tag:minutes.example.org,2026:") || !strings.HasPrefix(e.Link, "https://") ||
				e.Published == "" || e.Updated < e.Published || e.Author == "" || e.Summary == "" || e.Ctype != "text/html" {
				t.Errorf("%s: entry %+v", n, e)
			}
			if strings.Contains(e.Content, "<script") || strings.Contains(e.Content, "onerror") {
				t.Errorf("%s: entry %s content has script: %.200s", n, e.ID, e.Content)
			}
		}
	}
	site := res[filepath.Join(dir, "feed.atom")]
	var ids []string
	for _, e := range site.Entries {
		ids = append(ids, e.ID)
	}
	want := []string{"tag:minutes.example.org,2026:post/budget", "tag:minutes.example.org,2026:meeting/fudcon-planning.2026-07-26T130000Z",
		"tag:minutes.example.org,2026:post/hello-world", "tag:minutes.example.org,2026:meeting/fudcon-planning.2026-07-19T130000Z",
		"tag:minutes.example.org,2026:meeting/infrastructure.2025-12-10T160000Z"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("site feed entries\n got %v\nwant %v", ids, want)
	}
	if e := site.Entries[1]; e.Published != "2026-07-26T13:08:00Z" || e.Updated != e.Published {
		t.Errorf("meeting entry published %s updated %s, want both the meeting's end", e.Published, e.Updated)
	}
}

// TestFeedsStable publishes twice without changes (with a later reference
// date) and expects every feed byte-identical; then changes one meeting's
// summary and expects only its entry's updated to move, to the new
// reference date.
func TestFeedsStable(t *testing.T) {
	dir := t.TempDir()
	src := buildFixture(t, dir)
	before := readTree(t, dir)
	opt := fixtureOptions(dir)
	opt.Now = fixtureNow.Add(72 * time.Hour)
	p, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	st, err := p.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after := readTree(t, dir)
	for name, b := range before {
		if strings.HasSuffix(name, ".atom") && !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed on a publish without changes:\n%s", name, firstDiff(after[name], b))
		}
	}
	if st.Written == 0 {
		t.Errorf("the actions page should change with the reference date")
	}
	// Change the summary of the 2026-07-19 meeting.
	for i := range src.recs {
		if strings.HasPrefix(src.recs[i].ID, "fudcon-planning.2026-07-19") {
			src.recs[i].Summary = "Brno it is."
		}
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "series/fudcon-planning/feed.atom"))
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		changed := strings.HasSuffix(it.GUID, "2026-07-19T130000Z")
		if changed && !it.UpdatedParsed.Equal(opt.Now) {
			t.Errorf("changed entry updated %v, want %v", it.UpdatedParsed, opt.Now)
		}
		if !changed && !it.UpdatedParsed.Equal(*it.PublishedParsed) {
			t.Errorf("unchanged entry %s updated %v", it.GUID, it.UpdatedParsed)
		}
	}
}

// TestIncrementalMatchesFull publishes a new meeting incrementally and
// expects the same site as a full build of the same archive.
func TestIncrementalMatchesFull(t *testing.T) {
	inc := t.TempDir()
	src := buildFixture(t, inc)
	m := runMeeting(t, "#fudcon-planning", "fudcon-planning", time.Date(2026, 7, 27, 13, 0, 0, 0, time.UTC),
		"jsmith: #startmeeting FUDCon planning",
		"jsmith: #topic Quokka logistics",
		"jsmith: #action dave to order quokka stickers",
		"jsmith: #endmeeting")
	src.add(m, "")
	src.actions = append(src.actions, Action{ID: "a5", Text: "dave to order quokka stickers", Owners: []string{"dave"},
		Status: "open", Series: "fudcon-planning", Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
	p, err := New(src, fixtureOptions(inc))
	if err != nil {
		t.Fatal(err)
	}
	src.loads = 0
	st, err := p.PublishMeeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if src.loads > 3 {
		t.Errorf("incremental publish loaded %d meetings, want at most 3 (it, its neighbours)", src.loads)
	}
	full := t.TempDir()
	pf, err := New(src, fixtureOptions(full))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pf.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, inc), readTree(t, full)
	for _, name := range sortedNames(b) {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: incremental differs from full build:\n%s", name, firstDiff(a[name], b[name]))
		}
	}
	for _, name := range sortedNames(a) {
		if _, ok := b[name]; !ok {
			t.Errorf("%s: only in the incremental site", name)
		}
	}
	if st.Written == 0 || st.Written >= st.Files {
		t.Errorf("incremental wrote %d of %d files", st.Written, st.Files)
	}
	if _, err := p.PublishMeeting(context.Background(), "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("publishing an unknown meeting: %v", err)
	}
}

// TestPublishChanged changes a summary, adds a meeting and a closed item,
// then publishes what changed and expects the same site as a full build.
func TestPublishChanged(t *testing.T) {
	inc := t.TempDir()
	src := buildFixture(t, inc)
	m := runMeeting(t, "#fedora-meeting", "infrastructure", time.Date(2026, 1, 7, 16, 0, 0, 0, time.UTC),
		"nirik: #startmeeting Infrastructure",
		"nirik: #info certificates rotated",
		"nirik: #endmeeting")
	src.add(m, "")
	src.recs[0].Summary = "A summary added later."
	src.actions[2].Status = "open"
	opt := fixtureOptions(inc)
	opt.Now = fixtureNow.Add(time.Hour)
	p, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	full := t.TempDir()
	// The full build must see the same history of content hashes: it
	// reads the same source, where the state is.
	buildFixture(t, full)
	optF := fixtureOptions(full)
	optF.Now = opt.Now
	pf, _ := New(src, optF)
	if _, err := pf.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, inc), readTree(t, full)
	for _, name := range sortedNames(b) {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: Publish differs from a full build:\n%s", name, firstDiff(a[name], b[name]))
		}
	}
	if !strings.Contains(string(a["feed.atom"]), "A summary added later.") {
		t.Errorf("the changed summary is not in the site feed")
	}
}

// TestFeedIDsKept builds the fixture site over the publisher state of a
// site built by the code before the entries were rewritten for planets
// (testdata/feeds-before, the golden feeds of that code): every entry keeps
// its id and published time, the entries whose body changed get the
// publish's date as updated, the others keep theirs; a second publish
// later moves nothing.
func TestFeedIDsKept(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile("testdata/feeds-before/gavel-state.json")
	if err != nil {
		t.Fatal(err)
	}
	// The state file of a site folder of that code: the first build
	// moves it into the source.
	if err := os.WriteFile(filepath.Join(dir, legacyStateFile), old, 0o644); err != nil {
		t.Fatal(err)
	}
	src := fixture(t)
	t1 := fixtureNow.Add(24 * time.Hour)
	opt := fixtureOptions(dir)
	opt.Now = t1
	p, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	parse := func(file string) map[string]atomEntry {
		t.Helper()
		e := readFeedEntries(file)
		if len(e) == 0 {
			t.Fatalf("%s: no entries", file)
		}
		return e
	}
	for before, now := range map[string]string{"feed.atom": "feed.atom", "series-fudcon-planning.atom": "series/fudcon-planning/feed.atom",
		"series-infrastructure.atom": "series/infrastructure/feed.atom", "tag-minutes.atom": "tags/minutes/feed.atom"} {
		was, is := parse(filepath.Join("testdata/feeds-before", before)), parse(filepath.Join(dir, now))
		if len(was) != len(is) {
			t.Errorf("%s: %d entries, %d before", now, len(is), len(was))
		}
		for id, w := range was {
			e, ok := is[id]
			switch {
			case !ok:
				t.Errorf("%s: entry %s is gone", now, id)
			case e.Published != w.Published:
				t.Errorf("%s: entry %s published %s, before %s", now, id, e.Published, w.Published)
			case strings.Contains(id, ":meeting/") && e.Updated != t1.Format(atomTime):
				t.Errorf("%s: rewritten entry %s updated %s, want the publish's %s", now, id, e.Updated, t1.Format(atomTime))
			case strings.Contains(id, ":post/") && e.Updated != w.Updated:
				t.Errorf("%s: unchanged post %s updated %s, before %s", now, id, e.Updated, w.Updated)
			}
		}
	}
	first := readTree(t, dir)
	firstState, _ := src.State(context.Background())
	opt.Now = t1.Add(72 * time.Hour)
	p2, _ := New(src, opt)
	if _, err := p2.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := readTree(t, dir)
	for name, b := range first {
		if strings.HasSuffix(name, ".atom") && !bytes.Equal(b, second[name]) {
			t.Errorf("%s changed on a second publish:\n%s", name, firstDiff(second[name], b))
		}
	}
	if secondState, _ := src.State(context.Background()); !reflect.DeepEqual(firstState, secondState) {
		t.Errorf("the publisher's state changed on a second publish")
	}
	if _, ok := first[legacyStateFile]; ok {
		t.Errorf("the old state file is still in the site folder")
	}
}

// TestPublishReplayedRendersOnce: a meeting handed over already replayed
// (the bot at #endmeeting) is not loaded again — only its neighbours are —
// and the site is the same as PublishMeeting makes.
func TestPublishReplayedRendersOnce(t *testing.T) {
	sites := map[bool]map[string][]byte{}
	for _, replayed := range []bool{false, true} {
		dir := t.TempDir()
		src := buildFixture(t, dir)
		m := runMeeting(t, "#fudcon-planning", "fudcon-planning", time.Date(2026, 7, 27, 13, 0, 0, 0, time.UTC),
			"jsmith: #startmeeting FUDCon planning",
			"jsmith: #topic Quokka logistics",
			"jsmith: #endmeeting")
		src.add(m, "")
		p, err := New(src, fixtureOptions(dir))
		if err != nil {
			t.Fatal(err)
		}
		src.loads = 0
		if replayed {
			_, err = p.PublishReplayed(context.Background(), m)
		} else {
			_, err = p.PublishMeeting(context.Background(), m.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 2, true: 1}[replayed]; src.loads != want {
			// The new meeting is the series' last: one neighbour.
			t.Errorf("replayed=%v: %d meetings loaded, want %d", replayed, src.loads, want)
		}
		sites[replayed] = readTree(t, dir)
	}
	for name, b := range sites[false] {
		if !bytes.Equal(b, sites[true][name]) {
			t.Errorf("%s differs between PublishMeeting and PublishReplayed", name)
		}
	}
}
