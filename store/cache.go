package store

import (
	"encoding/json"
	"fmt"
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
	mu     sync.Mutex
	loaded bool
	// txid is the id of the last committed transaction the cache reflects
	// (what bbolt's read transactions report as Tx.ID).
	txid int
	// items are never changed after insertion; writes replace them.
	items map[string]*ActionRecord
}

// snapshotFor returns the items if they reflect committed transaction txid.
func (c *actionCache) snapshotFor(txid int) map[string]*ActionRecord {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded && c.txid == txid {
		return c.items
	}
	return nil
}

// load fills the cache from a read transaction (state txid) unless it is
// already loaded, and returns the items for that state (nil if the cache
// moved on meanwhile).
func (c *actionCache) load(t *Tx) (map[string]*ActionRecord, error) {
	if c == nil || t.tx.Writable() {
		return nil, nil
	}
	txid := t.tx.ID()
	if items := c.snapshotFor(txid); items != nil {
		return items, nil
	}
	items := map[string]*ActionRecord{}
	err := t.bucket(bActions).ForEach(func(k, v []byte) error {
		a := new(ActionRecord)
		if err := json.Unmarshal(v, a); err != nil {
			return fmt.Errorf("action %s: decoding: %w", k, err)
		}
		items[string(k)] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || c.txid < txid {
		c.loaded, c.txid, c.items = true, txid, items
	}
	return items, nil
}

// commit applies the action writes of committed write transaction txid.
// Writes of a transaction that does not follow the cached state exactly
// (handlers can run out of order) drop the cache; the next reader reloads.
func (c *actionCache) commit(txid int, staged map[string]*ActionRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		return
	}
	if c.txid != txid-1 {
		c.loaded, c.items = false, nil
		return
	}
	if len(staged) > 0 {
		// Copy on write: readers may hold the old map.
		items := make(map[string]*ActionRecord, len(c.items)+len(staged))
		for k, v := range c.items {
			items[k] = v
		}
		for id, a := range staged {
			if a == nil {
				delete(items, id)
			} else {
				items[id] = a
			}
		}
		c.items = items
	}
	c.txid = txid
}

// cloneAction returns a copy of a that shares no slices with it.
func cloneAction(a *ActionRecord) ActionRecord {
	c := *a
	c.Owners = slices.Clone(a.Owners)
	c.Meetings = slices.Clone(a.Meetings)
	c.History = slices.Clone(a.History)
	return c
}
