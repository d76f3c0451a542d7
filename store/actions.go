package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Action item statuses.
const (
	StatusOpen    = "open"
	StatusDone    = "done"
	StatusDropped = "dropped"
)

// ActionRecord is one tracked action item, across every meeting that
// mentions it.
type ActionRecord struct {
	// ID is the item's short stable id (see Tx.NextActionID).
	ID   string `json:"id"`
	Text string `json:"text"`
	// Owners are the owners' nicks or names as written.
	Owners []string `json:"owners"`
	// Due is the deadline as YYYY-MM-DD, or "".
	Due string `json:"due"`
	// DueText is the raw deadline phrase; DueUnread flags a phrase that
	// could not be read as a date.
	DueText   string `json:"due_text"`
	DueUnread bool   `json:"due_unread,omitempty"`
	// Status is StatusOpen, StatusDone or StatusDropped ("" means open).
	Status string `json:"status"`
	Series string `json:"series"`
	// Topic is the topic the item was raised under (used to link an item
	// raised again in a later meeting).
	Topic string `json:"topic,omitempty"`
	// Nick is who raised it.
	Nick string `json:"nick,omitempty"`
	// Meetings are the ids of the meetings that mention it, in order.
	Meetings []string  `json:"meetings"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	// History records every change of a field.
	History []ActionChange `json:"history,omitempty"`
	// Snoozed: no reminder before this instant (zero = not snoozed).
	Snoozed time.Time `json:"snoozed,omitzero"`
}

// ActionChange is one entry of an action item's history: Field ("status",
// "due", "owners", ...) changed from Old to New at At, in meeting Meeting
// (if any), by Nick (if known).
type ActionChange struct {
	At      time.Time `json:"at"`
	Meeting string    `json:"meeting,omitempty"`
	Field   string    `json:"field"`
	Old     string    `json:"old"`
	New     string    `json:"new"`
	Nick    string    `json:"nick,omitempty"`
}

// ActionFilter selects action items; empty fields select everything.
type ActionFilter struct {
	// Owner matches one of the owners, case-insensitively.
	Owner string
	// Status is StatusOpen, StatusDone or StatusDropped.
	Status string
	Series string
	// DueBefore (YYYY-MM-DD) selects items with a due date before it.
	DueBefore string
	// Meeting selects items mentioned by that meeting.
	Meeting string
}

func (a *ActionRecord) normalise() error {
	if a.ID == "" {
		return fmt.Errorf("action item without id (text %q)", a.Text)
	}
	if strings.IndexByte(a.ID, 0) >= 0 {
		return fmt.Errorf("action id %q contains NUL", a.ID)
	}
	if a.Status == "" {
		a.Status = StatusOpen
	}
	switch a.Status {
	case StatusOpen, StatusDone, StatusDropped:
	default:
		return fmt.Errorf("action %s: unknown status %q (want open, done or dropped)", a.ID, a.Status)
	}
	if a.Due != "" && !plainDate(a.Due) {
		if _, err := time.Parse("2006-01-02", a.Due); err != nil {
			return fmt.Errorf("action %s: due date %q is not YYYY-MM-DD", a.ID, a.Due)
		}
	}
	for _, s := range append([]string{a.Series}, a.Owners...) {
		if strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("action %s: %q contains NUL", a.ID, s)
		}
	}
	return nil
}

// plainDate reports whether s is a date time.Parse("2006-01-02", s) reads
// without error, for the dates that are plainly so (four digits, a month
// 01-12, a day the month always has): a notes import checks a thousand
// due dates. False says nothing: time.Parse decides (29 February).
// FuzzPlainDate checks it against time.Parse.
func plainDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	month := int(s[5]-'0')*10 + int(s[6]-'0')
	day := int(s[8]-'0')*10 + int(s[9]-'0')
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return month >= 1 && month <= 12 && day >= 1 && day <= days[month]
}

// actionIndexKeys lists (bucket, key) pairs of a's index entries. Keys are
// value NUL id, so that a prefix scan finds every item with a value. Each
// key is one allocation; repeated owners and meetings are listed once.
func actionIndexKeys(a *ActionRecord) [][2][]byte {
	k := func(v string) []byte {
		b := make([]byte, 0, len(v)+1+len(a.ID))
		b = append(b, v...)
		b = append(b, 0)
		return append(b, a.ID...)
	}
	// has reports whether out already lists value v in bucket.
	has := func(out [][2][]byte, bucket []byte, v string) bool {
		for _, bk := range out {
			if bytes.Equal(bk[0], bucket) && len(bk[1]) == len(v)+1+len(a.ID) && string(bk[1][:len(v)]) == v {
				return true
			}
		}
		return false
	}
	out := make([][2][]byte, 0, len(a.Owners)+len(a.Meetings)+3)
	for _, o := range a.Owners {
		o = lower(strings.TrimSpace(o))
		if o == "" || has(out, bIdxActOwner, o) {
			continue
		}
		out = append(out, [2][]byte{bIdxActOwner, k(o)})
	}
	out = append(out, [2][]byte{bIdxActStatus, k(a.Status)}, [2][]byte{bIdxActSeries, k(a.Series)})
	if a.Due != "" {
		out = append(out, [2][]byte{bIdxActDue, k(a.Due)})
	}
	for _, m := range a.Meetings {
		if m == "" || has(out, bIdxActMeeting, m) {
			continue
		}
		out = append(out, [2][]byte{bIdxActMeeting, k(m)})
	}
	return out
}

// hasIndexKey reports whether keys holds (bucket, key) bk.
func hasIndexKey(keys [][2][]byte, bk [2][]byte) bool {
	for _, o := range keys {
		if bytes.Equal(o[0], bk[0]) && bytes.Equal(o[1], bk[1]) {
			return true
		}
	}
	return false
}

// Action returns action item id, or an error wrapping ErrNotFound.
func (t *Tx) Action(id string) (ActionRecord, error) {
	a, err := t.previous(id)
	if err != nil {
		return ActionRecord{}, err
	}
	if a == nil {
		return ActionRecord{}, fmt.Errorf("action %s: %w", id, ErrNotFound)
	}
	return cloneAction(a), nil
}

// Get is Action under the name the tracker uses: it returns the item and
// whether it exists.
func (t *Tx) Get(id string) (ActionRecord, bool, error) {
	a, err := t.previous(id)
	if err != nil || a == nil {
		// No error value for an id that is not there: the tracker asks
		// for the first word of every #action in case it is one.
		return ActionRecord{}, false, err
	}
	return cloneAction(a), true, nil
}

// PutAction inserts or replaces action item a and updates its indexes. An
// empty Status is stored as StatusOpen.
func (t *Tx) PutAction(a ActionRecord) error {
	return t.putAction(&a, t.putNow, t.deleteNow)
}

// putNow and deleteNow write to a bucket (PutAction's writes), the indexes'
// at the transaction's end (pending.go).
func (t *Tx) putNow(bucket, k, v []byte) error { return t.put(bucket, k, v) }
func (t *Tx) deleteNow(bucket, k []byte) error { return t.del(bucket, k) }

// putAction stages a (already a copy the caller gives away) and hands every
// write storing it makes, its record and the index entries that change, to
// put and del.
func (t *Tx) putAction(a *ActionRecord, put func(bucket, k, v []byte) error, del func(bucket, k []byte) error) error {
	if err := a.normalise(); err != nil {
		return err
	}
	old, err := t.previous(a.ID)
	if err != nil {
		return err
	}
	v, err := encodeAction(a)
	if err != nil {
		return fmt.Errorf("action %s: %w", a.ID, err)
	}
	keys := actionIndexKeys(a)
	var oldKeys [][2][]byte
	if old != nil {
		// Only the entries that change are written: a status change
		// leaves the owner, series and meeting entries alone.
		oldKeys = actionIndexKeys(old)
		for _, bk := range oldKeys {
			if hasIndexKey(keys, bk) {
				continue
			}
			if err := del(bk[0], bk[1]); err != nil {
				return err
			}
		}
	}
	if err := put(bActions, []byte(a.ID), v); err != nil {
		return err
	}
	if err := t.openWrites(old, a, put, del); err != nil {
		return err
	}
	c := cloneAction(a)
	t.stage(a.ID, &c)
	for _, bk := range keys {
		if old != nil && hasIndexKey(oldKeys, bk) {
			continue
		}
		if err := put(bk[0], bk[1], nil); err != nil {
			return err
		}
	}
	return nil
}

// PutActions stores items as PutAction would one after the other (their
// ids must be distinct), but writes each bucket's entries in key order. A
// bbolt node takes its keys in a sorted slice, and nothing is split before
// the commit: the 1,250 new items of a dense notes import, written item by
// item, inserted each of their eight or so keys into the middle of ever
// longer nodes (the ids "a9" < "a10" in number, "a10" < "a9" in bytes),
// moving the rest of the node every time. Sorted, each key goes at the end
// of the keys written before it. The file holds the same keys and values
// either way.
func (t *Tx) PutActions(items []ActionRecord) error {
	var buckets [][]byte
	var writes [][]pendingWrite
	add := func(bucket []byte, w pendingWrite) {
		for i, b := range buckets {
			if bytes.Equal(b, bucket) {
				w.n = len(writes[i])
				writes[i] = append(writes[i], w)
				return
			}
		}
		buckets = append(buckets, bucket)
		writes = append(writes, append(make([]pendingWrite, 0, len(items)), w))
	}
	// The index writes wait with the transaction's others (pending.go),
	// the records are written here.
	put := func(bucket, k, v []byte) error {
		if t.defers(bucket, k, v) {
			t.pending.add(bucket, k, v, false)
		} else {
			add(bucket, pendingWrite{k: k, v: v})
		}
		return nil
	}
	del := func(bucket, k []byte) error {
		if t.defers(bucket, k, nil) {
			t.pending.add(bucket, k, nil, true)
		} else {
			add(bucket, pendingWrite{k: k, del: true})
		}
		return nil
	}
	seen := make(map[string]bool, len(items))
	for i := range items {
		a := items[i]
		if seen[a.ID] {
			return fmt.Errorf("action %s: given twice in one batch", a.ID)
		}
		seen[a.ID] = true
		if err := t.putAction(&a, put, del); err != nil {
			return err
		}
	}
	for i, ws := range writes {
		// Keys hold the item's id: no two items write one key, and
		// one item never puts and deletes the same key. Keys in order,
		// a node is split at the commit with its pages filled (at
		// bbolt's default half, the 780 records of a 5,000-line notes
		// import took 278 pages for 500 KB).
		if err := writeSorted(buckets[i], t.bucket(buckets[i]), ws); err != nil {
			return err
		}
	}
	return nil
}

// A batch writing at least fullPagesFrom entries into a bucket in key order
// (writeSorted: PutActions' records, a transaction's index writes) fills the pages the commit splits to batchFill instead of bbolt's
// default half: the entries come in key order, so the pages after them are
// not written into again by this batch. The keys and values stored are the
// same either way; only how many pages hold them changes.
const (
	fullPagesFrom = 64
	batchFill     = 0.9
)

// DeleteAction removes action item id and its index entries (nothing when
// there is no such item). The tracker calls it when the #action that made
// an item is undone in its meeting; ids are never reused.
func (t *Tx) DeleteAction(id string) error {
	old, err := t.previous(id)
	if err != nil || old == nil {
		return err
	}
	for _, bk := range actionIndexKeys(old) {
		if err := t.del(bk[0], bk[1]); err != nil {
			return err
		}
	}
	if err := t.openWrites(old, nil, t.putNow, t.deleteNow); err != nil {
		return err
	}
	if err := t.bucket(bActions).Delete([]byte(id)); err != nil {
		return err
	}
	t.stage(id, nil)
	return nil
}

// previous returns the stored record id that PutAction replaces, or nil for
// a new item. A record this transaction wrote is taken from what it staged
// (the same record, not decoded again), one it read from what it decoded
// then, one the last commits wrote from what they staged (recentCache), one
// the action cache holds for the state this write transaction started from
// from there; a new id costs one lookup and no error value, an
// id NextActionID gave in this transaction none.
// The record returned is shared: callers copy it before handing it out.
func (t *Tx) previous(id string) (*ActionRecord, error) {
	if a, ok := t.staged[id]; ok {
		return a, nil // nil: deleted in this transaction
	}
	if a, ok := t.decoded[id]; ok {
		return a, nil
	}
	if t.fresh[id] {
		return nil, nil // NextActionID looked: no such record
	}
	if a, ok := t.recent(id); ok {
		return a, nil // one of the last commits wrote it (nil: deleted)
	}
	raw := t.bucket(bActions).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	if t.cache != nil && t.tx.Writable() {
		// The committed state this write transaction started from, when
		// the cache holds it: no decoding at all.
		if items := t.cache.snapshotFor(startState(t.tx)); items != nil {
			if a := items.get(id); a != nil {
				return a, nil
			}
		}
	}
	a := new(ActionRecord)
	if err := json.Unmarshal(raw, a); err != nil {
		return nil, fmt.Errorf("action %s: decoding: %w", id, err)
	}
	if t.decoded == nil {
		t.decoded = map[string]*ActionRecord{}
	}
	t.decoded[id] = a
	return a, nil
}

// Put is PutAction under the name the tracker uses.
func (t *Tx) Put(a ActionRecord) error { return t.PutAction(a) }

// stage records a change for the action cache (a nil a is a deletion).
func (t *Tx) stage(id string, a *ActionRecord) {
	if t.staged == nil {
		t.staged = map[string]*ActionRecord{}
	}
	t.staged[id] = a
}

// NextActionID allocates a new short action id: "a" followed by a sequence
// number in base 36 ("a1", "a2", ... "az", "a10"). Ids are never reused.
func (t *Tx) NextActionID() (string, error) {
	b := t.bucket(bActions)
	for {
		n, err := b.NextSequence()
		if err != nil {
			return "", err
		}
		id := "a" + strconv.FormatUint(n, 36)
		if b.Get([]byte(id)) == nil {
			if t.fresh == nil {
				t.fresh = map[string]bool{}
			}
			t.fresh[id] = true
			return id, nil
		}
	}
}

// idsWithPrefix returns the ids of index keys "value NUL id" for value.
func (t *Tx) idsWithPrefix(bucket []byte, value string) []string {
	prefix := append([]byte(value), 0)
	var ids []string
	c := t.bucketFor(bucket, value).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	return ids
}

// Actions returns the action items that match f, sorted by id (shorter ids
// first, then byte order, so "a9" comes before "a10"). It scans the most
// selective index the filter allows and checks the other fields on the
// records.
func (t *Tx) Actions(f ActionFilter) ([]ActionRecord, error) {
	var ids []string
	switch {
	case f.Owner != "":
		ids = t.idsWithPrefix(bIdxActOwner, lower(strings.TrimSpace(f.Owner)))
	case f.Meeting != "":
		ids = t.idsWithPrefix(bIdxActMeeting, f.Meeting)
	case f.Series != "":
		ids = t.idsWithPrefix(bIdxActSeries, f.Series)
	case f.DueBefore != "":
		c := t.bucket(bIdxActDue).Cursor()
		limit := []byte(f.DueBefore)
		for k, _ := c.First(); k != nil && bytes.Compare(k, limit) < 0; k, _ = c.Next() {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				return nil, fmt.Errorf("due index: bad key %q", k)
			}
			if string(k[:i]) < f.DueBefore {
				ids = append(ids, string(k[i+1:]))
			}
		}
	case f.Status != "":
		ids = t.idsWithPrefix(bIdxActStatus, f.Status)
	default:
		err := t.bucket(bActions).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []ActionRecord
	items, err := t.cachedActions()
	if err != nil {
		return nil, err
	}
	if items != nil {
		out = make([]ActionRecord, 0, len(ids))
		for _, id := range ids {
			a, ok := t.staged[id]
			if !ok {
				a = items.get(id)
			}
			if a == nil {
				return nil, fmt.Errorf("action index names a missing item %s", id)
			}
			if f.match(a) {
				out = append(out, cloneAction(a))
			}
		}
	} else if out, err = t.decodeActions(ids, &f); err != nil {
		return nil, err
	}
	// Order by idLess through a permutation: records are big to swap.
	perm := make([]int, len(out))
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(i, j int) int {
		if idLess(out[i].ID, out[j].ID) {
			return -1
		}
		if out[i].ID == out[j].ID {
			return 0
		}
		return 1
	})
	sorted := make([]ActionRecord, len(out))
	for i, p := range perm {
		sorted[i] = out[p]
	}
	return sorted, nil
}

// cachedActions returns the cached records for this transaction's state, or
// nil when the cache cannot serve it.
func (t *Tx) cachedActions() (*itemSet, error) {
	if t.cache == nil {
		return nil, nil
	}
	if t.tx.Writable() {
		// A write transaction starts from the last committed state.
		return t.cache.snapshotFor(startState(t.tx)), nil
	}
	return t.cache.load(t)
}

// decodeActions reads the records of ids from the file and keeps those
// matching f.
func (t *Tx) decodeActions(ids []string, f *ActionFilter) ([]ActionRecord, error) {
	// Read the records in key order with one cursor: index hits are close
	// together, so stepping beats a fresh search per id.
	slices.Sort(ids)
	out := make([]ActionRecord, 0, len(ids))
	c := t.bucket(bActions).Cursor()
	var k, v []byte
	for i, id := range ids {
		if i == 0 || k == nil {
			k, v = c.Seek([]byte(id))
		} else {
			for step := 0; k != nil && string(k) < id; step++ {
				if step == 8 {
					k, v = c.Seek([]byte(id))
					break
				}
				k, v = c.Next()
			}
		}
		if k == nil || string(k) != id {
			return nil, fmt.Errorf("action index names a missing item %s", id)
		}
		var a ActionRecord
		if err := json.Unmarshal(v, &a); err != nil {
			return nil, fmt.Errorf("action %s: decoding: %w", id, err)
		}
		if f.match(&a) {
			out = append(out, a)
		}
	}
	return out, nil
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (f *ActionFilter) match(a *ActionRecord) bool {
	if f.Status != "" && a.Status != f.Status {
		return false
	}
	if f.Series != "" && a.Series != f.Series {
		return false
	}
	if f.DueBefore != "" && (a.Due == "" || a.Due >= f.DueBefore) {
		return false
	}
	if f.Owner != "" {
		want, ok := lower(strings.TrimSpace(f.Owner)), false
		for _, o := range a.Owners {
			if lower(strings.TrimSpace(o)) == want {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if f.Meeting != "" {
		ok := false
		for _, m := range a.Meetings {
			if m == f.Meeting {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// ---- Store wrappers ----

// PutAction inserts or replaces action item a in one transaction.
func (s *Store) PutAction(a ActionRecord) error {
	return s.Update(func(tx *Tx) error { return tx.PutAction(a) })
}

// Action returns action item id, or an error wrapping ErrNotFound.
func (s *Store) Action(id string) (a ActionRecord, err error) {
	err = s.View(func(tx *Tx) error {
		a, err = tx.Action(id)
		return err
	})
	return a, err
}

// Actions returns the action items matching f; see Tx.Actions.
func (s *Store) Actions(f ActionFilter) (out []ActionRecord, err error) {
	err = s.View(func(tx *Tx) error {
		out, err = tx.Actions(f)
		return err
	})
	return out, err
}

// EachAction calls fn with every action item, in no particular order, and
// stops at its first error. The records come from the decoded cache when
// it reflects this transaction's state: an item that did not change is the
// same pointer from one call to the next, so a caller may keep what it
// derived from it. They are shared: fn must not change them.
func (t *Tx) EachAction(fn func(a *ActionRecord) error) error {
	items, err := t.cachedActions()
	if err != nil {
		return err
	}
	if items == nil {
		return t.bucket(bActions).ForEach(func(k, v []byte) error {
			a := new(ActionRecord)
			if err := json.Unmarshal(v, a); err != nil {
				return fmt.Errorf("action %s: decoding: %w", k, err)
			}
			return fn(a)
		})
	}
	err = items.each(func(id string, a *ActionRecord) error {
		if s, ok := t.staged[id]; ok {
			if s == nil {
				return nil
			}
			a = s
		}
		return fn(a)
	})
	if err != nil {
		return err
	}
	for id, s := range t.staged {
		if items.get(id) == nil && s != nil {
			if err := fn(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// EachAction is Tx.EachAction in a read transaction.
func (s *Store) EachAction(fn func(a *ActionRecord) error) error {
	return s.View(func(tx *Tx) error { return tx.EachAction(fn) })
}
