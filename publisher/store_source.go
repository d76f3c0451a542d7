package publisher

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// StoreSource is the Source of a gavel store: ended meetings (rebuilt by
// replaying their stored events through the engine) and action items.
// Made with NewStoreSource, it keeps each action item as the publisher
// takes it between calls, converting again only the items the store
// changed (a StoreSource{Store: st} converts every item each time).
type StoreSource struct {
	Store *store.Store
	items *itemCache
	seqs  *seqCache
}

// seqCache holds each ended meeting's last event sequence with the
// revision it was read at. The Keeper (life) bumps a meeting's revision in
// the transaction of every event it appends, so a meeting whose revision
// did not move has the same last sequence, and listing the meetings reads
// only the sequences of the ones that changed.
type seqCache struct {
	mu  sync.Mutex
	seq map[string]seqEntry
}

// seqEntry is a meeting's revision and the Record.Revision made of it and
// its last sequence.
type seqEntry struct {
	rev      uint64
	revision string
}

// NewStoreSource returns the Source of st, for a Publisher kept for the
// life of a process (gavel run's).
func NewStoreSource(st *store.Store) StoreSource {
	return StoreSource{Store: st, items: &itemCache{}, seqs: &seqCache{seq: map[string]seqEntry{}}}
}

// itemCache holds the action items converted from the store's records,
// each with the record it was made from (the store's cache gives the same
// pointer for an item until it changes), and the last listing's order.
type itemCache struct {
	mu    sync.Mutex
	conv  map[string]*itemConv
	order []string
	// gen counts the listings; itemConv.seen is the last that saw it.
	gen uint64
}

type itemConv struct {
	rec  *store.ActionRecord
	act  Action
	seen uint64
}

// freshMeetings: Meeting replays each meeting anew (freshSource).
func (StoreSource) freshMeetings() {}

// ReleaseMapped drops the pages of the store file that reads brought into
// memory (store.Store.ReleaseMapped); a full build calls it now and then.
func (s StoreSource) ReleaseMapped() error { return s.Store.ReleaseMapped() }

// Meetings returns the records of the store's ended meetings, read in one
// transaction, each with its revision and last event sequence as
// Record.Revision.
func (s StoreSource) Meetings(ctx context.Context) ([]Record, error) {
	var out []Record
	if s.seqs != nil {
		s.seqs.mu.Lock()
		defer s.seqs.mu.Unlock()
	}
	err := s.Store.View(func(tx *store.Tx) error {
		return tx.EachMeeting(func(r store.MeetingRecord) error {
			if r.Open() {
				return nil
			}
			rec, err := s.record(tx, &r)
			out = append(out, rec)
			return err
		})
	})
	return out, err
}

// record is r as the publisher takes it, its Record.Revision made of its
// revision and last event sequence (the caller holds s.seqs.mu).
func (s StoreSource) record(tx *store.Tx, r *store.MeetingRecord) (Record, error) {
	revision, ok := s.seqs.get(r.ID, r.Revision)
	if !ok {
		seq, err := tx.LastSeq(r.ID)
		if err != nil {
			return Record{}, err
		}
		revision = strconv.FormatUint(r.Revision, 10) + "." + strconv.FormatUint(seq, 10)
		s.seqs.put(r.ID, r.Revision, revision)
	}
	return Record{ID: r.ID, Series: r.Series, Title: r.Title, Channel: r.Channel, Source: r.Source,
		TimeZone: r.TimeZone, Started: r.Started, Ended: r.Ended, Summary: r.Summary, Revision: revision}, nil
}

// sourceState returns the store's committed state, for a listing that
// follows (what changes after it is in the next delta).
func (s StoreSource) sourceState(ctx context.Context) (int, error) {
	at := 0
	err := s.Store.View(func(tx *store.Tx) error { at = tx.State(); return nil })
	return at, err
}

// delta returns what changed in the store since state since, read in one
// transaction with the store's change log (store.Tx.ChangesSince): the
// records of the meetings written since (ended ones; the others unlisted),
// the action items written since and those gone. ok is false when the
// store cannot say (the caller lists everything) or for a StoreSource not
// made by NewStoreSource.
func (s StoreSource) delta(ctx context.Context, since int) (d sourceDelta, ok bool, err error) {
	if s.seqs == nil {
		return d, false, nil
	}
	s.seqs.mu.Lock()
	defer s.seqs.mu.Unlock()
	err = s.Store.View(func(tx *store.Tx) error {
		ch, good := tx.ChangesSince(since)
		d.at, ok = ch.At, good
		if !good {
			return nil
		}
		for _, id := range ch.Meetings {
			r, err := tx.Meeting(id)
			if errors.Is(err, store.ErrNotFound) || (err == nil && r.Open()) {
				d.unlisted = append(d.unlisted, id)
				continue
			}
			if err != nil {
				return err
			}
			rec, err := s.record(tx, &r)
			if err != nil {
				return err
			}
			d.meetings = append(d.meetings, rec)
		}
		for _, id := range ch.Actions {
			a, err := tx.Action(id)
			if errors.Is(err, store.ErrNotFound) {
				d.goneActions = append(d.goneActions, id)
				continue
			}
			if err != nil {
				return err
			}
			d.actions = append(d.actions, actionOf(&a))
		}
		return nil
	})
	return d, ok && err == nil, err
}

// get returns the Record.Revision of meeting id at revision rev, if
// cached (the caller holds mu; a nil cache has none).
func (c *seqCache) get(id string, rev uint64) (string, bool) {
	if c == nil {
		return "", false
	}
	e, ok := c.seq[id]
	return e.revision, ok && e.rev == rev
}

func (c *seqCache) put(id string, rev uint64, revision string) {
	if c != nil {
		c.seq[id] = seqEntry{rev, revision}
	}
}

// Agendas returns the open items of every series' agenda (what each
// series' next meeting goes through), by series.
func (s StoreSource) Agendas(ctx context.Context) (map[string][]meeting.AgendaItem, error) {
	return s.Store.NextAgendas()
}

// State returns the publisher's state kept in the store.
func (s StoreSource) State(ctx context.Context) (map[string]string, error) {
	return s.Store.SiteState()
}

// StateKey returns one key of the publisher's state ("" when unset).
func (s StoreSource) StateKey(ctx context.Context, key string) (string, error) {
	return s.Store.SiteStateKey(key)
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

// Actions returns every action item of the store, ordered by id.
func (s StoreSource) Actions(ctx context.Context) ([]Action, error) {
	if s.items == nil {
		recs, err := s.Store.Actions(store.ActionFilter{})
		if err != nil {
			return nil, err
		}
		out := make([]Action, len(recs))
		for i := range recs {
			out[i] = actionOf(&recs[i])
		}
		return out, nil
	}
	c := s.items
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conv == nil {
		c.conv = map[string]*itemConv{}
	}
	c.gen++
	var added []string
	listed := 0
	err := s.Store.EachAction(func(a *store.ActionRecord) error {
		listed++
		e := c.conv[a.ID]
		switch {
		case e == nil:
			e = &itemConv{rec: a, act: actionOf(a)}
			c.conv[a.ID] = e
			added = append(added, a.ID)
		case e.rec != a:
			e.rec, e.act = a, actionOf(a)
		}
		e.seen = c.gen
		return nil
	})
	if err != nil {
		c.conv, c.order = nil, nil // read again in full next time
		return nil, err
	}
	if listed != len(c.conv) {
		// Items went (they were not listed): keep the order of the others.
		kept := c.order[:0]
		for _, id := range c.order {
			if e := c.conv[id]; e != nil && e.seen == c.gen {
				kept = append(kept, id)
			}
		}
		c.order = kept
		for id, e := range c.conv {
			if e.seen != c.gen {
				delete(c.conv, id)
			}
		}
	}
	if len(added) > 0 {
		// New items (usually the highest ids): sort them and merge.
		sort.Slice(added, func(i, j int) bool { return idOrder(added[i], added[j]) })
		if n := len(c.order); n == 0 || idOrder(c.order[n-1], added[0]) {
			c.order = append(c.order, added...)
		} else {
			merged := make([]string, 0, len(c.order)+len(added))
			i, j := 0, 0
			for i < len(c.order) || j < len(added) {
				if j == len(added) || (i < len(c.order) && idOrder(c.order[i], added[j])) {
					merged = append(merged, c.order[i])
					i++
				} else {
					merged = append(merged, added[j])
					j++
				}
			}
			c.order = merged
		}
	}
	out := make([]Action, len(c.order))
	for i, id := range c.order {
		out[i] = c.conv[id].act
	}
	return out, nil
}

// idOrder orders action ids as Store.Actions lists them: shorter first
// (a9 before a10), then by text.
func idOrder(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// actionOf is the store's record a as the publisher takes it.
func actionOf(a *store.ActionRecord) Action {
	out := Action{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText, DueUnread: a.DueUnread,
		Status: a.Status, Series: a.Series, Meetings: a.Meetings, Created: a.Created, Updated: a.Updated, Revision: len(a.History)}
	for _, h := range a.History {
		switch {
		case h.Field == tracker.FieldMentioned:
			out.Raised = append(out.Raised, h.New)
		case h.Field == "status" && h.New == store.StatusDone && h.Meeting != "":
			out.Closings = append(out.Closings, Closing{Meeting: h.Meeting, At: h.At})
		}
	}
	if !out.Open() {
		out.Closed, out.ClosedBy = closing(a)
	}
	return out
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
