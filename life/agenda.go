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

// AgendaDo applies op (an #agenda said between meetings, or gavel agenda
// from the shell) to its series' agenda in one transaction and returns
// the replies and the series. An op without a series takes that of
// channel's latest meeting (the channel's name when it had none).
func (k *Keeper) AgendaDo(ctx context.Context, op meeting.AgendaOp, channel string) (replies []string, series string, err error) {
	err = k.st.Update(func(tx *store.Tx) error {
		series = op.Series
		if series == "" {
			series = meeting.SanitizeName(channel)
			if rec, ok, err := tx.LatestIn(channel); err != nil {
				return err
			} else if ok {
				series = rec.Series
			}
		}
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
