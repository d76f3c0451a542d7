package publisher

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/schedule"
)

// TestScheduleCalendars: with [[schedule]] tables the site publishes
// meetings.ics (every scheduled meeting) and one per scheduled series,
// which python3-icalendar reads with the events' rules and zones; a second
// build writes the same bytes.
func TestScheduleCalendars(t *testing.T) {
	rule := func(spec schedule.Spec) *schedule.Rule {
		r, err := schedule.Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Schedules = []Schedule{
		{Channel: "#fudcon-planning", Series: "fudcon-planning", Title: "FUDCon planning", Agenda: "https://pad.example.org/f",
			Rule: rule(schedule.Spec{Cron: "CRON_TZ=America/New_York 0 9 * * FRI", Skip: []string{"2026-12-25"}}), Duration: 30 * time.Minute},
		{Channel: "#fedora-meeting", Title: "Infrastructure",
			Rule: rule(schedule.Spec{Cron: "0 16 * * WED", Weeks: schedule.OddWeeks}), Duration: time.Hour},
	}
	p, err := New(fixture(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile(filepath.Join(dir, "meetings.ics"))
	if err != nil {
		t.Fatal(err)
	}
	series, err := os.ReadFile(filepath.Join(dir, "series", "fudcon-planning", "meetings.ics"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "series", "infrastructure", "meetings.ics")); err == nil {
		t.Error("a calendar for the unscheduled series infrastructure")
	}
	py := testenv.Python(t, "icalendar")
	const script = `
import sys, icalendar
for label, path in zip(["site", "series"], sys.argv[1:]):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for ev in cal.walk("VEVENT"):
        rrule = ";".join(sorted(ev["RRULE"].to_ical().decode().split(";")))
        print(label, ev["UID"], ev["SUMMARY"], ev["DTSTART"].dt.isoformat(), rrule, sep="|")
`
	var out, errb bytes.Buffer
	cmd := exec.Command(py, "-c", script, filepath.Join(dir, "meetings.ics"), filepath.Join(dir, "series", "fudcon-planning", "meetings.ics"))
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, errb.String())
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	// The first odd-week Wednesday of 2026, from the definition: ISO week
	// 1 of 2026 starts on Monday 2025-12-29.
	firstOdd := time.Date(2026, 1, 1, 16, 0, 0, 0, time.UTC)
	for _, w := firstOdd.ISOWeek(); firstOdd.Weekday() != time.Wednesday || w%2 == 0; _, w = firstOdd.ISOWeek() {
		firstOdd = firstOdd.AddDate(0, 0, 1)
	}
	var odd []string
	for w := 1; w <= 53; w += 2 {
		odd = append(odd, strconv.Itoa(w))
	}
	const fridays = "BYDAY=FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0;FREQ=WEEKLY"
	want := []string{
		"site|fudcon-planning.fudcon-planning@minutes.example.org|FUDCon planning|2026-01-02T09:00:00-05:00|" + fridays,
		"site|fedora-meeting.fedora-meeting@minutes.example.org|Infrastructure|" + firstOdd.Format("2006-01-02T15:04:05+00:00") +
			"|BYDAY=WE;BYHOUR=16;BYMINUTE=0;BYSECOND=0;BYWEEKNO=" + strings.Join(odd, ",") + ";FREQ=YEARLY",
		"series|fudcon-planning.fudcon-planning@minutes.example.org|FUDCon planning|2026-01-02T09:00:00-05:00|" + fridays,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calendars read by python3-icalendar:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !bytes.Contains(site, []byte("EXDATE;TZID=America/New_York:20261225T090000")) || !bytes.Contains(series, []byte("BEGIN:VTIMEZONE")) {
		t.Error("the skipped date or the VTIMEZONE is missing")
	}
	// Published again, the calendars are the same bytes.
	if _, err := p.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(filepath.Join(dir, "meetings.ics"))
	if !bytes.Equal(site, again) {
		t.Error("meetings.ics changed between two builds of the same config")
	}
}
