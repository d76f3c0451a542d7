package publisher

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// siteModel is what a publish knows of the archive: the ended meetings'
// refs in order, by id and by series, and the action items with their
// indexes.
type siteModel struct {
	recs     []*ref
	byID     map[string]*ref
	bySeries map[string][]*ref
	series   []string
	actions  []Action
	tracked  *trackedIndex
	// byMeeting lists the action items each meeting raised or discussed.
	byMeeting map[string][]*Action
	// touched, when not nil, holds the ids of the action items whose
	// entries may have changed since the last publish (the items
	// written, and those of the meetings written): the others are as the
	// Publisher's memos have them. nil: any may have changed.
	touched map[string]bool
	// memos, when as long as actions, holds the Publisher's memo of each
	// item (nil: look it up), for the archive it keeps.
	memos []*itemMemo
	// burn holds the burn-down counts of the items (the charts of the
	// action pages and series pages), kept with the archive and updated
	// from the changed items (apply); made by burnFor.
	burn *burnTally
}

// burnFor makes sure m's burn-down counts are for the window of a chart
// made at now, counting every item when they are not.
func (m *siteModel) burnFor(now time.Time) {
	if first := burnStart(now); m.burn == nil || !m.burn.first.Equal(first) {
		m.burn = newBurnTally(m.actions, first)
	}
}

// sourceDelta is what changed in a Source since an earlier state.
type sourceDelta struct {
	// at is the state it brings the reader to.
	at int
	// meetings are the changed meetings' records that are listed (ended);
	// unlisted the changed ones that are not (gone, or running).
	meetings []Record
	unlisted []string
	// actions are the changed or new items, goneActions the ids of those
	// deleted.
	actions     []Action
	goneActions []string
}

// deltaSource is a Source that says what changed since an earlier state
// (StoreSource made by NewStoreSource: the store's change log). A
// Publisher reading one keeps its archive between publishes and applies
// the changes to it instead of listing the archive.
type deltaSource interface {
	sourceState(ctx context.Context) (int, error)
	delta(ctx context.Context, since int) (d sourceDelta, ok bool, err error)
}

// keptArchive is the archive a Publisher keeps between publishes, with the
// Source's state it reflects and each item's place in actions.
type keptArchive struct {
	siteModel
	at    int
	index map[string]int
}

// loadArchive fills b's archive: from the kept one and the Source's
// changes when it can, else by listing the Source.
func (p *Publisher) loadArchive(ctx context.Context, b *build) error {
	ds, isDelta := p.src.(deltaSource)
	if isDelta && p.kept != nil {
		d, ok, err := ds.delta(ctx, p.kept.at)
		if err != nil {
			p.kept = nil
			return fmt.Errorf("publisher: reading the changes: %w", err)
		}
		if ok {
			applied, err := p.apply(d)
			if err != nil {
				p.kept = nil
				return err
			}
			if applied {
				p.kept.burnFor(p.opt.Now)
				b.siteModel = p.kept.siteModel
				p.refs = b.byID
				return nil
			}
		}
	}
	p.kept = nil
	at := 0
	if isDelta {
		var err error
		if at, err = ds.sourceState(ctx); err != nil {
			return fmt.Errorf("publisher: reading the store's state: %w", err)
		}
	}
	if err := p.listArchive(ctx, b); err != nil {
		return err
	}
	b.burnFor(p.opt.Now)
	if isDelta {
		b.memos = make([]*itemMemo, len(b.actions))
		k := &keptArchive{siteModel: b.siteModel, at: at, index: make(map[string]int, len(b.actions))}
		for i := range b.actions {
			k.index[b.actions[i].ID] = i
		}
		p.kept = k
	}
	return nil
}

// listArchive lists the Source's meetings and action items into b.
func (p *Publisher) listArchive(ctx context.Context, b *build) error {
	// The action items (a full build's longest read: 12,000 records
	// decoded) are listed while the meetings' records are and their refs
	// made, on the other core.
	type listed struct {
		actions []Action
		err     error
	}
	items := make(chan listed, 1)
	go func() {
		a, err := p.src.Actions(ctx)
		items <- listed{a, err}
	}()
	waited := false
	defer func() {
		if !waited {
			<-items
		}
	}()
	recs, err := p.src.Meetings(ctx)
	if err != nil {
		return fmt.Errorf("publisher: listing meetings: %w", err)
	}
	b.byID, b.bySeries = make(map[string]*ref, len(recs)), map[string][]*ref{}
	zones := map[string]*time.Location{}
	for _, r := range recs {
		if r.Ended.IsZero() {
			continue
		}
		if _, dup := b.byID[r.ID]; dup {
			return fmt.Errorf("publisher: meeting %q listed twice", r.ID)
		}
		rf, err := p.refFor(r, zones)
		if err != nil {
			return err
		}
		b.recs = append(b.recs, rf)
		b.byID[r.ID] = rf
	}
	p.refs = b.byID
	sort.Slice(b.recs, func(i, j int) bool { return refLess(b.recs[i], b.recs[j]) })
	for _, r := range b.recs {
		if _, ok := b.bySeries[r.Series]; !ok {
			b.series = append(b.series, r.Series)
		}
		b.bySeries[r.Series] = append(b.bySeries[r.Series], r)
	}
	sort.Strings(b.series)
	l := <-items
	waited = true
	if b.actions, err = l.actions, l.err; err != nil {
		return fmt.Errorf("publisher: listing action items: %w", err)
	}
	for i := range b.actions {
		b.actions[i].cleanText()
	}
	b.indexActions()
	return nil
}

// refFor returns the ref of record r: the last publish's while the record
// is the same.
func (p *Publisher) refFor(r Record, zones map[string]*time.Location) (*ref, error) {
	if r.ID == "" || r.Series == "" {
		return nil, fmt.Errorf("publisher: meeting record %q has no id or series", r.ID)
	}
	if rf := p.refs[r.ID]; rf != nil && sameRecord(&rf.src, &r) {
		return rf, nil
	}
	return p.newRef(r, zones)
}

// indexActions builds the tracked-item and per-meeting indexes of the
// archive's items.
func (a *siteModel) indexActions() {
	a.tracked = newTrackedIndex(a.actions)
	a.byMeeting = make(map[string][]*Action)
	for i := range a.actions {
		it := &a.actions[i]
		for _, id := range it.Meetings {
			a.byMeeting[id] = append(a.byMeeting[id], it)
		}
	}
}

// apply brings the kept archive to d's state; false when d needs a full
// listing (an item deleted, or new ids out of order).
func (p *Publisher) apply(d sourceDelta) (bool, error) {
	k := p.kept
	if len(d.goneActions) > 0 {
		return false, nil
	}
	var added []Action
	for _, a := range d.actions {
		if _, ok := k.index[a.ID]; !ok {
			added = append(added, a)
		}
	}
	sort.Slice(added, func(i, j int) bool { return idOrder(added[i].ID, added[j].ID) })
	if len(added) > 0 && len(k.actions) > 0 && !idOrder(k.actions[len(k.actions)-1].ID, added[0].ID) {
		return false, nil
	}
	// The items whose entries may change, added to those of publishes
	// that did not get to bring the memos up to date (nil after a
	// listing: every item is checked).
	touched := k.touched
	mark := func(id string) {
		if touched != nil {
			touched[id] = true
		}
	}
	// Meetings: each changed one leaves its place and, when listed,
	// takes its new one.
	zones := map[string]*time.Location{}
	gone := func(id string) {
		old := k.byID[id]
		if old == nil {
			return
		}
		delete(k.byID, id)
		k.recs = removeRef(k.recs, old)
		list := removeRef(k.bySeries[old.Series], old)
		if len(list) == 0 {
			delete(k.bySeries, old.Series)
			if i, ok := slices.BinarySearch(k.series, old.Series); ok {
				k.series = slices.Delete(k.series, i, i+1)
			}
		} else {
			k.bySeries[old.Series] = list
		}
	}
	for _, id := range d.unlisted {
		gone(id)
		for _, a := range k.byMeeting[id] {
			mark(a.ID)
		}
	}
	for _, r := range d.meetings {
		rf, err := p.refFor(r, zones)
		if err != nil {
			return false, err
		}
		gone(r.ID)
		k.byID[r.ID] = rf
		k.recs = insertRef(k.recs, rf)
		if _, ok := k.bySeries[rf.Series]; !ok {
			i, _ := slices.BinarySearch(k.series, rf.Series)
			k.series = slices.Insert(k.series, i, rf.Series)
		}
		k.bySeries[rf.Series] = insertRef(k.bySeries[rf.Series], rf)
		for _, a := range k.byMeeting[r.ID] {
			mark(a.ID)
		}
	}
	// Action items: changed ones in place, new ones at the end.
	for i := range d.actions {
		a := &d.actions[i]
		at, ok := k.index[a.ID]
		if !ok {
			continue
		}
		a.cleanText()
		it := &k.actions[at]
		if at < len(k.memos) {
			k.memos[at] = nil
		}
		k.unindex(it)
		if k.burn != nil {
			k.burn.add(it, -1)
			k.burn.add(a, 1)
		}
		*it = *a
		k.reindex(it)
		mark(a.ID)
	}
	if len(added) > 0 {
		moved := len(k.actions)+len(added) > cap(k.actions)
		if moved {
			grown := make([]Action, len(k.actions), (len(k.actions)+len(added))*5/4+64)
			copy(grown, k.actions)
			k.actions = grown
		}
		for _, a := range added {
			a.cleanText()
			k.index[a.ID] = len(k.actions)
			k.actions = append(k.actions, a)
			k.memos = append(k.memos, nil)
			if k.burn != nil {
				k.burn.add(&a, 1)
			}
			mark(a.ID)
			if !moved {
				k.reindex(&k.actions[len(k.actions)-1])
			}
		}
		if moved {
			// The indexes pointed into the old array.
			k.indexActions()
		}
	}
	k.at = d.at
	return true, nil
}

// unindex removes item it from the tracked-item and per-meeting indexes.
func (a *siteModel) unindex(it *Action) {
	for _, id := range it.Meetings {
		list := a.byMeeting[id]
		if i := slices.Index(list, it); i >= 0 {
			list = slices.Delete(list, i, i+1)
		}
		if len(list) == 0 {
			delete(a.byMeeting, id)
		} else {
			a.byMeeting[id] = list
		}
	}
	for _, r := range it.Raised {
		if a.tracked.raised[r] == it {
			delete(a.tracked.raised, r)
		}
	}
	for _, c := range it.Closings {
		if key := closingKey(c.Meeting, c.At.UnixNano()); a.tracked.closed[key] == it {
			delete(a.tracked.closed, key)
		}
	}
}

// reindex adds item it to the indexes, where listing every item in id
// order would have put it.
func (a *siteModel) reindex(it *Action) {
	for _, id := range it.Meetings {
		list := a.byMeeting[id]
		i := sort.Search(len(list), func(i int) bool { return !idOrder(list[i].ID, it.ID) })
		a.byMeeting[id] = slices.Insert(list, i, it)
	}
	later := func(o *Action) bool { return o == nil || o == it || idOrder(o.ID, it.ID) }
	for _, r := range it.Raised {
		if later(a.tracked.raised[r]) {
			a.tracked.raised[r] = it
		}
	}
	for _, c := range it.Closings {
		if key := closingKey(c.Meeting, c.At.UnixNano()); later(a.tracked.closed[key]) {
			a.tracked.closed[key] = it
		}
	}
}

// removeRef returns list (in refLess order) without r.
func removeRef(list []*ref, r *ref) []*ref {
	i := sort.Search(len(list), func(i int) bool { return !refLess(list[i], r) })
	for ; i < len(list); i++ {
		if list[i] == r {
			return slices.Delete(list, i, i+1)
		}
		if refLess(r, list[i]) {
			break
		}
	}
	return list
}

// insertRef returns list (in refLess order) with r in its place.
func insertRef(list []*ref, r *ref) []*ref {
	i := sort.Search(len(list), func(i int) bool { return !refLess(list[i], r) })
	return slices.Insert(list, i, r)
}

// burnChart is the burn-down chart of series ("" for every item) made at
// now: from the kept counts (burnFor made them for the publish's date),
// else counted from every item.
func (m *siteModel) burnChart(series string, now time.Time) chart {
	if m.burn == nil || !m.burn.first.Equal(burnStart(now)) {
		return burndown(m.actions, series, now)
	}
	return m.burn.chart(series)
}
