package bot

import (
	"strings"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
)

// checkOwners says at once, in the channel, when an action item a line
// made names an owner who is neither in the channel nor in the people
// directory (a reminder would reach no one), with the closest nick present
// and the command that fixes it (meeting.AbsentOwnerReply).
func (b *Bot) checkOwners(channel string, step life.Step) {
	var fresh []string
	for _, c := range step.Changes {
		if c.What == "new" {
			fresh = append(fresh, c.ID)
		}
	}
	if len(fresh) == 0 {
		return
	}
	items, err := b.life.Items(step.Changes)
	if err != nil {
		b.log.Error("could not read the action items", "err", err)
		return
	}
	c := b.client.LookupChannel(channel)
	if c == nil {
		return
	}
	var here []string
	for _, u := range c.Users(b.client) {
		here = append(here, u.Nick)
	}
	dir := people.FromConfig(b.cfg)
	for _, id := range fresh {
		it, ok := items[id]
		if !ok {
			continue
		}
		for _, o := range it.Owners {
			if o == meeting.GroupOwner || dir.Known(o) || present(here, o) {
				continue
			}
			b.say(channel, meeting.AbsentOwnerReply(o, id, here))
		}
	}
}

// present reports whether nick is among here (IRC case rules).
func present(here []string, nick string) bool {
	k := girc.ToRFC1459(strings.TrimSpace(nick))
	for _, n := range here {
		if girc.ToRFC1459(n) == k {
			return true
		}
	}
	return false
}
