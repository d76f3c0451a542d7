package config

import (
	"strings"
	"time"
)

// SeriesLocation is the time zone of series' meetings: that of the
// [[channel]] configured with that series, else meeting.timezone (UTC when
// that does not load). series is compared without regard to case.
func (c *Config) SeriesLocation(series string) *time.Location {
	for _, ch := range c.Channels {
		if ch.Series != "" && strings.EqualFold(ch.Series, series) && ch.Location != nil {
			return ch.Location
		}
	}
	loc, err := time.LoadLocation(c.Meeting.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ScheduledOn returns the start of series' scheduled meeting (a
// [[schedule]] of that series, or on a channel of that series) on day's
// local date, in day's zone; ok is false when none falls on it.
func (c *Config) ScheduledOn(series string, day time.Time) (time.Time, bool) {
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location())
	to := from.AddDate(0, 0, 1)
	for _, s := range c.Schedule {
		if s.Spec == nil || series == "" || c.ScheduleSeries(s) != series {
			continue
		}
		if ts := s.Spec.Between(from, to); len(ts) > 0 {
			return ts[0].In(day.Location()), true
		}
	}
	return time.Time{}, false
}
