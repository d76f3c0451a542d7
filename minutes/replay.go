package minutes

import (
	"context"
	"slices"

	"github.com/gavel-irc/gavel/internal/hugeheap"
	"github.com/gavel-irc/gavel/meeting"
)

// Replayed is one meeting found in a log, with the events that made it
// (from its #startmeeting to its #endmeeting, and the lines after the end
// the engine still puts in it: the old bot's replies to #endmeeting, notes
// lines), as the store keeps them.
type Replayed struct {
	Meeting *meeting.Meeting
	Events  []meeting.Event
	// Streamed lists the log formats ReplayStreaming wrote in full for
	// this meeting (nil from Replay and ReplayContext).
	Streamed []string
}

// Replay feeds evs, in order, to a fresh engine for channel and returns
// every meeting they hold: the ended ones, then the one still running at
// the end of the log, if any. It is what gavel replay and gavel import do
// with a raw log; Options.BotNick should be empty, as raw logs already hold
// the old bot's lines.
func Replay(evs []meeting.Event, channel string, opt meeting.Options) []Replayed {
	out, _ := ReplayContext(context.Background(), evs, channel, opt)
	return out
}

// ReplayContext is Replay that stops with ctx's error when ctx is done
// (Ctrl-C on a long log), looking at it every 4096 events.
func ReplayContext(ctx context.Context, evs []meeting.Event, channel string, opt meeting.Options) ([]Replayed, error) {
	return replay(ctx, &whole{evs: evs}, channel, opt, nil, 0, false)
}

// Source hands a log's events to the engine while they are still being
// read (logfile.Stream): Next returns the events read so far, at each call
// a longer prefix of one array (the engine keeps sub-slices of it), and
// false once there are no more; Lines is at least the number of events,
// for sizing.
type Source interface {
	Next() ([]meeting.Event, bool)
	Lines() int
}

// whole is a Source holding all its events from the start.
type whole struct {
	evs   []meeting.Event
	given bool
}

func (w *whole) Next() ([]meeting.Event, bool) {
	if w.given {
		return nil, false
	}
	w.given = true
	return w.evs, true
}

func (w *whole) Lines() int { return len(w.evs) }

// logWatch is told, on the engine's goroutine, how the log of the meeting
// taking the lines has grown: log is m.Log as it is (its lines are never
// changed once there), rest the events still to come; final says no line
// will be added to m any more.
type logWatch func(m *meeting.Meeting, log []meeting.LogLine, rest int, final bool)

// replay is ReplayContext taking the events from src, telling watch (when
// not nil) how each meeting's log grows: every `every` events and once it
// is final. With hugeLog the first meeting's log is backed by huge pages
// (internal/hugeheap, for gavel replay, a short process): sized for the
// rest of the log, it is filled when it is the log's one long meeting, and
// when it is not, the one 2 MiB block it makes resident is paid once, not
// for every meeting.
func replay(ctx context.Context, src Source, channel string, opt meeting.Options, watch logWatch, every int, hugeLog bool) ([]Replayed, error) {
	ch := meeting.NewChannel(channel, opt)
	var evs []meeting.Event
	// rest is how many events are still to come after evs[i], at most.
	rest := func(i int) int { return max(src.Lines(), len(evs)) - i }
	// watched is the meeting lines go to, for watch: the one running, or
	// the one that ended last (lines after its end may still be added to
	// it) until another starts.
	var watched *meeting.Meeting
	var out []Replayed
	// The meeting's events are evs[start:i+1] as long as every event in
	// between was recorded (no copy); cur holds them otherwise.
	start := -1
	var cur []meeting.Event
	contiguous := true
	events := func(end int) []meeting.Event {
		if contiguous {
			return evs[start:end:end]
		}
		return cur
	}
	ended := -1 // index in out of the meeting that ended last
	for i := 0; ; i++ {
		for i >= len(evs) {
			more, ok := src.Next()
			if !ok {
				break
			}
			evs = more
		}
		if i >= len(evs) {
			break
		}
		ev := evs[i]
		if i&4095 == 4095 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		res := ch.Handle(ev)
		if watch != nil {
			if res.Started && res.Meeting != nil && res.Meeting != watched {
				if watched != nil {
					watch(watched, watched.Log, rest(i), true)
				}
				watched = res.Meeting
			}
			if watched != nil && i%every == every-1 {
				watch(watched, watched.Log, rest(i)-1, false)
			}
		}
		if ended >= 0 && start < 0 && res.Recorded && res.Meeting == out[ended].Meeting {
			// Recorded after the end (the bot's replies to
			// #endmeeting, merged notes): the engine put it in the
			// meeting that ended, and so do its events.
			out[ended].Events = append(out[ended].Events, ev)
			continue
		}
		if res.Started && start < 0 {
			start, cur, contiguous = i, nil, true
			if m := res.Meeting; m != nil {
				// The rest of the log is at most this meeting's: size its
				// log once instead of growing it line by line.
				if hugeLog {
					m.Log = append(hugeheap.Make[meeting.LogLine](len(m.Log)+rest(i)), m.Log...)
					hugeLog = false
				} else {
					m.Log = slices.Grow(m.Log, rest(i))
				}
			}
		}
		if start >= 0 {
			if res.Started || res.Recorded {
				if !contiguous {
					cur = append(cur, ev)
				}
			} else if contiguous {
				contiguous = false
				cur = append([]meeting.Event(nil), evs[start:i]...)
			}
		}
		if res.Ended && res.Meeting != nil && start >= 0 {
			if m := res.Meeting; cap(m.Log) > len(m.Log)+len(m.Log)/4+64 {
				// A short meeting in a long log: give back the room.
				m.Log = slices.Clone(m.Log)
			}
			out = append(out, Replayed{Meeting: res.Meeting, Events: events(i + 1)})
			ended = len(out) - 1
			start = -1
		}
	}
	if watched != nil {
		watch(watched, watched.Log, 0, true)
	}
	if m := ch.Meeting(); m != nil && start >= 0 {
		out = append(out, Replayed{Meeting: m, Events: events(len(evs))})
	}
	return out, nil
}
