package tracker_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// bigNotes is a notes file of about lines lines (as notes' benchmark).
func bigNotes(lines int) string {
	var b strings.Builder
	b.WriteString("Planning meeting\n\nPresent: Rahul, PJP, Kushal, Saleem\n\n")
	n := 4
	for i := 0; n < lines; i++ {
		fmt.Fprintf(&b, "  • Topic number %d\n", i)
		fmt.Fprintf(&b, "    • Owner: %s\n", []string{"PJP", "Kushal Das", "Saleem", "Rahul"}[i%4])
		fmt.Fprintf(&b, "    • Deadline: %d Aug\n", 1+i%28)
		b.WriteString("    • Most work has been done, needs help from Rahul on content\n")
		fmt.Fprintf(&b, "    • Rahul to follow up with vendor %d\n", i)
		b.WriteString("      • boxed lunches\n")
		b.WriteString("      • buffet — Suchakra + Shravan\n")
		b.WriteString("    • Done: Rahul sent an email\n")
		n += 8
	}
	return b.String()
}

// BenchmarkImport5000Lines is "gavel notes" without the process: parse a
// 5,000-line file, feed it through the engine, and store the meeting, its
// events and its ~1,250 action items in one transaction of a real bbolt
// file.
func BenchmarkImport5000Lines(b *testing.B) {
	src := bigNotes(5000)
	st := openStore(b)
	ctx := context.Background()
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		i++
		n, err := notes.Parse(strings.NewReader(src), "big", notes.Options{Date: date})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ImportNotes(ctx, st, n, ImportOptions{Series: fmt.Sprint("big", i)}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkImportSeedLike5000Lines is BenchmarkImport5000Lines with the
// real seeds repeated to 5,000 lines (about one action in eight lines).
func BenchmarkImportSeedLike5000Lines(b *testing.B) {
	var parts []string
	for _, day := range []string{"2011-07-12", "2011-07-19", "2011-07-26"} {
		raw, err := os.ReadFile(filepath.Join("..", "notes", "testdata", "f2f-"+day+".txt"))
		if err != nil {
			b.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(raw), "\n")
		parts = append(parts, rest)
	}
	var sb strings.Builder
	sb.WriteString("Big planning meeting\n\n")
	for i := 0; strings.Count(sb.String(), "\n") < 5000; i++ {
		sb.WriteString(parts[i%3] + "\n")
	}
	src := sb.String()
	st := openStore(b)
	ctx := context.Background()
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		i++
		n, err := notes.Parse(strings.NewReader(src), "big", notes.Options{Date: date})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ImportNotes(ctx, st, n, ImportOptions{Series: fmt.Sprint("big", i)}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkOpenActions10000 lists 10,000 open items of a series (what
// #actions and "gavel actions --open" do), sorted by due date.
func BenchmarkOpenActions10000(b *testing.B) {
	st := openStore(b)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := st.Update(func(tx *store.Tx) error {
		for i := 0; i < 10000; i++ {
			id, err := tx.NextActionID()
			if err != nil {
				return err
			}
			due := ""
			if i%3 != 0 {
				due = at.AddDate(0, 0, i%400).Format("2006-01-02")
			}
			err = tx.PutAction(store.ActionRecord{ID: id, Text: fmt.Sprintf("item %d: follow up with the vendor", i),
				Owners: []string{fmt.Sprint("owner", i%50)}, Due: due, Status: store.StatusOpen, Series: "fudcon",
				Meetings: []string{"fudcon.2026-01-01T000000Z"}, Created: at, Updated: at})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		items, err := tracker.OpenActions(st, "fudcon")
		if err != nil || len(items) != 10000 {
			b.Fatal(len(items), err)
		}
	}
	reportCPU(b, cpu0)
}

// cpuTime is the CPU time (user + system) this process used so far. The
// machine the figures were taken on is shared, so wall-clock ns/op
// overstate the cost; cpu-ms/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
