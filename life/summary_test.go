package life

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestSummaryAfterEnd: after #endmeeting a chair's #summary adds a
// paragraph to the summary of the channel's last meeting and #undo takes
// the last one back; a non-chair, a line after SummaryWindow, and a line
// after the next meeting started (which has its own summary) are refused
// or go elsewhere, and nothing else changes the record.
func TestSummaryAfterEnd(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	k := New(st, nil)
	start := time.Date(2026, 7, 26, 13, 0, 0, 0, time.UTC)
	c, _ := live(t, k, start, "alice: #startmeeting FUDCon", "alice: #summary In the meeting.", "alice: #endmeeting")
	id := c.Ended().ID
	ended := start.Add(2 * time.Minute)
	at := func(d time.Duration) time.Time { return ended.Add(d) }
	do := func(op meeting.SummaryOp) SummaryAfterEnd {
		t.Helper()
		res, err := k.SummaryAfterEnd(ctx, "#fudcon", op, "g.toml")
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	summary := func() string {
		rec, err := st.Meeting(id)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Summary
	}
	if r := do(meeting.SummaryOp{Text: "Not mine.", Nick: "mallory", At: at(time.Minute)}); r.Changed || !strings.Contains(r.Reply, "only a chair") {
		t.Errorf("non-chair: %+v", r)
	}
	if r := do(meeting.SummaryOp{Text: "After the *end*.", Nick: "Alice", At: at(time.Hour)}); !r.Changed || r.Meeting.ID != id ||
		!strings.Contains(r.Reply, "2 paragraph(s)") {
		t.Errorf("chair after the end: %+v", r)
	}
	if got := summary(); got != "In the meeting.\n\nAfter the *end*." {
		t.Errorf("summary %q", got)
	}
	if r := do(meeting.SummaryOp{Undo: true, Nick: "alice", At: at(2 * time.Hour)}); !r.Changed || r.Reply != "Removed from the summary of 'FUDCon': After the *end*." {
		t.Errorf("#undo: %+v", r)
	}
	if got := summary(); got != "In the meeting." {
		t.Errorf("summary after #undo %q", got)
	}
	if r := do(meeting.SummaryOp{Text: "Too late.", Nick: "alice", At: at(SummaryWindow + time.Minute)}); r.Changed ||
		!strings.Contains(r.Reply, "more than 24 hours ago; gavel summary -c g.toml --meeting "+id+" --file FILE sets its summary.") {
		t.Errorf("after the window: %+v", r)
	}
	if r := do(meeting.SummaryOp{Undo: true, Nick: "alice", At: at(SummaryWindow + time.Minute)}); r.Changed || r.Reply != "" {
		t.Errorf("#undo after the window: %+v", r)
	}
	// The next meeting in the channel closes the window of the one before.
	c2, _ := live(t, k, start.Add(3*time.Hour), "bob: #startmeeting FUDCon", "bob: #endmeeting")
	r := do(meeting.SummaryOp{Text: "For the second.", Nick: "alice", At: start.Add(4 * time.Hour)})
	if r.Changed || r.Meeting.ID != c2.Ended().ID || !strings.Contains(r.Reply, "only a chair") {
		t.Errorf("alice after the next meeting: %+v", r)
	}
	if got := summary(); got != "In the meeting." {
		t.Errorf("the first meeting's summary changed: %q", got)
	}
}
