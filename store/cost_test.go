package store

import (
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// pagesWritten returns how many pages one Append writes to the file (bbolt
// counts every page a commit writes).
func pagesWritten(t *testing.T, s *Store, id string, e meeting.Event) int64 {
	t.Helper()
	st := s.db.Stats()
	before := st.TxStats.GetWrite()
	if _, err := s.Append(id, e); err != nil {
		t.Fatal(err)
	}
	st = s.db.Stats()
	return st.TxStats.GetWrite() - before
}

// TestAppendCostIsConstant checks the promise behind Append: a line costs
// the same few page writes whether the meeting has 10 events or 60,000,
// because nothing of the earlier log is rewritten.
func TestAppendCostIsConstant(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.StartMeeting(rec("m", "s", t0)); err != nil {
		t.Fatal(err)
	}
	var evs []meeting.Event
	for i := 1; i <= 10; i++ {
		evs = append(evs, ev(i))
	}
	if err := appendMany(s, "m", evs); err != nil {
		t.Fatal(err)
	}
	short := pagesWritten(t, s, "m", ev(11))
	for n := 11; n < 60000; {
		evs = evs[:0]
		for i := 0; i < 10000; i++ {
			n++
			evs = append(evs, ev(n))
		}
		if err := appendMany(s, "m", evs); err != nil {
			t.Fatal(err)
		}
	}
	var long int64
	for i := 0; i < 20; i++ { // the worst of several: some appends split a leaf
		long = max(long, pagesWritten(t, s, "m", ev(70000+i)))
	}
	t.Logf("pages written per append: %d at 10 events, at most %d at 60,000", short, long)
	if long > short+4 || long > 12 {
		t.Fatalf("an append into a long meeting writes %d pages, into a short one %d: the cost grows with the length", long, short)
	}
}
