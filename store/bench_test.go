package store

import (
	"errors"
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// benchEvent is a typical IRC line.
func benchEvent(i int) meeting.Event {
	return meeting.Event{Time: t0.Add(time.Duration(i) * time.Second), Channel: "#fudcon-planning",
		Nick: fmt.Sprintf("nick%d", i%17), Text: fmt.Sprintf("line %d: we should book the hotel rooms before the end of the month", i)}
}

// fill appends n events to meeting id in transactions of 10,000.
func fill(b *testing.B, s *Store, id string, n int) {
	b.Helper()
	for done := 0; done < n; {
		chunk := min(10000, n-done)
		evs := make([]meeting.Event, chunk)
		for i := range evs {
			evs[i] = benchEvent(done + i)
		}
		if err := appendMany(s, id, evs); err != nil {
			b.Fatal(err)
		}
		done += chunk
	}
}

// BenchmarkAppend measures one durable Append (one committed, fsynced
// transaction) into a meeting that already has 0 or 100,000 events, and
// reports the p50 and p99 latency. The cost must not grow with the length.
func BenchmarkAppend(b *testing.B) {
	for _, existing := range []int{0, 100000} {
		b.Run(fmt.Sprintf("existing=%d", existing), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil {
				b.Fatal(err)
			}
			// Other meetings in the file too, as in a real store.
			for j := 0; j < 5; j++ {
				id := fmt.Sprintf("other%d", j)
				s.StartMeeting(rec(id, "fudcon", t0.Add(time.Duration(j+1)*time.Hour)))
				fill(b, s, id, 2000)
			}
			fill(b, s, "m", existing)
			lat := make([]time.Duration, 0, b.N)
			i := existing
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				i++
				start := time.Now()
				if _, err := s.Append("m", benchEvent(i)); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkEvents reads back a 20,000-line meeting (what a replay or a
// publish of an ended meeting does).
func BenchmarkEvents(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.StartMeeting(rec("m", "fudcon", t0))
	fill(b, s, "m", 20000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	for b.Loop() {
		evs, err := s.Events("m")
		if err != nil || len(evs) != 20000 {
			b.Fatal(len(evs), err)
		}
	}
	benchcpu.Report(b, cpu0)
}

// actionStore holds 10,000 action items: 100 owners, 20 series, a fifth of
// them done, most with a due date.
func actionStore(b *testing.B) *Store {
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	err = s.UpdateActions(func(tx *ActionTx) error {
		for i := 0; i < 10000; i++ {
			id, err := tx.NextActionID()
			if err != nil {
				return err
			}
			a := ActionRecord{ID: id, Text: fmt.Sprintf("item %d: send the sponsorship prospectus to the venue", i),
				Owners: []string{fmt.Sprintf("Owner%d", i%100)}, Series: fmt.Sprintf("series%d", i%20),
				Meetings: []string{fmt.Sprintf("m%d", i%300)}, Created: t0, Updated: t0}
			if i%5 == 0 {
				a.Status = StatusDone
			}
			if i%4 != 0 {
				a.Due = t0.AddDate(0, 0, i%90).Format("2006-01-02")
				a.DueText = "in a while"
			}
			if err := tx.PutAction(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkActionsByOwner looks up one owner's open items among 10,000.
func BenchmarkActionsByOwner(b *testing.B) {
	s := actionStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	n := 0
	for b.Loop() {
		// Owner k has items k, k+100, ...; they are done when k%5 == 0.
		k := n % 100
		got, err := s.Actions(ActionFilter{Owner: fmt.Sprintf("owner%d", k), Status: StatusOpen})
		if want := 100 * min(k%5, 1); err != nil || len(got) != want {
			b.Fatal(len(got), want, err)
		}
		n++
	}
	benchcpu.Report(b, cpu0)
}

// BenchmarkActionsAllOpen lists every open item (8,000 of 10,000): the
// reminder sweep and "gavel actions --open".
func BenchmarkActionsAllOpen(b *testing.B) {
	s := actionStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	for b.Loop() {
		got, err := s.Actions(ActionFilter{Status: StatusOpen})
		if err != nil || len(got) != 8000 {
			b.Fatal(len(got), err)
		}
	}
	benchcpu.Report(b, cpu0)
}

// BenchmarkPutAction replaces one item (index maintenance included) in a
// store of 10,000, one durable transaction each.
func BenchmarkPutAction(b *testing.B) {
	s := actionStore(b)
	a, err := s.Action("a1")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		a.Owners = []string{fmt.Sprintf("owner%d", n%100)}
		n++
		if err := s.PutAction(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMark sets a new reminder mark (one durable transaction).
func BenchmarkMark(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n := 0
	for b.Loop() {
		n++
		if _, err := s.Mark(fmt.Sprintf("remind/a%d/7d", n), t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen opens (and closes) a store of 100,000 events: what gavel
// run, gavel notes or gavel publish pay at start.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for j := 0; j < 5; j++ {
		id := fmt.Sprintf("m%d", j)
		if err := s.StartMeeting(rec(id, "fudcon", t0.Add(time.Duration(j)*time.Hour))); err != nil {
			b.Fatal(err)
		}
		fill(b, s, id, 20000)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

// BenchmarkOpenItems is what the tracker reads at every #action: one
// owner's open items in a series (15, as each owner has at 10,000
// generated logs, perf/import-scale.sh), read from the index. allocs/op
// counts what the read allocates whatever the number of items.
func BenchmarkOpenItems(b *testing.B) {
	s, _ := openTemp(b)
	err := s.Update(func(tx *Tx) error {
		for i := range 15 * 4 {
			a := ActionRecord{ID: fmt.Sprintf("a%d", i+1), Text: fmt.Sprintf("book the hotel rooms for day %d", i),
				Topic: "venue", Owners: []string{[]string{"pjp", "saleem", "kushal", "jsmith"}[i%4]},
				Series: "fudcon", Status: StatusOpen}
			if err := tx.PutAction(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("file", func(b *testing.B) {
		b.ReportAllocs()
		s.View(func(tx *Tx) error {
			for b.Loop() {
				if got := tx.OpenItems("fudcon", "pjp"); len(got) != 15 {
					b.Fatalf("OpenItems: %d items, want 15", len(got))
				}
			}
			return nil
		})
	})
	// What a write transaction reads (the tracker's case): the series'
	// open items kept in memory, with this transaction's new items.
	b.Run("memory", func(b *testing.B) {
		b.ReportAllocs()
		errRollback := errors.New("rolled back")
		err := s.Update(func(tx *Tx) error {
			if err := tx.PutAction(ActionRecord{ID: "a999", Text: "new", Owners: []string{"saleem"}, Series: "fudcon", Status: StatusOpen}); err != nil {
				return err
			}
			for b.Loop() {
				if got := tx.OpenItems("fudcon", "pjp"); len(got) != 15 {
					b.Fatalf("OpenItems: %d items, want 15", len(got))
				}
			}
			return errRollback
		})
		if err != errRollback {
			b.Fatal(err)
		}
	})
}
