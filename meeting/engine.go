package meeting

import (
	"crypto/sha256"
	"encoding/base32"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/internal/english"
)

// Options configure the engine for one channel.
type Options struct {
	// Location is the channel's time zone (nil means UTC). Deadlines in
	// action items are read against the event time in this zone.
	Location *time.Location
	// Series is the configured meeting series. When empty the engine
	// derives it as zodbot does: the sanitised #startmeeting title if one
	// is given ("Fedora IoT Working Group Meeting" becomes
	// "fedora_iot_working_group_meeting"), else the channel name without
	// its '#'.
	Series string
	// SeriesFixed keeps Series for the whole meeting: #meetingname is
	// answered but does not rename it (a channel whose series is set in
	// the configuration, unless that allows renaming).
	SeriesFixed bool
	// OpsAreChairs makes channel operators (Event.Op) chairs.
	OpsAreChairs bool
	// BotNick, when set, makes the engine append its own replies to
	// Meeting.Log as KindBot lines from BotNick, so live minutes contain
	// them deterministically. Leave it empty when replaying raw logs,
	// which already contain the old bot's lines.
	BotNick string
	// Source is "irc" (the default), "import" or "f2f".
	Source string
	// DateOnly marks a meeting known by its date alone (notes with no
	// time of day): the events' times only order them, and the minutes
	// show no clock times (Meeting.DateOnly).
	DateOnly bool
}

// Result is what one event did. Time always comes from Event.Time: the
// engine never reads the clock.
type Result struct {
	// Meeting is the meeting the event belonged to (also set when the
	// event ended it); nil when no meeting was running.
	Meeting *Meeting
	// Recorded is true when the event was logged in a meeting.
	Recorded bool
	// Started and Ended say that the event started or ended the meeting.
	Started, Ended bool
	// Changed is true when the minutes (items, votes, title, series,
	// chairs) changed.
	Changed bool
	// Save is set by #save: the caller writes the minutes now.
	Save bool
	// ActionUndone is set when #undo took an #action back: the caller
	// removes what it tracked (tracker.SyncUndoneTx).
	ActionUndone bool
	// SummaryChanged is set when a #summary line was added or undone:
	// the chair's summary (Meeting.SummaryText) is new.
	SummaryChanged bool
	// ListActions is set by #actions, in a meeting or between meetings
	// (then nothing is recorded): the caller answers from the tracker
	// with the meeting's action items and the series' open ones.
	ListActions bool
	// ListSeries is the series #actions asks about: its argument, else
	// the meeting's series, else (between meetings) the configured series
	// or that of the meeting that ended last; "" when none is known.
	ListSeries string
	// Agenda is an #agenda command said between meetings, for the caller
	// to apply to the series' agenda in the store.
	Agenda *AgendaOp
	// SummaryAfterEnd is a chair's #summary (or #undo) said between
	// meetings, for the caller to apply to the channel's last ended
	// meeting (life.Keeper.SummaryAfterEnd decides whether it may).
	SummaryAfterEnd *SummaryOp
	// AgendaChanged is set when the meeting's agenda changed (#agenda
	// add/drop/move, #next): the caller writes it to the series' agenda.
	AgendaChanged bool
	// NextMeeting is set by #nextmeeting, in a meeting or between meetings:
	// the caller answers with the channel's next scheduled meeting.
	NextMeeting bool
	// Replies are what to say in the channel, in order, as plain text;
	// the caller sanitises them for IRC.
	Replies []string
}

// SummaryOp is a #summary line (or, Undo, an #undo) said while no
// meeting runs: it adds to (removes the last paragraph of) the chair's
// summary of the channel's meeting that ended last.
type SummaryOp struct {
	Text string
	Undo bool
	// Nick said it; Op is whether Nick is a channel operator.
	Nick string
	Op   bool
	At   time.Time
}

// PersonActions is one person's action items in the minutes.
type PersonActions struct {
	Nick  string
	Items []Item
}

// Channel is the engine for one channel. It holds the meeting in progress,
// if any. A Channel is not safe for concurrent use.
type Channel struct {
	name string
	opt  Options
	m    *Meeting
	st   *state
	// last and lastSt are the meeting that ended last and its state,
	// kept until another meeting starts: KindNotes lines still apply to
	// it, and the old bot's replies to #endmeeting in a raw log (KindBot
	// lines right after, at the end's time) belong to it.
	last   *Meeting
	lastSt *state
	// tail is true while the events since the end of last are only such
	// bot replies.
	tail bool
	// dl reads action items' deadlines, remembering each phrase's reading
	// (one topic's deadline repeats in its actions).
	dl deadline.Reader
	// words answers english.NotAName for leadingOwners, remembering each
	// word (at most english's bound: the bot's engine runs for months).
	words english.Memo
	// res is the Result being built by Handle.
	res Result
	// k is the command dispatch is running.
	k call
}

// NewChannel returns the engine for the channel name (with its '#').
func NewChannel(name string, opt Options) *Channel {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Source == "" {
		opt.Source = "irc"
	}
	return &Channel{name: name, opt: opt}
}

// Meeting returns the meeting in progress, or nil.
func (c *Channel) Meeting() *Meeting { return c.m }

// Reserve makes room in the running meeting for n more items and log
// lines, so a caller about to feed many events at once (notes.Feed) does
// not grow them step by step. Without a running meeting it does nothing.
func (c *Channel) Reserve(n int) {
	if c.m == nil || n <= 0 {
		return
	}
	c.m.Items = slices.Grow(c.m.Items, n)
	c.m.Log = slices.Grow(c.m.Log, n)
}

// ReserveLog makes room in the running meeting's log for n more lines: for
// a caller that knows how many events are coming (a replay from the store,
// which knows how many it recorded), so the log is not grown step by step
// (growing it was a tenth of what a full site build allocated). Without a
// running meeting it does nothing.
func (c *Channel) ReserveLog(n int) {
	if c.m == nil || n <= 0 {
		return
	}
	c.m.Log = slices.Grow(c.m.Log, n)
}

// Ended returns the meeting that ended last, until another one starts, or
// nil: the meeting KindNotes lines apply to while none runs.
func (c *Channel) Ended() *Meeting { return c.last }

// ForgetEnded drops the meeting that ended last, so the engine holds no
// memory for it. A live bot may call it once it has written the ended
// meeting's minutes (notes are merged from the store, never said live);
// replays must not, or notes merged after the end would be lost.
func (c *Channel) ForgetEnded() { c.last, c.lastSt, c.tail = nil, nil, false }

// Name returns the channel's name.
func (c *Channel) Name() string { return c.name }

// MakeID returns a meeting's stable identifier from its channel or series
// and its start time: the sanitised name, a dot and the UTC start time, as
// in "fudcon-planning.2026-07-26T130005Z". It is safe in URLs and file
// names.
func MakeID(channelOrSeries string, started time.Time) string {
	return SanitizeName(channelOrSeries) + "." + started.UTC().Format("2006-01-02T150405Z")
}

// maxName is the longest name SanitizeName returns, in bytes.
const maxName = 100

// SanitizeName turns s into a safe file-name component: lower case, spaces
// as '_', only [a-z0-9_.-], no leading dot or '-', at most 100 bytes, and
// never empty ("meeting" when nothing is left). A leading '#' is dropped.
func SanitizeName(s string) string {
	var b strings.Builder
loop:
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
			b.WriteRune(r)
		case r == ' ' || r == '\t':
			b.WriteByte('_')
		}
		if b.Len() >= maxName {
			break loop
		}
	}
	out := strings.TrimLeft(b.String(), ".-")
	if len(out) > maxName {
		out = out[:maxName]
	}
	if out == "" {
		return "meeting"
	}
	return out
}

// actionID returns the short stable id of the action made by line index
// line of the meeting id: 6 lower-case base32 characters of a SHA-256.
func actionID(meetingID string, line int) string {
	var in [128]byte
	h := sha256.Sum256(strconv.AppendInt(append(append(in[:0], meetingID...), 0), int64(line), 10))
	// Six base32 characters are 30 bits: the first five bytes of the
	// hash, in one block, hold them.
	var out [8]byte
	lowerBase32.Encode(out[:], h[:5])
	return string(out[:6])
}

// lowerBase32 is base32.StdEncoding's alphabet in lower case.
var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567")
