package store

import "strings"

// The imports bucket records which file each imported meeting came from,
// so that importing a file again changes nothing. Its key is the
// meeting's start and id (as idx_start's) and its value the import key (a
// hash of the file and the meeting's place in it): an archive imported in date
// order writes its keys at the end of the bucket, a few pages per commit,
// where keys that were the hashes themselves (schema 5) landed all over a
// growing tree, and each batch of an import rewrote most of its pages.
//
// Finding a meeting by its import key is then a search of the whole
// bucket, so the store keeps the keys in memory, hash to meeting id
// (importCache), loaded by the first write transaction that asks and kept
// exact the way actionCache is: the process holding the file read-write is
// its only writer, and the cache records which committed transaction it
// reflects; a transaction that starts from another state reads the bucket
// instead. A read transaction (Store.ByImportKey) reads the bucket.

// importCache is the imports bucket's import keys, for write transactions.
type importCache struct {
	follow
	keys map[string]string // import key -> meeting id
}

// importState is what one transaction sees of the import keys: the keys
// of the state it started from and its own changes ("" for a removed key).
type importState struct {
	base map[string]string
	// shared says base is the cache's map (never changed but by the
	// commit of this transaction); otherwise the transaction read it.
	shared bool
	over   map[string]string
}

// imports returns t's import keys, loading them on first use: from the
// cache when t is a write transaction that starts from the state the cache
// holds, else from the bucket.
func (t *Tx) imports() *importState {
	if t.imp != nil {
		return t.imp
	}
	st := &importState{over: map[string]string{}}
	if c := t.impCache; c != nil && t.tx.Writable() {
		c.mu.Lock()
		if c.at(startState(t.tx)) {
			st.base, st.shared = c.keys, true
		}
		c.mu.Unlock()
	}
	if st.base == nil {
		st.base = map[string]string{}
		c := t.bucket(bImports).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) > 8 {
				st.base[string(v)] = string(k[8:])
			}
		}
	}
	t.imp = st
	return st
}

// importedAs returns the id of the meeting imported with key, if any.
func (t *Tx) importedAs(key string) (string, bool) {
	st := t.imports()
	if id, ok := st.over[key]; ok {
		return id, id != ""
	}
	id, ok := st.base[key]
	return id, ok
}

// setImport records (id != "") or removes (id == "") import key in t's
// view of the keys; the caller writes the bucket.
func (t *Tx) setImport(key, id string) {
	// Kept after the transaction: copies, not slices of what the
	// strings came from, and one copy of both (the keys of a whole
	// archive stay in memory while the store is open: an object less
	// each for every collection to visit).
	both := key + id
	if key == "" || id == "" {
		both = strings.Clone(both) // x + "" is x itself, no copy
	}
	t.imports().over[both[:len(key)]] = both[len(key):]
}

// commit brings the cache to the state committed write transaction txid
// left, whose view of the import keys was st (nil: it neither read nor
// changed them).
func (c *importCache) commit(txid int, st *importState) {
	var apply, replace func()
	switch {
	case st == nil:
	case st.shared:
		// base is c.keys, which only this transaction's commit changes.
		apply = func() { applyKeys(c.keys, st.over) }
	default:
		// Read from the file: base and over are the committed state.
		replace = func() {
			applyKeys(st.base, st.over)
			c.keys = st.base
		}
		apply = replace
	}
	c.follow.commit(txid, apply, replace, func() { c.keys = nil })
}

// applyKeys writes the changes over (a "" id removes the key) into keys.
func applyKeys(keys, over map[string]string) {
	for k, id := range over {
		if id == "" {
			delete(keys, k)
		} else {
			keys[k] = id
		}
	}
}
