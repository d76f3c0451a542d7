package life

import (
	"context"
	"errors"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// Batch is several steps of meetings' lives (starts and lines, of one
// meeting or of several) taken in ONE store transaction: one commit, so one
// fsync, for all of them. Each step writes exactly what Keeper.Start or
// Keeper.Line would write for it alone, in the order the steps are taken:
// the events are appended in that order, and the record and the tracker
// see each line as the engine left the meeting after it, so the caller
// hands a line to the engine and then to the batch before it hands the
// next one to the engine.
//
// Nothing a batch wrote can be read before Keeper.Batch returns: the caller
// says nothing in reply to any of its lines until then. A step that fails
// may have written part of itself, so fn must then return an error (the
// whole batch is dropped); the one exception is Start's store.ErrExists,
// which writes nothing.
type Batch struct {
	k  *Keeper
	tx *store.Tx
	n  int
}

// errEmpty rolls back the transaction of a batch that took no step.
var errEmpty = errors.New("life: empty batch")

// Batch runs fn with a Batch and commits every step fn took in one
// transaction when fn returns nil. When fn or the commit fails, nothing of
// the batch is kept, and the error is returned: the caller takes the steps
// again one by one (Start, Line) to learn which one fails and keep the
// others. A batch in which fn took no step writes nothing (no commit, no
// fsync). fn must not open another store transaction (the batch holds
// the store's write transaction until it returns).
func (k *Keeper) Batch(fn func(b *Batch) error) error {
	err := k.st.Update(func(tx *store.Tx) error {
		b := &Batch{k: k, tx: tx}
		if err := fn(b); err != nil {
			return err
		}
		if b.n == 0 {
			return errEmpty
		}
		return nil
	})
	if errors.Is(err, errEmpty) {
		return nil
	}
	return err
}

// Len returns the number of steps taken in the batch so far.
func (b *Batch) Len() int { return b.n }

// Start is Keeper.Start inside the batch. When the id is taken it fails
// with store.ErrExists having written nothing, so the caller may try
// another id in the same batch.
func (b *Batch) Start(ctx context.Context, rec store.MeetingRecord, ev meeting.Event) (Step, error) {
	step, err := startTx(b.tx, rec, ev)
	if err == nil {
		b.n++
	}
	return step, err
}

// Line is Keeper.Line inside the batch.
func (b *Batch) Line(ctx context.Context, m *meeting.Meeting, ev meeting.Event, res meeting.Result) (Step, error) {
	step, err := b.k.lineTx(ctx, b.tx, m, ev, res)
	if err == nil {
		b.n++
	}
	return step, err
}

// startTx stores the record of a meeting and ev, the line that started it,
// in tx (Start and Batch.Start).
func startTx(tx *store.Tx, rec store.MeetingRecord, ev meeting.Event) (Step, error) {
	var step Step
	if err := tx.StartMeeting(rec); err != nil {
		return step, err
	}
	if _, err := tx.Append(rec.ID, ev); err != nil {
		return step, err
	}
	var err error
	if step.Agenda, err = startAgenda(tx, rec, ev); err != nil {
		return step, err
	}
	step.Revision, err = tx.BumpRevision(rec.ID)
	return step, err
}

// lineTx appends ev, which the engine handled into res, to meeting m in tx
// and brings the record and the items up to date (Line and Batch.Line).
func (k *Keeper) lineTx(ctx context.Context, tx *store.Tx, m *meeting.Meeting, ev meeting.Event, res meeting.Result) (Step, error) {
	var step Step
	if _, err := tx.Append(m.ID, ev); err != nil {
		return step, err
	}
	if res.AgendaChanged || (res.Ended && len(m.Agenda) > 0) {
		if err := saveAgenda(tx, m); err != nil {
			return step, err
		}
	}
	var err error
	track := trackNone
	switch {
	case res.ActionUndone:
		track = trackUndone
	case res.Ended || lastTracked(m, ev):
		track = trackItems
	}
	step.Changes, step.Revision, err = k.sync(ctx, tx, m, res.Changed || res.Ended, res.Ended, track, res.SummaryChanged)
	return step, err
}
