package bot

import (
	"strings"

	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
)

// checkOwners says at once, in the channel, when an action item a line
// of meeting m made names an owner who is neither in the channel nor in
// the people directory (a reminder would reach no one), with the closest
// nick of the meeting's people and the command that fixes it
// (meeting.AbsentOwnerReply).
func (b *Bot) checkOwners(channel string, m *meeting.Meeting, step life.Step) {
	var fresh []string
	for _, c := range step.Changes {
		if c.What == "new" {
			fresh = append(fresh, c.ID)
		}
	}
	if len(fresh) == 0 || m == nil {
		return
	}
	items, err := b.life.Items(step.Changes)
	if err != nil {
		b.log.Error("could not read the action items", "err", err)
		return
	}
	// Suggestions come from the people of the meeting (girc's copies of
	// its whole state race with its own handlers; one user is looked up
	// as isOp does).
	var people []string
	for _, a := range m.Attendees() {
		people = append(people, a.Nick)
	}
	dir := peopleDir(b)
	for _, id := range fresh {
		it, ok := items[id]
		if !ok {
			continue
		}
		for _, o := range it.Owners {
			if o == meeting.GroupOwner || dir.Known(o) || b.inChannel(o, channel) {
				continue
			}
			b.say(channel, meeting.AbsentOwnerReply(o, id, people))
		}
	}
}

// inChannel reports whether nick is in channel now, from girc's state.
func (b *Bot) inChannel(nick, channel string) bool {
	b.lookupMu.Lock()
	defer b.lookupMu.Unlock()
	// Read the copy's channel list under the lock too: girc's copy shares
	// its backing array with the state, which the next copy writes.
	u := b.client.LookupUser(strings.TrimSpace(nick))
	return u != nil && u.InChannel(channel)
}

// peopleDir is the people directory of the bot's configuration.
func peopleDir(b *Bot) *people.Directory { return people.FromConfig(b.cfg) }
