package store

import "github.com/gavel-irc/gavel/meeting"

// appendMany adds evs at the end of meeting id's events in one transaction.
func appendMany(s *Store, id string, evs []meeting.Event) error {
	return s.Update(func(tx *Tx) error {
		for _, ev := range evs {
			if _, err := tx.Append(id, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
