package minutes

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
)

// TestNotesFiledUnderLocalDate checks that notes given "--date
// 2026-11-24" are filed under 2026-11-24 whatever the UTC date of the
// meeting's start: 00:30 in Asia/Kolkata is still 23 November in UTC, and
// 20:00 in America/Los_Angeles already 25 November.
func TestNotesFiledUnderLocalDate(t *testing.T) {
	for _, tc := range []struct {
		zone string
		hour int
		min  int
	}{{"Asia/Kolkata", 0, 30}, {"America/Los_Angeles", 20, 0}} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			when := time.Date(2026, 11, 24, tc.hour, tc.min, 0, 0, loc)
			if when.UTC().Format("2006-01-02") == "2026-11-24" {
				t.Fatalf("the case must cross the UTC date line: %s", when.UTC())
			}
			n, err := notes.Parse(strings.NewReader("# Planning\n\n- Venue\n  - Owner: Ravi\n"), "f2f.md", notes.Options{Date: when})
			if err != nil {
				t.Fatal(err)
			}
			c := meeting.NewChannel("f2f", meeting.Options{Location: loc, Series: "pune", Source: "f2f"})
			_, m, err := n.Feed(c, notes.EventOptions{})
			if err != nil {
				t.Fatal(err)
			}
			paths, err := Paths(m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for f, p := range paths {
				if !strings.HasPrefix(p, "pune/2026-11-24/pune.2026-11-24-") {
					t.Errorf("%s filed as %s, want under pune/2026-11-24/", f, p)
				}
			}
			// An IRC meeting at the same instant stays filed by UTC.
			m.Source = "irc"
			p, err := Paths(m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if utc := when.UTC().Format("2006-01-02"); !strings.Contains(p[FormatHTML], "/"+utc+"/") {
				t.Errorf("IRC meeting filed as %s, want its UTC date %s", p[FormatHTML], utc)
			}
		})
	}
}

// clockRE matches a clock time as the minutes write one (HH:MM:SS).
var clockRE = regexp.MustCompile(`\b[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\b`)

// TestDateOnlyMinutes checks that notes with a date and no time of day
// (gavel notes without --time, no [[schedule]] meeting that day) give
// minutes without clock times in every format a person reads (html, txt,
// md, log.html; json's "at" empty, "date_only" set), in zones on both sides
// of UTC, and that the stored record's options replay it so; the same notes
// with a time keep MeetBot's times.
func TestDateOnlyMinutes(t *testing.T) {
	src := "# Planning\n\nPresent: Ravi, Amit\n\n- Venue\n  - Ravi to book the hall\n  - Done: Amit sent the quote\n"
	for _, zone := range []string{"Asia/Kolkata", "America/Los_Angeles"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			day := time.Date(2026, 11, 24, 0, 0, 0, 0, loc)
			render := func(dateOnly bool) (map[string]string, *meeting.Meeting) {
				n, err := notes.Parse(strings.NewReader(src), "f2f.md", notes.Options{Date: day, DateOnly: dateOnly})
				if err != nil {
					t.Fatal(err)
				}
				rec := store.MeetingRecord{Channel: "f2f", Source: "f2f", TimeZone: zone, SeriesOption: "pune", DateOnly: n.DateOnly}
				evs, m, err := n.Feed(meeting.NewChannel("f2f", store.EngineOptions(rec)), notes.EventOptions{})
				if err != nil {
					t.Fatal(err)
				}
				// The record's options replay the same meeting.
				rec.ID = m.ID
				if _, again := store.ReplayEvents(rec, evs); again == nil || again.DateOnly != dateOnly {
					t.Fatalf("replayed meeting DateOnly = %v, want %v", again != nil && again.DateOnly, dateOnly)
				}
				files, err := Write(m, Options{})
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]string{}
				for _, f := range files {
					out[f.Format] = string(f.Data)
				}
				return out, m
			}
			out, m := render(true)
			if m.Started.In(loc).Format("2006-01-02 15:04") != "2026-11-24 00:00" {
				t.Fatalf("started %s", m.Started.In(loc))
			}
			for _, f := range []string{FormatHTML, FormatText, FormatMD, FormatLogHTML} {
				if c := clockRE.FindString(out[f]); c != "" {
					t.Errorf("%s of a date-only meeting shows the clock time %s", f, c)
				}
			}
			for _, f := range []string{FormatHTML, FormatText, FormatMD} {
				if !strings.Contains(out[f], "Meeting started by notes on 2026-11-24") {
					t.Errorf("%s does not give the meeting's date:\n%s", f, out[f])
				}
			}
			if !strings.Contains(out[FormatText], "ACTION: Ravi to book the hall  (notes)") {
				t.Errorf("text minutes item without its nick alone:\n%s", out[FormatText])
			}
			var j JSONMinutes
			if err := json.Unmarshal([]byte(out[FormatJSON]), &j); err != nil {
				t.Fatal(err)
			}
			if !j.DateOnly || j.Date != "2026-11-24" || j.Ended != j.Started {
				t.Errorf("json date_only %v date %q started %q ended %q", j.DateOnly, j.Date, j.Started, j.Ended)
			}
			for _, tp := range j.Topics {
				for _, it := range tp.Items {
					if it.At != "" || tp.At != "" {
						t.Errorf("json item %q at %q (topic at %q), want none", it.Text, it.At, tp.At)
					}
				}
			}
			for _, a := range j.Actions {
				if a.At != "" {
					t.Errorf("json action %q at %q", a.Text, a.At)
				}
			}
			// The same notes with a time of day keep MeetBot's times.
			out, _ = render(false)
			for _, f := range []string{FormatHTML, FormatText, FormatMD, FormatLogHTML} {
				if clockRE.FindString(out[f]) == "" {
					t.Errorf("%s of a timed meeting shows no time", f)
				}
			}
		})
	}
}
