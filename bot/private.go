package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

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
		b.say(nick, "Private commands: help; status (meetings in progress); end #channel (bot admins: end a stuck meeting).")
	case "status":
		b.status(nick)
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

// status says which meetings are in progress.
func (b *Bot) status(nick string) {
	var lines []string
	for _, ch := range b.chans {
		m := ch.eng.Meeting()
		if m == nil {
			continue
		}
		title := m.Title
		if title == "" {
			title = m.Series
		}
		lines = append(lines, fmt.Sprintf("%s: '%s' since %s, started by %s, %d lines; chairs: %s.",
			ch.name, title, m.Started.UTC().Format("2006-01-02 15:04 UTC"), m.Owner, len(m.Log), strings.Join(chairs(m), ", ")))
	}
	if len(lines) == 0 {
		b.say(nick, "No meeting in progress.")
		return
	}
	sort.Strings(lines)
	for _, l := range lines {
		b.say(nick, l)
	}
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
