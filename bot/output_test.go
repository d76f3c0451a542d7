package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/store"
)

// TestQueueOrder: channels before nicks, one line per target in turn
// within a class, each target's lines in the order pushed.
func TestQueueOrder(t *testing.T) {
	q := newQueue(0, 1)
	msg := func(target, text string) *girc.Event {
		return &girc.Event{Command: girc.PRIVMSG, Params: []string{target, text}}
	}
	q.push(msg("alice", "p1"), msg("alice", "p2"), msg("bob", "p3"))
	q.push(msg("#a", "a1"), msg("#a", "a2"), msg("#a", "a3"))
	q.push(msg("#b", "b1"))
	q.push(msg("#A", "a4")) // the same channel, RFC 1459 case folded
	var got []string
	for {
		e, tg := q.next()
		if e == nil {
			break
		}
		got = append(got, e.Last())
		q.pop(tg)
		if len(got) == 2 {
			q.push(msg("#c", "c1")) // a new channel joins the round
		}
	}
	want := "a1 b1 a2 c1 a3 a4 p1 p3 p2"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("order %q, want %q", g, want)
	}
	if q.len() != 0 || len(q.targets) != 0 {
		t.Errorf("queue not empty after draining: %d lines, %d targets", q.len(), len(q.targets))
	}
}

// outConfig is testConfig with pacing slow enough that the queue fills
// (interval, burst 1) and the given channels.
func outConfig(t *testing.T, addr string, interval string, chans []string) *config.Config {
	cfg := testConfig(t, addr, "", "")
	cfg.IRC.Channels = chans
	d, err := time.ParseDuration(interval)
	if err != nil {
		t.Fatal(err)
	}
	cfg.IRC.SendInterval.Duration = d
	cfg.IRC.SendBurst = 1
	return cfg
}

// TestChannelBeforePrivate: 60 private "help" messages, then a
// #startmeeting, all queued while the output is held. The channel's
// "Meeting started" goes out before the private reply lines (one queue
// for everything sent it after all of them); of those only
// maxPrivateWaiting wait, the rest are dropped and counted in one line.
func TestChannelBeforePrivate(t *testing.T) {
	srv := ircdtest.Start(t)
	r := startBot(t, outConfig(t, srv.Addr, "20ms", []string{"#meet"}), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	release := r.holdOutput()
	for range 60 {
		alice.Privmsg("gavel", "help")
	}
	alice.Privmsg("#meet", "#startmeeting busy")
	// 60 private help replies (two lines of introduction, then one line
	// per private command), then the start's three.
	// At most maxPrivateWaiting of them wait; the rest are dropped.
	perHelp := 2 + len(privateHelp) + len(r.opt.PrivateHelp)
	private := min(60*perHelp, maxPrivateWaiting)
	dropped := 60*perHelp - private
	if dropped == 0 {
		t.Fatalf("60 helps of %d lines fit the cap of %d lines per nick: the test needs more", perHelp, maxPrivateWaiting)
	}
	eventually(t, fmt.Sprintf("%d lines queued", private+3), func() bool { return r.out.len() == private+3 })
	release()
	waitBot(alice, "#meet", `Meeting started`)
	before := 0
	for _, l := range alice.Lines() {
		if strings.Contains(l, "Meeting started") {
			break
		}
		if regexp.MustCompile(`^:gavel!\S+ PRIVMSG alice :`).MatchString(l) {
			before++
		}
	}
	if before != 0 {
		t.Errorf("%d private replies went out before the channel's \"Meeting started\"; want none (one queue sent all %d first)", before, private)
	}
	// Every queued private reply still arrives, in order, then one line
	// saying how many were dropped; the channel lost nothing.
	for range private {
		l := alice.Wait(`^:gavel!\S+ PRIVMSG alice :`)
		if strings.Contains(l, "dropped") {
			t.Fatalf("the dropped notice came before the %d queued replies: %q", private, l)
		}
	}
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :` + regexp.QuoteMeta(droppedNotice(dropped)) + `$`)
	if !strings.Contains(strings.Join(alice.Lines(), "\n"), "PRIVMSG #meet :Useful commands") {
		t.Error("the channel's second line is missing")
	}
	alice.Privmsg("gavel", "help")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :I am gavel`) // answered again once the queue drained
}

// TestFairAcrossChannels: 100 channels start a meeting at once (queued
// while the output is held); every channel's "Meeting started" goes out
// before the second line ("Useful commands") of any, not interleaved
// channel by channel as with one FIFO.
func TestFairAcrossChannels(t *testing.T) {
	srv := ircdtest.Start(t)
	var chans []string
	for i := range 100 {
		chans = append(chans, "#fair-"+itoa(i))
	}
	r := startBot(t, outConfig(t, srv.Addr, "5ms", chans), nil)
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	joinAll(alice, chans)
	release := r.holdOutput()
	var b strings.Builder
	for _, ch := range chans {
		b.WriteString("PRIVMSG " + ch + " :#startmeeting\r\n")
	}
	alice.RawBytes([]byte(b.String()))
	eventually(t, "200 lines queued", func() bool { return r.out.len() == 200 })
	release()
	started, useful, usefulBeforeLast := 0, 0, 0
	for started < len(chans) {
		l := alice.Wait(`^:gavel!\S+ PRIVMSG #fair-\d+ :(Meeting started|Useful commands)`)
		if strings.Contains(l, "Meeting started") {
			started++
			usefulBeforeLast = useful
		} else {
			useful++
		}
	}
	// One FIFO sent 99 "Useful commands" lines before the last start.
	if usefulBeforeLast != 0 {
		t.Errorf("%d \"Useful commands\" lines went out before the last \"Meeting started\" of 100 channels; want every start first", usefulBeforeLast)
	}
}

// holdOutput keeps the bot's queue from sending, as while it is not
// registered, until release is called: the test fills the queue first,
// so the order it sees does not depend on how fast the machine is.
func (r *running) holdOutput() (release func()) {
	r.registered.Store(false)
	return func() {
		r.registered.Store(true)
		r.out.kick()
	}
}

// joinAll joins c to chans, in JOIN lines that fit the line limit.
func joinAll(c *ircdtest.Client, chans []string) {
	for _, batch := range joinBatches(chans, 400) {
		c.Raw("JOIN " + batch)
	}
	c.Wait(`^:\S+ 366 ` + c.Nick + ` ` + regexp.QuoteMeta(chans[len(chans)-1]) + ` `)
}

// TestStatusOneLine: with many meetings in progress, "status" is one line
// naming how many; "status #chan" details one.
func TestStatusOneLine(t *testing.T) {
	srv := ircdtest.Start(t)
	var chans []string
	for i := range 40 {
		chans = append(chans, "#status-"+itoa(i))
	}
	startBot(t, outConfig(t, srv.Addr, "1ms", chans), nil)
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	joinAll(alice, chans)
	for _, ch := range chans {
		alice.Privmsg(ch, "#startmeeting")
	}
	for range chans {
		alice.Wait(`Meeting started`)
	}
	alice.Privmsg("gavel", "status")
	l := alice.Wait(`^:gavel!\S+ PRIVMSG alice :40 meeting\(s\) in progress: #status-0, #status-1,.* and \d+ more\. "status #channel" for one\.$`)
	alice.Privmsg("gavel", "status #status-7")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :#status-7: 'status-7' since .* started by alice, \d+ lines; chairs: alice\.$`)
	alice.Privmsg("gavel", "help") // a marker: everything status said came before it
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :I am gavel`)
	n := 0
	for _, x := range alice.Lines() {
		if regexp.MustCompile(`^:gavel!\S+ PRIVMSG alice :(#status-|\d+ meeting)`).MatchString(x) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("status said %d lines for two questions; want one each (first: %q)", n, l)
	}
}

// TestCTCPPaced: ten clients send ten CTCP PINGs with 400-byte payloads
// and ten unknown CTCP queries each. They are answered through the paced
// queue: no more lines than the configured rate allows, at most one
// waiting reply per nick, nothing for the unknown queries, and a PING
// reply echoes its payload cut to the line limit.
func TestCTCPPaced(t *testing.T) {
	srv := ircdtest.Start(t)
	const interval, burst = 200 * time.Millisecond, 2
	cfg := outConfig(t, srv.Addr, "200ms", []string{"#meet"})
	cfg.IRC.SendBurst = burst
	startBot(t, cfg, nil)
	var clients []*ircdtest.Client
	for i := range 10 {
		clients = append(clients, ircdtest.Dial(t, srv.Addr, "flood"+itoa(i)))
	}
	payload := strings.Repeat("p", 400)
	start := time.Now()
	for _, c := range clients {
		var b strings.Builder
		for i := range 10 {
			b.WriteString("PRIVMSG gavel :\x01PING " + itoa(i) + payload + "\x01\r\n")
			b.WriteString("PRIVMSG gavel :\x01FROB" + itoa(i) + "\x01\r\n")
		}
		b.WriteString("PRIVMSG gavel :help\r\n") // a marker after the flood
		c.RawBytes([]byte(b.String()))
	}
	for _, c := range clients {
		c.Wait(`^:gavel!\S+ PRIVMSG ` + c.Nick + ` :Private commands`)
	}
	elapsed := time.Since(start)
	var lines, pings int
	for _, c := range clients {
		for _, l := range c.Lines() {
			if !strings.HasPrefix(l, ":gavel!") {
				continue
			}
			lines++
			if strings.Contains(l, "FROB") || strings.Contains(l, "ERRMSG") {
				t.Errorf("answered an unknown CTCP query: %q", l)
			}
			if regexp.MustCompile(`NOTICE \S+ :\x01PING \d+p+\x01$`).MatchString(l) {
				pings++
				if len(l) > cfg.IRC.LineLimit {
					t.Errorf("PING reply of %d bytes, over the line limit %d", len(l), cfg.IRC.LineLimit)
				}
			}
		}
	}
	// The bucket allows burst lines, then one per interval (girc's own
	// handlers answered all 200 queries at once).
	if allowed := burst + int(elapsed/interval) + 1; lines > allowed {
		t.Errorf("the bot sent %d lines in %v; the configured rate allows %d", lines, elapsed, allowed)
	}
	if pings == 0 {
		t.Error("no PING was answered")
	}
	// A VERSION query once the flood is over is answered.
	clients[0].Privmsg("gavel", "\x01VERSION\x01")
	clients[0].Wait(`^:gavel!\S+ NOTICE flood0 :\x01VERSION ` + ctcpVersion + `\x01$`)
}

// sitePub publishes with the real site builder (package publisher) into
// a folder, as gavel run does.
type sitePub struct{ pub *publisher.Publisher }

func (p sitePub) MeetingEnded(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	if _, err := p.pub.PublishMeeting(ctx, m.ID); err != nil {
		return nil, &StepError{Step: "writing the site", Err: err}
	}
	return map[string]string{"html": "http://minutes.test/" + m.ID}, nil
}

func (p sitePub) MeetingSaved(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	return p.MeetingEnded(ctx, m)
}

// syncBuffer is a bytes.Buffer for a logger written from goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPublishFailureNoPath: when publishing fails (the site folder is a
// file, so no page can be written), the channel is told which meeting and
// which step failed, and no server path; the log has the whole error.
func TestPublishFailureNoPath(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	if err := os.WriteFile(cfg.Site.Dir, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	b := startBotWith(t, cfg, func(o *Options, st *store.Store) {
		pub, err := publisher.New(publisher.StoreSource{Store: st}, publisher.Options{Dir: cfg.Site.Dir, BaseURL: cfg.Site.BaseURL, Clock: time.Now})
		if err != nil {
			t.Fatal(err)
		}
		o.Publisher = sitePub{pub}
		o.Log = slog.New(slog.NewTextHandler(&logs, nil))
	})
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting doomed")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#endmeeting")
	l := waitBot(alice, "#meet", `gavel: publishing the minutes`)
	recs, err := b.st.AllMeetings()
	if err != nil || len(recs) != 1 {
		t.Fatalf("meetings: %v, %v", recs, err)
	}
	id := recs[0].ID
	if want := "gavel: publishing the minutes (writing the site) failed for meeting " + id + "; the details are in the bot's log."; !strings.HasSuffix(l, ":"+want) {
		t.Errorf("channel was told %q; want %q", l, want)
	}
	dir := filepath.Dir(cfg.Site.Dir)
	for _, x := range alice.Lines() {
		if strings.Contains(x, dir) || strings.Contains(x, "/tmp") {
			t.Errorf("a server path reached the channel: %q", x)
		}
	}
	eventually(t, "the full error in the log", func() bool {
		s := logs.String()
		return strings.Contains(s, id) && strings.Contains(s, cfg.Site.Dir)
	})
}
