package remind

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/schedule"
	"github.com/gavel-irc/gavel/store"
	"github.com/robfig/cron/v3"
)

// maxAnnouncedItems is how many open items an announcement lists.
const maxAnnouncedItems = 5

// Announcement is a channel message due now: a meeting announcement or a
// digest.
type Announcement struct {
	Channel string
	// Occurrence is the meeting's start (or the digest's time).
	Occurrence time.Time
	// Keys are the marks the message sets (one per Before it covers).
	Keys []string
	// Lines is the message.
	Lines []string
}

// befores returns a schedule's announcement offsets (0 when none is set:
// announce at the start).
func befores(s config.Schedule) []time.Duration {
	if len(s.Before) == 0 {
		return []time.Duration{0}
	}
	out := make([]time.Duration, len(s.Before))
	for i, b := range s.Before {
		out[i] = b.Duration
	}
	return out
}

// announceKey names the mark of one announcement.
func announceKey(channel string, occ time.Time, before time.Duration) string {
	return "announce/" + strings.ToLower(channel) + "/" + occ.UTC().Format("20060102T1504Z") + "/" + before.String()
}

// DueAnnouncements returns the meeting announcements and digests due at
// now and not yet marked. An announcement is due from occurrence − Before
// until Grace later; older ones are stale and never sent.
func (r *Reminder) DueAnnouncements(now time.Time) ([]Announcement, error) {
	var out []Announcement
	err := r.st.View(func(tx *store.Tx) error {
		for _, s := range r.cfg.Schedule {
			if s.Spec == nil {
				continue
			}
			// occurrence -> the smallest due Before and every due key
			type due struct {
				before time.Duration
				keys   []string
			}
			occs := map[time.Time]*due{}
			for _, b := range befores(s) {
				occ := s.Spec.Next(now.Add(b - r.grace))
				if occ.IsZero() || occ.After(now.Add(b)) {
					continue
				}
				key := announceKey(s.Channel, occ, b)
				if _, marked, err := tx.MarkedAt(key); err != nil {
					return err
				} else if marked {
					continue
				}
				d := occs[occ]
				if d == nil {
					d = &due{before: b}
					occs[occ] = d
				}
				if b < d.before {
					d.before = b
				}
				d.keys = append(d.keys, key)
			}
			for occ, d := range occs {
				lines, err := r.announcementLines(tx, s, occ, occ.Sub(now))
				if err != nil {
					return err
				}
				out = append(out, Announcement{Channel: s.Channel, Occurrence: occ, Keys: d.keys, Lines: lines})
			}
		}
		if r.cfg.Remind.Digest != "" {
			ds, err := r.dueDigests(tx, now)
			if err != nil {
				return err
			}
			out = append(out, ds...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remind: announcements at %s: %w", now.Format(time.RFC3339), err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Occurrence.Equal(out[j].Occurrence) {
			return out[i].Occurrence.Before(out[j].Occurrence)
		}
		return out[i].Channel < out[j].Channel
	})
	return out, nil
}

// meetingTime formats occ in UTC and, when different, in the channel's zone:
// "Fri 2026-08-14 13:00 UTC (18:30 IST)".
func (r *Reminder) meetingTime(channel string, occ time.Time) string {
	return schedule.When(occ, r.cfg.ChannelConfig(channel).Location)
}

// announcementLines renders a meeting announcement. Schedule.Message may use
// {channel}, {series}, {time}, {in} and {agenda}; the agenda link and the
// series' open action items are added when the message does not place them.
func (r *Reminder) announcementLines(tx *store.Tx, s config.Schedule, occ time.Time, in time.Duration) ([]string, error) {
	msg := s.Message
	if msg == "" {
		name := s.Series
		if name == "" {
			name = "next"
		}
		msg = "Reminder: the " + name + " meeting starts in {in} ({time}) in {channel}."
	}
	when := "now"
	if in >= time.Minute {
		when = humanDuration(in.Round(time.Minute))
	}
	repl := strings.NewReplacer("{channel}", s.Channel, "{series}", s.Series, "{time}", r.meetingTime(s.Channel, occ),
		"{in}", when, "{agenda}", s.Agenda)
	line := repl.Replace(msg)
	if s.Agenda != "" && !strings.Contains(msg, "{agenda}") {
		line += " Agenda: " + s.Agenda
	}
	lines := []string{line}
	if s.Series != "" {
		acts, err := tx.Actions(store.ActionFilter{Series: s.Series, Status: store.StatusOpen})
		if err != nil {
			return nil, err
		}
		lines = append(lines, openItemsLine(acts, maxAnnouncedItems))
	}
	if series := r.cfg.ScheduleSeries(s); series != "" {
		items, err := tx.Agenda(meeting.SanitizeName(series))
		if err != nil {
			return nil, err
		}
		if l := agendaLine(meeting.OpenAgenda(items), maxAnnouncedItems); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// agendaLine summarises the agenda the meeting will go through (carried
// items first, as stored): "Agenda (3): 1. Budget (10m); 2. Venue; ...
// and 1 more"; "" when it is empty.
func agendaLine(items []meeting.AgendaItem, top int) string {
	if len(items) == 0 {
		return ""
	}
	parts := make([]string, 0, top)
	for i, a := range items {
		if i == top {
			break
		}
		p := fmt.Sprintf("%d. %s", i+1, clip(a.Text, 80))
		if a.Minutes > 0 {
			p += fmt.Sprintf(" (%dm)", a.Minutes)
		}
		parts = append(parts, p)
	}
	l := fmt.Sprintf("Agenda (%d): %s", len(items), strings.Join(parts, "; "))
	if len(items) > top {
		l += fmt.Sprintf("; and %d more", len(items)-top)
	}
	return l
}

// openItemsLine summarises open items: "Open action items (7): [a1] Book
// hotels (PJP, due 2026-08-10); ... and 2 more".
func openItemsLine(acts []store.ActionRecord, top int) string {
	if len(acts) == 0 {
		return "No open action items."
	}
	sort.SliceStable(acts, func(i, j int) bool {
		di, dj := acts[i].Due, acts[j].Due
		if (di == "") != (dj == "") {
			return di != ""
		}
		return di < dj
	})
	parts := make([]string, 0, top)
	for i, a := range acts {
		if i == top {
			break
		}
		p := "[" + a.ID + "] " + clip(a.Text, 80) + " (" + ownersOf(a)
		if a.Due != "" {
			p += ", due " + a.Due
		}
		parts = append(parts, p+")")
	}
	s := fmt.Sprintf("Open action items (%d): %s", len(acts), strings.Join(parts, "; "))
	if len(acts) > top {
		s += fmt.Sprintf("; and %d more", len(acts)-top)
	}
	return s
}

// digestChannels returns channel -> series for the weekly digest: every
// [[schedule]] and [[channel]] with a series.
func (r *Reminder) digestChannels() map[string]string {
	out := map[string]string{}
	for _, s := range r.cfg.Schedule {
		if s.Series != "" {
			out[strings.ToLower(s.Channel)] = s.Series
		}
	}
	for _, c := range r.cfg.Channels {
		if c.Series != "" {
			out[strings.ToLower(c.Name)] = c.Series
		}
	}
	return out
}

// dueDigests returns the weekly digests due at now.
func (r *Reminder) dueDigests(tx *store.Tx, now time.Time) ([]Announcement, error) {
	spec, err := parseSpec(r.cfg.Remind.Digest)
	if err != nil {
		return nil, err
	}
	occ := spec.Next(now.Add(-r.grace))
	if occ.IsZero() || occ.After(now) {
		return nil, nil
	}
	var out []Announcement
	for ch, series := range r.digestChannels() {
		key := "digest/" + ch + "/" + occ.UTC().Format("20060102T1504Z")
		if _, marked, err := tx.MarkedAt(key); err != nil {
			return nil, err
		} else if marked {
			continue
		}
		acts, err := tx.Actions(store.ActionFilter{Series: series, Status: store.StatusOpen})
		if err != nil {
			return nil, err
		}
		overdue := 0
		today := DateOf(now, r.cfg.ChannelConfig(ch).Location).String()
		for _, a := range acts {
			if a.Due != "" && a.Due < today {
				overdue++
			}
		}
		lines := []string{fmt.Sprintf("Weekly digest for %s: %d open action items, %d overdue.", series, len(acts), overdue)}
		if len(acts) > 0 {
			lines = append(lines, openItemsLine(acts, maxListed))
		}
		out = append(out, Announcement{Channel: ch, Occurrence: occ, Keys: []string{key}, Lines: lines})
	}
	return out, nil
}

// parseSpec parses a cron spec the way the config package does.
func parseSpec(spec string) (cron.Schedule, error) {
	p := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	s, err := p.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("remind: cron spec %q: %w", spec, err)
	}
	return s, nil
}

// chanKey is the outbox of a channel.
func chanKey(channel string) string { return "chan:" + strings.ToLower(channel) }

// Announce commits the announcements and digests due now and says them in
// their channels. Like Sweep it is idempotent. It returns how many lines it
// said.
func (r *Reminder) Announce(ctx context.Context) (int, error) {
	now := r.clock.Now()
	r.mu.Lock()
	anns, err := r.DueAnnouncements(now)
	if err == nil {
		for _, a := range anns {
			if err = r.commitAnnouncement(a, now); err != nil {
				break
			}
		}
	}
	r.mu.Unlock()
	if err != nil {
		return 0, err
	}
	total := 0
	channels := map[string]bool{}
	for _, a := range anns {
		if channels[a.Channel] {
			continue
		}
		channels[a.Channel] = true
		n, err := r.flushChannel(ctx, a.Channel)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// commitAnnouncement marks a's keys and queues it in the channel's outbox.
func (r *Reminder) commitAnnouncement(a Announcement, now time.Time) error {
	err := r.st.Update(func(tx *store.Tx) error {
		fresh := false
		for _, k := range a.Keys {
			already, err := tx.Mark(k, now)
			if err != nil {
				return err
			}
			fresh = fresh || !already
		}
		if !fresh {
			return nil
		}
		_, err := tx.Hold(chanKey(a.Channel), store.HeldMessage{At: now, Text: strings.Join(a.Lines, "\n"), Key: strings.Join(a.Keys, " ")})
		return err
	})
	if err != nil {
		return fmt.Errorf("remind: commit announcement for %s: %w", a.Channel, err)
	}
	return nil
}

// flushChannel says the channel's queued messages that are still fresh
// (held less than Grace ago) and drops stale ones.
func (r *Reminder) flushChannel(ctx context.Context, channel string) (int, error) {
	if r.msgr == nil {
		return 0, nil
	}
	now := r.clock.Now()
	r.mu.Lock()
	msgs, err := r.take(chanKey(channel))
	r.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n := 0
	for i, m := range msgs {
		if now.Sub(m.At) > r.grace {
			r.log.Info("remind: dropping stale channel message", "channel", channel, "held", m.At)
			continue
		}
		lines := strings.Split(m.Text, "\n")
		for j, l := range lines {
			if err := r.msgr.Say(ctx, channel, l); err != nil {
				// Not said: put the rest back, to retry while fresh.
				m.Text = strings.Join(lines[j:], "\n")
				for _, back := range append([]store.HeldMessage{m}, msgs[i+1:]...) {
					if _, herr := r.st.Hold(chanKey(channel), back); herr != nil {
						r.log.Error("remind: requeue failed; message lost", "channel", channel, "err", herr)
					}
				}
				return n, fmt.Errorf("remind: say in %s: %w", channel, err)
			}
			n++
		}
	}
	return n, nil
}

// announceSchedule is the cron schedule that fires at every announcement
// instant of a [[schedule]]: each occurrence minus each Before.
type announceSchedule struct {
	spec    cron.Schedule
	befores []time.Duration
}

// Next implements cron.Schedule.
func (a announceSchedule) Next(t time.Time) time.Time {
	var best time.Time
	for _, b := range a.befores {
		n := a.spec.Next(t.Add(b))
		if n.IsZero() {
			continue
		}
		if n = n.Add(-b); best.IsZero() || n.Before(best) {
			best = n
		}
	}
	return best
}
