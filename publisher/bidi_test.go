package publisher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserBidiIsolated: an item with a right-to-left override (U+202E)
// must not reverse the "(nick, time)" gavel writes after it. Headless
// Chromium lays the minutes page out; the '(' of the item's details must
// be left of its ')'. Before, the override ran on into the details.
func TestBrowserBidiIsolated(t *testing.T) {
	src := fixture(t)
	m := runMeeting(t, "#rtl", "rtl", time.Date(2026, 7, 27, 9, 0, 0, 0, time.UTC),
		"mallory: #startmeeting rtl",
		"mallory: #info abc \u202Edef",
		"mallory: #endmeeting")
	src.add(m, "")
	dir := t.TempDir()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	var path string
	for _, r := range p.mustRefs(t) {
		if r.ID == m.ID {
			path = r.Path
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx, _, _ := browser(t)
	// For the details span after the item, the x of its first and last
	// characters.
	const js = `(() => {
	  for (const li of document.querySelectorAll('li')) {
	    if (!li.textContent.includes('abc')) continue;
	    const d = li.querySelector('.details');
	    if (!d) continue;
	    const walker = document.createTreeWalker(d, NodeFilter.SHOW_TEXT);
	    const nodes = []; let n; while ((n = walker.nextNode())) nodes.push(n);
	    const first = nodes[0], last = nodes[nodes.length-1];
	    const r1 = document.createRange(); r1.setStart(first, 0); r1.setEnd(first, 1);
	    const r2 = document.createRange(); r2.setStart(last, last.length-1); r2.setEnd(last, last.length);
	    return [first.data[0], last.data[last.length-1], r1.getBoundingClientRect().left, r2.getBoundingClientRect().left];
	  }
	  return null;
	})()`
	mustRun(t, ctx, chromedp.Navigate(srv.URL+"/"+path))
	mustRun(t, ctx, chromedp.WaitReady(chromedp.CSS("body")))
	got := mustRun(t, ctx, chromedp.Evaluate[[]any](js))
	if len(got) != 4 || got[0] != "(" || got[1] != ")" {
		t.Fatalf("details of the item not found: %v", got)
	}
	if open, close := got[2].(float64), got[3].(float64); !(open < close) {
		t.Errorf("the override reversed \"(nick, time)\": '(' at x=%.0f, ')' at x=%.0f", open, close)
	}
}

// TestActionsTextCleaned: an action item whose text holds a raw \x01 and a
// right-to-left override (U+202E), as a channel user can type them, is
// shown on every page and calendar of the site through usertext.Clean:
// no control character, and each override inside an isolate
// (U+2068 ... U+2069) so it cannot reverse what follows. Before, the
// actions pages, the owner's pages and actions.ics wrote the text raw.
func TestActionsTextCleaned(t *testing.T) {
	src := fixture(t)
	src.actions = append(src.actions, Action{ID: "a9", Text: "mallory to \x01ACTION fix\x01 abc \u202Edef", Owners: []string{"mallory"},
		Due: "2026-07-25", DueText: "by \u202Efriday", Status: "open", Series: "fudcon-planning",
		Meetings: []string{src.recs[0].ID}, Created: fixtureNow.AddDate(0, 0, -1), Updated: fixtureNow.AddDate(0, 0, -1)})
	dir := t.TempDir()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for name, b := range readTree(t, dir) {
		// Calendars fold long lines: unfold them first.
		s := strings.ReplaceAll(string(b), "\r\n ", "")
		if !strings.Contains(s, "ACTION fix") {
			continue
		}
		seen[name] = true
		if strings.Contains(s, "\x01") || strings.Contains(s, `\u0001`) {
			t.Errorf("%s: holds the raw \\x01 of the item", name)
		}
		// Every override sits inside an isolate opened before it and
		// closed after it.
		for i := 0; ; {
			j := strings.IndexRune(s[i:], '\u202E')
			if j < 0 {
				break
			}
			j += i
			open := strings.LastIndex(s[:j], "\u2068")
			if open < 0 || strings.LastIndex(s[:j], "\u2069") > open || !strings.Contains(s[j:], "\u2069") {
				t.Errorf("%s: U+202E at %d not isolated: %q", name, j, s[max(0, j-60):min(len(s), j+60)])
			}
			i = j + 1
		}
	}
	for _, want := range []string{"actions/index.html", "actions.ics", "actions/mallory/index.html", "actions/mallory/actions.ics"} {
		if !seen[want] {
			t.Errorf("%s does not show the item (files that do: %v)", want, seen)
		}
	}
	t.Logf("files showing the item: %d", len(seen))
}
