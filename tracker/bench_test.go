package tracker_test

import (
	"context"
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"github.com/gavel-irc/gavel/internal/notesgen"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// BenchmarkImport5000Lines is "gavel notes" without the process: parse a
// 5,000-line file, feed it through the engine, and store the meeting, its
// events and its ~1,250 action items in one transaction of a real bbolt
// file.
func BenchmarkImport5000Lines(b *testing.B) {
	src := notesgen.Dense(5000)
	st := openStore(b)
	ctx := context.Background()
	i := 0
	cpu0 := benchcpu.Now()
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
	benchcpu.Report(b, cpu0)
}

// BenchmarkImportSeedLike5000Lines is BenchmarkImport5000Lines with the
// real seeds repeated to 5,000 lines (about one action in eight lines).
func BenchmarkImportSeedLike5000Lines(b *testing.B) {
	seeds, err := notesgen.Seeds(filepath.Join("..", "notes", "testdata"))
	if err != nil {
		b.Fatal(err)
	}
	src := notesgen.SeedLike(seeds, 5000)
	st := openStore(b)
	ctx := context.Background()
	i := 0
	cpu0 := benchcpu.Now()
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
	benchcpu.Report(b, cpu0)
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
	cpu0 := benchcpu.Now()
	for b.Loop() {
		items, err := tracker.OpenActions(st, "fudcon")
		if err != nil || len(items) != 10000 {
			b.Fatal(len(items), err)
		}
	}
	benchcpu.Report(b, cpu0)
}
