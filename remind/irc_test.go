package remind

// Acceptance tests on a real ngIRCd. ircMessenger below is a minimal
// Messenger on girc (a real IRC client, not a mock), written before the bot
// package implemented Messenger; the crash test and bot_test.go use the
// live bot itself. Owners and watchers are internal/ircdtest clients.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/bot"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
	"github.com/lrstanley/girc"
)

const planning = "#fudcon-planning"

// ircMessenger delivers through a girc client joined to the channels.
type ircMessenger struct {
	c      *girc.Client
	joined chan struct{}
	done   chan struct{}
}

// startMessenger connects nick to addr, joins channel, and calls onSeen
// (in the background) for every other nick that joins or speaks.
func startMessenger(t testing.TB, addr, nick, channel string, onSeen func(nick string)) *ircMessenger {
	t.Helper()
	host, portS, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portS)
	c := girc.New(girc.Config{Server: host, Port: port, Nick: nick, User: nick, Name: "gavel test",
		AllowFlood: true, RecoverFunc: girc.DefaultRecoverHandler})
	m := &ircMessenger{c: c, joined: make(chan struct{}), done: make(chan struct{})}
	c.Handlers.Add(girc.RPL_WELCOME, func(c *girc.Client, e girc.Event) { c.Cmd.Join(channel) })
	c.Handlers.Add(girc.RPL_ENDOFNAMES, func(c *girc.Client, e girc.Event) {
		select {
		case <-m.joined:
		default:
			close(m.joined)
		}
	})
	seen := func(c *girc.Client, e girc.Event) {
		if e.Source != nil && onSeen != nil && !strings.EqualFold(e.Source.Name, c.GetNick()) {
			onSeen(e.Source.Name)
		}
	}
	c.Handlers.AddBg(girc.JOIN, seen)
	c.Handlers.AddBg(girc.PRIVMSG, seen)
	go func() {
		defer close(m.done)
		_ = c.Connect()
	}()
	t.Cleanup(m.close)
	select {
	case <-m.joined:
	case <-time.After(10 * time.Second):
		t.Fatalf("girc messenger %s did not join %s", nick, channel)
	}
	return m
}

func (m *ircMessenger) close() {
	m.c.Close()
	<-m.done
}

// Online implements Messenger: the nick is in a channel the bot shares.
func (m *ircMessenger) Online(nick string) bool { return m.c.LookupUser(nick) != nil }

// Send implements Messenger.
func (m *ircMessenger) Send(ctx context.Context, nick, text string) error {
	if !m.c.IsConnected() {
		return errors.New("not connected")
	}
	m.c.Cmd.Message(nick, text)
	return nil
}

// Say implements Messenger.
func (m *ircMessenger) Say(ctx context.Context, channel, text string) error {
	return m.Send(ctx, channel, text)
}

// waitOnline waits until the messenger sees nick (girc state updates after
// the JOIN/NAMES lines arrive).
func (m *ircMessenger) waitOnline(t testing.TB, nick string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !m.Online(nick) {
		if time.Now().After(deadline) {
			t.Fatalf("messenger never saw %s", nick)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// count returns how many received lines match pattern.
func count(c *ircdtest.Client, pattern string) int {
	re := regexp.MustCompile(pattern)
	n := 0
	for _, l := range c.Lines() {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

func TestIRCOnlineOwnerGetsThePing(t *testing.T) {
	srv := ircdtest.Start(t)
	owner := ircdtest.Dial(t, srv.Addr, "saleem")
	owner.Join(planning)
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"Saleem Ansari"}, Due: "2026-08-20"})
	clock := newClock("2026-08-13T03:30:00Z")
	m := startMessenger(t, srv.Addr, "gavel", planning, nil)
	m.waitOnline(t, "saleem")
	r := newReminder(t, parseConfig(t, ""), st, m, clock)
	tick(t, r)
	owner.Wait(`^:gavel!\S+ PRIVMSG saleem :Reminder: \[a1\] Website \+ voting \(due Thu 2026-08-20, in 7 days\)$`)
	owner.Wait(`^:gavel!\S+ PRIVMSG saleem :Reply to me privately`)
	tick(t, r)
	m.Send(context.Background(), "saleem", "sentinel")
	owner.Wait(`PRIVMSG saleem :sentinel$`)
	if n := count(owner, `PRIVMSG saleem :Reminder:`); n != 1 {
		t.Fatalf("owner got %d reminders, want 1", n)
	}
}

func TestIRCOfflineOwnerGetsThePingWhenJoining(t *testing.T) {
	srv := ircdtest.Start(t)
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a7", Text: "Badges for speakers", Owners: []string{"PY"}, Due: "2026-08-20"})
	clock := newClock("2026-08-20T13:00:00Z") // 09:00 EDT
	var r *Reminder
	seen := make(chan string, 8)
	m := startMessenger(t, srv.Addr, "gavel", planning, func(nick string) { seen <- nick })
	r = newReminder(t, parseConfig(t, ""), st, m, clock)
	tick(t, r)
	if held, _ := st.Held("remind:pingou"); len(held) != 1 {
		t.Fatalf("reminder for the offline owner not held: %v", held)
	}
	owner := ircdtest.Dial(t, srv.Addr, "pingou")
	owner.Join(planning)
	// The bot's JOIN handler calls OnSeen.
	select {
	case nick := <-seen:
		if _, err := r.OnSeen(context.Background(), nick); err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the bot never saw pingou join")
	}
	owner.Wait(`^:gavel!\S+ PRIVMSG pingou :Reminder: \[a7\] Badges for speakers \(due Thu 2026-08-20, today\)$`)
	// Speaking again delivers nothing more.
	owner.Privmsg(planning, "hello")
	if _, err := r.OnSeen(context.Background(), <-seen); err != nil {
		t.Fatal(err)
	}
	// And the owner answers privately.
	reply, handled := r.OnPrivmsg(context.Background(), "pingou", "done a7")
	if !handled || reply != "[a7] marked done: Badges for speakers" {
		t.Fatalf("done: %q %v", reply, handled)
	}
	m.Send(context.Background(), "pingou", "sentinel")
	owner.Wait(`PRIVMSG pingou :sentinel$`)
	if n := count(owner, `PRIVMSG pingou :Reminder:`); n != 1 {
		t.Fatalf("owner got %d reminders, want 1", n)
	}
}

func TestIRCAnnouncementOnSchedule(t *testing.T) {
	srv := ircdtest.Start(t)
	watcher := ircdtest.Dial(t, srv.Addr, "kushal")
	watcher.Join(planning)
	st := openStore(t)
	put(t, st, store.ActionRecord{ID: "a1", Text: "Book hotels", Owners: []string{"PJP"}, Due: "2026-08-10", Series: "fudcon"})
	clock := newClock("2026-08-14T11:55:00Z")
	m := startMessenger(t, srv.Addr, "gavel", planning, nil)
	r := newReminder(t, parseConfig(t, ""), st, m, clock)
	tick(t, r)
	clock.Set(utc("2026-08-14T12:00:00Z"))
	tick(t, r)
	watcher.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Reminder: the fudcon meeting starts in 1 hour \(Fri 2026-08-14 13:00 UTC \(18:30 IST\)\) in #fudcon-planning\. Agenda: https://fedoraproject\.org/wiki/FUDCon:India_2011_planning$`)
	watcher.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Open action items \(1\): \[a1\] Book hotels \(PJP, due 2026-08-10\)$`)
	clock.Set(utc("2026-08-14T12:50:00Z"))
	tick(t, r)
	tick(t, r)
	watcher.Wait(`PRIVMSG #fudcon-planning :Reminder: the fudcon meeting starts in 10 minutes`)
	m.Say(context.Background(), planning, "sentinel")
	watcher.Wait(`PRIVMSG #fudcon-planning :sentinel$`)
	if n := count(watcher, `PRIVMSG #fudcon-planning :Reminder: the fudcon meeting`); n != 2 {
		t.Fatalf("%d announcements, want 2", n)
	}
}

// The crash test runs the reminder in a child process (this test binary,
// re-executed) so that it can be SIGKILLed at an exact point.
const (
	envChild = "GAVEL_REMIND_CHILD"
	envAddr  = "GAVEL_REMIND_ADDR"
	envStore = "GAVEL_REMIND_STORE"
	envNow   = "GAVEL_REMIND_NOW"
	envNick  = "GAVEL_REMIND_NICK"
)

// TestCrashChild is the child's body: the live bot and the reminder, wired
// as in "gavel run". It does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("only runs as the child of TestIRCCrashAndRestartPingsOnce")
	}
	st, err := store.Open(os.Getenv(envStore), store.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := parseConfig(t, "[irc]\nserver = \""+os.Getenv(envAddr)+"\"\nnick = \""+os.Getenv(envNick)+
		"\"\nchannels = [\""+planning+"\"]\nsend_interval = \"1ms\"\n")
	var r *Reminder
	b, err := bot.New(bot.Options{Config: cfg, Store: st,
		OnSeen:    func(ctx context.Context, nick string) { r.OnSeen(ctx, nick) },
		OnPrivate: func(ctx context.Context, nick, text string) (string, bool) { return r.OnPrivmsg(ctx, nick, text) }})
	if err != nil {
		t.Fatal(err)
	}
	r = newReminder(t, cfg, st, b, newClock(os.Getenv(envNow)))
	if mode == "kill-after-commit" {
		r.afterCommit = func(keys []string) {
			fmt.Println("committed", keys)
			os.Stdout.Sync()
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	go b.Run(context.Background())
	deadline := time.Now().Add(20 * time.Second)
	for !b.Online("saleem") {
		if time.Now().After(deadline) {
			t.Fatal("the bot never saw saleem")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// What Start does first: the catch-up tick.
	tick(t, r)
	// Tell the parent this run is over, then wait to be killed.
	b.Send(context.Background(), "saleem", "sentinel "+os.Getenv(envNick))
	select {}
}

// runChild runs TestCrashChild in mode and returns once it died by itself
// (kill-after-commit) or once the owner saw its sentinel (then it is killed).
func runChild(t *testing.T, mode, addr, storePath, now, nick string, owner *ircdtest.Client) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envAddr+"="+addr, envStore+"="+storePath, envNow+"="+now, envNick+"="+nick)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	if mode == "kill-after-commit" {
		select {
		case err := <-waited:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child did not die by SIGKILL: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "committed [remind/a1/saleem/") {
				t.Fatalf("child died before committing:\n%s", out.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("child did not crash:\n%s", out.String())
		}
		return
	}
	if _, err := owner.WaitErr(regexp.MustCompile(`PRIVMSG saleem :sentinel `+nick+`$`), 30*time.Second); err != nil {
		cmd.Process.Kill()
		<-waited
		t.Fatalf("%v\nchild output:\n%s", err, out.String())
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-waited
}

func TestIRCCrashAndRestartPingsOnce(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in the child")
	}
	srv := ircdtest.Start(t)
	owner := ircdtest.Dial(t, srv.Addr, "saleem")
	owner.Join(planning)
	path := t.TempDir() + "/gavel.db"
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	put(t, st, store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"saleem"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a2", Text: "Mirror", Owners: []string{"saleem"}, Due: "2026-08-27"})
	st.Close()

	const due = "2026-08-13T03:30:00Z" // a1: 7 days before, 09:00 IST
	// 1. Killed right after the reminder was committed, before delivery.
	runChild(t, "kill-after-commit", srv.Addr, path, due, "gavel1", owner)
	// 2. Restarted at the same instant: the catch-up delivers the held
	//    reminder; the sweep finds the mark and does not make another.
	runChild(t, "run", srv.Addr, path, due, "gavel2", owner)
	// 3. Killed after delivery and restarted a minute later: nothing new.
	runChild(t, "run", srv.Addr, path, "2026-08-13T03:31:00Z", "gavel3", owner)
	if n := count(owner, `PRIVMSG saleem :Reminder: \[a1\] Website \+ voting`); n != 1 {
		t.Fatalf("owner got %d reminders for a1, want exactly 1:\n%s", n, strings.Join(owner.Lines(), "\n"))
	}
	// 4. A week later (a2's 7-day ping and a1's day-of ping): one message.
	runChild(t, "run", srv.Addr, path, "2026-08-20T03:30:00Z", "gavel4", owner)
	if n := count(owner, `PRIVMSG saleem :Reminder: 2 of your action items`); n != 1 {
		t.Fatalf("week-later reminder: %d\n%s", n, strings.Join(owner.Lines(), "\n"))
	}
	if n := count(owner, `PRIVMSG saleem :Reminder:`); n != 2 {
		t.Fatalf("owner got %d reminders in all, want 2:\n%s", n, strings.Join(owner.Lines(), "\n"))
	}
}
