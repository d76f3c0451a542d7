package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
)

// actionCache keeps every action record decoded in memory, so that listing
// thousands of items (the reminder sweep, "gavel actions") costs no JSON
// decoding. It is exact, not approximate: the process that has the file
// open read-write is its only writer (bbolt's exclusive lock), every write
// goes through Store.Update, and the cache records which committed
// transaction it reflects. A transaction uses it only when it reads exactly
// that state; otherwise it decodes from the file as if there were no cache.
type actionCache struct {
	follow
	// items are never changed after insertion; writes replace them.
	items *itemSet
}

// itemSet is one committed state of the cached records, never changed once
// made: a base map shared by many states and the changes made on top of
// it (a nil record: deleted), so that a commit copies only the changes,
// not 20,000 entries. The changes are folded into a new base once they
// grow past an eighth of it.
type itemSet struct {
	base map[string]*ActionRecord
	over map[string]*ActionRecord
}

// get returns record id (nil when there is none).
func (s *itemSet) get(id string) *ActionRecord {
	if a, ok := s.over[id]; ok {
		return a
	}
	return s.base[id]
}

// each calls fn with every record, in no particular order.
func (s *itemSet) each(fn func(id string, a *ActionRecord) error) error {
	for id, a := range s.base {
		if _, ok := s.over[id]; ok {
			continue
		}
		if err := fn(id, a); err != nil {
			return err
		}
	}
	for id, a := range s.over {
		if a != nil {
			if err := fn(id, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// with returns the state after the writes staged (nil: deleted).
func (s *itemSet) with(staged map[string]*ActionRecord) *itemSet {
	over := make(map[string]*ActionRecord, len(s.over)+len(staged))
	maps.Copy(over, s.over)
	maps.Copy(over, staged)
	if len(over) <= 64 || len(over) <= len(s.base)/8 {
		return &itemSet{base: s.base, over: over}
	}
	base := make(map[string]*ActionRecord, len(s.base)+len(over))
	maps.Copy(base, s.base)
	for k, v := range over {
		if v == nil {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	return &itemSet{base: base}
}

// snapshotFor returns the items if they reflect committed state (see
// startState).
func (c *actionCache) snapshotFor(state int) *itemSet {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at(state) {
		return c.items
	}
	return nil
}

// load fills the cache from a read transaction unless it already holds
// that state or a later one, and returns the items for t's state (nil if
// the cache moved on meanwhile).
func (c *actionCache) load(t *Tx) (*itemSet, error) {
	if c == nil || t.tx.Writable() {
		return nil, nil
	}
	state := startState(t.tx)
	if items := c.snapshotFor(state); items != nil {
		return items, nil
	}
	items, err := decodeActions(t)
	if err != nil {
		return nil, err
	}
	set := &itemSet{base: items}
	c.follow.load(state, func() { c.items = set })
	return set, nil
}

// decodeActions decodes every action record of t. An archive's 12,000
// records took 0.15-0.2 s of JSON decoding, all of it before a full site
// build could start: they are decoded on every core, in slices of the
// bucket's order (bbolt's values stay valid until t ends, which is after
// this returns). The error is that of the first bad record in key order.
func decodeActions(t *Tx) (map[string]*ActionRecord, error) {
	type raw struct{ k, v []byte }
	var all []raw
	if err := t.bucket(bActions).ForEach(func(k, v []byte) error {
		all = append(all, raw{k, v})
		return nil
	}); err != nil {
		return nil, err
	}
	recs := make([]*ActionRecord, len(all))
	errs := make([]error, len(all))
	decode := func(from, to int) {
		for i := from; i < to; i++ {
			a := new(ActionRecord)
			if err := json.Unmarshal(all[i].v, a); err != nil {
				errs[i] = fmt.Errorf("action %s: decoding: %w", all[i].k, err)
				continue
			}
			recs[i] = a
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(all)/decodeSlice)
	if workers <= 1 {
		decode(0, len(all))
	} else {
		var wg sync.WaitGroup
		per := (len(all) + workers - 1) / workers
		for from := 0; from < len(all); from += per {
			wg.Add(1)
			go func(from, to int) {
				defer wg.Done()
				decode(from, to)
			}(from, min(from+per, len(all)))
		}
		wg.Wait()
	}
	items := make(map[string]*ActionRecord, len(all))
	for i, r := range all {
		if errs[i] != nil {
			return nil, errs[i]
		}
		items[string(r.k)] = recs[i]
	}
	return items, nil
}

// decodeSlice is the fewest records decodeActions gives a goroutine.
const decodeSlice = 512

// commit applies the action writes of committed write transaction txid
// (nil record: deleted). A transaction that does not follow the cached
// state exactly (handlers can run out of order) drops the cache; the next
// reader reloads.
func (c *actionCache) commit(txid int, staged map[string]*ActionRecord) {
	c.follow.commit(txid, func() {
		if len(staged) > 0 {
			// Readers may hold the old state: a new one.
			c.items = c.items.with(staged)
		}
	}, nil, func() { c.items = nil })
}

// cloneAction returns a copy of a that shares no slices with it.
func cloneAction(a *ActionRecord) ActionRecord {
	c := *a
	c.Owners = slices.Clone(a.Owners)
	c.Meetings = slices.Clone(a.Meetings)
	c.History = slices.Clone(a.History)
	return c
}
