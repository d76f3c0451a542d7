package life

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// logged runs lines ("nick: text", one a minute from start) through the
// engine as gavel import does with a raw log.
func logged(t *testing.T, start time.Time, key string, lines ...string) Logged {
	t.Helper()
	c := meeting.NewChannel("#fudcon", meeting.Options{Location: time.UTC, Series: "fudcon", Source: "import"})
	l := Logged{SeriesOption: "fudcon", Key: key}
	for i, line := range lines {
		nick, text, _ := strings.Cut(line, ": ")
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: "#fudcon", Nick: nick, Text: text}
		l.Events = append(l.Events, ev)
		if r := c.Handle(ev); r.Meeting != nil {
			l.Meeting = r.Meeting
		}
	}
	return l
}

// TestImportLogsBatch: one transaction for many meetings, and still each
// meeting stored with its items or not at all: a meeting already imported
// is skipped, one that fails is reported with its own error and leaves
// nothing, and the others of the batch are stored with their items (those
// of an earlier meeting of the batch link its repeats in a later one).
func TestImportLogsBatch(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	k := New(st, nil)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 13, 0, 0, 0, time.UTC) }
	first := logged(t, day(2), "k1", "alice: #startmeeting fudcon", "alice: #action bob to book the hotels", "alice: #endmeeting")
	if _, _, err := k.ImportLog(ctx, first); err != nil {
		t.Fatal(err)
	}
	logs := []Logged{
		first, // again
		logged(t, day(9), "k2", "alice: #startmeeting fudcon", "alice: #action carol to order t-shirts", "alice: #endmeeting"),
		logged(t, day(16), "bad\x00key", "alice: #startmeeting fudcon", "alice: #action dave to test", "alice: #endmeeting"),
		logged(t, day(23), "k4", "alice: #startmeeting fudcon", "alice: #action carol to order t-shirts", "alice: #endmeeting"),
	}
	res := k.ImportLogs(ctx, logs)
	if !errors.Is(res[0].Err, store.ErrExists) {
		t.Errorf("a meeting imported before: %v, want ErrExists", res[0].Err)
	}
	if res[1].Err != nil || res[3].Err != nil {
		t.Errorf("good meetings: %v, %v", res[1].Err, res[3].Err)
	}
	if res[2].Err == nil || !strings.Contains(res[2].Err.Error(), "NUL") {
		t.Errorf("bad meeting: %v, want its own error", res[2].Err)
	}
	for i, want := range []bool{true, true, false, true} {
		_, err := st.Meeting(logs[i].Meeting.ID)
		if (err == nil) != want {
			t.Errorf("meeting %d (%s) in the store: %v, want %v", i, logs[i].Meeting.ID, err == nil, want)
		}
	}
	items, err := st.Actions(store.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range items {
		got = append(got, a.Text+" "+strings.Join(a.Meetings, ","))
	}
	want := []string{
		"bob to book the hotels " + logs[0].Meeting.ID,
		"carol to order t-shirts " + logs[1].Meeting.ID + "," + logs[3].Meeting.ID,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res[3].Changes) != 1 || res[3].Changes[0].What != "linked" {
		t.Errorf("the repeat in the same batch: %v, want linked", res[3].Changes)
	}
}
