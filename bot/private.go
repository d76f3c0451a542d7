package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/meeting"
)

// privateHelp is one line for each of the bot's own private commands.
var privateHelp = []string{
	"help: this list",
	"status [#channel]: the meetings in progress (or the one in #channel)",
	"end #channel: end a stuck meeting (bot admins only)",
}

// handlePrivate answers a private message: help, status, and for the
// configured admins "end #channel".
func (b *Bot) handlePrivate(ctx context.Context, nick, text string, arrived time.Time) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return
	}
	switch strings.ToLower(fields[0]) {
	case "help":
		b.say(nick, "I am gavel, a meeting bot. In a channel I am in: #startmeeting [title] starts a meeting, #commands lists the meeting commands, #endmeeting ends it and publishes the minutes.")
		b.say(nick, "Private commands, one a line:")
		for _, l := range privateHelp {
			b.say(nick, l)
		}
		for _, l := range b.opt.PrivateHelp {
			b.say(nick, l)
		}
	case "status":
		b.status(nick, fields[1:])
	case "end":
		if !b.isAdmin(nick) {
			b.say(nick, "Sorry, only the bot's admins (irc.admins) may end a meeting from here.")
			return
		}
		if len(fields) != 2 {
			b.say(nick, "Usage: end #channel")
			return
		}
		b.adminEnd(ctx, nick, fields[1], arrived)
	default:
		b.hooks.push(input{hook: hook{private: true, nick: nick, text: text}})
	}
}

func (b *Bot) isAdmin(nick string) bool {
	for _, a := range b.cfg.IRC.Admins {
		if strings.EqualFold(a, nick) {
			return true
		}
	}
	return false
}

// status answers "status" in one line: how many meetings are in
// progress and in which channels (as many as fit the line); with a channel
// argument ("status #chan"), that meeting's title, start, owner, line
// count and chairs.
func (b *Bot) status(nick string, args []string) {
	if len(args) > 0 {
		ch, ok := b.chans[chanKey(args[0])]
		if !ok || ch.eng.Meeting() == nil {
			b.say(nick, "No meeting in progress in "+args[0]+".")
			return
		}
		m := ch.eng.Meeting()
		title := m.Title
		if title == "" {
			title = m.Series
		}
		b.say(nick, fmt.Sprintf("%s: '%s' since %s, started by %s, %d lines; chairs: %s.",
			ch.name, title, m.Started.UTC().Format("2006-01-02 15:04 UTC"), m.Owner, len(m.Log), strings.Join(chairs(m), ", ")))
		return
	}
	var names []string
	for _, ch := range b.chans {
		if ch.eng.Meeting() != nil {
			names = append(names, ch.name)
		}
	}
	if len(names) == 0 {
		b.say(nick, "No meeting in progress.")
		return
	}
	sort.Strings(names)
	b.say(nick, foldStatus(names, b.maxText(girc.PRIVMSG, nick)))
}

// foldStatus is the one-line answer to "status" for the channels in
// meetings: as many names as fit in room bytes, then how many more.
func foldStatus(names []string, room int) string {
	head := fmt.Sprintf("%d meeting(s) in progress: ", len(names))
	tail := ". \"status #channel\" for one."
	line := head
	for i, n := range names {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		more := ""
		if rest := len(names) - i - 1; rest > 0 {
			more = fmt.Sprintf(", and %d more", rest)
		}
		if len(line)+len(sep)+len(n)+len(more)+len(tail) > room {
			return line + fmt.Sprintf(" and %d more", len(names)-i) + tail
		}
		line += sep + n
	}
	return line + tail
}

// adminEnd ends the meeting in channel on an admin's request. The
// #endmeeting goes through the engine as a line from the admin marked as
// operator, so it is logged and replays like any other line.
func (b *Bot) adminEnd(ctx context.Context, admin, channel string, arrived time.Time) {
	ch, ok := b.chans[chanKey(channel)]
	if !ok || ch.eng.Meeting() == nil {
		b.say(admin, "No meeting in progress in "+channel+".")
		return
	}
	if !ch.opt.OpsAreChairs {
		// The engine only honours Op when ops are chairs; without that
		// there is no honest way to end someone else's meeting.
		b.say(admin, "This meeting runs without ops_are_chairs; ask a chair to #chair you, or end it as a channel operator once ops_are_chairs is on.")
		return
	}
	b.handleEvent(ctx, meeting.Event{Time: time.Now().UTC(), Channel: ch.name, Nick: admin,
		Text: "#endmeeting", Kind: meeting.KindMessage, Op: true}, arrived)
	if ch.eng.Meeting() != nil {
		b.say(admin, "The meeting in "+ch.name+" did not end; see the channel.")
		return
	}
	b.say(admin, "Ended the meeting in "+ch.name+".")
}
