package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/remind"
	"github.com/gavel-irc/gavel/store"
)

// siteDiff returns the files of after that are new or differ from before,
// and the files of before that are gone, sorted.
func siteDiff(before, after map[string][]byte) []string {
	var out []string
	for name, b := range after {
		if a, ok := before[name]; !ok || !bytes.Equal(a, b) {
			out = append(out, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			out = append(out, "gone: "+name)
		}
	}
	sort.Strings(out)
	return out
}

// threeMeetings imports three meetings of series fudcon (one a week, each
// with an action item) and publishes them; it returns the site folder and
// the config file.
func threeMeetings(t *testing.T) (site, cfg string) {
	t.Helper()
	dir, cfg := notesSetup(t)
	// Posts come from dir/posts (empty at first).
	src, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("[site]\n"), []byte("[site]\nposts = \"posts\"\n"), 1)
	if err := os.WriteFile(cfg, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, day := range []string{"2026-07-05", "2026-07-12", "2026-07-19"} {
		log := filepath.Join(dir, "fudcon."+day+".log.txt")
		src := "13:00:00 <pjp> #startmeeting FUDCon planning\n" +
			"13:01:00 <pjp> #topic Venue\n" +
			"13:02:00 <kushal> #action pjp to call hotel " + string(rune('A'+i)) + "\n" +
			"13:03:00 <pjp> #endmeeting\n"
		if err := os.WriteFile(log, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		rc, so, se := gavel(t, "import", "-c", cfg, "--channel", "#fudcon", "--series", "fudcon", "--date", day, "--tz", "UTC", log)
		if rc != 0 || !strings.Contains(so, "published into") {
			t.Fatalf("import %s: exit %d\n%s\n%s", day, rc, so, se)
		}
	}
	return filepath.Join(dir, "public"), cfg
}

// checkChanged fails unless every file in must changed and every changed
// file matches one of the prefixes in may (or is in must).
func checkChanged(t *testing.T, changed, must, may []string) {
	t.Helper()
	set := map[string]bool{}
	for _, c := range changed {
		set[c] = true
	}
	for _, m := range must {
		if !set[m] {
			t.Errorf("%s did not change; changed: %q", m, changed)
		}
	}
	for _, c := range changed {
		ok := false
		for _, p := range append(append([]string(nil), must...), may...) {
			ok = ok || c == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(c, p))
		}
		if !ok {
			t.Errorf("%s changed but should not have", c)
		}
	}
}

// TestMergeRepublishes: notes merged into a published meeting republish
// exactly what they change — the meeting's minutes, its series feed, the
// site feed, the search index, the home page (latest topics, items due)
// and the action-item pages — and leave every other file byte for byte as
// it was (the meetings before and after it included).
func TestMergeRepublishes(t *testing.T) {
	site, cfg := threeMeetings(t)
	before := readTree(t, site)
	notesFile := filepath.Join(t.TempDir(), "merge.txt")
	if err := os.WriteFile(notesFile, []byte("- Venue\n  - Done: pjp to call hotel B\n- Ask the caterers\n  - Owner: Kushal\n  - Deadline: 1 Aug 2026\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, so, se := gavel(t, "notes", "-c", cfg, "--merge", "fudcon.2026-07-12T130000Z", "--date", "2026-07-12", "--time", "14:00", "--tz", "UTC", notesFile)
	if rc != 0 || !strings.Contains(so, "published into") {
		t.Fatalf("merge: exit %d\n%s\n%s", rc, so, se)
	}
	t.Logf("merge: %s", so)
	after := readTree(t, site)
	changed := siteDiff(before, after)
	page := "fudcon/2026-07-12/fudcon.2026-07-12-13.00.html"
	checkChanged(t, changed,
		[]string{page, "fudcon/2026-07-12/fudcon.2026-07-12-13.00.txt", "feed.atom",
			"series/fudcon/feed.atom", "actions/index.html", "actions.ics"},
		// The series page lists dates and titles only: it changes
		// when a merge changes the title.
		[]string{"fudcon/2026-07-12/", "search/", "actions/", "series/fudcon/index.html", "index.html"})
	if !bytes.Contains(after[page], []byte("Ask the caterers")) {
		t.Errorf("the merged notes are not on the meeting's page")
	}
	// One id scheme: the .json minutes give each action the tracker's id
	// (the one said on IRC and shown on the site), its key beside it.
	var j struct {
		Actions []struct{ ID, Key, Text string }
	}
	if err := json.Unmarshal(after["fudcon/2026-07-12/fudcon.2026-07-12-13.00.json"], &j); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, a := range j.Actions {
		if a.Key == "" || a.Key == a.ID {
			t.Errorf("action %+v: no key beside the tracker's id", a)
		}
		ids[a.Text] = a.ID
	}
	if ids["pjp to call hotel B"] != "a1" || ids["kushal to do: Ask the caterers (deadline: 1 Aug 2026)"] != "a2" {
		t.Errorf("tracker ids in the .json minutes: %v, want a1 (hotel B repeats hotel A's item) and a2", ids)
	}
}

// TestOwnerDoneRepublishes: an owner's private "done" (the reminders'
// answer, written by life.Keeper.ChangeItem in one transaction, which
// gavel run follows with PublishActions) republishes the
// action-item pages and calendars, the home page and the minutes pages
// that list the item (a1 was raised in the first meeting and repeated in
// the other two); series pages and feeds stay byte for byte as they were.
func TestOwnerDoneRepublishes(t *testing.T) {
	site, cfgPath := threeMeetings(t)
	before := readTree(t, site)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pub, err := publisher.New(publisher.StoreSource{Store: st}, publisherOptions(cfg, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	changes := 0
	commits := st.Commits()
	rem, err := remind.New(remind.Options{Config: cfg, Store: st, OnChange: func(ctx context.Context) {
		changes++
		// The answer is one step of the item's life: one commit.
		if n := st.Commits() - commits; n != 1 {
			t.Errorf("done a1 took %d store commits, want 1", n)
		}
		if _, err := pub.PublishActions(ctx); err != nil {
			t.Error(err)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	reply, ok := rem.OnPrivmsg(t.Context(), "pjp", "done a1")
	if !ok || changes != 1 {
		t.Fatalf("done a1: %q handled=%v, %d changes", reply, ok, changes)
	}
	after := readTree(t, site)
	checkChanged(t, siteDiff(before, after),
		[]string{"actions/index.html", "actions/prasad~20j~20pandit/index.html", "fudcon/2026-07-05/fudcon.2026-07-05-13.00.html",
			"fudcon/2026-07-12/fudcon.2026-07-12-13.00.html", "fudcon/2026-07-19/fudcon.2026-07-19-13.00.html"},
		[]string{"actions/", "actions.ics", "index.html"})
}

// TestNewPostRepublishes: a new post, published by gavel publish, adds
// its page and changes the pages that list posts (home, posts, tags), the
// site feed and the search index; no minutes page, series page or
// action-item page changes.
func TestNewPostRepublishes(t *testing.T) {
	site, cfg := threeMeetings(t)
	before := readTree(t, site)
	post := "---\ntitle: \"Venue booked\"\ndate: 2026-07-20 09:30\ntags:\n  - fudcon\n---\nThe hotel is **booked**.\n"
	if err := os.WriteFile(filepath.Join(filepath.Dir(site), "posts", "venue.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, so, se := gavel(t, "publish", "-c", cfg); rc != 0 {
		t.Fatalf("publish: exit %d\n%s\n%s", rc, so, se)
	}
	changed := siteDiff(before, readTree(t, site))
	checkChanged(t, changed, []string{"index.html", "posts/index.html", "feed.atom"},
		[]string{"posts/", "tags/", "search/"})
}

// TestRenameRepublishes: gavel rename of a published meeting's title
// republishes exactly what shows the title — its minutes, its neighbours'
// pages (their links name it), the series page, the feeds, the search
// index and the home page — and leaves every other file byte for byte as
// it was; a rename to the same name changes nothing at all.
func TestRenameRepublishes(t *testing.T) {
	site, cfg := threeMeetings(t)
	before := readTree(t, site)
	id := "fudcon.2026-07-12T130000Z"
	rc, so, se := gavel(t, "rename", "-c", cfg, "--meeting", id, "--title", "FUDCon venue decided")
	if rc != 0 || !strings.Contains(so, "published into") {
		t.Fatalf("rename: exit %d\n%s\n%s", rc, so, se)
	}
	t.Logf("rename: %s", so)
	after := readTree(t, site)
	changed := siteDiff(before, after)
	t.Logf("changed: %q", changed)
	page := "fudcon/2026-07-12/fudcon.2026-07-12-13.00.html"
	checkChanged(t, changed,
		[]string{page, "fudcon/2026-07-12/fudcon.2026-07-12-13.00.txt", "feed.atom", "series/fudcon/feed.atom", "series/fudcon/index.html"},
		[]string{"fudcon/2026-07-12/", "fudcon/2026-07-05/", "fudcon/2026-07-19/", "search/", "index.html"})
	if !bytes.Contains(after[page], []byte("FUDCon venue decided")) {
		t.Errorf("the new title is not on the meeting's page")
	}
	// The same name again: nothing is written, not even the revision.
	rc, so, se = gavel(t, "rename", "-c", cfg, "--meeting", id, "--title", "FUDCon venue decided")
	if rc != 0 || !strings.Contains(so, "nothing changed") {
		t.Fatalf("second rename: exit %d\n%s\n%s", rc, so, se)
	}
	if again := siteDiff(after, readTree(t, site)); len(again) != 0 {
		t.Errorf("a rename to the same title changed %q", again)
	}
	if rc, so, se := gavel(t, "publish", "-c", cfg, "--full"); rc != 0 {
		t.Fatalf("publish --full: exit %d\n%s\n%s", rc, so, se)
	}
	if d := siteDiff(after, readTree(t, site)); len(d) != 0 {
		t.Errorf("a full rebuild after the rename changes %q: the rename's publish missed them", d)
	}
}

// TestRenameSeriesRepublishes: gavel rename --series moves a published
// meeting to another series: its minutes files leave the old path (gone
// from disk) for the new one, the series it left shows its other meetings
// only (their pages link to each other now), the new series gets its page,
// feed and latest redirect; nothing else changes. What is on disk then is
// exactly what a full rebuild writes.
func TestRenameSeriesRepublishes(t *testing.T) {
	site, cfg := threeMeetings(t)
	before := readTree(t, site)
	rc, so, se := gavel(t, "rename", "-c", cfg, "--meeting", "fudcon.2026-07-12T130000Z", "--series", "venue", "--by", "pjp")
	if rc != 0 || !strings.Contains(so, "published into") {
		t.Fatalf("rename: exit %d\n%s\n%s", rc, so, se)
	}
	after := readTree(t, site)
	changed := siteDiff(before, after)
	var gone []string
	for _, f := range []string{"html", "txt", "json", "md", "log.html", "log.txt"} {
		gone = append(gone, "gone: fudcon/2026-07-12/fudcon.2026-07-12-13.00."+f)
	}
	checkChanged(t, changed,
		append(gone, "venue/2026-07-12/venue.2026-07-12-13.00.html", "series/venue/index.html", "series/venue/feed.atom",
			"latest/venue/index.html", "series/fudcon/index.html", "series/fudcon/feed.atom", "series/index.html",
			"fudcon/2026-07-05/fudcon.2026-07-05-13.00.html", "fudcon/2026-07-19/fudcon.2026-07-19-13.00.html",
			"feed.atom", "search/2026-07.json"),
		// The item the meeting alone raised moves with it; the home page
		// lists its series.
		[]string{"venue/2026-07-12/", "actions/", "index.html"})
	for _, page := range []string{"fudcon/2026-07-05/fudcon.2026-07-05-13.00.html", "fudcon/2026-07-19/fudcon.2026-07-19-13.00.html", "series/fudcon/index.html"} {
		if bytes.Contains(after[page], []byte("fudcon/2026-07-12/")) {
			t.Errorf("%s still links to the moved meeting's old path", page)
		}
	}
	if bytes.Contains(after["search/2026-07.json"], []byte("fudcon/2026-07-12/")) {
		t.Errorf("the search index still has the old path")
	}
	if rc, so, se := gavel(t, "publish", "-c", cfg, "--full"); rc != 0 {
		t.Fatalf("publish --full: exit %d\n%s\n%s", rc, so, se)
	}
	if d := siteDiff(after, readTree(t, site)); len(d) != 0 {
		t.Errorf("a full rebuild after the rename changes %q: the rename's publish missed them", d)
	}
}
