package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

// TestNotesDateOnly runs gavel notes without --time for a series with no
// [[schedule]]: the meeting is date-only (its record says so, it starts at
// the local midnight of --date, and its minutes show no clock times), in a
// zone east and one west of UTC; with --time it is not.
func TestNotesDateOnly(t *testing.T) {
	src := "# Planning\n\nPresent: Ravi, Amit\n\n- Venue\n  - Ravi to book the hall\n"
	for _, zone := range []string{"Asia/Kolkata", "America/Los_Angeles"} {
		for _, at := range []string{"", "18:00"} {
			t.Run(zone+"/"+at, func(t *testing.T) {
				dir, cfg := notesSetup(t)
				file := filepath.Join(dir, "notes.md")
				if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{"notes", "-c", cfg, "--series", "pune", "--date", "2026-11-24", "--tz", zone, "--no-publish"}
				if at != "" {
					args = append(args, "--time", at)
				}
				if rc, so, se := gavel(t, append(args, file)...); rc != 0 {
					t.Fatalf("gavel notes: exit %d\n%s\n%s", rc, so, se)
				}
				st, err := store.Open(filepath.Join(dir, "data/gavel.db"), store.Options{LockTimeout: time.Second})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				ms, err := st.AllMeetings()
				if err != nil || len(ms) != 1 {
					t.Fatalf("meetings %v %v", ms, err)
				}
				rec := ms[0]
				loc, _ := time.LoadLocation(zone)
				start := rec.Started.In(loc).Format("2006-01-02 15:04")
				if rec.DateOnly != (at == "") || at == "" && start != "2026-11-24 00:00" || at != "" && start != "2026-11-24 "+at {
					t.Errorf("record date_only %v, started %s (local)", rec.DateOnly, start)
				}
				m, err := st.Replay(rec.ID)
				if err != nil {
					t.Fatal(err)
				}
				var txt bytes.Buffer
				if err := minutes.Render(&txt, m, minutes.Options{}, minutes.FormatText); err != nil {
					t.Fatal(err)
				}
				if shows := regexp.MustCompile(`[0-2][0-9]:[0-5][0-9]:[0-5][0-9]`).MatchString(txt.String()); shows == (at == "") {
					t.Errorf("text minutes (date only %v):\n%s", at == "", txt.String())
				}
			})
		}
	}
}
