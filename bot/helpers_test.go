package bot

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// testConfig returns a configuration for a bot on the server at addr, with
// fast pacing and reconnects; extra is more TOML appended to [irc].
func testConfig(t testing.TB, addr, extra string, tail string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if !regexp.MustCompile(`(?m)^nick\s*=`).MatchString(extra) {
		extra = "nick = \"gavel\"\n" + extra
	}
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#meet"]
send_interval = "1ms"
send_burst = 50
reconnect_min = "50ms"
reconnect_max = "300ms"
%s
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://minutes.test/"
%s
`, addr, extra, tail)
	name := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// recPublisher records what it was asked to publish and returns fake URLs.
type recPublisher struct {
	mu    sync.Mutex
	ended []*meeting.Meeting
	saved []*meeting.Meeting
}

func (p *recPublisher) MeetingEnded(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = append(p.ended, m)
	return map[string]string{"html": "http://minutes.test/" + m.ID + ".html", "txt": "http://minutes.test/" + m.ID + ".txt", "log": "http://minutes.test/" + m.ID + ".log.html"}, nil
}

func (p *recPublisher) MeetingSaved(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.saved = append(p.saved, m)
	return map[string]string{"html": "http://minutes.test/" + m.ID + ".html"}, nil
}

func (p *recPublisher) endedMeetings() []*meeting.Meeting {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*meeting.Meeting(nil), p.ended...)
}

// running is a bot started by startBot.
type running struct {
	*Bot
	st     *store.Store
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned, with err set
	err    error
}

// stop cancels the bot and waits for Run to return.
func (r *running) stop(t testing.TB) {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		if r.err != nil {
			t.Errorf("Run: %v", r.err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return 15s after cancel")
	}
}

// startBot runs a bot with cfg and pub (may be nil) and waits until it has
// registered. It is stopped, and its store closed, in t.Cleanup.
func startBot(t testing.TB, cfg *config.Config, pub Publisher) *running {
	t.Helper()
	return startBotWith(t, cfg, func(o *Options, _ *store.Store) {
		if pub != nil {
			o.Publisher = pub
		}
	})
}

// startBotWith is startBot with the options changed by mod (given the
// open store) before the bot is made.
func startBotWith(t testing.TB, cfg *config.Config, mod func(*Options, *store.Store)) *running {
	t.Helper()
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Config: cfg, Store: st, RegainEvery: 200 * time.Millisecond}
	mod(&opt, st)
	if testing.Verbose() && os.Getenv("GAVEL_IRC_DEBUG") != "" {
		opt.Debug = os.Stderr
	}
	b, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Bot: b, st: st, cancel: cancel, done: make(chan struct{})}
	go func() { r.err = b.Run(ctx); close(r.done) }()
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			cancel()
			select {
			case <-r.done:
			case <-time.After(15 * time.Second):
				t.Error("bot did not stop")
			}
			st.Close()
		})
	})
	select {
	case <-b.connected:
	case <-time.After(10 * time.Second):
		t.Fatal("bot did not register within 10s")
	}
	for _, ch := range cfg.AllChannels() {
		eventually(t, "the bot to join "+ch, func() bool { return b.client.IsInChannel(ch) })
	}
	return r
}

// joinAfterBot connects nick, waits until the bot is in channel (so the bot
// created it and is its operator), and joins.
func joinAfterBot(t testing.TB, srv *ircdtest.Server, nick, channel string) *ircdtest.Client {
	t.Helper()
	c := ircdtest.Dial(t, srv.Addr, nick)
	c.Join(channel)
	return c
}

// waitBot waits for a PRIVMSG from the bot matching re (a regexp of the text).
func waitBot(c *ircdtest.Client, target, re string) string {
	return c.Wait(`^:gavel!\S+ PRIVMSG ` + target + ` :` + re)
}

// eventually polls cond for up to 10s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// logTexts returns "nick: text" for every line of m's log.
func logTexts(m *meeting.Meeting) []string {
	var out []string
	for _, l := range m.Log {
		out = append(out, l.Nick+": "+l.Text)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinLines(ls []string) string { return strings.Join(ls, "\n") }

// meetingIn returns a replay of the open meeting in channel from the store
// (nil when none): what a restart would resume.
func (r *running) meetingIn(t testing.TB, channel string) *meeting.Meeting {
	t.Helper()
	recs, err := r.st.OpenMeetings()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if strings.EqualFold(rec.Channel, channel) {
			m, err := r.st.Replay(rec.ID)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	return nil
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// startMockBot runs a bot whose connections are net.Pipes given to girc's
// MockConnect; each new connection's server end, registered (001 sent),
// is sent on servers.
func startMockBot(t *testing.T, cfg *config.Config, pub Publisher, servers chan<- *pipeServer) *running {
	t.Helper()
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Config: cfg, Store: st, Publisher: pub})
	if err != nil {
		t.Fatal(err)
	}
	b.connect = func() error {
		client, server := net.Pipe()
		go func() {
			srv := newPipeServer(t, server)
			srv.next("USER")
			srv.send(":irc 001 gavel :Welcome")
			servers <- srv
		}()
		return b.client.MockConnect(client)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Bot: b, st: st, cancel: cancel, done: make(chan struct{})}
	go func() { r.err = b.Run(ctx); close(r.done) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
		st.Close()
	})
	return r
}

// setCommitHook installs (or with nil removes) the commit observer.
func (b *Bot) setCommitHook(h commitHook) {
	if h == nil {
		b.onCommit.Store(nil)
		return
	}
	b.onCommit.Store(&h)
}

// openStore opens cfg's store, closed in t.Cleanup.
func openStore(t testing.TB, cfg *config.Config) (*store.Store, error) {
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err == nil {
		t.Cleanup(func() { st.Close() })
	}
	return st, err
}

// onWorker runs f on the bot's worker goroutine (which owns the engines)
// and waits for it.
func (r *running) onWorker(t testing.TB, f func()) {
	t.Helper()
	done := make(chan struct{})
	r.in.push(input{kind: inDo, do: func() { f(); close(done) }})
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not run the function within 10s")
	}
}
