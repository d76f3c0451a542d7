package life

import (
	"slices"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// TestUndoTrackedAction: #undo of an #action takes the item out of the
// tracker in the same step. An item the undone action made is removed (its
// id is not reused: the next action gets a new one); an item it repeated
// from an earlier meeting stays, without this meeting in its Meetings or
// history. The reply names the removed item, and the end of the meeting
// does not bring it back.
func TestUndoTrackedAction(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	first := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	live(t, k, first,
		"pjp: #startmeeting FUDCon planning",
		"pjp: #topic Venue",
		"kushal: #action pjp to book the venue",
		"pjp: #endmeeting")

	second := first.Add(7 * 24 * time.Hour)
	c, steps := live(t, k, second,
		"pjp: #startmeeting FUDCon planning",
		"pjp: #topic Venue",
		"kushal: #action pjp to book the venue",
		"pjp: #action kushal to order the t-shirts",
		"pjp: #undo",
		"pjp: #undo",
		"pjp: #action kushal to print the badges",
		"pjp: #endmeeting")
	m := c.Ended()
	if got := steps[2].Changes; len(got) != 1 || got[0].What != "linked" || got[0].ID != "a1" {
		t.Fatalf("the repeat: %v", got)
	}
	if got := steps[3].Changes; len(got) != 1 || got[0].What != "new" || got[0].ID != "a2" {
		t.Fatalf("the new item: %v", got)
	}
	// The first #undo takes the t-shirts back: a2 is gone, with a reply.
	if got := ActionLines(steps[4].Changes, nil); len(got) != 1 || got[0] != "UNDONE [a2] kushal to order the t-shirts (no longer tracked)" {
		t.Errorf("reply to the first #undo: %q (changes %v)", got, steps[4].Changes)
	}
	if _, ok, err := getAction(st, "a2"); err != nil || ok {
		t.Errorf("a2 after #undo: still stored (%v)", err)
	}
	// The second takes the repeat back: a1 stays, of the first meeting only.
	if got := steps[5].Changes; len(got) != 1 || got[0].What != "unlinked" || got[0].ID != "a1" {
		t.Errorf("the second #undo: %v", got)
	}
	a1, err := st.Action("a1")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(a1.Meetings, m.ID) || len(a1.Meetings) != 1 {
		t.Errorf("a1 still names the meeting that took its repeat back: %v", a1.Meetings)
	}
	for _, h := range a1.History {
		if h.Meeting == m.ID {
			t.Errorf("a1 history keeps %+v", h)
		}
	}
	// The next action gets a new id, and the end tracks only what the
	// minutes hold.
	if got := steps[6].Changes; len(got) != 1 || got[0].ID != "a3" {
		t.Errorf("the action after the #undo: %v", got)
	}
	items, err := st.Actions(store.ActionFilter{Meeting: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].ID != "a3" {
		t.Errorf("items of the meeting after its end: %v", items)
	}
	l, err := k.List("", "fudcon", "#fudcon")
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, a := range l.Open {
		open = append(open, a.ID)
	}
	if !slices.Equal(open, []string{"a1", "a3"}) {
		t.Errorf("open items after the meeting: %v, want a1 a3", open)
	}
}

func getAction(st *store.Store, id string) (a store.ActionRecord, ok bool, err error) {
	err = st.View(func(tx *store.Tx) error {
		a, ok, err = tx.Get(id)
		return err
	})
	return a, ok, err
}
