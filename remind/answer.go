package remind

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/store"
)

// maxSnooze bounds "snooze ID DURATION".
const maxSnooze = 90 * 24 * time.Hour

// OnPrivmsg handles an owner's private answer to the bot:
//
//	done ID            close the item
//	snooze ID 2d       no reminder for that long, then one
//	due ID Aug 20      set a new deadline (read with package deadline)
//	list               the owner's open items
//
// It returns the reply to send to nick (several lines separated by "\n";
// the bot sends each as its own PRIVMSG) and whether text was one of these
// commands; when handled is false the bot should treat text otherwise.
// Only an owner of an item may change it.
func (r *Reminder) OnPrivmsg(ctx context.Context, nick, text string) (reply string, handled bool) {
	f := strings.Fields(text)
	if len(f) == 0 {
		return "", false
	}
	verb := strings.ToLower(strings.TrimPrefix(f[0], "!"))
	switch verb {
	case "list":
		return r.list(nick), true
	case "done", "snooze", "due":
	default:
		return "", false
	}
	if len(f) < 2 {
		return usageOf(verb), true
	}
	id := strings.Trim(f[1], "[]#:,")
	rest := strings.TrimSpace(strings.Join(f[2:], " "))
	var err error
	switch verb {
	case "done":
		reply, err = r.done(ctx, nick, id)
	case "snooze":
		reply, err = r.snooze(ctx, nick, id, rest)
	case "due":
		reply, err = r.setDue(ctx, nick, id, rest)
	}
	if err != nil {
		return err.Error(), true
	}
	if r.onChange != nil {
		r.onChange(ctx)
	}
	return reply, true
}

// ownerCommand is one private command OnPrivmsg answers.
type ownerCommand struct {
	verb, args, example, help string
}

// ownerCommands is the one table of the owners' private commands: their
// usage lines and the bot's private help are made from it.
var ownerCommands = []ownerCommand{
	{"list", "", "", "your open action items, with their ids"},
	{"done", "ID", "", "close your action item ID (the id the reminders and the actions page show)"},
	{"snooze", "ID DURATION", "snooze a7 2d", "no reminder about item ID for that long (90 days at most)"},
	{"due", "ID DATE", "due a7 Aug 20", "set a new deadline for item ID"},
}

// Help returns one line per private command OnPrivmsg answers ("done ID:
// close your action item ID ..."), for the bot's private help.
func Help() []string {
	out := make([]string, len(ownerCommands))
	for i, c := range ownerCommands {
		out[i] = strings.TrimSpace(c.verb+" "+c.args) + ": " + c.help
	}
	return out
}

func usageOf(verb string) string {
	for _, c := range ownerCommands {
		if c.verb == verb {
			u := "usage: " + strings.TrimSpace(c.verb+" "+c.args)
			if c.example != "" {
				u += " (for example: " + c.example + ")"
			}
			return u
		}
	}
	return "usage: " + verb
}

// userError is an answer for the owner, not a failure of gavel.
type userError string

func (e userError) Error() string { return string(e) }

// owns reports whether nick is one of a's owners.
func (r *Reminder) owns(nick string, a store.ActionRecord) bool {
	me := resolve(r.dir, nick, r.zone).key()
	for _, o := range a.Owners {
		if resolve(r.dir, o, r.zone).key() == me {
			return true
		}
	}
	return false
}

// change applies fn to item id through life.Keeper.ChangeItem (one
// transaction with whatever fn writes in tx), after checking that nick
// owns the item and that it is open.
func (r *Reminder) change(ctx context.Context, nick, id string, fn func(tx *store.Tx, a *store.ActionRecord, now time.Time) error) (store.ActionRecord, error) {
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	out, err := r.life.ChangeItem(ctx, id, now, func(tx *store.Tx, a *store.ActionRecord) error {
		if !r.owns(nick, *a) {
			return userError(fmt.Sprintf("[%s] is not yours (owners: %s)", a.ID, ownersOf(*a)))
		}
		if a.Status != "" && a.Status != store.StatusOpen {
			return userError(fmt.Sprintf("[%s] is already %s", a.ID, a.Status))
		}
		return fn(tx, a, now)
	})
	if err != nil {
		var ue userError
		if errors.As(err, &ue) {
			return out, ue
		}
		if errors.Is(err, life.ErrNoItem) {
			return out, userError(fmt.Sprintf("no action item %q (reply list for yours)", id))
		}
		r.log.Error("remind: updating item failed", "id", id, "nick", nick, "err", err)
		// The store's error names server files: it goes to the log only.
		return out, fmt.Errorf("sorry, [%s] could not be updated (updating the action item in the store failed); the details are in the bot's log", id)
	}
	return out, nil
}

func (r *Reminder) done(ctx context.Context, nick, id string) (string, error) {
	a, err := r.change(ctx, nick, id, func(_ *store.Tx, a *store.ActionRecord, now time.Time) error {
		a.History = append(a.History, store.ActionChange{At: now, Field: "status", Old: store.StatusOpen, New: store.StatusDone, Nick: nick})
		a.Status = store.StatusDone
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("[%s] marked done: %s", a.ID, clip(a.Text, maxText)), nil
}

func (r *Reminder) snooze(ctx context.Context, nick, id, dur string) (string, error) {
	if dur == "" {
		dur = "1d"
	}
	d, err := config.ParseDuration(dur)
	if err != nil || d <= 0 || d > maxSnooze {
		return "", userError(fmt.Sprintf("cannot snooze for %q: want a duration such as 2h, 2d or 1w (up to 90d)", dur))
	}
	a, err := r.change(ctx, nick, id, func(_ *store.Tx, a *store.ActionRecord, now time.Time) error {
		until := now.Add(d).UTC().Truncate(time.Minute)
		old := ""
		if !a.Snoozed.IsZero() {
			old = a.Snoozed.UTC().Format(time.RFC3339)
		}
		a.History = append(a.History, store.ActionChange{At: now, Field: "snoozed", Old: old, New: until.Format(time.RFC3339), Nick: nick})
		a.Snoozed = until
		return nil
	})
	if err != nil {
		return "", err
	}
	loc := resolve(r.dir, nick, r.zone).Location
	return fmt.Sprintf("[%s] snoozed: next reminder %s", a.ID, a.Snoozed.In(loc).Format("Mon 2006-01-02 15:04 MST")), nil
}

func (r *Reminder) setDue(ctx context.Context, nick, id, phrase string) (string, error) {
	if phrase == "" {
		return "", userError(usageOf("due"))
	}
	me := resolve(r.dir, nick, r.zone)
	ref := r.clock.Now().In(me.Location)
	t, ok := deadline.Parse(phrase, ref)
	if !ok {
		return "", userError(fmt.Sprintf("cannot read %q as a date (try Aug 20, next Friday or 2026-08-20)", phrase))
	}
	nd := DateOf(t, me.Location)
	if daysBetween(DateOf(ref, me.Location), nd) < 0 {
		return "", userError(fmt.Sprintf("%q is %s, which is in the past", phrase, nd))
	}
	a, err := r.change(ctx, nick, id, func(tx *store.Tx, a *store.ActionRecord, now time.Time) error {
		a.History = append(a.History, store.ActionChange{At: now, Field: "due", Old: a.Due, New: nd.String(), Nick: nick})
		a.Due, a.DueText, a.DueUnread = nd.String(), phrase, false
		// The owner has just looked at the item: the reminder instants
		// of the new date that are already past are settled, not sent
		// (in the same transaction).
		return r.settle(tx, *a, now)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("[%s] now due %s (%s)", a.ID, nd, relDue(nd, r.clock.Now(), me.Location)), nil
}

// settle marks, in tx, the latest past reminder instant of a for every
// owner.
func (r *Reminder) settle(tx *store.Tx, a store.ActionRecord, now time.Time) error {
	due, err := ParseDate(a.Due)
	if err != nil {
		return err
	}
	for _, o := range a.Owners {
		p := resolve(r.dir, o, r.zone)
		if at, ok := r.policy.Latest(due, p.Location, a.Snoozed, now); ok {
			if _, err := tx.Mark(markKey(a.ID, p.key(), at), now); err != nil {
				return err
			}
		}
	}
	return nil
}

// list renders nick's open items.
func (r *Reminder) list(nick string) string {
	me := resolve(r.dir, nick, r.zone)
	items, err := r.st.Actions(store.ActionFilter{Status: store.StatusOpen})
	if err != nil {
		r.log.Error("remind: list", "nick", nick, "err", err)
		return "sorry, the action items cannot be read right now"
	}
	var mine []PingItem
	for _, a := range items {
		if r.owns(nick, a) {
			mine = append(mine, PingItem{Action: a})
		}
	}
	if len(mine) == 0 {
		return "You have no open action items."
	}
	sortItems(mine)
	now := r.clock.Now()
	lines := []string{fmt.Sprintf("Your open action items (%d):", len(mine))}
	for i, it := range mine {
		if i == 3*maxListed {
			lines = append(lines, fmt.Sprintf("… and %d more", len(mine)-i))
			break
		}
		lines = append(lines, "  "+itemLine(it.Action, now, me.Location))
	}
	return strings.Join(lines, "\n")
}
