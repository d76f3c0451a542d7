package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gavel-irc/gavel/internal/words"
)

// The open-items index (bucket idx_action_open) lets the tracker decide
// whether a new #action repeats an open item without decoding every open
// record of the series: its cost per action is the open items the action's
// owners own, not the whole archive. Each open item has one entry per
// distinct owner (folded as the owner index folds it; "" for an item
// without owners):
//
//	key:   series NUL owner NUL id
//	value: words.Joined(text) NUL words.Joined(topic) NUL text
//
// Items that are done or dropped have no entries.

// OpenItem is what the open-items index holds of one open action item.
type OpenItem struct {
	ID string
	// Words and TopicWords are words.Joined of the item's Text and Topic.
	Words, TopicWords string
	// Text is the item's text as stored.
	Text string
}

// openEntry is one entry of the open-items index.
type openEntry struct{ key, value []byte }

// openEntries lists a's entries in the open-items index (none unless a is
// open). The value is built once and shared by the entries.
func openEntries(a *ActionRecord) []openEntry {
	if a.Status != StatusOpen {
		return nil
	}
	tw, pw := words.Joined(a.Text), words.Joined(a.Topic)
	value := make([]byte, 0, len(tw)+len(pw)+len(a.Text)+2)
	value = append(append(append(append(append(value, tw...), 0), pw...), 0), a.Text...)
	key := func(owner string) []byte {
		k := make([]byte, 0, len(a.Series)+len(owner)+len(a.ID)+2)
		return append(append(append(append(append(k, a.Series...), 0), owner...), 0), a.ID...)
	}
	var out []openEntry
	for _, o := range a.Owners {
		o = lower(strings.TrimSpace(o))
		if o == "" || slices.ContainsFunc(out, func(e openEntry) bool {
			return string(e.key[len(a.Series)+1:len(e.key)-len(a.ID)-1]) == o
		}) {
			continue
		}
		out = append(out, openEntry{key(o), value})
	}
	if len(out) == 0 {
		out = append(out, openEntry{key(""), value})
	}
	return out
}

// openWrites hands the writes that replace old's entries in the open-items
// index with nu's (either may be nil) to put and del: only the entries that
// change.
func openWrites(old, nu *ActionRecord, put func(bucket, k, v []byte) error, del func(bucket, k []byte) error) error {
	if old != nil && nu != nil && old.ID == nu.ID && old.Status == nu.Status && old.Series == nu.Series &&
		old.Text == nu.Text && old.Topic == nu.Topic && slices.Equal(old.Owners, nu.Owners) {
		return nil // what openEntries reads is the same: so are the entries
	}
	var was, now []openEntry
	if old != nil {
		was = openEntries(old)
	}
	if nu != nil {
		now = openEntries(nu)
	}
	for _, e := range was {
		if !slices.ContainsFunc(now, func(n openEntry) bool { return bytes.Equal(n.key, e.key) }) {
			if err := del(bIdxActOpen, e.key); err != nil {
				return err
			}
		}
	}
	for _, e := range now {
		if i := slices.IndexFunc(was, func(o openEntry) bool { return bytes.Equal(o.key, e.key) }); i >= 0 && bytes.Equal(was[i].value, e.value) {
			continue
		}
		if err := put(bIdxActOpen, e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// OpenItems returns the open items of series owned by one of owners
// (compared case-insensitively, as the owner index does), each once, in id
// order (shorter ids first, as Actions sorts). With no owners it returns
// every open item of the series, those without owners included. It reads
// only the index: no record is decoded.
func (t *Tx) OpenItems(series string, owners ...string) []OpenItem {
	var prefixes [][]byte
	if len(owners) == 0 {
		prefixes = append(prefixes, append([]byte(series), 0))
	}
	for _, o := range owners {
		o = lower(strings.TrimSpace(o))
		p := append(append(append([]byte(series), 0), o...), 0)
		if o != "" && !slices.ContainsFunc(prefixes, func(q []byte) bool { return bytes.Equal(p, q) }) {
			prefixes = append(prefixes, p)
		}
	}
	// An item has one entry per owner: one prefix lists it at most once.
	var seen map[string]bool
	if len(owners) != 1 {
		seen = map[string]bool{}
	}
	var out []OpenItem
	var buf []byte
	c := t.bucket(bIdxActOpen).Cursor()
	for _, prefix := range prefixes {
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			id := k[bytes.LastIndexByte(k, 0)+1:]
			if seen != nil {
				if seen[string(id)] {
					continue
				}
				seen[string(id)] = true
			}
			// One string holds the id and the value: one allocation.
			buf = append(append(buf[:0], id...), v...)
			idv := string(buf)
			tw, rest, _ := strings.Cut(idv[len(id):], "\x00")
			pw, text, _ := strings.Cut(rest, "\x00")
			out = append(out, OpenItem{ID: idv[:len(id)], Words: tw, TopicWords: pw, Text: text})
		}
	}
	slices.SortFunc(out, func(a, b OpenItem) int {
		switch {
		case a.ID == b.ID:
			return 0
		case idLess(a.ID, b.ID):
			return -1
		}
		return 1
	})
	return out
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
		return openWrites(nil, &a, t.putNow, t.deleteNow)
	})
}
