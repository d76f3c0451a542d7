package publisher

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var refAttr = regexp.MustCompile(`(?:href|src)=(?:"([^"]*)"|'([^']*)')`)

// checkLinks resolves every internal href and src of every HTML page of
// the site in dir to a file.
func checkLinks(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	for name, data := range readTree(t, dir) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range refAttr.FindAllStringSubmatch(string(data), -1) {
			raw := strings.ReplaceAll(m[1]+m[2], "&amp;", "&")
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad link %q", name, raw)
				continue
			}
			if u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue // external, or a fragment of the same page
			}
			target := path.Join(path.Dir(name), u.Path)
			if strings.HasPrefix(target, "..") {
				t.Errorf("%s: link %q leaves the site", name, raw)
				continue
			}
			full := filepath.Join(dir, filepath.FromSlash(target))
			if st, err := os.Stat(full); err == nil && st.IsDir() {
				full = filepath.Join(full, "index.html")
			}
			if _, err := os.Stat(full); err != nil {
				t.Errorf("%s: link %q: %s does not exist", name, raw, target)
			}
			n++
		}
	}
	return n
}

// TestLinks checks every internal link and asset of the fixture site.
func TestLinks(t *testing.T) {
	dir := t.TempDir()
	buildFixture(t, dir)
	if n := checkLinks(t, dir); n < 100 {
		t.Errorf("only %d internal links checked", n)
	}
	// The calendar feeds are among the links checked: the actions page
	// and every owner page link theirs, in <head> and visibly.
	for page, ics := range map[string]string{"actions/index.html": "../actions.ics", "actions/alice/index.html": "actions.ics",
		"actions/_unassigned/index.html": "actions.ics"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<link rel="alternate" type="text/calendar" title="`, `href="` + ics + `">`,
			`<a class="calendar" href="` + ics + `">Subscribe (iCalendar)</a>`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s does not contain %s", page, want)
			}
		}
	}
}

// TestPagesContent checks what the pages must say, beyond the golden
// bytes: escaping, overdue marks, prev/next links, redirects, posts.
func TestPagesContent(t *testing.T) {
	dir := t.TempDir()
	buildFixture(t, dir)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	m2 := read("fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.html")
	for _, want := range []string{`<html lang="en">`, `&lt;b&gt;bold&lt;/b&gt;`, `rel="prev" href="../../fudcon-planning/2026-07-19/`,
		`href="fudcon-planning.2026-07-26-13.00.log.html"`, `<h3>Meeting summary</h3>`,
		`Blog post: <a href="../../posts/fudcon-planning.2026-07-26t130000z/">Minutes of FUDCon planning, Jul 26, 2026</a>`} {
		if !strings.Contains(m2, want) {
			t.Errorf("minutes page lacks %q", want)
		}
	}
	// The meeting with a chair's summary is a post with its own page: the
	// summary, the meeting's decisions and action items, every minutes
	// format, and the link back to the minutes page.
	mp := read("posts/fudcon-planning.2026-07-26t130000z/index.html")
	for _, want := range []string{`<h1>Minutes of FUDCon planning, Jul 26, 2026</h1>`, `We settled the budget`, `<h3>Action items</h3>`,
		`href="../../fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.log.txt"`,
		`Minutes: <a href="../../fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.html">`} {
		if !strings.Contains(mp, want) {
			t.Errorf("the meeting's post page lacks %q", want)
		}
	}
	if strings.Index(mp, "We settled the budget") > strings.Index(mp, "<h3>Action items</h3>") {
		t.Errorf("the post page does not start with the summary")
	}
	if strings.Contains(m2, `rel="next"`) {
		t.Errorf("the newest meeting links a next one")
	}
	acts := read("actions/index.html")
	if !strings.Contains(acts, `<li class="overdue" id="a1"><a class="id" href="#a1">a1</a> <span class="text">alice to call`) ||
		!strings.Contains(acts, `<strong class="flag overdue">overdue by 6 days</strong>`) {
		t.Errorf("actions page: overdue item not marked with its id, in colour and words")
	}
	if !strings.Contains(acts, `<li class="soon" id="a2">`) || !strings.Contains(acts, `<strong class="flag soon">due in 5 days</strong>`) {
		t.Errorf("actions page: item due soon not marked in colour and words")
	}
	open, closed, _ := strings.Cut(acts, `<h2 id="closed">`)
	if strings.Contains(open, "carol") || !strings.Contains(closed, `<li class="closed" id="a3">`) ||
		!strings.Contains(closed, `done <time datetime="2026-07-25T12:00:00Z">2026-07-25</time> by carol`) {
		t.Errorf("actions page: the closed item is not below the open ones with who closed it and when")
	}
	if strings.Contains(acts, "· open ·") || !strings.Contains(acts, `<span class="unassigned">unassigned</span>`) {
		t.Errorf("actions page: unassigned item not shown cleanly")
	}
	if !strings.Contains(acts, "someone to book &lt;the&gt; rooms") {
		t.Errorf("actions page: unassigned item missing or unescaped")
	}
	if c := read("actions/carol/index.html"); !strings.Contains(c, "<h2>Closed</h2>") {
		t.Errorf("carol's page lacks her closed item")
	}
	if r := read("latest/fudcon-planning/index.html"); !strings.Contains(r, `content="0; url=../../fudcon-planning/2026-07-26/`) {
		t.Errorf("latest redirect: %s", r)
	}
	post := read("posts/hello-world/index.html")
	for _, want := range []string{"<table>", "<del>Old plan</del>", `type="checkbox"`, `id="why-a-blog-1"`,
		`<a href="https://fedoraproject.org/">`, `class="footnote-ref"`, "<!-- raw HTML omitted -->"} {
		if !strings.Contains(post, want) {
			t.Errorf("post lacks %q", want)
		}
	}
	if strings.Contains(post, "<script>document") || strings.Contains(post, "javascript:") {
		t.Errorf("post lets script through")
	}
	if _, err := os.Stat(filepath.Join(dir, "posts/draft")); err == nil {
		t.Errorf("a draft was published")
	}
	series := read("series/fudcon-planning/index.html")
	if !strings.Contains(series, `<caption id="y2026">2026</caption>`) || strings.Index(series, "2026-07-26") > strings.Index(series, "2026-07-19") {
		t.Errorf("series page not by year, newest first")
	}
	home := read("index.html")
	if !strings.Contains(home, "Minutes of FUDCon planning, Jul 26, 2026") || !strings.Contains(home, "The budget, explained") {
		t.Errorf("home lacks the meeting post or a post")
	}
}

// TestTemplateOverride replaces one template by file name.
func TestTemplateOverride(t *testing.T) {
	tdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(tdir, "home.html"), []byte(`{{define "content"}}<h1>Custom {{.Site.Title}}</h1>{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Templates = tdir
	p, err := New(fixture(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(b), "<h1>Custom Example minutes</h1>") || !strings.Contains(string(b), `href="./assets/style.css"`) {
		t.Errorf("override not used in the layout: %s", b)
	}
	os.WriteFile(filepath.Join(tdir, "series.html"), []byte(`{{define "content"}}{{.Nope}`), 0o644)
	if _, err := New(fixture(t), opt); err == nil || !strings.Contains(err.Error(), "series.html") {
		t.Errorf("a broken override: %v", err)
	}
}

// TestNewErrors checks that bad options are named.
func TestNewErrors(t *testing.T) {
	src := &memSource{}
	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{Dir: "x", BaseURL: "https://e.org/"}, "reference date"},
		{Options{Dir: "x", BaseURL: "ftp://e.org/", Now: fixtureNow}, `"ftp://e.org/"`},
		{Options{BaseURL: "https://e.org/", Now: fixtureNow}, "site dir"},
		{Options{Dir: "x", BaseURL: "https://e.org/", Now: fixtureNow, Posts: "testdata/nope"}, ""},
	} {
		_, err := New(src, tc.opt)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc.opt, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want it to mention %s", tc.opt, err, tc.want)
		}
	}
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Posts = filepath.Join(dir, "missing")
	p, _ := New(fixture(t), opt)
	if _, err := p.Build(context.Background()); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing posts folder: %v", err)
	}
}

// TestHandler serves the site with the right content types and hides dot
// files (such as an older gavel's state files).
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	buildFixture(t, dir)
	if err := os.WriteFile(filepath.Join(dir, legacyStateFile), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	for _, tc := range []struct {
		path, ctype string
		code        int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/feed.atom", "application/atom+xml; charset=utf-8", 200},
		{"/search/index.json", "application/json; charset=utf-8", 200},
		{"/assets/style.css", "text/css; charset=utf-8", 200},
		{"/assets/search.js", "text/javascript; charset=utf-8", 200},
		{"/series/fudcon-planning/", "text/html; charset=utf-8", 200},
		{"/fudcon-planning/2026-07-26/fudcon-planning.2026-07-26-13.00.txt", "text/plain; charset=utf-8", 200},
		{"/actions.ics", "text/calendar; charset=utf-8", 200},
		{"/actions/bob/actions.ics", "text/calendar; charset=utf-8", 200},
		{"/.gavel-state.json", "", 404},
		{"/fudcon-planning/", "", 404},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != tc.code || (tc.ctype != "" && res.Header.Get("Content-Type") != tc.ctype) {
			t.Errorf("%s: %d %q, want %d %q", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.code, tc.ctype)
		}
	}
}

// TestAtomicWriteLeavesNoTemp checks that publishing leaves no temporary
// files behind and that an unchanged file is not rewritten.
func TestAtomicWriteLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	src := buildFixture(t, dir)
	info, _ := os.Stat(filepath.Join(dir, "index.html"))
	time.Sleep(10 * time.Millisecond)
	p, _ := New(src, fixtureOptions(dir))
	st, err := p.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 0 {
		t.Errorf("a rebuild without changes wrote %d files", st.Written)
	}
	info2, _ := os.Stat(filepath.Join(dir, "index.html"))
	if !info.ModTime().Equal(info2.ModTime()) {
		t.Errorf("unchanged index.html was rewritten")
	}
	for name := range readTree(t, dir) {
		if strings.Contains(name, ".gavel-") {
			t.Errorf("temporary or state file in the site folder: %s", name)
		}
	}
}

// TestProgress checks the progress line of long builds.
func TestProgress(t *testing.T) {
	var buf strings.Builder
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Progress = &buf
	p, err := New(fixture(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\rpublishing [") || !strings.Contains(out, "100% 3/3 meetings") || !strings.HasSuffix(out, "\n") {
		t.Errorf("progress output %q", out)
	}
}
