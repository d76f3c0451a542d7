package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestTimeBoxAndScheduleNotices: on a real ngIRCd, with the timers' clock
// moved forward by the test: a topic with (10m) gets "10 minutes on this
// topic: #next?" once its time is up, an #agenda item with a time-box
// opened by #next too; a scheduled meeting (duration 30m) hears 5 minutes
// before its end and, as another meeting is scheduled right after in the
// channel, at its end. Each notice is said once.
func TestTimeBoxAndScheduleNotices(t *testing.T) {
	srv := ircdtest.Start(t)
	t0 := time.Now().UTC().Truncate(time.Minute)
	t1 := t0.Add(30 * time.Minute)
	tail := fmt.Sprintf(`[[schedule]]
channel = "#meet"
cron = "CRON_TZ=UTC %d %d * * *"
duration = "30m"
series = "weekly"
[[schedule]]
channel = "#meet"
cron = "CRON_TZ=UTC %d %d * * *"
title = "Infra sync"
`, t0.Minute(), t0.Hour(), t1.Minute(), t1.Hour())
	cfg := testConfig(t, srv.Addr, "", tail)
	var ahead atomic.Int64
	startBotWith(t, cfg, func(o *Options, _ *store.Store) {
		o.TimerEvery = 20 * time.Millisecond
		o.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	})
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting Weekly")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#agenda add Budget (10m)")
	waitBot(alice, "#meet", `Agenda item 1 added`)
	alice.Privmsg("#meet", "#next")
	waitBot(alice, "#meet", `Agenda item 1 of 1: Budget \(10m\)$`)
	started := time.Now()
	ahead.Store(int64(10*time.Minute + time.Second))
	waitBot(alice, "#meet", `10 minutes on this topic: #next\?$`)
	alice.Privmsg("#meet", "#topic Venue (15m)")
	alice.Wait(`^:gavel!\S+ TOPIC #meet :Venue \(15m\)$`)
	ahead.Store(int64(16 * time.Minute))
	waitBot(alice, "#meet", `15 minutes on this topic: #next\?$`)
	if t0.Add(26 * time.Minute).Before(started.Add(time.Duration(ahead.Load()))) {
		t.Fatalf("the clock is past the 5-minute notice already (started %v, t0 %v)", started, t0)
	}
	ahead.Store(int64(t0.Add(26 * time.Minute).Sub(started)))
	waitBot(alice, "#meet", `5 minutes left: this meeting is scheduled to end at `+t1.Format("15:04")+` UTC\.$`)
	ahead.Store(int64(t0.Add(30*time.Minute).Sub(started)) + int64(time.Second))
	waitBot(alice, "#meet", `Time is up: the Infra sync meeting starts in this channel at `+t1.Format("15:04")+` UTC\. #endmeeting\?$`)
	time.Sleep(300 * time.Millisecond) // many timer checks
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
	count := map[string]int{}
	for _, l := range alice.Lines() {
		for _, k := range []string{"10 minutes on this topic", "15 minutes on this topic", "5 minutes left", "Time is up"} {
			if strings.Contains(l, k) {
				count[k]++
			}
		}
	}
	for _, k := range []string{"10 minutes on this topic", "15 minutes on this topic", "5 minutes left", "Time is up"} {
		if count[k] != 1 {
			t.Errorf("%q said %d times, want once", k, count[k])
		}
	}
}

// TestIdleEndAcrossKill: a meeting nobody speaks in is ended by the bot
// after [meeting] idle_end, also when the bot was killed (SIGKILL) in
// between: the restarted bot, whose clock is 3 hours on, resumes the
// meeting from the store, ends it with a notice at the last line + 2h and
// publishes the minutes.
func TestIdleEndAcrossKill(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "[meeting]\nidle_end = \"2h\"\n")
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	child := startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	alice.Privmsg("#meet", "#startmeeting forgotten")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#info the last line")
	alice.Privmsg("#meet", "#commands")
	waitBot(alice, "#meet", `Available commands`)
	said := time.Now()
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	alice.Wait(`^:gavel!\S+ QUIT`)

	again := startChildB(t, cfg.Path, clockEnv+"=3h")
	waitBot(alice, "#meet", `Nobody said a line in this meeting for 2h: ending it\.$`)
	waitBot(alice, "#meet", `Meeting ended`)
	line := waitBot(alice, "#meet", `Log: +http://minutes\.test/\S+$`)
	url := line[strings.LastIndex(line, " ")+1:]
	data, err := os.ReadFile(filepath.Join(cfg.Site.Dir, strings.TrimPrefix(url, "http://minutes.test/")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "<alice> #info the last line\n") || !strings.Contains(string(data), "<gavel> Nobody said a line in this meeting for 2h: ending it.\n") {
		t.Errorf("published log:\n%s", data)
	}
	if err := again.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(cfg.Store.Path, store.Options{LockTimeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.AllMeetings()
	if err != nil || len(recs) != 1 || recs[0].Open() {
		t.Fatalf("meetings %+v, %v", recs, err)
	}
	if d := recs[0].Ended.Sub(said); d < 2*time.Hour-5*time.Second || d > 2*time.Hour+5*time.Second {
		t.Errorf("ended %v after the last line, want 2h", d)
	}
}
