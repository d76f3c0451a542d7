package publisher

import (
	"context"
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
	conv  map[string]itemConv
	order []string
}

type itemConv struct {
	rec *store.ActionRecord
	act Action
}

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
		recs, err := tx.AllMeetings()
		if err != nil {
			return err
		}
		out = make([]Record, 0, len(recs))
		for _, r := range recs {
			if r.Open() {
				continue
			}
			revision, ok := s.seqs.get(r.ID, r.Revision)
			if !ok {
				seq, err := tx.LastSeq(r.ID)
				if err != nil {
					return err
				}
				revision = strconv.FormatUint(r.Revision, 10) + "." + strconv.FormatUint(seq, 10)
				s.seqs.put(r.ID, r.Revision, revision)
			}
			out = append(out, Record{ID: r.ID, Series: r.Series, Title: r.Title, Channel: r.Channel, Source: r.Source,
				TimeZone: r.TimeZone, Started: r.Started, Ended: r.Ended, Summary: r.Summary, Revision: revision})
		}
		return nil
	})
	return out, err
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
	next := make(map[string]itemConv, len(c.conv))
	hits := 0
	err := s.Store.EachAction(func(a *store.ActionRecord) error {
		if old, ok := c.conv[a.ID]; ok && old.rec == a {
			next[a.ID] = old
			hits++
			return nil
		}
		next[a.ID] = itemConv{rec: a, act: actionOf(a)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if hits != len(c.order) || len(next) != len(c.order) {
		// Items came or went: order them again (by id, as Store.Actions).
		c.order = c.order[:0]
		for id := range next {
			c.order = append(c.order, id)
		}
		sort.Slice(c.order, func(i, j int) bool {
			a, b := c.order[i], c.order[j]
			if len(a) != len(b) {
				return len(a) < len(b)
			}
			return a < b
		})
	}
	c.conv = next
	out := make([]Action, len(c.order))
	for i, id := range c.order {
		out[i] = next[id].act
	}
	return out, nil
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
