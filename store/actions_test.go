package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func actionIDs(as []ActionRecord) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestActionIndexes(t *testing.T) {
	s, path := openTemp(t)
	items := []ActionRecord{
		{ID: "a1", Text: "book hotels", Owners: []string{"Saleem"}, Due: "2011-08-31", Series: "fudcon", Meetings: []string{"m1"}},
		{ID: "a2", Text: "caterers", Owners: []string{"PJP"}, Due: "2011-08-10", Series: "fudcon", Meetings: []string{"m1", "m2"}},
		{ID: "a3", Text: "goodies", Owners: []string{"Kushal Das", "pjp"}, Due: "2011-08-31", Series: "fudcon", Status: StatusDone},
		{ID: "a10", Text: "website", Owners: []string{"saleem"}, Series: "infra", Meetings: []string{"m2"}},
		{ID: "a9", Text: "unassigned", Series: "infra", DueText: "someday", DueUnread: true},
		{ID: "a4", Text: "old", Owners: []string{"al"}, Due: "2011-07-01", Series: "fudcon", Status: StatusDropped},
	}
	for _, a := range items {
		if err := s.PutAction(a); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		f    ActionFilter
		want []string
	}{
		{"all", ActionFilter{}, []string{"a1", "a2", "a3", "a4", "a9", "a10"}},
		{"owner any case", ActionFilter{Owner: "SALEEM"}, []string{"a1", "a10"}},
		{"owner with space", ActionFilter{Owner: "kushal das"}, []string{"a3"}},
		{"owner pjp", ActionFilter{Owner: "pjp"}, []string{"a2", "a3"}},
		{"owner pjp open", ActionFilter{Owner: "pjp", Status: StatusOpen}, []string{"a2"}},
		{"no substring owners", ActionFilter{Owner: "a"}, []string{}},
		{"open", ActionFilter{Status: StatusOpen}, []string{"a1", "a2", "a9", "a10"}},
		{"done", ActionFilter{Status: StatusDone}, []string{"a3"}},
		{"series", ActionFilter{Series: "infra"}, []string{"a9", "a10"}},
		{"series open", ActionFilter{Series: "fudcon", Status: StatusOpen}, []string{"a1", "a2"}},
		{"due before", ActionFilter{DueBefore: "2011-08-31"}, []string{"a2", "a4"}},
		{"due before open", ActionFilter{DueBefore: "2011-09-01", Status: StatusOpen}, []string{"a1", "a2"}},
		{"due before owner", ActionFilter{DueBefore: "2011-09-01", Owner: "pjp"}, []string{"a2", "a3"}},
		{"meeting", ActionFilter{Meeting: "m2"}, []string{"a2", "a10"}},
	}
	check := func(s *Store) {
		t.Helper()
		for _, c := range cases {
			got, err := s.Actions(c.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(actionIDs(got), c.want) {
				t.Errorf("%s: got %v, want %v", c.name, actionIDs(got), c.want)
			}
		}
	}
	check(s)

	// Replacing an item moves it in every index.
	a2, err := s.Action("a2")
	if err != nil {
		t.Fatal(err)
	}
	if a2.Status != StatusOpen || a2.Text != "caterers" {
		t.Fatalf("Action(a2) = %+v", a2)
	}
	a2.Owners = []string{"rahul"}
	a2.Status = StatusDone
	a2.Due = ""
	a2.Meetings = []string{"m3"}
	a2.History = append(a2.History, ActionChange{At: t0, Meeting: "m3", Field: "status", Old: "open", New: "done", Nick: "rahul"})
	if err := s.PutAction(a2); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    ActionFilter
		want []string
	}{
		{ActionFilter{Owner: "pjp"}, []string{"a3"}},
		{ActionFilter{Owner: "rahul"}, []string{"a2"}},
		{ActionFilter{Status: StatusOpen}, []string{"a1", "a9", "a10"}},
		{ActionFilter{DueBefore: "2011-08-31"}, []string{"a4"}},
		{ActionFilter{Meeting: "m2"}, []string{"a10"}},
		{ActionFilter{Meeting: "m3"}, []string{"a2"}},
	} {
		got, _ := s.Actions(c.f)
		if !reflect.DeepEqual(actionIDs(got), c.want) {
			t.Errorf("after replace %+v: got %v, want %v", c.f, actionIDs(got), c.want)
		}
	}
	got, _ := s.Action("a2")
	if len(got.History) != 1 || got.History[0].New != "done" {
		t.Errorf("history not kept: %+v", got.History)
	}

	// Everything survives a reopen.
	s.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, _ := s2.Actions(ActionFilter{Owner: "Rahul"}); !reflect.DeepEqual(actionIDs(got), []string{"a2"}) {
		t.Errorf("after reopen: %v", actionIDs(got))
	}
	if _, err := s2.Action("zz"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing action: %v", err)
	}
}

func TestActionValidation(t *testing.T) {
	s, _ := openTemp(t)
	for _, c := range []struct {
		a    ActionRecord
		want string
	}{
		{ActionRecord{Text: "no id"}, "without id"},
		{ActionRecord{ID: "a1", Status: "finished"}, `unknown status "finished"`},
		{ActionRecord{ID: "a1", Due: "31 Aug"}, `due date "31 Aug" is not YYYY-MM-DD`},
		{ActionRecord{ID: "a1", Owners: []string{"x\x00y"}}, "NUL"},
	} {
		err := s.PutAction(c.a)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PutAction(%+v) = %v, want an error with %q", c.a, err, c.want)
		}
	}
	if got, _ := s.Actions(ActionFilter{}); len(got) != 0 {
		t.Errorf("invalid items stored: %v", actionIDs(got))
	}
}

func TestUpdateActionsAtomic(t *testing.T) {
	s, _ := openTemp(t)
	var first string
	err := s.UpdateActions(func(tx *ActionTx) error {
		for i := 0; i < 40; i++ {
			id, err := tx.NextActionID()
			if err != nil {
				return err
			}
			if i == 0 {
				first = id
			}
			if err := tx.Put(ActionRecord{ID: id, Text: "x", Owners: []string{"pjp"}, Created: t0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.Actions(ActionFilter{Owner: "pjp"})
	if len(all) != 40 || first != "a1" || all[39].ID != "a14" || all[35].ID != "a10" || all[34].ID != "az" {
		t.Fatalf("ids: %v", actionIDs(all))
	}
	// A notes import that fails half-way stores nothing.
	boom := errors.New("line 12: bad owner")
	err = s.UpdateActions(func(tx *ActionTx) error {
		a, ok, err := tx.Get("a1")
		if err != nil || !ok {
			t.Fatalf("Get(a1) = %v %v", ok, err)
		}
		a.Status = StatusDone
		if err := tx.Put(a); err != nil {
			return err
		}
		if err := tx.StartMeeting(rec("f2f", "fudcon", t0)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if a, _ := s.Action("a1"); a.Status != StatusOpen {
		t.Errorf("status after a failed transaction: %s", a.Status)
	}
	if _, err := s.Meeting("f2f"); !errors.Is(err, ErrNotFound) {
		t.Errorf("meeting from a failed transaction: %v", err)
	}
	// Ids come from the bucket's sequence: the next one follows the last.
	var id string
	s.Update(func(tx *Tx) error {
		var err error
		id, err = tx.NextActionID()
		return err
	})
	if id != "a15" { // 41 in base 36
		t.Errorf("NextActionID = %s, want a15", id)
	}
}

func TestMarks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 8, 3, 9, 0, 0, 0, time.FixedZone("IST", 19800))
	already, err := s.Mark("remind/a1/7d", at)
	if err != nil || already {
		t.Fatalf("first Mark = %v, %v", already, err)
	}
	already, err = s.Mark("remind/a1/7d", at.Add(time.Hour))
	if err != nil || !already {
		t.Fatalf("second Mark = %v, %v", already, err)
	}
	s.Mark("remind/a1/1d", at)
	s.Mark("remind/a2/7d", at)
	s.Mark("announce/x", at)
	s.Close()

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if already, _ := s.Mark("remind/a1/7d", at.Add(48*time.Hour)); !already {
		t.Fatal("mark lost across reopen")
	}
	var when time.Time
	s.View(func(tx *Tx) error { when, _, err = tx.MarkedAt("remind/a1/7d"); return err })
	if !when.Equal(at) {
		t.Errorf("mark time = %s, want the first one %s", when, at)
	}
	m, err := s.Marks("remind/a1/")
	if err != nil || len(m) != 2 || !m["remind/a1/1d"].Equal(at) {
		t.Errorf("Marks(remind/a1/) = %v, %v", m, err)
	}
	if err := s.Unmark("remind/a1/7d"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Marked("remind/a1/7d"); ok {
		t.Error("Unmark did not remove the mark")
	}
	if ok, _ := s.Marked("announce/x"); !ok {
		t.Error("other mark gone")
	}
	if _, err := s.Mark("", at); err == nil {
		t.Error("empty mark key accepted")
	}
}

func TestHeld(t *testing.T) {
	s, path := openTemp(t)
	for i, text := range []string{"one", "two", "three"} {
		seq, err := s.Hold("PJP", HeldMessage{At: t0.Add(time.Duration(i) * time.Minute), Text: text, Key: "k" + text})
		if err != nil || seq != uint64(i+1) {
			t.Fatalf("Hold = %d, %v", seq, err)
		}
	}
	s.Hold("kushal", HeldMessage{At: t0, Text: "k"})
	nicks, _ := s.HeldNicks()
	if !reflect.DeepEqual(nicks, []string{"kushal", "pjp"}) {
		t.Errorf("HeldNicks = %v", nicks)
	}
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	msgs, err := s.Held("pjp")
	if err != nil || len(msgs) != 3 || msgs[0].Text != "one" || msgs[2].Seq != 3 || msgs[1].Key != "ktwo" {
		t.Fatalf("Held = %+v, %v", msgs, err)
	}
	// Delivered the first two; a third arrives meanwhile.
	if err := s.ClearHeld("Pjp", 2); err != nil {
		t.Fatal(err)
	}
	s.Hold("pjp", HeldMessage{At: t0, Text: "four"})
	msgs, _ = s.Held("PJP")
	if len(msgs) != 2 || msgs[0].Text != "three" || msgs[1].Text != "four" || msgs[1].Seq != 4 {
		t.Fatalf("after ClearHeld: %+v", msgs)
	}
	s.ClearHeld("pjp", 4)
	nicks, _ = s.HeldNicks()
	if !reflect.DeepEqual(nicks, []string{"kushal"}) {
		t.Errorf("HeldNicks after clearing = %v", nicks)
	}
	if msgs, _ := s.Held("nobody"); len(msgs) != 0 {
		t.Errorf("Held(nobody) = %v", msgs)
	}
}
