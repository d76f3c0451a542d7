package meeting

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTimebox(t *testing.T) {
	for _, tc := range []struct {
		in   string
		text string
		min  int
	}{
		{"Budget (10m)", "Budget", 10}, {"Budget(10 min)", "Budget", 10}, {"Venue (1h)", "Venue", 60},
		{"Venue (90 minutes) ", "Venue", 90}, {"Budget", "Budget", 0}, {"(10m) Budget", "(10m) Budget", 0},
		{"x (0m)", "x (0m)", 0}, {"x (10 days)", "x (10 days)", 0},
	} {
		if text, n := Timebox(tc.in); text != tc.text || n != tc.min {
			t.Errorf("Timebox(%q) = %q, %d; want %q, %d", tc.in, text, n, tc.text, tc.min)
		}
	}
}

// TestAgendaInMeeting: the agenda stored at the start is listed, #agenda
// add/drop/move change it (drop and move for chairs), #next covers the
// current item and opens the next as the topic, and the end carries what
// was not reached; a replay of the same events gives the same agenda.
func TestAgendaInMeeting(t *testing.T) {
	start := script("alice #startmeeting Agenda test")[0]
	items := []AgendaItem{
		{Key: "k1", Text: "Budget", By: "bob", Minutes: 10, Status: AgendaOpen},
		{Key: "k2", Text: "Venue", By: "carol", Status: AgendaOpen},
	}
	aev, err := AgendaEvent(start.Time, "#test", items)
	if err != nil {
		t.Fatal(err)
	}
	evs := []Event{start, aev}
	for i, l := range []string{
		"bob #agenda add Travel (5m)",
		"bob #agenda drop 1",
		"alice #agenda move 3 1",
		"alice #agenda",
		"bob #next",
		"alice #next",
		"alice #info flights are cheap",
		"alice #next",
		"alice #endmeeting",
	} {
		ev := script(l)[0]
		ev.Time = start.Time.Add(time.Duration(i+1) * time.Minute)
		evs = append(evs, ev)
	}
	c, res := replay(Options{BotNick: "gavel"}, evs)
	if got := strings.Join(res[1].Replies, "|"); got != "Agenda (2):|1. Budget (10m) (bob)|2. Venue (carol)|#next opens the first agenda item." {
		t.Errorf("agenda at start: %q", got)
	}
	want := map[int]string{
		2: "Agenda item 3 added: Travel (5m)",
		3: "bob: only a chair can use #agenda drop.",
		4: "Agenda item 3 moved to 1: Travel",
		5: "Agenda (3):|1. Travel (5m) (bob)|2. Budget (10m) (bob)|3. Venue (carol)",
		6: "bob: only a chair can use #next.",
		7: "Agenda item 1 of 3: Travel (5m)",
		9: "Agenda item 2 of 3: Budget (10m)",
	}
	for i, w := range want {
		if got := strings.Join(res[i].Replies, "|"); got != w {
			t.Errorf("event %d (%s): replies %q, want %q", i, evs[i].Text, got, w)
		}
	}
	m := c.Ended()
	var st []string
	for _, a := range m.Agenda {
		st = append(st, a.Text+":"+a.Status)
	}
	if got := strings.Join(st, " "); got != "Travel:covered Budget:covered Venue:carried" {
		t.Errorf("agenda at the end: %s", got)
	}
	if m.Agenda[0].Meeting != m.ID || m.Agenda[2].Meeting != "" {
		t.Errorf("meetings of the items: %+v", m.Agenda)
	}
	var topics []string
	for _, it := range m.Items {
		if it.Kind == ItemTopic {
			topics = append(topics, it.Text)
		}
	}
	if !reflect.DeepEqual(topics, []string{"Travel (5m)", "Budget (10m)"}) {
		t.Errorf("topics %q", topics)
	}
	for _, l := range m.Log {
		if l.Kind == KindAgenda || strings.HasPrefix(l.Text, "[{") {
			t.Errorf("the agenda event is logged: %+v", l)
		}
	}
	again, _ := replay(Options{BotNick: "gavel"}, evs)
	if !reflect.DeepEqual(again.Ended().Agenda, m.Agenda) || len(again.Ended().Log) != len(m.Log) {
		t.Error("a replay gives another agenda or log")
	}
}

// TestAgendaBetweenMeetings: #agenda between meetings is returned for the
// caller, with the series; drop and move need a channel operator.
func TestAgendaBetweenMeetings(t *testing.T) {
	_, res := run(t, Options{Series: "weekly", OpsAreChairs: true},
		"alice #startmeeting", "alice #endmeeting",
		"bob #agenda add Budget (10m)", "bob #agenda drop 1", "@carol #agenda move 2 1", "bob #agenda bogus", "bob #agenda")
	if op := res[2].Agenda; op == nil || op.Op != "add" || op.Text != "Budget" || op.Minutes != 10 || op.By != "bob" || op.Series != "weekly" {
		t.Errorf("add: %+v", res[2].Agenda)
	}
	if res[3].Agenda != nil || !strings.Contains(strings.Join(res[3].Replies, ""), "only a chair") {
		t.Errorf("drop by a non-operator: %+v", res[3])
	}
	if op := res[4].Agenda; op == nil || op.Op != "move" || op.N != 2 || op.M != 1 {
		t.Errorf("move: %+v", res[4].Agenda)
	}
	if res[5].Agenda != nil || !strings.Contains(strings.Join(res[5].Replies, ""), "#agenda knows list") {
		t.Errorf("bogus: %+v", res[5])
	}
	if op := res[6].Agenda; op == nil || op.Op != "list" {
		t.Errorf("list: %+v", res[6].Agenda)
	}
	for _, r := range res[2:] {
		if r.Recorded {
			t.Errorf("recorded between meetings: %+v", r)
		}
	}
}

func TestAgendaApplyMove(t *testing.T) {
	var items []AgendaItem
	for _, s := range []string{"a", "b", "c", "d"} {
		items = append(items, AgendaItem{Text: s, Status: AgendaOpen})
	}
	items[1].Status = AgendaCovered // b is done: open items are a c d
	for _, tc := range []struct {
		n, m int
		want string
	}{{1, 3, "bcda"}, {3, 1, "dabc"}, {2, 2, "abcd"}, {1, 4, "abcd"}} {
		got, _ := AgendaOp{Op: "move", N: tc.n, M: tc.m}.Apply(items, "")
		var s string
		for _, it := range got {
			s += it.Text
		}
		if s != tc.want {
			t.Errorf("move %d %d: %s, want %s", tc.n, tc.m, s, tc.want)
		}
	}
}

// TestKindEnd: the bot's end of a forgotten meeting is logged as its line
// and ends the meeting at the event's time, without a chair.
func TestKindEnd(t *testing.T) {
	evs := script("alice #startmeeting idle", "bob #info last words")
	end := Event{Time: evs[1].Time.Add(2 * time.Hour), Nick: "gavel", Text: "No line for 2h0m0s: ending the meeting.", Kind: KindEnd}
	c, res := replay(Options{BotNick: "gavel"}, append(evs, end))
	m := c.Ended()
	if m == nil || !res[2].Ended || !m.Ended.Equal(end.Time) {
		t.Fatalf("not ended by KindEnd: %+v", res[2])
	}
	n := len(m.Log)
	if m.Log[n-2].Text != end.Text || m.Log[n-2].Kind != KindBot || !strings.HasPrefix(m.Log[n-1].Text, "Meeting ended") {
		t.Errorf("log tail %+v", m.Log[n-2:])
	}
}

// FuzzAgenda: any #agenda argument parses or is refused with a message,
// never panics, and applying it to an agenda keeps every item (a move
// neither loses nor duplicates one) and its time-box in range.
func FuzzAgenda(f *testing.F) {
	for _, s := range []string{"", "list", "add Budget (10m)", "drop 2", "move 3 1", "move 1 9", "add (1h)", "drop -1", "add x (99999m)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		op, err := ParseAgenda(arg)
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		if op.Minutes < 0 || op.Minutes > 24*60 {
			t.Errorf("%q: time-box %d", arg, op.Minutes)
		}
		items := []AgendaItem{{Key: "a", Text: "a", Status: AgendaOpen}, {Key: "b", Text: "b", Status: AgendaCovered}, {Key: "c", Text: "c", Status: AgendaOpen}}
		got, _ := op.Apply(items, "m")
		want := len(items)
		if op.Op == "add" {
			want++
		}
		if len(got) != want {
			t.Errorf("%q: %d items after, want %d", arg, len(got), want)
		}
	})
}
