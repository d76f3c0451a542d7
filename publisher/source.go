// Package publisher turns stored meetings, action items and Markdown posts
// into a static web site: minutes pages inside the site's layout with every
// minutes format beside them, a page per series, action-item pages, blog
// posts and tag pages, Atom 1.0 feeds that planets can follow, and a static
// search index with a small search page. It never talks to IRC.
//
// Build rebuilds the whole site; PublishMeeting rewrites only the pages a
// new or changed meeting affects. Every file is written atomically
// (temporary file, then rename) and only when its content changed.
package publisher

import (
	"context"
	"slices"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/usertext"
)

// Record is what the publisher needs to know about a meeting without
// loading it: enough for lists, links and feeds ordering.
type Record struct {
	ID      string
	Series  string
	Title   string
	Channel string
	Source  string
	// TimeZone is the IANA zone the meeting's times are shown in.
	TimeZone string
	Started  time.Time
	Ended    time.Time
	// Summary is the chair's summary. A meeting with a summary is also
	// published as a post ("Minutes of TITLE, Jul 26, 2026").
	Summary string
	// Revision says what the minutes are made from; it changes whenever
	// they may (the store gives "REVISION.LAST-EVENT-SEQUENCE"). Publish
	// republishes a meeting whose revision is not the one it published.
	Revision string
}

// Action is one action item tracked across meetings.
type Action struct {
	ID     string
	Text   string
	Owners []string
	// Due is the deadline as YYYY-MM-DD, or "".
	Due string
	// DueText is the deadline phrase as written; DueUnread flags a
	// phrase that could not be read as a date.
	DueText   string
	DueUnread bool
	// Status is "open" (or "") for open items; anything else is closed
	// ("done", "dropped", ...).
	Status string
	Series string
	// Meetings are the ids of the meetings that raised or discussed the
	// item, the first being the one that raised it.
	Meetings []string
	Created  time.Time
	Updated  time.Time
	// Revision is the number of recorded changes of the item (the
	// calendar feeds' SEQUENCE).
	Revision int
	// Closed is when a closed item was closed, and ClosedBy who closed it
	// ("" when not recorded); zero for open items.
	Closed   time.Time
	ClosedBy string
	// Raised lists the meetings' #action lines that made or repeated the
	// item, as "MEETING-ID#ACTION-ID" (the engine's id of the #action):
	// how a meeting's action shows the tracker's id.
	Raised []string
	// Closings are the #done lines that closed the item: how a meeting's
	// #done shows the item it closed.
	Closings []Closing
}

// cleanText puts the text people typed (the item, its owners, the
// deadline as written, who closed it) through usertext.Clean, the one rule
// for user text in every output, so that the actions pages, the owners'
// pages and calendars, the home page and the search index show it as the
// minutes do (no control characters, bidirectional overrides isolated).
// The Owners slice is copied before a change: it may be the source's.
func (a *Action) cleanText() {
	a.Text = usertext.Clean(a.Text)
	a.DueText = usertext.Clean(a.DueText)
	a.ClosedBy = usertext.Clean(a.ClosedBy)
	copied := false
	for i, o := range a.Owners {
		if c := usertext.Clean(o); c != o {
			if !copied {
				a.Owners, copied = slices.Clone(a.Owners), true
			}
			a.Owners[i] = c
		}
	}
}

// Closing is a #done that closed an action item: the meeting and the
// time of its line.
type Closing struct {
	Meeting string
	At      time.Time
}

// Open reports whether the action is still open.
func (a Action) Open() bool { return a.Status == "" || a.Status == "open" }

// Source is where the publisher reads meetings and action items from; the
// store satisfies it through StoreSource. Its methods may be called from
// several goroutines at once (a full build lists the meetings and the
// action items side by side, and loads meetings on every core).
type Source interface {
	// Meetings returns every meeting that has ended, in any order.
	Meetings(ctx context.Context) ([]Record, error)
	// Meeting loads one meeting in full.
	Meeting(ctx context.Context, id string) (*meeting.Meeting, error)
	// Actions returns every action item, open or closed.
	Actions(ctx context.Context) ([]Action, error)
	// State returns the publisher's state as SaveState left it (empty at
	// first): what was published, by key.
	State(ctx context.Context) (map[string]string, error)
	// SaveState sets the keys of set, in one step; an empty value
	// deletes the key.
	SaveState(ctx context.Context, set map[string]string) error
}

// freshSource is a Source whose Meeting returns a meeting made for that
// call (StoreSource replays it from the store), which the caller may
// change: a full build then sets its items' tracker ids in place instead
// of copying them (trackedIndex.resolveOwned).
type freshSource interface {
	freshMeetings()
}

// MinutesFile is one rendered minutes file.
type MinutesFile struct {
	// Format is the file's format: "html", "txt", "log.html", ...
	Format string
	// Path is the file's path relative to the site root, with '/'.
	Path string
	// Data is the file's content; for the "html" format, the content of
	// the page's <body> only (the publisher puts it inside the site's
	// layout), and Title is the page's title ("" for none).
	Data  []byte
	Title string
}

// MinutesWriter renders the minutes files of a meeting (all formats), with
// paths made from pattern (site.file_pattern). The "html" file is the
// body of the page and its title (see MinutesFile), so that the publisher
// renders the minutes once and parses nothing it rendered.
type MinutesWriter interface {
	Write(m *meeting.Meeting, pattern string) ([]MinutesFile, error)
	// HTMLPath returns the path of the "html" file of the meeting rec
	// without rendering it (used for links to other meetings).
	HTMLPath(rec Record, pattern string) (string, error)
}
