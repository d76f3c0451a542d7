package publisher

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gavel-irc/gavel/internal/progress"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/yuin/goldmark"
)

// Options configure a Publisher. Dir, BaseURL and Now are required.
type Options struct {
	// Dir is the site folder the files are written to.
	Dir string
	// BaseURL is the absolute URL the site is served at, ending in '/'.
	BaseURL string
	// Title and Author name the site (Author is the feeds' author).
	Title  string
	Author string
	// Lang is the pages' language (default "en").
	Lang string
	// Templates is a folder whose files override the default templates
	// of the same name ("" for the defaults only).
	Templates string
	// Posts is the folder of Markdown posts ("" for none).
	Posts string
	// FilePattern names the minutes files (site.file_pattern).
	FilePattern string
	// TagAuthority is the authority of the feeds' tag: URIs
	// ("minutes.example.org,2026"); derived from BaseURL when empty.
	TagAuthority string
	// Now is the build's reference date: items due before its date are
	// overdue, and an entry whose content changed gets it as updated.
	// It is never read from the clock inside the publisher, except
	// through Clock.
	Now time.Time
	// Clock, when set, gives each publish its reference date (Now is
	// then the first one): for a Publisher kept for the life of a
	// process, such as gavel run's.
	Clock func() time.Time
	// Minutes renders the minutes formats (default: the minutes package).
	Minutes MinutesWriter
	// Progress, when set, receives a progress line during full builds
	// (pass the terminal, or nil).
	Progress io.Writer
	// FeedEntries is the number of entries per feed (default 20).
	FeedEntries int
	// FeedMinItems is the feed weight a meeting needs to be a feed
	// entry: its topics, decisions, action items and votes (a meeting
	// with a chair's summary always is one). Meetings below it stay on
	// the site but are in no feed. 0 puts every meeting in the feeds;
	// site.feed_min_items (default 1) sets it.
	FeedMinItems int
	// HomeEntries is the number of meetings and of posts on the home page
	// (default 10).
	HomeEntries int
	// Drafts builds the posts marked draft too: for gavel serve's
	// preview, never for the public site.
	Drafts bool
	// Workers is the number of meetings rendered at once during a full
	// build (default GOMAXPROCS).
	Workers int
	// Schedules are the recurring meetings ([[schedule]]): published as
	// meetings.ics, site-wide and per series; the home and series pages
	// show their next occurrences.
	Schedules []Schedule
	// Channels are the channels the bot sits in (the empty home page
	// tells where to start a meeting).
	Channels []string
}

// Stats says what a publish did.
type Stats struct {
	// Meetings is the number of meetings rendered.
	Meetings int
	// Files is the number of files produced; Written of them changed on
	// disk (the others already had the same content).
	Files   int
	Written int
}

// Publisher writes the static site. Its methods may be called from several
// goroutines; publishes run one at a time.
type Publisher struct {
	src     Source
	opt     Options
	base    *url.URL
	tagAuth string
	pages   map[string]*template.Template
	assets  map[string][]byte
	// fast: the minutes pages and the action items' entries are written
	// by the hand-written renderers of fastpage.go (the templates are the
	// defaults they reproduce).
	fast bool
	// fastSeries: the series pages are written by fastpage.go's
	// renderer (series.html, layout.html and partials.html are the
	// defaults).
	fastSeries bool
	md         goldmark.Markdown
	// summaryMD renders chairs' summaries.
	summaryMD goldmark.Markdown
	// mu serialises publishes. The caches below are guarded by mu:
	// paths holds minutes paths, feedMemo the entries of the feeds last
	// written (by site path), so an incremental publish need not parse
	// them again, and pageMemo the hash of the data of pages that are
	// skipped when it did not change.
	mu       sync.Mutex
	paths    map[pathKey]string
	feedMemo map[string]map[string]atomEntry
	pageMemo map[string][32]byte
	// items keeps each action item's rendered entries and calendar event
	// (itemGen counts the publishes that updated it), listMemo the sums of
	// the action-item pages and calendars last written.
	items   map[string]*itemMemo
	itemGen uint64
	rankLen [3]int
	// sorted are the lists in due, closing and calendar order of the
	// publish sortedGen (an itemGen), for arrangeKept.
	sorted    [3][]*itemMemo
	sortedGen [3]uint64
	listMemo  map[string]listMemo
	// memoMu guards listMemo and pageMemo while several pages of one
	// publish are written at once (the series pages of writeShared).
	memoMu sync.Mutex
	// ownerIx numbers the owner keys the memos have met (itemMemo.ownerIx),
	// so grouping 20,000 items by owner at each publish indexes a slice
	// instead of hashing each item's owners' names.
	ownerIx map[string]int
	// memosOf is the kept archive the memos were last brought up to date
	// with, on memosDay (itemMemos).
	memosOf  *keptArchive
	memosDay time.Time
	// refs are the meetings' refs of the last publish, by id (reused
	// while their record is the same); state is the site state this
	// publisher saved last (siteState).
	refs  map[string]*ref
	state *siteState
	// bufs are the buffers pages are rendered into (pageTitled), used
	// again for the next page rather than grown anew for each of a
	// build's thousands.
	bufs sync.Pool
	// kept is the archive of the last publish, when the Source says what
	// changed since (deltaSource).
	kept *keptArchive
	// actionOwners and actionItems are the action pages the last publish
	// wrote: each owner's folder with its number of pages, and the
	// numbered pages (pruneActions; nil: read the folders).
	actionOwners map[string]int
	actionItems  map[string]bool
}

// New checks the options, loads the templates (defaults overridden by
// files in opt.Templates) and returns a Publisher reading from src.
func New(src Source, opt Options) (*Publisher, error) {
	if src == nil {
		return nil, errors.New("publisher: no source")
	}
	if opt.Dir == "" {
		return nil, errors.New("publisher: no site dir")
	}
	if opt.Now.IsZero() && opt.Clock != nil {
		opt.Now = opt.Clock()
	}
	if opt.Now.IsZero() {
		return nil, errors.New("publisher: no reference date (Options.Now)")
	}
	base, err := url.Parse(opt.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("publisher: base URL %q is not an absolute http(s) URL", opt.BaseURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Title == "" {
		opt.Title = "Meeting minutes"
	}
	if opt.FilePattern == "" {
		opt.FilePattern = "{series}/{date}/{series}.{date}-{time}"
	}
	if opt.FeedEntries <= 0 {
		opt.FeedEntries = 20
	}
	if opt.HomeEntries <= 0 {
		opt.HomeEntries = 10
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Minutes == nil {
		opt.Minutes = DefaultMinutes()
	}
	p := &Publisher{src: src, opt: opt, base: base, md: newMarkdown(), summaryMD: newSummaryMarkdown(), paths: map[pathKey]string{},
		feedMemo: map[string]map[string]atomEntry{}, pageMemo: map[string][32]byte{},
		items: map[string]*itemMemo{}, listMemo: map[string]listMemo{}, refs: map[string]*ref{}}
	p.tagAuth = opt.TagAuthority
	if p.tagAuth == "" {
		p.tagAuth = base.Hostname() + ",2026"
	}
	if err := p.loadTemplates(); err != nil {
		return nil, err
	}
	return p, nil
}

// build is the state of one publish: what is known about the archive.
type build struct {
	siteModel
	posts []*post // by date, newest first; meeting posts included
	state *siteState
	out   *writer
	// loaded holds meetings the caller handed over already replayed
	// (PublishReplayed), so they are not loaded again.
	loaded map[string]*meeting.Meeting
	// postDirs is the set of folders in the site's posts folder when the
	// build first asked (postDirsOnce): where a meeting's post page may
	// be left from an earlier summary.
	postDirsOnce sync.Once
	postDirs     map[string]bool
	// minutesFrags holds the tracked items' entries of the minutes pages
	// rendered in this publish (minutesItems), by minutesFrag.
	minutesFrags sync.Map
	// meetingsFields holds what pageHash hashes for an item's meetings,
	// by *Action (meetingsField).
	meetingsFields sync.Map
	// due is what the action pages gave the home page, when a full
	// build wrote them already (writeShared writes them otherwise).
	due *dueSoon
	// agendas holds the open items of each series' agenda (AgendaSource).
	agendas map[string][]meeting.AgendaItem
}

// hadPostDir reports whether the site's posts folder has the folder name
// (read once per build).
func (b *build) hadPostDir(name string) bool {
	b.postDirsOnce.Do(func() {
		b.postDirs = map[string]bool{}
		ents, _ := os.ReadDir(filepath.Join(b.out.root, sitepath.PostsDir))
		for _, e := range ents {
			if e.IsDir() {
				b.postDirs[e.Name()] = true
			}
		}
	})
	return b.postDirs[name]
}

// load returns meeting id: the one handed over, else the Source's.
func (p *Publisher) load(ctx context.Context, b *build, id string) (*meeting.Meeting, error) {
	if m, ok := b.loaded[id]; ok {
		return m, nil
	}
	return p.src.Meeting(ctx, id)
}

// begin reads the archive's records, posts and actions, and the site's state.
func (p *Publisher) begin(ctx context.Context) (*build, error) {
	b := &build{out: newWriter(p.opt.Dir)}
	if err := p.loadArchive(ctx, b); err != nil {
		return nil, err
	}
	var err error
	if b.posts, err = p.loadPosts(); err != nil {
		return nil, err
	}
	slugs := map[string]string{}
	for _, ps := range b.posts {
		slugs[ps.Slug] = ps.file
	}
	for _, r := range b.recs {
		if strings.TrimSpace(r.Summary) != "" {
			mp := p.meetingPost(r)
			if file, dup := slugs[mp.Slug]; dup {
				return nil, fmt.Errorf("publisher: post %s has the URL name %q of meeting %s's post; rename it or set another slug", file, mp.Slug, r.ID)
			}
			b.posts = append(b.posts, mp)
		}
	}
	sort.SliceStable(b.posts, func(i, j int) bool { return postLess(b.posts[i], b.posts[j]) })
	if err := p.loadAgendas(ctx, b); err != nil {
		return nil, err
	}
	if b.state, err = p.siteState(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// refLess orders meetings by start, then id.
func refLess(a, b *ref) bool {
	if !a.Started.Equal(b.Started) {
		return a.Started.Before(b.Started)
	}
	return a.ID < b.ID
}

// neighbours returns the meetings before and after r in its series.
func (b *build) neighbours(r *ref) (prev, next *ref) {
	list := b.bySeries[r.Series]
	i := sort.Search(len(list), func(i int) bool { return !refLess(list[i], r) })
	if i > 0 {
		prev = list[i-1]
	}
	if i+1 < len(list) {
		next = list[i+1]
	}
	return prev, next
}

// tick sets the reference date of a publish from Options.Clock, if any.
// The caller holds p.mu.
func (p *Publisher) tick() {
	if p.opt.Clock != nil {
		if now := p.opt.Clock(); !now.IsZero() {
			p.opt.Now = now
		}
	}
}

// Build rebuilds the whole site.
func (p *Publisher) Build(ctx context.Context) (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tick()
	return p.build(ctx)
}

// build is Build with p.mu held.
func (p *Publisher) build(ctx context.Context) (Stats, error) {
	b, err := p.begin(ctx)
	if err != nil {
		return Stats{}, err
	}
	// Built into a staging folder and swapped into place (stage.go),
	// unless it cannot be.
	stage, err := p.stageBuild()
	if err != nil {
		return Stats{}, err
	}
	if stage != nil {
		old := ""
		if stage.had {
			old = stage.dir
		}
		b.out = newStagedWriter(stage.stage, old)
		defer stage.remove()
	}
	if err := p.writeAssets(b); err != nil {
		return Stats{}, err
	}
	// The action-item pages and calendars need the items and the
	// meetings' refs, not their rendering: they are written meanwhile,
	// on a goroutine of their own (a third of the build's shared pages;
	// their caches are the Publisher's, which no meeting's rendering
	// touches). writeShared takes what they give the home page.
	actions := make(chan error, 1)
	go func() {
		due, err := p.writeActions(b)
		b.due = &due
		actions <- err
	}()
	feeds, hashes, err := p.buildMeetings(ctx, b)
	if aerr := <-actions; err == nil {
		err = aerr
	}
	if err != nil {
		return Stats{}, err
	}
	// Nine files in ten are written: they go to disk while the shared
	// pages are made, not in commit's sync.
	b.out.syncSoon()
	if err := p.writeShared(ctx, b, b.series, p.allTags(b), feeds); err != nil {
		return Stats{}, err
	}
	if err := p.pruneSeries(b); err != nil {
		return Stats{}, err
	}
	b.state.markPublished(b, b.recs, hashes, true)
	if stage != nil {
		if err := stage.carry(b.out); err != nil {
			return Stats{}, err
		}
	}
	if err := b.out.commit(); err != nil {
		return Stats{}, err
	}
	if stage != nil {
		if err := stage.swap(); err != nil {
			return Stats{}, err
		}
	}
	if err := p.saveState(ctx, b); err != nil {
		return Stats{}, err
	}
	return b.out.stats(len(b.recs)), nil
}

// buildMeetings renders every meeting on opt.Workers goroutines, then the
// posts and the search index, and returns the feed entries it kept (and
// the meetings' pageHash).
func (p *Publisher) buildMeetings(ctx context.Context, b *build) (*feedCache, []string, error) {
	docs := make([]searchDoc, len(b.recs))
	hashes := make([]string, len(b.recs))
	keep := feedCandidates(b, 2*p.opt.FeedEntries)
	entries := make(map[string]*entryContent, len(keep))
	var emu sync.Mutex
	release, _ := p.src.(mappedReleaser)
	if release != nil {
		// Reading the archive mapped the pages of every action record
		// and meeting record: dropped before the meetings' heap grows,
		// or they are the peak's tenth (issue 11: a quarter of Hugo's).
		if err := release.ReleaseMapped(); err != nil {
			return nil, nil, fmt.Errorf("publisher: %w", err)
		}
	}
	var done atomic.Int64
	prog := progress.New(p.opt.Progress, "publishing", "meetings", len(b.recs))
	err := p.parallel(ctx, len(b.recs), func(i int) error {
		r := b.recs[i]
		prev, next := b.neighbours(r)
		// The feed entries of the meetings the feeds may show are kept
		// from here; which ones they show is known once the weights
		// are, and an entry missing then is rendered again (loadEntry).
		res, err := p.renderMeeting(ctx, b, r, prev, next, keep[r.ID])
		if err != nil {
			return err
		}
		docs[i] = res.doc
		// What markPublished records, made here on every core: the
		// items and records it reads do not change during the build.
		hashes[i] = pageHash(b, r)
		if res.entry != nil {
			emu.Lock()
			entries[r.ID] = res.entry
			emu.Unlock()
		}
		prog.Add(1)
		if release != nil && done.Add(1)%releaseEvery == 0 {
			if err := release.ReleaseMapped(); err != nil {
				return fmt.Errorf("publisher: %w", err)
			}
		}
		return nil
	})
	prog.Done()
	if err != nil {
		return nil, nil, err
	}
	for _, ps := range b.posts {
		if ps.meeting != nil {
			continue
		}
		if err := p.writePost(b, ps); err != nil {
			return nil, nil, err
		}
		docs = append(docs, p.postDoc(ps))
	}
	if err := p.writeSearch(b, docs, nil); err != nil {
		return nil, nil, err
	}
	return &feedCache{entries: entries}, hashes, nil
}

// mappedReleaser is a Source whose reads map a file into memory and that
// can drop those pages (StoreSource: the store's bbolt file), so that a
// full build's peak memory does not grow with the store.
type mappedReleaser interface {
	ReleaseMapped() error
}

// releaseEvery is how many meetings a full build renders between two
// releases of the Source's mapped pages.
const releaseEvery = 64

// feedCandidates returns the meetings whose feed entries a full build
// keeps as it renders them: the newest n of each series (the site feed's
// and each series feed's latest entries are among them, unless more than
// n-Options.FeedEntries newer meetings are too light for the feeds) and
// those with a chair's summary (the tag feeds' posts).
func feedCandidates(b *build, n int) map[string]bool {
	keep := map[string]bool{}
	for _, list := range b.bySeries {
		for _, r := range list[max(0, len(list)-n):] {
			keep[r.ID] = true
		}
	}
	for _, r := range b.recs {
		if strings.TrimSpace(r.Summary) != "" {
			keep[r.ID] = true
		}
	}
	return keep
}

// PublishMeeting publishes a new or changed meeting: its own files, its
// previous and next meetings' pages (their links), its series and the
// site's shared pages (home, actions, feeds, search). The site must have
// been built once; if it was not, PublishMeeting builds it all.
//
// A meeting still running (one the Source loads but does not list among
// the ended meetings, as at #save) gets interim minutes: its files and
// its minutes page, at the paths the final ones will have, the page
// marked "in progress". Nothing else changes: it is in no feed, list or
// search index, and no other page links to it, until it has ended and is
// published again.
func (p *Publisher) PublishMeeting(ctx context.Context, id string) (Stats, error) {
	return p.publishMeeting(ctx, id, nil)
}

// PublishReplayed is PublishMeeting of m, a meeting the caller has just
// replayed from the store (the bot at #endmeeting and #save): m is
// rendered as given, not loaded from the Source a second time.
func (p *Publisher) PublishReplayed(ctx context.Context, m *meeting.Meeting) (Stats, error) {
	if m == nil {
		return Stats{}, errors.New("publisher: no meeting to publish")
	}
	return p.publishMeeting(ctx, m.ID, m)
}

func (p *Publisher) publishMeeting(ctx context.Context, id string, m *meeting.Meeting) (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tick()
	b, err := p.begin(ctx)
	if err != nil {
		return Stats{}, err
	}
	if m != nil {
		b.loaded = map[string]*meeting.Meeting{id: m}
	}
	r := b.byID[id]
	if r == nil {
		return p.publishRunning(ctx, b, id)
	}
	if !b.state.built {
		return p.build(ctx)
	}
	prev, next := b.neighbours(r)
	res, err := p.renderMeeting(ctx, b, r, prev, next, true)
	if err != nil {
		return Stats{}, err
	}
	n := 1
	for _, nb := range []*ref{prev, next} {
		if nb == nil {
			continue
		}
		pp, nn := b.neighbours(nb)
		if _, err := p.renderMeeting(ctx, b, nb, pp, nn, false); err != nil {
			return Stats{}, err
		}
		n++
	}
	if err := p.writeSearch(b, []searchDoc{res.doc}, []string{r.Path}); err != nil {
		return Stats{}, err
	}
	var tags []string
	if strings.TrimSpace(r.Summary) != "" {
		tags = []string{minutesTag}
	}
	feeds := &feedCache{entries: map[string]*entryContent{r.ID: res.entry}, reuse: true}
	if err := p.writeShared(ctx, b, []string{r.Series}, tags, feeds); err != nil {
		return Stats{}, err
	}
	b.state.markPublished(b, []*ref{r}, nil, false)
	if err := b.out.commit(); err != nil {
		return Stats{}, err
	}
	if err := p.saveState(ctx, b); err != nil {
		return Stats{}, err
	}
	return b.out.stats(n), nil
}

// PublishActions rewrites the action-item pages and the home page (its
// overdue and due-soon items) after an action item changed outside a
// meeting, and the minutes pages that list an item that changed.
func (p *Publisher) PublishActions(ctx context.Context) (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tick()
	b, err := p.begin(ctx)
	if err != nil {
		return Stats{}, err
	}
	dg, err := p.digestsFor(ctx, b, nil)
	if err != nil {
		return Stats{}, err
	}
	due, err := p.writeActions(b)
	if err != nil {
		return Stats{}, err
	}
	if err := p.writeHome(b, dg, due); err != nil {
		return Stats{}, err
	}
	n := 0
	if b.state.built {
		// The minutes pages that list an item that changed, and only
		// those (a meeting whose record changed too waits for Publish,
		// which also updates its feeds and lists).
		var again []*ref
		for _, r := range b.recs {
			old, ok := b.state.published[r.ID]
			rec, _, _ := strings.Cut(old, "/")
			if ok && rec == recordHash(r) && old != pageHash(b, r) {
				prev, next := b.neighbours(r)
				if _, err := p.renderMeeting(ctx, b, r, prev, next, false); err != nil {
					return Stats{}, err
				}
				again = append(again, r)
			}
		}
		n = len(again)
		b.state.markPublished(b, again, nil, false)
		// Keep the digests made here (a site never built stays so).
		if err := b.out.commit(); err != nil {
			return Stats{}, err
		}
		if err := p.saveState(ctx, b); err != nil {
			return Stats{}, err
		}
	}
	if err := b.out.commit(); err != nil {
		return Stats{}, err
	}
	return b.out.stats(n), nil
}

// publishRunning writes the interim minutes of the running meeting id.
func (p *Publisher) publishRunning(ctx context.Context, b *build, id string) (Stats, error) {
	m, err := p.load(ctx, b, id)
	if err != nil {
		return Stats{}, fmt.Errorf("publisher: meeting %q not found: %w", id, err)
	}
	if !m.Ended.IsZero() {
		return Stats{}, fmt.Errorf("publisher: meeting %q has ended but is not listed among the ended meetings", id)
	}
	if m.ID != id || m.Series == "" {
		return Stats{}, fmt.Errorf("publisher: meeting %q loaded as %q of series %q", id, m.ID, m.Series)
	}
	zone := ""
	if m.Location != nil {
		zone = m.Location.String()
	}
	r, err := p.newRef(Record{ID: m.ID, Series: m.Series, Title: m.Title, Channel: m.Channel, Source: m.Source,
		TimeZone: zone, Started: m.Started}, map[string]*time.Location{})
	if err != nil {
		return Stats{}, err
	}
	var prev *ref
	for _, o := range b.bySeries[r.Series] {
		if refLess(o, r) {
			prev = o
		}
	}
	if err := p.writeAssets(b); err != nil {
		return Stats{}, err
	}
	if _, err := p.renderLoaded(b, r, m, prev, nil, false, true); err != nil {
		return Stats{}, err
	}
	if err := b.out.commit(); err != nil {
		return Stats{}, err
	}
	p.state = b.state // unchanged: interim minutes record nothing
	return b.out.stats(1), nil
}

// parallel runs fn(0..n-1) on opt.Workers goroutines and returns the first
// error; it stops handing out work once one failed or ctx is done.
func (p *Publisher) parallel(ctx context.Context, n int, fn func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for w := 0; w < p.opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
