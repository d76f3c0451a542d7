package store

import (
	"cmp"
	"maps"
)

// recentCache keeps, for write transactions, the action records the last
// commits of this process wrote, as they staged them (decoded), so that a
// write transaction that reads one of them again (the tracker linking a
// repeated #action to the item the series' previous meeting made or
// linked) neither looks it up in the file nor decodes its JSON. In an
// archive that closes nothing an item repeated week after week grows a
// history with each repeat, and decoding it grew with the archive; the
// item is nearly always one the last batch of `gavel import` wrote.
//
// It is exact the way the action cache is (follow): a record it holds is
// the one in the file at the committed state it follows, because every
// write goes through Store.Update and its commit hands the cache what it
// staged. An empty copy is exact at any state, so a write transaction that
// finds none held starts one from its own. It is bounded: when the records
// of the newer generation pass recentGeneration, they become the older one
// and the records older than that are forgotten (a forgotten record is
// read from the file, as without the cache).
type recentCache struct {
	follow
	// newer and older hold records by id, nil for an item deleted;
	// neither map is changed once a transaction may read it (commit makes
	// new maps).
	newer, older map[string]*ActionRecord
	// generation is how many records the newer generation holds before
	// it becomes the older (0: recentGeneration).
	generation int
}

// recentGeneration is how many records the newer generation holds before it
// becomes the older. A batch of `gavel import` writes about 1,200, so after
// each the older holds that batch's records, where the next batch finds the
// items it links (2,048 found no more of them).
const recentGeneration = 512

// snapshot returns the generations for write transaction state (the
// committed state it starts from), starting an empty copy there when none
// is held; ok is false when the copy follows another state.
func (c *recentCache) snapshot(state int) (newer, older map[string]*ActionRecord, ok bool) {
	if c == nil {
		return nil, nil, false
	}
	c.follow.load(state, func() { c.newer, c.older = nil, nil })
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(state) {
		return nil, nil, false
	}
	return c.newer, c.older, true
}

// commit brings the copy to the state committed write transaction txid left,
// which staged the records written (nil: deleted).
func (c *recentCache) commit(txid int, staged map[string]*ActionRecord) {
	c.follow.commit(txid, func() {
		if len(staged) == 0 {
			return
		}
		newer := make(map[string]*ActionRecord, len(c.newer)+len(staged))
		maps.Copy(newer, c.newer)
		maps.Copy(newer, staged)
		if len(newer) > cmp.Or(c.generation, recentGeneration) {
			c.newer, c.older = nil, newer
			return
		}
		c.newer = newer
	}, nil, func() { c.newer, c.older = nil, nil })
}

// recent returns the record id as the commits the cache follows left it:
// known says the cache holds it (a nil record: deleted).
func (t *Tx) recent(id string) (a *ActionRecord, known bool) {
	if t.recentItems == nil || !t.tx.Writable() {
		return nil, false
	}
	if !t.recentRead {
		t.recentNewer, t.recentOlder, t.recentOK = t.recentItems.snapshot(startState(t.tx))
		t.recentRead = true
	}
	if !t.recentOK {
		return nil, false
	}
	if a, ok := t.recentNewer[id]; ok {
		return a, true
	}
	a, ok := t.recentOlder[id]
	return a, ok
}
