// Package life owns a meeting's life: its start, each line said in it, its
// end, #save, the import of a raw log, the import and merge of notes, and
// the action items it tracks. Every step is ONE store transaction that
// writes the meeting's events and record, the tracker's action records and
// the meeting's revision together: a meeting is never stored without its
// items, nor its items without the meeting. Batch takes many starts and
// lines in one transaction (a burst: one commit for all of them).
//
// The bot's worker, gavel run's control socket and every subcommand call
// this package; none of them writes meetings or tracks items by itself.
// The engine (package meeting) decides what a line means; the tracker
// (package tracker) decides whether an action is new; this package puts
// both into the store at the right moment.
package life

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// Keeper stores meetings and tracks their action items. It is safe for
// concurrent use (each step is one store transaction).
type Keeper struct {
	st  *store.Store
	dir *people.Directory
	// holder is the running bot's AgendaHolder (see SetAgendaHolder).
	holder atomic.Pointer[AgendaHolder]
}

// New returns the Keeper of the meetings in st; dir resolves action
// owners' nicks and names to people (nil keeps them as written).
func New(st *store.Store, dir *people.Directory) *Keeper {
	return &Keeper{st: st, dir: dir}
}

// Store returns the store the Keeper writes to.
func (k *Keeper) Store() *store.Store { return k.st }

// Step is what one step of a meeting's life stored.
type Step struct {
	// Revision is the meeting's revision after the step: it moves with
	// every change of the record or of the meeting's action items; a
	// plain line moves only the event sequence (0 here). What the
	// minutes are made from is the pair (Revision, last event sequence).
	Revision uint64
	// Changes are the tracker's changes to action items.
	Changes []tracker.Change
	// Agenda is the event Start stored after the start line to give the
	// meeting its series' open agenda (nil when the agenda is empty):
	// the caller hands it to its engine too.
	Agenda *meeting.Event
}

// Start stores the record of a meeting and ev, the line that started it
// (meeting m), in one transaction. It fails with store.ErrExists when the
// id is taken (another meeting of the series started in the same second).
func (k *Keeper) Start(ctx context.Context, rec store.MeetingRecord, ev meeting.Event) (Step, error) {
	var step Step
	err := k.st.Update(func(tx *store.Tx) error {
		var err error
		step, err = startTx(tx, rec, ev)
		return err
	})
	return step, err
}

// Line commits ev, which the engine handled into res, to meeting m: the
// event, the record's title and series (when the minutes changed), its end
// (when ev ended it) and the meeting's action items (when ev added, closed
// or changed one, or ended the meeting), all in one transaction, before
// the caller says anything in reply. Batch takes many such steps in one
// transaction.
func (k *Keeper) Line(ctx context.Context, m *meeting.Meeting, ev meeting.Event, res meeting.Result) (Step, error) {
	var step Step
	err := k.st.Update(func(tx *store.Tx) error {
		var err error
		step, err = k.lineTx(ctx, tx, m, ev, res)
		return err
	})
	return step, err
}

// tracking says what sync does with a meeting's action items.
type tracking int

const (
	trackNone   tracking = iota // the line changed no item
	trackItems                  // track the items (tracker.SyncTx)
	trackUndone                 // #undo took an #action back (tracker.SyncUndoneTx)
)

// sync brings the record of m up to date (title, series, end, and the
// chair's summary when a #summary line changed it) when the minutes
// changed, tracks m's action items as track says, and then bumps the
// revision. A plain line (changed false) writes nothing here: the event's
// sequence number is its change.
func (k *Keeper) sync(ctx context.Context, tx *store.Tx, m *meeting.Meeting, changed, ended bool, track tracking, summary bool) ([]tracker.Change, uint64, error) {
	var changes []tracker.Change
	if !changed {
		return nil, 0, nil
	}
	rec, err := tx.Meeting(m.ID)
	if err != nil {
		return nil, 0, err
	}
	sum := rec.Summary
	if summary {
		sum = m.SummaryText()
	}
	if rec.Title != m.Title || rec.Series != m.Series || (ended && !m.Ended.Equal(rec.Ended)) || sum != rec.Summary {
		title, series, end := m.Title, m.Series, rec.Ended
		if ended {
			end = m.Ended
		}
		err := tx.UpdateMeeting(m.ID, func(r *store.MeetingRecord) error {
			r.Title, r.Series, r.Ended, r.Summary = title, series, end, sum
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	switch {
	case track == trackUndone:
		changes, err = tracker.SyncUndoneTx(ctx, tx, m, k.dir)
	case ended || track == trackItems:
		changes, err = tracker.SyncTx(ctx, tx, m, k.dir)
	}
	if err != nil {
		return nil, 0, err
	}
	rev, err := tx.BumpRevision(m.ID)
	return changes, rev, err
}

// lastTracked reports whether ev made m's last item and it is one the
// tracker reads (#action, #done): the other lines leave the items as
// they were, and the end tracks them all again (owners are resolved
// anew then).
func lastTracked(m *meeting.Meeting, ev meeting.Event) bool {
	n := len(m.Items)
	if n == 0 {
		return false
	}
	it := &m.Items[n-1]
	return (it.Kind == meeting.ItemAction || it.Kind == meeting.ItemDone) && it.At.Equal(ev.Time) && it.Nick == ev.Nick
}

// Track records m's action items now, in one transaction, and bumps its
// revision (#save, and meetings stored before the tracker was live).
func (k *Keeper) Track(ctx context.Context, m *meeting.Meeting) (Step, error) {
	var step Step
	err := k.st.Update(func(tx *store.Tx) error {
		var err error
		step.Changes, step.Revision, err = k.sync(ctx, tx, m, true, !m.Ended.IsZero(), trackItems, false)
		return err
	})
	return step, err
}

// SetSummary sets (replaces) the chair's summary of meeting id, in one
// transaction with its revision: what gavel summary and gavel notes
// --summary do after the meeting ("" removes it). It reports whether the
// summary changed.
func (k *Keeper) SetSummary(ctx context.Context, id, text string) (bool, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	changed := false
	err := k.st.Update(func(tx *store.Tx) error {
		rec, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		if rec.Summary == text {
			return nil
		}
		changed = true
		if err := tx.UpdateMeeting(id, func(r *store.MeetingRecord) error {
			r.Summary = text
			return nil
		}); err != nil {
			return err
		}
		_, err = tx.BumpRevision(id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("summary of meeting %s: %w", id, err)
	}
	return changed, nil
}

// Close marks meeting id ended at ended without a line (a meeting found
// ended, or empty, when the bot starts again). empty says nothing was
// ever recorded, so there is nothing to publish.
func (k *Keeper) Close(id string, ended time.Time, empty bool) error {
	return k.st.Update(func(tx *store.Tx) error {
		err := tx.UpdateMeeting(id, func(r *store.MeetingRecord) error {
			r.Ended = ended
			if empty {
				r.Published = "empty"
			}
			return nil
		})
		if err != nil {
			return err
		}
		_, err = tx.BumpRevision(id)
		return err
	})
}

// MarkPublished records that meeting id's minutes were published at the
// end of the meeting (stamp is when); a meeting without the mark is
// published again when the bot starts.
func (k *Keeper) MarkPublished(id, stamp string) error {
	return k.st.UpdateMeeting(id, func(r *store.MeetingRecord) error {
		r.Published = stamp
		return nil
	})
}

// ActionLines formats the tracker's changes of one line for the channel:
// "ACTION [a12] pjp to book the venue (due Thu 2026-12-10)" for an item
// made or repeated, "DONE [a3] ..." for an item closed, and a warning for
// a #done that matched no single open item. items are the meeting's items,
// to say each action as it was said.
func ActionLines(changes []tracker.Change, items map[string]store.ActionRecord) []string {
	var out []string
	for _, c := range changes {
		switch c.What {
		case "new", "linked":
			a, ok := items[c.ID]
			if !ok {
				continue
			}
			line := "ACTION [" + a.ID + "] " + a.Text
			if d := DueLabel(a.Due); d != "" {
				line += " (due " + d + ")"
			} else if a.DueText != "" && a.DueUnread {
				line += " (deadline \"" + a.DueText + "\" not understood)"
			}
			if c.What == "linked" {
				line += " (open since " + a.Created.UTC().Format("2006-01-02") + ")"
			}
			out = append(out, line)
		case "closed":
			out = append(out, "DONE ["+c.ID+"] "+c.Text)
		case "removed":
			out = append(out, "UNDONE ["+c.ID+"] "+c.Text+" (no longer tracked)")
		case "unmatched":
			out = append(out, fmt.Sprintf("No single open action item matches %q; say #done with its id (#actions lists them).", c.Text))
		}
	}
	return out
}

// DueLabel formats a YYYY-MM-DD deadline as "Thu 2026-12-10" ("" for none).
func DueLabel(due string) string {
	if due == "" {
		return ""
	}
	d, err := time.Parse("2006-01-02", due)
	if err != nil {
		return due
	}
	return d.Format("Mon 2006-01-02")
}

// Items returns the action records the changes name, by id.
func (k *Keeper) Items(changes []tracker.Change) (map[string]store.ActionRecord, error) {
	out := map[string]store.ActionRecord{}
	var ids []string
	for _, c := range changes {
		if c.ID != "" && (c.What == "new" || c.What == "linked") {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	err := k.st.View(func(tx *store.Tx) error {
		for _, id := range ids {
			a, ok, err := tx.Get(id)
			if err != nil {
				return err
			}
			if ok {
				out[id] = a
			}
		}
		return nil
	})
	return out, err
}

// Listing is what #actions says: the action items this meeting raised or
// repeated, and the series' other open items.
type Listing struct {
	Series  string
	Meeting []store.ActionRecord
	Open    []store.ActionRecord
}

// List returns the items of meeting id ("" outside a meeting) and the open
// items of series, both sorted by due date. An empty series is that of
// channel's latest meeting (the channel's name when it had none).
func (k *Keeper) List(id, series, channel string) (Listing, error) {
	l := Listing{Series: series}
	err := k.st.View(func(tx *store.Tx) error {
		if l.Series == "" {
			l.Series = meeting.SanitizeName(channel)
			if rec, ok, err := tx.LatestIn(channel); err != nil {
				return err
			} else if ok {
				l.Series = rec.Series
			}
		}
		series := l.Series
		seen := map[string]bool{}
		if id != "" {
			items, err := tx.Actions(store.ActionFilter{Meeting: id})
			if err != nil {
				return err
			}
			for _, a := range items {
				seen[a.ID] = true
			}
			l.Meeting = items
		}
		open, err := tx.Actions(store.ActionFilter{Series: series, Status: store.StatusOpen})
		if err != nil {
			return err
		}
		for _, a := range open {
			if !seen[a.ID] {
				l.Open = append(l.Open, a)
			}
		}
		return nil
	})
	if err != nil {
		return l, fmt.Errorf("action items of %q: %w", l.Series, err)
	}
	tracker.SortByDue(l.Meeting)
	tracker.SortByDue(l.Open)
	return l, nil
}

// Lines formats the listing for IRC, at most most lines of items per part.
func (l Listing) Lines(most int) []string {
	var out []string
	item := func(a store.ActionRecord) string {
		line := "[" + a.ID + "] " + a.Text
		if len(a.Owners) > 0 {
			line += " (" + strings.Join(a.Owners, ", ") + ")"
		}
		if d := DueLabel(a.Due); d != "" {
			line += " due " + d
		}
		if a.Status != store.StatusOpen {
			line += " [" + a.Status + "]"
		}
		return line
	}
	part := func(head string, items []store.ActionRecord) {
		out = append(out, fmt.Sprintf(head, len(items)))
		for i, a := range items {
			if i == most {
				out = append(out, fmt.Sprintf("... and %d more.", len(items)-most))
				break
			}
			out = append(out, item(a))
		}
	}
	if len(l.Meeting) > 0 {
		part("Action items of this meeting (%d):", l.Meeting)
	}
	switch {
	case len(l.Open) > 0 && len(l.Meeting) > 0:
		part("Other open action items for "+l.Series+" (%d):", l.Open)
	case len(l.Open) > 0:
		part("Open action items for "+l.Series+" (%d):", l.Open)
	case len(l.Meeting) == 0:
		out = append(out, "No open action items for "+l.Series+".")
	}
	return out
}
