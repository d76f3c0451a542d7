package minutes

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
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
