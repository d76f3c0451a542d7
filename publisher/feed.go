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
	"github.com/gavel-irc/gavel/sitepath"
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

// meetingEntry is the feed entry of meeting m (r's), whose minutes files
// are files: its content is entryBody's, made from the meeting.
func (p *Publisher) meetingEntry(b *build, r *ref, m *meeting.Meeting, files []MinutesFile) *entryContent {
	link := p.abs(r.Path)
	if strings.TrimSpace(r.Summary) != "" {
		// A meeting with a chair's summary is a post: its entry links
		// to the post's page, which links to the minutes.
		link = p.abs(r.PostPath())
	}
	sum := paragraphs(r.Summary)
	body := entryBody(r, m, b.tracked, absolutize(string(p.renderSummary(r.Summary)), link), p.entryFormats(files))
	summary := ""
	if len(sum) > 0 {
		summary = p.summaryPlain(sum[0])
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
		Published: r.Ended, Link: link, Summary: summary, HTML: body, Categories: cats}
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

// pick sorts the candidates newest first and keeps the first
// Options.FeedEntries of them that are worth an entry (inFeeds).
func (p *Publisher) pick(ctx context.Context, b *build, items []feedItem) ([]feedItem, error) {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].published.Equal(items[j].published) {
			return items[i].published.After(items[j].published)
		}
		return items[i].key < items[j].key
	})
	out := items[:0]
	for _, it := range items {
		if len(out) == p.opt.FeedEntries {
			break
		}
		if it.meeting != nil {
			ok, err := p.inFeeds(ctx, b, it.meeting)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// inFeeds reports whether meeting r is worth a feed entry: it has a
// chair's summary, or a feed weight (feedWeight) of at least
// Options.FeedMinItems. A weight not known yet is computed from the
// meeting and remembered.
func (p *Publisher) inFeeds(ctx context.Context, b *build, r *ref) (bool, error) {
	if strings.TrimSpace(r.Summary) != "" || p.opt.FeedMinItems <= 0 {
		return true, nil
	}
	w, ok := b.state.weight(r.ID)
	if !ok {
		m, err := p.load(ctx, b, r.ID)
		if err != nil {
			return false, fmt.Errorf("publisher: loading meeting %s: %w", r.ID, err)
		}
		w = feedWeight(m)
		b.state.setWeight(r.ID, w)
	}
	return w >= p.opt.FeedMinItems, nil
}

func (p *Publisher) siteItems(ctx context.Context, b *build) ([]feedItem, error) {
	items := make([]feedItem, 0, len(b.recs)+len(b.posts))
	for _, r := range b.recs {
		items = append(items, feedItem{published: r.Ended, key: r.feedKey(), meeting: r})
	}
	for _, ps := range b.posts {
		if ps.meeting == nil {
			items = append(items, feedItem{published: ps.Date, key: "p/" + ps.Slug, post: ps})
		}
	}
	return p.pick(ctx, b, items)
}

func (p *Publisher) seriesItems(ctx context.Context, b *build, s string) ([]feedItem, error) {
	var items []feedItem
	for _, r := range b.bySeries[s] {
		items = append(items, feedItem{published: r.Ended, key: r.feedKey(), meeting: r})
	}
	return p.pick(ctx, b, items)
}

func (p *Publisher) tagItems(ctx context.Context, b *build, slug string) ([]feedItem, error) {
	_, list := tagPosts(b, slug)
	var items []feedItem
	for _, ps := range list {
		if ps.meeting != nil {
			items = append(items, feedItem{published: ps.meeting.Ended, key: ps.meeting.feedKey(), meeting: ps.meeting})
		} else {
			items = append(items, feedItem{published: ps.Date, key: "p/" + ps.Slug, post: ps})
		}
	}
	return p.pick(ctx, b, items)
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
func (p *Publisher) loadEntry(ctx context.Context, b *build, r *ref) (*entryContent, error) {
	m, err := p.load(ctx, b, r.ID)
	if err != nil {
		return nil, fmt.Errorf("publisher: loading meeting %s: %w", r.ID, err)
	}
	m = b.tracked.resolve(m)
	files, err := p.opt.Minutes.Write(m, p.opt.FilePattern)
	if err != nil {
		return nil, fmt.Errorf("publisher: writing minutes of %s: %w", r.ID, err)
	}
	b.state.setWeight(r.ID, feedWeight(m))
	return p.meetingEntry(b, r, m, files), nil
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
				if e, err = p.loadEntry(ctx, b, it.meeting); err != nil {
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
	items, err := p.siteItems(ctx, b)
	if err != nil {
		return err
	}
	if err := p.writeFeed(ctx, b, fc, sitepath.FeedFile, p.tagURI("site", "all"), p.opt.Title, sitepath.IndexPage, items); err != nil {
		return err
	}
	for _, s := range series {
		if items, err = p.seriesItems(ctx, b, s); err != nil {
			return err
		}
		if err := p.writeFeed(ctx, b, fc, seriesDir(s)+sitepath.FeedFile, p.tagURI("series", s),
			p.opt.Title+": "+s, seriesDir(s)+sitepath.IndexPage, items); err != nil {
			return err
		}
	}
	for _, t := range tags {
		name, _ := tagPosts(b, t)
		if name == "" {
			continue
		}
		if items, err = p.tagItems(ctx, b, t); err != nil {
			return err
		}
		if err := p.writeFeed(ctx, b, fc, "tags/"+t+"/feed.atom", p.tagURI("tag", t),
			p.opt.Title+": posts tagged "+name, "tags/"+t+"/index.html", items); err != nil {
			return err
		}
	}
	return nil
}
