package remind

// End to end with the live bot (package bot) as the Messenger, wired the way
// "gavel run" wires it: the production package remind does not import bot;
// only this test does.

import (
	"context"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/bot"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

func TestWithTheLiveBot(t *testing.T) {
	srv := ircdtest.Start(t)
	watcher := ircdtest.Dial(t, srv.Addr, "kushal")
	watcher.Join(planning)
	cfg := parseConfig(t, `
[irc]
server = "`+srv.Addr+`"
nick = "gavel"
channels = ["#fudcon-planning"]
send_interval = "1ms"
`)
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a7", Text: "Badges for speakers", Owners: []string{"PY"}, Due: "2026-08-14", Series: "fudcon"},
		store.ActionRecord{ID: "a8", Text: "Book hotels", Owners: []string{"PJP"}, Due: "2026-08-10", Series: "fudcon"})
	clock := newClock("2026-08-14T12:00:00Z") // Friday, 08:00 EDT, one hour before the meeting
	var r *Reminder
	b, err := bot.New(bot.Options{Config: cfg, Store: st,
		OnSeen: func(ctx context.Context, nick string) {
			if _, err := r.OnSeen(ctx, nick); err != nil {
				t.Errorf("OnSeen(%s): %v", nick, err)
			}
		},
		OnPrivate: func(ctx context.Context, nick, text string) (string, bool) { return r.OnPrivmsg(ctx, nick, text) },
	})
	if err != nil {
		t.Fatal(err)
	}
	r = newReminder(t, cfg, st, b, clock)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("bot did not stop")
		}
	})
	watcher.Wait(`^:gavel!\S+ JOIN :?#fudcon-planning`)

	// The announcement, on schedule, through the bot's queue.
	tick(t, r)
	watcher.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Reminder: the fudcon meeting starts in 1 hour `)
	watcher.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Open action items \(2\): \[a8\] Book hotels \(PJP, due 2026-08-10\); \[a7\] Badges for speakers \(PY, due 2026-08-14\)$`)

	// PY is offline: the day-before reminder (held at 12:00, when the
	// bot started) and the day-of one (09:00 EDT) wait for him; he joins
	// and gets one message.
	clock.Set(utc("2026-08-14T13:00:00Z"))
	tick(t, r)
	if held, _ := st.Held("remind:pingou"); len(held) != 2 {
		t.Fatalf("held for pingou: %v", held)
	}
	owner := ircdtest.Dial(t, srv.Addr, "pingou")
	owner.Join(planning)
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :Reminder: \[a7\] Badges for speakers \(due Fri 2026-08-14, today\)$`)
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :Reply to me privately`)

	// He answers privately; the bot passes it to OnPrivmsg and replies.
	owner.Privmsg("gavel", "snooze a7 2h")
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :\[a7\] snoozed: next reminder Fri 2026-08-14 11:00 EDT$`)
	owner.Privmsg("gavel", "list")
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :Your open action items \(1\):$`)
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :  \[a7\] Badges for speakers \(due Fri 2026-08-14, today\)$`)
	// Online now: the end of the snooze is delivered by the sweep itself.
	clock.Set(utc("2026-08-14T15:00:00Z"))
	tick(t, r)
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :Reminder: \[a7\] Badges for speakers`)
	owner.Privmsg("gavel", "done a7")
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :\[a7\] marked done: Badges for speakers$`)
	if a, _ := st.Action("a7"); a.Status != store.StatusDone {
		t.Fatalf("a7 is %s", a.Status)
	}
	if n := count(owner, `PRIVMSG pingou :Reminder:`); n != 2 {
		t.Fatalf("pingou got %d reminders, want 2 (the day-of one and the snooze end)", n)
	}
}
