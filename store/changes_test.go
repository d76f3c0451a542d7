package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestChangesSince: the store says which meetings and action items the
// transactions after a reader's state wrote, each once, and cannot say for
// a state from before it was opened.
func TestChangesSince(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gavel.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := func() int {
		n := 0
		s.View(func(tx *Tx) error { n = tx.State(); return nil })
		return n
	}
	since := func(from int) (Changes, bool) {
		var c Changes
		var ok bool
		s.View(func(tx *Tx) error { c, ok = tx.ChangesSince(from); return nil })
		slices.Sort(c.Meetings)
		slices.Sort(c.Actions)
		return c, ok
	}
	t0 := at()
	start := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, id := range []string{"m1", "m2"} {
		if err := s.StartMeeting(MeetingRecord{ID: id, Channel: "#c", Series: "c", Started: start}); err != nil {
			t.Fatal(err)
		}
	}
	t1 := at()
	if _, err := s.Append("m1", meeting.Event{Time: start, Channel: "#c", Nick: "a", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateActions(func(tx *ActionTx) error {
		id, err := tx.NextActionID()
		if err != nil {
			return err
		}
		return tx.PutAction(ActionRecord{ID: id, Text: "a to b", Meetings: []string{"m1"}})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Mark("remind/x", start); err != nil { // writes neither
		t.Fatal(err)
	}
	c, ok := since(t0)
	if !ok || !slices.Equal(c.Meetings, []string{"m1", "m2"}) || !slices.Equal(c.Actions, []string{"a1"}) || c.At != at() {
		t.Errorf("since the start: %+v, %v", c, ok)
	}
	c, ok = since(t1)
	if !ok || !slices.Equal(c.Meetings, []string{"m1"}) || !slices.Equal(c.Actions, []string{"a1"}) {
		t.Errorf("since the meetings were made: %+v, %v", c, ok)
	}
	if c, ok = since(at()); !ok || len(c.Meetings)+len(c.Actions) != 0 {
		t.Errorf("since now: %+v, %v", c, ok)
	}
	if err := s.UpdateActions(func(tx *ActionTx) error { return tx.DeleteAction("a1") }); err != nil {
		t.Fatal(err)
	}
	if c, ok = since(t1); !ok || !slices.Equal(c.Actions, []string{"a1"}) {
		t.Errorf("after a deletion: %+v, %v", c, ok)
	}
	if _, ok := since(0); ok {
		t.Errorf("state 0 answered")
	}
	t2 := at()
	if err := s.Update(func(tx *Tx) error {
		_, err := tx.AppendEvents("m2", []meeting.Event{{Time: start, Channel: "#c", Nick: "a", Text: "a"}, {Time: start, Channel: "#c", Nick: "b", Text: "b"}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if c, ok = since(t2); !ok || !slices.Equal(c.Meetings, []string{"m2"}) || len(c.Actions) != 0 {
		t.Errorf("after AppendEvents: %+v, %v", c, ok)
	}
	s.Close()
	// Reopened: the log starts afresh, older states cannot be answered.
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := since(t1); ok {
		t.Errorf("a state from before the store was opened answered")
	}
	if _, ok := since(at()); !ok {
		t.Errorf("the state at opening did not answer")
	}
}

// TestChangeLogOrder: commits recorded out of order are applied in order,
// and a reader at a state not yet fully recorded gets no answer.
func TestChangeLogOrder(t *testing.T) {
	var c changeLog
	c.start(10)
	c.record(12, map[string]bool{"m2": true}, nil)
	if _, ok := c.since(10, 12); ok {
		t.Errorf("answered for 12 before 11 was recorded")
	}
	c.record(11, map[string]bool{"m1": true}, nil)
	got, ok := c.since(10, 12)
	slices.Sort(got.Meetings)
	if !ok || !slices.Equal(got.Meetings, []string{"m1", "m2"}) {
		t.Errorf("since 10: %+v, %v", got, ok)
	}
	for i := 13; i < 13+changeLogKeep+5; i++ {
		c.record(i, map[string]bool{"m": true}, nil)
	}
	if _, ok := c.since(10, c.done); ok {
		t.Errorf("answered for a state older than the log keeps")
	}
	if got, ok := c.since(c.done-1, c.done); !ok || len(got.Meetings) != 1 {
		t.Errorf("since the last but one: %+v, %v", got, ok)
	}
}

// TestItemSetWith: a state made by many commits on a shared base (some
// folding the changes into a new base) holds exactly the records written
// and not deleted, and the states before it are unchanged.
func TestItemSetWith(t *testing.T) {
	s := &itemSet{base: map[string]*ActionRecord{}}
	want := map[string]*ActionRecord{}
	var states []*itemSet
	var wants []map[string]*ActionRecord
	for i := 0; i < 400; i++ {
		id := "a" + string(rune('0'+i%37))
		staged := map[string]*ActionRecord{}
		if i%5 == 4 {
			staged[id] = nil
			delete(want, id)
		} else {
			a := &ActionRecord{ID: id, Text: time.Duration(i).String()}
			staged[id] = a
			want[id] = a
		}
		staged["b"+time.Duration(i).String()] = &ActionRecord{ID: "b"}
		want["b"+time.Duration(i).String()] = staged["b"+time.Duration(i).String()]
		s = s.with(staged)
		if i%50 == 0 {
			states = append(states, s)
			copyWant := map[string]*ActionRecord{}
			for k, v := range want {
				copyWant[k] = v
			}
			wants = append(wants, copyWant)
		}
	}
	states, wants = append(states, s), append(wants, want)
	for n, st := range states {
		got := map[string]*ActionRecord{}
		st.each(func(id string, a *ActionRecord) error { got[id] = a; return nil })
		if len(got) != len(wants[n]) {
			t.Errorf("state %d: %d records, want %d", n, len(got), len(wants[n]))
		}
		for id, a := range wants[n] {
			if got[id] != a || st.get(id) != a {
				t.Errorf("state %d: %s is %v / %v, want %v", n, id, got[id], st.get(id), a)
			}
		}
	}
}
