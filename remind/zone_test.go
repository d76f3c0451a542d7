package remind

import (
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestOwnerZoneIsTheMeetings checks that an owner the people directory
// does not know is pinged in the zone of the meeting that raised the item
// (a face-to-face meeting in Asia/Kolkata: 09:00 IST = 03:30 UTC, not 09:00
// in meeting.timezone's UTC), that without a meeting the series' channel
// zone is used, and that the whole group ("all") is never pinged.
func TestOwnerZoneIsTheMeetings(t *testing.T) {
	st := openStore(t)
	err := st.Update(func(tx *store.Tx) error {
		return tx.StartMeeting(store.MeetingRecord{ID: "f2f-2026-11-24", Series: "pune", Source: "f2f",
			TimeZone: "Asia/Kolkata", Started: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)})
	})
	if err != nil {
		t.Fatal(err)
	}
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "confirm the hall", Owners: []string{"Ravi"}, Due: "2026-12-01", Series: "pune", Meetings: []string{"f2f-2026-11-24"}},
		store.ActionRecord{ID: "a2", Text: "book the bus", Owners: []string{"Amit"}, Due: "2026-12-01", Series: "fudcon"},
		store.ActionRecord{ID: "a3", Text: "read the draft", Owners: []string{meeting.GroupOwner}, Due: "2026-12-01", Series: "pune", Meetings: []string{"f2f-2026-11-24"}})
	clock := newClock("2026-11-24T03:30:00Z") // 09:00 IST, 7 days before
	r := newReminder(t, parseConfig(t, ""), st, newRecorder(clock), clock)
	pings, err := r.Due(clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range pings {
		for _, it := range p.Items {
			got[p.Person.Name] = it.Action.ID + " at " + it.At.UTC().Format("15:04") + " " + p.Person.Location.String()
		}
	}
	want := map[string]string{
		"Ravi": "a1 at 03:30 Asia/Kolkata", // the meeting's zone
		"Amit": "a2 at 03:30 Asia/Kolkata", // the series' channel zone
	}
	if len(got) != len(want) {
		t.Fatalf("pings %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}
