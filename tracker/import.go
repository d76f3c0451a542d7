package tracker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
)

// ExtraMergedNotes is the MeetingRecord.Extra key a merge sets on the IRC
// meeting: the name of the notes file folded into it.
const ExtraMergedNotes = "merged_notes"

// ExtraMergedKeys is the MeetingRecord.Extra key holding the keys
// (ImportOptions.Key) of the notes merged into the meeting, separated by
// spaces: merging the same file again fails with store.ErrExists.
const ExtraMergedKeys = "merged_notes_keys"

// ImportOptions configure ImportNotes.
type ImportOptions struct {
	// Series is the meeting series (sanitised with meeting.SanitizeName);
	// the series of the IRC meetings whose items should link.
	Series string
	// Channel names the meeting's channel in the record ("f2f" when empty).
	Channel string
	// Chair is the nick the events are said by (notes.DefaultChair).
	Chair string
	// People resolves names; nil keeps them as written.
	People *people.Directory
	// Key identifies the file (a hash of its bytes): importing the same
	// file again fails with store.ErrExists instead of a second meeting,
	// and merging it again into the same meeting fails so too.
	Key string
	// Merge is the id of an IRC meeting, ended or still open, to fold
	// the notes into instead of making a new meeting: the notes' lines
	// are appended to its events as meeting.KindNotes events, which the
	// engine applies also after #endmeeting.
	Merge string
	// Paths, when set, gives the minutes files of the new meeting for its
	// record (format -> relative path), as minutes.Paths does.
	Paths func(m *meeting.Meeting) (map[string]string, error)
}

// Imported is what ImportNotes stored.
type Imported struct {
	// Meeting is the meeting as the engine replays it from its events.
	Meeting *meeting.Meeting
	// Events are the events appended.
	Events []meeting.Event
	// Changes are the tracker's changes.
	Changes []Change
}

// ImportNotes stores face-to-face notes as a meeting — its record, its
// events (written by notes.Feed through the engine) and its action items —
// in ONE store transaction: on any error nothing is stored. With
// opt.Merge, the events are appended to that meeting instead.
func ImportNotes(ctx context.Context, st *store.Store, n *notes.Notes, opt ImportOptions) (*Imported, error) {
	if opt.Series == "" {
		return nil, errors.New("import notes: no series")
	}
	series := meeting.SanitizeName(opt.Series)
	var out *Imported
	err := st.Update(func(tx *store.Tx) error {
		var err error
		if opt.Merge != "" {
			out, err = mergeTx(ctx, tx, n, opt)
		} else {
			out, err = importTx(ctx, tx, n, series, opt)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func importTx(ctx context.Context, tx *store.Tx, n *notes.Notes, series string, opt ImportOptions) (*Imported, error) {
	channel := opt.Channel
	if channel == "" {
		channel = "f2f"
	}
	loc := n.Date.Location()
	mo := meeting.Options{Location: loc, Series: series, Source: "f2f"}
	c := meeting.NewChannel(channel, mo)
	evs, m, err := n.Feed(c, notes.EventOptions{Chair: opt.Chair, People: opt.People})
	if err != nil {
		return nil, err
	}
	if m == nil || m.Ended.IsZero() {
		return nil, fmt.Errorf("import notes %s: the events did not make a whole meeting", n.Name)
	}
	rec := store.MeetingRecord{
		ID: m.ID, Channel: channel, Series: m.Series, Title: m.Title, Source: "f2f",
		TimeZone: loc.String(), Started: m.Started, Ended: m.Ended, ImportKey: opt.Key,
		Extra: map[string]string{store.ExtraSeriesOption: series},
	}
	if opt.Paths != nil {
		if rec.Files, err = opt.Paths(m); err != nil {
			return nil, fmt.Errorf("import notes %s: %w", n.Name, err)
		}
	}
	if err := tx.StartMeeting(rec); err != nil {
		return nil, fmt.Errorf("import notes %s: %w", n.Name, err)
	}
	for _, ev := range evs {
		if _, err := tx.Append(rec.ID, ev); err != nil {
			return nil, fmt.Errorf("import notes %s: %w", n.Name, err)
		}
	}
	changes, err := SyncTx(ctx, tx, m, opt.People)
	if err != nil {
		return nil, err
	}
	return &Imported{Meeting: m, Events: evs, Changes: changes}, nil
}

func mergeTx(ctx context.Context, tx *store.Tx, n *notes.Notes, opt ImportOptions) (*Imported, error) {
	rec, err := tx.Meeting(opt.Merge)
	if err != nil {
		return nil, fmt.Errorf("merge notes %s: %w", n.Name, err)
	}
	if opt.Key != "" && slices.Contains(strings.Fields(rec.Extra[ExtraMergedKeys]), opt.Key) {
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
	out, m, err := n.Feed(c, notes.EventOptions{Chair: m.Owner, People: opt.People, Merge: true, Start: start, Kind: meeting.KindNotes})
	if err != nil {
		return nil, err
	}
	for _, ev := range out {
		if _, err := tx.Append(rec.ID, ev); err != nil {
			return nil, fmt.Errorf("merge notes %s: %w", n.Name, err)
		}
	}
	err = tx.UpdateMeeting(rec.ID, func(r *store.MeetingRecord) error {
		if r.Extra == nil {
			r.Extra = map[string]string{}
		}
		r.Extra[ExtraMergedNotes] = n.Name
		if opt.Key != "" {
			r.Extra[ExtraMergedKeys] = strings.TrimSpace(r.Extra[ExtraMergedKeys] + " " + opt.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	changes, err := SyncTx(ctx, tx, m, opt.People)
	if err != nil {
		return nil, err
	}
	return &Imported{Meeting: m, Events: out, Changes: changes}, nil
}
