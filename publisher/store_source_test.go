package publisher

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// TestStoreSource puts the fixture meetings' events and action items in a
// real bbolt store, builds the site from it, and expects the same site as
// the one built from the meetings in memory.
func TestStoreSource(t *testing.T) {
	mem := fixture(t)
	st := storeFrom(t, mem)
	fromStore, fromMem := t.TempDir(), t.TempDir()
	p, err := New(StoreSource{Store: st}, fixtureOptions(fromStore))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	pm, _ := New(mem, fixtureOptions(fromMem))
	if _, err := pm.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, fromStore), readTree(t, fromMem)
	if len(a) != len(b) || len(a) < 40 {
		t.Errorf("store site has %d files, memory site %d", len(a), len(b))
	}
	for _, name := range sortedNames(b) {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: site from the store differs:\n%s", name, firstDiff(a[name], b[name]))
		}
	}
	if _, err := (StoreSource{Store: st}).Meeting(context.Background(), "nope"); err == nil {
		t.Errorf("loading an unknown meeting gave no error")
	}
}

// storeFrom puts mem's meetings (their events) and action items in a real
// bbolt store in a temporary folder.
func storeFrom(t *testing.T, mem *memSource) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, r := range mem.recs {
		m := mem.meetings[r.ID]
		rec := store.MeetingRecord{ID: r.ID, Channel: r.Channel, Series: r.Series, Title: r.Title, Source: r.Source,
			TimeZone: r.TimeZone, Started: r.Started, SeriesOption: r.Series}
		if err := st.StartMeeting(rec); err != nil {
			t.Fatal(err)
		}
		evs := make([]meeting.Event, len(m.Log))
		for i, l := range m.Log {
			evs[i] = meeting.Event{Time: l.Time, Channel: r.Channel, Nick: l.Nick, Text: l.Text, Kind: l.Kind}
		}
		if err := appendEvents(st, r.ID, evs); err != nil {
			t.Fatal(err)
		}
		summary, ended := r.Summary, r.Ended
		if err := st.UpdateMeeting(r.ID, func(mr *store.MeetingRecord) error {
			mr.Ended, mr.Summary = ended, summary
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range mem.actions {
		var hist []store.ActionChange
		for _, r := range a.Raised {
			hist = append(hist, store.ActionChange{At: a.Created, Field: tracker.FieldMentioned, New: r})
		}
		if !a.Open() {
			// Closed as the reminders close an item (remind/answer.go):
			// StoreSource reads who and when from this change.
			hist = append(hist, store.ActionChange{At: a.Closed, Field: "status", Old: store.StatusOpen, New: a.Status, Nick: a.ClosedBy})
		}
		mem.actions[i].Revision = len(hist) // what the store counts
		if err := st.PutAction(store.ActionRecord{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText,
			Status: a.Status, Series: a.Series, Meetings: a.Meetings, Created: a.Created, Updated: a.Updated, History: hist}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// appendEvents adds evs at the end of meeting id's events in one transaction.
func appendEvents(st *store.Store, id string, evs []meeting.Event) error {
	return st.Update(func(tx *store.Tx) error {
		for _, ev := range evs {
			if _, err := tx.Append(id, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestStoreSourceKept: NewStoreSource's items, kept between listings, are
// the store's after items are added, changed and deleted, in id order.
func TestStoreSourceKept(t *testing.T) {
	st := storeFrom(t, fixture(t))
	src := NewStoreSource(st)
	ctx := context.Background()
	ids := func() []string {
		list, err := src.Actions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, a.ID+"="+a.Text)
		}
		return out
	}
	want := func(label string, fresh []string) {
		t.Helper()
		plain, err := StoreSource{Store: st}.Actions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var exp []string
		for _, a := range plain {
			exp = append(exp, a.ID+"="+a.Text)
		}
		if fmt.Sprint(fresh) != fmt.Sprint(exp) {
			t.Errorf("%s: kept listing %q, the store lists %q", label, fresh, exp)
		}
	}
	want("first", ids())
	err := st.Update(func(tx *store.Tx) error {
		if err := tx.PutAction(store.ActionRecord{ID: "a10", Text: "new ten", Series: "s", Status: store.StatusOpen}); err != nil {
			return err
		}
		return tx.PutAction(store.ActionRecord{ID: "a0", Text: "new zero", Series: "s", Status: store.StatusOpen})
	})
	if err != nil {
		t.Fatal(err)
	}
	want("added", ids())
	a2, err := st.Action("a2")
	if err != nil {
		t.Fatal(err)
	}
	a2.Text = "changed"
	if err := st.PutAction(a2); err != nil {
		t.Fatal(err)
	}
	want("changed", ids())
	if err := st.Update(func(tx *store.Tx) error { return tx.DeleteAction("a1") }); err != nil {
		t.Fatal(err)
	}
	got := ids()
	want("deleted", got)
	if strings.Contains(fmt.Sprint(got), "a1=") {
		t.Errorf("a deleted item is still listed: %q", got)
	}
}
