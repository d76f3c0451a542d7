package life

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// Logged is one meeting read from a raw log, ready to store.
type Logged struct {
	// Meeting is the meeting the engine made of the events.
	Meeting *meeting.Meeting
	// Events are its events, in order.
	Events []meeting.Event
	// SeriesOption is the series the engine ran with (Options.Series).
	SeriesOption string
	// Key identifies the log and the meeting's place in it, so that
	// importing it again changes nothing.
	Key string
}

// ImportLog stores a meeting read from a raw log — its record, its events
// and its action items — in one transaction. A log that stops before
// #endmeeting is stored as ended at its last line (an open meeting would be
// resumed by the bot); open says so. It fails with store.ErrExists when the
// key was imported already.
func (k *Keeper) ImportLog(ctx context.Context, l Logged) (step Step, open bool, err error) {
	r := k.ImportLogs(ctx, []Logged{l})[0]
	return r.Step, r.Open, r.Err
}

// LogResult is what ImportLogs did with one meeting.
type LogResult struct {
	Step
	// Open says the log stopped before #endmeeting (see ImportLog).
	Open bool
	// Err is nil when the meeting was stored; it wraps store.ErrExists
	// when its key (or its id) was in the store already.
	Err error
}

// ImportLogs stores meetings read from raw logs as ImportLog does, but
// many in one transaction: an archive of thousands of logs costs one
// commit (two fsyncs and the rewrite of every page it touched) per batch,
// not per meeting. Each meeting is still stored with its items or not at
// all: a meeting already in the store is found before anything of it is
// written and skipped (its result wraps store.ErrExists); any other error
// drops the batch's transaction, and the meetings are then stored one
// transaction each, so that the error is the failing meeting's own and
// the ones before it are kept. A cancelled ctx keeps nothing of the batch.
func (k *Keeper) ImportLogs(ctx context.Context, logs []Logged) []LogResult {
	res := make([]LogResult, len(logs))
	err := k.st.Update(func(tx *store.Tx) error {
		for i, l := range logs {
			r := k.importLogTx(ctx, tx, l)
			if r.Err != nil && !errors.Is(r.Err, store.ErrExists) {
				return r.Err
			}
			res[i] = r
		}
		return nil
	})
	if err == nil || len(logs) == 1 {
		if err != nil {
			res[0].Err = err
		}
		return res
	}
	for i, l := range logs {
		if ctx.Err() != nil {
			res[i].Err = ctx.Err()
			continue
		}
		err := k.st.Update(func(tx *store.Tx) error {
			res[i] = k.importLogTx(ctx, tx, l)
			if errors.Is(res[i].Err, store.ErrExists) {
				return nil // nothing written
			}
			return res[i].Err
		})
		if err != nil {
			res[i].Err = err
		}
	}
	return res
}

// importLogTx stores one meeting of a raw log in tx. A result wrapping
// store.ErrExists has written nothing.
func (k *Keeper) importLogTx(ctx context.Context, tx *store.Tx, l Logged) (r LogResult) {
	m := l.Meeting
	if m == nil || len(l.Events) == 0 {
		r.Err = errors.New("import: no meeting")
		return r
	}
	rec := store.MeetingRecord{
		ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title, Source: "import",
		TimeZone: m.Location.String(), Started: m.Started, Ended: m.Ended,
		ImportKey: l.Key, SeriesOption: l.SeriesOption,
		// The step's revision is written with the record: a new
		// meeting's first step makes revision 1, what Tx.BumpRevision
		// would make of it, without writing the record twice.
		Revision: 1,
	}
	if rec.Ended.IsZero() {
		rec.Ended, r.Open = l.Events[len(l.Events)-1].Time, true
	}
	r.Err = func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if id, ok, err := tx.ByImportKey(l.Key); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("already imported as %s: %w", id, store.ErrExists)
		}
		if err := tx.StartMeeting(rec); err != nil {
			return err // ErrExists comes before any write
		}
		if _, err := tx.AppendEvents(m.ID, l.Events); err != nil {
			return err
		}
		var err error
		if r.Changes, err = tracker.SyncTx(ctx, tx, m, k.dir); err != nil {
			return err
		}
		r.Revision = rec.Revision
		return nil
	}()
	return r
}

// NotesOptions configure ImportNotes.
type NotesOptions struct {
	// Series is the meeting series (sanitised with meeting.SanitizeName);
	// the series of the IRC meetings whose items should link.
	Series string
	// Channel names the meeting's channel in the record ("f2f" when empty).
	Channel string
	// Chair is the nick the events are said by (notes.DefaultChair).
	Chair string
	// Key identifies the file (a hash of its bytes): importing the same
	// file again fails with store.ErrExists instead of a second meeting,
	// and merging it again into the same meeting fails so too.
	Key string
	// Merge is the id of an IRC meeting, ended or still open, to fold
	// the notes into instead of making a new meeting: the notes' lines
	// are appended to its events as meeting.KindNotes events, which the
	// engine applies also after #endmeeting.
	Merge string
}

// Imported is what ImportNotes stored.
type Imported struct {
	Step
	// Meeting is the meeting as the engine replays it from its events.
	Meeting *meeting.Meeting
	// Events are the events appended.
	Events []meeting.Event
}

// ImportNotes stores face-to-face notes as a meeting — its record, its
// events (written by notes.Feed through the engine) and its action items —
// in ONE store transaction: on any error nothing is stored. With
// opt.Merge, the events are appended to that meeting instead, and its
// revision moves so that its pages are published again.
func (k *Keeper) ImportNotes(ctx context.Context, n *notes.Notes, opt NotesOptions) (*Imported, error) {
	if opt.Series == "" && opt.Merge == "" {
		return nil, errors.New("import notes: no series")
	}
	var out *Imported
	err := k.st.Update(func(tx *store.Tx) error {
		var err error
		if opt.Merge != "" {
			out, err = k.mergeTx(ctx, tx, n, opt)
		} else {
			out, err = k.importTx(ctx, tx, n, meeting.SanitizeName(opt.Series), opt)
		}
		if err != nil {
			return err
		}
		out.Revision, err = tx.BumpRevision(out.Meeting.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (k *Keeper) importTx(ctx context.Context, tx *store.Tx, n *notes.Notes, series string, opt NotesOptions) (*Imported, error) {
	channel := opt.Channel
	if channel == "" {
		channel = "f2f"
	}
	loc := n.Date.Location()
	c := meeting.NewChannel(channel, meeting.Options{Location: loc, Series: series, Source: "f2f", DateOnly: n.DateOnly})
	evs, m, err := n.Feed(c, notes.EventOptions{Chair: opt.Chair, People: k.dir})
	if err != nil {
		return nil, err
	}
	if m == nil || m.Ended.IsZero() {
		return nil, fmt.Errorf("import notes %s: the events did not make a whole meeting", n.Name)
	}
	rec := store.MeetingRecord{
		ID: m.ID, Channel: channel, Series: m.Series, Title: m.Title, Source: "f2f",
		TimeZone: loc.String(), Started: m.Started, Ended: m.Ended, ImportKey: opt.Key,
		SeriesOption: series, DateOnly: n.DateOnly,
	}
	if err := tx.StartMeeting(rec); err != nil {
		return nil, fmt.Errorf("import notes %s: %w", n.Name, err)
	}
	if _, err := tx.AppendEvents(rec.ID, evs); err != nil {
		return nil, fmt.Errorf("import notes %s: %w", n.Name, err)
	}
	changes, err := tracker.SyncTx(ctx, tx, m, k.dir)
	if err != nil {
		return nil, err
	}
	return &Imported{Step: Step{Changes: changes}, Meeting: m, Events: evs}, nil
}

func (k *Keeper) mergeTx(ctx context.Context, tx *store.Tx, n *notes.Notes, opt NotesOptions) (*Imported, error) {
	rec, err := tx.Meeting(opt.Merge)
	if err != nil {
		return nil, fmt.Errorf("merge notes %s: %w", n.Name, err)
	}
	if opt.Key != "" && slices.Contains(rec.MergedKeys, opt.Key) {
		return nil, fmt.Errorf("merge notes %s: already merged into meeting %s: %w", n.Name, rec.ID, store.ErrExists)
	}
	evs, err := tx.Events(rec.ID)
	if err != nil {
		return nil, fmt.Errorf("merge notes %s: %w", n.Name, err)
	}
	c, m := store.ReplayEvents(rec, evs)
	var last time.Time
	if len(evs) > 0 {
		last = evs[len(evs)-1].Time
	}
	if m == nil || (m != c.Meeting() && m != c.Ended()) || m.ID != rec.ID {
		return nil, fmt.Errorf("merge notes %s: the %d events of meeting %s make no meeting with that id; nothing to merge into", n.Name, len(evs), rec.ID)
	}
	start := n.Date
	if !last.IsZero() && !start.After(last) {
		start = last.Add(time.Second)
	}
	out, m, err := n.Feed(c, notes.EventOptions{Chair: m.Owner, People: k.dir, Merge: true, Start: start, Kind: meeting.KindNotes})
	if err != nil {
		return nil, err
	}
	if _, err := tx.AppendEvents(rec.ID, out); err != nil {
		return nil, fmt.Errorf("merge notes %s: %w", n.Name, err)
	}
	err = tx.UpdateMeeting(rec.ID, func(r *store.MeetingRecord) error {
		r.MergedNotes = n.Name
		if opt.Key != "" {
			r.MergedKeys = append(r.MergedKeys, opt.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	changes, err := tracker.SyncTx(ctx, tx, m, k.dir)
	if err != nil {
		return nil, err
	}
	return &Imported{Step: Step{Changes: changes}, Meeting: m, Events: out}, nil
}
