package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// uncachedActions lists actions straight from the file, bypassing the cache.
func uncachedActions(t *testing.T, s *Store, f ActionFilter) []ActionRecord {
	t.Helper()
	var out []ActionRecord
	err := s.db.View(func(btx *bolt.Tx) error {
		var err error
		out, err = (&Tx{tx: btx}).Actions(f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestActionCacheMatchesFile makes random changes to the tracker (single
// puts, multi-item transactions, rolled-back ones, deletes, changes by
// other goroutines) and checks after each that the cached listing equals
// the one decoded from the file.
func TestActionCacheMatchesFile(t *testing.T) {
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(1, 2))
	owners := []string{"PJP", "kushal", "Saleem", "rahul"}
	statuses := []string{StatusOpen, StatusDone, StatusDropped}
	randomItem := func(id string) ActionRecord {
		a := ActionRecord{ID: id, Text: "item " + id, Owners: []string{owners[rng.IntN(4)]},
			Status: statuses[rng.IntN(3)], Series: fmt.Sprintf("s%d", rng.IntN(3)),
			Meetings: []string{fmt.Sprintf("m%d", rng.IntN(5))}}
		if rng.IntN(2) == 0 {
			a.Due = fmt.Sprintf("2026-08-%02d", 1+rng.IntN(28))
		}
		if rng.IntN(3) == 0 {
			a.Owners = append(a.Owners, owners[rng.IntN(4)])
		}
		return a
	}
	filters := []ActionFilter{{}, {Owner: "pjp"}, {Status: StatusOpen}, {Series: "s1", Status: StatusOpen},
		{DueBefore: "2026-08-15"}, {Meeting: "m2"}, {Owner: "KUSHAL", DueBefore: "2026-08-20"}}
	compare := func(step int) {
		t.Helper()
		for _, f := range filters {
			got, err := s.Actions(f)
			if err != nil {
				t.Fatal(err)
			}
			want := uncachedActions(t, s, f)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d, filter %+v: cached %v, file %v", step, f, actionIDs(got), actionIDs(want))
			}
		}
	}
	for step := 0; step < 200; step++ {
		id := fmt.Sprintf("a%d", rng.IntN(40))
		switch rng.IntN(6) {
		case 0, 1:
			if err := s.PutAction(randomItem(id)); err != nil {
				t.Fatal(err)
			}
		case 2: // several changes at once, reading its own writes
			err := s.UpdateActions(func(tx *ActionTx) error {
				for i := 0; i < 3; i++ {
					if err := tx.Put(randomItem(fmt.Sprintf("a%d", rng.IntN(40)))); err != nil {
						return err
					}
				}
				got, err := tx.Actions(ActionFilter{})
				if err != nil {
					return err
				}
				want, err := (&Tx{tx: tx.tx}).Actions(ActionFilter{})
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					return fmt.Errorf("inside a transaction: cached %v, file %v", actionIDs(got), actionIDs(want))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		case 3: // rolled back
			boom := errors.New("boom")
			err := s.UpdateActions(func(tx *ActionTx) error {
				if err := tx.Put(randomItem(id)); err != nil {
					return err
				}
				if err := tx.Put(randomItem(fmt.Sprintf("a%d", rng.IntN(40)))); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
		case 4:
			a := randomItem(id)
			a.Status = StatusDropped
			if err := s.Update(func(tx *Tx) error { return tx.PutAction(a) }); err != nil {
				t.Fatal(err)
			}
		case 5: // other writers that do not touch actions, concurrently
			var wg sync.WaitGroup
			for g := 0; g < 3; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s.Mark(fmt.Sprintf("k%d-%d", step, g), t0)
				}()
			}
			wg.Wait()
		}
		compare(step)
	}
	if s.cache.snapshotFor(lastTxID(t, s)) == nil {
		t.Error("the cache is not in use at the end; the comparison tested nothing")
	}
	// Records handed out do not alias the cache.
	got, _ := s.Actions(ActionFilter{})
	if len(got) > 0 {
		got[0].Owners[0] = "mallory"
		again, _ := s.Actions(ActionFilter{})
		if again[0].Owners[0] == "mallory" {
			t.Error("a caller's change reached the cache")
		}
	}
}

func lastTxID(t *testing.T, s *Store) int {
	var id int
	s.db.View(func(btx *bolt.Tx) error { id = btx.ID(); return nil })
	return id
}

// TestActionCacheDecodesManyItems: a store with enough items that the cache
// decodes them on several goroutines gives every item as decoded one by
// one from the file, and a record that does not decode is an error naming
// it, not a missing item.
func TestActionCacheDecodesManyItems(t *testing.T) {
	s, _ := openTemp(t)
	n := 4*decodeSlice + 7
	err := s.Update(func(tx *Tx) error {
		for i := 0; i < n; i++ {
			a := ActionRecord{ID: fmt.Sprintf("a%d", i), Text: fmt.Sprintf("item %d", i), Owners: []string{fmt.Sprintf("o%d", i%13)},
				Meetings: []string{fmt.Sprintf("m%d", i%50)}}
			if err := tx.PutAction(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Actions(ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := uncachedActions(t, s, ActionFilter{}); len(got) != n || !reflect.DeepEqual(got, want) {
		t.Fatalf("cached listing: %d items, want the %d decoded from the file", len(got), len(want))
	}
	bad := fmt.Sprintf("a%d", 3*decodeSlice)
	if err := s.db.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(bActions).Put([]byte(bad), []byte("{not json"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Actions(ActionFilter{}); err == nil || !strings.Contains(err.Error(), "action "+bad+": decoding") {
		t.Fatalf("listing with a broken record %s: %v, want an error naming it", bad, err)
	}
}
