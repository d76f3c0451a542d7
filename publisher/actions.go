package publisher

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"html/template"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ical"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/store"
)

// actionView is an action item as the pages show it (flat, so templates
// find its fields fast).
type actionView struct {
	ID      string
	Text    string
	Owners  []string
	Due     string
	DueText string
	Status  string
	Overdue bool
	// Soon marks an open item due within soonDays; DueWords says when it
	// is due in words ("due tomorrow", "overdue by 3 days"), so the
	// colour is never the only mark.
	Soon     bool
	DueWords string
	Class    string
	Meetings []*ref
	// Skipped is how many meetings that discussed the item are left out
	// of Meetings after the first (minutes pages list a few: see
	// listedMeetings).
	Skipped int
	// Closed and ClosedISO say when a closed item was closed, ClosedBy
	// by whom ("" when not recorded).
	Closed    string
	ClosedISO string
	ClosedBy  string
}

// soonDays is how many days ahead an open item counts as due soon.
const soonDays = 7

// view makes the view of a for the pages of build b.
func view(b *build, a *Action, today time.Time) actionView {
	v := actionView{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText, Status: a.Status, Class: "open"}
	if !a.Open() {
		v.Class = "closed"
		if !a.Closed.IsZero() {
			v.Closed = a.Closed.UTC().Format("2006-01-02")
			v.ClosedISO = a.Closed.UTC().Format(time.RFC3339)
		}
		v.ClosedBy = a.ClosedBy
	} else if a.Due != "" && !a.DueUnread {
		if due, err := time.Parse("2006-01-02", a.Due); err == nil {
			v.Class, v.DueWords = dueState(due, today)
			v.Overdue, v.Soon = v.Class == "overdue", v.Class == "soon"
		}
	}
	for _, id := range a.Meetings {
		if r := b.byID[id]; r != nil {
			v.Meetings = append(v.Meetings, r)
		}
	}
	return v
}

// The action-item pages. An archive can hold tens of thousands of open
// items (a MeetBot archive closes none), so no page lists them all:
//
//   - actions/index.html, the overview: counts, the items due soon, the
//     first overdue ones and the first due later (each list bounded), a
//     table of owners, the recently closed items, the charts, and links to
//     the numbered pages;
//   - actions/_items/N.html, the numbered pages: every item, open or
//     closed, itemsPerPage to a page by number (a1-a6x on page 1, ...), so
//     an item's page never changes; it is where an item's id links to
//     (itemHref), and /actions/#ID takes the reader there (site.js);
//   - actions/OWNER/index.html and N.html: an owner's open items by due
//     date, ownerPerPage to a page, and on the first page the counts and
//     the latest closed items.
//
// The items' <li> and calendar events are rendered once and kept by the
// Publisher (itemMemo) until the item, its meetings' paths or its due
// state (overdue, due soon: by day) change; a page is written again only
// when the fragments or the counts it shows changed. One more meeting
// thus renders its new items and the pages that list them.

// Page sizes of the action-item pages.
const (
	// itemsPerPage is the number of items per numbered page.
	itemsPerPage = 250
	// ownerPerPage is the number of open items per page of an owner.
	ownerPerPage = 100
	// overviewShown bounds each list of the overview.
	overviewShown = 50
)

// itemPageName is the name (without .html) of the numbered page holding
// item id: its number ("a" and base 36) divided into pages; an id of
// another form (not one the store gives) goes to one of otherPages pages
// chosen by a hash of the id ("other-0" ... "other-zz"), so that such ids
// are paged too and each stays on its page for ever.
func itemPageName(id string) string {
	if n, ok := itemNumber(id); ok {
		return strconv.FormatUint((n-1)/itemsPerPage+1, 10)
	}
	h := fnv.New32a()
	io.WriteString(h, id)
	return otherPrefix + strconv.FormatUint(uint64(h.Sum32()%otherPages), 36)
}

// Ids not of the store's form are spread over otherPages pages named
// otherPrefix and a number in base 36: 1,296 pages of 250 items hold
// 324,000 such ids before a page passes 250 on average.
const (
	otherPrefix = "other-"
	otherPages  = 36 * 36
)

// itemNumber reads the number of an id "a" + base 36.
func itemNumber(id string) (uint64, bool) {
	if len(id) < 2 || id[0] != 'a' {
		return 0, false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(id[1:], 36, 64)
	return n, err == nil && n > 0
}

// itemPage is the site path of the numbered page holding item id.
func itemPage(id string) string {
	return sitepath.ActionsDir + "/" + sitepath.Items + "/" + itemPageName(id) + ".html"
}

// itemHref is the site path of item id's entry: its numbered page and
// anchor.
func itemHref(id string) string { return itemPage(id) + "#" + id }

// itemMemo is what the publisher keeps of one action item between
// publishes: the item as last seen, its rendered list entries and its
// calendar event.
type itemMemo struct {
	act Action
	// paths are the page paths of its meetings when rendered.
	paths []string
	// due is Due read as a date (zero when none or unreadable).
	due time.Time
	// class and words are its due state when frags were rendered.
	class, words string
	// frags are its <li>, by page root and anchor; exact is the
	// overview's, which says in how many days it is due (exactWords).
	frags map[string][]byte
	exact struct {
		words string
		html  []byte
	}
	// ver changes whenever frags are dropped: pages compare it.
	ver uint64
	// event is its calendar event; hasEvent says it was made (nil: the
	// item is in no feed).
	event    []byte
	hasEvent bool
	// seen is the publish that last saw the item.
	seen uint64
	// page is its numbered page's name (itemPageName); owners the keys
	// of its owners (lower-cased, each once; "" for none).
	page   string
	owners []string
	// ownerIx are the owners' numbers in Publisher.ownerIx.
	ownerIx []int
	// dropped is set when the memo leaves the Publisher's memos.
	dropped bool
	// key sums id and ver for the pages' sums (sumList).
	key uint64
	// rank is the item's place (from 1) in the last publish's lists in due
	// order (open items), by closing (closed ones) and in the calendar:
	// each list starts from the last order, nearly sorted already.
	rank [3]int
}

// The lists whose order itemMemo.rank keeps.
const (
	rankDue = iota
	rankClosed
	rankCalendar
)

// setVer gives m a new version (its entries changed).
func (m *itemMemo) setVer(v uint64) {
	m.ver = v
	h := fnv.New64a()
	io.WriteString(h, m.act.ID)
	m.key = h.Sum64() ^ (v * 0x9e3779b97f4a7c15)
}

// arrange sorts list by less, starting from each item's rank in the
// last publish's order (which, n items long, kept a list that changed
// little nearly sorted: pdqsort then costs about one pass), and records
// the new ranks.
func arrange(list []*itemMemo, which int, n int, less func(a, b *Action) bool) []*itemMemo {
	slots := make([]*itemMemo, n)
	var extra []*itemMemo
	for _, m := range list {
		if r := m.rank[which] - 1; r >= 0 && r < n && slots[r] == nil {
			slots[r] = m
		} else {
			extra = append(extra, m)
		}
	}
	out := list[:0]
	for _, m := range slots {
		if m != nil {
			out = append(out, m)
		}
	}
	out = append(out, extra...)
	sort.Slice(out, func(i, j int) bool { return less(&out[i].act, &out[j].act) })
	for i, m := range out {
		m.rank[which] = i + 1
	}
	return out
}

// arrangeKept returns list (the memos for which in is true) sorted by
// less. When the archive says which items were touched since the memos
// were last brought up to date, and the list was sorted then, it starts
// from that order: the untouched items keep it (less depends only on the
// item), the touched ones are taken out and put in their places; else it
// sorts with arrange.
func (p *Publisher) arrangeKept(b *build, list []*itemMemo, which int, less func(a, b *Action) bool, in func(m *itemMemo) bool) []*itemMemo {
	prev := p.sorted[which]
	if b.touched != nil && prev != nil && p.sortedGen[which] == p.itemGen-1 {
		out := make([]*itemMemo, 0, len(list))
		for _, m := range prev {
			if !b.touched[m.act.ID] {
				out = append(out, m)
			}
		}
		for id := range b.touched {
			m := p.items[id]
			if m == nil || m.seen != p.itemGen || !in(m) {
				continue
			}
			i := sort.Search(len(out), func(i int) bool { return less(&m.act, &out[i].act) })
			out = slices.Insert(out, i, m)
		}
		if len(out) == len(list) {
			p.sorted[which], p.sortedGen[which] = out, p.itemGen
			return out
		}
	}
	out := arrange(list, which, p.rankLen[which], less)
	p.rankLen[which] = len(out)
	p.sorted[which], p.sortedGen[which] = slices.Clone(out), p.itemGen
	return out
}

// listMemo is what the publisher remembers of a list page it wrote: the
// sum of its data and items.
type listMemo [32]byte

// sameAction reports whether a and b show the same on every page.
func sameAction(a, b *Action) bool {
	return a.ID == b.ID && a.Text == b.Text && a.Due == b.Due && a.DueText == b.DueText && a.DueUnread == b.DueUnread &&
		a.Status == b.Status && a.Series == b.Series && a.Revision == b.Revision && a.ClosedBy == b.ClosedBy &&
		a.Closed.Equal(b.Closed) && a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) &&
		slices.Equal(a.Owners, b.Owners) && slices.Equal(a.Meetings, b.Meetings)
}

// dueState returns the due state of an open item due on due (zero: no
// date) as of today: its class and the words that say it (so that the
// colour is never the only mark). The words change only on the days the
// state does.
func dueState(due, today time.Time) (class, words string) {
	if due.IsZero() {
		return "open", ""
	}
	days := int(due.Sub(today).Hours() / 24)
	switch {
	case days < 0:
		return "overdue", "overdue"
	case days == 0:
		return "soon", "due today"
	case days == 1:
		return "soon", "due tomorrow"
	case days <= soonDays:
		return "soon", "due within a week"
	}
	return "open", ""
}

// items brings the item memos up to date with the build's items and
// returns them in the build's order. From the kept archive on the day of
// the last update, only the touched items are looked at: the others'
// memos, and their due states (which change only with the day), are as
// they were.
func (p *Publisher) itemMemos(b *build, today time.Time) []*itemMemo {
	p.itemGen++
	if out := p.touchedMemos(b, today); out != nil {
		return out
	}
	out := make([]*itemMemo, len(b.actions))
	for i := range b.actions {
		out[i] = p.itemMemo(b, i, b.touched == nil || b.touched[b.actions[i].ID], today)
	}
	if len(p.items) != len(b.actions) {
		// Some memo was not seen: its item is gone.
		for id, m := range p.items {
			if m.seen != p.itemGen {
				m.dropped = true
				delete(p.items, id)
			}
		}
	}
	p.memosDone(today)
	return out
}

// memosDone records that the memos are up to date with the kept archive
// as of today.
func (p *Publisher) memosDone(today time.Time) {
	p.memosOf, p.memosDay = p.kept, today
	if p.kept != nil {
		p.kept.touched = map[string]bool{} // the memos are up to date
	}
}

// touchedMemos is itemMemos from the touched items only, when the kept
// archive holds every other item's memo as of today; nil when it cannot.
func (p *Publisher) touchedMemos(b *build, today time.Time) []*itemMemo {
	k := p.kept
	if b.touched == nil || k == nil || p.memosOf != k || !p.memosDay.Equal(today) || len(b.memos) != len(b.actions) {
		return nil
	}
	for id := range b.touched {
		if i, ok := k.index[id]; ok && i < len(b.actions) {
			p.itemMemo(b, i, true, today)
		}
	}
	if len(p.items) != len(b.actions) {
		return nil // some item is gone: the full pass drops its memo
	}
	for _, m := range b.memos {
		if m == nil {
			return nil
		}
	}
	p.memosDone(today)
	return slices.Clone(b.memos)
}

// itemMemo brings the memo of the build's item i up to date and returns
// it; check compares the item with its memo (false: the archive says it
// is untouched since the memos were brought up to date).
func (p *Publisher) itemMemo(b *build, i int, check bool, today time.Time) *itemMemo {
	a := &b.actions[i]
	var m *itemMemo
	if len(b.memos) == len(b.actions) {
		m = b.memos[i] // the kept archive remembers its items' memos
	}
	if m == nil || m.dropped || m.act.ID != a.ID {
		m = p.items[a.ID]
	}
	if m != nil && check && (!sameAction(&m.act, a) || !samePaths(b, a.Meetings, m.paths)) {
		m = nil
	}
	if m == nil {
		m = &itemMemo{act: *a, page: itemPageName(a.ID), owners: ownerKeys(a.Owners)}
		if p.ownerIx == nil {
			p.ownerIx = map[string]int{}
		}
		m.ownerIx = make([]int, len(m.owners))
		for j, k := range m.owners {
			ix, ok := p.ownerIx[k]
			if !ok {
				ix = len(p.ownerIx)
				p.ownerIx[k] = ix
			}
			m.ownerIx[j] = ix
		}
		m.setVer(p.itemGen)
		for _, id := range a.Meetings {
			if r := b.byID[id]; r != nil {
				m.paths = append(m.paths, r.Path)
			}
		}
		if a.Due != "" && !a.DueUnread {
			m.due, _ = time.Parse("2006-01-02", a.Due)
		}
		p.items[a.ID] = m
	}
	class, words := "closed", ""
	if a.Open() {
		class, words = dueState(m.due, today)
	}
	if class != m.class || words != m.words {
		m.class, m.words, m.frags = class, words, nil
		m.setVer(p.itemGen)
		m.exact.html = nil
	}
	m.seen = p.itemGen
	if len(b.memos) == len(b.actions) {
		b.memos[i] = m
	}
	return m
}

// ownerKeys returns the keys of owners: lower-cased, each once, in order;
// [""] for an item nobody owns.
func ownerKeys(owners []string) []string {
	if len(owners) == 0 {
		return []string{""}
	}
	out := make([]string, 0, len(owners))
	for _, n := range owners {
		if k := strings.ToLower(n); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// samePaths reports whether the meetings ids have the paths paths.
func samePaths(b *build, ids, paths []string) bool {
	n := 0
	for _, id := range ids {
		if r := b.byID[id]; r != nil {
			if n >= len(paths) || paths[n] != r.Path {
				return false
			}
			n++
		}
	}
	return n == len(paths)
}

// exactWords says when an open item due on due is due, in days, as of
// today: for the overview, which is written again every day anyway.
func exactWords(class string, due, today time.Time) string {
	if due.IsZero() || class == "closed" {
		return ""
	}
	days := int(due.Sub(today).Hours() / 24)
	switch {
	case days < 0:
		return "overdue by " + plural(-days, "day")
	case days > 1 && days <= soonDays:
		return "due in " + plural(days, "day")
	}
	return ""
}

// frag returns m's list entry for a page whose root is root; here puts the
// item's anchor (id attribute) on it; exact says in how many days it is
// due (the overview).
func (p *Publisher) frag(b *build, m *itemMemo, root string, here, exact bool, today time.Time) ([]byte, error) {
	key := root
	if here {
		key += "#"
	}
	words := ""
	if exact {
		words = exactWords(m.class, m.due, today)
		if words == "" {
			exact = false
		} else if m.exact.html != nil && m.exact.words == words {
			return m.exact.html, nil
		}
	}
	if f, ok := m.frags[key]; ok && !exact {
		return f, nil
	}
	v := view(b, &m.act, today)
	if exact {
		v.DueWords = words
	}
	var f []byte
	if p.fast {
		f = appendActionItem(nil, root, &v, here)
	} else {
		var buf bytes.Buffer
		if err := p.pages["actions.html"].ExecuteTemplate(&buf, "actionitem", map[string]any{"Root": root, "Item": v, "Here": here}); err != nil {
			return nil, fmt.Errorf("publisher: rendering action item %s: %w", m.act.ID, err)
		}
		f = buf.Bytes()
	}
	if exact {
		m.exact.words, m.exact.html = words, f
		return f, nil
	}
	if m.frags == nil {
		m.frags = map[string][]byte{}
	}
	m.frags[key] = f
	return f, nil
}

// sumList adds what the entries of items are to a page's sum h: their
// ids and versions (an entry is rendered again only with a new version).
func sumList(h hash.Hash, items []*itemMemo) {
	var x uint64 = 14695981039346656037
	for _, m := range items {
		x = (x ^ m.key) * 1099511628211
	}
	var buf [16]byte
	binary.LittleEndian.PutUint64(buf[:8], x)
	binary.LittleEndian.PutUint64(buf[8:], uint64(len(items)))
	h.Write(buf[:])
}

// joinList joins the list entries of items for a page at root (see frag).
// The entries are joined into a string made once at its size.
func (p *Publisher) joinList(b *build, items []*itemMemo, root string, here, exact bool, today time.Time) (template.HTML, error) {
	frags := make([][]byte, len(items))
	n := 0
	for i, m := range items {
		f, err := p.frag(b, m, root, here, exact, today)
		if err != nil {
			return "", err
		}
		frags[i] = f
		n += len(f)
	}
	var joined strings.Builder
	joined.Grow(n)
	for _, f := range frags {
		joined.Write(f)
	}
	return template.HTML(joined.String()), nil
}

// unchanged reports whether the page rel has the sum h this publisher
// last wrote there and still exists; then it counts as a file published.
func (p *Publisher) unchanged(b *build, rel string, h hash.Hash) (listMemo, bool) {
	var k listMemo
	copy(k[:], h.Sum(nil))
	p.memoMu.Lock()
	old, ok := p.listMemo[rel]
	p.memoMu.Unlock()
	if ok && old == k && b.out.exists(rel) {
		b.out.files.Add(1)
		return k, true
	}
	return k, false
}

// writeList writes the page rel from template name, whose data fill makes
// (rendering the entries), unless its sum h is the one this publisher last
// wrote there and the file still exists.
func (p *Publisher) writeList(b *build, name, rel, title string, h hash.Hash, fill func() (any, error)) error {
	return p.writeListFeed(b, name, rel, title, nil, h, fill)
}

// writeListFeed is writeList of a page that links a feed.
func (p *Publisher) writeListFeed(b *build, name, rel, title string, feed *feedLink, h hash.Hash, fill func() (any, error)) error {
	k, same := p.unchanged(b, rel, h)
	if same {
		return nil
	}
	data, err := fill()
	if err != nil {
		return err
	}
	if err := p.page(b, name, rel, title, feed, data); err != nil {
		return err
	}
	p.memoMu.Lock()
	p.listMemo[rel] = k
	p.memoMu.Unlock()
	return nil
}

// pageLink is one page of a paged list.
type pageLink struct {
	Label string
	Href  string
	// Here marks the page the reader is on.
	Here bool
}

// ownerRow is one owner in the overview's table.
type ownerRow struct {
	Owner               string
	Slug                string
	Open, Overdue, Soon int
}

// actionsPage is the data of actions.html, the overview.
type actionsPage struct {
	AsOf      string
	AsOfISO   string
	OpenCount int
	Overdue   int
	Soon      int
	// DueSoon, OverdueList and Later are the first overviewShown items of
	// each kind, in due order (rendered entries); the Mores count the rest.
	DueSoon     template.HTML
	SoonMore    int
	OverdueList template.HTML
	OverdueMore int
	Later       template.HTML
	LaterCount  int
	LaterMore   int
	Owners      []ownerRow
	// Closed are the items closed in the last RecentDays, most recent
	// first (at most recentShown).
	Closed     template.HTML
	RecentDays int
	// ItemPages are the numbered pages; PerPage and PagesBase let the
	// page's script find the page of an item it does not list.
	ItemPages []pageLink
	PerPage   int
	PagesBase string
	Charts    []*chartView
}

// recentDays and recentShown bound the recently closed items of the
// actions page.
const (
	recentDays  = 30
	recentShown = 30
)

// ownerPage is the data of owner.html, one page of an owner's items.
type ownerPage struct {
	Owner string
	// Calendar is the owner's iCalendar feed, relative to the page.
	Calendar string
	// Page is this page's number (from 1); Pages links them all.
	Page  int
	Pages []pageLink
	// OpenCount, Overdue and Soon count the owner's open items; From and
	// To number the first and last listed here.
	OpenCount, Overdue, Soon int
	From, To                 int
	Open                     template.HTML
	// Closed (first page only) are the most recently closed items;
	// Older is the number of closed items not listed.
	Closed template.HTML
	Older  int
}

// itemsPage is the data of items.html, one numbered page.
type itemsPage struct {
	From, To string
	Count    int
	Items    template.HTML
	Pages    []pageLink
}

// calendarFile is the site-wide iCalendar feed of open deadlines; each
// owner's feed is calendarFile inside the owner's folder
// (actions/OWNER/actions.ics), so it can never clash with a page.
const calendarFile = ical.FileName

// ownerCalendar is the site path of an owner's iCalendar feed.
func ownerCalendar(slug string) string { return sitepath.ActionsDir + "/" + slug + "/" + calendarFile }

// icalRecord is a as the ical package takes it.
func icalRecord(a *Action) store.ActionRecord {
	r := store.ActionRecord{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText, DueUnread: a.DueUnread,
		Status: a.Status, Series: a.Series, Meetings: a.Meetings, Created: a.Created, Updated: a.Updated}
	if a.Revision > 0 {
		r.History = make([]store.ActionChange, a.Revision) // only its length is used (SEQUENCE)
	}
	return r
}

// calendarOptions are the options of the action-item calendars: each
// event links to the item's numbered page.
func (p *Publisher) calendarOptions(name string) ical.Options {
	return ical.Options{Host: ical.HostFromURL(p.base.String()), Name: name,
		ItemURL: func(id string) string { return p.abs(itemHref(id)) }}
}

// events makes (or takes from the memos) the calendar events of the open
// items and returns the items that have one, in the calendars' order: by
// due date, then id (ical.Less).
func (p *Publisher) events(b *build, open []*itemMemo) ([]*itemMemo, error) {
	opt := p.calendarOptions("")
	var sel []*itemMemo
	for _, m := range open {
		if !m.hasEvent {
			rec := icalRecord(&m.act)
			if ical.InFeed(&rec) {
				ev, err := ical.Event(&rec, opt)
				if err != nil {
					return nil, fmt.Errorf("publisher: calendar: %w", err)
				}
				m.event = ev
			}
			m.hasEvent = true
		}
		if m.event != nil {
			sel = append(sel, m)
		}
	}
	sel = p.arrangeKept(b, sel, rankCalendar, func(a, b *Action) bool {
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		if len(a.ID) != len(b.ID) {
			return len(a.ID) < len(b.ID)
		}
		return a.ID < b.ID
	}, func(m *itemMemo) bool { return m.act.Open() && m.event != nil })
	return sel, nil
}

// writeCalendar writes the iCalendar feed of the events of items (made by
// events, in its order) at the site path rel; the feed is not even
// assembled when the events it holds are those this publisher last wrote
// there.
func (p *Publisher) writeCalendar(b *build, rel, name string, items []*itemMemo) error {
	h := sha256.New()
	io.WriteString(h, name+"\x00")
	sumList(h, items)
	k, same := p.unchanged(b, rel, h)
	if same {
		return nil
	}
	events := make([][]byte, len(items))
	for i, m := range items {
		events[i] = m.event
	}
	var buf bytes.Buffer
	if err := ical.WriteEvents(&buf, events, p.calendarOptions(name)); err != nil {
		return fmt.Errorf("publisher: calendar %s: %w", rel, err)
	}
	if err := b.out.write(rel, buf.Bytes()); err != nil {
		return err
	}
	p.memoMu.Lock()
	p.listMemo[rel] = k
	p.memoMu.Unlock()
	return nil
}

// writeUnlessSame writes data at the site path rel, skipping the write when
// it is what this publisher last wrote there and the file still exists (a
// calendar that depends on little changes rarely).
func (p *Publisher) writeUnlessSame(b *build, rel string, data []byte) error {
	h := sha256.Sum256(data)
	p.memoMu.Lock()
	old, ok := p.pageMemo[rel]
	p.memoMu.Unlock()
	if ok && old == h && b.out.exists(rel) {
		b.out.files.Add(1)
		return nil
	}
	if err := b.out.write(rel, data); err != nil {
		return err
	}
	p.memoMu.Lock()
	p.pageMemo[rel] = h
	p.memoMu.Unlock()
	return nil
}

// closedShown is how many closed items an owner's page lists.
const closedShown = 50

// unassigned names the group of items nobody owns.
const unassigned = "Unassigned"

// ownerSlug is the folder of owner's page and calendar in ActionsDir.
func ownerSlug(owner string) string {
	if owner == "" {
		return sitepath.Unassigned
	}
	return sitepath.Slug(owner)
}

func actionLess(a, b *Action) bool {
	if (a.Due == "") != (b.Due == "") {
		return a.Due != ""
	}
	if a.Due != b.Due {
		return a.Due < b.Due
	}
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return a.ID < b.ID
}

// closedLess puts the most recently closed first.
func closedLess(a, b *Action) bool {
	if !a.Closed.Equal(b.Closed) {
		return a.Closed.After(b.Closed)
	}
	return a.ID < b.ID
}

// dueSoon are the due-soon and overdue items the home page lists.
type dueSoon struct {
	Overdue, Soon []actionView
}

// writeActions writes the action-item pages (the overview, the numbered
// pages, the owners' pages) and the calendars, and returns the first
// homeDue overdue and due-soon items for the home page.
func (p *Publisher) writeActions(b *build) (dueSoon, error) {
	todayS := p.opt.Now.Format("2006-01-02")
	today, _ := time.Parse("2006-01-02", todayS)
	memos := p.itemMemos(b, today)
	var open, closed []*itemMemo
	type owner struct {
		name   string
		open   []*itemMemo
		closed []*itemMemo
		cal    []*itemMemo
		row    ownerRow
	}
	// byIx holds the owners by their number (Publisher.ownerIx); owners,
	// made from it once every item is grouped, by key.
	byIx := make([]*owner, len(p.ownerIx))
	// ownersOf calls fn with the owner of each of m's owners (once each;
	// "" for an item nobody owns).
	ownersOf := func(m *itemMemo, fn func(o *owner)) {
		for j, k := range m.owners {
			o := byIx[m.ownerIx[j]]
			if o == nil {
				n := "" // its first spelling
				if k != "" {
					for _, w := range m.act.Owners {
						if strings.ToLower(w) == k {
							n = w
							break
						}
					}
				}
				name := n
				if name == "" {
					name = unassigned
				}
				o = &owner{name: n, row: ownerRow{Owner: name, Slug: ownerSlug(n)}}
				byIx[m.ownerIx[j]] = o
			}
			fn(o)
		}
	}
	byPage := map[string][]*itemMemo{}
	inOrder := true
	for i, m := range memos {
		byPage[m.page] = append(byPage[m.page], m)
		if m.act.Open() {
			open = append(open, m)
		} else {
			closed = append(closed, m)
		}
		inOrder = inOrder && (i == 0 || idLess(memos[i-1].act.ID, m.act.ID))
	}
	if !inOrder {
		for _, list := range byPage {
			sort.Slice(list, func(i, j int) bool { return idLess(list[i].act.ID, list[j].act.ID) })
		}
	}
	open = p.arrangeKept(b, open, rankDue, actionLess, func(m *itemMemo) bool { return m.act.Open() })
	closed = p.arrangeKept(b, closed, rankClosed, closedLess, func(m *itemMemo) bool { return !m.act.Open() })
	p.rankLen[rankDue], p.rankLen[rankClosed] = len(open), len(closed)
	var recent []*itemMemo
	for _, m := range open {
		ownersOf(m, func(o *owner) {
			o.open = append(o.open, m)
			o.row.Open++
			switch m.class {
			case "overdue":
				o.row.Overdue++
			case "soon":
				o.row.Soon++
			}
		})
	}
	for _, m := range closed {
		if a := &m.act; !a.Closed.IsZero() && p.opt.Now.Sub(a.Closed) <= recentDays*24*time.Hour && len(recent) < recentShown {
			recent = append(recent, m)
		}
		ownersOf(m, func(o *owner) { o.closed = append(o.closed, m) })
	}
	// The calendars' events, in their order (by due date, then id).
	cal, err := p.events(b, open)
	if err != nil {
		return dueSoon{}, err
	}
	for _, m := range cal {
		ownersOf(m, func(o *owner) { o.cal = append(o.cal, m) })
	}
	owners := map[string]*owner{}
	for k, ix := range p.ownerIx {
		if o := byIx[ix]; o != nil {
			owners[k] = o
		}
	}
	ap := actionsPage{AsOf: todayS, AsOfISO: todayS, RecentDays: recentDays, OpenCount: len(open), PerPage: itemsPerPage,
		PagesBase: rootOf("actions/index.html") + sitepath.ActionsDir + "/" + sitepath.Items + "/"}
	var soon, overdue, later []*itemMemo
	var ds dueSoon
	for _, m := range open {
		switch m.class {
		case "soon":
			ap.Soon++
			if len(soon) < overviewShown {
				soon = append(soon, m)
			}
			if len(ds.Soon) < homeDue {
				ds.Soon = append(ds.Soon, homeView(b, m, today))
			}
		case "overdue":
			ap.Overdue++
			if len(overdue) < overviewShown {
				overdue = append(overdue, m)
			}
			if len(ds.Overdue) < homeDue {
				ds.Overdue = append(ds.Overdue, homeView(b, m, today))
			}
		default:
			ap.LaterCount++
			if len(later) < overviewShown {
				later = append(later, m)
			}
		}
	}
	ap.SoonMore, ap.OverdueMore, ap.LaterMore = ap.Soon-len(soon), ap.Overdue-len(overdue), ap.LaterCount-len(later)
	sum := sha256.New()
	io.WriteString(sum, "overview\x00"+todayS)
	root := rootOf("actions/index.html")
	lists := []struct {
		out   *template.HTML
		items []*itemMemo
	}{{&ap.DueSoon, soon}, {&ap.OverdueList, overdue}, {&ap.Later, later}, {&ap.Closed, recent}}
	for _, l := range lists {
		io.WriteString(sum, "\x01")
		sumList(sum, l.items)
	}
	// Owners, and their pages and calendars.
	depth2 := rootOf("actions/x/index.html")
	for _, k := range sortedKeys(owners) {
		o := owners[k]
		if o.name == "" {
			continue // unassigned: last
		}
		ap.Owners = append(ap.Owners, o.row)
	}
	if o := owners[""]; o != nil {
		ap.Owners = append(ap.Owners, o.row)
	}
	ownerPages := make(map[string]int, len(owners))
	for _, k := range sortedKeys(owners) {
		o := owners[k]
		ownerPages[o.row.Slug] = max(1, (len(o.open)+ownerPerPage-1)/ownerPerPage)
		if err := p.writeOwner(b, o.row, o.open, o.closed, depth2, today); err != nil {
			return ds, err
		}
		if err := p.writeCalendar(b, ownerCalendar(o.row.Slug), p.calendarName(o.row.Owner), o.cal); err != nil {
			return ds, err
		}
	}
	for _, r := range ap.Owners {
		fmt.Fprintf(sum, "\x02%s\x00%d\x00%d\x00%d", r.Owner, r.Open, r.Overdue, r.Soon)
	}
	// The numbered pages.
	names := sortedKeys(byPage)
	sort.SliceStable(names, func(i, j int) bool { return pageNameLess(names[i], names[j]) })
	links := make([]pageLink, len(names))
	// linkSum is what every numbered page's sum starts with: the labels
	// of all the pages, which each links.
	var linkSum bytes.Buffer
	linkSum.WriteString("items\x00")
	for i, n := range names {
		first, last := byPage[n][0].act.ID, byPage[n][len(byPage[n])-1].act.ID
		links[i] = pageLink{Label: pageLabel(n, first, last), Href: n + ".html"}
		fmt.Fprintf(sum, "\x03%s", links[i].Label)
		linkSum.WriteString(links[i].Label + "\x00")
	}
	for i, n := range names {
		list := byPage[n]
		h := sha256.New()
		h.Write(linkSum.Bytes())
		sumList(h, list)
		rel := sitepath.ActionsDir + "/" + sitepath.Items + "/" + n + ".html"
		err := p.writeList(b, "items.html", rel, "Action items "+links[i].Label, h, func() (any, error) {
			ip := itemsPage{From: list[0].act.ID, To: list[len(list)-1].act.ID, Count: len(list)}
			ip.Pages = make([]pageLink, len(links))
			copy(ip.Pages, links)
			ip.Pages[i].Here = true
			var err error
			ip.Items, err = p.joinList(b, list, depth2, true, false, today)
			return ip, err
		})
		if err != nil {
			return ds, err
		}
	}
	for _, l := range links {
		l.Href = sitepath.Items + "/" + l.Href
		ap.ItemPages = append(ap.ItemPages, l)
	}
	pageSet := make(map[string]bool, len(names))
	for _, n := range names {
		pageSet[n] = true
	}
	if err := p.pruneActions(b, ownerPages, pageSet); err != nil {
		return ds, err
	}
	// The site-wide calendar.
	if err := p.writeCalendar(b, calendarFile, p.calendarName(""), cal); err != nil {
		return ds, err
	}
	// Charts: counted from the items, not from rendered views.
	loads := make([]ownerRow, 0, len(ap.Owners))
	for _, r := range ap.Owners {
		if r.Open > 0 {
			loads = append(loads, r)
		}
	}
	for _, c := range []chart{b.burnChart("", p.opt.Now), ownerLoad(loads)} {
		if v := c.view(); v != nil {
			ap.Charts = append(ap.Charts, v)
			fmt.Fprintf(sum, "\x04%s", v.SVG)
			for _, r := range v.Rows {
				fmt.Fprintf(sum, "\x05%s%v", r.Label, r.Values)
			}
		}
	}
	return ds, p.writeList(b, "actions.html", "actions/index.html", "Action items", sum, func() (any, error) {
		for _, l := range lists {
			var err error
			if *l.out, err = p.joinList(b, l.items, root, true, true, today); err != nil {
				return nil, err
			}
		}
		return ap, nil
	})
}

// homeView is m as the home page shows it, in how many days it is due
// included.
func homeView(b *build, m *itemMemo, today time.Time) actionView {
	v := view(b, &m.act, today)
	if w := exactWords(m.class, m.due, today); w != "" {
		v.DueWords = w
	}
	return v
}

// pageNameLess orders numbered pages by number, the pages of other ids
// last.
func pageNameLess(a, b string) bool {
	if ao, bo := strings.HasPrefix(a, otherPrefix), strings.HasPrefix(b, otherPrefix); ao != bo {
		return bo
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// pageLabel names a numbered page by the ids it may hold ("a1–a6x"), or
// by the ids it holds for "other".
func pageLabel(name, first, last string) string {
	n, err := strconv.ParseUint(name, 10, 64)
	if err != nil {
		if first == last {
			return first
		}
		return first + "–" + last
	}
	lo := (n-1)*itemsPerPage + 1
	return "a" + strconv.FormatUint(lo, 36) + "–a" + strconv.FormatUint(lo+itemsPerPage-1, 36)
}

// idLess orders ids by number (a9 before a10), others after, by text.
func idLess(a, b string) bool {
	na, oka := itemNumber(a)
	nb, okb := itemNumber(b)
	if oka != okb {
		return oka
	}
	if oka {
		return na < nb
	}
	return a < b
}

// writeOwner writes the pages of one owner: open items by due date,
// ownerPerPage to a page (index.html, then 2.html, ...), the counts and the
// latest closed items on the first.
func (p *Publisher) writeOwner(b *build, row ownerRow, open, closed []*itemMemo, root string, today time.Time) error {
	pages := (len(open) + ownerPerPage - 1) / ownerPerPage
	if pages == 0 {
		pages = 1
	}
	links := make([]pageLink, pages)
	for i := range links {
		links[i] = pageLink{Label: strconv.Itoa(i + 1), Href: ownerPageFile(i + 1)}
	}
	for pg := 1; pg <= pages; pg++ {
		lo, hi := (pg-1)*ownerPerPage, min(pg*ownerPerPage, len(open))
		op := ownerPage{Owner: row.Owner, Calendar: calendarFile, Page: pg, OpenCount: row.Open, Overdue: row.Overdue,
			Soon: row.Soon, From: lo + 1, To: hi}
		if pages > 1 {
			op.Pages = make([]pageLink, pages)
			copy(op.Pages, links)
			op.Pages[pg-1].Here = true
		}
		h := sha256.New()
		fmt.Fprintf(h, "owner\x00%s\x00%d\x00%d\x00%d\x00%d\x00%d\x00%d\x01", row.Owner, pg, pages, op.OpenCount, op.Overdue, op.Soon, lo)
		sumList(h, open[lo:hi])
		var shown []*itemMemo
		if pg == 1 {
			shown = closed
			if len(shown) > closedShown {
				op.Older = len(shown) - closedShown
				shown = shown[:closedShown]
			}
			fmt.Fprintf(h, "\x02%d\x00", op.Older)
			sumList(h, shown)
		}
		rel := sitepath.ActionsDir + "/" + row.Slug + "/" + ownerPageFile(pg)
		title := "Action items of " + row.Owner
		if pg > 1 {
			title += ", page " + strconv.Itoa(pg)
		}
		err := p.writeList(b, "owner.html", rel, title, h, func() (any, error) {
			var err error
			if op.Open, err = p.joinList(b, open[lo:hi], root, true, false, today); err != nil {
				return nil, err
			}
			op.Closed, err = p.joinList(b, shown, root, true, false, today)
			return op, err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ownerPageFile is the file of page pg of an owner's pages.
func ownerPageFile(pg int) string {
	if pg == 1 {
		return sitepath.IndexPage
	}
	return strconv.Itoa(pg) + ".html"
}

// calendarName names the iCalendar feed of owner's items ("" for the
// site-wide feed).
func (p *Publisher) calendarName(owner string) string {
	n := p.opt.Title + " — action items"
	if owner != "" {
		n += " of " + owner
	}
	return n
}
