package minutes

import "github.com/gavel-irc/gavel/meeting"

// Replayed is one meeting found in a log, with the events that made it
// (from its #startmeeting to its #endmeeting, as the store keeps them).
type Replayed struct {
	Meeting *meeting.Meeting
	Events  []meeting.Event
}

// Replay feeds evs, in order, to a fresh engine for channel and returns
// every meeting they hold: the ended ones, then the one still running at
// the end of the log, if any. It is what gavel replay and gavel import do
// with a raw log; Options.BotNick should be empty, as raw logs already hold
// the old bot's lines.
func Replay(evs []meeting.Event, channel string, opt meeting.Options) []Replayed {
	ch := meeting.NewChannel(channel, opt)
	var out []Replayed
	var cur []meeting.Event
	for _, ev := range evs {
		res := ch.Handle(ev)
		if res.Started || res.Recorded {
			cur = append(cur, ev)
		}
		if res.Ended && res.Meeting != nil {
			out = append(out, Replayed{Meeting: res.Meeting, Events: cur})
			cur = nil
		}
	}
	if m := ch.Meeting(); m != nil {
		out = append(out, Replayed{Meeting: m, Events: cur})
	}
	return out
}
