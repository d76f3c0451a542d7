package life

import (
	"context"
	"fmt"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// startAgenda stores, right after a meeting's start line ev, the event
// that gives the meeting its series' open agenda, and returns it (nil when
// the series has no open item).
func startAgenda(tx *store.Tx, rec store.MeetingRecord, ev meeting.Event) (*meeting.Event, error) {
	items, err := tx.Agenda(rec.Series)
	if err != nil {
		return nil, err
	}
	if len(meeting.OpenAgenda(items)) == 0 {
		return nil, nil
	}
	aev, err := meeting.AgendaEvent(ev.Time, rec.Channel, items)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Append(rec.ID, aev); err != nil {
		return nil, err
	}
	return &aev, nil
}

// saveAgenda writes meeting m's agenda into its series' agenda: the
// meeting's open items (current and carried ones too) in the meeting's
// order, then the series' open items the meeting does not have (added
// from the shell or another channel meanwhile), then the finished items:
// the series' older ones and those the meeting covered or dropped.
func saveAgenda(tx *store.Tx, m *meeting.Meeting) error {
	stored, err := tx.Agenda(m.Series)
	if err != nil {
		return err
	}
	return tx.PutAgenda(m.Series, mergeAgenda(stored, m.Agenda))
}

// mergeAgenda is saveAgenda's rule: see there.
func mergeAgenda(stored, mine []meeting.AgendaItem) []meeting.AgendaItem {
	have := map[string]bool{}
	for _, it := range mine {
		have[it.Key] = true
	}
	var open, done []meeting.AgendaItem
	for _, it := range mine {
		if it.Open() {
			it.Status = meeting.AgendaOpen
			open = append(open, it)
		}
	}
	for _, it := range stored {
		switch {
		case have[it.Key]:
		case it.Open():
			open = append(open, it)
		default:
			done = append(done, it)
		}
	}
	for _, it := range mine {
		if !it.Open() {
			done = append(done, it)
		}
	}
	return append(open, done...)
}

// AgendaHolder applies an agenda change to the running meeting id (in
// channel), which holds its series' agenda while it runs: the bot, whose
// worker owns the meeting's engine, feeds it the change as an event
// (meeting.AgendaOpEvent) and stores it with Line. handled is false when
// the meeting does not run there (any more).
type AgendaHolder func(ctx context.Context, op meeting.AgendaOp, id, channel string) (replies []string, handled bool, err error)

// SetAgendaHolder makes h (the running bot's) the way AgendaDo changes the
// agenda of a series whose meeting runs; nil when the bot stops.
func (k *Keeper) SetAgendaHolder(h AgendaHolder) {
	if h == nil {
		k.holder.Store(nil)
		return
	}
	k.holder.Store(&h)
}

// AgendaDo applies op (an #agenda said between meetings, or gavel agenda
// from the shell) to its series' agenda and returns the replies and the
// series. An op without a series takes that of channel's latest meeting
// (the channel's name when it had none). While a meeting of the series
// runs, the meeting owns the agenda (its engine holds it and writes it
// back at each change): a change goes through that meeting, by the
// AgendaHolder when a bot runs it, else into the stored meeting's events
// (agendaInStored), never around it (a drop would come back at the
// meeting's next change). Otherwise it is one transaction on the store's
// agenda.
func (k *Keeper) AgendaDo(ctx context.Context, op meeting.AgendaOp, channel string) (replies []string, series string, err error) {
	var held store.MeetingRecord
	err = k.st.View(func(tx *store.Tx) error {
		series = op.Series
		if series == "" {
			series = meeting.SanitizeName(channel)
			if rec, ok, err := tx.LatestIn(channel); err != nil {
				return err
			} else if ok {
				series = rec.Series
			}
		}
		if op.Op == "list" {
			return nil
		}
		open, err := tx.OpenMeetings()
		if err != nil {
			return err
		}
		for _, rec := range open {
			if rec.Series == series {
				held = rec
			}
		}
		return nil
	})
	if err != nil {
		return nil, series, fmt.Errorf("agenda of %q (%s): %w", series, op.Op, err)
	}
	op.Series = series
	if held.ID != "" {
		if h := k.holder.Load(); h != nil {
			replies, handled, err := (*h)(ctx, op, held.ID, held.Channel)
			if err != nil {
				return nil, series, fmt.Errorf("agenda of %q (%s) in the running meeting %s: %w", series, op.Op, held.ID, err)
			}
			if handled {
				return replies, series, nil
			}
		}
		if replies, ok, err := k.agendaInStored(ctx, op, held.ID); err != nil || ok {
			if err != nil {
				err = fmt.Errorf("agenda of %q (%s) in the open meeting %s: %w", series, op.Op, held.ID, err)
			}
			return replies, series, err
		}
	}
	err = k.st.Update(func(tx *store.Tx) error {
		items, err := tx.Agenda(series)
		if err != nil {
			return err
		}
		items, replies = op.Apply(items, "")
		if op.Op == "list" {
			return nil
		}
		return tx.PutAgenda(series, items)
	})
	if err != nil {
		return nil, series, fmt.Errorf("agenda of %q (%s): %w", series, op.Op, err)
	}
	return replies, series, nil
}

// agendaInStored applies op to the open meeting id in the store when no
// bot runs it (gavel agenda without gavel run): the meeting replayed, the
// change fed to it as the bot would (meeting.AgendaOpEvent) and stored
// with Line, so the bot that resumes the meeting has it. ok is false when
// the meeting has ended meanwhile.
func (k *Keeper) agendaInStored(ctx context.Context, op meeting.AgendaOp, id string) (replies []string, ok bool, err error) {
	rec, err := k.st.Meeting(id)
	if err != nil {
		return nil, false, err
	}
	if !rec.Open() {
		return nil, false, nil
	}
	evs, err := k.st.Events(id)
	if err != nil {
		return nil, false, err
	}
	ch, _ := store.ReplayEvents(rec, evs)
	if ch.Meeting() == nil {
		return nil, false, nil
	}
	ev, err := meeting.AgendaOpEvent(op, rec.Channel)
	if err != nil {
		return nil, false, err
	}
	res := ch.Handle(ev)
	if !res.Recorded {
		return nil, false, nil
	}
	if _, err := k.Line(ctx, res.Meeting, ev, res); err != nil {
		return nil, true, err
	}
	return res.Replies, true, nil
}
