package meeting

import (
	"sort"
	"strconv"
	"strings"
)

// call is one command invocation handed to a handler.
type call struct {
	ev   Event
	name string // the name used (may be an alias)
	arg  string // trimmed text after the command
	line int    // index of the line in Meeting.Log
	res  *Result
}

// command declares one meeting command. Permission and argument checks are
// done once, in dispatch, from these fields; handlers only act.
type command struct {
	name    string
	aliases []string
	// chair: only chairs may use it (non-chairs get a short refusal).
	chair bool
	// minArg is the least number of bytes of argument it needs; argHelp
	// says what is missing when there are fewer.
	minArg  int
	argHelp string
	// help is the one-line description for the docs.
	help string
	run  func(c *Channel, k *call)
}

// commands is THE table of meeting commands. Who may use what follows
// MeetBot (meeting.py): #topic, #agreed, #accepted, #rejected, #chair,
// #unchair, #undo, #endmeeting, #meetingtopic, #save, #restrictlogs,
// #lurk and #unlurk are for chairs; #info, #idea, #help, #link, #action,
// #nick and #commands for anyone. gavel differs where MeetBot has known
// faults or gaps: #meetingname is chairs-only (MeetBot let anyone rename a
// meeting), #subtopic is chairs-only like #topic, votes follow OpenStack's
// meetbot (#startvote/#endvote chairs, #vote/#showvote anyone), and #done
// is chairs-only as in OpenStack's meetbot. #startmeeting is handled before
// the table (anyone may start a meeting when none runs).
func commandTable() []command {
	return []command{
		{name: "startmeeting", help: "start a meeting (the starter is its owner and first chair); the text is its title", run: cmdStartAgain},
		{name: "endmeeting", chair: true, help: "end the meeting", run: cmdEnd},
		{name: "topic", chair: true, minArg: 1, argHelp: "a topic", help: "start a new topic", run: itemCmd(ItemTopic)},
		{name: "subtopic", chair: true, minArg: 1, argHelp: "a subtopic", help: "add a subtopic under the current topic", run: itemCmd(ItemSubtopic)},
		{name: "info", minArg: 1, argHelp: "some text", help: "add an information item", run: itemCmd(ItemInfo)},
		{name: "idea", minArg: 1, argHelp: "some text", help: "add an idea", run: itemCmd(ItemIdea)},
		{name: "help", aliases: []string{"halp"}, minArg: 1, argHelp: "some text", help: "add a call for help", run: itemCmd(ItemHelp)},
		{name: "action", minArg: 1, argHelp: "some text", help: "add an action item; nicks in the text own it; due/by/before/deadline: DATE sets its deadline", run: cmdAction},
		{name: "agreed", aliases: []string{"agree"}, chair: true, minArg: 1, argHelp: "some text", help: "record an agreement", run: itemCmd(ItemAgreed)},
		{name: "accepted", aliases: []string{"accept"}, chair: true, minArg: 1, argHelp: "some text", help: "record something accepted", run: itemCmd(ItemAccepted)},
		{name: "rejected", aliases: []string{"reject"}, chair: true, minArg: 1, argHelp: "some text", help: "record something rejected", run: itemCmd(ItemRejected)},
		{name: "link", minArg: 1, argHelp: "a URL", help: "add a link (a line starting with a URL is a link too)", run: itemCmd(ItemLink)},
		{name: "done", chair: true, minArg: 1, argHelp: "an action id or text", help: "close an action item (by id, or text matching one open item)", run: cmdDone},
		{name: "nextmeeting", help: "say when the channel's next scheduled meeting is, with its agenda (also between meetings)", run: cmdNextMeeting},
		{name: "actions", help: "list this meeting's action items and the series' open ones (also between meetings; an argument names another series)", run: cmdActions},
		{name: "chair", chair: true, minArg: 1, argHelp: "one or more nicks", help: "add chairs", run: cmdChair},
		{name: "unchair", chair: true, minArg: 1, argHelp: "one or more nicks", help: "remove chairs (not the owner)", run: cmdUnchair},
		{name: "undo", chair: true, help: "remove the last item (or #summary line) from the minutes", run: cmdUndo},
		{name: "summary", chair: true, minArg: 1, argHelp: "a sentence of the summary", help: "add a line to the chair's summary (the blog post's text; Markdown)", run: cmdSummary},
		{name: "nick", minArg: 1, argHelp: "one or more nicks", help: "make names known for action items", run: cmdNick},
		{name: "lurk", chair: true, help: "stop replying in the channel (still recording)", run: cmdLurk},
		{name: "unlurk", chair: true, help: "reply in the channel again", run: cmdUnlurk},
		{name: "meetingname", chair: true, minArg: 1, argHelp: "a name", help: "set the meeting's series name (sanitised to a file name)", run: cmdMeetingName},
		{name: "meetingtopic", chair: true, help: "set the meeting's title (none/unset clears it)", run: cmdMeetingTopic},
		{name: "save", chair: true, help: "write the minutes now", run: cmdSave},
		{name: "restrictlogs", chair: true, help: "do not publish the raw logs of this meeting", run: cmdRestrict},
		{name: "startvote", chair: true, minArg: 1, argHelp: "a question, e.g. \"Ship it? yes, no\"", help: "open a vote: Question? a, b, c (default Yes, No, Abstain)", run: cmdStartVote},
		{name: "vote", minArg: 1, argHelp: "an option", help: "vote for an option (your last vote counts)", run: cmdVote},
		{name: "showvote", help: "show the open vote's votes so far", run: cmdShowVote},
		{name: "endvote", chair: true, help: "close the vote and record its result", run: cmdEndVote},
		{name: "commands", help: "list the commands", run: cmdCommands},
		{name: "agenda", help: "list the series' agenda; add TEXT [(10m)] (anyone), drop N, move N M (chairs); also between meetings", run: cmdAgenda},
		{name: "next", chair: true, help: "close the current agenda item and open the next as the topic", run: cmdNext},
	}
}

// commandIndex maps every command name and alias to its table entry;
// commandNames is the sorted "#a #b ..." list. Both are built once by init
// and only read afterwards.
var (
	commandIndex map[string]*command
	commandNames string
)

func init() {
	tab := commandTable()
	commandIndex = make(map[string]*command, 2*len(tab))
	var names []string
	for i := range tab {
		c := &tab[i]
		commandIndex[c.name] = c
		names = append(names, "#"+c.name)
		for _, a := range c.aliases {
			commandIndex[a] = c
			names = append(names, "#"+a)
		}
	}
	sort.Strings(names)
	commandNames = strings.Join(names, " ")
}

// CommandInfo describes one command for documentation and help replies.
type CommandInfo struct {
	Name      string
	Aliases   []string
	ChairOnly bool
	Help      string
}

// Commands returns the command table, in table order.
func Commands() []CommandInfo {
	var out []CommandInfo
	for _, c := range commandTable() {
		out = append(out, CommandInfo{Name: c.name, Aliases: c.aliases, ChairOnly: c.chair, Help: c.help})
	}
	return out
}

// itemCmd returns a handler that records an item of kind k with the
// command's text.
func itemCmd(k ItemKind) func(c *Channel, kc *call) {
	return func(c *Channel, kc *call) {
		c.addItem(k, kc.arg, kc.ev, kc.line, kc.res)
	}
}

// addItem appends an item and returns its index in Meeting.Items.
func (c *Channel) addItem(k ItemKind, text string, ev Event, line int, res *Result) int {
	c.m.Items = append(c.m.Items, Item{Kind: k, Text: text, Nick: ev.Nick, At: ev.Time, Line: line, FromNotes: ev.Kind == KindNotes})
	res.Changed = true
	return len(c.m.Items) - 1
}

func cmdStartAgain(c *Channel, k *call) {
	k.res.Replies = append(k.res.Replies, k.ev.Nick+": a meeting is already in progress (started by "+c.m.Owner+"); #endmeeting ends it.")
}

func cmdEnd(c *Channel, k *call) {
	c.m.Ended = k.ev.Time
	if v := c.openVote(); v != nil {
		v.Ended = k.ev.Time
	}
	c.resolveAllOwners()
	c.endAgenda()
	k.res.Ended = true
	k.res.Changed = true
	k.res.Replies = append(k.res.Replies, "Meeting ended "+replyTime(k.ev.Time)+".")
}

func cmdActions(c *Channel, k *call) {
	k.res.ListActions = true
	k.res.ListSeries = c.m.Series
	if k.arg != "" {
		k.res.ListSeries = SanitizeName(k.arg)
	}
}

func cmdNextMeeting(c *Channel, k *call) { k.res.NextMeeting = true }

func cmdSave(c *Channel, k *call) {
	k.res.Save = true
	k.res.Replies = append(k.res.Replies, "Saving the minutes.")
}

func cmdRestrict(c *Channel, k *call) {
	if !c.m.Restricted {
		c.m.Restricted = true
		k.res.Changed = true
	}
	k.res.Replies = append(k.res.Replies, "The raw logs of this meeting will not be published.")
}

func cmdLurk(c *Channel, k *call)   { c.st.lurk = true }
func cmdUnlurk(c *Channel, k *call) { c.st.lurk = false }

func cmdCommands(c *Channel, k *call) {
	k.res.Replies = append(k.res.Replies, "Available commands: "+commandNames)
}

// splitNicks splits "a, b c" into nicks, dropping a leading '@' or '+'
// and a trailing ':', and skipping words that cannot be nicks; notes
// (a line of KindNotes) also takes notes names (isNotesName).
func splitNicks(s string, notes bool) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		w = strings.TrimRight(strings.TrimLeft(w, "@+"), ":")
		if isNick(w) || notes && isNotesName(w) {
			out = append(out, w)
		}
	}
	return out
}

func cmdChair(c *Channel, k *call) {
	for _, n := range splitNicks(k.arg, false) {
		n = c.canonical(n)
		if !c.m.Chairs[n] {
			c.m.Chairs[n] = true
			k.res.Changed = true
		}
		c.m.Lines[n] += 0 // listed among the people present, as MeetBot does
		c.learn(n)
	}
	k.res.Replies = append(k.res.Replies, "Current chairs: "+strings.Join(c.m.ChairList(), " "))
}

func cmdUnchair(c *Channel, k *call) {
	for _, n := range splitNicks(k.arg, false) {
		n = c.canonical(n)
		if n == c.m.Owner {
			k.res.Replies = append(k.res.Replies, n+" started the meeting and stays a chair.")
			continue
		}
		if c.m.Chairs[n] {
			delete(c.m.Chairs, n)
			k.res.Changed = true
		}
	}
	k.res.Replies = append(k.res.Replies, "Current chairs: "+strings.Join(c.m.ChairList(), " "))
}

func cmdNick(c *Channel, k *call) {
	for _, n := range splitNicks(k.arg, k.ev.Kind == KindNotes) {
		n = c.canonical(n)
		if _, ok := c.m.Lines[n]; !ok {
			c.m.Lines[n] = 0 // listed among the people present, as MeetBot does
			k.res.Changed = true
		}
		if c.learn(n) {
			k.res.Changed = true
		}
	}
}

func cmdUndo(c *Channel, k *call) {
	m := c.m
	if n := len(m.Summary); n > 0 && (len(m.Items) == 0 || m.Summary[n-1].Line > m.Items[len(m.Items)-1].Line) {
		it := m.Summary[n-1]
		m.Summary = m.Summary[:n-1]
		k.res.Changed, k.res.SummaryChanged = true, true
		k.res.Replies = append(k.res.Replies, "Removed from the summary: "+it.Text)
		return
	}
	if len(m.Items) == 0 {
		k.res.Replies = append(k.res.Replies, "Nothing to undo.")
		return
	}
	it := m.Items[len(m.Items)-1]
	m.Items = m.Items[:len(m.Items)-1]
	for n := len(c.st.actionIdx); n > 0 && c.st.actionIdx[n-1] >= len(m.Items); n-- {
		c.st.actionIdx = c.st.actionIdx[:n-1]
		c.st.actionGen = c.st.actionGen[:n-1]
	}
	k.res.Changed, k.res.ActionUndone = true, it.Kind == ItemAction
	k.res.Replies = append(k.res.Replies, "Removed item from minutes: "+strings.ToUpper(string(it.Kind))+" "+it.Text)
}

// cmdSummary appends a line to the chair's summary.
func cmdSummary(c *Channel, k *call) {
	c.m.Summary = append(c.m.Summary, Item{Kind: ItemSummary, Text: k.arg, Nick: k.ev.Nick, At: k.ev.Time, Line: k.line,
		FromNotes: k.ev.Kind == KindNotes})
	k.res.Changed, k.res.SummaryChanged = true, true
	k.res.Replies = append(k.res.Replies, "Summary: "+strconv.Itoa(len(c.m.Summary))+" line(s); #undo removes the last.")
}

func cmdMeetingName(c *Channel, k *call) {
	if c.opt.SeriesFixed {
		k.res.Replies = append(k.res.Replies, "The meeting name is fixed to '"+c.m.Series+"' for this channel by the configuration")
		return
	}
	name := SanitizeName(k.arg)
	if name != c.m.Series {
		c.m.Series = name
		k.res.Changed = true
	}
	k.res.Replies = append(k.res.Replies, "The meeting name has been set to '"+name+"'")
}

func cmdMeetingTopic(c *Channel, k *call) {
	t := k.arg
	if strings.EqualFold(t, "none") || strings.EqualFold(t, "unset") {
		t = ""
	}
	if t != c.m.Title {
		c.m.Title = t
		k.res.Changed = true
	}
	if t == "" {
		k.res.Replies = append(k.res.Replies, "The meeting topic has been cleared.")
	} else {
		k.res.Replies = append(k.res.Replies, "The meeting topic has been set to '"+t+"'")
	}
}

func cmdDone(c *Channel, k *call) {
	c.addItem(ItemDone, k.arg, k.ev, k.line, k.res)
	k.res.Replies = append(k.res.Replies, "Marked as done: "+k.arg)
}
