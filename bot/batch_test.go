package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
)

// TestBurstCommittedInBatches holds the worker while clients send a burst
// into a meeting on ngIRCd, so that every line is waiting when it goes on:
// the burst is committed in ceil(lines/maxBatch) store transactions
// (counted by the store, not timed), every line is recorded in the order
// each client said it, and each line is in the store before the worker
// goes on to its replies.
func TestBurstCommittedInBatches(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	chair := joinAfterBot(t, srv, "chair", "#meet")
	chair.Privmsg("#meet", "#startmeeting burst")
	waitBot(chair, "#meet", `Meeting started`)
	id := bot.meetingIn(t, "#meet").ID

	const clients, per = 4, 150
	var cs []*ircdtest.Client
	for i := 0; i < clients; i++ {
		cs = append(cs, joinAfterBot(t, srv, fmt.Sprintf("user%d", i), "#meet"))
	}
	// Each line's commit hook runs just before its replies are queued:
	// by then the store must hold it (the start is event 1).
	var mu sync.Mutex
	hooked := 0
	var early []string
	var all sync.WaitGroup
	all.Add(clients * per)
	bot.setCommitHook(func(ev meeting.Event, _ time.Time, _ time.Duration) {
		seq, err := bot.st.LastSeq(id)
		mu.Lock()
		defer mu.Unlock()
		hooked++
		if err != nil || seq < uint64(1+hooked) {
			early = append(early, fmt.Sprintf("%q at event %d: store has %d (%v)", ev.Text, 1+hooked, seq, err))
		}
		if strings.HasPrefix(ev.Text, "burst ") {
			all.Done()
		}
	})

	// Hold the worker until every line of the burst waits in its inbox.
	held, release := make(chan struct{}), make(chan struct{})
	bot.in.push(input{kind: inDo, do: func() { close(held); <-release }})
	<-held
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < per; j++ {
				c.Privmsg("#meet", fmt.Sprintf("burst %d %d", i, j))
			}
		}()
	}
	wg.Wait()
	waitFor(t, time.Minute, "ngIRCd to relay the whole burst to the bot", func() bool { return bot.in.len() == clients*per })
	before := bot.st.Commits()
	close(release)
	done := make(chan struct{})
	go func() { all.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("only %d of %d lines committed", hooked, clients*per)
	}
	commits := bot.st.Commits() - before
	if want := uint64((clients*per + maxBatch - 1) / maxBatch); commits != want {
		t.Errorf("the burst of %d waiting lines took %d commits, want %d (batches of at most %d)", clients*per, commits, want, maxBatch)
	}
	mu.Lock()
	if len(early) > 0 {
		t.Errorf("lines handed to their replies before the store held them:\n%s", strings.Join(early, "\n"))
	}
	mu.Unlock()

	chair.Privmsg("#meet", "#endmeeting")
	waitBot(chair, "#meet", `Log: `)
	m := pub.endedMeetings()[0]
	next := make([]int, clients)
	re := regexp.MustCompile(`^burst (\d+) (\d+)$`)
	for _, l := range m.Log {
		sm := re.FindStringSubmatch(l.Text)
		if sm == nil {
			continue
		}
		i, _ := strconv.Atoi(sm[1])
		j, _ := strconv.Atoi(sm[2])
		if l.Nick != fmt.Sprintf("user%d", i) || j != next[i] {
			t.Fatalf("line %q from %s out of order (want user%d line %d)", l.Text, l.Nick, i, next[i])
		}
		next[i]++
	}
	for i, n := range next {
		if n != per {
			t.Errorf("user%d: %d lines recorded, want %d", i, n, per)
		}
	}
}

// waitFor polls cond for up to d.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestKilledDuringBurst kills the bot process with SIGKILL while clients
// flood a meeting on ngIRCd, every 25th line of each an #action whose
// reply ("ACTION [aN] cX to check item J") acknowledges it and, the bot
// taking each client's lines in order, all of that client's lines before
// it. After a restart the minutes hold every acknowledged line, once, in
// each client's order.
func TestKilledDuringBurst(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	const clients, per = 4, 1000
	var cs []*ircdtest.Client
	for i := 0; i < clients; i++ {
		c := ircdtest.Dial(t, srv.Addr, fmt.Sprintf("c%d", i))
		c.Join("#meet")
		cs = append(cs, c)
	}

	child := startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	alice.Privmsg("#meet", "#startmeeting burst drill")
	waitBot(alice, "#meet", `Meeting started`)

	line := func(i, j int) string {
		if j%25 == 24 {
			return fmt.Sprintf("#action c%d to check item %d", i, j)
		}
		return fmt.Sprintf("burst %d %d", i, j)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < per; j++ {
				select {
				case <-stop:
					return
				default:
				}
				c.Privmsg("#meet", line(i, j))
			}
		}()
	}
	// Kill once a few lines were acknowledged, in the middle of the burst.
	ack := regexp.MustCompile(`^:gavel!\S+ PRIVMSG #meet :ACTION \[a\d+\] c(\d+) to check item (\d+)`)
	acked := func() []int {
		last := make([]int, clients)
		for i := range last {
			last[i] = -1
		}
		for _, l := range alice.Lines() {
			if sm := ack.FindStringSubmatch(l); sm != nil {
				i, _ := strconv.Atoi(sm[1])
				j, _ := strconv.Atoi(sm[2])
				last[i] = max(last[i], j)
			}
		}
		return last
	}
	waitFor(t, 2*time.Minute, "a few acknowledged actions", func() bool {
		n := 0
		for _, j := range acked() {
			if j >= 0 {
				n++
			}
		}
		return n >= 2
	})
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	alice.Wait(`^:gavel!\S+ QUIT`)
	last := acked() // nothing more can come from the dead bot
	close(stop)
	wg.Wait()
	t.Logf("killed; acknowledged up to %v", last)

	startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	waitBot(alice, "#meet", `Meeting resumed after a restart`)
	alice.Privmsg("#meet", "#endmeeting")
	l := waitBot(alice, "#meet", `Log: +http://minutes\.test/\S+$`)
	url := l[strings.LastIndex(l, " ")+1:]
	data, err := os.ReadFile(filepath.Join(cfg.Site.Dir, strings.TrimPrefix(url, "http://minutes.test/")))
	if err != nil {
		t.Fatal(err)
	}
	// Each client's lines in the minutes: 0, 1, 2, ... with no gap and no
	// repeat, at least up to its last acknowledged line.
	next := make([]int, clients)
	re := regexp.MustCompile(`<c(\d+)> (.*)$`)
	for _, l := range strings.Split(string(data), "\n") {
		sm := re.FindStringSubmatch(l)
		if sm == nil {
			continue
		}
		i, _ := strconv.Atoi(sm[1])
		if sm[2] != line(i, next[i]) {
			t.Fatalf("c%d: %q in the minutes where line %d (%q) was due", i, sm[2], next[i], line(i, next[i]))
		}
		next[i]++
	}
	for i := range next {
		if next[i] <= last[i] {
			t.Errorf("c%d: %d lines in the minutes, but line %d was acknowledged", i, next[i], last[i])
		}
	}
}

// TestBatchFallsBackLineByLine: a batch holding a line the store refuses
// (here: a line of a meeting the store never had) is taken again line by
// line: the other lines are stored once each, in order, with their
// replies; the refused line is named in its channel; the engine and the
// store agree afterwards.
func TestBatchFallsBackLineByLine(t *testing.T) {
	cfg := testConfig(t, "127.0.0.1:1", "", "")
	st, err := openStore(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Truncate(time.Second)
	ev := func(sec int, channel, nick, text string) input {
		return input{kind: inChannel, ev: meeting.Event{Time: t0.Add(time.Duration(sec) * time.Second), Channel: channel, Nick: nick, Text: text}, arrived: time.Now()}
	}
	// A meeting in #meet, stored; one in #other that only the engine has.
	b.handleAll(t.Context(), []input{ev(0, "#meet", "alice", "#startmeeting kept")})
	b.channel("#other").eng.Handle(meeting.Event{Time: t0, Channel: "#other", Nick: "bob", Text: "#startmeeting lost"})
	before := st.Commits()
	b.handleAll(t.Context(), []input{
		ev(1, "#meet", "alice", "one"),
		ev(2, "#other", "bob", "refused"),
		ev(3, "#meet", "alice", "#chair carol"),
		ev(4, "#meet", "alice", "three"),
	})
	if n := st.Commits() - before; n != 3 {
		t.Errorf("%d commits after the failed batch, want 3 (the #meet lines one by one)", n)
	}
	m := b.channel("#meet").eng.Meeting()
	evs, err := st.Events(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.Text)
	}
	if want := []string{"#startmeeting kept", "one", "#chair carol", "three"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("stored %q, want %q", got, want)
	}
	replayed, err := st.Replay(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(logTexts(m), "\n") != strings.Join(logTexts(replayed), "\n") {
		t.Errorf("the engine holds\n%s\nthe store replays to\n%s", joinLines(logTexts(m)), joinLines(logTexts(replayed)))
	}
	rec, err := st.Meeting(m.ID)
	if err != nil || rec.Title != "kept" {
		t.Errorf("record %+v, %v", rec, err)
	}
	said := map[string][]string{}
	for {
		e, tg := b.out.next()
		if e == nil {
			break
		}
		said[e.Params[0]] = append(said[e.Params[0]], e.Params[1])
		b.out.pop(tg)
	}
	if l := said["#meet"]; len(l) == 0 || !strings.Contains(strings.Join(l, "\n"), "Current chairs: alice carol") {
		t.Errorf("#meet heard %q", l)
	}
	if l := said["#other"]; len(l) != 1 || !strings.Contains(l[0], "saving bob's line to the store failed") {
		t.Errorf("#other heard %q", l)
	}
}
