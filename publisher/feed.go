package publisher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// The Atom 1.0 document, written with encoding/xml.

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Author    *atomPerson `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator atomGen     `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomGen struct {
	URI  string `xml:"uri,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

// entryContent is a feed entry before its updated time is known.
type entryContent struct {
	ID         string
	Title      string
	Author     string
	Published  time.Time
	Link       string
	Summary    string
	HTML       string
	Categories []atomCategory
}

func (e *entryContent) hash() string {
	h := sha256.New()
	for _, s := range []string{e.ID, e.Title, e.Author, e.Published.UTC().Format(time.RFC3339), e.Link, e.Summary, e.HTML} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, c := range e.Categories {
		h.Write([]byte(c.Term + "\x00" + c.Label + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

const atomTime = "2006-01-02T15:04:05Z"

func (p *Publisher) atom(b *build, e *entryContent) atomEntry {
	upd := b.state.updated(e.ID, e.hash(), e.Published, p.opt.Now)
	return atomEntry{
		ID:         e.ID,
		Title:      e.Title,
		Published:  e.Published.UTC().Format(atomTime),
		Updated:    upd.UTC().Format(atomTime),
		Author:     atomPerson{Name: e.Author},
		Links:      []atomLink{{Rel: "alternate", Type: "text/html", Href: e.Link}},
		Categories: e.Categories,
		Summary:    atomText{Type: "text", Body: e.Summary},
		Content:    atomText{Type: "html", Body: e.HTML},
	}
}

// tagURI returns the permanent id of a thing of the site.
func (p *Publisher) tagURI(kind, name string) string {
	return "tag:" + p.tagAuth + ":" + kind + "/" + url.PathEscape(name)
}

var linkAttr = regexp.MustCompile(`(href|src)=(?:"([^"]*)"|'([^']*)')`)

// absolutize makes the links of an HTML fragment absolute against page,
// as feed readers show content away from the page.
func absolutize(frag, page string) string {
	base, err := url.Parse(page)
	if err != nil {
		return frag
	}
	return linkAttr.ReplaceAllStringFunc(frag, func(s string) string {
		m := linkAttr.FindStringSubmatch(s)
		raw := m[2] + m[3]
		raw = strings.ReplaceAll(raw, "&amp;", "&")
		raw = strings.ReplaceAll(raw, "&#39;", "'")
		u, err := url.Parse(raw)
		if err != nil {
			return s
		}
		abs := base.ResolveReference(u).String()
		return m[1] + `="` + template.HTMLEscapeString(abs) + `"`
	})
}

// meetingEntry is the feed entry of a meeting.
func (p *Publisher) meetingEntry(r *ref, m *meeting.Meeting, mp minutesPage) *entryContent {
	link := p.abs(r.Path)
	var html strings.Builder
	for _, s := range mp.Summary {
		html.WriteString("<p>" + template.HTMLEscapeString(s) + "</p>\n")
	}
	html.WriteString(absolutize(string(mp.Body), link))
	summary := ""
	if len(mp.Summary) > 0 {
		summary = mp.Summary[0]
	} else {
		topics, actions := 0, 0
		for _, it := range m.Items {
			switch it.Kind {
			case meeting.ItemTopic:
				topics++
			case meeting.ItemAction:
				actions++
			}
		}
		summary = fmt.Sprintf("Meeting of %s on %s: %s, %s.", r.Series, r.Date(), plural(topics, "topic"), plural(actions, "action item"))
	}
	author := m.Owner
	if author == "" {
		author = p.feedAuthor()
	}
	cats := []atomCategory{{Term: r.Series}}
	if strings.TrimSpace(r.Summary) != "" {
		cats = append(cats, atomCategory{Term: minutesTag})
	}
	return &entryContent{ID: p.tagURI("meeting", r.ID), Title: r.PostTitle(), Author: author,
		Published: r.Ended, Link: link, Summary: summary, HTML: html.String(), Categories: cats}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (p *Publisher) feedAuthor() string {
	if p.opt.Author != "" {
		return p.opt.Author
	}
	return p.opt.Title
}

// postEntry is the feed entry of a Markdown post.
func (p *Publisher) postEntry(ps *post) (*entryContent, error) {
	body, err := p.renderPost(ps)
	if err != nil {
		return nil, err
	}
	link := p.abs(ps.Path)
	var cats []atomCategory
	for _, t := range ps.Tags {
		cats = append(cats, atomCategory{Term: t.Slug, Label: t.Name})
	}
	author := ps.Author
	if author == "" {
		author = p.feedAuthor()
	}
	summary := ps.Summary
	if summary == "" {
		summary = ps.Title
	}
	return &entryContent{ID: p.tagURI("post", ps.Slug), Title: ps.Title, Author: author, Published: ps.Date,
		Link: link, Summary: summary, HTML: absolutize(string(body), link), Categories: cats}, nil
}

// feedItem is a candidate entry of a feed.
type feedItem struct {
	published time.Time
	key       string
	meeting   *ref
	post      *post
}

func sortItems(items []feedItem, n int) []feedItem {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].published.Equal(items[j].published) {
			return items[i].published.After(items[j].published)
		}
		return items[i].key < items[j].key
	})
	if len(items) > n {
		items = items[:n]
	}
	return items
}

func (p *Publisher) siteItems(b *build) []feedItem {
	items := make([]feedItem, 0, len(b.recs)+len(b.posts))
	for _, r := range b.recs {
		items = append(items, feedItem{published: r.Ended, key: "m/" + r.ID, meeting: r})
	}
	for _, ps := range b.posts {
		if ps.meeting == nil {
			items = append(items, feedItem{published: ps.Date, key: "p/" + ps.Slug, post: ps})
		}
	}
	return sortItems(items, p.opt.FeedEntries)
}

func (p *Publisher) seriesItems(b *build, s string) []feedItem {
	var items []feedItem
	for _, r := range b.bySeries[s] {
		items = append(items, feedItem{published: r.Ended, key: "m/" + r.ID, meeting: r})
	}
	return sortItems(items, p.opt.FeedEntries)
}

func (p *Publisher) tagItems(b *build, slug string) []feedItem {
	_, list := tagPosts(b, slug)
	var items []feedItem
	for _, ps := range list {
		if ps.meeting != nil {
			items = append(items, feedItem{published: ps.meeting.Ended, key: "m/" + ps.meeting.ID, meeting: ps.meeting})
		} else {
			items = append(items, feedItem{published: ps.Date, key: "p/" + ps.Slug, post: ps})
		}
	}
	return sortItems(items, p.opt.FeedEntries)
}

// feedMeetings returns the ids of the meetings that appear in some feed.
func (p *Publisher) feedMeetings(b *build) map[string]bool {
	set := map[string]bool{}
	add := func(items []feedItem) {
		for _, it := range items {
			if it.meeting != nil {
				set[it.meeting.ID] = true
			}
		}
	}
	add(p.siteItems(b))
	for _, s := range b.series {
		add(p.seriesItems(b, s))
	}
	for _, t := range p.allTags(b) {
		add(p.tagItems(b, t))
	}
	return set
}

// feedCache holds entries already rendered in this publish; with reuse,
// entries missing from it are taken from the feeds on disk before being
// rendered again.
type feedCache struct {
	entries map[string]*entryContent
	reuse   bool
	// freshPosts renders posts again even when reuse is set.
	freshPosts bool
	posts      map[string]*entryContent
}

func readFeedEntries(file string) map[string]atomEntry {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var f atomFeed
	if xml.Unmarshal(data, &f) != nil {
		return nil
	}
	out := make(map[string]atomEntry, len(f.Entries))
	for _, e := range f.Entries {
		out[e.ID] = e
	}
	return out
}

// loadEntry renders the feed entry of a meeting that was not rendered in
// this publish.
func (p *Publisher) loadEntry(ctx context.Context, r *ref) (*entryContent, error) {
	m, err := p.src.Meeting(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("publisher: loading meeting %s: %w", r.ID, err)
	}
	files, err := p.opt.Minutes.Write(m, p.opt.FilePattern)
	if err != nil {
		return nil, fmt.Errorf("publisher: writing minutes of %s: %w", r.ID, err)
	}
	for _, f := range files {
		if f.Format == "html" {
			mp := minutesPage{ref: r, Summary: paragraphs(r.Summary), Body: template.HTML(bodyOf(f.Data))}
			return p.meetingEntry(r, m, mp), nil
		}
	}
	return nil, fmt.Errorf("publisher: minutes of %s have no html file", r.ID)
}

func (p *Publisher) writeFeed(ctx context.Context, b *build, fc *feedCache, rel, id, title, alternate string, items []feedItem) error {
	var old map[string]atomEntry
	if fc.reuse {
		if old = p.feedMemo[rel]; old == nil {
			old = readFeedEntries(filepath.Join(p.opt.Dir, filepath.FromSlash(rel)))
		}
	}
	f := atomFeed{
		Lang:      p.opt.Lang,
		ID:        id,
		Title:     title,
		Author:    &atomPerson{Name: p.feedAuthor()},
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: p.abs(rel)}, {Rel: "alternate", Type: "text/html", Href: p.abs(alternate)}},
		Generator: atomGen{URI: "https://github.com/gavel-irc/gavel", Text: "gavel"},
	}
	updated := ""
	for _, it := range items {
		var e *entryContent
		var err error
		switch {
		case it.meeting != nil:
			e = fc.entries[it.meeting.ID]
			if e == nil {
				if oe, ok := old[p.tagURI("meeting", it.meeting.ID)]; ok {
					f.Entries = append(f.Entries, oe)
					updated = max(updated, oe.Updated)
					continue
				}
				if e, err = p.loadEntry(ctx, it.meeting); err != nil {
					return err
				}
				fc.entries[it.meeting.ID] = e
			}
		default:
			if oe, ok := old[p.tagURI("post", it.post.Slug)]; ok && !fc.freshPosts {
				f.Entries = append(f.Entries, oe)
				updated = max(updated, oe.Updated)
				continue
			}
			if fc.posts == nil {
				fc.posts = map[string]*entryContent{}
			}
			if e = fc.posts[it.post.Slug]; e == nil {
				if e, err = p.postEntry(it.post); err != nil {
					return err
				}
				fc.posts[it.post.Slug] = e
			}
		}
		ae := p.atom(b, e)
		f.Entries = append(f.Entries, ae)
		updated = max(updated, ae.Updated)
	}
	if updated == "" {
		updated = time.Unix(0, 0).UTC().Format(atomTime)
	}
	f.Updated = updated
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("publisher: encoding feed %s: %w", rel, err)
	}
	data := append([]byte(xml.Header), out...)
	data = append(data, '\n')
	if err := b.out.write(rel, data); err != nil {
		return err
	}
	memo := make(map[string]atomEntry, len(f.Entries))
	for _, e := range f.Entries {
		memo[e.ID] = e
	}
	p.feedMemo[rel] = memo
	return nil
}

func (p *Publisher) writeFeeds(ctx context.Context, b *build, series, tags []string, fc *feedCache) error {
	if err := p.writeFeed(ctx, b, fc, "feed.atom", p.tagURI("site", "all"), p.opt.Title, "index.html", p.siteItems(b)); err != nil {
		return err
	}
	for _, s := range series {
		if err := p.writeFeed(ctx, b, fc, "series/"+s+"/feed.atom", p.tagURI("series", s),
			p.opt.Title+": "+s, "series/"+s+"/index.html", p.seriesItems(b, s)); err != nil {
			return err
		}
	}
	for _, t := range tags {
		name, _ := tagPosts(b, t)
		if name == "" {
			continue
		}
		if err := p.writeFeed(ctx, b, fc, "tags/"+t+"/feed.atom", p.tagURI("tag", t),
			p.opt.Title+": posts tagged "+name, "tags/"+t+"/index.html", p.tagItems(b, t)); err != nil {
			return err
		}
	}
	return nil
}
