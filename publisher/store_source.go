package publisher

import (
	"context"
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// StoreSource is the Source of a gavel store: ended meetings (rebuilt by
// replaying their stored events through the engine) and action items.
type StoreSource struct {
	Store *store.Store
}

// Meetings returns the records of the store's ended meetings.
func (s StoreSource) Meetings(ctx context.Context) ([]Record, error) {
	recs, err := s.Store.AllMeetings()
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(recs))
	for _, r := range recs {
		if r.Open() {
			continue
		}
		out = append(out, Record{ID: r.ID, Series: r.Series, Title: r.Title, Channel: r.Channel, Source: r.Source,
			TimeZone: r.TimeZone, Started: r.Started, Ended: r.Ended, Summary: r.Summary})
	}
	return out, nil
}

// seriesOption is the record's Extra key holding the series the engine
// was configured with (as the bot stores it).
const seriesOption = "series_option"

// Meeting replays meeting id's stored events through a fresh engine with
// the options it ran with.
func (s StoreSource) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	rec, err := s.Store.Meeting(id)
	if err != nil {
		return nil, err
	}
	evs, err := s.Store.Events(id)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if rec.TimeZone != "" {
		if l, err := time.LoadLocation(rec.TimeZone); err == nil {
			loc = l
		}
	}
	eng := meeting.NewChannel(rec.Channel, meeting.Options{Location: loc, Series: rec.Extra[seriesOption],
		OpsAreChairs: rec.OpsAreChairs, BotNick: rec.BotNick, Source: rec.Source})
	var m *meeting.Meeting
	for _, ev := range evs {
		if r := eng.Handle(ev); r.Meeting != nil && (m == nil || r.Meeting.ID == rec.ID) {
			m = r.Meeting
		}
	}
	if m == nil {
		return nil, fmt.Errorf("meeting %s: its %d events start no meeting", id, len(evs))
	}
	if m.ID != rec.ID {
		// Imported meetings may be stored under another id than the
		// engine derives; the record's id is the one URLs use.
		m.ID = rec.ID
	}
	if rec.Series != "" {
		m.Series = rec.Series
	}
	return m, nil
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
	}
	return out, nil
}
