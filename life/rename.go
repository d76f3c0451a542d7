package life

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// ErrSeriesFixed is what Rename returns (wrapped) for a new series of a
// meeting whose channel's series is fixed by the configuration (a
// [[channel]] series without allow_rename): the configured series wins,
// as it does over #meetingname in the meeting.
var ErrSeriesFixed = errors.New("the series is fixed by the configuration")

// ErrRunning is what Rename returns (wrapped) for a meeting that has not
// ended.
var ErrRunning = errors.New("the meeting has not ended")

// Rename is what a rename after the meeting changes; an empty field keeps
// what the meeting has.
type Rename struct {
	// Series is the new series (what #meetingname sets): a-z, 0-9, '_',
	// '-' and '.' only, as meeting.SanitizeName gives.
	Series string
	// Title is the new title (what #meetingtopic sets).
	Title string
	// By is who renames: the nick of the stored lines (default: the
	// meeting's chair), which the log shows as lines added afterwards.
	By string
}

// Renamed is what Rename did.
type Renamed struct {
	Step
	// Changed is false when the meeting already had the names asked for:
	// nothing was written.
	Changed bool
	// OldSeries and OldTitle are the names before the rename.
	OldSeries, OldTitle string
	// Meeting is the renamed meeting, replayed.
	Meeting *meeting.Meeting
}

// Rename renames meeting id, which has ended, in one transaction: the
// rename is stored as the meeting's own lines (KindNotes "#meetingname
// NEW" and "#meetingtopic NEW", said by r.By after its last event, which
// the log marks as lines not said in the channel),
// so that every replay gives the new names; the record, the series of the
// action items only this meeting raised, and the revision move with them.
// A new series is refused with ErrSeriesFixed when the meeting ran with
// its channel's series fixed (store.MeetingRecord.SeriesFixed).
func (k *Keeper) Rename(ctx context.Context, id string, r Rename) (Renamed, error) {
	var out Renamed
	if r.Series != "" && meeting.SanitizeName(r.Series) != r.Series {
		return out, fmt.Errorf("rename meeting %s: series %q: use only a-z, 0-9, '_', '-' and '.' (for example %q)", id, r.Series, meeting.SanitizeName(r.Series))
	}
	if t := strings.TrimSpace(r.Title); r.Title != t || strings.EqualFold(t, "none") || strings.EqualFold(t, "unset") || strings.ContainsAny(t, "\r\n") {
		return out, fmt.Errorf("rename meeting %s: title %q: want one line of text, not none or unset", id, r.Title)
	}
	err := k.st.Update(func(tx *store.Tx) error {
		rec, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		if rec.Ended.IsZero() {
			// The bot's engine holds a running meeting: lines stored
			// beside it would be overwritten by its next step.
			return fmt.Errorf("%w: it is running; its chairs rename it in the channel (#meetingname, #meetingtopic)", ErrRunning)
		}
		evs, err := tx.Events(id)
		if err != nil {
			return err
		}
		c, m := store.ReplayEvents(rec, evs)
		if m == nil || m.ID != rec.ID || len(evs) == 0 {
			return fmt.Errorf("its %d events make no meeting with that id", len(evs))
		}
		if rec.Series != "" {
			m.Series = rec.Series // as store.Replay gives it
		}
		out.OldSeries, out.OldTitle = m.Series, m.Title
		var lines []string
		if r.Series != "" && r.Series != m.Series {
			if rec.SeriesFixed {
				return fmt.Errorf("series %q of channel %s: %w; set allow_rename = true in its [[channel]] to rename its meetings", m.Series, rec.Channel, ErrSeriesFixed)
			}
			lines = append(lines, "#meetingname "+r.Series)
		}
		if r.Title != "" && r.Title != m.Title {
			lines = append(lines, "#meetingtopic "+r.Title)
		}
		if len(lines) == 0 {
			out.Meeting = m
			return errUnchanged // nothing to commit
		}
		at, by := evs[len(evs)-1].Time, r.By
		if by == "" {
			by = m.Owner
		}
		for _, text := range lines {
			at = at.Add(time.Second)
			ev := meeting.Event{Kind: meeting.KindNotes, Time: at, Channel: rec.Channel, Nick: by, Text: text}
			if res := c.Handle(ev); res.Meeting == nil || res.Meeting.ID != m.ID || !res.Changed {
				return fmt.Errorf("the engine did not apply %q", text)
			}
			if _, err := tx.Append(id, ev); err != nil {
				return err
			}
		}
		if err := k.moveItems(tx, m, out.OldSeries, at, by); err != nil {
			return err
		}
		out.Changes, out.Revision, err = k.sync(ctx, tx, m, true, false, trackItems, false)
		out.Changed, out.Meeting = true, m
		return err
	})
	if err != nil && err != errUnchanged {
		return Renamed{}, fmt.Errorf("rename meeting %s: %w", id, err)
	}
	return out, nil
}

// errUnchanged rolls back a Rename that has nothing to change.
var errUnchanged = errors.New("unchanged")

// moveItems gives the action items that meeting m alone raised (and that
// are still of its old series) m's new series, with a history entry.
func (k *Keeper) moveItems(tx *store.Tx, m *meeting.Meeting, old string, at time.Time, by string) error {
	if m.Series == old {
		return nil
	}
	items, err := tx.Actions(store.ActionFilter{Meeting: m.ID})
	if err != nil {
		return err
	}
	for _, a := range items {
		if len(a.Meetings) != 1 || a.Meetings[0] != m.ID || a.Series != old {
			continue
		}
		a.History = append(a.History, store.ActionChange{At: at, Meeting: m.ID, Field: "series", Old: old, New: m.Series, Nick: by})
		a.Series = m.Series
		if err := tx.PutAction(a); err != nil {
			return err
		}
	}
	return nil
}
