// Package tracker keeps one list of action items across every meeting, IRC
// and face-to-face, on top of the store's action records.
//
// Sync is called when a meeting ends, is saved or is imported. Every
// #action of the meeting becomes a tracked item with a short stable id (the
// store's "a1", "a2", ...), or is linked to the open item it repeats: same
// series, an owner in common, and texts sharing enough words (compared on
// word stems, so "Catering" and "Caterers" match; the topic breaks ties
// but never links alone). A
// repeated item gets the meeting added to its Meetings; a new deadline
// replaces the old one and the history keeps both. "#done ID" (a tracker id
// or the engine's id of an action of the same meeting), "#done text"
// matching exactly one open item, and "Done: ..." in notes close items;
// "#action ID new text" updates item ID.
//
// Sync is idempotent: every item remembers which meeting's action made or
// repeated it (a "mentioned" history entry), so syncing a meeting again
// changes nothing.
package tracker

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/internal/words"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
)

// History fields the tracker writes besides the item's own fields.
const (
	// FieldCreated is the first entry of an item: New is its text.
	FieldCreated = "created"
	// FieldMentioned records a meeting's action that made or repeated
	// the item: New is "MEETING-ID#ENGINE-ACTION-ID".
	FieldMentioned = "mentioned"
)

// Change is one thing Sync did to the tracked items.
type Change struct {
	// ID is the tracked item's id ("" for a #done that matched nothing).
	ID string
	// What is "new", "linked", "updated", "closed", "unmatched", or for an
	// #action taken back with #undo "removed" (the item is gone: this
	// action made it) or "unlinked" (the item this action repeated no
	// longer names this meeting).
	What string
	// Field, Old and New say what changed for "updated" ("due", "text",
	// "owners").
	Field, Old, New string
	// Text is the item's text (or the #done text for "unmatched").
	Text string
}

func (c Change) String() string {
	switch c.What {
	case "updated":
		return fmt.Sprintf("%s updated %s: %q -> %q", c.ID, c.Field, c.Old, c.New)
	case "unmatched":
		return fmt.Sprintf("done %q matches no single open item", c.Text)
	}
	return fmt.Sprintf("%s %s: %s", c.ID, c.What, c.Text)
}

// Sync records meeting m's action items in the store, in one transaction;
// see the package comment. dir resolves owners' nicks and names to people
// (nil: kept as written).
func Sync(ctx context.Context, st *store.Store, m *meeting.Meeting, dir *people.Directory) ([]Change, error) {
	var changes []Change
	err := st.UpdateActions(func(tx *store.ActionTx) error {
		var err error
		changes, err = SyncTx(ctx, tx, m, dir)
		return err
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

// SyncTx is Sync inside the caller's transaction, so that a notes import
// stores its meeting, its events and its action items all or nothing.
func SyncTx(ctx context.Context, tx *store.Tx, m *meeting.Meeting, dir *people.Directory) ([]Change, error) {
	return syncTx(ctx, tx, m, dir, false)
}

// SyncUndoneTx is SyncTx for the step that took an #action of m back
// (#undo): it also forgets what that action tracked (see forget), so the
// item leaves the tracker in the same transaction. Only then: an action
// missing from a meeting is never taken for an undone one otherwise.
func SyncUndoneTx(ctx context.Context, tx *store.Tx, m *meeting.Meeting, dir *people.Directory) ([]Change, error) {
	return syncTx(ctx, tx, m, dir, true)
}

func syncTx(ctx context.Context, tx *store.Tx, m *meeting.Meeting, dir *people.Directory, undone bool) ([]Change, error) {
	if m == nil {
		return nil, nil
	}
	s := &syncer{tx: tx, m: m, dir: dir, byEngine: map[string]string{}, claimed: map[string]bool{}, cache: map[string]*store.ActionRecord{},
		words: map[string][]string{}, joined: map[string]string{}, isDirty: map[string]bool{}}
	if err := s.loadMentions(); err != nil {
		return nil, err
	}
	topic := ""
	for i := range m.Items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it := &m.Items[i]
		switch it.Kind {
		case meeting.ItemTopic:
			topic = s.clean(it)
		case meeting.ItemAction:
			if err := s.action(it, topic); err != nil {
				return nil, err
			}
		case meeting.ItemDone:
			if err := s.done(it); err != nil {
				return nil, err
			}
		}
	}
	if undone {
		if err := s.forget(); err != nil {
			return nil, err
		}
	}
	if err := s.flush(ctx); err != nil {
		return nil, err
	}
	return s.changes, nil
}

// OpenActions returns the open items of series (every series when ""),
// sorted by due date (items without one last), then id: what #actions
// lists.
func OpenActions(st *store.Store, series string) ([]store.ActionRecord, error) {
	items, err := st.Actions(store.ActionFilter{Series: series, Status: store.StatusOpen})
	if err != nil {
		return nil, fmt.Errorf("tracker: open actions of %q: %w", series, err)
	}
	SortByDue(items)
	return items, nil
}

// OwnedBy keeps the items one of whose owners is the person name names
// (any of their names, nicks or aliases in dir).
func OwnedBy(items []store.ActionRecord, name string, dir *people.Directory) []store.ActionRecord {
	var out []store.ActionRecord
	for _, a := range items {
		for _, o := range a.Owners {
			if dir.Same(o, name) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// SortByDue sorts items by due date (items without one last), then by id
// in the store's order ("a9" before "a10").
func SortByDue(items []store.ActionRecord) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if (a.Due == "") != (b.Due == "") {
			return a.Due != ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		if len(a.ID) != len(b.ID) {
			return len(a.ID) < len(b.ID)
		}
		return a.ID < b.ID
	})
}

type syncer struct {
	tx  *store.Tx
	m   *meeting.Meeting
	dir *people.Directory
	// byEngine maps this meeting's engine action ids to tracked ids.
	byEngine map[string]string
	// claimed holds the tracked ids an action of this meeting already
	// made or repeated: one item is not linked twice from one meeting.
	claimed map[string]bool
	// cache holds the records read or changed in this sync.
	cache map[string]*store.ActionRecord
	// dirty lists the ids to save, in the order first changed; isDirty
	// holds the same ids, so marking one is not a scan of the list.
	dirty   []string
	isDirty map[string]bool
	created []string // ids of the items this sync created
	// removed holds the ids of items forget deleted: flush skips them.
	removed map[string]bool
	// words caches words.Words of texts compared many times, joined
	// their words.Joined form.
	words   map[string][]string
	joined  map[string]string
	changes []Change
}

func (s *syncer) ref(it *meeting.Item) string { return s.m.ID + "#" + it.ActionID }

// loadMentions reads which items this meeting already made or repeated.
func (s *syncer) loadMentions() error {
	items, err := s.tx.Actions(store.ActionFilter{Meeting: s.m.ID})
	if err != nil {
		return fmt.Errorf("tracker: items of meeting %s: %w", s.m.ID, err)
	}
	for i := range items {
		a := items[i]
		s.cache[a.ID] = &a
		for _, h := range a.History {
			if h.Field == FieldMentioned && h.Meeting == s.m.ID {
				if _, eid, ok := strings.Cut(h.New, "#"); ok {
					s.byEngine[eid] = a.ID
					s.claimed[a.ID] = true
				}
			}
		}
	}
	return nil
}

func (s *syncer) get(id string) (*store.ActionRecord, error) {
	if a, ok := s.cache[id]; ok {
		return a, nil
	}
	a, ok, err := s.tx.Get(id)
	if err != nil || !ok {
		return nil, err
	}
	s.cache[id] = &a
	return &a, nil
}

func (s *syncer) mark(id string) {
	if s.isDirty[id] {
		return
	}
	s.isDirty[id] = true
	s.dirty = append(s.dirty, id)
}

func (s *syncer) flush(ctx context.Context) error {
	for id := range s.removed {
		if err := s.tx.DeleteAction(id); err != nil {
			return fmt.Errorf("tracker: removing item %s: %w", id, err)
		}
	}
	items := make([]store.ActionRecord, 0, len(s.dirty))
	for _, id := range s.dirty {
		if !s.removed[id] {
			items = append(items, *s.cache[id])
		}
	}
	// In batches of 1,024 (each written in key order), looking at the
	// context between them: an import of 20,000 items stops when asked.
	for len(items) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(items), 1024)
		if err := s.tx.PutActions(items[:n]); err != nil {
			return fmt.Errorf("tracker: saving items %s to %s: %w", items[0].ID, items[n-1].ID, err)
		}
		items = items[n:]
	}
	return nil
}

// clean gives an item's text as written: without the notes' markers.
func (s *syncer) clean(it *meeting.Item) string {
	text := it.Text
	if s.m.Source == "f2f" || it.FromNotes || strings.Contains(text, notes.MergePrefix) {
		return notes.StripMeta(text)
	}
	return text
}

// leadingID reads a tracker id ("a1", "a2z") or an engine action id (six
// base32 characters) at the start of a #action or #done text, what the
// regular expression `^\s*#?([a-z0-9]{1,12})(?:[\s:,.]+|$)` matches
// (FuzzLeadingID): the id, and the length of the text it takes with the
// separators after it. ok is false when the text starts otherwise. Every
// #action asks it, so it reads the bytes itself.
func leadingID(text string) (id string, n int, ok bool) {
	i := 0
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	if i < len(text) && text[i] == '#' {
		i++
	}
	j := i
	for j < len(text) && ('a' <= text[j] && text[j] <= 'z' || '0' <= text[j] && text[j] <= '9') {
		j++
	}
	if j == i || j-i > 12 {
		return "", 0, false
	}
	k := j
	for k < len(text) && (isSpace(text[k]) || text[k] == ':' || text[k] == ',' || text[k] == '.') {
		k++
	}
	if k == j && k < len(text) {
		return "", 0, false
	}
	return text[i:j], k, true
}

// isSpace is the regular expressions' \s: tab, newline, form feed,
// carriage return, space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// idAt returns the tracked item named by the first word of text and the
// rest of the text, when the word is an id of a tracked item (or an action
// id of this meeting).
func (s *syncer) idAt(text string) (*store.ActionRecord, string, error) {
	id, n, ok := leadingID(text)
	if !ok {
		return nil, text, nil
	}
	if tid, ok := s.byEngine[id]; ok {
		id = tid
	}
	a, err := s.get(id)
	if err != nil || a == nil {
		return nil, text, err
	}
	return a, strings.TrimSpace(text[n:]), nil
}

// ownerFix reads "owner NICK", "owners A B", "owner A, B and C": the new
// owners of an item, replacing the old.
func ownerFix(rest string) ([]string, bool) {
	f := strings.Fields(rest)
	if len(f) < 2 || !strings.EqualFold(f[0], "owner") && !strings.EqualFold(f[0], "owners") && !strings.EqualFold(f[0], "owner:") {
		return nil, false
	}
	var out []string
	for _, w := range f[1:] {
		w = strings.Trim(w, ",;")
		if w == "" || strings.EqualFold(w, "and") || w == "&" || w == "+" {
			continue
		}
		out = append(out, strings.TrimPrefix(w, "@"))
	}
	return out, len(out) > 0
}

// due returns the item's deadline; a date before the meeting's day is
// kept as text and flagged, never silently wrong.
func (s *syncer) due(it *meeting.Item) (due, text string, unread bool) {
	due, text, unread = it.Due, it.DueText, it.DueUnread
	if due != "" {
		loc := s.m.Location
		if loc == nil {
			loc = time.UTC
		}
		if due < s.m.Started.In(loc).Format("2006-01-02") {
			return "", text, true
		}
	}
	return due, text, unread
}

func (s *syncer) history(a *store.ActionRecord, it *meeting.Item, field, old, nu string) {
	a.History = append(a.History, store.ActionChange{At: it.At, Meeting: s.m.ID, Field: field, Old: old, New: nu, Nick: it.Nick})
}

// action records one #action.
func (s *syncer) action(it *meeting.Item, topic string) error {
	owners := s.dir.CanonicalAll(it.Owners)
	text := s.clean(it)
	due, dueText, unread := s.due(it)

	// Already synced: update only when nothing newer changed the item.
	if id, ok := s.byEngine[it.ActionID]; ok && it.ActionID != "" {
		a, err := s.get(id)
		if err != nil || a == nil {
			return err
		}
		if !a.Updated.After(it.At) {
			s.update(a, it, text, owners, due, dueText, unread, false)
		}
		return nil
	}
	// "#action ID new text" updates item ID.
	if a, rest, err := s.idAt(text); err != nil {
		return err
	} else if a != nil && rest != "" {
		if !s.claimed[a.ID] {
			s.mention(a, it)
		}
		// "#action ID owner NICK ...": the owners are replaced (the
		// fix the bot suggests when an owner is nobody present).
		if nicks, ok := ownerFix(rest); ok {
			nu := s.dir.CanonicalAll(nicks)
			oldJ, newJ := strings.Join(a.Owners, ", "), strings.Join(nu, ", ")
			if oldJ != newJ {
				s.history(a, it, "owners", oldJ, newJ)
				s.changes = append(s.changes, Change{ID: a.ID, What: "updated", Field: "owners", Old: oldJ, New: newJ, Text: a.Text})
				a.Owners = nu
				if it.At.After(a.Updated) {
					a.Updated = it.At
				}
				s.mark(a.ID)
			}
			return nil
		}
		if len(owners) == 0 {
			owners = a.Owners
		}
		s.update(a, it, rest, owners, due, dueText, unread, true)
		return nil
	}
	a, err := s.match(owners, topic, text)
	if err != nil {
		return err
	}
	if a != nil {
		s.mention(a, it)
		if topic != "" {
			a.Topic = topic
		}
		s.changes = append(s.changes, Change{ID: a.ID, What: "linked", Text: a.Text})
		s.update(a, it, text, owners, due, dueText, unread, true)
		return nil
	}
	id, err := s.tx.NextActionID()
	if err != nil {
		return fmt.Errorf("tracker: new action id: %w", err)
	}
	a = &store.ActionRecord{ID: id, Text: text, Owners: owners, Due: due, DueText: dueText, DueUnread: unread,
		Status: store.StatusOpen, Series: s.m.Series, Topic: topic, Nick: it.Nick,
		Created: it.At, Updated: it.At}
	s.history(a, it, FieldCreated, "", text)
	s.cache[id] = a
	s.mention(a, it)
	s.created = append(s.created, id)
	s.changes = append(s.changes, Change{ID: id, What: "new", Text: text})
	return nil
}

// forget undoes the mentions of this meeting's actions that are no longer
// in its minutes (an #action taken back with #undo): the mention leaves
// the item's history and, when it was the meeting's last, the meeting
// leaves the item's Meetings; an item no other action mentions (this
// meeting made it) is removed from the tracker. Fields the action changed
// on an item it repeated stay as they are.
func (s *syncer) forget() error {
	live := map[string]bool{}
	for i := range s.m.Items {
		if it := &s.m.Items[i]; it.Kind == meeting.ItemAction {
			live[it.ActionID] = true
		}
	}
	eids := make([]string, 0, len(s.byEngine))
	for eid := range s.byEngine {
		if eid != "" && !live[eid] {
			eids = append(eids, eid)
		}
	}
	sort.Strings(eids)
	for _, eid := range eids {
		id := s.byEngine[eid]
		delete(s.byEngine, eid)
		a, err := s.get(id)
		if err != nil || a == nil {
			return err
		}
		ref := s.m.ID + "#" + eid
		mentions, mine := 0, 0
		hist := a.History[:0:0]
		for _, h := range a.History {
			if h.Field == FieldMentioned && h.Meeting == s.m.ID && h.New == ref {
				continue
			}
			if h.Field == FieldMentioned {
				mentions++
				if h.Meeting == s.m.ID {
					mine++
				}
			}
			hist = append(hist, h)
		}
		if len(hist) == len(a.History) {
			continue
		}
		if mentions == 0 {
			if s.removed == nil {
				s.removed = map[string]bool{}
			}
			s.removed[id] = true
			delete(s.claimed, id)
			s.changes = append(s.changes, Change{ID: id, What: "removed", Text: a.Text})
			continue
		}
		a.History = hist
		if mine == 0 {
			a.Meetings = slices.DeleteFunc(a.Meetings, func(mid string) bool { return mid == s.m.ID })
			delete(s.claimed, id)
		}
		s.changes = append(s.changes, Change{ID: id, What: "unlinked", Text: a.Text})
		s.mark(id)
	}
	return nil
}

// mention records that this meeting's action it made or repeated a.
func (s *syncer) mention(a *store.ActionRecord, it *meeting.Item) {
	s.history(a, it, FieldMentioned, "", s.ref(it))
	found := false
	for _, mid := range a.Meetings {
		if mid == s.m.ID {
			found = true
		}
	}
	if !found {
		a.Meetings = append(a.Meetings, s.m.ID)
	}
	if it.ActionID != "" {
		s.byEngine[it.ActionID] = a.ID
	}
	s.claimed[a.ID] = true
	if it.At.After(a.Updated) {
		a.Updated = it.At
	}
	s.mark(a.ID)
}

// update brings a's fields up to what the meeting says. replaceText says
// whether the text may change (a repeat or an explicit update).
func (s *syncer) update(a *store.ActionRecord, it *meeting.Item, text string, owners []string, due, dueText string, unread, replaceText bool) {
	changed := false
	set := func(field string, old *string, nu string) {
		if *old == nu {
			return
		}
		s.history(a, it, field, *old, nu)
		s.changes = append(s.changes, Change{ID: a.ID, What: "updated", Field: field, Old: *old, New: nu, Text: a.Text})
		*old = nu
		changed = true
	}
	if replaceText && text != "" {
		set("text", &a.Text, text)
	}
	if len(owners) > 0 {
		merged := s.dir.CanonicalAll(append(append([]string(nil), a.Owners...), owners...))
		oldJ, newJ := strings.Join(a.Owners, ", "), strings.Join(merged, ", ")
		if oldJ != newJ {
			set("owners", &oldJ, newJ)
			a.Owners = merged
		}
	}
	if dueText != "" {
		set("due", &a.Due, due)
		set("due_text", &a.DueText, dueText)
		if a.DueUnread != unread {
			a.DueUnread = unread
			changed = true
		}
	}
	if changed {
		if it.At.After(a.Updated) {
			a.Updated = it.At
		}
		s.mark(a.ID)
	}
}

// maxCandidates bounds the open items a new #action is compared with: its
// owners' newest in the series (by id). Where nothing closes items (an
// imported MeetBot archive) an owner's open items grow with the archive,
// and without a bound so would the cost of every #action.
const maxCandidates = 64

// match finds the open item that an action with these owners and text
// repeats: an owner in common and texts sharing at least 40% of their
// words, or an item that is a topic itself (notes make a topic with an
// owner an action: "Catering") whose words the action's text all holds (an
// action whose text is its topic is also compared with the item's topic).
// The topic only breaks ties: among items scoring the same, one raised
// under the same topic wins, then the lowest id; the topic never links an
// item alone, so distinct actions raised under a recurring topic ("Roll
// call") stay distinct items. nil when none. The candidates are the
// owners' maxCandidates newest open items in the series, from the store's
// index of open items by series and owner, which holds their words: no
// record is decoded but the one returned.
func (s *syncer) match(owners []string, topic, text string) (*store.ActionRecord, error) {
	if len(owners) == 0 {
		return nil, nil
	}
	var keys []string
	for _, o := range owners {
		keys = append(keys, s.dir.Spellings(o)...)
	}
	cands := s.tx.OpenItems(s.m.Series, keys...)
	if len(cands) == 0 {
		// The owners' first items in the series (a new series, or the
		// items of one import): nothing to compare the words with.
		return nil, nil
	}
	if len(cands) > maxCandidates {
		// The newest: an item older than the owners' maxCandidates
		// newest open items is linked only by its id.
		cands = cands[len(cands)-maxCandidates:]
	}
	nt := s.norm(topic)
	tw := words.Distinct(slices.Clone(s.wordsOf(text)))
	tset := slices.Clone(tw)
	slices.Sort(tset)
	tbits := make([]uint64, len(tset))
	for i, w := range tset {
		tbits[i] = words.Bit(w)
	}
	topicAction := s.norm(text) == nt
	best, bestScore, bestTopic := "", 0.0, false
	for _, c := range cands {
		if words.JaccardAtMost(tbits, c.WordMask, c.WordCount) < 0.4 && !topicAction &&
			(c.Words == "" || c.Words != c.TopicWords) && !s.cached(c.ID) {
			// Its words cannot be close enough (the bound is never
			// under JaccardSortedString's score) and neither rule below that
			// raises the score applies: passed over without reading
			// its words. An owner's open items grow with an archive
			// that closes none; this keeps each a few instructions
			// and one cache line (the summary first in OpenItem).
			continue
		}
		if s.claimed[c.ID] {
			continue
		}
		var score float64
		var sameTopic bool
		itemWords, itemTopic := c.Words, c.TopicWords
		topicSim := func() float64 { return words.JaccardJoined(tw, c.TopicWords) }
		if a, ok := s.cache[c.ID]; ok {
			// Read or changed in this sync: the record is newer than
			// the index.
			if a.Status != store.StatusOpen || !s.shareOwner(a.Owners, owners) {
				continue
			}
			score = s.sim(text, a.Text)
			itemWords, itemTopic = s.norm(a.Text), s.norm(a.Topic)
			topicSim = func() float64 { return s.sim(text, a.Topic) }
		} else {
			score = words.JaccardSortedString(tset, c.WordSet, c.WordCount) // JaccardJoined(tw, c.Words), in one merge
		}
		sameTopic = nt != "" && (nt == itemTopic || nt == itemWords)
		if topicAction && !sameTopic {
			// A topic that is itself the action ("Caterers")
			// against an item raised under another topic
			// ("Food/catering").
			score = max(score, topicSim())
		}
		if itemWords != "" && itemWords == itemTopic && contains(tw, itemWords) {
			// An item that is a topic itself ("Catering", from notes)
			// repeated by an action naming it ("pjp to finalise the
			// caterers").
			score = max(score, 0.4)
		}
		if score < 0.4 {
			continue
		}
		if best == "" || score > bestScore || (score == bestScore && sameTopic && !bestTopic) {
			best, bestScore, bestTopic = c.ID, score, sameTopic
		}
	}
	if best == "" {
		return nil, nil
	}
	return s.get(best)
}

// cached says whether item id was read or changed in this sync (its
// record, not the index, is then what match compares).
func (s *syncer) cached(id string) bool {
	if len(s.cache) == 0 {
		return false
	}
	_, ok := s.cache[id]
	return ok
}

// contains says whether every word of joined (a words.Joined form) is one
// of ws.
func contains(ws []string, joined string) bool {
	for _, w := range strings.Fields(joined) {
		if !slices.Contains(ws, w) {
			return false
		}
	}
	return true
}

func (s *syncer) shareOwner(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if s.dir.Same(x, y) {
				return true
			}
		}
	}
	return false
}

// sim is words.Similarity with the words of texts cached.
func (s *syncer) sim(a, b string) float64 {
	return words.Jaccard(s.wordsOf(a), s.wordsOf(b))
}

func (s *syncer) wordsOf(t string) []string {
	w, ok := s.words[t]
	if !ok {
		w = words.Words(t)
		s.words[t] = w
	}
	return w
}

// norm is a topic's stems in order (words.Joined): "Caterers" and
// "Catering" are the same topic. Cached like wordsOf: a meeting's topic is
// asked of each of its actions.
func (s *syncer) norm(t string) string {
	j, ok := s.joined[t]
	if !ok {
		j = strings.Join(s.wordsOf(t), " ")
		s.joined[t] = j
	}
	return j
}

// done closes the item a #done (or "Done:" in notes) names.
func (s *syncer) done(it *meeting.Item) error {
	text := strings.TrimSpace(strings.TrimPrefix(it.Text, notes.MergePrefix))
	a, rest, err := s.idAt(text)
	if err != nil {
		return err
	}
	if a == nil {
		a, err = s.matchDone(text)
		if err != nil {
			return err
		}
		rest = text
	}
	if a == nil {
		s.changes = append(s.changes, Change{What: "unmatched", Text: text})
		return nil
	}
	if a.Status == store.StatusDone || a.Updated.After(it.At) {
		return nil
	}
	s.history(a, it, "status", a.Status, store.StatusDone)
	if rest != "" {
		s.history(a, it, "note", "", rest)
	}
	a.Status = store.StatusDone
	a.Updated = it.At
	found := false
	for _, mid := range a.Meetings {
		found = found || mid == s.m.ID
	}
	if !found {
		a.Meetings = append(a.Meetings, s.m.ID)
	}
	s.mark(a.ID)
	s.changes = append(s.changes, Change{ID: a.ID, What: "closed", Text: a.Text})
	return nil
}

// matchDone finds the one open item a #done text names: the item whose
// text the done text contains, else the single item sharing the most
// words (at least 30%) with it; nil when none or several tie. It compares
// every open item of the series, from the store's index (no record
// decoded), and the items this sync created.
func (s *syncer) matchDone(text string) (*store.ActionRecord, error) {
	cands := s.tx.OpenItems(s.m.Series)
	for _, id := range s.created {
		cands = append(cands, &store.OpenItem{ID: id})
	}
	tw := words.Distinct(slices.Clone(s.wordsOf(text)))
	var best string
	bestScore, tie := 0.0, false
	lt := strings.ToLower(text)
	for _, c := range cands {
		itemText, score := c.Text, 0.0
		if a, ok := s.cache[c.ID]; ok {
			if a.Status != store.StatusOpen {
				continue
			}
			itemText, score = a.Text, s.sim(text, a.Text)
		} else {
			score = words.JaccardJoined(tw, c.Words)
		}
		if score > 0 && strings.Contains(lt, strings.ToLower(itemText)) {
			score += 1
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = c.ID, score, false
		case score == bestScore && score > 0:
			tie = true
		}
	}
	if tie || bestScore < 0.3 {
		return nil, nil
	}
	return s.get(best)
}
