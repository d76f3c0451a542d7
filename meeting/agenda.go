package meeting

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Agenda statuses. An item is open until a meeting covers or drops it;
// "current" is the item a meeting is on (#next); at the end of a meeting
// its open items are "carried" (to the series' next meeting).
const (
	AgendaOpen    = "open"
	AgendaCurrent = "current"
	AgendaCovered = "covered"
	AgendaDropped = "dropped"
	AgendaCarried = "carried"
)

// AgendaItem is one item of a series' agenda, which lives across
// meetings: added with #agenda add (or gavel agenda add), covered by a
// meeting's #next, dropped with #agenda drop, carried over when a meeting
// ends before reaching it.
type AgendaItem struct {
	// Key identifies the item across meetings and the store: a hash of
	// when it was added, by whom, and its text.
	Key   string    `json:"key"`
	Text  string    `json:"text"`
	By    string    `json:"by"`
	Added time.Time `json:"added"`
	// Minutes is the time-box written as "(10m)" after the text; 0 for
	// none.
	Minutes int    `json:"minutes,omitempty"`
	Status  string `json:"status"`
	// Meeting is the id of the meeting that covered or dropped it.
	Meeting string `json:"meeting,omitempty"`
}

// Open reports whether the item is still to be discussed (open, current
// or carried).
func (a AgendaItem) Open() bool {
	return a.Status == AgendaOpen || a.Status == AgendaCurrent || a.Status == AgendaCarried || a.Status == ""
}

// AgendaKey returns the key of an item added at at by nick with text.
func AgendaKey(at time.Time, nick, text string) string {
	h := sha256.Sum256([]byte(at.UTC().Format(time.RFC3339Nano) + "\x00" + nick + "\x00" + text))
	return strings.ToLower(base32.StdEncoding.EncodeToString(h[:])[:10])
}

// timeboxRE is a time-box at the end of a text: "(10m)", "(10 min)",
// "(1h)", "(90 minutes)". It is compiled the first time a text ends with
// ")" (not at start-up: every gavel command would pay for it).
var timeboxRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\s*\(\s*(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hours?)\s*\)\s*$`)
})

// Timebox splits a time-box off the end of text: "Budget (10m)" gives
// "Budget" and 10. Without one (or a zero one) it returns text and 0.
func Timebox(text string) (string, int) {
	if !strings.HasSuffix(strings.TrimRight(text, "\t\n\f\r "), ")") {
		return text, 0 // timeboxRE ends in `\)\s*$`
	}
	m := timeboxRE().FindStringSubmatchIndex(text)
	if m == nil {
		return text, 0
	}
	n, _ := strconv.Atoi(text[m[2]:m[3]])
	if u := strings.ToLower(text[m[4]:m[5]]); u[0] == 'h' {
		n *= 60
	}
	if n <= 0 || n > 24*60 {
		return text, 0
	}
	return strings.TrimSpace(text[:m[0]]), n
}

// AgendaOp is an #agenda command said between meetings, which the engine
// cannot apply (the agenda is in the store): the caller applies it to the
// series' agenda (life.Keeper.AgendaDo) and says the replies.
type AgendaOp struct {
	// Series is the series the agenda belongs to; "" when the engine
	// does not know it (the caller takes the channel's latest meeting's).
	Series string
	// Op is "list", "add", "drop" or "move".
	Op      string
	Text    string
	Minutes int
	// N and M are 1-based positions in the list of open items.
	N, M int
	By   string
	At   time.Time
}

// ParseAgenda reads the argument of #agenda (or of gavel agenda): "",
// "list", "add TEXT [(10m)]", "drop N", "move N M". The error says what
// is wrong, for a reply.
func ParseAgenda(arg string) (AgendaOp, error) {
	verb, rest, _ := strings.Cut(strings.TrimSpace(arg), " ")
	rest = strings.TrimSpace(rest)
	op := AgendaOp{Op: strings.ToLower(verb)}
	switch op.Op {
	case "", "list":
		op.Op = "list"
	case "add":
		op.Text, op.Minutes = Timebox(rest)
		if op.Text == "" {
			return op, fmt.Errorf("#agenda add needs the item's text")
		}
	case "drop", "move":
		f := strings.Fields(rest)
		want := 1
		if op.Op == "move" {
			want = 2
		}
		if len(f) != want {
			return op, fmt.Errorf("#agenda %s needs %s", op.Op, map[string]string{"drop": "an item number", "move": "two item numbers (from, to)"}[op.Op])
		}
		var err error
		if op.N, err = strconv.Atoi(f[0]); err != nil || op.N < 1 {
			return op, fmt.Errorf("#agenda %s: %q is not an item number", op.Op, f[0])
		}
		if want == 2 {
			if op.M, err = strconv.Atoi(f[1]); err != nil || op.M < 1 {
				return op, fmt.Errorf("#agenda move: %q is not an item number", f[1])
			}
		}
	default:
		return op, fmt.Errorf("#agenda knows list, add TEXT [(10m)], drop N and move N M, not %q", verb)
	}
	return op, nil
}

// ChairOnly reports whether the operation is for chairs (drop, move).
func (op AgendaOp) ChairOnly() bool { return op.Op == "drop" || op.Op == "move" }

// Apply applies op to items (a series' agenda: open and finished items)
// and returns the new items and the replies. meetingID names the meeting
// a drop happens in ("" between meetings). It is the one rule for
// changing an agenda, used by the engine during a meeting and by the
// store's users between meetings.
func (op AgendaOp) Apply(items []AgendaItem, meetingID string) ([]AgendaItem, []string) {
	open := openIndexes(items)
	pos := func(n int) (int, bool) {
		if n < 1 || n > len(open) {
			return 0, false
		}
		return open[n-1], true
	}
	switch op.Op {
	case "list":
		return items, AgendaLines(items, 15)
	case "add":
		it := AgendaItem{Key: AgendaKey(op.At, op.By, op.Text), Text: op.Text, By: op.By, Added: op.At.UTC(),
			Minutes: op.Minutes, Status: AgendaOpen}
		items = append(items, it)
		return items, []string{fmt.Sprintf("Agenda item %d added: %s", len(open)+1, itemLabel(it))}
	case "drop":
		i, ok := pos(op.N)
		if !ok {
			return items, []string{noItem(op.N, len(open))}
		}
		items = append([]AgendaItem(nil), items...)
		items[i].Status, items[i].Meeting = AgendaDropped, meetingID
		return items, []string{"Dropped from the agenda: " + items[i].Text}
	case "move":
		i, ok := pos(op.N)
		if !ok {
			return items, []string{noItem(op.N, len(open))}
		}
		j, ok := pos(op.M)
		if !ok {
			return items, []string{noItem(op.M, len(open))}
		}
		it := items[i]
		out := make([]AgendaItem, 0, len(items))
		for k, x := range items {
			if k == i {
				continue
			}
			if k == j && op.M < op.N {
				out = append(out, it)
			}
			out = append(out, x)
			if k == j && op.M > op.N {
				out = append(out, it)
			}
		}
		if i == j {
			out = items
		}
		return out, []string{fmt.Sprintf("Agenda item %d moved to %d: %s", op.N, op.M, it.Text)}
	}
	return items, nil
}

func noItem(n, open int) string {
	if open == 0 {
		return "The agenda is empty."
	}
	return fmt.Sprintf("There is no agenda item %d (the agenda has %d).", n, open)
}

// openIndexes returns the indexes of the open items, in order: item N of
// a listing is items[openIndexes(items)[N-1]].
func openIndexes(items []AgendaItem) []int {
	var out []int
	for i, it := range items {
		if it.Open() {
			out = append(out, i)
		}
	}
	return out
}

// OpenAgenda returns the open items of items, in order.
func OpenAgenda(items []AgendaItem) []AgendaItem {
	var out []AgendaItem
	for _, i := range openIndexes(items) {
		out = append(out, items[i])
	}
	return out
}

// itemLabel is "text (10m)" or "text".
func itemLabel(it AgendaItem) string {
	if it.Minutes > 0 {
		return fmt.Sprintf("%s (%dm)", it.Text, it.Minutes)
	}
	return it.Text
}

// AgendaLines formats the open items for IRC, numbered as #agenda drop
// and move count them, at most most items.
func AgendaLines(items []AgendaItem, most int) []string {
	open := OpenAgenda(items)
	if len(open) == 0 {
		return []string{"The agenda is empty; #agenda add TEXT adds an item."}
	}
	out := []string{fmt.Sprintf("Agenda (%d):", len(open))}
	for i, it := range open {
		if i == most {
			out = append(out, fmt.Sprintf("... and %d more.", len(open)-most))
			break
		}
		l := fmt.Sprintf("%d. %s (%s)", i+1, itemLabel(it), it.By)
		if it.Status == AgendaCurrent {
			l += " [now]"
		}
		out = append(out, l)
	}
	return out
}

// agendaEvent handles a KindAgenda event: the series' open agenda at the
// meeting's start, stored by the caller right after #startmeeting (its
// text is the JSON of the items). It sets the meeting's agenda and lists it.
func (c *Channel) agendaEvent(ev Event, res *Result) {
	if strings.HasPrefix(ev.Text, "{") {
		c.agendaOpEvent(ev, res)
		return
	}
	var items []AgendaItem
	if err := json.Unmarshal([]byte(ev.Text), &items); err != nil {
		return
	}
	for i := range items {
		items[i].Status = AgendaOpen
	}
	c.m.Agenda = items
	res.Meeting, res.Recorded, res.Changed = c.m, true, true
	if len(items) > 0 {
		res.Replies = append(res.Replies, AgendaLines(items, 15)...)
		res.Replies = append(res.Replies, "#next opens the first agenda item.")
	}
}

// agendaOpEvent handles a KindAgenda event holding an AgendaOp (see
// AgendaOpEvent): a change of the series' agenda made outside the meeting
// (gavel agenda, #agenda in another channel) while this meeting holds the
// agenda. It is applied as the meeting's own #agenda would be, the replies
// naming who made it.
func (c *Channel) agendaOpEvent(ev Event, res *Result) {
	var op AgendaOp
	if err := json.Unmarshal([]byte(ev.Text), &op); err != nil {
		return
	}
	var replies []string
	c.m.Agenda, replies = op.Apply(c.m.Agenda, c.m.ID)
	res.Meeting, res.Recorded = c.m, true
	for _, r := range replies {
		res.Replies = append(res.Replies, op.By+" (from outside the meeting): "+r)
	}
	if op.Op != "list" {
		res.Changed, res.AgendaChanged = true, true
	}
}

// AgendaOpEvent returns the event that applies op (a change of the
// series' agenda made outside the meeting) to the running meeting that
// holds the agenda, in channel: the meeting is the one owner of the agenda
// while it runs, so the change goes through it, stored among its events
// (a replay applies it again) and merged into the series' agenda as its
// own changes are.
func AgendaOpEvent(op AgendaOp, channel string) (Event, error) {
	b, err := json.Marshal(op)
	if err != nil {
		return Event{}, fmt.Errorf("agenda event: %w", err)
	}
	return Event{Time: op.At, Channel: channel, Nick: op.By, Kind: KindAgenda, Text: string(b)}, nil
}

// AgendaEvent returns the event that gives a meeting the series' open
// agenda at its start (at, the start's time): what life stores right after
// the #startmeeting line.
func AgendaEvent(at time.Time, channel string, items []AgendaItem) (Event, error) {
	b, err := json.Marshal(OpenAgenda(items))
	if err != nil {
		return Event{}, fmt.Errorf("agenda event: %w", err)
	}
	return Event{Time: at, Channel: channel, Kind: KindAgenda, Text: string(b)}, nil
}

func cmdAgenda(c *Channel, k *call) {
	op, err := ParseAgenda(k.arg)
	if err != nil {
		k.res.Replies = append(k.res.Replies, k.ev.Nick+": "+err.Error())
		return
	}
	if op.ChairOnly() && !c.isChair(k.ev) {
		k.res.Replies = append(k.res.Replies, k.ev.Nick+": only a chair can use #agenda "+op.Op+".")
		return
	}
	op.By, op.At, op.Series = k.ev.Nick, k.ev.Time, c.m.Series
	var replies []string
	c.m.Agenda, replies = op.Apply(c.m.Agenda, c.m.ID)
	k.res.Replies = append(k.res.Replies, replies...)
	if op.Op != "list" {
		k.res.Changed = true
		k.res.AgendaChanged = true
	}
}

// cmdNext closes the current agenda item and opens the next as the topic.
func cmdNext(c *Channel, k *call) {
	m := c.m
	for i := range m.Agenda {
		if m.Agenda[i].Status == AgendaCurrent {
			m.Agenda[i].Status, m.Agenda[i].Meeting = AgendaCovered, m.ID
			k.res.Changed, k.res.AgendaChanged = true, true
		}
	}
	open := openIndexes(m.Agenda)
	if len(open) == 0 {
		k.res.Replies = append(k.res.Replies, "No agenda item left; #agenda add TEXT adds one, #topic starts any topic.")
		return
	}
	it := &m.Agenda[open[0]]
	it.Status = AgendaCurrent
	text := itemLabel(*it)
	c.addItem(ItemTopic, text, k.ev, k.line, k.res)
	k.res.AgendaChanged = true
	done := 0
	for _, a := range m.Agenda {
		if a.Status == AgendaCovered { // dropped items are not counted
			done++
		}
	}
	k.res.Replies = append(k.res.Replies, fmt.Sprintf("Agenda item %d of %d: %s", done+1, done+len(open), text))
}

// endAgenda closes the agenda at #endmeeting: the current item is
// covered, the open ones are carried to the next meeting.
func (c *Channel) endAgenda() {
	for i := range c.m.Agenda {
		switch c.m.Agenda[i].Status {
		case AgendaCurrent:
			c.m.Agenda[i].Status, c.m.Agenda[i].Meeting = AgendaCovered, c.m.ID
		case AgendaOpen, "":
			c.m.Agenda[i].Status = AgendaCarried
		}
	}
}

// agendaBetween handles #agenda said while no meeting runs: it returns the
// operation for the caller, or a refusal.
func (c *Channel) agendaBetween(ev Event, arg string, res *Result) {
	op, err := ParseAgenda(arg)
	if err != nil {
		res.Replies = append(res.Replies, ev.Nick+": "+err.Error())
		return
	}
	if op.ChairOnly() && !(c.opt.OpsAreChairs && ev.Op) {
		res.Replies = append(res.Replies, ev.Nick+": only a chair (a channel operator, between meetings) can use #agenda "+op.Op+".")
		return
	}
	op.By, op.At = ev.Nick, ev.Time
	switch {
	case c.opt.Series != "":
		op.Series = SanitizeName(c.opt.Series)
	case c.last != nil:
		op.Series = c.last.Series
	}
	res.Agenda = &op
}
