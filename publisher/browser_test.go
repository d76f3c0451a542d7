package publisher

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/sitepath"
)

// pwn marks the page if it ever runs.
const pwn = `document.body.setAttribute('data-pwned','1')`

// browser starts headless Debian Chromium with the flags of TESTING.md and
// returns a tab context, the list of console errors seen, and the
// browser's own stderr.
func browser(t *testing.T) (context.Context, func() []string, *syncBuf) {
	t.Helper()
	exe := testenv.Need(t, "chromium", "apt-get install -y chromium")
	out := &syncBuf{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("enable-logging", "stderr"), chromedp.Flag("v", "0"), chromedp.CombinedOutput(out),
	}
	var mu sync.Mutex
	var errs []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			errs = append(errs, "exception: "+e.ExceptionDetails.Text+" "+exceptionText(e.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var b strings.Builder
				for _, a := range e.Args {
					b.WriteString(string(a.Value) + " " + a.Description)
				}
				errs = append(errs, "console "+string(e.Type)+": "+b.String())
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				errs = append(errs, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		}
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(listen))
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting chromium: %v\n%s", err, out.String())
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		r := errs
		errs = nil
		return r
	}, out
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestBrowserPages loads the home, a minutes page, the actions page and
// the search page in Chromium with no console errors, and finds a meeting
// by a word of its minutes with the search page.
func TestBrowserPages(t *testing.T) {
	dir := t.TempDir()
	buildFixture(t, dir)
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	ctx, errs, out := browser(t)
	for _, page := range []string{"/", "/fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.html",
		"/actions/", "/actions/alice/", "/series/fudcon-planning/", "/posts/hello-world/", "/search/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if title == "" {
			t.Errorf("%s: no title", page)
		}
		a11y := mustRun(t, ctx, chromedp.Evaluate[string](`(() => {
			const bad = [];
			if (document.documentElement.lang !== 'en') bad.push('lang');
			if (document.querySelectorAll('h1').length !== 1) bad.push(document.querySelectorAll('h1').length + ' h1');
			for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox][disabled]), select, textarea'))
				if (!el.labels || el.labels.length === 0) bad.push('unlabelled ' + el.id);
			for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) bad.push('img without alt');
			return bad.join(', ');
		})()`))
		if a11y != "" {
			t.Errorf("%s: accessibility: %s", page, a11y)
		}
		if e := errs(); len(e) > 0 {
			t.Errorf("%s: console errors: %q", page, e)
		}
	}
	// Search for a word said only in the minutes of 2026-07-26.
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "Zanzibar"),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#results li a")),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	href := mustRun(t, ctx, chromedp.Evaluate[string](`document.querySelector('#results li a').href`))
	status := mustRun(t, ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
	n := mustRun(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#results li').length`))
	if !strings.HasSuffix(href, "/fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.html") || n != 1 {
		t.Errorf("search for zanzibar: %d results, first %q (%s)", n, href, status)
	}
	// An owner, a topic and a post word; and two words at once.
	for q, want := range map[string]int{"carol": 1, "outages": 1, "footnote": 1, "campus brno": 1, "jsmith": 2, "nosuchword": 0} {
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/search/?q="+strings.ReplaceAll(q, " ", "+")),
			chromedp.WaitReady(chromedp.ID("status")),
		)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('status').textContent.indexOf('result') >= 0`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("search %q: no results shown: %v", q, err)
		}
		got := mustRun(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#results li').length`))
		if got != want {
			t.Errorf("search %q: %d results, want %d", q, got, want)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("search: console errors: %q", e)
	}
	if strings.Contains(out.String(), "Uncaught") {
		t.Errorf("chromium logged an uncaught error:\n%s", out.String())
	}
}

// TestBrowserHostile publishes a meeting, summary, action item and post
// full of hostile input and checks in Chromium that none of it runs. The
// site is served without the Handler's Content-Security-Policy, so that
// only escaping protects it.
func TestBrowserHostile(t *testing.T) {
	src := fixture(t)
	m := runMeeting(t, "#fudcon-planning", "fudcon-planning", time.Date(2026, 7, 27, 9, 0, 0, 0, time.UTC),
		"mallory: #startmeeting <script>"+pwn+"</script>",
		"mallory: #topic <img src=x onerror=\""+pwn+"\">",
		"mallory: <script>"+pwn+"</script>",
		"mallory: #link javascript:"+pwn,
		"mallory: #info <a href=\"javascript:"+pwn+"\">click</a> and <svg onload=\""+pwn+"\">",
		"mallory: #action <b onmouseover=\""+pwn+"\">mallory</b> to <script>"+pwn+"</script>",
		"mallory: #agreed \"><script>"+pwn+"</script>",
		"mallory: #endmeeting")
	src.add(m, "<script>"+pwn+"</script>\n\n<img src=x onerror=\""+pwn+"\">")
	src.actions = append(src.actions, Action{ID: "evil", Text: "<img src=x onerror=\"" + pwn + "\">", Owners: []string{"<script>" + pwn + "</script>"},
		DueText: "<script>" + pwn + "</script>", Status: "open", Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
	dir := t.TempDir()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, dir)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx, errs, _ := browser(t)
	var owner string
	for _, r := range p.mustRefs(t) {
		if r.ID == m.ID {
			owner = r.Path
		}
	}
	pages := []string{"/", "/" + owner, "/" + strings.TrimSuffix(owner, ".html") + ".log.html", "/actions/",
		"/actions/" + sitepath.Slug("<script>"+pwn+"</script>") + "/", "/posts/hello-world/", "/series/fudcon-planning/",
		"/latest/fudcon-planning/", "/posts/", "/tags/minutes/"}
	for _, page := range pages {
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+page),
			chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.Sleep(300*time.Millisecond),
		)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		pwned := mustRun(t, ctx, chromedp.Evaluate[*string](`document.body.getAttribute('data-pwned')`))
		jsLinks := mustRun(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href^="javascript:" i], [onerror], [onload], [onmouseover]').length`))
		scripts := mustRun(t, ctx, chromedp.Evaluate[int](`Array.from(document.scripts).filter(s => !s.src.endsWith('/assets/search.js') && !s.src.endsWith('/assets/site.js')).length`))
		if pwned != nil {
			t.Errorf("%s: hostile script ran (data-pwned=%q)", page, *pwned)
		}
		if jsLinks != 0 || scripts != 0 {
			t.Errorf("%s: %d javascript:/event-handler elements and %d scripts in the DOM", page, jsLinks, scripts)
		}
	}
	_ = errs()
}

func mustRun[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (p *Publisher) mustRefs(t *testing.T) []*ref {
	t.Helper()
	b, err := p.begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b.recs
}
