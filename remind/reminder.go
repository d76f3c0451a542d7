// Package remind pings action-item owners before and after their deadlines
// and announces scheduled meetings in their channels.
//
// Everything is computed from the current time, never from "the job fired":
// a sweep (run by robfig/cron on the [remind] sweep spec, and once at
// start-up) lists, for every open item with a due date and every owner, the
// latest reminder instant that is not in the future (see Policy), and pings
// the owner when that instant carries no mark in the store yet. A cron job
// that fires twice (the fall-back hour), not at all (the spring-forward gap)
// or late (downtime) therefore changes nothing: the next sweep finds the same
// instants and the same marks. A backlog after downtime collapses into one
// message per owner, because only the latest instant of each item counts.
//
// # Delivery, and why nobody is pinged twice
//
// A reminder is committed before it is delivered: one store transaction sets
// the mark of every (item, owner, instant) in the message and appends the
// message to the owner's outbox (store.Hold). Delivery takes the outbox, clears
// it in a second transaction, and only then sends. So:
//
//   - a crash before the first commit: nothing was marked; the next sweep
//     sends the reminder;
//   - a crash after it: the message waits in the outbox and goes out once,
//     when the owner is next seen online (the catch-up sweep at start-up
//     delivers to owners who are online);
//   - a crash between clearing the outbox and the line reaching the server:
//     that one message is lost. This window (microseconds, no disk I/O) is
//     the price of never sending twice: delivery is at most once.
//
// Owners who are offline simply keep their outbox until the bot sees them
// (OnSeen); held reminders are re-rendered from the items' current state when
// delivered, several held reminders become one message, and items closed in
// the meantime are left out.
package remind

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/email"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
	"github.com/robfig/cron/v3"
)

// Clock tells the time. Tests inject one; production uses the system clock.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now implements Clock.
func (f ClockFunc) Now() time.Time { return f() }

// Messenger delivers messages on IRC; the live bot implements it.
type Messenger interface {
	// Online reports whether nick is currently seen on the network (in a
	// channel shared with the bot, or through MONITOR/ISON).
	Online(nick string) bool
	// Send sends text to nick in a private message. text is one line.
	Send(ctx context.Context, nick, text string) error
	// Say sends text to channel. text is one line.
	Say(ctx context.Context, channel, text string) error
}

// Options configure New.
type Options struct {
	// Config is the validated configuration (required).
	Config *config.Config
	// Store holds action items, marks and outboxes (required).
	Store *store.Store
	// Messenger delivers on IRC; nil keeps every message in the outboxes.
	Messenger Messenger
	// Directory resolves owners to people; nil builds one from
	// Config.People.
	Directory *people.Directory
	// Clock tells the time; nil uses the system clock.
	Clock Clock
	// Mailer sends e-mail reminders; nil uses SMTP from [remind.smtp]
	// when its addr is set, and no e-mail otherwise.
	Mailer email.Sender
	// Logger receives what happened; nil discards.
	Logger *slog.Logger
	// Grace is how late an announcement or digest may still go out
	// (default 15 minutes); older ones are dropped as stale.
	Grace time.Duration
	// Life writes an owner's private answer (done, snooze, due) to the
	// item, one transaction each (life.Keeper.ChangeItem); nil makes one
	// for Store with Directory. gavel run passes the Keeper its bot uses.
	Life *life.Keeper
	// OnChange, when set, is called after an owner's private answer
	// (done, snooze, due) changed an action item and the change was
	// committed, on the goroutine that called OnPrivmsg: gavel run
	// republishes the action-item pages from it. It should return
	// quickly (hand long work to another goroutine).
	OnChange func(ctx context.Context)
}

// Reminder sends deadline reminders and meeting announcements. Its methods
// are safe for concurrent use.
type Reminder struct {
	cfg    *config.Config
	st     *store.Store
	msgr   Messenger
	dir    *people.Directory
	clock  Clock
	mail   email.Sender
	log    *slog.Logger
	policy Policy
	zone   *time.Location
	grace  time.Duration
	// life writes owners' answers (Options.Life).
	life *life.Keeper
	// onChange is Options.OnChange.
	onChange func(ctx context.Context)

	// mu serialises sweeps, outbox takes and item updates.
	mu sync.Mutex
	// mailMu serialises MailMinutes (a cron Tick and MailMinutesSoon's
	// request), so two of them never send the same meeting's mail.
	mailMu sync.Mutex
	// mailSoon holds one pending MailMinutesSoon request.
	mailSoon chan struct{}

	runMu  sync.Mutex
	cron   *cron.Cron
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// afterCommit, when set (tests), runs after a reminder was committed
	// to the store and before it is delivered.
	afterCommit func(keys []string)
}

// New returns a Reminder for the given options.
func New(o Options) (*Reminder, error) {
	if o.Config == nil {
		return nil, errors.New("remind: no configuration")
	}
	if o.Store == nil {
		return nil, errors.New("remind: no store")
	}
	r := &Reminder{cfg: o.Config, st: o.Store, msgr: o.Messenger, dir: o.Directory, clock: o.Clock,
		mail: o.Mailer, log: o.Logger, policy: PolicyFrom(o.Config.Remind), grace: o.Grace,
		onChange: o.OnChange, life: o.Life, mailSoon: make(chan struct{}, 1)}
	if r.dir == nil {
		r.dir = people.FromConfig(o.Config)
	}
	if r.life == nil {
		r.life = life.New(o.Store, r.dir)
	}
	if r.clock == nil {
		r.clock = ClockFunc(time.Now)
	}
	if r.log == nil {
		r.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if r.grace <= 0 {
		r.grace = 15 * time.Minute
	}
	if r.mail == nil && o.Config.Remind.SMTP.Addr != "" {
		r.mail = email.NewSMTP(o.Config.Remind.SMTP)
	}
	loc, err := time.LoadLocation(o.Config.Meeting.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("remind: meeting.timezone %q: %w", o.Config.Meeting.TimeZone, err)
	}
	r.zone = loc
	return r, nil
}

// Ping is one reminder due for one person: every item whose latest
// reminder instant is due and not yet marked.
type Ping struct {
	Person Person
	Items  []PingItem
}

// PingItem is one action item in a Ping.
type PingItem struct {
	Action store.ActionRecord
	// At is the reminder instant that made it due.
	At time.Time
	// Key is the instant's mark in the store.
	Key string
}

// Lines renders the reminder message of p as it would be sent at now.
func (p Ping) Lines(now time.Time) []string {
	acts := make([]store.ActionRecord, len(p.Items))
	for i, it := range p.Items {
		acts[i] = it.Action
	}
	if len(acts) == 0 {
		return nil
	}
	return reminderLines(p.Person, acts, now)
}

// markKey names the mark of one reminder instant of item id for person.
func markKey(id, person string, at time.Time) string {
	return "remind/" + id + "/" + person + "/" + at.UTC().Format("20060102T1504Z")
}

// itemOfKey returns the item id of a mark key made by markKey.
func itemOfKey(k string) (string, bool) {
	rest, ok := strings.CutPrefix(k, "remind/")
	if !ok {
		return "", false
	}
	id, _, ok := strings.Cut(rest, "/")
	return id, ok && id != ""
}

// Due returns the reminders due at now, one Ping per person, ordered by the
// person's key; it reads the store and changes nothing.
func (r *Reminder) Due(now time.Time) ([]Ping, error) {
	var pings []Ping
	err := r.st.View(func(tx *store.Tx) error {
		items, err := tx.Actions(store.ActionFilter{Status: store.StatusOpen})
		if err != nil {
			return err
		}
		pings, err = r.plan(tx, items, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("remind: due at %s: %w", now.Format(time.RFC3339), err)
	}
	return pings, nil
}

// plan computes the pings due at now for items, checking marks in tx.
func (r *Reminder) plan(tx *store.Tx, items []store.ActionRecord, now time.Time) ([]Ping, error) {
	type memoKey struct {
		due Date
		loc *time.Location
	}
	type memoVal struct {
		at time.Time
		ok bool
	}
	memo := map[memoKey]memoVal{}
	type resolved struct {
		p   Person
		key string
	}
	type ownerIn struct {
		owner string
		zone  *time.Location
	}
	people := map[ownerIn]resolved{} // owner as written, item zone -> person
	zones := map[string]*time.Location{}
	byPerson := map[string]*Ping{}
	var seen []string
	for i := range items {
		a := &items[i]
		if a.Due == "" || (a.Status != "" && a.Status != store.StatusOpen) {
			continue
		}
		due, err := ParseDate(a.Due)
		if err != nil {
			r.log.Warn("remind: skipping item with a bad due date", "id", a.ID, "due", a.Due)
			continue
		}
		zone := r.itemZone(tx, a, zones)
		seen = seen[:0]
		for _, o := range a.Owners {
			if o == meeting.GroupOwner {
				// The whole group: shown as such, never pinged.
				continue
			}
			rp, known := people[ownerIn{o, zone}]
			if !known {
				rp.p = resolve(r.dir, o, zone)
				rp.key = rp.p.key()
				people[ownerIn{o, zone}] = rp
			}
			p, pk := rp.p, rp.key
			if pk == "" || contains(seen, pk) {
				continue
			}
			seen = append(seen, pk)
			var at time.Time
			var ok bool
			if a.Snoozed.IsZero() {
				// Items share due dates and zones: compute each once.
				mk := memoKey{due, p.Location}
				m, hit := memo[mk]
				if !hit {
					m.at, m.ok = r.policy.Latest(due, p.Location, time.Time{}, now)
					memo[mk] = m
				}
				at, ok = m.at, m.ok
			} else {
				at, ok = r.policy.Latest(due, p.Location, a.Snoozed, now)
			}
			if !ok {
				continue
			}
			key := markKey(a.ID, pk, at)
			if _, marked, err := tx.MarkedAt(key); err != nil {
				return nil, err
			} else if marked {
				continue
			}
			pg := byPerson[pk]
			if pg == nil {
				pg = &Ping{Person: p}
				byPerson[pk] = pg
			}
			pg.Items = append(pg.Items, PingItem{Action: *a, At: at, Key: key})
		}
	}
	out := make([]Ping, 0, len(byPerson))
	for _, pg := range byPerson {
		sortItems(pg.Items)
		out = append(out, *pg)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Person.key() < out[j].Person.key() })
	return out, nil
}

// itemZone is the zone an item's owners are pinged in when the people
// directory gives them none: the zone of the meeting that raised it (the
// channel's, or the notes' --tz), else of the channel configured for its
// series, else meeting.timezone. memo keeps the zone of each meeting read.
func (r *Reminder) itemZone(tx *store.Tx, a *store.ActionRecord, memo map[string]*time.Location) *time.Location {
	if len(a.Meetings) > 0 {
		id := a.Meetings[0]
		if loc, ok := memo[id]; ok && loc != nil {
			return loc
		}
		if _, ok := memo[id]; !ok {
			memo[id] = nil
			if rec, err := tx.Meeting(id); err == nil && rec.TimeZone != "" {
				if loc, err := time.LoadLocation(rec.TimeZone); err == nil {
					memo[id] = loc
					return loc
				}
			}
		}
	}
	for _, ch := range r.cfg.Channels {
		if ch.Series != "" && ch.Series == a.Series && ch.Location != nil {
			return ch.Location
		}
	}
	return r.zone
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// sortItems orders items by due date, then id.
func sortItems(items []PingItem) {
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i].Action, items[j].Action
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		return idLess(a.ID, b.ID)
	})
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// MarkSent marks every item of pings as reminded at now without delivering
// anything (for operators: "gavel remind --at" without --dry-run). It
// returns how many marks were new.
func (r *Reminder) MarkSent(pings []Ping, now time.Time) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	err := r.st.Update(func(tx *store.Tx) error {
		n = 0
		for _, p := range pings {
			for _, it := range p.Items {
				already, err := tx.Mark(it.Key, now)
				if err != nil {
					return err
				}
				if !already {
					n++
				}
			}
		}
		return nil
	})
	return n, err
}

// MarkAnnounced marks announcements (and digests) as made at now without
// saying them (for operators, like MarkSent). It returns how many marks
// were new.
func (r *Reminder) MarkAnnounced(anns []Announcement, now time.Time) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	err := r.st.Update(func(tx *store.Tx) error {
		n = 0
		for _, a := range anns {
			for _, k := range a.Keys {
				already, err := tx.Mark(k, now)
				if err != nil {
					return err
				}
				if !already {
					n++
				}
			}
		}
		return nil
	})
	return n, err
}

// holdKey is the outbox of a person.
func holdKey(p Person) string { return "remind:" + p.key() }

// SweepResult says what one sweep did.
type SweepResult struct {
	// Reminders is how many reminder messages were committed.
	Reminders int
	// Delivered is how many lines went out on IRC.
	Delivered int
	// Mailed is how many e-mails were sent.
	Mailed int
}

// Sweep commits the reminders due now (one message per person) and delivers
// every outbox whose owner is online. It is idempotent: a second sweep at
// the same time does nothing.
func (r *Reminder) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	now := r.clock.Now()
	r.mu.Lock()
	pings, err := r.Due(now)
	if err != nil {
		r.mu.Unlock()
		return res, err
	}
	var mails []Ping
	claimed, err := r.commit(pings, now)
	if err != nil {
		r.mu.Unlock()
		return res, err
	}
	for _, c := range claimed {
		res.Reminders++
		if c.Person.Email != "" && r.mail != nil {
			mails = append(mails, c)
		}
	}
	r.mu.Unlock()
	for _, p := range mails {
		if err := r.sendMail(ctx, p, now); err != nil {
			r.log.Warn("remind: e-mail failed", "to", p.Person.Email, "err", err)
			continue
		}
		res.Mailed++
	}
	n, err := r.FlushOnline(ctx)
	res.Delivered += n
	if err != nil {
		return res, err
	}
	if res.Reminders > 0 {
		r.log.Info("remind: sweep", "now", now.Format(time.RFC3339), "reminders", res.Reminders,
			"delivered", res.Delivered, "mailed", res.Mailed)
	}
	return res, nil
}

// commit marks the items of pings and queues one message per person in
// the person's outbox, all in one transaction (one fsync however many
// people). It returns, per person, the items that were not marked before.
func (r *Reminder) commit(pings []Ping, now time.Time) ([]Ping, error) {
	if len(pings) == 0 {
		return nil, nil // no write transaction (and fsync) for nothing
	}
	var claimed []Ping
	err := r.st.Update(func(tx *store.Tx) error {
		claimed = claimed[:0]
		for _, p := range pings {
			c := Ping{Person: p.Person}
			for _, it := range p.Items {
				already, err := tx.Mark(it.Key, now)
				if err != nil {
					return err
				}
				if !already {
					c.Items = append(c.Items, it)
				}
			}
			if len(c.Items) == 0 {
				continue
			}
			keys := make([]string, len(c.Items))
			acts := make([]store.ActionRecord, len(c.Items))
			for i, it := range c.Items {
				keys[i], acts[i] = it.Key, it.Action
			}
			text := strings.Join(reminderLines(p.Person, acts, now), "\n")
			if _, err := tx.Hold(holdKey(p.Person), store.HeldMessage{At: now, Text: text, Key: strings.Join(keys, " ")}); err != nil {
				return err
			}
			claimed = append(claimed, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remind: commit %d reminder(s): %w", len(pings), err)
	}
	if r.afterCommit != nil && len(claimed) > 0 {
		var keys []string
		for _, c := range claimed {
			for _, it := range c.Items {
				keys = append(keys, it.Key)
			}
		}
		r.afterCommit(keys)
	}
	return claimed, nil
}

// take removes and returns the messages in outbox key, in one transaction.
func (r *Reminder) take(key string) ([]store.HeldMessage, error) {
	// OnSeen runs for every line said in a channel: look before taking a
	// write transaction (and its fsync).
	msgs, err := r.st.Held(key)
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	err = r.st.Update(func(tx *store.Tx) error {
		var err error
		msgs, err = tx.Held(key)
		if err != nil || len(msgs) == 0 {
			return err
		}
		return tx.ClearHeld(key, msgs[len(msgs)-1].Seq)
	})
	if err != nil {
		return nil, fmt.Errorf("remind: outbox %s: %w", key, err)
	}
	return msgs, nil
}

// OnSeen delivers the person's held reminders to nick; the bot calls it when
// nick joins a channel, speaks, or changes to that nick. It returns how many
// lines it sent. It is cheap when nothing is held.
func (r *Reminder) OnSeen(ctx context.Context, nick string) (int, error) {
	if r.msgr == nil || nick == "" {
		return 0, nil
	}
	p := resolve(r.dir, nick, r.zone)
	return r.deliver(ctx, p, nick)
}

// deliver takes p's outbox and sends it to nick as one message.
func (r *Reminder) deliver(ctx context.Context, p Person, nick string) (int, error) {
	key := holdKey(p)
	now := r.clock.Now()
	r.mu.Lock()
	msgs, err := r.take(key)
	var lines []string
	if err == nil && len(msgs) > 0 {
		lines, err = r.collapse(p, msgs, now)
	}
	r.mu.Unlock()
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	for i, l := range lines {
		if err := r.msgr.Send(ctx, nick, l); err != nil {
			// Not delivered: keep the rest for next time.
			r.requeue(key, now, lines[i:], msgs)
			return i, fmt.Errorf("remind: send to %s: %w", nick, err)
		}
	}
	r.log.Info("remind: delivered", "nick", nick, "lines", len(lines))
	return len(lines), nil
}

// requeue puts undelivered lines back into outbox key.
func (r *Reminder) requeue(key string, now time.Time, lines []string, msgs []store.HeldMessage) {
	var keys []string
	for _, m := range msgs {
		if m.Key != "" {
			keys = append(keys, m.Key)
		}
	}
	_, err := r.st.Hold(key, store.HeldMessage{At: now, Text: strings.Join(lines, "\n"), Key: strings.Join(keys, " ")})
	if err != nil {
		r.log.Error("remind: requeue failed; message lost", "outbox", key, "err", err)
	}
}

// collapse turns held messages into the lines to send now: reminder
// messages are merged and re-rendered from the items' current state (closed
// items left out); other messages are sent as they are.
func (r *Reminder) collapse(p Person, msgs []store.HeldMessage, now time.Time) ([]string, error) {
	var ids []string
	var other []string
	for _, m := range msgs {
		var mine bool
		for _, k := range strings.Fields(m.Key) {
			if id, ok := itemOfKey(k); ok {
				mine = true
				if !contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		if !mine {
			other = append(other, strings.Split(m.Text, "\n")...)
		}
	}
	var acts []store.ActionRecord
	if len(ids) > 0 {
		err := r.st.View(func(tx *store.Tx) error {
			for _, id := range ids {
				a, ok, err := tx.Get(id)
				if err != nil {
					return err
				}
				if ok && (a.Status == "" || a.Status == store.StatusOpen) {
					acts = append(acts, a)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(acts, func(i, j int) bool {
		if acts[i].Due != acts[j].Due {
			return acts[i].Due < acts[j].Due
		}
		return idLess(acts[i].ID, acts[j].ID)
	})
	var lines []string
	if len(acts) > 0 {
		lines = reminderLines(p, acts, now)
	}
	return append(lines, other...), nil
}

// FlushOnline delivers the outbox of every person who is online now, and
// the channel outboxes (announcements, digests) that are still fresh. It
// returns how many lines it sent.
func (r *Reminder) FlushOnline(ctx context.Context) (int, error) {
	if r.msgr == nil {
		return 0, nil
	}
	keys, err := r.st.HeldNicks()
	if err != nil {
		return 0, fmt.Errorf("remind: list outboxes: %w", err)
	}
	total := 0
	var errs []error
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k, "remind:"):
			p := resolve(r.dir, strings.TrimPrefix(k, "remind:"), r.zone)
			if holdKey(p) != k {
				// The directory changed: deliver under the key as stored.
				p = Person{Name: strings.TrimPrefix(k, "remind:"), Nicks: []string{strings.TrimPrefix(k, "remind:")}, Location: r.zone}
			}
			for _, n := range p.Nicks {
				if r.msgr.Online(n) {
					c, err := r.deliver(ctx, p, n)
					total += c
					if err != nil {
						errs = append(errs, err)
					}
					break
				}
			}
		case strings.HasPrefix(k, "chan:"):
			c, err := r.flushChannel(ctx, strings.TrimPrefix(k, "chan:"))
			total += c
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return total, errors.Join(errs...)
}
