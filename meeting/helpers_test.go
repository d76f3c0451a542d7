package meeting

import (
	"strings"
	"testing"
	"time"
)

// t0 is the reference time of the scripted meetings: a Wednesday.
var t0 = time.Date(2026, 7, 22, 13, 0, 5, 0, time.UTC)

// script turns lines of a tiny script into events, one second apart:
//
//	"nick text"       a message
//	"@nick text"      a message from a channel operator
//	"* nick text"     a /me action
//	"nick -> new"     a nick change
func script(lines ...string) []Event {
	var evs []Event
	for i, l := range lines {
		ev := Event{Time: t0.Add(time.Duration(i) * time.Second), Channel: "#test"}
		if rest, ok := strings.CutPrefix(l, "* "); ok {
			ev.Kind = KindAction
			l = rest
		}
		if rest, ok := strings.CutPrefix(l, "@"); ok {
			ev.Op = true
			l = rest
		}
		ev.Nick, ev.Text, _ = strings.Cut(l, " ")
		if nu, ok := strings.CutPrefix(ev.Text, "-> "); ok {
			ev.Kind, ev.Text = KindNick, nu
		}
		evs = append(evs, ev)
	}
	return evs
}

// replay feeds events to a new channel engine and returns the results.
func replay(opt Options, evs []Event) (*Channel, []Result) {
	c := NewChannel("#test", opt)
	out := make([]Result, 0, len(evs))
	for _, ev := range evs {
		out = append(out, c.Handle(ev))
	}
	return c, out
}

// run replays a script and returns the meeting the last event belonged to
// and all results.
func run(t *testing.T, opt Options, lines ...string) (*Meeting, []Result) {
	t.Helper()
	_, res := replay(opt, script(lines...))
	var m *Meeting
	for _, r := range res {
		if r.Meeting != nil {
			m = r.Meeting
		}
	}
	if m == nil {
		t.Fatalf("no meeting from script %q", lines)
	}
	return m, res
}

// kinds lists "kind:text" for each item.
func kinds(m *Meeting) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, string(it.Kind)+":"+it.Text)
	}
	return out
}

// allReplies joins every reply of every result.
func allReplies(res []Result) string {
	var b strings.Builder
	for _, r := range res {
		for _, x := range r.Replies {
			b.WriteString(x)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
