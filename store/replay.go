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
		m = replayStep(eng, rec, ev, m)
	}
	return eng, m
}

// replayStep hands ev to eng and returns the meeting the replay of rec has
// made so far, m before ev: the one with rec's id when several started.
func replayStep(eng *meeting.Channel, rec MeetingRecord, ev meeting.Event, m *meeting.Meeting) *meeting.Meeting {
	if r := eng.Handle(ev); r.Meeting != nil && (m == nil || r.Meeting.ID == rec.ID) {
		return r.Meeting
	}
	return m
}

// logRoom is how many more log lines Replay makes room for when a meeting
// has started at event seq of the last: one for each event to come, a
// quarter more when the bot's replies are logged too (BotNick set), at most
// maxLogRoom (a longer log grows as it goes; the bound keeps a damaged
// sequence from costing memory).
func logRoom(last, seq uint64, replies bool) int {
	if seq >= last {
		return 0
	}
	left := last - seq
	if left > maxLogRoom {
		left = maxLogRoom
	}
	n := int(left)
	if replies {
		n += n / 4
	}
	return n
}

// maxLogRoom bounds logRoom: 65,536 lines, 4 MiB of log.
const maxLogRoom = 1 << 16

// Replay rebuilds meeting id (running or ended) from its record and its
// committed events, read in one transaction, through a fresh engine with
// the options it ran with. The meeting gets the record's id (imported
// meetings may be stored under another id than the engine derives, and
// the record's is the one URLs use) and the record's series when set.
//
// Each event goes to the engine as it is decoded, inside the transaction
// (what ReplayEvents does with the events Tx.Events lists, without the list:
// a full site build replays 2,000 meetings, and their lists were a tenth of
// what it allocated).
func (s *Store) Replay(id string) (*meeting.Meeting, error) {
	var rec MeetingRecord
	var m *meeting.Meeting
	n := 0
	err := s.View(func(tx *Tx) error {
		var err error
		if rec, err = tx.Meeting(id); err != nil {
			return err
		}
		eng := meeting.NewChannel(rec.Channel, EngineOptions(rec))
		last, err := tx.LastSeq(id)
		if err != nil {
			return err
		}
		reserved := false
		return tx.EachEvent(id, func(seq uint64, ev meeting.Event) error {
			n++
			m = replayStep(eng, rec, ev, m)
			if !reserved && eng.Meeting() != nil {
				// The meeting's log gets a line per event to come
				// (and the bot's replies): room made once.
				reserved = true
				eng.ReserveLog(logRoom(last, seq, rec.BotNick != ""))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", id, err)
	}
	if m == nil {
		return nil, fmt.Errorf("replay %s: its %d events start no meeting", id, n)
	}
	if m.ID != rec.ID {
		m.ID = rec.ID
	}
	if rec.Series != "" {
		m.Series = rec.Series
	}
	return m, nil
}
