package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

func TestPrivateAnswers(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"Saleem"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a2", Text: "Badges", Owners: []string{"PY"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a3", Text: "Mirror", Owners: []string{"Rahul", "Saleem"}, Due: "2026-08-25"},
		store.ActionRecord{ID: "a4", Text: "Closed", Owners: []string{"Saleem"}, Status: store.StatusDone})
	clock := newClock("2026-08-19T06:00:00Z") // 11:30 IST
	r := newReminder(t, parseConfig(t, ""), st, nil, clock)
	ctx := context.Background()
	ask := func(nick, text string) string {
		t.Helper()
		reply, handled := r.OnPrivmsg(ctx, nick, text)
		if !handled {
			t.Fatalf("%s: %q not handled", nick, text)
		}
		return reply
	}

	tests := []struct {
		nick, text, want string
	}{
		{"tuxdna", "list", "Your open action items (2):\n  [a1] Website + voting (due Thu 2026-08-20, tomorrow)\n  [a3] Mirror (due Tue 2026-08-25, in 6 days)"},
		{"mether", "LIST", "Your open action items (1):\n  [a3] Mirror (due Tue 2026-08-25, in 6 days)"},
		{"nobody", "list", "You have no open action items."},
		{"saleem", "done a2", "[a2] is not yours (owners: PY)"},
		{"saleem", "done zz9", `no action item "zz9" (reply list for yours)`},
		{"saleem", "done a4", "[a4] is already done"},
		{"saleem", "done", "usage: done ID"},
		{"saleem", "snooze a1 forever", `cannot snooze for "forever": want a duration such as 2h, 2d or 1w (up to 90d)`},
		{"saleem", "snooze a1 100d", `cannot snooze for "100d": want a duration such as 2h, 2d or 1w (up to 90d)`},
		{"saleem", "due a1 someday", `cannot read "someday" as a date (try Aug 20, next Friday or 2026-08-20)`},
		{"saleem", "due a1 2026-08-01", `"2026-08-01" is 2026-08-01, which is in the past`},
		{"saleem", "due a1", "usage: due ID DATE (for example: due a7 Aug 20)"},
		{"pingou", "done [a2]", "[a2] marked done: Badges"},
		{"saleem", "snooze a1 2d", "[a1] snoozed: next reminder Fri 2026-08-21 11:30 IST"},
		{"mether", "due a3 Aug 30", "[a3] now due 2026-08-30 (in 11 days)"},
	}
	for _, tc := range tests {
		if got := ask(tc.nick, tc.text); got != tc.want {
			t.Errorf("%s> %s\n got %q\nwant %q", tc.nick, tc.text, got, tc.want)
		}
	}
	if _, handled := r.OnPrivmsg(ctx, "saleem", "hello there"); handled {
		t.Error("ordinary private message was handled")
	}

	a2, _ := st.Action("a2")
	if a2.Status != store.StatusDone || len(a2.History) != 1 || a2.History[0].Nick != "pingou" || a2.History[0].New != "done" {
		t.Errorf("a2 after done: %+v", a2)
	}
	a1, _ := st.Action("a1")
	if !a1.Snoozed.Equal(utc("2026-08-21T06:00:00Z")) {
		t.Errorf("a1 snoozed until %s", a1.Snoozed)
	}
	a3, _ := st.Action("a3")
	if a3.Due != "2026-08-30" || a3.DueText != "Aug 30" || a3.History[0].Old != "2026-08-25" {
		t.Errorf("a3 after due: %+v", a3)
	}

	// The snooze holds the reminders back: the day-of ping (Aug 20 09:00
	// IST) is skipped, and one comes at the snooze's end.
	rec := newRecorder(clock, "saleem", "mether")
	r.msgr = rec
	clock.Set(utc("2026-08-20T03:30:00Z"))
	tick(t, r)
	if got := rec.messages("saleem", "Reminder:"); len(got) != 0 {
		t.Fatalf("snoozed item pinged: %v", got)
	}
	clock.Set(utc("2026-08-21T06:00:00Z"))
	tick(t, r)
	if got := rec.messages("saleem", "Reminder: [a1]"); len(got) != 1 {
		t.Fatalf("no ping at the end of the snooze: %v", rec.all())
	}
}

func TestDueChangeDoesNotEchoAReminder(t *testing.T) {
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-30"})
	clock := newClock("2026-08-19T06:00:00Z")
	rec := newRecorder(clock, "saleem")
	r := newReminder(t, parseConfig(t, ""), st, rec, clock)
	// Moving the deadline to the 21st makes "1 day before" (Aug 20) future
	// but "7 days before" (Aug 14) past: that one is settled, not sent —
	// marked in the same transaction as the new date (life.Keeper.ChangeItem).
	commits := st.Commits()
	if reply, _ := r.OnPrivmsg(context.Background(), "saleem", "due a1 Aug 21"); !strings.HasPrefix(reply, "[a1] now due 2026-08-21") {
		t.Fatalf("reply %q", reply)
	}
	if n := st.Commits() - commits; n != 1 {
		t.Errorf("due a1 took %d store commits, want 1 (the item and its settled marks together)", n)
	}
	tick(t, r)
	if got := rec.all(); len(got) != 0 {
		t.Fatalf("echo reminder: %v", got)
	}
	clock.Set(utc("2026-08-20T03:30:00Z").Add(time.Minute))
	tick(t, r)
	if got := rec.messages("saleem", "Reminder: [a1] Mirror (due Fri 2026-08-21, tomorrow)"); len(got) != 1 {
		t.Fatalf("day-before reminder: %v", rec.all())
	}
}

func FuzzOnPrivmsg(f *testing.F) {
	for _, s := range []string{"done a1", "snooze a1 2d", "due a1 Aug 20", "list", "due a1 next Friday", "snooze [a1] 1d12h",
		"done", "due a1 2026-02-30", "snooze a1 -3d", "DONE A1", "due a1 " + strings.Repeat("9", 600)} {
		f.Add("saleem", s)
	}
	st := openStore(f)
	put(f, st, store.ActionRecord{ID: "a1", Text: "Website", Owners: []string{"Saleem"}, Due: "2026-08-20"})
	clock := newClock("2026-08-19T06:00:00Z")
	r := newReminder(f, parseConfig(f, ""), st, nil, clock)
	f.Fuzz(func(t *testing.T, nick, text string) {
		reply, handled := r.OnPrivmsg(context.Background(), nick, text)
		if handled && reply == "" {
			t.Fatalf("%s> %q: handled with an empty reply", nick, text)
		}
		if !handled && reply != "" {
			t.Fatalf("%s> %q: not handled but replied %q", nick, text, reply)
		}
		// Reopen the item so that every input meets an open item.
		a, err := st.Action("a1")
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != store.StatusOpen {
			a.Status = store.StatusOpen
			put(t, st, a)
		}
	})
}

// TestOnChange: the hook runs once per committed change (done, snooze,
// due), after the change is in the store, and never for refusals, usage
// answers or lists.
func TestOnChange(t *testing.T) {
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Website", Owners: []string{"saleem"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a2", Text: "Badges", Owners: []string{"PY"}, Due: "2026-08-20"})
	var calls []string
	r, err := New(Options{Config: parseConfig(t, ""), Store: st, Clock: newClock("2026-08-19T06:00:00Z"),
		OnChange: func(ctx context.Context) {
			a, _ := st.Action("a1")
			calls = append(calls, a.Status+" "+a.Due+" "+a.Snoozed.Format("01-02"))
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, text := range []string{"list", "done a2", "done", "snooze a1 2d", "due a1 Aug 30", "due a1 someday", "done a1", "done a1"} {
		r.OnPrivmsg(ctx, "saleem", text)
	}
	want := []string{"open 2026-08-20 08-21", "open 2026-08-30 08-21", "done 2026-08-30 08-21"}
	if strings.Join(calls, "|") != strings.Join(want, "|") {
		t.Errorf("OnChange saw %q, want %q", calls, want)
	}
}

// TestHelpListsEveryCommand: every verb OnPrivmsg answers has a help line,
// and the usage lines come from the same table.
func TestHelpListsEveryCommand(t *testing.T) {
	help := Help()
	for _, verb := range []string{"list", "done", "snooze", "due"} {
		found := false
		for _, l := range help {
			if strings.HasPrefix(l, verb+" ") || strings.HasPrefix(l, verb+":") {
				found = true
			}
		}
		if !found {
			t.Errorf("Help() has no line for %q: %q", verb, help)
		}
	}
	if len(help) != len(ownerCommands) {
		t.Errorf("Help() has %d lines for %d commands", len(help), len(ownerCommands))
	}
}
