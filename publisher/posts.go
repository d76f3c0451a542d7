package publisher

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/sitepath"
)

// FrontMatter is the header of a Markdown post, between two "---" lines:
//
//	---
//	title: FUDCon planning, the summer edition
//	date: 2026-07-26
//	author: Jane Doe
//	tags: [fudcon, planning]
//	summary: What we decided about the venue.
//	---
//
// Values are plain text or quoted ("..." with Go escapes, or '...'); tags
// are a [list], a comma-separated line, or "- item" lines below "tags:".
// date is YYYY-MM-DD, "YYYY-MM-DD HH:MM" (UTC) or RFC 3339. Unknown and
// repeated keys are errors.
type FrontMatter struct {
	Title   string
	Date    time.Time
	Author  string
	Tags    []string
	Summary string
	// Slug overrides the post's URL name (default: the file name).
	Slug string
	// Draft posts are not published (only previews build them: see
	// Options.Drafts).
	Draft bool
	// Meeting is the id of the meeting the post is about: the post links
	// to its minutes, and the minutes page links back to the post.
	Meeting string
}

// ParseFrontMatter splits a post into its front matter and its Markdown
// body. name is used in errors ("posts/x.md:3: unknown key").
func ParseFrontMatter(name string, src []byte) (FrontMatter, []byte, error) {
	var fm FrontMatter
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	if !strings.HasPrefix(text, "---\n") {
		return fm, nil, fmt.Errorf("%s:1: no front matter (the first line must be ---)", name)
	}
	lines := strings.Split(text[4:], "\n")
	end := -1
	for i, l := range lines {
		if strings.TrimRight(l, " \t") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return fm, nil, fmt.Errorf("%s: front matter has no closing ---", name)
	}
	body := []byte(strings.Join(lines[end+1:], "\n"))
	seen := map[string]bool{}
	listKey := ""
	for i := 0; i < end; i++ {
		ln := i + 2
		l := lines[i]
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
			if listKey != "tags" {
				return fm, nil, fmt.Errorf("%s:%d: list item outside of tags", name, ln)
			}
			v, err := unquote(strings.TrimSpace(strings.TrimPrefix(trimmed, "-")))
			if err != nil {
				return fm, nil, fmt.Errorf("%s:%d: %v", name, ln, err)
			}
			if v == "" {
				return fm, nil, fmt.Errorf("%s:%d: empty tag", name, ln)
			}
			fm.Tags = append(fm.Tags, v)
			continue
		}
		listKey = ""
		if l[0] == ' ' || l[0] == '\t' {
			return fm, nil, fmt.Errorf("%s:%d: unexpected indented line %q", name, ln, trimmed)
		}
		key, val, ok := strings.Cut(l, ":")
		if !ok {
			return fm, nil, fmt.Errorf("%s:%d: want key: value, got %q", name, ln, l)
		}
		key = strings.TrimSpace(key)
		val = strings.TrimSpace(val)
		if seen[key] {
			return fm, nil, fmt.Errorf("%s:%d: key %q given twice", name, ln, key)
		}
		seen[key] = true
		var err error
		switch key {
		case "title":
			fm.Title, err = unquote(val)
		case "author":
			fm.Author, err = unquote(val)
		case "summary":
			fm.Summary, err = unquote(val)
		case "slug":
			fm.Slug, err = unquote(val)
			if err == nil && !validSlug(fm.Slug) {
				err = fmt.Errorf("slug %q: use only a-z, 0-9, '-', '_' and '.'", fm.Slug)
			}
		case "date":
			var v string
			if v, err = unquote(val); err == nil {
				fm.Date, err = parseDate(v)
			}
		case "meeting":
			fm.Meeting, err = unquote(val)
			if err == nil && !validSlug(strings.ToLower(fm.Meeting)) {
				err = fmt.Errorf("meeting %q is not a meeting id", fm.Meeting)
			}
		case "draft":
			fm.Draft, err = strconv.ParseBool(val)
			if err != nil {
				err = fmt.Errorf("draft: want true or false, got %q", val)
			}
		case "tags":
			if val == "" {
				listKey = "tags"
				break
			}
			fm.Tags, err = parseList(val)
		default:
			err = fmt.Errorf("unknown key %q (want title, date, author, tags, summary, slug, meeting or draft)", key)
		}
		if err != nil {
			return fm, nil, fmt.Errorf("%s:%d: %v", name, ln, err)
		}
	}
	if strings.TrimSpace(fm.Title) == "" {
		return fm, nil, fmt.Errorf("%s: front matter has no title", name)
	}
	if fm.Date.IsZero() {
		return fm, nil, fmt.Errorf("%s: front matter has no date", name)
	}
	for _, t := range fm.Tags {
		if strings.ContainsAny(t, "\n\r") {
			return fm, nil, fmt.Errorf("%s: bad tag %q", name, t)
		}
	}
	return fm, body, nil
}

func unquote(v string) (string, error) {
	if len(v) >= 2 && v[0] == '"' {
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", fmt.Errorf("bad quoted value %s", v)
		}
		return s, nil
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), nil
	}
	if strings.HasPrefix(v, "\"") || strings.HasPrefix(v, "'") {
		return "", fmt.Errorf("unterminated quote in %s", v)
	}
	return v, nil
}

func parseList(v string) ([]string, error) {
	if strings.HasPrefix(v, "[") {
		if !strings.HasSuffix(v, "]") {
			return nil, fmt.Errorf("list %s has no closing ]", v)
		}
		v = v[1 : len(v)-1]
	}
	var out []string
	for _, part := range strings.Split(v, ",") {
		s, err := unquote(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if s == "" {
			if strings.TrimSpace(v) == "" {
				return nil, nil
			}
			return nil, fmt.Errorf("empty item in list %q", v)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseDate(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or RFC 3339", v)
}

// validSlug reports whether s is a post's URL name as it stands: its own
// sitepath.Slug (lower-case a-z, 0-9, '-', '_', '.', not a name the site
// writes itself).
func validSlug(s string) bool { return len(s) <= 100 && sitepath.Slug(s) == s }

// tagRef is a tag as pages show it.
type tagRef struct {
	Name  string
	Slug  string
	Count int
}

// post is a blog post, from a Markdown file or a meeting with a summary.
type post struct {
	Slug    string
	Title   string
	Date    time.Time
	Author  string
	Summary string
	Tags    []tagRef
	// Path is the post's page from the site root.
	Path string
	file string
	src  []byte
	// meeting is set for a meeting published as a post.
	meeting *ref
	// MeetingID is the meeting a Markdown post is about (front matter
	// "meeting"); Draft marks a draft built for a preview.
	MeetingID string
	Draft     bool
}

// DateText is the post's date as shown.
func (p *post) DateText() string { return p.Date.Format("2006-01-02") }

// DateISO is the post's date in RFC 3339.
func (p *post) DateISO() string { return p.Date.Format(time.RFC3339) }

func postLess(a, b *post) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.Path < b.Path
}

// loadPosts reads every *.md file of the posts folder (front matter only;
// bodies are rendered when written).
func (p *Publisher) loadPosts() ([]*post, error) {
	if p.opt.Posts == "" {
		return nil, nil
	}
	names, err := filepath.Glob(filepath.Join(p.opt.Posts, "*.md"))
	if err != nil {
		return nil, fmt.Errorf("publisher: posts folder %s: %w", p.opt.Posts, err)
	}
	if _, err := os.Stat(p.opt.Posts); err != nil {
		return nil, fmt.Errorf("publisher: posts folder: %w", err)
	}
	sort.Strings(names)
	var out []*post
	slugs := map[string]string{}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("publisher: %w", err)
		}
		fm, body, err := ParseFrontMatter(name, src)
		if err != nil {
			return nil, fmt.Errorf("publisher: post %w", err)
		}
		if fm.Draft && !p.opt.Drafts {
			continue
		}
		slug := fm.Slug
		if slug == "" {
			slug = strings.ToLower(strings.TrimSuffix(filepath.Base(name), ".md"))
			if !validSlug(slug) {
				return nil, fmt.Errorf("publisher: post %s: file name %q is not a URL name (a-z, 0-9, '-', '_', '.'); rename it or set slug", name, slug)
			}
		}
		if other, dup := slugs[slug]; dup {
			return nil, fmt.Errorf("publisher: posts %s and %s both have the URL name %q", other, name, slug)
		}
		slugs[slug] = name
		ps := &post{Slug: slug, Title: fm.Title, Date: fm.Date.UTC(), Author: fm.Author, Summary: fm.Summary,
			Path: sitepath.PostsDir + "/" + slug + "/" + sitepath.IndexPage, file: name, src: body, MeetingID: fm.Meeting, Draft: fm.Draft}
		if ps.Author == "" {
			ps.Author = p.opt.Author
		}
		seen := map[string]bool{}
		for _, t := range fm.Tags {
			s := sitepath.Slug(t)
			if !seen[s] {
				seen[s] = true
				ps.Tags = append(ps.Tags, tagRef{Name: t, Slug: s})
			}
		}
		out = append(out, ps)
	}
	return out, nil
}

// meetingPost is the post of a meeting with a chair's summary.
func (p *Publisher) meetingPost(r *ref) *post {
	sum := paragraphs(r.Summary)
	short := ""
	if len(sum) > 0 {
		short = p.summaryPlain(sum[0])
	}
	return &post{Slug: r.postSlug(), Title: r.PostTitle(), Date: r.Ended, Author: p.opt.Author,
		Summary: short, Path: r.PostPath(), meeting: r,
		Tags: []tagRef{{Name: minutesTag, Slug: minutesTag}}}
}

// writeMeetingPost writes the page of meeting m's post (r's, whose
// minutes files are files) when it has one (with, a chair's summary on an
// ended meeting): the summary, then what the meeting's feed entry says
// (entryBody: context, decisions, action items by person with deadlines,
// topics, links to every minutes format), the links relative. Without a
// summary, a post page left from an earlier summary is removed.
func (p *Publisher) writeMeetingPost(b *build, r *ref, m *meeting.Meeting, files []MinutesFile, with bool) error {
	rel := r.PostPath()
	if !with {
		if b.hadPostDir(r.postSlug()) && b.out.exists(rel) {
			return b.out.remove(rel)
		}
		return nil
	}
	dir := path.Dir(rel)
	var formats []entryFormat
	for _, f := range p.entryFormats(files) {
		f.URL = relPath(dir, f.path)
		formats = append(formats, f)
	}
	body := entryBody(r, m, b.tracked, string(p.renderSummary(r.Summary)), formats)
	ps := p.meetingPost(r)
	return p.page(b, "post.html", rel, ps.Title, nil, postPage{post: ps, Body: template.HTML(body), Minutes: r})
}

// shiftHeadings moves a post's headings one level down (# becomes <h2>):
// the page's <h1> is the post's title.
type shiftHeadings struct{}

func (shiftHeadings) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(shiftHeadings{}, 1000))),
		// No html.WithUnsafe: raw HTML in posts is dropped, and links
		// with dangerous schemes (javascript:, ...) are emptied.
	)
}

// newSummaryMarkdown is the Markdown of chairs' summaries (#summary,
// gavel summary): paragraphs, emphasis, links (autolinked too), lists,
// tables and strikethrough; no raw HTML (dropped), no dangerous link
// schemes, no heading ids or footnotes, so the HTML is what feed
// sanitizers keep.
func newSummaryMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(shiftHeadings{}, 1000), util.Prioritized(shiftHeadings{}, 999))),
	)
}

// renderSummary renders a chair's summary (Markdown) as HTML, headings
// moved two levels down (the page's "Summary" is an <h2>).
func (p *Publisher) renderSummary(text string) template.HTML {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := p.summaryMD.Convert([]byte(text), &buf); err != nil {
		// goldmark fails only when writing fails; a bytes.Buffer does not.
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(strings.TrimRight(buf.String(), "\n"))
}

var markupRE = regexp.MustCompile(`<[^>]*>`)

// summaryPlain is a paragraph of a chair's summary as plain text (for
// lists and the feeds' text summary): the Markdown rendered, its markup
// removed, white space collapsed; it is text, escaped where it is shown.
func (p *Publisher) summaryPlain(md string) string {
	s := markupRE.ReplaceAllString(string(p.renderSummary(md)), "")
	if s = strings.Join(strings.Fields(stdhtml.UnescapeString(s)), " "); s != "" {
		return s
	}
	// All of it was raw HTML, which Markdown drops: the text as written
	// (lists and the feeds' text summaries escape it).
	return strings.Join(strings.Fields(md), " ")
}

// renderPost turns a post's Markdown into HTML.
func (p *Publisher) renderPost(ps *post) (template.HTML, error) {
	var buf bytes.Buffer
	if err := p.md.Convert(ps.src, &buf); err != nil {
		return "", fmt.Errorf("publisher: rendering post %s: %w", ps.file, err)
	}
	return template.HTML(buf.String()), nil
}

// postPage is the data of post.html.
type postPage struct {
	*post
	Body template.HTML
	// Minutes is the meeting the post is about (front matter meeting),
	// when it is published.
	Minutes *ref
}

func (p *Publisher) writePost(b *build, ps *post) error {
	body, err := p.renderPost(ps)
	if err != nil {
		return err
	}
	return p.page(b, "post.html", ps.Path, ps.Title, nil, postPage{post: ps, Body: body, Minutes: b.byID[ps.MeetingID]})
}

// postsAbout returns the Markdown posts about meeting id (front matter
// meeting), newest first.
func postsAbout(b *build, id string) []*post {
	var out []*post
	for _, ps := range b.posts {
		if ps.meeting == nil && ps.MeetingID != "" && ps.MeetingID == id {
			out = append(out, ps)
		}
	}
	return out
}

// allTags returns the slugs of every tag in use.
func (p *Publisher) allTags(b *build) []string {
	seen := map[string]bool{}
	for _, ps := range b.posts {
		for _, t := range ps.Tags {
			seen[t.Slug] = true
		}
	}
	return sortedKeys(seen)
}

// tagIndex lists the tags with their post counts.
func (p *Publisher) tagIndex(b *build) []tagRef {
	idx := map[string]*tagRef{}
	for _, ps := range b.posts {
		for _, t := range ps.Tags {
			if idx[t.Slug] == nil {
				idx[t.Slug] = &tagRef{Name: t.Name, Slug: t.Slug}
			}
			idx[t.Slug].Count++
		}
	}
	var out []tagRef
	for _, k := range sortedKeys(idx) {
		out = append(out, *idx[k])
	}
	return out
}

// tagPosts returns the posts with the tag slug, newest first.
func tagPosts(b *build, slug string) (name string, out []*post) {
	for _, ps := range b.posts {
		for _, t := range ps.Tags {
			if t.Slug == slug {
				if name == "" {
					name = t.Name
				}
				out = append(out, ps)
				break
			}
		}
	}
	return name, out
}

func (p *Publisher) writeTag(b *build, slug string) error {
	name, list := tagPosts(b, slug)
	if len(list) == 0 {
		return nil
	}
	rel := "tags/" + slug + "/index.html"
	feed := &feedLink{Title: "Atom feed of tag " + name, Href: "feed.atom"}
	return p.page(b, "posts.html", rel, "Posts tagged "+name, feed, map[string]any{"Posts": list, "Tag": name})
}
