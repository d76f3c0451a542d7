package publisher

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ical"
	"github.com/gavel-irc/gavel/schedule"
	"github.com/gavel-irc/gavel/sitepath"
)

// Schedule is one recurring meeting of the config's [[schedule]] tables, as
// the site shows it and publishes it in meetings.ics.
type Schedule struct {
	// Channel is where it meets, Series the series its minutes go to ("" for
	// the channel's), Title its name in calendars.
	Channel, Series, Title string
	// Agenda is a link to its agenda ("" for none).
	Agenda string
	// Rule is when it meets (config.Schedule.Spec), Duration how long.
	Rule     *schedule.Rule
	Duration time.Duration
}

// meetingsCalendar is the file name of the schedule calendars: the site's
// (every series) at the root, and one in each scheduled series' folder.
const meetingsCalendar = sitepath.MeetingsCalendar

// Next returns the first meeting of s strictly after t (zero if none).
func (s Schedule) Next(t time.Time) time.Time { return s.Rule.Next(t) }

// scheduleEvent is s as a calendar event.
func (p *Publisher) scheduleEvent(s Schedule) schedule.Event {
	ch := strings.TrimLeft(s.Channel, "#&")
	name := s.Series
	if name == "" {
		name = ch
	}
	desc := "IRC meeting in " + s.Channel + "."
	url := ""
	if s.Series != "" {
		url = p.abs(seriesDir(s.Series))
		desc += " Minutes: " + url
	}
	if s.Agenda != "" {
		desc += " Agenda: " + s.Agenda
	}
	return schedule.Event{
		UID:         strings.ToLower(name + "." + ch + "@" + ical.HostFromURL(p.base.String())),
		Summary:     s.Title,
		Description: desc,
		URL:         url,
		Rule:        s.Rule,
		Duration:    s.Duration,
	}
}

// writeSchedules writes meetings.ics at the root (every scheduled meeting)
// and in each scheduled series' folder, skipping a calendar whose bytes are
// those this publisher last wrote there (the output depends only on the
// config, so most publishes write nothing).
func (p *Publisher) writeSchedules(b *build) error {
	if len(p.opt.Schedules) == 0 {
		return nil
	}
	bySeries := map[string][]schedule.Event{}
	var all []schedule.Event
	for _, s := range p.opt.Schedules {
		if s.Rule == nil {
			continue
		}
		ev := p.scheduleEvent(s)
		all = append(all, ev)
		if s.Series != "" {
			bySeries[s.Series] = append(bySeries[s.Series], ev)
		}
	}
	write := func(rel, name string, events []schedule.Event) error {
		var buf bytes.Buffer
		if err := schedule.WriteICS(&buf, schedule.Calendar{Name: name}, events); err != nil {
			return fmt.Errorf("publisher: calendar %s: %w", rel, err)
		}
		return p.writeUnlessSame(b, rel, buf.Bytes())
	}
	if err := write(meetingsCalendar, p.opt.Title+": meetings", all); err != nil {
		return err
	}
	for _, s := range sortedKeys(bySeries) {
		if err := write(seriesDir(s)+meetingsCalendar, p.opt.Title+": "+s, bySeries[s]); err != nil {
			return err
		}
	}
	return nil
}
