package life

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// ErrNoItem is what ChangeItem returns (wrapped) for an id the tracker
// does not know.
var ErrNoItem = errors.New("no such action item")

// ChangeItem is an owner's answer outside a meeting (done, snooze, due in
// a private message to the bot): edit changes action item id, and may
// write what goes with the change (the reminders' marks) in tx, or refuse
// with an error, and then nothing is written. The record, its new history
// entries and Updated (set to at) are written in ONE transaction with what
// edit wrote. The item's revision is its history: the publisher compares
// it (with the item's fields) to know which pages list a changed item, so
// the next publish writes exactly those.
func (k *Keeper) ChangeItem(ctx context.Context, id string, at time.Time, edit func(tx *store.Tx, a *store.ActionRecord) error) (store.ActionRecord, error) {
	var out store.ActionRecord
	err := k.st.Update(func(tx *store.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, ok, err := tx.Get(id)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("action item %q: %w", id, ErrNoItem)
		}
		n := len(a.History)
		if err := edit(tx, &a); err != nil {
			return err
		}
		if len(a.History) == n {
			return fmt.Errorf("action item %s: a change without a history entry", id)
		}
		a.Updated = at
		out = a
		return tx.PutAction(a)
	})
	return out, err
}
