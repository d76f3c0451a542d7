package meeting

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// notesEv is a KindNotes event said by nick at t0+sec.
func notesEv(sec int, nick, text string) Event {
	return Event{Time: t0.Add(time.Duration(sec) * time.Second), Channel: "#test", Nick: nick, Text: text, Kind: KindNotes}
}

// TestNotesAfterEnd: notes lines apply to the meeting that ended last, as
// a chair's commands, marked, without replies or line counts; they never
// start or end a meeting; replaying the same events gives the same meeting.
func TestNotesAfterEnd(t *testing.T) {
	evs := script("alice #startmeeting weekly", "bob hello", "alice #action bob to send the report", "alice #endmeeting",
		"carol chatter after the meeting")
	evs = append(evs,
		notesEv(100, "alice", "#topic From the notes"),
		notesEv(101, "alice", "#nick dave"),
		notesEv(102, "alice", "#action dave to book the room due 2026-08-01"),
		notesEv(103, "alice", "#agreed ship it"),
		notesEv(104, "alice", "#endmeeting"),
		notesEv(105, "alice", "#startmeeting again"),
		notesEv(106, "mallory", "#undo"), // anyone merging notes is trusted: removes "ship it"
	)
	for _, opt := range []Options{{}, {BotNick: "gavel"}} {
		c, res := replay(opt, evs)
		m := c.Ended()
		if m == nil || c.Meeting() != nil {
			t.Fatalf("%+v: ended %v, running %v", opt, m, c.Meeting())
		}
		if !m.Ended.Equal(t0.Add(3 * time.Second)) {
			t.Errorf("%+v: notes moved the end to %v", opt, m.Ended)
		}
		if res[4].Recorded {
			t.Errorf("%+v: an ordinary line after the end was recorded", opt)
		}
		for i, r := range res[5:] {
			if !r.Recorded || r.Meeting != m || r.Started || r.Ended || len(r.Replies) != 0 {
				t.Errorf("%+v: notes line %d: %+v", opt, i, r)
			}
		}
		want := []string{"action:bob to send the report", "topic:From the notes", "action:dave to book the room due 2026-08-01"}
		if got := kinds(m); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: items %q, want %q", opt, got, want)
		}
		for i, it := range m.Items {
			if it.FromNotes != (i > 0) {
				t.Errorf("%+v: item %d FromNotes=%v", opt, i, it.FromNotes)
			}
		}
		a := m.Items[2]
		if !reflect.DeepEqual(a.Owners, []string{"dave"}) || a.Due != "2026-08-01" || a.ActionID == "" {
			t.Errorf("%+v: notes action %+v", opt, a)
		}
		if m.Lines["alice"] != 3 || m.Lines["mallory"] != 0 {
			t.Errorf("%+v: notes lines counted as said: %v", opt, m.Lines)
		}
		if _, ok := m.Lines["dave"]; !ok {
			t.Errorf("%+v: #nick in notes did not list dave: %v", opt, m.Lines)
		}
		if got := m.Log[len(m.Log)-1]; got.Kind != KindNotes || got.Text != "#undo" {
			t.Errorf("%+v: last log line %+v", opt, got)
		}
		// Replay: the same events give the same meeting.
		c2, _ := replay(opt, evs)
		if !reflect.DeepEqual(c2.Ended(), m) {
			t.Errorf("%+v: replay differs", opt)
		}
	}
}

// TestNotesNeedAMeeting: notes lines with no meeting before are ignored,
// and once another meeting starts they no longer reach the old one.
func TestNotesNeedAMeeting(t *testing.T) {
	c := NewChannel("#test", Options{})
	if r := c.Handle(notesEv(0, "alice", "#info lost")); r.Recorded || r.Meeting != nil {
		t.Errorf("notes without a meeting: %+v", r)
	}
	if r := c.Handle(notesEv(1, "alice", "#startmeeting x")); r.Started || c.Meeting() != nil {
		t.Errorf("notes started a meeting: %+v", r)
	}
	for _, ev := range script("alice #startmeeting one", "alice #endmeeting", "bob #startmeeting two") {
		c.Handle(ev)
	}
	two := c.Meeting()
	r := c.Handle(notesEv(10, "bob", "#info during two"))
	if r.Meeting != two || len(two.Items) != 1 || !two.Items[0].FromNotes || !two.Ended.IsZero() || c.Ended() != nil {
		t.Errorf("notes during a running meeting: %+v", r)
	}
	if two.Owner != "bob" || !strings.Contains(two.Items[0].Text, "during two") {
		t.Errorf("notes went to the wrong meeting: %+v", two)
	}
}

// TestBotRepliesAfterEnd: in a raw log the old bot's replies to
// #endmeeting come after the end, at its time; the engine puts them in the
// meeting that ended (so every replay path, not only minutes.Replay, gives
// the same log), but nothing else after the end.
func TestBotRepliesAfterEnd(t *testing.T) {
	bot := func(sec int, text string) Event {
		return Event{Time: t0.Add(time.Duration(sec) * time.Second), Channel: "#test", Nick: "zodbot", Text: text, Kind: KindBot}
	}
	evs := script("alice #startmeeting weekly", "alice #info x", "alice #endmeeting")
	evs = append(evs,
		bot(2, "Meeting ended Wed Jul 22 13:00:07 2026 UTC."),
		bot(2, "Minutes: https://example.org/x.html"),
		bot(3, "a later bot line"),
		bot(2, "not right after the end any more"),
	)
	c, res := replay(Options{}, evs)
	m := c.Ended()
	if m == nil {
		t.Fatal("no ended meeting")
	}
	for i, r := range res[3:5] {
		if !r.Recorded || r.Meeting != m || r.Ended || r.Changed {
			t.Errorf("bot reply %d: %+v", i, r)
		}
	}
	for i, r := range res[5:] {
		if r.Recorded || r.Meeting != nil {
			t.Errorf("line %d after the replies was recorded: %+v", i, r)
		}
	}
	if n := len(m.Log); n != 5 || m.Log[4].Text != "Minutes: https://example.org/x.html" || m.Lines["zodbot"] != 2 {
		t.Errorf("log %+v, lines %v", m.Log, m.Lines)
	}
	if !m.Ended.Equal(t0.Add(2 * time.Second)) {
		t.Errorf("ended %v", m.Ended)
	}
	// A new meeting: the old one gets nothing more.
	c.Handle(Event{Time: t0.Add(time.Minute), Nick: "bob", Text: "#startmeeting next"})
	if r := c.Handle(bot(60, "hi")); r.Meeting == m || c.Ended() != nil {
		t.Errorf("a bot line of the next meeting went to the old one: %+v", r)
	}
}

// TestForgetEnded: once forgotten, the ended meeting gets no notes.
func TestForgetEnded(t *testing.T) {
	c, _ := replay(Options{}, script("alice #startmeeting x", "alice #endmeeting"))
	m := c.Ended()
	c.ForgetEnded()
	if c.Ended() != nil {
		t.Fatal("still held")
	}
	if r := c.Handle(notesEv(10, "alice", "#info late")); r.Recorded || len(m.Items) != 0 {
		t.Errorf("notes reached a forgotten meeting: %+v", r)
	}
}

// TestNotesApostropheNames: notes names keep their apostrophes (people.Token
// writes "Matthew_Weier_O'Phinney"): a KindNotes #nick lists them and an
// action from notes is theirs; on IRC, where no nick holds one, neither
// "#nick" nor an action takes such a word as a name.
func TestNotesApostropheNames(t *testing.T) {
	evs := script("alice #startmeeting weekly", "alice #nick O'Brien", "alice #action O'Brien to send the report", "alice #endmeeting")
	evs = append(evs,
		notesEv(100, "alice", "#nick Matthew_Weier_O'Phinney Dana_d’Oliveiro 'quoted"),
		notesEv(101, "alice", "#action Matthew_Weier_O'Phinney and Dana_d’Oliveiro to review the RFC"),
	)
	c, _ := replay(Options{}, evs)
	m := c.Ended()
	if m == nil {
		t.Fatal("no meeting")
	}
	if _, ok := m.Lines["O'Brien"]; ok {
		t.Error("an IRC #nick took O'Brien")
	}
	if got := m.Items[0].Owners; got != nil {
		t.Errorf("IRC action owners %q, want none", got)
	}
	for _, n := range []string{"Matthew_Weier_O'Phinney", "Dana_d’Oliveiro"} {
		if _, ok := m.Lines[n]; !ok {
			t.Errorf("notes #nick did not list %q: %v", n, m.Lines)
		}
	}
	if _, ok := m.Lines["'quoted"]; ok {
		t.Error("notes #nick took a word starting with an apostrophe")
	}
	if got, want := m.Items[1].Owners, []string{"Matthew_Weier_O'Phinney", "Dana_d’Oliveiro"}; !reflect.DeepEqual(got, want) {
		t.Errorf("notes action owners %q, want %q", got, want)
	}
}

func TestIsNotesName(t *testing.T) {
	for s, want := range map[string]bool{
		"O'Brien": true, "d’Oliveiro": true, "bob": true, "'bob": false, "bob'": false, "O''Brien": false, "a b": false, "": false,
	} {
		if got := isNotesName(s); got != want {
			t.Errorf("isNotesName(%q) = %v, want %v", s, got, want)
		}
	}
}
