// Package meeting is gavel's meeting engine: pure, with no sockets, no disk and
// no HTML. It takes one event at a time (a line said in a channel, or a fact
// about it such as a nick change) and returns what changed and what to reply.
//
// A meeting's state is the replay of its events, so a live meeting, a meeting
// resumed after a restart and a replayed log all go through the same code:
// feed the same events in the same order and the same Meeting comes out.
package meeting

import (
	"strings"
	"time"
)

// EventKind says what an Event is.
type EventKind string

// The kinds of events the engine understands.
const (
	// KindMessage is an ordinary channel message (PRIVMSG). The zero value
	// of EventKind ("") means KindMessage too.
	KindMessage EventKind = "msg"
	// KindAction is a CTCP ACTION ("/me waves"), logged as "* nick text".
	KindAction EventKind = "action"
	// KindNick is a nick change: Nick is the old nick, Text the new one.
	// During a meeting it moves line counts, chair rights and action
	// ownership to the new nick.
	KindNick EventKind = "nick"
	// KindBot is a line the bot itself said (its replies). The engine
	// records its own replies as KindBot lines in the meeting log when
	// Options.BotNick is set; they are never parsed as commands.
	KindBot EventKind = "bot"
	// KindNotes is a line of notes typed in after the fact (gavel notes
	// --merge), never said in the channel. Its text is run as a command
	// as if said by a chair, also after #endmeeting: until another
	// meeting starts, notes lines apply to the meeting that ended last.
	// They never start or end a meeting, are not counted as lines said,
	// get no replies, and the items they make have FromNotes set.
	KindNotes EventKind = "notes"
	// KindAgenda gives a meeting the series' open agenda, stored right
	// after the #startmeeting line; its Text is the JSON of the items
	// ([]AgendaItem). It is not a line: never logged, never counted.
	KindAgenda EventKind = "agenda"
	// KindEnd is the bot ending a forgotten meeting ([meeting] idle_end):
	// Nick is the bot, Text the notice it says (a reply, logged as the
	// bot's line like every reply). It ends the meeting as #endmeeting
	// does, whoever chairs.
	KindEnd EventKind = "end"
)

// Event is one input to the engine. Events are what the store persists, in
// order, per meeting; the JSON field names are short because there are many.
type Event struct {
	Time    time.Time `json:"t"`
	Channel string    `json:"c,omitempty"`
	Nick    string    `json:"n"`
	Text    string    `json:"x"`
	Kind    EventKind `json:"k,omitempty"`
	// Op is true when the IRC layer sees Nick as a channel operator.
	Op bool `json:"op,omitempty"`
}

// ItemKind is the kind of a minutes item. The values are the lower-case
// names used in the JSON minutes.
type ItemKind string

// The kinds of minutes items.
const (
	ItemTopic    ItemKind = "topic"
	ItemSubtopic ItemKind = "subtopic"
	ItemInfo     ItemKind = "info"
	ItemIdea     ItemKind = "idea"
	ItemHelp     ItemKind = "help"
	ItemAction   ItemKind = "action"
	ItemAgreed   ItemKind = "agreed"
	ItemAccepted ItemKind = "accepted"
	ItemRejected ItemKind = "rejected"
	ItemLink     ItemKind = "link"
	ItemVote     ItemKind = "vote"
	// ItemDone records that an action item was closed in this meeting
	// (#done); Text says which.
	ItemDone ItemKind = "done"
)

// LogLine is one line of a meeting's raw log. Its index in Meeting.Log is its
// line number (anchors in the .log.html are "l-" plus index+1, as MeetBot's).
type LogLine struct {
	Time time.Time `json:"t"`
	Nick string    `json:"n"`
	Text string    `json:"x"`
	Kind EventKind `json:"k,omitempty"`
}

// Item is one entry of the minutes: a topic, an #info, an #action, ...
type Item struct {
	Kind ItemKind  `json:"kind"`
	Text string    `json:"text"`
	Nick string    `json:"nick"`
	At   time.Time `json:"at"`
	// Line is the index in Meeting.Log of the line that made this item.
	Line int `json:"-"`
	// FromNotes is true for an item made by a KindNotes line (notes
	// merged into the meeting), which the minutes mark "(notes)".
	FromNotes bool `json:"from_notes,omitempty"`

	// The fields below are set for actions only.

	// ActionID is the action's stable key inside its meeting (the engine
	// derives it from the meeting id and the line).
	ActionID string `json:"-"`
	// TrackerID is the tracker's id of the action ("a12", the id people
	// see on IRC and on the site), set by whoever knows the tracker (the
	// publisher, from the store); "" in a replay without a store.
	TrackerID string `json:"-"`
	// Owners are the nicks or names that own the action, in the order
	// they appear in the text.
	Owners []string `json:"-"`
	// Due is the deadline as YYYY-MM-DD, or "" when there is none or it
	// could not be read.
	Due string `json:"-"`
	// DueText is the raw deadline phrase as written ("next Friday").
	DueText string `json:"-"`
	// DueUnread is true when a deadline phrase was found but could not be
	// read as a date: the item is flagged for a person, never guessed.
	DueUnread bool `json:"-"`
	// DuePast is true when the deadline was read as a date before the
	// meeting's day ("due Aug 10" said on Aug 20): Due is then "" and
	// DueUnread is set too, so the date is flagged, never shown as if
	// it were right.
	DuePast bool `json:"-"`

	// Closed is set on an ItemDone whose action item is known: which
	// item the #done closed is decided by the tracker (package tracker),
	// across meetings, so the engine leaves it nil and whoever loads the
	// meeting with the tracker's records fills it in (the publisher).
	// The minutes then show the item's id, text and owners rather than
	// the #done text.
	Closed *ClosedAction `json:"-"`
}

// ClosedAction is the action item a #done closed, as the tracker knows it.
type ClosedAction struct {
	// ID is the tracker's id ("a9").
	ID     string
	Text   string
	Owners []string
}

// Topic is a topic of the minutes with the items said under it. Items said
// before the first #topic are under a Topic with an empty Title.
type Topic struct {
	Title string
	Nick  string
	At    time.Time
	Line  int
	Items []Item
}

// Attendee is a nick and how many lines it said in the meeting.
type Attendee struct {
	Nick  string `json:"nick"`
	Lines int    `json:"lines"`
}

// Ballot is one nick's vote. Only a nick's last ballot counts.
type Ballot struct {
	Nick   string
	Option string
	At     time.Time
}

// Vote is an OpenStack-style vote (#startvote Question? a, b, c).
type Vote struct {
	Question string
	Options  []string
	Nick     string
	Started  time.Time
	Ended    time.Time // zero while the vote is open
	Line     int
	// Ballots holds each voter's final ballot, in the order first cast.
	Ballots []Ballot
}

// VoteResult is one option of a vote with its voters.
type VoteResult struct {
	Option string
	Voters []string
}

// Meeting is the state of one meeting: everything the minutes writers need.
type Meeting struct {
	// ID is the stable identifier of the meeting in the store and in URLs
	// that must not change: MakeID(channel-or-series, start).
	ID string
	// Series is the sanitised meeting name (#meetingname), safe as a file
	// name; it names the minutes files.
	Series string
	// Title is the #startmeeting text (or #meetingtopic), as written.
	Title   string
	Channel string
	// Source is "irc", "f2f" or "import".
	Source string
	// DateOnly is Options.DateOnly: the meeting has a date (its start's,
	// in Location) and no time of day; its events' times only order
	// them, and the minutes show none.
	DateOnly bool
	// Location is the channel's time zone; never nil once started.
	Location *time.Location
	Started  time.Time
	Ended    time.Time // zero while the meeting runs
	// Owner is the nick that started the meeting.
	Owner string
	// Chairs is the set of chairs (the owner is always one).
	Chairs map[string]bool
	// Lines counts lines said per nick (chaired nicks appear with 0).
	Lines map[string]int
	// Log is every line of the meeting, bot replies included.
	Log []LogLine
	// Items are the minutes items in the order said, topics included.
	Items []Item
	// Votes are the votes held, in the order started.
	Votes []Vote
	// Restricted is set by #restrictlogs: the raw logs are not published.
	Restricted bool
	// Summary holds the chairs' #summary lines, in the order said (Kind
	// ItemSummary; not among Items, so the minutes' topics do not show
	// them). Together they are the chair's summary of the meeting: see
	// SummaryText.
	Summary []Item
	// Agenda is the series' agenda as the meeting went through it: the
	// open items at its start and those added during it, with their
	// status (covered, dropped, carried). Empty when the meeting had no
	// agenda.
	Agenda []AgendaItem
}

// ItemSummary is the kind of a #summary line (Meeting.Summary).
const ItemSummary ItemKind = "summary"

// SummaryText is the chair's summary said in the meeting: its #summary
// lines, one paragraph each ("" when there are none).
func (m *Meeting) SummaryText() string {
	parts := make([]string, 0, len(m.Summary))
	for _, it := range m.Summary {
		parts = append(parts, it.Text)
	}
	return strings.Join(parts, "\n\n")
}
