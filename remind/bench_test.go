package remind

import (
	"context"
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// benchItems stores n open items with 40 owners (three of them in the
// directory, in three zones) and due dates spread over 120 days around
// now, so that a sweep meets every case: not yet due, due, overdue,
// expired.
func benchItems(b *testing.B, st *store.Store, n int, now time.Time) {
	owners := []string{"Saleem", "PY", "Rahul"}
	for i := 3; i < 40; i++ {
		owners = append(owners, fmt.Sprintf("nick%d", i))
	}
	err := st.UpdateActions(func(tx *store.ActionTx) error {
		for i := 0; i < n; i++ {
			due := now.AddDate(0, 0, i%120-60).Format("2006-01-02")
			a := store.ActionRecord{ID: fmt.Sprintf("b%d", i), Text: fmt.Sprintf("benchmark item %d with some text", i),
				Owners: []string{owners[i%len(owners)]}, Due: due, Series: "fudcon", Status: store.StatusOpen}
			if i%7 == 0 {
				a.Owners = append(a.Owners, owners[(i+1)%len(owners)])
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
}

// BenchmarkSweep10k is a steady-state sweep over 10,000 open items in a
// real bbolt store: every reminder due now was already sent, so the sweep
// reads all items and marks and finds nothing to do (the common case,
// every five minutes).
func BenchmarkSweep10k(b *testing.B) {
	st := openStore(b)
	clock := newClock("2026-08-13T06:00:00Z")
	benchItems(b, st, 10000, clock.Now())
	rec := newRecorder(clock)
	r := newReminder(b, parseConfig(b, ""), st, rec, clock)
	first, err := r.Sweep(context.Background())
	if err != nil || first.Reminders == 0 {
		b.Fatalf("first sweep: %+v, %v", first, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := benchcpu.Now()
	for b.Loop() {
		res, err := r.Sweep(context.Background())
		if err != nil || res.Reminders != 0 {
			b.Fatalf("steady sweep: %+v, %v", res, err)
		}
	}
	benchcpu.Report(b, cpu)
}

// BenchmarkSweep10kFirst is the first sweep after a long downtime: 10,000
// open items, a reminder due for most of them, committed as one message per
// owner (40 owners: 40 write transactions).
func BenchmarkSweep10kFirst(b *testing.B) {
	clock := newClock("2026-08-13T06:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		benchItems(b, st, 10000, clock.Now())
		r := newReminder(b, parseConfig(b, ""), st, newRecorder(clock), clock)
		b.StartTimer()
		res, err := r.Sweep(context.Background())
		if err != nil || res.Reminders == 0 {
			b.Fatalf("sweep: %+v, %v", res, err)
		}
	}
}

// BenchmarkPlan10k is the pure part of a sweep: the reminder instants of
// 10,000 items for their owners, without the store.
func BenchmarkPlan10k(b *testing.B) {
	p := defaultPolicy()
	locs := []*time.Location{mustLoad(b, "Asia/Kolkata"), mustLoad(b, "America/New_York"), time.UTC}
	now := utc("2026-08-13T06:00:00Z")
	dues := make([]Date, 10000)
	for i := range dues {
		dues[i] = DateOf(now.AddDate(0, 0, i%120-60), time.UTC)
	}
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		n := 0
		for i, d := range dues {
			if _, ok := p.Latest(d, locs[i%3], time.Time{}, now); ok {
				n++
			}
		}
		if n == 0 {
			b.Fatal("nothing due")
		}
	}
	benchcpu.Report(b, cpu)
}

// BenchmarkLoadOpen10k is the store's share of a sweep: reading and
// decoding the 10,000 open items (store.Actions), for comparison.
func BenchmarkLoadOpen10k(b *testing.B) {
	st := openStore(b)
	benchItems(b, st, 10000, utc("2026-08-13T06:00:00Z"))
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		items, err := st.Actions(store.ActionFilter{Status: store.StatusOpen})
		if err != nil || len(items) != 10000 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
	benchcpu.Report(b, cpu)
}

// BenchmarkOnSeenNothingHeld is what every line said in a channel costs
// the reminder when the speaker has nothing held (the common case).
func BenchmarkOnSeenNothingHeld(b *testing.B) {
	st := openStore(b)
	clock := newClock("2026-08-13T06:00:00Z")
	r := newReminder(b, parseConfig(b, ""), st, newRecorder(clock, "saleem"), clock)
	b.ReportAllocs()
	for b.Loop() {
		if n, err := r.OnSeen(context.Background(), "saleem"); err != nil || n != 0 {
			b.Fatal(n, err)
		}
	}
}
