package store

import (
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dumpFile lists every bucket's keys and values (and sequence) of s's file.
func dumpFile(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	var walk func(path string, bk *bolt.Bucket) error
	walk = func(path string, bk *bolt.Bucket) error {
		fmt.Fprintf(&b, "bucket %s seq %d\n", path, bk.Sequence())
		return bk.ForEach(func(k, v []byte) error {
			if v == nil && bk.Bucket(k) != nil {
				return walk(path+"/"+string(k), bk.Bucket(k))
			}
			fmt.Fprintf(&b, "%q=%q\n", k, v)
			return nil
		})
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error { return walk(string(name), bk) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPutActionsAsPutAction: PutActions writes exactly what PutAction
// writes item by item (records, every index, the open items), for new
// items and for items it replaces (owners, status, due date and meetings
// changed), and the records read back (through the cache, and decoded
// from the file after a reopen) are the same.
func TestPutActionsAsPutAction(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	at := time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC)
	owners := []string{"PJP", "Kushal Das", "saleem", "Rahul", ""}
	item := func(id string, round int) ActionRecord {
		a := ActionRecord{ID: id, Text: fmt.Sprintf("item %s round %d: caterers and hotels", id, round),
			Series: []string{"fudcon", "infra"}[rng.IntN(2)], Topic: "Catering", Nick: "notes",
			Meetings: []string{fmt.Sprint("m", round)}, Created: at, Updated: at.Add(time.Duration(round) * time.Hour),
			History: []ActionChange{{At: at, Meeting: "m0", Field: "created", New: id}}}
		for range rng.IntN(3) {
			a.Owners = append(a.Owners, owners[rng.IntN(len(owners))])
		}
		if rng.IntN(3) > 0 {
			a.Due = at.AddDate(0, 0, rng.IntN(60)).Format("2006-01-02")
		}
		a.Status = []string{StatusOpen, StatusOpen, StatusDone, StatusDropped, ""}[rng.IntN(5)]
		if round > 0 && rng.IntN(2) == 0 {
			a.Meetings = append([]string{"m0"}, a.Meetings...)
		}
		return a
	}
	one, _ := openTemp(t)
	batch, _ := openTemp(t)
	for round := range 3 {
		var items []ActionRecord
		for i := range 40 + 10*round {
			if rng.IntN(4) > 0 || round == 0 {
				items = append(items, item(fmt.Sprint("a", i), round))
			}
		}
		putBothWays(t, one, batch, items, fmt.Sprint("round ", round))
		a, err := one.Actions(ActionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := batch.Actions(ActionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round %d: the records read back differ", round)
		}
	}
}

// TestPutActionsRefuses: a batch naming one id twice, or holding an item
// PutAction refuses, stores nothing.
func TestPutActionsRefuses(t *testing.T) {
	s, _ := openTemp(t)
	ok := ActionRecord{ID: "a1", Text: "book hotels", Series: "fudcon"}
	for _, c := range []struct {
		items []ActionRecord
		want  string
	}{
		{[]ActionRecord{ok, {ID: "a2", Text: "x", Series: "fudcon"}, ok}, "a1: given twice"},
		{[]ActionRecord{ok, {ID: "a3", Text: "x", Status: "later"}}, `a3: unknown status "later"`},
		{[]ActionRecord{ok, {Text: "no id"}}, "without id"},
	} {
		err := s.Update(func(tx *Tx) error { return tx.PutActions(c.items) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PutActions(%d items) = %v, want an error with %q", len(c.items), err, c.want)
		}
	}
	if got, err := s.Actions(ActionFilter{}); err != nil || len(got) != 0 {
		t.Errorf("stored %v (%v), want nothing", actionIDs(got), err)
	}
}

// BenchmarkSave1250Items stores the 1,250 new items of the dense 5,000-line
// notes import (ids from NextActionID, four owners, a due date, one
// meeting) in one transaction, item by item with PutAction and in one
// PutActions batch, on the same store, and reports the CPU per transaction
// (commit included).
func BenchmarkSave1250Items(b *testing.B) {
	at := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	for _, mode := range []string{"PutAction", "PutActions"} {
		b.Run(mode, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ReportAllocs()
			cpu0 := benchcpu.Now()
			round := 0
			for b.Loop() {
				round++
				err := s.Update(func(tx *Tx) error {
					items := make([]ActionRecord, 0, 1250)
					for i := range 1250 {
						id, err := tx.NextActionID()
						if err != nil {
							return err
						}
						m := fmt.Sprintf("big%d.2011-07-19T150000Z", round)
						items = append(items, ActionRecord{ID: id, Text: fmt.Sprintf("Rahul to follow up with vendor %d", i),
							Owners: []string{[]string{"PJP", "Kushal Das", "Saleem", "Rahul"}[i%4]}, Due: fmt.Sprintf("2011-08-%02d", 1+i%28),
							DueText: fmt.Sprintf("%d Aug", 1+i%28), Status: StatusOpen, Series: fmt.Sprint("big", round),
							Topic: fmt.Sprintf("Topic number %d", i/2), Nick: "notes", Meetings: []string{m}, Created: at, Updated: at,
							History: []ActionChange{{At: at, Meeting: m, Field: "created", New: "Rahul to follow up"},
								{At: at, Meeting: m, Field: "mentioned", New: m + "#abcdef"}}})
					}
					if mode == "PutActions" {
						return tx.PutActions(items)
					}
					for _, a := range items {
						if err := tx.PutAction(a); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			benchcpu.Report(b, cpu0)
		})
	}
}

// FuzzPlainDate: every date plainDate accepts, time.Parse reads.
func FuzzPlainDate(f *testing.F) {
	for _, s := range []string{"2011-08-01", "2011-02-28", "2011-02-29", "2012-02-29", "2011-04-31", "2011-13-01",
		"2011-00-10", "2011-01-00", "0000-01-01", "2011-1-01", "2011-01-1x", "２０１１-01-01", "+011-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := time.Parse("2006-01-02", s); plainDate(s) && err != nil {
			t.Errorf("plainDate(%q) is true, time.Parse says %v", s, err)
		}
	})
}

// TestPlainDate: the dates of every month, leap days left to time.Parse.
func TestPlainDate(t *testing.T) {
	for d := time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2013; d = d.AddDate(0, 0, 1) {
		s := d.Format("2006-01-02")
		if got, want := plainDate(s), d.Month() != time.February || d.Day() != 29; got != want {
			t.Errorf("plainDate(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"2011-04-31", "2011-13-01", "2011-00-10", "2011-01-00", "2011-1-01", "2011/01/01", "2011-01-01 "} {
		if plainDate(s) {
			t.Errorf("plainDate(%q) is true", s)
		}
	}
}

// TestPutActionsFillsPages: a large batch stores the same keys and values
// as PutAction item by item, in pages the commit filled (batchFill), not
// half empty: the 600 records take fewer than two thirds of the pages.
func TestPutActionsFillsPages(t *testing.T) {
	at := time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC)
	var items []ActionRecord
	for i := range 600 {
		items = append(items, ActionRecord{ID: fmt.Sprint("a", i+1), Text: fmt.Sprintf("item %d: book the hotels for the speakers of the conference", i),
			Owners: []string{"PJP"}, Series: "fudcon", Meetings: []string{"m1"}, Created: at, Updated: at,
			History: []ActionChange{{At: at, Meeting: "m1", Field: "created", New: "item"}}})
	}
	one, _ := openTemp(t)
	batch, _ := openTemp(t)
	putBothWays(t, one, batch, items, "600 items")
	pages := func(s *Store) (n int) {
		s.db.View(func(tx *bolt.Tx) error {
			st := tx.Bucket(bActions).Stats()
			n = st.LeafPageN + st.LeafOverflowN
			return nil
		})
		return n
	}
	if p1, pb := pages(one), pages(batch); pb*3 >= p1*2 {
		t.Errorf("the batch's records take %d pages, item by item %d: want fewer than two thirds", pb, p1)
	}
}

// putBothWays stores items into one with PutAction item by item and into
// batch with one PutActions, each in one transaction, and fails (naming
// what) unless the two files then hold the same keys and values.
func putBothWays(t *testing.T, one, batch *Store, items []ActionRecord, what string) {
	t.Helper()
	err := one.Update(func(tx *Tx) error {
		for _, a := range items {
			if err := tx.PutAction(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := batch.Update(func(tx *Tx) error { return tx.PutActions(items) }); err != nil {
		t.Fatal(err)
	}
	if a, b := dumpFile(t, one), dumpFile(t, batch); a != b {
		t.Fatalf("%s: the files differ:\n%s\n----\n%s", what, a, b)
	}
}
