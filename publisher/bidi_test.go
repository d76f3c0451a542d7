package publisher

import (
	"context"
	"net/http"
	"net/http/httptest"
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
