package publisher

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
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
	} else if a.Due != "" {
		if due, err := time.Parse("2006-01-02", a.Due); err == nil {
			days := int(due.Sub(today).Hours() / 24)
			switch {
			case days < 0:
				v.Overdue, v.Class = true, "overdue"
				v.DueWords = "overdue by " + plural(-days, "day")
			case days == 0:
				v.Soon, v.Class, v.DueWords = true, "soon", "due today"
			case days == 1:
				v.Soon, v.Class, v.DueWords = true, "soon", "due tomorrow"
			case days <= soonDays:
				v.Soon, v.Class, v.DueWords = true, "soon", "due in "+plural(days, "day")
			}
		}
	}
	for _, id := range a.Meetings {
		if r := b.byID[id]; r != nil {
			v.Meetings = append(v.Meetings, r)
		}
	}
	return v
}

// ownerGroup is the items of one owner.
type ownerGroup struct {
	Owner string
	Slug  string
	Items []actionView
	// Anchors are the ids of the items listed here first on the page:
	// they carry the id attribute the calendar feeds link to.
	Anchors map[string]bool
}

// actionsPage is the data of actions.html.
type actionsPage struct {
	AsOf    string
	AsOfISO string
	Open    []actionView
	Overdue int
	Soon    int
	Groups  []ownerGroup
	// Closed are the items closed in the last recentDays, most recent
	// first (at most recentShown).
	Closed        []actionView
	ClosedAnchors map[string]bool
	RecentDays    int
	Charts        []*chartView
}

// recentDays and recentShown bound the recently closed items of the
// actions page.
const (
	recentDays  = 30
	recentShown = 30
)

// ownerPage is the data of owner.html.
type ownerPage struct {
	Owner string
	// Calendar is the owner's iCalendar feed, relative to the page.
	Calendar string
	Open     []actionView
	Closed   []actionView
	// Older is the number of closed items not listed (only the most
	// recently closed are).
	Older int
	// Anchors are the ids of the items listed (each once), which carry
	// the id attribute the owner's calendar feed links to.
	Anchors map[string]bool
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

// writeCalendar writes the iCalendar feed of the open items' deadlines
// at the site path rel (name is the calendar's name, url the page the
// items link to), skipping the write when the feed is the same as the
// last one this publisher wrote there and the file still exists.
func (p *Publisher) writeCalendar(b *build, rel, name, url string, items []*Action) error {
	recs := make([]store.ActionRecord, 0, len(items))
	for _, a := range items {
		if a.Open() && a.Due != "" {
			recs = append(recs, icalRecord(a))
		}
	}
	var buf bytes.Buffer
	if err := ical.WriteICS(&buf, recs, ical.Options{Host: ical.HostFromURL(p.base.String()), Name: name, URL: url}); err != nil {
		return fmt.Errorf("publisher: calendar %s: %w", rel, err)
	}
	return p.writeUnlessSame(b, rel, buf.Bytes())
}

// writeUnlessSame writes data at the site path rel, skipping the write when
// it is what this publisher last wrote there and the file still exists (a
// calendar that depends on little changes rarely).
func (p *Publisher) writeUnlessSame(b *build, rel string, data []byte) error {
	h := sha256.Sum256(data)
	if old, ok := p.pageMemo[rel]; ok && old == h && b.out.exists(rel) {
		b.out.files.Add(1)
		return nil
	}
	if err := b.out.write(rel, data); err != nil {
		return err
	}
	p.pageMemo[rel] = h
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

// ownerHash sums what an owner's page shows, so that an unchanged page
// is not rendered again.
func ownerHash(today string, op ownerPage) [32]byte {
	h := sha256.New()
	io.WriteString(h, today+"\x00"+op.Owner+"\x00"+strconv.Itoa(op.Older))
	for _, list := range [][]actionView{op.Open, nil, op.Closed} {
		io.WriteString(h, "\x01")
		for _, v := range list {
			io.WriteString(h, "\x00"+v.ID+"\x00"+v.Text+"\x00"+strings.Join(v.Owners, "\x00")+"\x00"+v.Due+"\x00"+v.DueText+"\x00"+v.Status+"\x00"+v.Class+"\x00"+v.ClosedISO+"\x00"+v.ClosedBy)
			for _, r := range v.Meetings {
				io.WriteString(h, "\x02"+r.Path+"\x00"+r.Series+"\x00"+r.StartedISO())
			}
		}
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// writeActions writes actions/index.html (open items by owner, overdue
// and due soon marked against Options.Now, the recently closed items, the
// charts) and a page per owner. It returns the open items' views, by due
// date.
func (p *Publisher) writeActions(b *build) ([]actionView, error) {
	today := p.opt.Now.Format("2006-01-02")
	day, _ := time.Parse("2006-01-02", today)
	type owner struct {
		name   string
		open   []*Action
		closed []*Action
	}
	owners := map[string]*owner{}
	get := func(name string) *owner {
		k := strings.ToLower(name)
		if owners[k] == nil {
			owners[k] = &owner{name: name}
		}
		return owners[k]
	}
	// The page is as of a day (overdue items are marked by the day), so a
	// publish that changes no item leaves it byte for byte the same.
	ap := actionsPage{AsOf: today, AsOfISO: today, RecentDays: recentDays}
	var recent []*Action
	views := map[*Action]actionView{}
	viewOf := func(a *Action) actionView {
		v, ok := views[a]
		if !ok {
			v = view(b, a, day)
			views[a] = v
		}
		return v
	}
	for i := range b.actions {
		a := &b.actions[i]
		names := a.Owners
		if len(names) == 0 {
			names = []string{""}
		}
		if a.Open() {
			v := viewOf(a)
			ap.Open = append(ap.Open, v)
			if v.Overdue {
				ap.Overdue++
			}
			if v.Soon {
				ap.Soon++
			}
		} else if !a.Closed.IsZero() && p.opt.Now.Sub(a.Closed) <= recentDays*24*time.Hour {
			recent = append(recent, a)
		}
		for _, n := range names {
			o := get(n)
			if a.Open() {
				o.open = append(o.open, a)
			} else {
				o.closed = append(o.closed, a)
			}
		}
	}
	for _, k := range sortedKeys(owners) {
		o := owners[k]
		sort.Slice(o.open, func(i, j int) bool { return actionLess(o.open[i], o.open[j]) })
		sort.Slice(o.closed, func(i, j int) bool {
			if !o.closed[i].Updated.Equal(o.closed[j].Updated) {
				return o.closed[i].Updated.After(o.closed[j].Updated)
			}
			return o.closed[i].ID < o.closed[j].ID
		})
		name := o.name
		if name == "" {
			name = unassigned
		}
		op := ownerPage{Owner: name, Calendar: calendarFile}
		for _, a := range o.open {
			op.Open = append(op.Open, viewOf(a))
		}
		shown := o.closed
		if len(shown) > closedShown {
			op.Older = len(shown) - closedShown
			shown = shown[:closedShown]
		}
		for _, a := range shown {
			op.Closed = append(op.Closed, viewOf(a))
		}
		op.Anchors = make(map[string]bool, len(op.Open)+len(op.Closed))
		for _, list := range [][]actionView{op.Open, op.Closed} {
			for _, v := range list {
				op.Anchors[v.ID] = true
			}
		}
		if len(op.Open) > 0 {
			ap.Groups = append(ap.Groups, ownerGroup{Owner: name, Slug: ownerSlug(o.name), Items: op.Open})
		}
		slug := ownerSlug(o.name)
		if err := p.writeCalendar(b, ownerCalendar(slug), p.calendarName(name), p.abs("actions/"+slug+"/"), o.open); err != nil {
			return nil, err
		}
		rel := "actions/" + slug + "/index.html"
		h := ownerHash(today, op)
		if old, ok := p.pageMemo[rel]; ok && old == h && b.out.exists(rel) {
			b.out.files.Add(1)
			continue
		}
		if err := p.page(b, "owner.html", rel, "Action items of "+name, nil, op); err != nil {
			return nil, err
		}
		p.pageMemo[rel] = h
	}
	anchored := map[string]bool{}
	for i := range ap.Groups {
		g := &ap.Groups[i]
		g.Anchors = map[string]bool{}
		for _, v := range g.Items {
			if !anchored[v.ID] {
				anchored[v.ID], g.Anchors[v.ID] = true, true
			}
		}
	}
	all := make([]*Action, len(b.actions))
	for i := range b.actions {
		all[i] = &b.actions[i]
	}
	if err := p.writeCalendar(b, calendarFile, p.calendarName(""), p.abs("actions/"), all); err != nil {
		return nil, err
	}
	sort.Slice(recent, func(i, j int) bool {
		if !recent[i].Closed.Equal(recent[j].Closed) {
			return recent[i].Closed.After(recent[j].Closed)
		}
		return recent[i].ID < recent[j].ID
	})
	if len(recent) > recentShown {
		recent = recent[:recentShown]
	}
	ap.ClosedAnchors = make(map[string]bool, len(recent))
	for _, a := range recent {
		ap.Closed = append(ap.Closed, viewOf(a))
		ap.ClosedAnchors[a.ID] = true
	}
	byDue := make([]*Action, 0, len(ap.Open))
	for i := range b.actions {
		if b.actions[i].Open() {
			byDue = append(byDue, &b.actions[i])
		}
	}
	sort.Slice(byDue, func(i, j int) bool { return actionLess(byDue[i], byDue[j]) })
	open := make([]actionView, len(byDue))
	for i, a := range byDue {
		open[i] = viewOf(a)
	}
	for _, c := range []chart{burndown(b.actions, "", p.opt.Now), ownerLoad(ap.Open)} {
		if v := c.view(); v != nil {
			ap.Charts = append(ap.Charts, v)
		}
	}
	return open, p.page(b, "actions.html", "actions/index.html", "Action items", nil, ap)
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
