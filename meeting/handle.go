package meeting

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// state is the engine's bookkeeping for the meeting in progress that is not
// part of the minutes. It is rebuilt by replaying the meeting's events.
type state struct {
	// names maps a lower-cased name to its spelling, for every nick seen
	// in the meeting (speakers, chairs, #nick'ed names): the names action
	// owners are matched against.
	names map[string]string
	// nameOrder holds the known names in the order first seen.
	nameOrder []string
	// lurk is set by #lurk: the engine records but does not reply.
	lurk bool
	// actionIdx indexes the action items in Meeting.Items, for rescans.
	actionIdx []int
	// gen counts the changes of names and nameOrder (learn, renick);
	// actionGen holds, for each of actionIdx, the gen its owners were last
	// resolved at. resolveOwners reads only the item's text and the names,
	// so an action resolved at the current gen needs no second pass at
	// the end.
	gen       int
	actionGen []int
	// canon holds canonical's answers by the name asked for (forgotten
	// whenever names changes), known the names learn found known (names
	// never loses one): a nick that speaks again costs one lookup each,
	// no lower-casing.
	canon map[string]string
	known map[string]bool
}

// cleanText makes event text storable: invalid UTF-8 becomes U+FFFD (as a
// JSON round trip through the store would make it, so live and replayed
// meetings stay identical), and CR, LF and NUL become spaces, so a stored
// line is always one line.
func cleanText(s string) string {
	if ascii.Printable(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\r\n\x00") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\r', '\n', 0:
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// cleanNick is cleanText for nicks, which also lose spaces.
func cleanNick(s string) string {
	// A nick is short and almost always printable ASCII without a space:
	// one pass over its bytes answers that.
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	s = cleanText(s)
	if strings.IndexByte(s, ' ') >= 0 || strings.IndexByte(s, '\t') >= 0 {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// Handle feeds one event to the engine and reports what it did. Time comes
// only from ev.Time. Handle never panics, whatever the input.
func (c *Channel) Handle(ev Event) Result {
	// The handlers fill c.res through a pointer that reaches the commands'
	// functions, so a Result of Handle's own would be moved to the heap:
	// one allocation per line.
	c.res = Result{}
	c.handle(ev, &c.res)
	res := c.res
	c.res = Result{}
	return res
}

// handle is Handle, writing what it did into res.
func (c *Channel) handle(ev Event, res *Result) {
	defer func() {
		if r := recover(); r != nil {
			// A bug in a handler must not take the bot down; the
			// event is still logged when a meeting runs.
			res.Replies = append(res.Replies, "Internal error handling that line; it was logged but not acted on.")
		}
	}()
	ev.Nick = cleanNick(ev.Nick)
	ev.Text = cleanText(ev.Text)
	if ev.Kind == "" {
		ev.Kind = KindMessage
	}
	if ev.Channel == "" {
		ev.Channel = c.name
	}
	if offRecord(ev) {
		// Not stored, not logged, not counted: as if never said, so
		// the log's line numbers (and the anchors built on them) are
		// the same whether or not such lines were said.
		return
	}
	if c.m == nil && c.last != nil && c.afterEnd(ev) {
		// A notes line or the bot's reply to #endmeeting: it goes to
		// the meeting that just ended, which stays ended.
		c.m, c.st = c.last, c.lastSt
		c.record(ev, res)
		c.finish(res)
		c.m, c.st = nil, nil
		return
	}
	c.tail = false
	if c.m == nil {
		if ev.Kind != KindMessage {
			// KindAgenda without a meeting (nothing started) is ignored too.
			return
		}
		name, arg, ok := parseCommand(ev.Text)
		if ok && name == "agenda" {
			c.agendaBetween(ev, arg, res)
			return
		}
		if ok && name == "actions" {
			res.ListActions = true
			switch arg = strings.TrimSpace(arg); {
			case arg != "":
				res.ListSeries = SanitizeName(arg)
			case c.opt.Series != "":
				res.ListSeries = SanitizeName(c.opt.Series)
			case c.last != nil:
				res.ListSeries = c.last.Series
			}
			return
		}
		if ok && name == "nextmeeting" {
			res.NextMeeting = true
			return
		}
		if ok && (name == "summary" || name == "undo") {
			// For the meeting that ended last (chairs, after the end,
			// until the caller's window closes): the caller decides.
			op := SummaryOp{Text: strings.TrimSpace(arg), Undo: name == "undo", Nick: ev.Nick, Op: ev.Op, At: ev.Time}
			if !op.Undo && op.Text == "" {
				res.Replies = append(res.Replies, ev.Nick+": #summary needs a sentence of the summary.")
				return
			}
			res.SummaryAfterEnd = &op
			return
		}
		if !ok || name != "startmeeting" {
			return
		}
		c.start(ev, arg, res)
		c.finish(res)
		return
	}
	if ev.Kind == KindAgenda {
		c.agendaEvent(ev, res)
		c.finish(res)
		return
	}
	c.record(ev, res)
	c.finish(res)
	return
}

// offPrefix starts a line said off the record (as W3C's RRSAgent).
const offPrefix = "[off]"

// offRecord reports whether ev is a line said off the record: a message,
// /me or notes line whose text starts with "[off]" (any letter case,
// leading blanks allowed). Such a line is never recorded.
func offRecord(ev Event) bool {
	switch ev.Kind {
	case KindMessage, KindAction, KindNotes:
	default:
		return false
	}
	s := trimBlanks(ev.Text)
	return len(s) >= len(offPrefix) && strings.EqualFold(s[:len(offPrefix)], offPrefix)
}

// afterEnd reports whether ev, coming while no meeting runs, belongs to the
// meeting that ended last: a KindNotes line (until another meeting
// starts), or a KindBot line at the very time of the end with nothing but
// such lines since (the old bot's replies to #endmeeting in a raw log; a
// live engine with BotNick logs its replies before the end itself).
func (c *Channel) afterEnd(ev Event) bool {
	switch ev.Kind {
	case KindNotes:
		c.tail = false
		return true
	case KindBot:
		return c.tail && ev.Time.Equal(c.last.Ended)
	}
	return false
}

// record logs ev in the meeting c.m and acts on it.
func (c *Channel) record(ev Event, res *Result) {
	m := c.m
	res.Meeting = m
	res.Recorded = true
	ev.Nick = c.canonical(ev.Nick)
	switch ev.Kind {
	case KindNick:
		c.logLine(ev)
		c.renick(ev.Nick, cleanNick(ev.Text), res)
	case KindBot:
		c.logLine(ev)
		m.Lines[ev.Nick]++
	case KindEnd:
		// The notice is the bot's reply (logged as its line with
		// BotNick, like "Meeting ended"), not a line said.
		res.Replies = append(res.Replies, ev.Text)
		cmdEnd(c, &call{ev: ev, name: "endmeeting", line: len(m.Log) - 1, res: res})
	case KindAction:
		c.logLine(ev)
		c.said(ev.Nick)
	case KindNotes:
		// Not said in the channel: no line counted, no replies.
		line := c.logLine(ev)
		c.dispatch(ev, line, res)
		res.Replies = nil
	default:
		line := c.logLine(ev)
		c.said(ev.Nick)
		c.dispatch(ev, line, res)
	}
}

// finish appends the replies to the log as the bot's lines when BotNick is
// set, drops them when lurking, and forgets the meeting once it ended.
func (c *Channel) finish(res *Result) {
	if c.st != nil && c.st.lurk {
		res.Replies = nil
	}
	if c.m != nil && c.opt.BotNick != "" {
		at := time.Time{}
		if n := len(c.m.Log); n > 0 {
			at = c.m.Log[n-1].Time
		}
		for _, r := range res.Replies {
			c.m.Log = append(c.m.Log, LogLine{Time: at, Nick: c.opt.BotNick, Text: cleanText(r), Kind: KindBot})
			c.m.Lines[c.opt.BotNick]++
		}
	}
	if res.Ended {
		c.last, c.lastSt, c.tail = c.m, c.st, true
		c.m = nil
		c.st = nil
	}
}

// logLine appends ev to the meeting's log and returns its index.
func (c *Channel) logLine(ev Event) int {
	c.m.Log = append(c.m.Log, LogLine{Time: ev.Time, Nick: ev.Nick, Text: ev.Text, Kind: ev.Kind})
	return len(c.m.Log) - 1
}

// said counts a line for nick.
func (c *Channel) said(nick string) {
	c.m.Lines[nick]++
	c.learn(nick)
}

// start begins a meeting with ev, the #startmeeting line.
func (c *Channel) start(ev Event, title string, res *Result) {
	title = strings.TrimSpace(title)
	series := c.opt.Series
	if series == "" {
		if title != "" {
			series = SanitizeName(title)
		} else {
			series = SanitizeName(strings.TrimLeft(c.name, "#&"))
		}
	}
	m := &Meeting{
		ID:       MakeID(series, ev.Time),
		Series:   series,
		Title:    title,
		Channel:  c.name,
		Source:   c.opt.Source,
		DateOnly: c.opt.DateOnly,
		Location: c.opt.Location,
		Started:  ev.Time,
		Owner:    ev.Nick,
		Chairs:   map[string]bool{ev.Nick: true},
		Lines:    map[string]int{},
	}
	c.m = m
	c.st = &state{names: map[string]string{}, canon: map[string]string{}, known: map[string]bool{}}
	c.last, c.lastSt, c.tail = nil, nil, false
	c.logLine(ev)
	c.said(ev.Nick)
	res.Meeting = m
	res.Recorded = true
	res.Started = true
	res.Changed = true
	res.Replies = append(res.Replies,
		"Meeting started "+replyTime(ev.Time)+". The chair is "+ev.Nick+". Information about gavel: #commands lists what it understands.",
		"Useful commands: #action #agreed #help #info #idea #link #topic #done #actions.")
	if title != "" {
		res.Replies = append(res.Replies, "The meeting name has been set to '"+series+"'")
	}
}

// replyTime formats t in UTC as MeetBot does: "Wed Jun 10 12:02:26 2020 UTC".
func replyTime(t time.Time) string {
	return t.UTC().Format("Mon Jan _2 15:04:05 2006") + " UTC"
}

// isChair says whether the event's nick is a chair.
func (c *Channel) isChair(ev Event) bool {
	if c.m.Chairs[ev.Nick] || ev.Kind == KindNotes {
		// Notes are merged by whoever runs gavel on the store.
		return true
	}
	return c.opt.OpsAreChairs && ev.Op
}

// dispatch runs the command in ev's text, if any, through the command table.
func (c *Channel) dispatch(ev Event, line int, res *Result) {
	name, arg, ok := parseCommand(ev.Text)
	if !ok {
		if isBareURL(ev.Text) {
			c.addItem(ItemLink, strings.TrimSpace(ev.Text), ev, line, res)
		}
		return
	}
	cmd, ok := commandIndex[name]
	if !ok {
		return
	}
	if ev.Kind == KindNotes && (cmd.name == "startmeeting" || cmd.name == "endmeeting") {
		return // notes never start or end a meeting
	}
	if cmd.chair && !c.isChair(ev) {
		res.Replies = append(res.Replies, ev.Nick+": only a chair can use #"+cmd.name+".")
		return
	}
	arg = strings.TrimSpace(arg)
	if len(arg) < cmd.minArg {
		res.Replies = append(res.Replies, ev.Nick+": #"+cmd.name+" needs "+cmd.argHelp+"; nothing recorded.")
		return
	}
	// The call lives in the Channel: no handler keeps it or dispatches
	// again, and a new one for every command line was an allocation.
	c.k = call{ev: ev, arg: arg, line: line, res: res, name: name}
	cmd.run(c, &c.k)
	c.k = call{}
}

// parseCommand splits "#name rest" (leading blanks allowed, the name made of
// letters, digits and '_', case-insensitive) into the lower-cased name and
// the rest. A ':' right after the name is dropped ("#info: x").
func parseCommand(text string) (name, arg string, ok bool) {
	s := trimBlanks(text)
	if len(s) < 2 || s[0] != '#' {
		return "", "", false
	}
	i := 1
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	if i == 1 {
		return "", "", false
	}
	name = strings.ToLower(s[1:i])
	rest := s[i:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		// "#topic." or "#c++": not a command word.
		return "", "", false
	}
	rest = strings.TrimPrefix(rest, ":")
	return name, trimBlanks(rest), true
}

func isWordByte(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// urlSchemes are the schemes that make a line starting with a URL a #link,
// as MeetBot's UrlProtocols.
var urlSchemes = [...]string{"http://", "https://", "ftp://", "ftps://", "irc://", "ircs://", "ssh://", "mailto:"}

// isBareURL reports whether text starts with a URL (leading blanks allowed).
func isBareURL(text string) bool {
	s := trimBlanks(text)
	if len(s) == 0 {
		return false
	}
	switch s[0] | 0x20 { // the first letter of a scheme in urlSchemes, any case
	case 'h', 'f', 'i', 's', 'm':
	default:
		return false // most lines end here
	}
	for _, p := range urlSchemes {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// trimBlanks is strings.TrimLeft(s, " \t") without building a cut set for
// every line.
func trimBlanks(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}
