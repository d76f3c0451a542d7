package life

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// live plays lines ("nick: text", one a minute from start) the way the
// bot does: the engine handles each, the Keeper commits it. It returns the
// engine and the steps, one per recorded line.
func live(t testing.TB, k *Keeper, start time.Time, lines ...string) (*meeting.Channel, []Step) {
	t.Helper()
	ctx := context.Background()
	opt := meeting.Options{Location: time.UTC, Series: "fudcon", BotNick: "gavel", Source: "irc"}
	c := meeting.NewChannel("#fudcon", opt)
	var steps []Step
	for i, l := range lines {
		nick, text, _ := strings.Cut(l, ": ")
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: "#fudcon", Nick: nick, Text: text}
		res := c.Handle(ev)
		if !res.Recorded {
			continue
		}
		m := res.Meeting
		var step Step
		var err error
		if res.Started {
			step, err = k.Start(ctx, store.MeetingRecord{ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title,
				Source: "irc", TimeZone: "UTC", Started: m.Started, BotNick: "gavel", SeriesOption: "fudcon"}, ev)
		} else {
			step, err = k.Line(ctx, m, ev, res)
		}
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		steps = append(steps, step)
	}
	return c, steps
}

// TestLiveTracking: an #action is tracked by the line that says it (its
// tracker id is known before the meeting ends), #done closes an item at
// once, every line bumps the revision, the end closes the record, and the
// stored events replay to the meeting the engine ran.
func TestLiveTracking(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	c, steps := live(t, k, start,
		"pjp: #startmeeting FUDCon planning",
		"pjp: #topic Venue",
		"kushal: #action pjp to book the venue due 2026-12-10",
		"pjp: #action kushal to order the t-shirts",
	)
	m := c.Meeting()
	if m == nil {
		t.Fatal("no meeting running")
	}
	// The start, the #topic and each #action change the record or the
	// items; no line here is a plain one.
	for i, s := range steps {
		if s.Revision != uint64(i+1) {
			t.Errorf("step %d: revision %d, want %d", i, s.Revision, i+1)
		}
	}
	venue := steps[2]
	if len(venue.Changes) != 1 || venue.Changes[0].What != "new" {
		t.Fatalf("the #action line's changes: %v", venue.Changes)
	}
	items, err := k.Items(venue.Changes)
	if err != nil {
		t.Fatal(err)
	}
	got := ActionLines(venue.Changes, items)
	want := []string{"ACTION [a1] pjp to book the venue due 2026-12-10 (due Thu 2026-12-10)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reply %q, want %q", got, want)
	}
	// The meeting runs, and #actions already lists both of its items.
	l, err := k.List(m.ID, "fudcon", "#fudcon")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Meeting) != 2 || l.Meeting[0].ID != "a1" || len(l.Open) != 0 {
		t.Errorf("listing during the meeting: %+v", l)
	}
	lines := l.Lines(10)
	if lines[0] != "Action items of this meeting (2):" || !strings.HasPrefix(lines[1], "[a1] pjp to book the venue") {
		t.Errorf("listing lines %q", lines)
	}

	// #done by id closes a1 with the line; #endmeeting closes the record.
	ctx := context.Background()
	for i, text := range []string{"#done a1 booked", "#endmeeting"} {
		ev := meeting.Event{Time: start.Add(time.Duration(10+i) * time.Minute), Channel: "#fudcon", Nick: "pjp", Text: text}
		res := c.Handle(ev)
		step, err := k.Line(ctx, res.Meeting, ev, res)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if got := ActionLines(step.Changes, nil); len(got) != 1 || got[0] != "DONE [a1] pjp to book the venue due 2026-12-10" {
				t.Errorf("#done reply %q", got)
			}
		}
		m = res.Meeting
	}
	rec, err := st.Meeting(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Ended.Equal(m.Ended) || rec.Title != "FUDCon planning" || rec.Revision != 6 {
		t.Errorf("record after the end: %+v", rec)
	}
	a1, err := st.Action("a1")
	if err != nil || a1.Status != store.StatusDone {
		t.Errorf("a1 after #done: %+v, %v", a1, err)
	}
	between, err := k.List("", "", "#fudcon")
	if err != nil {
		t.Fatal(err)
	}
	if len(between.Meeting) != 0 || len(between.Open) != 1 || between.Open[0].ID != "a2" {
		t.Errorf("listing between meetings: %+v", between)
	}
	replayed, err := st.Replay(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(replayed.Items, m.Items) || len(replayed.Log) != len(m.Log) {
		t.Errorf("the replay differs from the live meeting")
	}
}

// TestLineUnknownMeeting: a line for a meeting the store does not have is
// refused, and nothing (no event, no action item) is stored.
func TestLineUnknownMeeting(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	c := meeting.NewChannel("#x", meeting.Options{Series: "x"})
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	c.Handle(meeting.Event{Time: t0, Nick: "a", Text: "#startmeeting"})
	ev := meeting.Event{Time: t0.Add(time.Minute), Nick: "a", Text: "#action a to do it"}
	res := c.Handle(ev)
	if _, err := k.Line(context.Background(), res.Meeting, ev, res); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("line of a meeting never started: %v", err)
	}
	if items, _ := st.Actions(store.ActionFilter{}); len(items) != 0 {
		t.Errorf("a refused line tracked %v", items)
	}
}

func TestDueLabel(t *testing.T) {
	for in, want := range map[string]string{"": "", "2026-12-10": "Thu 2026-12-10", "soon": "soon"} {
		if got := DueLabel(in); got != want {
			t.Errorf("DueLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSummary: #summary lines become the record's summary as they are
// said (and #undo takes the last back); SetSummary replaces it after the
// meeting, moving the revision only when the text changes.
func TestSummary(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	c, _ := live(t, k, start,
		"pjp: #startmeeting FUDCon planning",
		"pjp: #summary We picked **Brno**.",
		"pjp: #summary Wrong line",
		"pjp: #undo",
		"pjp: #summary Budget is final.",
		"pjp: #endmeeting")
	id := c.Ended().ID
	rec, err := st.Meeting(id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Summary != "We picked **Brno**.\n\nBudget is final." {
		t.Errorf("record summary %q", rec.Summary)
	}
	m, err := st.Replay(id)
	if err != nil {
		t.Fatal(err)
	}
	if m.SummaryText() != rec.Summary {
		t.Errorf("replay gives summary %q, record %q", m.SummaryText(), rec.Summary)
	}
	rev := rec.Revision
	for _, tc := range []struct {
		text    string
		changed bool
	}{{"A new summary.\r\n\r\nTwo paragraphs.", true}, {"A new summary.\n\nTwo paragraphs.\n", false}} {
		changed, err := k.SetSummary(context.Background(), id, tc.text)
		if err != nil || changed != tc.changed {
			t.Errorf("SetSummary(%q) = %v, %v; want %v", tc.text, changed, err, tc.changed)
		}
	}
	rec, _ = st.Meeting(id)
	if rec.Summary != "A new summary.\n\nTwo paragraphs." || rec.Revision != rev+1 {
		t.Errorf("after SetSummary: %q, revision %d (was %d)", rec.Summary, rec.Revision, rev)
	}
	if _, err := k.SetSummary(context.Background(), "nope", "x"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown meeting: %v", err)
	}
}
