package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	bolt "go.etcd.io/bbolt"
)

// rawEvents lists meeting id's events bucket as stored: its sequence and
// every key and value.
func rawEvents(t *testing.T, s *Store, id string) string {
	t.Helper()
	var out strings.Builder
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bEvents).Bucket([]byte(id))
		if b == nil {
			return fmt.Errorf("no events bucket for %s", id)
		}
		fmt.Fprintf(&out, "seq %d\n", b.Sequence())
		return b.ForEach(func(k, v []byte) error {
			fmt.Fprintf(&out, "%x %s\n", k, v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestAppendEventsAsAppend: AppendEvents stores exactly what Append does
// event by event (keys, values, the bucket's sequence), into a new meeting
// and after events already stored, and an empty list changes nothing.
func TestAppendEventsAsAppend(t *testing.T) {
	s, _ := openTemp(t)
	var evs []meeting.Event
	for i := range 300 {
		e := ev(i)
		if i%5 == 0 {
			e.Text = strings.Repeat("é <b> & \"q\" ", i%40) + "\u2028\x01"
			e.Kind, e.Op = meeting.KindBot, i%2 == 0
		}
		if i%7 == 0 {
			e.Time = e.Time.In(time.FixedZone("x", 19800))
		}
		evs = append(evs, e)
	}
	for _, id := range []string{"one", "all"} {
		if err := s.StartMeeting(rec(id, "s", t0)); err != nil {
			t.Fatal(err)
		}
	}
	err := s.Update(func(tx *Tx) error {
		for _, e := range evs {
			if _, err := tx.Append("one", e); err != nil {
				return err
			}
		}
		last, err := tx.AppendEvents("all", evs[:100])
		if err != nil || last != 100 {
			return fmt.Errorf("AppendEvents of 100 into a new meeting: last %d, %v", last, err)
		}
		if last, err = tx.AppendEvents("all", nil); err != nil || last != 100 {
			return fmt.Errorf("AppendEvents of none: last %d, %v", last, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The rest in a later transaction: after events already committed.
	err = s.Update(func(tx *Tx) error {
		last, err := tx.AppendEvents("all", evs[100:])
		if err != nil || last != 300 {
			return fmt.Errorf("AppendEvents of 200 more: last %d, %v", last, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rawEvents(t, s, "all"), rawEvents(t, s, "one"); got != want {
		t.Fatalf("AppendEvents stored\n%.600s\nAppend stored\n%.600s", got, want)
	}
	got, err := s.Events("all")
	if err != nil || len(got) != len(evs) || !got[7].Time.Equal(evs[7].Time) || got[5].Text != evs[5].Text {
		t.Fatalf("Events after AppendEvents: %d events, %v", len(got), err)
	}
}

// TestAppendEventsErrors: an unknown meeting is ErrNotFound, and an event
// that cannot be stored is an error naming the meeting (its transaction
// then keeps nothing).
func TestAppendEventsErrors(t *testing.T) {
	s, _ := openTemp(t)
	err := s.Update(func(tx *Tx) error {
		_, err := tx.AppendEvents("nope", []meeting.Event{ev(1)})
		return err
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("AppendEvents to an unknown meeting: %v, want ErrNotFound", err)
	}
	if err := s.StartMeeting(rec("m", "s", t0)); err != nil {
		t.Fatal(err)
	}
	bad := ev(2)
	bad.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // json.Marshal refuses years past 9999
	err = s.Update(func(tx *Tx) error {
		_, err := tx.AppendEvents("m", []meeting.Event{ev(1), bad})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "meeting m") {
		t.Fatalf("AppendEvents of an event with year 10000: %v, want an error naming meeting m", err)
	}
	if evs, err := s.Events("m"); err != nil || len(evs) != 0 {
		t.Fatalf("after the failed transaction: %d events, %v; want none", len(evs), err)
	}
}
