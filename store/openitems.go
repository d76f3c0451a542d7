package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gavel-irc/gavel/internal/words"
)

// The open-items index (bucket idx_action_open) lets the tracker decide
// whether a new #action repeats an open item without decoding every open
// record of the series: it reads the series' entries, which hold each
// item's owners and words, and builds an OpenItem only for those its
// owners own. Each open item has one entry:
//
//	key:   series NUL id
//	value: owners NUL words.Joined(text) NUL words.Joined(topic) NUL text
//
// where owners is the item's distinct owners, folded as the owner index
// folds them (lower case, trimmed, empty ones left out), each as a uvarint
// length and its bytes, after a uvarint count. Items that are done or
// dropped have no entry.
//
// Keyed by series and id, not by series, owner and id (schema 5): a batch
// of imported meetings writes into as many places of the index as it has
// series, not as many as it has series and owners, so that the pages a
// commit rewrites stop growing with the archive (docs/PERFORMANCE.md).

// OpenItem is what the open-items index holds of one open action item.
// Its first fields are the summary the tracker reads of every candidate
// (openEntry keeps them in one cache line).
type OpenItem struct {
	// WordMask is words.Mask(words.Set(Words)): with WordCount, what
	// words.JaccardAtMost needs to pass over an item whose words cannot
	// be close enough, without reading them.
	WordMask uint64
	// WordCount is how many words WordSet holds.
	WordCount int
	// Words and TopicWords are words.Joined of the item's Text and Topic.
	Words, TopicWords string
	ID                string
	// WordSet is words.Set(Words) joined by single spaces: its distinct
	// words sorted, which the tracker compares with
	// words.JaccardSortedString.
	WordSet string
	// Text is the item's text as stored.
	Text string
}

// newOpenItem is the OpenItem of item id from its index fields (tw and pw:
// words.Joined of its text and topic).
func newOpenItem(id, tw, pw, text string) OpenItem {
	set := words.Set(tw)
	return OpenItem{ID: id, Words: tw, TopicWords: pw, Text: text, WordSet: strings.Join(set, " "), WordCount: len(set),
		WordMask: words.Mask(set)}
}

// openKey is the index key of item id of series.
func openKey(series, id string) []byte {
	k := make([]byte, 0, len(series)+1+len(id))
	return append(append(append(k, series...), 0), id...)
}

// openFields is what the open-items index holds of a: its distinct folded
// owners and the OpenItem's strings (no word set: the value needs none,
// and keptEntry makes the one kept); ok is false unless a is open.
func openFields(a *ActionRecord) (owners []string, it OpenItem, ok bool) {
	if a.Status != StatusOpen {
		return nil, it, false
	}
	for _, o := range a.Owners {
		if o = lower(strings.TrimSpace(o)); o != "" && !slices.Contains(owners, o) {
			owners = append(owners, o)
		}
	}
	return owners, OpenItem{ID: a.ID, Words: words.Joined(a.Text), TopicWords: words.Joined(a.Topic), Text: a.Text}, true
}

// openValue encodes an entry's value (see the layout above).
func openValue(owners []string, it OpenItem) []byte {
	n := binary.MaxVarintLen64 * (1 + len(owners))
	for _, o := range owners {
		n += len(o)
	}
	v := make([]byte, 0, n+len(it.Words)+len(it.TopicWords)+len(it.Text)+3)
	v = binary.AppendUvarint(v, uint64(len(owners)))
	for _, o := range owners {
		v = append(binary.AppendUvarint(v, uint64(len(o))), o...)
	}
	return append(append(append(append(append(append(v, 0), it.Words...), 0), it.TopicWords...), 0), it.Text...)
}

// openWrites hands the writes that replace old's entry in the open-items
// index with nu's (either may be nil) to put and del, none when the entry
// stays the same, and tells t's view of the open items (openItemsMem).
func (t *Tx) openWrites(old, nu *ActionRecord, put func(bucket, k, v []byte) error, del func(bucket, k []byte) error) error {
	if old != nil && nu != nil && old.ID == nu.ID && old.Status == nu.Status && old.Series == nu.Series &&
		old.Text == nu.Text && old.Topic == nu.Topic && slices.Equal(old.Owners, nu.Owners) {
		return nil // what openFields reads is the same: so is the entry
	}
	var was, now []byte
	if old != nil {
		if owners, it, ok := openFields(old); ok {
			was = openValue(owners, it)
		}
	}
	var nowEntry *openEntry
	if nu != nil {
		if owners, it, ok := openFields(nu); ok {
			now = openValue(owners, it)
			if t.openCache != nil {
				// Kept in memory after the transaction (keptEntry).
				nowEntry = keptEntry(owners, it.ID, it.Words, it.TopicWords, it.Text)
			}
		}
	}
	moved := was != nil && now != nil && (old.Series != nu.Series || old.ID != nu.ID)
	if was != nil && (now == nil || moved) {
		if err := del(bIdxActOpen, openKey(old.Series, old.ID)); err != nil {
			return err
		}
		t.openChanged(old.Series, old.ID, nil)
	}
	if now != nil && (was == nil || moved || !bytes.Equal(was, now)) {
		if err := put(bIdxActOpen, openKey(nu.Series, nu.ID), now); err != nil {
			return err
		}
		t.openChanged(nu.Series, nu.ID, nowEntry)
	}
	return nil
}

// parseOpenOwners reads the owners at the start of an index value: it
// calls fn with each (a slice of v) until fn returns true, and returns
// whether one did and where the owners end (-1: the value is damaged).
func parseOpenOwners(v []byte, fn func(owner []byte) bool) (hit bool, end int) {
	n, i := binary.Uvarint(v)
	if i <= 0 {
		return false, -1
	}
	for ; n > 0; n-- {
		l, j := binary.Uvarint(v[i:])
		if j <= 0 || uint64(len(v)-i-j) < l {
			return false, -1
		}
		i += j
		if !hit && fn(v[i:i+int(l)]) {
			hit = true
		}
		i += int(l)
	}
	return hit, i
}

// OpenItems returns the open items of series owned by one of owners
// (compared case-insensitively, as the owner index does), each once, in id
// order (shorter ids first, as Actions sorts). With no owners it returns
// every open item of the series, those without owners included. It reads
// only the index: no record is decoded, and an entry whose owners are
// not asked for costs a comparison of bytes, no allocation. The items may
// be the ones the store keeps in memory: not to be changed.
func (t *Tx) OpenItems(series string, owners ...string) []*OpenItem {
	var want [][]byte
	for _, o := range owners {
		if o = lower(strings.TrimSpace(o)); o != "" && !slices.ContainsFunc(want, func(w []byte) bool { return string(w) == o }) {
			want = append(want, []byte(o))
		}
	}
	if len(owners) > 0 && len(want) == 0 {
		return nil // only empty owners: none is anyone's
	}
	if t.openCache != nil && t.tx.Writable() {
		return t.openItemsMem(series, want)
	}
	prefix := append([]byte(series), 0)
	var items []OpenItem
	var buf []byte
	c := t.bucket(bIdxActOpen).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		hit, end := parseOpenOwners(v, func(o []byte) bool {
			return slices.ContainsFunc(want, func(w []byte) bool { return bytes.Equal(w, o) })
		})
		if end < 0 || end >= len(v) || (want != nil && !hit) {
			continue // not the owners' (or a damaged value: no item)
		}
		id := k[len(prefix):]
		// One string holds the id and the value: one allocation.
		buf = append(append(buf[:0], id...), v[end+1:]...)
		idv := string(buf)
		tw, rest, _ := strings.Cut(idv[len(id):], "\x00")
		pw, text, _ := strings.Cut(rest, "\x00")
		items = append(items, newOpenItem(idv[:len(id)], tw, pw, text))
	}
	if len(items) == 0 {
		return nil
	}
	out := make([]*OpenItem, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	sortOpenItems(out)
	return out
}

// sortOpenItems sorts items by id as Actions does (an owner's cached
// entries mostly come in that order already).
func sortOpenItems(items []*OpenItem) {
	cmp := func(a, b *OpenItem) int {
		switch {
		case a.ID == b.ID:
			return 0
		case idLess(a.ID, b.ID):
			return -1
		}
		return 1
	}
	if !slices.IsSortedFunc(items, cmp) {
		slices.SortFunc(items, cmp)
	}
}

// rebuildOpenItems fills the open-items index from every action record (a
// migration step; the bucket must be empty).
func (t *Tx) rebuildOpenItems() error {
	return t.bucket(bActions).ForEach(func(k, v []byte) error {
		var a ActionRecord
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("action %s: decoding: %w", k, err)
		}
		if a.Status == "" {
			a.Status = StatusOpen
		}
		return t.openWrites(nil, &a, t.putNow, t.deleteNow)
	})
}
