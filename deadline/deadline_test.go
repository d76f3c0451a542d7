package deadline

import (
	"strings"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func TestParse(t *testing.T) {
	kol := mustLoc(t, "Asia/Kolkata")
	// Wednesday 2026-07-22, 10:00 in Kolkata; Tuesday 2011-08-02 for the
	// face-to-face notes of the seeds.
	wed := time.Date(2026, 7, 22, 10, 0, 0, 0, kol)
	tue := time.Date(2011, 8, 2, 19, 0, 0, 0, time.UTC)
	dec := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	sat := time.Date(2026, 7, 25, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		ref    time.Time
		phrase string
		want   string // YYYY-MM-DD, or "" for not readable
	}{
		{wed, "Aug 10", "2026-08-10"},
		{wed, "aug 10", "2026-08-10"},
		{wed, "10 Aug", "2026-08-10"},
		{wed, "31 Aug", "2026-08-31"},
		{wed, "31 August", "2026-08-31"},
		{wed, "Aug 5th", "2026-08-05"},
		{wed, "Aug. 5", "2026-08-05"},
		{wed, "the 3rd of March", "2027-03-03"},
		{wed, "Dec 4, 2027", "2027-12-04"},
		{wed, "4 December 2027", "2027-12-04"},
		{wed, "2026-12-04", "2026-12-04"},
		{wed, "2026/12/04", "2026-12-04"},
		{wed, "2026-02-30", ""},
		{wed, "Feb 30", ""},
		{wed, "12/04", ""},
		{wed, "04/12/2026", ""},
		{wed, "next Friday", "2026-07-24"},
		{wed, "Friday", "2026-07-24"},
		{wed, "friday", "2026-07-24"},
		{wed, "Wednesday", "2026-07-29"},
		{wed, "Friday next week", "2026-07-31"},
		{wed, "next week Friday", "2026-07-31"},
		{wed, "Monday this week", "2026-07-20"},
		{wed, "tomorrow", "2026-07-23"},
		{wed, "today", "2026-07-22"},
		{wed, "end of month", "2026-07-31"},
		{wed, "end of the month", "2026-07-31"},
		{wed, "end of next month", "2026-08-31"},
		{wed, "end of week", "2026-07-24"},
		{sat, "end of week", "2026-07-31"},
		{wed, "end of next week", "2026-07-31"},
		{wed, "end of year", "2026-12-31"},
		{wed, "end of August", "2026-08-31"},
		{wed, "in 2 weeks", "2026-08-05"},
		{wed, "in two weeks", "2026-08-05"},
		{wed, "in 3 days", "2026-07-25"},
		{wed, "in a month", "2026-08-22"},
		{wed, "two weeks from now", "2026-08-05"},
		{wed, "next week", "2026-07-27"},
		{wed, "this week", "2026-07-24"},
		{wed, "next month", "2026-08-01"},
		{wed, "EOD", "2026-07-22"},
		{wed, "end of day", "2026-07-22"},
		{wed, "Friday EOD", "2026-07-24"},
		{wed, "EOW", "2026-07-24"},
		{wed, "eom", "2026-07-31"},
		{wed, "mid August", "2026-08-15"},
		{wed, "mid-Sep", "2026-09-15"},
		{wed, "middle of October", "2026-10-15"},
		{wed, "asap", ""},
		{wed, "geodesic", ""},
		{wed, "Oct 1st week", "2026-10-07"},
		{wed, "oct 2nd week", "2026-10-14"},
		{wed, "1st week of October", "2026-10-07"},
		{wed, "3rd week of August", "2026-08-21"},
		{wed, "last week of Feb", "2027-02-28"},
		{wed, "Thursday Jul 21st", "2026-07-21"},
		{wed, "Kushal to have updates next week", "2026-07-27"},
		// Roll-over: more than 60 days before the reference is next year.
		{dec, "Jan 5", "2027-01-05"},
		{dec, "Nov 1", "2026-11-01"},
		{wed, "May 1", "2027-05-01"},
		{wed, "Jun 1", "2026-06-01"},
		{tue, "31 Aug", "2011-08-31"},
		{tue, "Aug 10", "2011-08-10"},
		{tue, "Oct 1st week", "2011-10-07"},
		{tue, "Thursday Jul 21st", "2011-07-21"},
		{tue, "next week", "2011-08-08"},
		{tue, "end of month", "2011-08-31"},
		{tue, "Deadline of Aug 5, can be extended", "2011-08-05"},
		{tue, "3rd week of August deadline for 1st draft", "2011-08-21"},
		{tue, "next week (content, funnel, COD)", "2011-08-08"},
		// Not dates.
		{wed, "", ""},
		{wed, "the way", ""},
		{wed, "bob", ""},
		{wed, "when pigs fly", ""},
		{wed, "2 weeks", ""},
		{wed, "in 9999 weeks", ""},
		{wed, "soon", ""},
	}
	for _, tc := range cases {
		d, ok := Parse(tc.phrase, tc.ref)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
			if d.Location() != tc.ref.Location() || d.Hour() != 0 || d.Minute() != 0 {
				t.Errorf("Parse(%q) = %v: want midnight in %v", tc.phrase, d, tc.ref.Location())
			}
		}
		if got != tc.want {
			t.Errorf("Parse(%q, %s) = %q, want %q", tc.phrase, tc.ref.Format("Mon 2006-01-02 MST"), got, tc.want)
		}
	}
}

func TestParseZone(t *testing.T) {
	// 20:00 UTC on Jul 22 is already Jul 23 in Kolkata.
	ref := time.Date(2026, 7, 22, 20, 0, 0, 0, time.UTC)
	d, ok := Parse("tomorrow", ref.In(mustLoc(t, "Asia/Kolkata")))
	if !ok || d.Format("2006-01-02") != "2026-07-24" {
		t.Errorf("tomorrow in Kolkata = %v %v, want 2026-07-24", d, ok)
	}
	d, ok = Parse("tomorrow", ref)
	if !ok || d.Format("2006-01-02") != "2026-07-23" {
		t.Errorf("tomorrow in UTC = %v %v, want 2026-07-23", d, ok)
	}
}

func TestParsePrefix(t *testing.T) {
	ref := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		phrase, used string
	}{
		{"Friday to close it", "Friday"},
		{"  next Friday then", "next Friday"},
		{"Aug 10 at the latest", "Aug 10"},
		{"the way we go", ""},
		{"bob next Friday", ""},
	}
	for _, tc := range cases {
		_, n, ok := ParsePrefix(tc.phrase, ref)
		got := ""
		if ok {
			got = strings.TrimSpace(tc.phrase[:n])
		}
		if got != tc.used {
			t.Errorf("ParsePrefix(%q) used %q, want %q", tc.phrase, got, tc.used)
		}
	}
}

func TestFind(t *testing.T) {
	cases := []struct {
		text, phrase string
	}{
		{"bob to send it by next Friday, then review", "next Friday"},
		{"bob to send it BY Friday to close the ticket", "Friday"},
		{"bob to send it due Aug 10", "Aug 10"},
		{"bob to send it due: Aug 10.", "Aug 10"},
		{"bob to send it due date: 2026-12-04", "2026-12-04"},
		{"bob to send it, deadline: 31 Aug; more", "31 Aug"},
		{"bob to send it before end of month", "end of month"},
		{"bob to send it until Dec 4, 2027 (hard)", "Dec 4, 2027"},
		{"bob to send it by Aug. 10", "Aug. 10"},
		{"by the way, bob sends it", ""},
		{"ask by bob by Friday", "Friday"},
		{"discuss the deadline with bob", ""},
		{"late due to the outage", ""},
		{"due: when pigs fly, sadly", "when pigs fly"},
		{"deadline is someday", ""},
		{"The deadline is fine with Dana", ""},
		{"the deadline is Aug 10", "Aug 10"},
		{"pay the dues", ""},
		{"bob to send it", ""},
		{"stand by", ""},
		{"due", ""},
		// An estimate: read when it is a date, else nothing to flag.
		{"carol: publish the minutes (ETA: Friday)", "Friday"},
		{"ship it, target date: May 1", "May 1"},
		{"ETA: unclear", ""},
		{"beta: Friday", ""},
		{"the estimate is Friday", ""},
	}
	for _, tc := range cases {
		p, s, e, ok := Find(tc.text)
		if !ok {
			p = ""
		} else if tc.text[s:e] != p {
			t.Errorf("Find(%q): text[%d:%d] = %q, phrase %q", tc.text, s, e, tc.text[s:e], p)
		}
		if p != tc.phrase || ok != (tc.phrase != "") {
			t.Errorf("Find(%q) = %q %v, want %q", tc.text, p, ok, tc.phrase)
		}
	}
}

func TestTrailing(t *testing.T) {
	ref := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // a Tuesday
	for _, tc := range []struct{ text, phrase, date string }{
		{"to send a test mail this week", "this week", "2026-11-27"},
		{"Publish the newsletter Wed.", "Wed", "2026-11-25"},
		{"draft the budget by the end of the month", "by the end of the month", "2026-11-30"},
		{"Oct 1st week and Oct end won't clash", "", ""},
		{"run a test install 1 month prior to event", "", ""},
		{"bob to send it", "", ""},
		{"but is at a conference this week", "", ""},
		{"My plan is to draft it today", "today", "2026-11-24"},
		{"the plan was to draft it today", "", ""},
		{"Make Express Static configurable to be merged on Dec 1st", "Dec 1st", "2026-12-01"},
		{"it will be merged on Dec 1st", "", ""},
		// A date alone in parentheses dates the item; an aside saying
		// more than a date does not.
		{"Folks will meet up after the board meeting (this friday) to organize an update", "this friday", "2026-11-27"},
		{"Review the PR (probably not for next week) and merge", "", ""},
		{"Fix the build (see the log) before the release", "", ""},
		// The day itself, and the meeting week's Sunday.
		{"Ernest to look at the error reporting this afternoon", "this afternoon", "2026-11-24"},
		{"@ann and @bo to wrap it up after our meeting.", "after our meeting", "2026-11-24"},
		{"get consensus to merge this weekend", "this weekend", "2026-11-29"},
		{"Ann to start work this weekend", "", ""},
		{"Bo to start the migration next week", "", ""},
		// An aside in brackets after the date, escaped or not.
		{`Bernard to update the thread today \[in Zulip\]`, "today", "2026-11-24"},
		{"Bernard to update the thread by Friday (see the thread)", "Friday", "2026-11-27"},
		// Two dates offered: no one day.
		{"Emma to send it Tuesday or Wednesday", "", ""},
		// The date of the event the task is for.
		{"Prepare for February 28th follow-up meeting", "February 28th", "2027-02-28"},
		{"Draft the slides for the Dec 3 release", "Dec 3", "2026-12-03"},
		{"Book a room for 3 people", "", ""},
		{"Move items for this month into that milestone (KK)", "", ""},
		{"Ask for December 17th availability and report back to the list", "", ""},
	} {
		var r Reader
		p, d, ok := r.Trailing(tc.text, ref)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if p != tc.phrase || got != tc.date {
			t.Errorf("Trailing(%q) = %q %s, want %q %s", tc.text, p, got, tc.phrase, tc.date)
		}
	}
}

// TestLeading: a date opening an item, then a colon, a dash or who, is the
// item's date; a date that opens a sentence about it is not.
func TestLeading(t *testing.T) {
	ref := time.Date(2024, 4, 19, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ text, phrase, date, rest string }{
		{"May 17 Henk Berkholtz will present the manifest", "May 17", "2024-05-17", "Henk Berkholtz will present the manifest"},
		{"2024-05-01: Ann to send the report", "2024-05-01", "2024-05-01", "Ann to send the report"},
		{"Friday - Bo to book the room", "Friday", "2024-04-26", "Bo to book the room"},
		{"May 17 was the release", "", "", ""},
		{"May 17th-ish for the release", "", "", ""},
		{"Monty to present on May 3", "", "", ""},
		{"May 17", "", "", ""},
	} {
		var r Reader
		p, d, rest, ok := r.Leading(tc.text, ref)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if p != tc.phrase || got != tc.date || rest != tc.rest {
			t.Errorf("Leading(%q) = %q %s %q, want %q %s %q", tc.text, p, got, rest, tc.phrase, tc.date, tc.rest)
		}
	}
}

func TestRead(t *testing.T) {
	ref := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		text, phrase, date string
		found              bool
	}{
		{"bob to do it by next Friday", "next Friday", "2026-07-24", true},
		{"Emma to find out if it is needed by tomorrow or Wednesday", "", "", false},
		{"bob to do it by this weekend", "this weekend", "2026-07-26", true},
		{"bob to do it due Feb 30", "Feb 30", "", true},
		{"bob to do it by Feb 30", "", "", false},
		{"bob to do it due: someday", "someday", "", true},
		{"bob to do it, deadline: Kushal says next week", "Kushal says next week", "2026-07-27", true},
		{"by the way", "", "", false},
	}
	for _, tc := range cases {
		p, d, found, ok := Read(tc.text, ref)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if p != tc.phrase || got != tc.date || found != tc.found {
			t.Errorf("Read(%q) = %q %q %v, want %q %q %v", tc.text, p, got, found, tc.phrase, tc.date, tc.found)
		}
	}
}

func TestHugeInput(t *testing.T) {
	s := strings.Repeat("by Friday ", 1<<20)
	if _, _, _, ok := Find(s); !ok {
		t.Errorf("Find on a 10 MB text found nothing")
	}
	if _, ok := Parse(s, time.Now()); !ok {
		t.Errorf("Parse on a 10 MB text read nothing")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Aug 10", "next Friday", "Oct 1st week", "2026-12-04", "in 2 weeks", "end of month", "\xff", "31 Feb"} {
		f.Add(s, int64(1784700000))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		ref := time.Unix(unix%(1<<40), 0).UTC()
		d, ok := Parse(s, ref)
		if !ok {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Location() != ref.Location() {
			t.Fatalf("Parse(%q) = %v: not a midnight in the ref's zone", s, d)
		}
		if _, n, ok := ParsePrefix(s, ref); ok && (n < 0 || n > len(s)) {
			t.Fatalf("ParsePrefix(%q) used %d bytes", s, n)
		}
	})
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"bob to do it by Friday", "due: soon", "by the way", "deadline: 31 Aug, then", "due"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, start, end, ok := Find(s)
		ref := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
		rp, rd, rfound, rok := Read(s, ref)
		pd, pok := Parse(p, ref)
		if rfound != ok || rp != p || (ok && (rok != pok || !rd.Equal(pd))) {
			t.Fatalf("Read(%q) = %q %v %v %v, Find+Parse = %q %v %v %v", s, rp, rd, rfound, rok, p, pd, ok, pok)
		}
		if !ok {
			return
		}
		if start < 0 || end > len(s) || start > end || s[start:end] != p || p == "" {
			t.Fatalf("Find(%q) = %q [%d:%d]", s, p, start, end)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	ref := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
	phrases := []string{"next Friday", "Aug 10", "Oct 1st week", "end of month", "2026-12-04", "when pigs fly"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Parse(phrases[i%len(phrases)], ref)
	}
}

func BenchmarkFind(b *testing.B) {
	texts := []string{"bob to check the mirrors by next Friday, then report", "carol to review the final draft", "by the way alice will do it"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Find(texts[i%len(texts)])
	}
}
