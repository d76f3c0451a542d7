package store

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"unsafe"

	"github.com/gavel-irc/gavel/internal/words"
)

// The tracker asks a write transaction for the open items of a series
// that a new #action's owners own (Tx.OpenItems) at every #action. Read
// from the index, that walks the series' entries; the store keeps them in
// memory too, per series once asked (openCache), with each owner's entries, so
// that the answer costs the owners' items, not the series'. The cache is
// exact the way actionCache is: the process holding the file read-write is
// its only writer, every change of the index goes through Tx.openWrites,
// which tells the transaction's view (openState), and the cache records
// which committed transaction it reflects; a transaction that starts from
// another state reads the series from the file instead, and its commit
// starts the cache anew from what it read.

// openEntry is one open item of the index, as held in memory.
//
// An #action's candidates are its owners' open items, and the tracker
// passes over most of them on the summary at the start of OpenItem
// (WordMask, WordCount and the lengths of Words and TopicWords): in an
// archive that closes nothing they grow with it, each an entry of its own
// in memory. The entry is 128 bytes, a size the Go allocator hands out at
// 64-byte boundaries, so that the summary is one cache line to fetch.
type openEntry struct {
	item OpenItem
	// owners are the item's folded, distinct, non-empty owners, each as
	// a uvarint length and its bytes (eachOwner).
	owners string
	_      [128 - unsafe.Sizeof(OpenItem{}) - unsafe.Sizeof("")]byte
}

// eachOwner calls fn with each owner of e until it returns true, and
// says whether one did.
func (e *openEntry) eachOwner(fn func(owner string) bool) bool {
	for s := e.owners; s != ""; {
		// A uvarint (keptEntry wrote it), read from the string.
		n, k := 0, 0
		for shift := 0; ; shift += 7 {
			c := s[k]
			k++
			n |= int(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		o := s[k : k+n]
		s = s[k+n:]
		if fn(o) {
			return true
		}
	}
	return false
}

// keptEntry is the entry the cache keeps of item id with these folded
// owners and index fields (tw and pw: words.Joined of its text and topic):
// every string of it, its word set's too, a slice of one copy of them.
// The open items of an archive that closes none stay in memory for the
// whole of a `gavel import`, tens of thousands of them, and each pass of
// the garbage collector visits every object they hold: one string per
// field, owner and word made that visit grow with the archive
// (docs/PERFORMANCE.md). None of them is a slice of the log or record it
// came from, which would keep those alive.
func keptEntry(owners []string, id, tw, pw, text string) *openEntry {
	set := words.Set(tw)
	n := len(id) + len(tw) + len(pw) + len(text) + len(set)
	for _, o := range owners {
		n += binary.MaxVarintLen64 + len(o)
	}
	for _, w := range set {
		n += len(w)
	}
	b := make([]byte, 0, n)
	for _, x := range []string{id, text, tw, pw} {
		b = append(b, x...)
	}
	head := len(b)
	for _, o := range owners {
		b = append(binary.AppendUvarint(b, uint64(len(o))), o...)
	}
	ownerBytes := len(b) - head
	for i, w := range set {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	// b is not written again: the string is its array, no second copy.
	all := unsafe.String(unsafe.SliceData(b), len(b))
	cut := func(l int) string {
		x := all[:l]
		all = all[l:]
		return x
	}
	e := &openEntry{}
	e.item = OpenItem{ID: cut(len(id)), Text: cut(len(text)), Words: cut(len(tw)), TopicWords: cut(len(pw)),
		WordCount: len(set), WordMask: words.Mask(set)}
	e.owners = cut(ownerBytes)
	e.item.WordSet = all
	return e
}

// openSeries is the open items of one series.
type openSeries struct {
	items   map[string]*openEntry   // by id
	byOwner map[string][]*openEntry // folded owner -> entries, in id order (idLess)
}

// put makes e item id's entry (nil: removes the item).
func (s *openSeries) put(id string, e *openEntry) {
	if old, ok := s.items[id]; ok {
		old.eachOwner(func(o string) bool {
			s.byOwner[o] = slices.DeleteFunc(s.byOwner[o], func(x *openEntry) bool { return x == old })
			if len(s.byOwner[o]) == 0 {
				delete(s.byOwner, o)
			}
			return false
		})
		delete(s.items, id)
	}
	if e == nil {
		return
	}
	s.items[id] = e
	e.eachOwner(func(o string) bool {
		// In id order, as OpenItems answers (a new item's id is the
		// greatest: it goes at the end).
		l := s.byOwner[o]
		i := len(l)
		for i > 0 && idLess(id, l[i-1].item.ID) {
			i--
		}
		s.byOwner[o] = slices.Insert(l, i, e)
		return false
	})
}

// openCache is the committed open items of the series asked so far.
type openCache struct {
	follow
	series map[string]*openSeries
}

// openState is one write transaction's view: the series it read (the
// cache's when shared, else its own reads of the file) and its changes
// (nil: the item left the index).
type openState struct {
	shared bool
	read   map[string]*openSeries // series read from the file by this transaction
	over   map[string]map[string]*openEntry
	// hidden holds, per series, the entries of its base whose item is in
	// over (changed or closed by this transaction: over says what it is
	// now), by pointer: openItemsMem passes over them without reading
	// their ids (the tracker's link of a repeat changes an item of the
	// base in nearly every batch of an import; each id read is a cache
	// miss per candidate).
	hidden map[string]map[*openEntry]bool
}

// hide records that entry e of series' base is shadowed by over.
func (st *openState) hide(series string, e *openEntry) {
	h := st.hidden[series]
	if h == nil {
		h = map[*openEntry]bool{}
		st.hidden[series] = h
	}
	h[e] = true
}

// openView returns t's view, deciding on first use whether the cache
// holds the state t started from.
func (t *Tx) openView() *openState {
	if t.open != nil {
		return t.open
	}
	st := &openState{read: map[string]*openSeries{}, over: map[string]map[string]*openEntry{},
		hidden: map[string]map[*openEntry]bool{}}
	if c := t.openCache; c != nil && t.tx.Writable() {
		c.mu.Lock()
		st.shared = c.at(startState(t.tx))
		c.mu.Unlock()
	}
	t.open = st
	return st
}

// openChanged records in t's view that item id of series is now e (nil:
// not in the index).
func (t *Tx) openChanged(series, id string, e *openEntry) {
	if t.openCache == nil {
		return // a migration: no cache
	}
	st := t.openView()
	m := st.over[series]
	if m == nil {
		m = map[string]*openEntry{}
		st.over[series] = m
	}
	m[id] = e
	// A base not loaded yet is hidden from over when it is (openBase).
	if b := st.loaded(t, series); b != nil {
		if be := b.items[id]; be != nil {
			st.hide(series, be)
		}
	}
}

// loaded returns the base of series if t's view has it without reading
// the file (nil otherwise).
func (st *openState) loaded(t *Tx, series string) *openSeries {
	if s := st.read[series]; s != nil {
		return s
	}
	if st.shared {
		return t.openCache.series[series]
	}
	return nil
}

// openBase returns the open items of series as t's view holds them before
// its own changes: the cache's (shared), or read from the file. The file
// read may include some of t's changes; they are in over too, which wins.
func (t *Tx) openBase(series string) *openSeries {
	st := t.openView()
	if s := st.read[series]; s != nil {
		return s
	}
	if st.shared {
		// Only this transaction's commit changes the cache until then.
		if s := t.openCache.series[series]; s != nil {
			return s
		}
	}
	s := &openSeries{items: map[string]*openEntry{}, byOwner: map[string][]*openEntry{}}
	prefix := append([]byte(series), 0)
	var owners []string
	c := t.bucket(bIdxActOpen).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		owners = owners[:0]
		_, end := parseOpenOwners(v, func(o []byte) bool { owners = append(owners, string(o)); return false })
		if end < 0 || end >= len(v) {
			continue // damaged: no item, as OpenItems reads the file
		}
		tw, rest, _ := strings.Cut(string(v[end+1:]), "\x00")
		pw, text, _ := strings.Cut(rest, "\x00")
		e := keptEntry(owners, string(k[len(prefix):]), tw, pw, text)
		s.put(e.item.ID, e)
	}
	st.read[series] = s
	for id := range st.over[series] {
		if be := s.items[id]; be != nil {
			st.hide(series, be)
		}
	}
	return s
}

// openItemsMem is OpenItems from t's view (want: the folded owners asked,
// nil for every item).
func (t *Tx) openItemsMem(series string, want [][]byte) []*OpenItem {
	base := t.openBase(series)
	over := t.open.over[series]
	hidden := t.open.hidden[series]
	var out []*OpenItem
	lists := 0 // the owners' lists out is made of, each in id order
	if want == nil {
		for id, e := range base.items {
			if _, ok := over[id]; !ok {
				out = append(out, &e.item)
			}
		}
	} else {
		var seen map[string]bool
		n := len(over)
		for _, o := range want {
			n += len(base.byOwner[string(o)])
		}
		if len(want) > 1 {
			seen = make(map[string]bool, n)
		}
		out = make([]*OpenItem, 0, n)
		for _, o := range want {
			if len(base.byOwner[string(o)]) > 0 {
				lists++
			}
			for _, e := range base.byOwner[string(o)] {
				if len(hidden) > 0 && hidden[e] {
					continue // over has it as it is now
				}
				if seen != nil {
					if seen[e.item.ID] {
						continue
					}
					seen[e.item.ID] = true
				}
				out = append(out, &e.item)
			}
		}
	}
	for _, e := range over {
		if e != nil && (want == nil || e.eachOwner(func(o string) bool {
			return slices.ContainsFunc(want, func(w []byte) bool { return string(w) == o })
		})) {
			out = append(out, &e.item)
			lists = 2 // not known to be in order
		}
	}
	if want == nil || lists > 1 {
		// One owner's list alone is in id order already: not even
		// checked, which would read each item's id (a cache miss each).
		sortOpenItems(out)
	}
	return out
}

// commit brings the cache to the state committed write transaction txid
// left, whose view was st (nil: it neither read nor changed the index).
func (c *openCache) commit(txid int, st *openState) {
	var apply, replace func()
	if st != nil {
		// The series st read from the file are the committed state, with
		// st's changes on top; the series it did not read keep the
		// cache's state (shared), or are read again when asked.
		apply = func() {
			for series, s := range st.read {
				c.series[series] = s
			}
			for series, m := range st.over {
				s := c.series[series]
				if s == nil {
					continue // not read: the file has it
				}
				for id, e := range m {
					s.put(id, e)
				}
			}
		}
		if !st.shared {
			fill := apply
			replace = func() {
				c.series = map[string]*openSeries{}
				fill()
			}
			apply = replace
		}
	}
	c.follow.commit(txid, apply, replace, func() { c.series = nil })
}
