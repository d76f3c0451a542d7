package life

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// stepper is what takes one line's store step: the Keeper (a transaction
// per line) or a Batch.
type stepper interface {
	Start(ctx context.Context, rec store.MeetingRecord, ev meeting.Event) (Step, error)
	Line(ctx context.Context, m *meeting.Meeting, ev meeting.Event, res meeting.Result) (Step, error)
}

// twoMeetings is a burst into two channels' meetings, interleaved: starts,
// chat, a #topic, actions (one repeated by the other meeting's series is
// not: series differ), a #done, a #summary and the end of one meeting.
var twoMeetings = []string{
	"#fudcon pjp: #startmeeting FUDCon planning",
	"#infra nb: #startmeeting infra weekly",
	"#fudcon kushal: hello",
	"#infra nb: #topic Mirrors",
	"#fudcon pjp: #topic Venue",
	"#infra smooge: #action smooge to check the mirrors by Friday",
	"#fudcon kushal: #action pjp to book the venue due 2026-12-10",
	"#fudcon pjp: #info the venue has 300 seats",
	"#infra nb: plain chat",
	"#fudcon pjp: #done a2 booked",
	"#fudcon pjp: #summary The venue is booked.",
	"#infra nb: #endmeeting",
	"#fudcon kushal: still talking",
}

// play hands each line of script to its channel's engine and then to
// next(), the store step taker for that line, the way the bot does. It
// returns the steps (one per recorded line) and the engines.
func play(t *testing.T, start time.Time, script []string, next func() stepper) ([]Step, map[string]*meeting.Channel) {
	t.Helper()
	ctx := context.Background()
	engines := map[string]*meeting.Channel{}
	var steps []Step
	for i, l := range script {
		channel, rest, _ := strings.Cut(l, " ")
		nick, text, _ := strings.Cut(rest, ": ")
		c := engines[channel]
		if c == nil {
			series := strings.TrimPrefix(channel, "#")
			c = meeting.NewChannel(channel, meeting.Options{Location: time.UTC, Series: series, BotNick: "gavel", Source: "irc"})
			engines[channel] = c
		}
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Second), Channel: channel, Nick: nick, Text: text}
		res := c.Handle(ev)
		if !res.Recorded {
			continue
		}
		m := res.Meeting
		var step Step
		var err error
		if res.Started {
			step, err = next().Start(ctx, store.MeetingRecord{ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title,
				Source: "irc", TimeZone: "UTC", Started: m.Started, BotNick: "gavel"}, ev)
		} else {
			step, err = next().Line(ctx, m, ev, res)
		}
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		steps = append(steps, step)
	}
	return steps, engines
}

// TestBatchIsOneTransaction plays the same burst into two meetings twice:
// one transaction per line, and all of it in one Batch. The batch commits
// once (counted by the store, not timed); the steps it returns, the events
// (in order), the records and the action items are the same as line by
// line.
func TestBatchIsOneTransaction(t *testing.T) {
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)

	single := openStore(t)
	ks := New(single, nil)
	before := single.Commits()
	want, _ := play(t, start, twoMeetings, func() stepper { return ks })
	if got := single.Commits() - before; got != uint64(len(want)) {
		t.Fatalf("line by line: %d commits for %d lines", got, len(want))
	}

	batched := openStore(t)
	kb := New(batched, nil)
	before = batched.Commits()
	var got []Step
	err := kb.Batch(func(b *Batch) error {
		got, _ = play(t, start, twoMeetings, func() stepper { return b })
		if b.Len() != len(got) {
			t.Errorf("Len %d after %d steps", b.Len(), len(got))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := batched.Commits() - before; n != 1 {
		t.Errorf("the batch of %d lines took %d commits, want 1", len(got), n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batch steps differ from single ones:\n got %+v\nwant %+v", got, want)
	}
	var actions int
	for _, s := range got {
		actions += len(s.Changes)
	}
	if actions != 3 { // two new items and one closed
		t.Errorf("%d tracker changes in the steps, want 3: %+v", actions, got)
	}

	recsS, err := single.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	recsB, err := batched.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	if len(recsB) != 2 || !reflect.DeepEqual(recsS, recsB) {
		t.Errorf("records differ:\nsingle %+v\nbatch  %+v", recsS, recsB)
	}
	for _, r := range recsB {
		es, err := single.Events(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		eb, err := batched.Events(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(es, eb) {
			t.Errorf("events of %s differ:\nsingle %v\nbatch  %v", r.ID, es, eb)
		}
		// In the order said: the script's times increase.
		for i := 1; i < len(eb); i++ {
			if !eb[i].Time.After(eb[i-1].Time) {
				t.Errorf("%s: event %d (%q) stored after %q", r.ID, i, eb[i].Text, eb[i-1].Text)
			}
		}
		if r.Series == "infra" && r.Open() {
			t.Errorf("the infra meeting ended in the batch but its record is open: %+v", r)
		}
		if r.Series == "fudcon" && r.Summary != "The venue is booked." {
			t.Errorf("fudcon summary %q", r.Summary)
		}
	}
	as, err := single.Actions(store.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ab, err := batched.Actions(store.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ab) != 2 || !reflect.DeepEqual(as, ab) {
		t.Errorf("action items differ:\nsingle %+v\nbatch  %+v", as, ab)
	}
}

// TestBatchEmptyCommitsNothing: a batch in which no line was recorded
// (lines outside any meeting) costs no commit.
func TestBatchEmptyCommitsNothing(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	before := st.Commits()
	err := k.Batch(func(b *Batch) error {
		steps, _ := play(t, time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC),
			[]string{"#x a: hello", "#x b: no meeting here"}, func() stepper { return b })
		if len(steps) != 0 {
			t.Errorf("%d steps outside a meeting", len(steps))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Commits() - before; n != 0 {
		t.Errorf("an empty batch took %d commits", n)
	}
}

// TestBatchFailureKeepsNothing: when a step fails, the batch's earlier
// steps are not kept either (the caller takes them again one by one), and
// nothing is committed.
func TestBatchFailureKeepsNothing(t *testing.T) {
	st := openStore(t)
	k := New(st, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	c := meeting.NewChannel("#x", meeting.Options{Series: "x", BotNick: "gavel"})
	first := meeting.Event{Time: t0, Channel: "#x", Nick: "a", Text: "#startmeeting"}
	m := c.Handle(first).Meeting
	if _, err := k.Start(ctx, store.MeetingRecord{ID: m.ID, Channel: "#x", Series: "x", Source: "irc", TimeZone: "UTC", Started: t0}, first); err != nil {
		t.Fatal(err)
	}
	// A second meeting the store never heard of.
	other := meeting.NewChannel("#y", meeting.Options{Series: "y"})
	other.Handle(meeting.Event{Time: t0, Channel: "#y", Nick: "b", Text: "#startmeeting"})

	before := st.Commits()
	err := k.Batch(func(b *Batch) error {
		ev := meeting.Event{Time: t0.Add(time.Second), Channel: "#x", Nick: "a", Text: "#action a to write it"}
		if _, err := b.Line(ctx, m, ev, c.Handle(ev)); err != nil {
			return err
		}
		ev = meeting.Event{Time: t0.Add(2 * time.Second), Channel: "#y", Nick: "b", Text: "lost"}
		res := other.Handle(ev)
		_, err := b.Line(ctx, res.Meeting, ev, res)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("batch with a line of an unknown meeting: %v", err)
	}
	if n := st.Commits() - before; n != 0 {
		t.Errorf("a failed batch took %d commits", n)
	}
	evs, err := st.Events(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Errorf("%d events kept after the failed batch, want only the start", len(evs))
	}
	if items, _ := st.Actions(store.ActionFilter{}); len(items) != 0 {
		t.Errorf("the failed batch tracked %v", items)
	}
}
