package store

import (
	"sort"
	"testing"
)

// TestRecordCache: records read through the cache are the stored ones
// after every change, and EachMeeting lists them all in id order.
func TestRecordCache(t *testing.T) {
	s, _ := openTemp(t)
	for _, id := range []string{"m2", "m1", "m3"} {
		if err := s.StartMeeting(MeetingRecord{ID: id, Channel: "#c", Series: "s", Started: t0, MergedKeys: []string{"k"}}); err != nil {
			t.Fatal(err)
		}
	}
	list := func() []MeetingRecord {
		var out []MeetingRecord
		err := s.View(func(tx *Tx) error {
			return tx.EachMeeting(func(r MeetingRecord) error {
				out = append(out, r)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := list()
	if len(got) != 3 || got[0].ID != "m1" || got[2].ID != "m3" {
		t.Fatalf("EachMeeting listed %+v", got)
	}
	got[0].MergedKeys[0] = "changed by a caller" // must not reach the cache
	for i := 0; i < 2; i++ {
		if err := s.UpdateMeeting("m2", func(r *MeetingRecord) error {
			r.Title = "title " + string(rune('a'+i))
			r.Ended = t0.Add(1)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got = list()
		if got[1].Title != "title "+string(rune('a'+i)) || got[1].Ended.IsZero() {
			t.Errorf("after update %d m2 reads %+v", i, got[1])
		}
		rec, err := s.Meeting("m2")
		if err != nil || rec.Title != got[1].Title {
			t.Errorf("Meeting(m2) = %+v, %v", rec, err)
		}
	}
	if rec, _ := s.Meeting("m1"); rec.MergedKeys[0] != "k" {
		t.Errorf("a caller's change reached the cache: %q", rec.MergedKeys)
	}
}

// TestEachAction: every item once, the same record for an item that did
// not change and a new one for an item that did.
func TestEachAction(t *testing.T) {
	s, _ := openTemp(t)
	for _, id := range []string{"a1", "a2", "a10"} {
		if err := s.PutAction(ActionRecord{ID: id, Text: "item " + id, Series: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	each := func() map[string]*ActionRecord {
		out := map[string]*ActionRecord{}
		if err := s.EachAction(func(a *ActionRecord) error {
			if out[a.ID] != nil {
				t.Errorf("%s listed twice", a.ID)
			}
			out[a.ID] = a
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := each()
	var ids []string
	for id := range first {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) != 3 || ids[0] != "a1" || ids[1] != "a10" || ids[2] != "a2" {
		t.Fatalf("EachAction listed %q", ids)
	}
	if err := s.PutAction(ActionRecord{ID: "a2", Text: "changed", Series: "s"}); err != nil {
		t.Fatal(err)
	}
	second := each()
	if second["a2"].Text != "changed" {
		t.Errorf("a2 reads %q after the change", second["a2"].Text)
	}
	if second["a1"] != first["a1"] {
		t.Error("a1 did not change but is a new record")
	}
	if second["a2"] == first["a2"] {
		t.Error("a2 changed but is the same record")
	}
}
