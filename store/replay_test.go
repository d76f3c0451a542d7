package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestReplay stores a meeting the real engine ran with a series option, a
// time zone and ops as chairs, and replays it: the same meeting comes
// back (id, series, zone, items, chairs), a running one replays as
// running, and bad ids and eventless records are errors naming the id.
func TestReplay(t *testing.T) {
	s, _ := openTemp(t)
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	opt := meeting.Options{Location: kolkata, Series: "fudcon", OpsAreChairs: true, BotNick: "gavel", Source: "irc"}
	eng := meeting.NewChannel("#fudcon-planning", opt)
	start := time.Date(2026, 7, 26, 13, 0, 0, 0, time.UTC)
	lines := []meeting.Event{
		{Nick: "jsmith", Text: "#startmeeting Planning"},
		{Nick: "op", Text: "#topic Venue", Op: true},
		{Nick: "alice", Text: "#action alice to call the campus"},
		{Nick: "jsmith", Text: "#info Brno it is"},
	}
	var live *meeting.Meeting
	var id string
	for i, ev := range lines {
		ev.Time, ev.Channel = start.Add(time.Duration(i)*time.Minute), "#fudcon-planning"
		r := eng.Handle(ev)
		if i == 0 {
			live = r.Meeting
			id = live.ID
			err := s.StartMeeting(MeetingRecord{ID: id, Channel: "#fudcon-planning", Series: live.Series, Title: live.Title,
				Source: "irc", TimeZone: "Asia/Kolkata", Started: live.Started, OpsAreChairs: true, BotNick: "gavel",
				SeriesOption: "fudcon"})
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Append(id, ev); err != nil {
			t.Fatal(err)
		}
	}
	check := func(m *meeting.Meeting, ended bool) {
		t.Helper()
		if m.ID != id || m.Series != "fudcon" || m.Location.String() != "Asia/Kolkata" || m.Ended.IsZero() == ended {
			t.Errorf("replayed %s series %s zone %v ended %v; want %s fudcon Asia/Kolkata ended=%v", m.ID, m.Series, m.Location, m.Ended, id, ended)
		}
		var kinds []string
		for _, it := range m.Items {
			kinds = append(kinds, string(it.Kind)+":"+it.Text)
		}
		want := "topic:Venue action:alice to call the campus info:Brno it is"
		if got := strings.Join(kinds, " "); !strings.HasPrefix(got, want) {
			t.Errorf("replayed items %q, want them to start with %q (the op's #topic counts only with ops as chairs)", got, want)
		}
	}
	m, err := s.Replay(id)
	if err != nil {
		t.Fatal(err)
	}
	check(m, false)

	end := meeting.Event{Time: start.Add(10 * time.Minute), Channel: "#fudcon-planning", Nick: "jsmith", Text: "#endmeeting"}
	if _, err := s.Append(id, end); err != nil {
		t.Fatal(err)
	}
	// A record stored under another id (as imports may be) and a renamed
	// series: the replay takes the record's.
	other := "fudcon.2026-07-26T130000Z-imported"
	if err := s.StartMeeting(MeetingRecord{ID: other, Channel: "#fudcon-planning", Series: "fudcon-renamed", Source: "import",
		TimeZone: "Asia/Kolkata", Started: start, OpsAreChairs: true, SeriesOption: "fudcon"}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := appendMany(s, other, evs); err != nil {
		t.Fatal(err)
	}
	if m, err = s.Replay(id); err != nil {
		t.Fatal(err)
	}
	check(m, true)
	if m, err = s.Replay(other); err != nil {
		t.Fatal(err)
	}
	if m.ID != other || m.Series != "fudcon-renamed" {
		t.Errorf("replay of %s: id %s series %s", other, m.ID, m.Series)
	}

	if _, err := s.Replay("nosuch"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("replay of an unknown id: %v", err)
	}
	if err := s.StartMeeting(MeetingRecord{ID: "empty.2026-07-26T130000Z", Channel: "#x", Series: "empty", Started: start}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replay("empty.2026-07-26T130000Z"); err == nil || !strings.Contains(err.Error(), "empty.2026-07-26T130000Z") {
		t.Errorf("replay of a meeting without events: %v", err)
	}
}

// TestEngineOptions: the record's zone (UTC when unknown), series option,
// ops-are-chairs, bot nick and source.
func TestEngineOptions(t *testing.T) {
	o := EngineOptions(MeetingRecord{TimeZone: "Europe/Prague", OpsAreChairs: true, BotNick: "gavel", Source: "f2f",
		SeriesOption: "council"})
	if o.Location.String() != "Europe/Prague" || !o.OpsAreChairs || o.BotNick != "gavel" || o.Source != "f2f" || o.Series != "council" {
		t.Errorf("EngineOptions: %+v", o)
	}
	if o := EngineOptions(MeetingRecord{TimeZone: "Nowhere/Special"}); o.Location != time.UTC || o.Series != "" {
		t.Errorf("EngineOptions with an unknown zone: %+v", o)
	}
}

// TestLogRoom: Replay makes room for one log line per event still to come
// after the meeting started, a quarter more when the bot's replies are
// logged, nothing for a sequence that does not go on (seq at or past the
// last), and never more than maxLogRoom (and its quarter) however far a
// damaged sequence jumps.
func TestLogRoom(t *testing.T) {
	for _, c := range []struct {
		last, seq uint64
		replies   bool
		want      int
	}{
		{10, 10, false, 0},
		{5, 10, true, 0},
		{101, 1, false, 100},
		{101, 1, true, 125},
		{1 << 40, 3, false, maxLogRoom},
		{1 << 40, 3, true, maxLogRoom + maxLogRoom/4},
		{maxLogRoom + 7, 7, false, maxLogRoom},
	} {
		if got := logRoom(c.last, c.seq, c.replies); got != c.want {
			t.Errorf("logRoom(%d, %d, %v) = %d, want %d", c.last, c.seq, c.replies, got, c.want)
		}
	}
}
