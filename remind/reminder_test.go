package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

func TestSweepOnlineOwnerAndHeldOwner(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"Saleem"}, Due: "2026-08-20", Series: "fudcon"},
		store.ActionRecord{ID: "a2", Text: "Badges for speakers", Owners: []string{"PY"}, Due: "2026-08-20", Series: "fudcon"})
	clock := newClock("2026-08-13T03:29:00Z")
	rec := newRecorder(clock, "saleem")
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)

	tick(t, r)
	if got := rec.all(); len(got) != 0 {
		t.Fatalf("before 09:00 IST nothing is due, got %v", got)
	}
	clock.Set(utc("2026-08-13T03:30:00Z")) // 09:00 IST, 7 days before
	res := tick(t, r)
	got := rec.messages("saleem", "Reminder:")
	if len(got) != 1 || res.Reminders != 1 {
		t.Fatalf("saleem got %v (result %+v), want one reminder", rec.all(), res)
	}
	if want := "Reminder: [a1] Website + voting (due Thu 2026-08-20, in 7 days)"; got[0].Text != want {
		t.Errorf("reminder\n got %q\nwant %q", got[0].Text, want)
	}
	if len(rec.messages("saleem", "Reply to me privately")) != 1 {
		t.Errorf("no help line: %v", rec.all())
	}
	tick(t, r)
	if n := len(rec.messages("saleem", "Reminder:")); n != 1 {
		t.Fatalf("second sweep at the same time sent again: %d reminders", n)
	}

	// PY lives in New York: 09:00 EDT is 13:00Z. He is offline: held.
	clock.Set(utc("2026-08-13T13:00:00Z"))
	tick(t, r)
	if n := len(rec.messages("pingou", "")); n != 0 {
		t.Fatalf("offline owner was messaged: %v", rec.all())
	}
	held, err := st.Held("remind:pingou")
	if err != nil || len(held) != 1 {
		t.Fatalf("held for pingou = %v, %v; want one message", held, err)
	}
	tick(t, r) // still offline: nothing more is held
	if held, _ := st.Held("remind:pingou"); len(held) != 1 {
		t.Fatalf("a second sweep held another message: %v", held)
	}
	// He joins as pingou: delivered once, and only once.
	rec.setOnline("pingou", true)
	if n, err := r.OnSeen(context.Background(), "pingou"); err != nil || n != 2 {
		t.Fatalf("OnSeen sent %d lines, %v; want 2", n, err)
	}
	if n, _ := r.OnSeen(context.Background(), "pingou"); n != 0 {
		t.Fatalf("second OnSeen sent %d lines", n)
	}
	tick(t, r)
	if got := rec.messages("pingou", "Reminder:"); len(got) != 1 || !strings.Contains(got[0].Text, "[a2] Badges") {
		t.Fatalf("pingou got %v", got)
	}
}

func TestOnSeenByAnyNickOfThePerson(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-20"})
	clock := newClock("2026-08-20T03:30:00Z")
	rec := newRecorder(clock)
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	tick(t, r)
	// Saleem turns up as tuxdna, his second nick.
	rec.setOnline("tuxdna", true)
	if n, err := r.OnSeen(context.Background(), "tuxdna"); err != nil || n == 0 {
		t.Fatalf("OnSeen(tuxdna) = %d, %v", n, err)
	}
	if got := rec.messages("tuxdna", "Reminder: [a1] Mirror (due Thu 2026-08-20, today)"); len(got) != 1 {
		t.Fatalf("tuxdna got %v", rec.all())
	}
}

func TestBacklogAfterDowntimeIsOneMessage(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Book hotels", Owners: []string{"Rahul"}, Due: "2026-08-10"},
		store.ActionRecord{ID: "a2", Text: "Caterers", Owners: []string{"mether"}, Due: "2026-08-21"},
		store.ActionRecord{ID: "a3", Text: "Goodies", Owners: []string{"Rahul Sundaram", "Saleem"}, Due: "2026-08-31"},
		store.ActionRecord{ID: "a4", Text: "Closed one", Owners: []string{"Rahul"}, Due: "2026-08-20", Status: store.StatusDone},
		store.ActionRecord{ID: "a5", Text: "No date", Owners: []string{"Rahul"}})
	// The bot was down from Aug 1 to Aug 24 10:00 IST.
	clock := newClock("2026-08-24T04:30:00Z")
	rec := newRecorder(clock, "mether", "saleem")
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	tick(t, r)
	got := rec.messages("mether", "")
	var texts []string
	for _, s := range got {
		texts = append(texts, s.Text)
	}
	want := []string{
		"Reminder: 3 of your action items need attention:",
		"  [a1] Book hotels (due Mon 2026-08-10, 14 days overdue)",
		"  [a2] Caterers (due Fri 2026-08-21, 3 days overdue)",
		"  [a3] Goodies (due Mon 2026-08-31, in 7 days)",
		helpLine,
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Fatalf("backlog message\n got %q\nwant %q", texts, want)
	}
	if got := rec.messages("saleem", "Reminder: [a3] Goodies"); len(got) != 1 {
		t.Errorf("co-owner saleem: %v", rec.all())
	}
	tick(t, r)
	if n := len(rec.all()); n != len(want)+2 {
		t.Fatalf("second sweep sent more: %v", rec.all())
	}
}

func TestHeldRemindersCollapseAndSkipClosedItems(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Artwork draft", Owners: []string{"pingou"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a2", Text: "Bus", Owners: []string{"pingou"}, Due: "2026-08-19"})
	clock := newClock("2026-08-13T13:00:00Z")
	rec := newRecorder(clock)
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	for _, at := range []string{"2026-08-12T13:00:00Z", "2026-08-13T13:00:00Z", "2026-08-18T13:00:00Z", "2026-08-19T13:00:00Z", "2026-08-20T13:00:00Z"} {
		clock.Set(utc(at))
		tick(t, r)
	}
	held, _ := st.Held("remind:pingou")
	if len(held) < 3 {
		t.Fatalf("expected several held reminders, got %d", len(held))
	}
	// a2 was closed by someone else meanwhile.
	a2, _ := st.Action("a2")
	a2.Status = store.StatusDone
	put(t, st, a2)
	rec.setOnline("pingou", true)
	if _, err := r.OnSeen(context.Background(), "pingou"); err != nil {
		t.Fatal(err)
	}
	got := rec.messages("pingou", "")
	if len(got) != 2 || got[0].Text != "Reminder: [a1] Artwork draft (due Thu 2026-08-20, today)" {
		t.Fatalf("collapsed delivery: %v", got)
	}
}

func TestFailedSendKeepsTheMessage(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-20"})
	clock := newClock("2026-08-20T03:30:00Z")
	rec := newRecorder(clock, "saleem")
	rec.fail = true
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	if _, err := r.Tick(context.Background()); err == nil || !strings.Contains(err.Error(), "send to saleem") {
		t.Fatalf("tick with a failing messenger: %v", err)
	}
	rec.fail = false
	tick(t, r)
	if got := rec.messages("saleem", "Reminder:"); len(got) != 1 {
		t.Fatalf("after the link came back: %v", rec.all())
	}
}

// TestSweepsAcrossDSTWithCronSkipsAndDoubles runs sweeps every 30 minutes
// of New York wall-clock time through both 2026 changes. Wall times in the
// spring-forward gap normalise onto times already swept (cron skips them)
// and the repeated fall-back hour is swept twice (cron fires twice): every
// reminder instant still gives exactly one ping, soon after the instant.
func TestSweepsAcrossDSTWithCronSkipsAndDoubles(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	for _, tc := range []struct {
		name     string
		from, to string
		due      string
	}{
		{"spring forward", "2026-02-27", "2026-03-26", "2026-03-08"},
		{"fall back", "2026-10-23", "2026-11-18", "2026-11-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			put(t, st,
				store.ActionRecord{ID: "a1", Text: "New York item", Owners: []string{"pingou"}, Due: tc.due},
				store.ActionRecord{ID: "a2", Text: "Kolkata item", Owners: []string{"Rahul"}, Due: tc.due})
			clock := newClock(tc.from + "T00:00:00Z")
			rec := newRecorder(clock, "pingou", "mether")
			cfg := parseConfig(t, "")
			cfg.Remind.QuietStart, cfg.Remind.QuietEnd = 0, 0
			cfg.Remind.Hour = 2 // in the gap / the repeated hour in New York
			r := newReminder(t, cfg, st, rec, clock)
			from, _ := ParseDate(tc.from)
			to, _ := ParseDate(tc.to)
			var sweeps int
			for d := from; daysBetween(d, to) >= 0; d = DateOf(d.At(12, time.UTC).AddDate(0, 0, 1), time.UTC) {
				for h := 0; h < 24; h++ {
					for _, m := range []int{0, 30} {
						clock.Set(time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, ny))
						tick(t, r)
						sweeps++
					}
				}
			}
			due, _ := ParseDate(tc.due)
			for _, o := range []struct{ nick, zone string }{{"pingou", "America/New_York"}, {"mether", "Asia/Kolkata"}} {
				loc := mustLoad(t, o.zone)
				want := r.policy.Instants(due, loc, time.Time{})
				got := rec.messages(o.nick, "Reminder:")
				if len(got) != len(want) {
					t.Fatalf("%s: %d pings for %d instants:\n%v\n%v", o.nick, len(got), len(want), got, want)
				}
				for i, g := range got {
					late := g.At.Sub(want[i])
					if late < 0 || late > time.Hour {
						t.Errorf("%s: ping %d at %s for instant %s", o.nick, i, g.At, want[i])
					}
				}
			}
			if sweeps < 1000 {
				t.Fatalf("only %d sweeps", sweeps)
			}
		})
	}
}

func TestAnnouncements(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Book hotels", Owners: []string{"PJP"}, Due: "2026-08-10", Series: "fudcon"},
		store.ActionRecord{ID: "a2", Text: "Website + voting", Owners: []string{"Saleem"}, Series: "fudcon"},
		store.ActionRecord{ID: "a3", Text: "Other series", Owners: []string{"x"}, Series: "infra"})
	clock := newClock("2026-08-14T11:59:00Z") // Friday
	rec := newRecorder(clock)
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	const ch = "#fudcon-planning"
	tick(t, r)
	if got := rec.messages(ch, ""); len(got) != 0 {
		t.Fatalf("announced too early: %v", got)
	}
	clock.Set(utc("2026-08-14T12:00:00Z"))
	tick(t, r)
	tick(t, r) // a cron double-fire
	got := rec.messages(ch, "")
	want := []string{
		"Reminder: the fudcon meeting starts in 1 hour (Fri 2026-08-14 13:00 UTC (18:30 IST)) in #fudcon-planning. Agenda: https://fedoraproject.org/wiki/FUDCon:India_2011_planning",
		"Open action items (2): [a1] Book hotels (PJP, due 2026-08-10); [a2] Website + voting (Saleem)",
	}
	if len(got) != 2 || got[0].Text != want[0] || got[1].Text != want[1] {
		t.Fatalf("announcement\n got %v\nwant %q", got, want)
	}
	clock.Set(utc("2026-08-14T12:50:00Z"))
	tick(t, r)
	if got := rec.messages(ch, "Reminder: the fudcon meeting starts in 10 minutes"); len(got) != 1 {
		t.Fatalf("10-minute announcement: %v", rec.all())
	}
	// Tuesday's face-to-face meeting, 15:00 IST, announced 30 minutes before.
	clock.Set(utc("2026-08-18T09:00:00Z"))
	tick(t, r)
	if got := rec.messages(ch, "Face-to-face meeting at the Red Hat Pune office in 30 minutes (Tue 2026-08-18 09:30 UTC (15:00 IST))."); len(got) != 1 {
		t.Fatalf("face-to-face announcement: %v", rec.all())
	}
}

func TestStaleAnnouncementsAreNotMadeAtStartUp(t *testing.T) {
	st := openStore(t)
	// gavel comes up at 12:55 on Friday: the 1-hour announcement (12:00)
	// is stale, the 10-minute one (12:50) is within the grace period.
	clock := newClock("2026-08-14T12:55:00Z")
	rec := newRecorder(clock)
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	tick(t, r)
	got := rec.messages("#fudcon-planning", "Reminder:")
	if len(got) != 1 || !strings.Contains(got[0].Text, "starts in 5 minutes") {
		t.Fatalf("at start-up: %v", rec.all())
	}
	// Up at 13:20: nothing (the meeting has begun).
	st2 := openStore(t)
	clock2 := newClock("2026-08-14T13:20:00Z")
	rec2 := newRecorder(clock2)
	tick(t, newReminder(t, parseConfig(t, ""), st2, rec2, clock2))
	if got := rec2.all(); len(got) != 0 {
		t.Fatalf("stale announcement made: %v", got)
	}
}

func TestAnnouncementHeldWhileDisconnectedThenDroppedWhenStale(t *testing.T) {
	st := openStore(t)
	clock := newClock("2026-08-14T12:00:00Z")
	rec := newRecorder(clock)
	rec.fail = true
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	if _, err := r.Tick(context.Background()); err == nil {
		t.Fatal("want the say error")
	}
	rec.fail = false
	clock.Set(utc("2026-08-14T12:05:00Z"))
	tick(t, r)
	if got := rec.messages("#fudcon-planning", "Reminder:"); len(got) != 1 {
		t.Fatalf("held announcement not said after reconnect: %v", rec.all())
	}
}

func TestDigest(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Book hotels", Owners: []string{"PJP"}, Due: "2026-08-10", Series: "fudcon"},
		store.ActionRecord{ID: "a2", Text: "Website", Owners: []string{"Saleem"}, Due: "2026-09-10", Series: "fudcon"})
	clock := newClock("2026-08-17T04:00:00Z") // Monday
	rec := newRecorder(clock)
	r := newReminder(t, parseConfig(t, "[remind]\ndigest = \"CRON_TZ=UTC 0 4 * * MON\"\n"), st, rec, clock)
	tick(t, r)
	tick(t, r)
	got := rec.messages("#fudcon-planning", "Weekly digest")
	if len(got) != 1 || got[0].Text != "Weekly digest for fudcon: 2 open action items, 1 overdue." {
		t.Fatalf("digest: %v", rec.all())
	}
}

func TestDisabledRemindersStillAnnounce(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-14"})
	clock := newClock("2026-08-14T12:00:00Z")
	rec := newRecorder(clock, "saleem")
	r := newReminder(t, parseConfig(t, "[remind]\nenabled = false\n"), st, rec, clock)
	tick(t, r)
	if n := len(rec.messages("saleem", "")); n != 0 {
		t.Fatalf("reminders disabled but saleem got %d lines", n)
	}
	if n := len(rec.messages("#fudcon-planning", "")); n == 0 {
		t.Fatal("announcement missing")
	}
}

func TestDueAndMarkSentForOperators(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-20"})
	r := newReminder(t, parseConfig(t, ""), st, nil, newClock("2026-08-01T00:00:00Z"))
	now := utc("2026-08-19T03:30:00Z")
	pings, err := r.Due(now)
	if err != nil || len(pings) != 1 || pings[0].Items[0].Key != "remind/a1/saleem/20260819T0330Z" {
		t.Fatalf("Due = %+v, %v", pings, err)
	}
	if again, _ := r.Due(now); len(again) != 1 {
		t.Fatal("Due changed the store")
	}
	if n, err := r.MarkSent(pings, now); err != nil || n != 1 {
		t.Fatalf("MarkSent = %d, %v", n, err)
	}
	if again, _ := r.Due(now); len(again) != 0 {
		t.Fatalf("still due after MarkSent: %+v", again)
	}
}

func TestBadDueDateIsSkippedNotFatal(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "ok", Owners: []string{"saleem"}, Due: "2026-08-20"})
	r := newReminder(t, parseConfig(t, ""), st, nil, nil)
	// Owners that are not nicks (a name with spaces nobody configured)
	// still get a key and an outbox.
	put(t, st, store.ActionRecord{ID: "a2", Text: "by name", Owners: []string{"Some Body"}, Due: "2026-08-20"})
	pings, err := r.Due(utc("2026-08-20T12:00:00Z"))
	if err != nil || len(pings) != 2 {
		t.Fatalf("Due = %+v, %v", pings, err)
	}
	if k := pings[1].Person.key(); k != "some_body" {
		t.Errorf("key of an unknown name = %q", k)
	}
}

func TestStartCatchesUpAndStops(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-20"})
	clock := newClock("2026-08-20T03:30:00Z")
	done := make(chan struct{}, 16)
	rec := &notifying{recorder: newRecorder(clock, "saleem"), done: done}
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err == nil {
		t.Error("second Start did not fail")
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the catch-up sweep at start-up did not deliver")
	}
	r.Stop()
	r.Stop() // idempotent
	if got := rec.messages("saleem", "Reminder:"); len(got) != 1 {
		t.Fatalf("got %v", got)
	}
}

type notifying struct {
	*recorder
	done chan struct{}
}

func (n *notifying) Send(ctx context.Context, nick, text string) error {
	err := n.recorder.Send(ctx, nick, text)
	select {
	case n.done <- struct{}{}:
	default:
	}
	return err
}

func TestAnnounceScheduleNext(t *testing.T) {
	cfg := parseConfig(t, "")
	s := announceSchedule{spec: cfg.Schedule[0].Spec, befores: befores(cfg.Schedule[0])}
	tests := []struct{ from, want string }{
		{"2026-08-14T11:00:00Z", "2026-08-14T12:00:00Z"},
		{"2026-08-14T12:00:00Z", "2026-08-14T12:50:00Z"},
		{"2026-08-14T12:50:00Z", "2026-08-21T12:00:00Z"},
	}
	for _, tc := range tests {
		if got := s.Next(utc(tc.from)); !got.Equal(utc(tc.want)) {
			t.Errorf("Next(%s) = %s, want %s", tc.from, got, tc.want)
		}
	}
}
