package meeting

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// fuzzEvents turns fuzz input into events: one per line, "nick text"; a
// first byte '*' makes a /me action, '@' an operator, '>' a nick change
// ("> old new"), '!' a bot line, '=' a notes line.
func fuzzEvents(data string) []Event {
	var evs []Event
	for i, l := range strings.Split(data, "\n") {
		ev := Event{Time: t0.Add(time.Duration(i) * time.Second)}
		if l != "" {
			switch l[0] {
			case '*':
				ev.Kind, l = KindAction, l[1:]
			case '@':
				ev.Op, l = true, l[1:]
			case '>':
				ev.Kind, l = KindNick, l[1:]
			case '!':
				ev.Kind, l = KindBot, l[1:]
			case '=':
				ev.Kind, l = KindNotes, l[1:]
			}
		}
		ev.Nick, ev.Text, _ = strings.Cut(strings.TrimLeft(l, " "), " ")
		evs = append(evs, ev)
	}
	return evs
}

func FuzzHandle(f *testing.F) {
	seeds := []string{
		"alice #startmeeting T\nbob hi\nalice #chair bob\nbob #action alice to x by Friday\nalice #endmeeting",
		"alice #startmeeting\n@bob #topic t\nalice #startvote Q? a, b\nbob #vote A\n#showvote\nalice #endvote\nalice #undo",
		"alice #startmeeting\n> alice al\nal #action al to do the final review due: soon\n*al waves\n!gavel hi\nal #endmeeting",
		"x #startmeeting\nx #meetingname ../..\nx #nick a,b c\nx #unchair x\nx #lurk\nx #commands\nx #unlurk\nx #save\nx #restrictlogs",
		"\xff #startmeeting \x00\r\nq\n#info\n #ACTION\x00",
		"a #startmeeting\na #action b to x\na #endmeeting\n!bot Meeting ended\n=a #action c to y due 2020-01-01\n=a #undo\n=a #endmeeting\n=z #nick q\na #startmeeting\n=a #info n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		evs := fuzzEvents(data)
		for _, opt := range []Options{{}, {BotNick: "gavel", OpsAreChairs: true}} {
			c, r1 := replay(opt, evs)
			_, r2 := replay(opt, evs)
			if !reflect.DeepEqual(r1, r2) {
				t.Fatalf("replay is not deterministic")
			}
			for _, r := range r1 {
				if r.Meeting != nil {
					checkInvariants(t, r.Meeting)
				}
			}
			if m := c.Meeting(); m != nil {
				checkInvariants(t, m)
			}
			if m := c.Ended(); m != nil {
				checkInvariants(t, m)
				if m.Ended.IsZero() {
					t.Fatalf("the ended meeting has no end")
				}
			}
		}
	})
}

func checkInvariants(t *testing.T, m *Meeting) {
	t.Helper()
	if !m.Chairs[m.Owner] {
		t.Fatalf("owner %q is not a chair: %v", m.Owner, m.Chairs)
	}
	if m.ID == "" || m.Series == "" || m.Location == nil {
		t.Fatalf("meeting without id/series/location: %+v", m)
	}
	if SanitizeName(m.Series) != m.Series {
		t.Fatalf("series %q is not a safe name", m.Series)
	}
	for _, l := range m.Log {
		if strings.ContainsAny(l.Text, "\r\n\x00") || strings.ContainsAny(l.Nick, "\r\n\x00 ") {
			t.Fatalf("log line with control bytes: %q %q", l.Nick, l.Text)
		}
	}
	for _, it := range m.Items {
		if it.Line < 0 || it.Line >= len(m.Log) {
			t.Fatalf("item %+v points outside the log (%d lines)", it, len(m.Log))
		}
		if it.Kind == ItemAction && len(it.ActionID) != 6 {
			t.Fatalf("action without id: %+v", it)
		}
		if it.Due != "" {
			if _, err := time.Parse("2006-01-02", it.Due); err != nil || it.DueUnread {
				t.Fatalf("bad due %q (unread %v)", it.Due, it.DueUnread)
			}
			if it.Due < m.Started.In(m.Location).Format("2006-01-02") {
				t.Fatalf("due %q before the meeting's day %v", it.Due, m.Started)
			}
		}
		if it.FromNotes != (m.Log[it.Line].Kind == KindNotes) {
			t.Fatalf("item %+v from notes %v, its line %+v", it, it.FromNotes, m.Log[it.Line])
		}
	}
	for n, l := range m.Lines {
		if l < 0 {
			t.Fatalf("negative lines for %q", n)
		}
	}
	att := m.Attendees()
	for i := 1; i < len(att); i++ {
		if att[i-1].Lines < att[i].Lines {
			t.Fatalf("attendees out of order: %v", att)
		}
	}
	by, un := m.ActionsByPerson()
	n := len(un)
	for _, p := range by {
		n += len(p.Items)
	}
	if n < len(m.Actions()) {
		t.Fatalf("actions by person lose items: %d < %d", n, len(m.Actions()))
	}
	for _, v := range m.Votes {
		seen := map[string]bool{}
		for _, b := range v.Ballots {
			if seen[b.Nick] {
				t.Fatalf("two ballots for %q", b.Nick)
			}
			seen[b.Nick] = true
		}
	}
}
