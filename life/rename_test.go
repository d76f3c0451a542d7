package life

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestRename: a rename is stored as lines of the meeting, so the replay
// gives the new names; the record, the revision and the series of the
// items the meeting alone raised move with it. The configured series wins
// (issue 13): a meeting that ran with its channel's series fixed keeps it.
// A running meeting is refused (the bot's engine holds it), and so are
// names that are no series and titles that would clear it.
func TestRename(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	ctx := context.Background()
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	c, _ := live(t, k, start,
		"pjp: #startmeeting FUDCon planning",
		"kushal: #action pjp to book the venue",
		"pjp: #endmeeting")
	id := c.Ended().ID
	rec, _ := st.Meeting(id)
	r, err := k.Rename(ctx, id, Rename{Series: "venue", Title: "Venue booked", By: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Changed || r.OldSeries != "fudcon" || r.OldTitle != "FUDCon planning" || r.Revision != rec.Revision+1 {
		t.Errorf("rename: %+v (revision before %d)", r, rec.Revision)
	}
	m, err := st.Replay(id)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := st.Meeting(id)
	if m.Series != "venue" || m.Title != "Venue booked" || after.Series != "venue" || after.Title != "Venue booked" {
		t.Errorf("replay %q %q, record %q %q", m.Series, m.Title, after.Series, after.Title)
	}
	if l := m.Log[len(m.Log)-1]; l.Kind != meeting.KindNotes || l.Nick != "alice" {
		t.Errorf("the rename's last line: %+v", l)
	}
	if a, err := st.Action("a1"); err != nil || a.Series != "venue" {
		t.Errorf("a1 after the rename: %+v, %v", a, err)
	}
	// The same names again: nothing written.
	commits := st.Commits()
	if r, err := k.Rename(ctx, id, Rename{Series: "venue", Title: "Venue booked"}); err != nil || r.Changed {
		t.Errorf("second rename: %+v, %v", r, err)
	}
	if st.Commits() != commits {
		t.Errorf("a rename that changes nothing committed")
	}
	for _, bad := range []Rename{{Series: "Not A Series"}, {Title: "none"}, {Title: "two\nlines"}} {
		if _, err := k.Rename(ctx, id, bad); err == nil {
			t.Errorf("rename %+v: no error", bad)
		}
	}

	// A meeting of a channel whose series is fixed by the configuration.
	ev := meeting.Event{Time: start.Add(time.Hour), Channel: "#fixed", Nick: "pjp", Text: "#startmeeting Fixed"}
	fc := meeting.NewChannel("#fixed", meeting.Options{Location: time.UTC, Series: "fixed", SeriesFixed: true})
	res := fc.Handle(ev)
	fm := res.Meeting
	if _, err := k.Start(ctx, store.MeetingRecord{ID: fm.ID, Channel: "#fixed", Series: fm.Series, Title: fm.Title, Source: "irc",
		TimeZone: "UTC", Started: fm.Started, SeriesOption: "fixed", SeriesFixed: true}, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Rename(ctx, fm.ID, Rename{Title: "x"}); !errors.Is(err, ErrRunning) {
		t.Errorf("rename of a running meeting: %v", err)
	}
	end := meeting.Event{Time: start.Add(time.Hour + time.Minute), Channel: "#fixed", Nick: "pjp", Text: "#endmeeting"}
	res = fc.Handle(end)
	if _, err := k.Line(ctx, res.Meeting, end, res); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Rename(ctx, fm.ID, Rename{Series: "other"}); !errors.Is(err, ErrSeriesFixed) {
		t.Errorf("rename of a fixed series: %v", err)
	}
	if r, err := k.Rename(ctx, fm.ID, Rename{Title: "Fixed, renamed"}); err != nil || !r.Changed || r.Meeting.Series != "fixed" {
		t.Errorf("a new title for the fixed series' meeting: %+v, %v", r, err)
	}
}
