package publisher

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/sitepath"
)

// TestReservedNamesAreTheSitesOwn builds a site whose series and owners
// are named after the site's own files and checks that (1) the site's own
// files stay files and every link resolves, and (2) every file or folder
// the publisher writes where a slug may also go (the root, series/,
// latest/, actions/) is either in sitepath.Reserved or the slug of a name
// in the data: so the reserved list is the publisher's real output, and a
// new output name that is not in it fails here.
func TestReservedNamesAreTheSitesOwn(t *testing.T) {
	src := fixture(t)
	utc := time.UTC
	hostile := []string{"index.html", "feed.atom", "actions.ics", "series", "assets", "search"}
	series := map[string]bool{}
	for _, r := range src.recs {
		series[sitepath.Slug(r.Series)] = true
	}
	for i, name := range hostile {
		m := runMeeting(t, "#open", "", time.Date(2026, 7, 1+i, 10, 0, 0, 0, utc),
			"mallory: #startmeeting "+name, "mallory: #info about "+name, "mallory: #endmeeting")
		if m.Series != name {
			t.Fatalf("engine series %q, want %q", m.Series, name)
		}
		src.add(m, "")
		series[sitepath.Slug(name)] = true
		src.actions = append(src.actions, Action{ID: "h" + name, Text: name + " to do something", Owners: []string{name},
			Due: "2026-08-01", Status: "open", Series: name, Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
	}
	owners := map[string]bool{}
	for _, a := range src.actions {
		for _, o := range a.Owners {
			owners[sitepath.Slug(o)] = true
		}
	}
	dir := t.TempDir()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatalf("build with hostile names: %v", err)
	}
	for _, f := range []string{"index.html", "feed.atom", "actions.ics", "series/index.html", "actions/index.html",
		"tags/index.html", "posts/index.html", "search/index.html", "search/index.json"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s is not the site's own file: %v", f, err)
		}
	}
	checkLinks(t, dir)

	reserved := map[string]bool{}
	for _, r := range sitepath.Reserved() {
		reserved[r] = true
	}
	check := func(folder string, fromData map[string]bool) {
		t.Helper()
		ents, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			n := e.Name()
			switch {
			case reserved[n]:
			case n[0] == '.': // the publisher's hidden state files; no slug starts with '.'
			case e.IsDir() && fromData[n]:
			default:
				t.Errorf("%s/%s is written by the publisher but is neither in sitepath.Reserved nor the slug of a name", folder, n)
			}
		}
	}
	check(".", series)
	check("series", series)
	check("latest", series)
	check("actions", owners)
	for _, name := range hostile {
		if _, err := os.Stat(filepath.Join(dir, "series", sitepath.Slug(name), "index.html")); err != nil {
			t.Errorf("series %q has no page: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "actions", sitepath.Slug(name), "actions.ics")); err != nil {
			t.Errorf("owner %q has no calendar: %v", name, err)
		}
	}
}
