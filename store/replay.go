package store

import (
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// EngineOptions returns the engine options meeting rec ran with: its time
// zone (UTC when empty or unknown to this system), the series option
// (SeriesOption, SeriesFixed), ops-are-chairs, the bot's nick, the
// source and whether it has a date only.
func EngineOptions(rec MeetingRecord) meeting.Options {
	loc := time.UTC
	if rec.TimeZone != "" {
		if l, err := time.LoadLocation(rec.TimeZone); err == nil {
			loc = l
		}
	}
	return meeting.Options{
		Location:     loc,
		Series:       rec.SeriesOption,
		SeriesFixed:  rec.SeriesFixed,
		OpsAreChairs: rec.OpsAreChairs,
		BotNick:      rec.BotNick,
		Source:       rec.Source,
		DateOnly:     rec.DateOnly,
	}
}

// ReplayEvents feeds evs through a fresh engine for channel rec.Channel
// with EngineOptions(rec). It returns the engine (whose Meeting is the
// meeting still running after the events, if any) and the meeting the
// events made: the one with rec's id when several started, nil when they
// start none. The meeting is returned as the engine made it; Replay also
// gives it the record's id and series.
func ReplayEvents(rec MeetingRecord, evs []meeting.Event) (*meeting.Channel, *meeting.Meeting) {
	eng := meeting.NewChannel(rec.Channel, EngineOptions(rec))
	var m *meeting.Meeting
	for _, ev := range evs {
		if r := eng.Handle(ev); r.Meeting != nil && (m == nil || r.Meeting.ID == rec.ID) {
			m = r.Meeting
		}
	}
	return eng, m
}

// Replay rebuilds meeting id (running or ended) from its record and its
// committed events, read in one transaction, through a fresh engine with
// the options it ran with. The meeting gets the record's id (imported
// meetings may be stored under another id than the engine derives, and
// the record's is the one URLs use) and the record's series when set.
func (s *Store) Replay(id string) (*meeting.Meeting, error) {
	var rec MeetingRecord
	var evs []meeting.Event
	err := s.View(func(tx *Tx) error {
		var err error
		if rec, err = tx.Meeting(id); err != nil {
			return err
		}
		evs, err = tx.Events(id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", id, err)
	}
	_, m := ReplayEvents(rec, evs)
	if m == nil {
		return nil, fmt.Errorf("replay %s: its %d events start no meeting", id, len(evs))
	}
	if m.ID != rec.ID {
		m.ID = rec.ID
	}
	if rec.Series != "" {
		m.Series = rec.Series
	}
	return m, nil
}
