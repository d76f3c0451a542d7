package store

import (
	"encoding/json"
	"fmt"

	"github.com/gavel-irc/gavel/meeting"
)

// Agenda returns series' agenda: every item in order, the open ones and
// those covered or dropped (with the meeting that did it). The "agenda"
// bucket holds one JSON list per series.
func (t *Tx) Agenda(series string) ([]meeting.AgendaItem, error) {
	v := t.bucket(bAgenda).Get([]byte(series))
	if v == nil {
		return nil, nil
	}
	var items []meeting.AgendaItem
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, fmt.Errorf("agenda of %q: %w", series, err)
	}
	return items, nil
}

// PutAgenda replaces series' agenda with items.
func (t *Tx) PutAgenda(series string, items []meeting.AgendaItem) error {
	if series == "" {
		return fmt.Errorf("agenda: empty series")
	}
	if len(items) == 0 {
		return t.bucket(bAgenda).Delete([]byte(series))
	}
	v, err := json.Marshal(items)
	if err != nil {
		return fmt.Errorf("agenda of %q: %w", series, err)
	}
	if err := t.bucket(bAgenda).Put([]byte(series), v); err != nil {
		return fmt.Errorf("agenda of %q: %w", series, err)
	}
	return nil
}

// NextAgenda returns the open items of series' agenda, in order: what the
// series' next meeting will go through (the site's series and home pages
// and the meeting announcements show it).
func (s *Store) NextAgenda(series string) (items []meeting.AgendaItem, err error) {
	err = s.View(func(tx *Tx) error {
		all, err := tx.Agenda(series)
		items = meeting.OpenAgenda(all)
		return err
	})
	return items, err
}

// NextAgendas returns the open items of every series' agenda that has
// some (the site's home page lists them), by series.
func (s *Store) NextAgendas() (map[string][]meeting.AgendaItem, error) {
	out := map[string][]meeting.AgendaItem{}
	err := s.View(func(tx *Tx) error {
		return tx.bucket(bAgenda).ForEach(func(k, v []byte) error {
			var items []meeting.AgendaItem
			if err := json.Unmarshal(v, &items); err != nil {
				return fmt.Errorf("agenda of %q: %w", k, err)
			}
			if open := meeting.OpenAgenda(items); len(open) > 0 {
				out[string(k)] = open
			}
			return nil
		})
	})
	return out, err
}
