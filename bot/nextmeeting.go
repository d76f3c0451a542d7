package bot

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/schedule"
)

// nextMeeting is what #nextmeeting says in channel at now: the earliest next
// meeting of the channel's [[schedule]] tables, in UTC and the channel's
// zone, with the agenda and the calendar to subscribe to.
func nextMeeting(cfg *config.Config, channel string, now time.Time) string {
	var (
		best   *config.Schedule
		bestAt time.Time
	)
	for i := range cfg.Schedule {
		s := &cfg.Schedule[i]
		if !strings.EqualFold(s.Channel, channel) || s.Spec == nil {
			continue
		}
		if at := s.Spec.Next(now); !at.IsZero() && (best == nil || at.Before(bestAt)) {
			best, bestAt = s, at
		}
	}
	if best == nil {
		return "No meeting is scheduled in " + channel + "."
	}
	ch := cfg.ChannelConfig(channel)
	var b strings.Builder
	b.WriteString("Next meeting: " + best.Name() + ", " + schedule.When(bestAt, ch.Location) + ", " + schedule.Until(now, bestAt) + ".")
	series := cfg.ScheduleSeries(*best)
	base := strings.TrimSuffix(cfg.Site.BaseURL, "/")
	switch {
	case best.Agenda != "":
		b.WriteString(" Agenda: " + best.Agenda)
	case base != "" && series != "":
		b.WriteString(" Agenda: " + base + "/series/" + series + "/")
	}
	if base != "" && series != "" {
		b.WriteString(" Calendar: " + base + "/series/" + series + "/meetings.ics")
	}
	return b.String()
}

// sayNextMeeting answers #nextmeeting in ch.
func (b *Bot) sayNextMeeting(channel string, now time.Time) {
	b.say(channel, nextMeeting(b.cfg, channel, now))
}
