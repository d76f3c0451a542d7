package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// FuzzActionCodec checks that encodeAction writes exactly what json.Marshal
// writes for any record (so the stored format is unchanged), fails exactly
// when it fails, and that the bytes decode to the same record.
func FuzzActionCodec(f *testing.F) {
	f.Add("a1", "pjp to book <hotels> & \"food\" \\o/", "pjp", "", "2026-08-07", "by friday", true, "open", "s", "topic", "nick",
		"m1", "m1", "status", "old", "new", int64(0), int64(0), int32(0), false, false)
	f.Add("a2", "\x00\xff\u2028\u2029\b\f\n\r\t\x1f\x7f é 日本", "", "b\xc3", "", "", false, "done", "", "", "",
		"", "", "", "", "", int64(-1), int64(1<<40), int32(19800), true, true)
	f.Add("a3", "", "x", "y", "", "", false, "", "", "", "", "", "", "", "", "", int64(-1<<62), int64(253402300800), int32(-3600*25), true, false)
	f.Fuzz(func(t *testing.T, id, text, owner1, owner2, due, dueText string, unread bool, status, series, topic, nick,
		meeting, hMeeting, hField, hOld, hNew string, createdNs, snoozeSec int64, zone int32, history, nilSlices bool) {
		z := time.FixedZone("Z", int(zone))
		a := ActionRecord{
			ID: id, Text: text, Owners: []string{owner1, owner2}, Due: due, DueText: dueText, DueUnread: unread,
			Status: status, Series: series, Topic: topic, Nick: nick, Meetings: []string{meeting},
			Created: time.Unix(0, createdNs).In(z), Updated: time.Unix(0, createdNs).UTC().Add(time.Duration(snoozeSec)),
			Snoozed: time.Unix(snoozeSec, createdNs%1e9).In(z),
		}
		if nilSlices {
			a.Owners, a.Meetings = nil, nil
			if owner2 == "" {
				a.Owners = []string{}
			}
			a.Snoozed = time.Time{}
		}
		if history {
			a.History = []ActionChange{
				{At: a.Created, Meeting: hMeeting, Field: hField, Old: hOld, New: hNew, Nick: nick},
				{At: a.Snoozed, Field: hField},
			}
		}
		want, werr := json.Marshal(&a)
		got, gerr := encodeAction(&a)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%+v: json.Marshal error %v, encodeAction error %v", a, werr, gerr)
		}
		if werr != nil {
			return
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("encodeAction\n%s\njson.Marshal\n%s", got, want)
		}
		var d1, d2 ActionRecord
		if err := json.Unmarshal(got, &d1); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(want, &d2); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("decoded %+v, want %+v", d1, d2)
		}
	})
}

// TestActionCodecFastPath checks that an ordinary record is written by the
// fast encoder, not handed to encoding/json.
func TestActionCodecFastPath(t *testing.T) {
	a := ActionRecord{ID: "a1", Text: "x <y>", Owners: []string{"pjp"}, Status: StatusOpen, Created: t0, Updated: t0.In(time.FixedZone("IST", 19800)),
		History: []ActionChange{{At: t0, Field: "status", Old: "open", New: "done"}}}
	b, ok := appendAction(nil, &a)
	want, _ := json.Marshal(&a)
	if !ok || !bytes.Equal(b, want) {
		t.Fatalf("fast path %v %s, want %s", ok, b, want)
	}
	a.Created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, ok := appendAction(nil, &a); ok {
		t.Fatal("year 10000 encoded on the fast path")
	}
	if _, err := encodeAction(&a); err == nil {
		t.Fatal("year 10000 encoded without error")
	}
}

// TestPutActionIndexEntries replaces items inside one transaction and across
// transactions (owners, status, due date, meetings changing, repeated
// owners, a deletion and re-creation) and checks that the index buckets hold
// exactly the entries of the final records: none stale, none missing.
func TestPutActionIndexEntries(t *testing.T) {
	s, _ := openTemp(t)
	steps := [][]ActionRecord{
		{{ID: "a1", Owners: []string{"PJP", " pjp ", "al"}, Due: "2026-01-02", Series: "s", Meetings: []string{"m1", "m1"}, Created: t0, Updated: t0},
			{ID: "a2", Owners: []string{"al"}, Series: "s", Created: t0, Updated: t0}},
		{{ID: "a1", Owners: []string{"al"}, Status: StatusDone, Series: "s", Meetings: []string{"m1", "m2"}, Created: t0, Updated: t0},
			{ID: "a1", Owners: []string{"bo", "al"}, Status: StatusDone, Due: "2026-02-03", Series: "t", Meetings: []string{"m2"}, Created: t0, Updated: t0}},
		{{ID: "a2", Owners: []string{"cy"}, Series: "s", Created: t0, Updated: t0}},
	}
	for i, step := range steps {
		err := s.Update(func(tx *Tx) error {
			for _, a := range step {
				if err := tx.PutAction(a); err != nil {
					return err
				}
			}
			if i == 2 {
				return tx.PutAction(ActionRecord{ID: "a2", Owners: []string{"dee"}, Status: StatusDropped, Series: "u", Created: t0, Updated: t0})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := s.View(func(tx *Tx) error {
		want := map[string]bool{}
		for _, id := range []string{"a1", "a2"} {
			a, err := tx.Action(id)
			if err != nil {
				return err
			}
			for _, bk := range actionIndexKeys(&a) {
				want[string(bk[0])+"|"+string(bk[1])] = true
			}
		}
		got := map[string]bool{}
		for _, b := range [][]byte{bIdxActOwner, bIdxActStatus, bIdxActSeries, bIdxActDue, bIdxActMeeting} {
			if err := tx.bucket(b).ForEach(func(k, _ []byte) error {
				got[string(b)+"|"+string(k)] = true
				return nil
			}); err != nil {
				return err
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("index entries %v, want %v", got, want)
		}
		if len(want) != 9 {
			t.Errorf("%d index entries, want 9: %v", len(want), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
