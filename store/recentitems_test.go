package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestRecentItemsFollowWrites: what a write transaction reads of an item
// (Tx.Action, which asks the records the last commits wrote before the
// file) is what the file holds, through random items written, replaced
// and deleted, rolled-back transactions, and generations of the recent
// records turned over; and the recent records serve most of the reads.
func TestRecentItemsFollowWrites(t *testing.T) {
	s, _ := openTemp(t)
	s.recent.generation = 8
	rng := rand.New(rand.NewPCG(3, 4))
	errRollback := fmt.Errorf("rolled back")
	served, reads := 0, 0
	for round := range 150 {
		err := s.Update(func(tx *Tx) error {
			for i := range 40 {
				id := fmt.Sprint("a", i)
				_, known := tx.recent(id)
				got, err := tx.Action(id)
				if err != nil && !errors.Is(err, ErrNotFound) {
					return err
				}
				var want ActionRecord
				if raw := tx.tx.Bucket(bActions).Get([]byte(id)); raw != nil {
					if err := json.Unmarshal(raw, &want); err != nil {
						return err
					}
					want.normalise()
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: Action(%s) = %+v, the file holds %+v", round, id, got, want)
				}
				reads++
				if known {
					served++
				}
			}
			for range 1 + rng.IntN(6) {
				id := fmt.Sprint("a", rng.IntN(40))
				if rng.IntN(5) == 0 {
					if err := tx.DeleteAction(id); err != nil {
						return err
					}
					continue
				}
				a := ActionRecord{ID: id, Text: fmt.Sprint("item ", round), Series: "fudcon", Owners: []string{"pjp"},
					Status: StatusOpen, Meetings: []string{fmt.Sprint("m", round)}}
				if err := tx.PutAction(a); err != nil {
					return err
				}
			}
			if rng.IntN(6) == 0 {
				return errRollback
			}
			return nil
		})
		if err != nil && err != errRollback {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	if served < reads/4 {
		t.Errorf("the recent records served %d of %d reads", served, reads)
	}
}
