package store

import (
	"sync"

	bolt "go.etcd.io/bbolt"
)

// follow is the bookkeeping of an exact in-memory copy of part of the
// store: which committed write transaction the copy reflects, so that a
// transaction uses the copy only when it starts from exactly that state
// and reads the file otherwise. The store keeps four such copies, each
// with a follow: the decoded action records (actionCache, for readers and
// writers), the import keys (importCache), the open items of each series
// asked (openCache) and the records the last commits wrote (recentCache),
// the last three for write transactions. They are exact because
// the process holding the file read-write is its only writer (bbolt's
// exclusive lock) and every write goes through Store.Update, whose commit
// moves each copy (commit) in the order of the commits.
//
// mu guards the copy as well as the bookkeeping: the caches hold it while
// they read or change what they keep.
type follow struct {
	mu sync.Mutex
	// txid is the committed transaction the copy reflects, when held.
	txid int
	// held says there is a copy: false before the first load and after a
	// commit the copy could not follow.
	held bool
}

// startState is the committed transaction btx starts from: a reader's
// ID, one less than a writer's (bbolt numbers a write transaction as the
// commit it will make).
func startState(btx *bolt.Tx) int {
	if btx.Writable() {
		return btx.ID() - 1
	}
	return btx.ID()
}

// at says whether the copy reflects committed state (f.mu held).
func (f *follow) at(state int) bool { return f.held && f.txid == state }

// commit moves the copy to the state committed write transaction txid
// left, under f.mu:
//   - when the copy already reflects txid or a later state (a reader
//     loaded it before this commit's handler ran), it stays;
//   - when the copy reflected the state txid started from, apply (nil:
//     the transaction changed nothing the copy holds) brings the copy's
//     data up to txid;
//   - else, when replace is not nil (the transaction read this part from
//     the file, so its own view is the committed state) and the copy is
//     older, replace installs that view;
//   - else the copy is dropped (drop frees its data) and the next
//     transaction that needs it reads the file.
func (f *follow) commit(txid int, apply, replace, drop func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.held && f.txid >= txid:
		// A reader loaded this state (or a later one) before this
		// commit's handler ran: the copy is already that state.
		return
	case f.at(txid - 1):
		if apply != nil {
			apply()
		}
	case replace != nil && (!f.held || f.txid < txid):
		replace()
	default:
		f.held = false
		if drop != nil {
			drop()
		}
		return
	}
	f.txid, f.held = txid, true
}

// load installs a copy read from the file at committed state (a read
// transaction's), under f.mu, unless the copy already reflects that state
// or a later one; it says whether it did.
func (f *follow) load(state int, install func()) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held && f.txid >= state {
		return false
	}
	install()
	f.txid, f.held = state, true
	return true
}
