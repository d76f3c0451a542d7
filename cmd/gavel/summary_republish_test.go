package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryRepublishes: a chair's summary set after the meeting, by
// gavel summary and by gavel notes --merge --summary (both without gavel
// run here; TestSummaryLive does it through gavel run), publishes the
// meeting's post page and what lists or feeds it, and leaves every other
// file byte for byte as it was: the meetings before and after it, the
// series page, the action-item pages.
func TestSummaryRepublishes(t *testing.T) {
	site, cfg := threeMeetings(t)
	before := readTree(t, site)
	rc, so, se := gavel(t, "summary", "-c", cfg, "--meeting", "fudcon.2026-07-12T130000Z", "--text", "We *chose* the hotel.")
	if rc != 0 || !strings.Contains(so, "published into") {
		t.Fatalf("gavel summary: exit %d\n%s\n%s", rc, so, se)
	}
	after := readTree(t, site)
	post := "posts/fudcon.2026-07-12t130000z/index.html"
	shared := []string{"index.html", "feed.atom", "series/fudcon/feed.atom", "posts/index.html", "tags/", "search/", ".gavel"}
	checkChanged(t, siteDiff(before, after),
		// The minutes page links to its new post.
		[]string{post, "fudcon/2026-07-12/fudcon.2026-07-12-13.00.html", "feed.atom"}, shared)
	if !strings.Contains(string(after[post]), "We <em>chose</em> the hotel.") {
		t.Errorf("the post page lacks the summary")
	}
	// Editing it changes the post page, not the minutes page.
	before = after
	if rc, so, se := gavel(t, "summary", "-c", cfg, "--meeting", "fudcon.2026-07-12T130000Z", "--text", "We chose hotel B."); rc != 0 {
		t.Fatalf("gavel summary again: exit %d\n%s\n%s", rc, so, se)
	}
	after = readTree(t, site)
	checkChanged(t, siteDiff(before, after), []string{post, "feed.atom"}, shared)
	// An empty summary removes it: the post page is gone, the minutes
	// page no longer links to it.
	before = after
	if rc, so, se := gavel(t, "summary", "-c", cfg, "--meeting", "fudcon.2026-07-12T130000Z", "--text", ""); rc != 0 {
		t.Fatalf("gavel summary --text '': exit %d\n%s\n%s", rc, so, se)
	}
	after = readTree(t, site)
	minutesPage := "fudcon/2026-07-12/fudcon.2026-07-12-13.00.html"
	checkChanged(t, siteDiff(before, after), []string{"gone: " + post, minutesPage}, shared)
	if strings.Contains(string(after[minutesPage]), "posts/fudcon.2026-07-12t130000z/") {
		t.Errorf("the minutes page still links to the removed post")
	}

	// gavel notes --merge --summary into the last meeting.
	before = after
	notesFile := filepath.Join(t.TempDir(), "merge.txt")
	if err := os.WriteFile(notesFile, []byte("- Venue\n  - Ask the caterers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sumFile := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(sumFile, []byte("The caterers are **next**.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, so, se = gavel(t, "notes", "-c", cfg, "--merge", "fudcon.2026-07-19T130000Z", "--date", "2026-07-19", "--time", "14:00",
		"--tz", "UTC", "--summary", sumFile, notesFile)
	if rc != 0 || !strings.Contains(so, "summary set") {
		t.Fatalf("gavel notes --summary: exit %d\n%s\n%s", rc, so, se)
	}
	after = readTree(t, site)
	post2 := "posts/fudcon.2026-07-19t130000z/index.html"
	checkChanged(t, siteDiff(before, after), []string{post2, "fudcon/2026-07-19/fudcon.2026-07-19-13.00.html"},
		append(shared, "fudcon/2026-07-19/", "actions/", "actions.ics", "series/fudcon/index.html"))
	if !strings.Contains(string(after[post2]), "The caterers are <strong>next</strong>.") || !strings.Contains(string(after[post2]), "Ask the caterers") {
		t.Errorf("the post page lacks the summary or the merged notes:\n%s", after[post2])
	}
}
