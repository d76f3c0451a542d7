package remind

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// fakeClock is the injected clock: tests set the time, nothing sleeps.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(s string) *fakeClock { return &fakeClock{t: utc(s)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// recorder is a Messenger that records what it is asked to deliver; it sits
// beside the ngIRCd tests, which deliver through a real IRC client.
type recorder struct {
	mu     sync.Mutex
	online map[string]bool
	clock  *fakeClock
	sent   []sent
	fail   bool
}

type sent struct {
	To   string
	Text string
	At   time.Time
}

func newRecorder(c *fakeClock, online ...string) *recorder {
	r := &recorder{online: map[string]bool{}, clock: c}
	for _, n := range online {
		r.online[strings.ToLower(n)] = true
	}
	return r
}

func (r *recorder) Online(nick string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.online[strings.ToLower(nick)]
}

func (r *recorder) setOnline(nick string, on bool) {
	r.mu.Lock()
	r.online[strings.ToLower(nick)] = on
	r.mu.Unlock()
}

func (r *recorder) Send(ctx context.Context, nick, text string) error {
	return r.record(nick, text)
}

func (r *recorder) Say(ctx context.Context, channel, text string) error {
	return r.record(channel, text)
}

func (r *recorder) record(to, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return fmt.Errorf("not connected")
	}
	if strings.Contains(text, "\n") {
		return fmt.Errorf("line with a newline: %q", text)
	}
	r.sent = append(r.sent, sent{To: to, Text: text, At: r.clock.Now()})
	return nil
}

// messages returns the sent lines to "to" that start with prefix.
func (r *recorder) messages(to, prefix string) []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sent
	for _, s := range r.sent {
		if strings.EqualFold(s.To, to) && strings.HasPrefix(s.Text, prefix) {
			out = append(out, s)
		}
	}
	return out
}

func (r *recorder) all() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.sent...)
}

// baseConfig has three people in three zones and the seeds' schedule.
const baseConfig = `
[meeting]
timezone = "UTC"

[[channel]]
name = "#fudcon-planning"
timezone = "Asia/Kolkata"
series = "fudcon"

[[people]]
name = "Saleem Ansari"
nicks = ["saleem", "tuxdna"]
timezone = "Asia/Kolkata"
email = "saleem@example.org"

[[people]]
name = "Pierre-Yves"
nicks = ["pingou"]
aliases = ["PY"]
timezone = "America/New_York"

[[people]]
name = "Rahul Sundaram"
nicks = ["mether"]
aliases = ["Rahul"]
timezone = "Asia/Kolkata"

[[schedule]]
channel = "#fudcon-planning"
cron = "CRON_TZ=UTC 0 13 * * FRI"
before = ["1h", "10m"]
series = "fudcon"
agenda = "https://fedoraproject.org/wiki/FUDCon:India_2011_planning"

[[schedule]]
channel = "#fudcon-planning"
cron = "CRON_TZ=Asia/Kolkata 0 15 * * TUE"
before = ["30m"]
series = "fudcon"
message = "Face-to-face meeting at the Red Hat Pune office in {in} ({time})."
`

func parseConfig(t testing.TB, extra string) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte(baseConfig+extra), "")
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return c
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	return openStoreAt(t, filepath.Join(t.TempDir(), "gavel.db"))
}

func openStoreAt(t testing.TB, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func put(t testing.TB, st *store.Store, acts ...store.ActionRecord) {
	t.Helper()
	err := st.UpdateActions(func(tx *store.ActionTx) error {
		for _, a := range acts {
			if a.Status == "" {
				a.Status = store.StatusOpen
			}
			if err := tx.PutAction(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put actions: %v", err)
	}
}

func newReminder(t testing.TB, cfg *config.Config, st *store.Store, m Messenger, c Clock) *Reminder {
	t.Helper()
	r, err := New(Options{Config: cfg, Store: st, Messenger: m, Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tick(t testing.TB, r *Reminder) TickResult {
	t.Helper()
	res, err := r.Tick(context.Background())
	if err != nil {
		t.Fatalf("tick at %s: %v", r.clock.Now().Format(time.RFC3339), err)
	}
	return res
}
