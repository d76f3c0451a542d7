package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestImportKeysFollowWrites starts, re-keys and rolls back meetings with
// import keys at random and checks after each transaction that a write
// transaction (which reads the keys from the cache once it holds them)
// finds exactly what a read transaction finds in the file, and that the
// cache was used: the keys are not read from the file once per write.
func TestImportKeysFollowWrites(t *testing.T) {
	s, path := openTemp(t)
	rng := rand.New(rand.NewPCG(3, 4))
	keys := []string{"sha256:a#0", "sha256:a#1", "sha256:b#0", "sha256:c#0", "sha256:d#0"}
	var started []string
	errRollback := errors.New("rolled back")
	shared := 0
	for round := range 80 {
		err := s.Update(func(tx *Tx) error {
			switch r := rng.IntN(4); {
			case r < 2 || len(started) == 0:
				m := rec(fmt.Sprintf("m%d", round), "s", t0.Add(time.Duration(rng.IntN(1000))*time.Minute))
				m.ImportKey = keys[rng.IntN(len(keys))]
				if err := tx.StartMeeting(m); err != nil && !errors.Is(err, ErrExists) {
					return err
				} else if err == nil {
					started = append(started, m.ID)
				}
			case r == 2:
				id := started[rng.IntN(len(started))]
				nu := keys[rng.IntN(len(keys))]
				if rng.IntN(3) == 0 {
					nu = ""
				}
				err := tx.UpdateMeeting(id, func(m *MeetingRecord) error {
					m.ImportKey = nu
					m.Started = m.Started.Add(time.Minute)
					return nil
				})
				if err != nil && !errors.Is(err, ErrExists) {
					return err
				}
			default:
				m := rec(fmt.Sprintf("gone%d", round), "s", t0)
				m.ImportKey = fmt.Sprintf("sha256:gone%d#0", round)
				if err := tx.StartMeeting(m); err != nil {
					return err
				}
				return errRollback
			}
			if tx.imp != nil && tx.imp.shared {
				shared++
			}
			return nil
		})
		if err != nil && !errors.Is(err, errRollback) {
			t.Fatalf("round %d: %v", round, err)
		}
		// What the file holds, read by a read transaction.
		want := map[string]string{}
		s.View(func(tx *Tx) error {
			for k, id := range tx.imports().base {
				want[k] = id
			}
			return nil
		})
		recs, _ := s.AllMeetings()
		fromRecs := map[string]string{}
		for _, r := range recs {
			if r.ImportKey != "" {
				fromRecs[r.ImportKey] = r.ID
			}
		}
		if fmt.Sprint(want) != fmt.Sprint(fromRecs) {
			t.Fatalf("round %d: imports bucket %v, records %v", round, want, fromRecs)
		}
		s.Update(func(tx *Tx) error {
			for _, k := range append(keys, fmt.Sprintf("sha256:gone%d#0", round)) {
				id, ok := tx.importedAs(k)
				if wid, wok := want[k]; id != wid || ok != wok {
					t.Fatalf("round %d: importedAs(%s) in a write transaction = %q, %v; the file says %q, %v", round, k, id, ok, wid, wok)
				}
			}
			return nil
		})
	}
	if shared < 40 {
		t.Errorf("only %d of 80 write transactions used the cached keys", shared)
	}
	s.Close()
	// A new process reads the keys from the file.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, k := range keys {
		id1, ok1, _ := s2.ByImportKey(k)
		var id2 string
		var ok2 bool
		s2.Update(func(tx *Tx) error { id2, ok2 = tx.importedAs(k); return nil })
		if id1 != id2 || ok1 != ok2 {
			t.Errorf("after reopening, %s: read %q %v, write %q %v", k, id1, ok1, id2, ok2)
		}
	}
}
