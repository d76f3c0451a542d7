package tracker

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
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
	for b.Loop() {
		items, err := OpenActions(st, "fudcon")
		if err != nil || len(items) != 10000 {
			b.Fatal(len(items), err)
		}
	}
}
