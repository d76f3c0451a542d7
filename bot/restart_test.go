package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestKilledMidMeeting kills the bot process with SIGKILL in the middle of
// a meeting, starts it again, and checks that the meeting goes on and that
// the minutes hold every line the bot had acknowledged.
func TestKilledMidMeeting(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	bob := ircdtest.Dial(t, srv.Addr, "bob")
	bob.Join("#meet")

	child := startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	alice.Privmsg("#meet", "#startmeeting restart drill")
	waitBot(alice, "#meet", `Meeting started`)
	var acked []string
	for i := 1; i <= 20; i++ {
		a, b := fmt.Sprintf("#info alice line %d", i), fmt.Sprintf("bob line %d", i)
		alice.Privmsg("#meet", a)
		bob.Privmsg("#meet", b)
		acked = append(acked, "<alice> "+a, "<bob> "+b)
	}
	// A reply to each client's last line acknowledges all its lines (lines
	// from two connections may reach the bot in either order).
	bob.Privmsg("#meet", "#commands")
	waitBot(bob, "#meet", `Available commands`)
	alice.Privmsg("#meet", "#chair bob")
	waitBot(alice, "#meet", `Current chairs: .*bob`)
	acked = append(acked, "<bob> #commands", "<alice> #chair bob")

	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	alice.Wait(`^:gavel!\S+ QUIT`)

	t.Log("killed")
	startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	waitBot(alice, "#meet", `Meeting resumed after a restart`)
	t.Log("resumed")
	bob.Privmsg("#meet", "#info after the restart")
	acked = append(acked, "<bob> #info after the restart")
	bob.Privmsg("#meet", "#endmeeting") // bob was chaired before the kill
	waitBot(alice, "#meet", `Meeting ended`)
	line := waitBot(alice, "#meet", `Log: +http://minutes\.test/\S+$`)
	url := line[strings.LastIndex(line, " ")+1:]
	data, err := os.ReadFile(filepath.Join(cfg.Site.Dir, strings.TrimPrefix(url, "http://minutes.test/")))
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, want := range acked {
		if !strings.Contains(log, want+"\n") {
			t.Errorf("minutes lack acknowledged line %q", want)
		}
	}
	if n := strings.Count(log, "<alice> #startmeeting"); n != 1 {
		t.Errorf("#startmeeting appears %d times", n)
	}
	if t.Failed() {
		t.Logf("log:\n%s", log)
	}
}

// TestCrashAtEndMeeting: the store holds a meeting whose #endmeeting was
// committed but whose record is still open (a crash between the two). At
// start the bot closes it and publishes it; nothing is resumed.
func TestCrashAtEndMeeting(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	evs := []meeting.Event{
		{Time: t0, Channel: "#meet", Nick: "alice", Text: "#startmeeting crashed"},
		{Time: t0.Add(time.Minute), Channel: "#meet", Nick: "alice", Text: "#info before the crash"},
		{Time: t0.Add(2 * time.Minute), Channel: "#meet", Nick: "alice", Text: "#endmeeting"},
	}
	eng := meeting.NewChannel("#meet", meeting.Options{BotNick: "gavel"})
	m := eng.Handle(evs[0]).Meeting
	rec := store.MeetingRecord{ID: m.ID, Channel: "#meet", Series: m.Series, Title: m.Title, Source: "irc",
		TimeZone: "UTC", Started: t0, OpsAreChairs: true, BotNick: "gavel"}
	if err := st.StartMeeting(rec); err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if _, err := st.Append(m.ID, ev); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	pub := &recPublisher{}
	bot := startBot(t, cfg, pub)
	eventually(t, "the crashed meeting to be published", func() bool { return len(pub.endedMeetings()) == 1 })
	got := pub.endedMeetings()[0]
	if got.ID != m.ID || !got.Ended.Equal(t0.Add(2*time.Minute)) || !contains(logTexts(got), "alice: #info before the crash") {
		t.Errorf("published %s ended %v:\n%s", got.ID, got.Ended, joinLines(logTexts(got)))
	}
	r, err := bot.st.Meeting(m.ID)
	if err != nil || !r.Ended.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("record %+v, %v", r, err)
	}
	if open, _ := bot.st.OpenMeetings(); len(open) != 0 {
		t.Errorf("open meetings: %v", open)
	}
	eventually(t, "the meeting to be marked published", func() bool {
		r, err := bot.st.Meeting(m.ID)
		return err == nil && r.Published != ""
	})
}

// TestRepublishAtStart: a meeting that ended (record closed) but whose
// publishing never finished is published when the bot starts again.
func TestRepublishAtStart(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	evs := []meeting.Event{
		{Time: t0, Channel: "#meet", Nick: "alice", Text: "#startmeeting unpublished"},
		{Time: t0.Add(time.Minute), Channel: "#meet", Nick: "alice", Text: "#endmeeting"},
	}
	m := meeting.NewChannel("#meet", meeting.Options{}).Handle(evs[0]).Meeting
	rec := store.MeetingRecord{ID: m.ID, Channel: "#meet", Series: m.Series, Source: "irc", Started: t0,
		Ended: t0.Add(time.Minute), OpsAreChairs: true, BotNick: "gavel"}
	old := rec
	old.ID, old.Started, old.Ended = "old.meeting", t0.Add(-30*24*time.Hour), t0.Add(-30*24*time.Hour+time.Minute)
	for _, r := range []store.MeetingRecord{rec, old} {
		if err := st.StartMeeting(r); err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if _, err := st.Append(r.ID, ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()
	pub := &recPublisher{}
	startBot(t, cfg, pub)
	eventually(t, "the unpublished meeting to be published", func() bool { return len(pub.endedMeetings()) == 1 })
	time.Sleep(100 * time.Millisecond)
	if got := pub.endedMeetings(); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("published %d meetings; want only %s (the month-old one is left alone)", len(got), m.ID)
	}
}

// TestTwoMeetingsInOneSecond: a meeting started in the second another of
// its series started gets the next second's id, and replays the same.
func TestTwoMeetingsInOneSecond(t *testing.T) {
	srv := ircdtest.Start(t)
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	for i := 0; i < 3; i++ {
		alice.Privmsg("#meet", "#startmeeting quick")
		alice.Privmsg("#meet", "#endmeeting")
	}
	alice.Privmsg("#meet", "#startmeeting quick")
	alice.Privmsg("#meet", "#info the fourth")
	alice.Privmsg("#meet", "#commands")
	waitBot(alice, "#meet", `Available commands`)
	recs, err := bot.st.AllMeetings()
	if err != nil || len(recs) != 4 {
		t.Fatalf("%d meetings, want 4 (%v)", len(recs), err)
	}
	m := bot.meetingIn(t, "#meet")
	if m == nil || !contains(logTexts(m), "alice: #info the fourth") {
		t.Fatalf("the running meeting lost its lines")
	}
	if open, _ := bot.st.OpenMeetings(); len(open) != 1 || open[0].ID != m.ID {
		t.Errorf("open meetings %v, running %s", open, m.ID)
	}
}
