package config

import (
	"testing"
	"time"
)

// TestScheduledOn: ScheduledOn, what gavel notes takes without
// --time: notes of a day the series meets on start at the [[schedule]]'s time (in the notes' zone); on
// another day there is none.
func TestScheduledOn(t *testing.T) {
	cfg, err := Parse([]byte(`
[irc]
server = "127.0.0.1:6667"
nick = "gavel"
channels = ["#fudcon"]

[[channel]]
name = "#fudcon"
timezone = "Asia/Kolkata"
series = "fudcon"

[[schedule]]
channel = "#fudcon"
cron = "CRON_TZ=Asia/Kolkata 0 15 * * TUE"
`), "")
	if err != nil {
		t.Fatal(err)
	}
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	la, _ := time.LoadLocation("America/Los_Angeles")
	tue := time.Date(2026, 11, 24, 0, 0, 0, 0, kolkata)
	got, ok := cfg.ScheduledOn("fudcon", tue)
	if !ok || !got.Equal(time.Date(2026, 11, 24, 15, 0, 0, 0, kolkata)) || got.Location() != kolkata {
		t.Errorf("Tuesday: %v %v, want 15:00 IST", got, ok)
	}
	if got, ok := cfg.ScheduledOn("fudcon", tue.AddDate(0, 0, 1)); ok {
		t.Errorf("Wednesday: %v, want no meeting", got)
	}
	if got, ok := cfg.ScheduledOn("other", tue); ok {
		t.Errorf("another series: %v", got)
	}
	// Notes dated in Los Angeles: 15:00 IST on Tuesday is 01:30 on Tuesday
	// there (PST), the same local date.
	got, ok = cfg.ScheduledOn("fudcon", time.Date(2026, 11, 24, 0, 0, 0, 0, la))
	if !ok || got.Format("2006-01-02 15:04") != "2026-11-24 01:30" {
		t.Errorf("Los Angeles: %v %v", got, ok)
	}
}

// TestSeriesLocation: a series' zone is its channel's, else meeting.timezone.
func TestSeriesLocation(t *testing.T) {
	cfg, err := Parse([]byte("[irc]\nserver = \"127.0.0.1:6667\"\nnick = \"gavel\"\nchannels = [\"#fudcon\"]\n"+
		"[meeting]\ntimezone = \"Europe/Prague\"\n[[channel]]\nname = \"#fudcon\"\ntimezone = \"Asia/Kolkata\"\nseries = \"fudcon\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.SeriesLocation("fudcon").String(); got != "Asia/Kolkata" {
		t.Errorf("fudcon: %s", got)
	}
	if got := cfg.SeriesLocation("other").String(); got != "Europe/Prague" {
		t.Errorf("other: %s", got)
	}
}
