package schedule

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/gavel-irc/gavel/internal/testenv"
)

// oracle lists, day by day, the meetings a schedule means: on the given
// weekday, at hh:mm local, in ISO weeks of the parity (0 for every week),
// except skipped dates. It is written from the definition, independently of
// the cron and rrule code under test.
func oracle(loc *time.Location, from, to time.Time, wd time.Weekday, hh, mm, parity int, skip map[string]bool) []time.Time {
	var out []time.Time
	f := from.In(loc)
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc); day.Before(to); day = day.AddDate(0, 0, 1) {
		if day.Weekday() != wd || skip[day.Format(time.DateOnly)] {
			continue
		}
		if _, w := day.ISOWeek(); parity != 0 && w%2 != parity%2 {
			continue
		}
		t := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, loc)
		if !t.Before(from) && t.Before(to) {
			out = append(out, t)
		}
	}
	return out
}

func utcList(ts []time.Time) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.UTC().Format("2006-01-02T15:04:05Z"))
		b.WriteByte('\n')
	}
	return b.String()
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

type fixture struct {
	uid   string
	spec  Spec
	wd    time.Weekday
	hh    int
	mm    int
	par   int
	skips map[string]bool
}

func fixtures(t *testing.T) []fixture {
	return []fixture{
		// 09:00 in New York: 13:00 UTC in summer, 14:00 UTC in winter.
		{uid: "ny-weekly@test", spec: Spec{Cron: "CRON_TZ=America/New_York 0 9 * * FRI", Skip: []string{"2026-12-25"}},
			wd: time.Friday, hh: 9, par: 0, skips: map[string]bool{"2026-12-25": true}},
		// Every other Tuesday (odd ISO weeks) at 15:30 in Prague, the zone given by the channel.
		{uid: "prague-odd@test", spec: Spec{Cron: "30 15 * * TUE", Zone: mustLoc(t, "Europe/Prague"), Weeks: OddWeeks},
			wd: time.Tuesday, hh: 15, mm: 30, par: 1},
		{uid: "utc-even@test", spec: Spec{Cron: "0 13 * * MON", Weeks: EvenWeeks, Skip: []string{"2027-01-04", "2026-11-30"}},
			wd: time.Monday, hh: 13, par: 2, skips: map[string]bool{"2027-01-04": true, "2026-11-30": true}},
		// Kolkata has no daylight saving: one observance.
		{uid: "kolkata@test", spec: Spec{Cron: "CRON_TZ=Asia/Kolkata 0 18 * * WED"}, wd: time.Wednesday, hh: 18, par: 0},
	}
}

// TestRuleMatchesOracle: Next and Between give the meetings the schedule
// means, across the 2026 and 2027 daylight-saving changes and a year with
// ISO week 53 (2026 has one).
func TestRuleMatchesOracle(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range fixtures(t) {
		r, err := Parse(f.spec)
		if err != nil {
			t.Fatalf("%s: %v", f.uid, err)
		}
		want := oracle(r.Location(), from, to, f.wd, f.hh, f.mm, f.par, f.skips)
		if got := r.Between(from, to); utcList(got) != utcList(want) {
			t.Errorf("%s: Between gives %d meetings, the definition %d:\n%s", f.uid, len(got), len(want), diffLines(utcList(got), utcList(want)))
		}
		var walked []time.Time
		for n := r.Next(from.Add(-time.Second)); !n.IsZero() && n.Before(to); n = r.Next(n) {
			walked = append(walked, n)
		}
		if utcList(walked) != utcList(want) {
			t.Errorf("%s: Next walks %d meetings, the definition has %d", f.uid, len(walked), len(want))
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Cron: "@every 1h"}, "@every"},
		{Spec{Cron: "0 13 1 * FRI"}, "both days of the month and weekdays"},
		{Spec{Cron: "0 13 * * FRI", Weeks: "second"}, `weeks "second"`},
		{Spec{Cron: "0 13 1 * *", Weeks: OddWeeks}, "names weekdays"},
		{Spec{Cron: "0 13 * * FRI", Skip: []string{"Christmas"}}, `"Christmas"`},
		{Spec{Cron: "0 13 * * FRI", Start: "soon"}, `start "soon"`},
		{Spec{Cron: "61 13 * * FRI"}, `cron "61 13 * * FRI"`},
	} {
		_, err := Parse(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%+v) = %v, want an error containing %q", c.spec, err, c.want)
		}
	}
}

func writeFixtureICS(t *testing.T) (string, []fixture, []*Rule) {
	t.Helper()
	fs := fixtures(t)
	var events []Event
	var rules []*Rule
	for _, f := range fs {
		r, err := Parse(f.spec)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
		events = append(events, Event{UID: f.uid, Summary: "Meeting " + f.uid, Description: "Agenda: https://example.org/a,b;c", URL: "https://example.org/s/", Rule: r, Duration: 45 * time.Minute})
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, Calendar{Name: "Meetings"}, events); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteICS(&again, Calendar{Name: "Meetings"}, events); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("two writes of the same calendar differ")
	}
	path := filepath.Join(t.TempDir(), "meetings.ics")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, fs, rules
}

// expandScript expands every VEVENT of a calendar between two UTC instants
// and prints "UID INSTANT" lines in UTC, with python3-icalendar and
// recurring_ical_events (which reads the VTIMEZONE) or with vobject.
const expandScript = `
import sys, datetime
path, lib, a, b = sys.argv[1:5]
a = datetime.datetime.fromisoformat(a).replace(tzinfo=datetime.timezone.utc)
b = datetime.datetime.fromisoformat(b).replace(tzinfo=datetime.timezone.utc)
out = []
if lib == "icalendar":
    import icalendar, recurring_ical_events
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for ev in recurring_ical_events.of(cal).between(a, b):
        out.append((str(ev["UID"]), ev["DTSTART"].dt.astimezone(datetime.timezone.utc)))
else:
    import vobject
    cal = vobject.readOne(open(path).read())
    for ev in cal.vevent_list:
        for dt in ev.getrruleset(addRDate=True).between(a, b, inc=True):
            if dt < b:
                out.append((ev.uid.value, dt.astimezone(datetime.timezone.utc)))
for uid, dt in sorted(out):
    print(uid, dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
`

// TestICSExpandsInIndependentParsers: meetings.ics, read by python3-icalendar
// (with recurring_ical_events) and by python3-vobject, expands to the same
// UTC instants as the schedule's definition, across the DST changes of
// America/New_York and Europe/Prague, odd and even ISO weeks and skipped
// dates; go-ical reads it back too.
func TestICSExpandsInIndependentParsers(t *testing.T) {
	path, fs, rules := writeFixtureICS(t)
	from := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	var want strings.Builder
	var lines []string
	for i, f := range fs {
		for _, at := range oracle(rules[i].Location(), from, to, f.wd, f.hh, f.mm, f.par, f.skips) {
			lines = append(lines, f.uid+" "+at.UTC().Format("2006-01-02T15:04:05Z"))
		}
	}
	slices.Sort(lines)
	for _, l := range lines {
		want.WriteString(l + "\n")
	}
	for _, lib := range []string{"icalendar", "vobject"} {
		mods := []string{"icalendar", "recurring_ical_events"}
		if lib == "vobject" {
			mods = []string{"vobject"}
		}
		py := testenv.Python(t, mods...)
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(py, "-c", expandScript, path, lib, from.Format("2006-01-02T15:04:05"), to.Format("2006-01-02T15:04:05"))
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", lib, err, stderr.String())
		}
		if stdout.String() != want.String() {
			t.Errorf("%s expands the calendar differently from the schedules' definition:\n%s", lib, diffLines(stdout.String(), want.String()))
		}
	}
	// go-ical reads it back: one VTIMEZONE per zone, each event's RRULE.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := goical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read meetings.ics: %v", err)
	}
	if n := len(cal.Events()); n != len(fs) {
		t.Errorf("%d events read back, want %d", n, len(fs))
	}
	zones := 0
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			zones++
		}
	}
	if zones != 3 {
		t.Errorf("%d VTIMEZONEs, want 3 (New York, Prague, Kolkata; none for UTC)", zones)
	}
}

// diffLines shows the lines only in got (+) or only in want (-).
func diffLines(got, want string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			m[l] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	n := 0
	for l := range g {
		if !w[l] && n < 20 {
			b.WriteString("+ " + l + "\n")
			n++
		}
	}
	for l := range w {
		if !g[l] && n < 40 {
			b.WriteString("- " + l + "\n")
			n++
		}
	}
	return b.String()
}
