package publisher

import (
	"context"
	"strconv"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// StoreSource is the Source of a gavel store: ended meetings (rebuilt by
// replaying their stored events through the engine) and action items.
type StoreSource struct {
	Store *store.Store
}

// ReleaseMapped drops the pages of the store file that reads brought into
// memory (store.Store.ReleaseMapped); a full build calls it now and then.
func (s StoreSource) ReleaseMapped() error { return s.Store.ReleaseMapped() }

// Meetings returns the records of the store's ended meetings, read in one
// transaction, each with its revision and last event sequence as
// Record.Revision.
func (s StoreSource) Meetings(ctx context.Context) ([]Record, error) {
	var out []Record
	err := s.Store.View(func(tx *store.Tx) error {
		recs, err := tx.AllMeetings()
		if err != nil {
			return err
		}
		out = make([]Record, 0, len(recs))
		for _, r := range recs {
			if r.Open() {
				continue
			}
			seq, err := tx.LastSeq(r.ID)
			if err != nil {
				return err
			}
			out = append(out, Record{ID: r.ID, Series: r.Series, Title: r.Title, Channel: r.Channel, Source: r.Source,
				TimeZone: r.TimeZone, Started: r.Started, Ended: r.Ended, Summary: r.Summary,
				Revision: strconv.FormatUint(r.Revision, 10) + "." + strconv.FormatUint(seq, 10)})
		}
		return nil
	})
	return out, err
}

// State returns the publisher's state kept in the store.
func (s StoreSource) State(ctx context.Context) (map[string]string, error) {
	return s.Store.SiteState()
}

// SaveState changes the publisher's state in the store, in one transaction.
func (s StoreSource) SaveState(ctx context.Context, set map[string]string) error {
	return s.Store.PutSiteState(set)
}

// Meeting replays meeting id's stored events through a fresh engine with
// the options it ran with (store.Store.Replay).
func (s StoreSource) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	return s.Store.Replay(id)
}

// Actions returns every action item of the store.
func (s StoreSource) Actions(ctx context.Context) ([]Action, error) {
	recs, err := s.Store.Actions(store.ActionFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]Action, len(recs))
	for i, a := range recs {
		out[i] = Action{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText, DueUnread: a.DueUnread,
			Status: a.Status, Series: a.Series, Meetings: a.Meetings, Created: a.Created, Updated: a.Updated, Revision: len(a.History)}
		for _, h := range a.History {
			switch {
			case h.Field == tracker.FieldMentioned:
				out[i].Raised = append(out[i].Raised, h.New)
			case h.Field == "status" && h.New == store.StatusDone && h.Meeting != "":
				out[i].Closings = append(out[i].Closings, Closing{Meeting: h.Meeting, At: h.At})
			}
		}
		if !out[i].Open() {
			out[i].Closed, out[i].ClosedBy = closing(&a)
		}
	}
	return out, nil
}

// closing returns when and by whom the closed item a was closed: its last
// recorded change of status, else its last update.
func closing(a *store.ActionRecord) (time.Time, string) {
	for i := len(a.History) - 1; i >= 0; i-- {
		if c := a.History[i]; c.Field == "status" && c.New != store.StatusOpen && c.New != "" {
			return c.At, c.Nick
		}
	}
	return a.Updated, ""
}
