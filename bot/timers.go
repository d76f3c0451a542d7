package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/meeting"
)

// The meeting timers: time-boxes, the scheduled end and idle meetings.
// None is an in-memory timer: every check computes what is due from the
// running meetings (rebuilt from the store at start) and the clock, and a
// notice said once is marked in the store, so a restart neither loses nor
// repeats one.

// scheduleGrace is how early before a scheduled occurrence a meeting may
// start and still be that occurrence's.
const scheduleGrace = 30 * time.Minute

// nextGap is how soon after a meeting's scheduled end another meeting in
// the channel must start for the end to be announced.
const nextGap = 15 * time.Minute

// timerLoop asks the worker to check the timers every b.opt.TimerEvery.
func (b *Bot) timerLoop(ctx context.Context) {
	t := time.NewTicker(b.opt.TimerEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.in.push(input{kind: inDo, do: func() { b.checkTimers(ctx) }})
		}
	}
}

// checkTimers runs on the worker: for each running meeting it ends it when
// idle, or says the time-box and schedule notices that are due.
func (b *Bot) checkTimers(ctx context.Context) {
	now := b.opt.Now().UTC()
	for _, ch := range b.chans {
		m := ch.eng.Meeting()
		if m == nil {
			continue
		}
		if at, ok := idleEnd(m, b.cfg.Meeting.IdleEnd.Duration, now); ok {
			b.handleEvent(ctx, meeting.Event{Time: at, Channel: ch.name, Nick: b.cfg.IRC.Nick, Kind: meeting.KindEnd,
				Text: "Nobody said a line in this meeting for " + humanDur(b.cfg.Meeting.IdleEnd.Duration) + ": ending it."}, time.Now())
			continue
		}
		for _, n := range dueNotices(m, b.cfg, now) {
			already, err := b.st.Mark(n.key, now)
			if err != nil {
				b.log.Error("could not mark a meeting notice", "key", n.key, "err", err)
				continue
			}
			if !already {
				b.say(ch.name, n.text)
			}
		}
	}
}

// idleEnd reports whether meeting m, whose last line said (not the bot's)
// is older than idle at now, is to be ended, and at which time: the last
// line plus idle (also when the bot was down then).
func idleEnd(m *meeting.Meeting, idle time.Duration, now time.Time) (time.Time, bool) {
	if idle <= 0 {
		return time.Time{}, false
	}
	last := m.Started
	for i := len(m.Log) - 1; i >= 0; i-- {
		if m.Log[i].Kind != meeting.KindBot {
			last = m.Log[i].Time
			break
		}
	}
	at := last.Add(idle)
	return at, !now.Before(at)
}

// notice is a timer notice and the store mark that says it was said.
type notice struct{ key, text string }

// dueNotices returns the notices due at now for meeting m: its current
// topic's time-box is up; 5 minutes before its scheduled end; at the end,
// when another meeting is scheduled next in the channel.
func dueNotices(m *meeting.Meeting, cfg *config.Config, now time.Time) []notice {
	var out []notice
	for i := len(m.Items) - 1; i >= 0; i-- {
		it := m.Items[i]
		if it.Kind != meeting.ItemTopic {
			continue
		}
		if _, min := meeting.Timebox(it.Text); min > 0 && !now.Before(it.At.Add(time.Duration(min)*time.Minute)) {
			out = append(out, notice{key: "timebox/" + m.ID + "/" + strconv.Itoa(it.Line),
				text: fmt.Sprintf("%d minutes on this topic: #next?", min)})
		}
		break
	}
	for _, s := range cfg.Schedule {
		if s.Spec == nil || !strings.EqualFold(s.Channel, m.Channel) {
			continue
		}
		occs := s.Spec.Between(m.Started.Add(-s.Duration.Duration), m.Started.Add(scheduleGrace+time.Second))
		if len(occs) == 0 {
			continue
		}
		occ := occs[len(occs)-1]
		end := occ.Add(s.Duration.Duration)
		base := "schedule/" + m.ID + "/" + occ.UTC().Format("20060102T1504")
		if !now.Before(end.Add(-5*time.Minute)) && now.Before(end) {
			out = append(out, notice{key: base + "/5m",
				text: "5 minutes left: this meeting is scheduled to end at " + end.UTC().Format("15:04") + " UTC."})
		}
		if !now.Before(end) {
			if next, title := nextInChannel(cfg, m.Channel, end); !next.IsZero() {
				out = append(out, notice{key: base + "/end",
					text: "Time is up: " + title + " starts in this channel at " + next.UTC().Format("15:04") + " UTC. #endmeeting?"})
			}
		}
		break
	}
	return out
}

// nextInChannel returns the first meeting scheduled in channel from end
// to end+nextGap, and its name; zero when none.
func nextInChannel(cfg *config.Config, channel string, end time.Time) (time.Time, string) {
	var best time.Time
	var name string
	for _, s := range cfg.Schedule {
		if s.Spec == nil || !strings.EqualFold(s.Channel, channel) {
			continue
		}
		n := s.Spec.Next(end.Add(-time.Second))
		if n.IsZero() || n.After(end.Add(nextGap)) {
			continue
		}
		if best.IsZero() || n.Before(best) {
			best, name = n, "the "+s.Name()+" meeting"
		}
	}
	return best, name
}

// humanDur writes a duration as "2h", "90m", "2h30m".
func humanDur(d time.Duration) string {
	s := strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
