package publisher

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// runningMeeting feeds lines to the real engine and returns the meeting
// still running after them.
func runningMeeting(t *testing.T, channel, series string, start time.Time, lines ...string) *meeting.Meeting {
	t.Helper()
	c := meeting.NewChannel(channel, meeting.Options{Series: series, Location: start.Location()})
	for i, l := range lines {
		nick, text, _ := strings.Cut(l, ": ")
		c.Handle(meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: channel, Nick: nick, Text: text})
	}
	m := c.Meeting()
	if m == nil {
		t.Fatal("the fixture meeting is not running")
	}
	return m
}

// TestPublishRunning publishes the interim minutes of running meetings (as
// #save does): the page is at the path the final minutes will have,
// marked in progress, its links resolve (also for a first meeting of a
// new series), and no other file of the site changes: no feed, list or
// search index has it. Once it has ended, PublishMeeting replaces the
// page and lists it.
func TestPublishRunning(t *testing.T) {
	dir := t.TempDir()
	src := buildFixture(t, dir)
	before := readTree(t, dir)
	saved := fixtureNow.Add(2 * time.Hour)
	p, err := New(src, Options{Dir: dir, BaseURL: "https://minutes.example.org/", Title: "Example minutes",
		Posts: "testdata/posts", TagAuthority: "minutes.example.org,2026", Workers: 2, Clock: func() time.Time { return saved }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Date(2026, 8, 2, 13, 0, 0, 0, time.UTC)
	lines := []string{"jsmith: #startmeeting FUDCon planning", "jsmith: #topic Rooms", "jsmith: #info Two rooms are booked"}
	run := runningMeeting(t, "#fudcon-planning", "fudcon-planning", start, lines...)
	fresh := runningMeeting(t, "#kernel", "kernel", start, "greg: #startmeeting Kernel sync", "greg: #topic Releases")
	src.mu.Lock()
	src.meetings[run.ID], src.meetings[fresh.ID] = run, fresh
	src.mu.Unlock()
	for _, id := range []string{run.ID, fresh.ID} {
		if _, err := p.PublishMeeting(ctx, id); err != nil {
			t.Fatalf("PublishMeeting(%s) while running: %v", id, err)
		}
	}
	after := readTree(t, dir)
	var added []string
	for name, b := range after {
		old, ok := before[name]
		switch {
		case !ok:
			added = append(added, name)
		case !bytes.Equal(old, b):
			t.Errorf("%s changed by publishing a running meeting", name)
		}
	}
	page := "fudcon-planning/2026-08-02/fudcon-planning.2026-08-02-13.00.html"
	first := "kernel/2026-08-02/kernel.2026-08-02-13.00.html"
	for _, want := range []string{page, first, strings.TrimSuffix(page, "html") + "txt", strings.TrimSuffix(first, "html") + "log.html"} {
		if _, ok := after[want]; !ok {
			t.Errorf("%s not written; new files: %v", want, added)
		}
	}
	html := string(after[page])
	for _, want := range []string{`<p class="in-progress" role="status"><strong>Meeting in progress.</strong>`,
		`saved at <time datetime="2026-07-28T14:00:00Z">2026-07-28 14:00 UTC</time>`, "Two rooms are booked",
		`rel="prev" href="../../fudcon-planning/2026-07-26/`, `<a href="../../series/fudcon-planning/">`} {
		if !strings.Contains(html, want) {
			t.Errorf("%s does not contain %s", page, want)
		}
	}
	if strings.Contains(html, `rel="next"`) {
		t.Errorf("%s links a next meeting", page)
	}
	if h := string(after[first]); !strings.Contains(h, "Meeting in progress.") || strings.Contains(h, "series/kernel/") {
		t.Errorf("%s: want in progress and no link to the kernel series page (it has none yet)", first)
	}
	checkLinks(t, dir)

	// #endmeeting: the meeting is listed and published for good.
	end := runMeeting(t, "#fudcon-planning", "fudcon-planning", start, append(lines, "jsmith: #endmeeting")...)
	src.mu.Lock()
	delete(src.meetings, run.ID)
	src.mu.Unlock()
	src.add(end, "")
	if _, err := p.PublishMeeting(ctx, end.ID); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "in progress") {
		t.Errorf("%s still says in progress after the meeting ended", page)
	}
	feed, err := os.ReadFile(filepath.Join(dir, "series", "fudcon-planning", "feed.atom"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(feed), end.ID) {
		t.Errorf("the series feed has no entry for %s once it ended", end.ID)
	}

	// Unknown meetings are still an error naming them.
	if _, err := p.PublishMeeting(ctx, "nosuch.2026-01-01T000000Z"); err == nil || !strings.Contains(err.Error(), "nosuch.2026-01-01T000000Z") {
		t.Errorf("PublishMeeting of an unknown id: %v", err)
	}
}
