package store

import (
	"slices"
	"strings"
	"sync"
)

// Changes is what the write transactions committed after a reader's last
// look changed: the ids of the meetings whose record or events were
// written and of the action items written or deleted. A reader keeps At
// and asks again with it (Tx.ChangesSince), so that keeping a model of the
// archive up to date costs what changed, not the archive's size.
type Changes struct {
	// At is the state the answer brings the reader to (the reading
	// transaction's id).
	At int
	// Meetings and Actions are the ids written since, each once.
	Meetings []string
	Actions  []string
}

// changeLog keeps, per committed write transaction, the meetings and action
// items it wrote, for the last changeLogKeep transactions that wrote any.
// Like actionCache it is exact: the process holding the file read-write is
// its only writer and every write goes through Store.Update, whose commit
// records its ids here in transaction order.
type changeLog struct {
	mu sync.Mutex
	// done is the last transaction id whose changes are recorded: every
	// transaction up to it is, and none after it.
	done int
	// from is the oldest state a reader may come from: transactions
	// after it are all in entries.
	from    int
	entries []changeEntry
	// pending holds commits recorded out of order (bbolt runs commit
	// handlers after releasing the writer lock), until the ones before
	// them arrive.
	pending map[int]changeEntry
}

type changeEntry struct {
	txid     int
	meetings idList
	actions  idList
}

// idList is ids kept as one string and where each ends: a handful of
// objects for the garbage collector to visit, however many ids (the log
// lives as long as the store is open, and a batch of `gavel import` writes
// hundreds of meetings and over a thousand items: one string per id made
// each collection's work grow with the archive imported,
// docs/PERFORMANCE.md).
type idList struct {
	all  string
	ends []uint32
}

// makeIDList is the keys of m as an idList.
func makeIDList[V any](m map[string]V) idList {
	if len(m) == 0 {
		return idList{}
	}
	var b strings.Builder
	ends := make([]uint32, 0, len(m))
	for id := range m {
		b.WriteString(id)
		ends = append(ends, uint32(b.Len()))
	}
	return idList{all: b.String(), ends: ends}
}

// each calls fn with each id of l.
func (l idList) each(fn func(id string)) {
	start := uint32(0)
	for _, end := range l.ends {
		fn(l.all[start:end])
		start = end
	}
}

// changeLogKeep is how many writing transactions the log remembers; a
// reader further behind lists everything again.
const changeLogKeep = 4096

// start sets the state the log begins at (the store's last committed
// transaction when it was opened).
func (c *changeLog) start(txid int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done, c.from, c.entries, c.pending = txid, txid, nil, nil
}

// record notes what committed write transaction txid wrote.
func (c *changeLog) record(txid int, meetings map[string]bool, actions map[string]*ActionRecord) {
	e := changeEntry{txid: txid, meetings: makeIDList(meetings), actions: makeIDList(actions)}
	c.mu.Lock()
	defer c.mu.Unlock()
	if txid <= c.done {
		return // before the log's start
	}
	if txid != c.done+1 {
		if c.pending == nil {
			c.pending = map[int]changeEntry{}
		}
		c.pending[txid] = e
		return
	}
	for {
		if len(e.meetings.ends) > 0 || len(e.actions.ends) > 0 {
			c.entries = append(c.entries, e)
		}
		c.done = e.txid
		next, ok := c.pending[c.done+1]
		if !ok {
			break
		}
		delete(c.pending, c.done+1)
		e = next
	}
	if n := len(c.entries) - changeLogKeep; n > 0 {
		c.from = c.entries[n-1].txid
		c.entries = slices.Delete(c.entries, 0, n)
	}
}

// since returns what transactions after since and up to at changed; ok is
// false when the log cannot say (since is older than what it keeps, or a
// transaction up to at is not recorded yet).
func (c *changeLog) since(since, at int) (Changes, bool) {
	out := Changes{At: at}
	if c == nil {
		return out, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if since < c.from || since > at || at > c.done {
		return out, false
	}
	seenM, seenA := map[string]bool{}, map[string]bool{}
	i, _ := slices.BinarySearchFunc(c.entries, since+1, func(e changeEntry, t int) int { return e.txid - t })
	for _, e := range c.entries[i:] {
		if e.txid > at {
			break
		}
		e.meetings.each(func(id string) {
			if !seenM[id] {
				seenM[id] = true
				out.Meetings = append(out.Meetings, id)
			}
		})
		e.actions.each(func(id string) {
			if !seenA[id] {
				seenA[id] = true
				out.Actions = append(out.Actions, id)
			}
		})
	}
	return out, true
}

// ChangesSince returns the meetings and action items written by the
// transactions committed after state since (the At of an earlier answer)
// up to this transaction's; ok is false when the store cannot say (since is
// too old, 0, or from another Store), and the caller reads everything.
// Only a read transaction answers.
func (t *Tx) ChangesSince(since int) (Changes, bool) {
	if t.changes == nil || t.tx.Writable() || since <= 0 {
		return Changes{At: t.tx.ID()}, false
	}
	return t.changes.since(since, t.tx.ID())
}

// State returns the id of the committed state this read transaction sees
// (what Changes.At holds).
func (t *Tx) State() int { return t.tx.ID() }

// touchMeeting notes that this write transaction wrote meeting id's record
// or events.
func (t *Tx) touchMeeting(id string) {
	if !t.tx.Writable() {
		return
	}
	if t.touched == nil {
		t.touched = map[string]bool{}
	}
	t.touched[id] = true
}
