package bot

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// childEnv names the configuration file when the test binary runs as a
// bot process of its own (see startChild): the restart test kills that
// process with SIGKILL, which a goroutine cannot be.
const childEnv = "GAVEL_BOT_TEST_CHILD"

// clockEnv, in a child bot's environment, sets its timers' clock ahead by
// a duration ("3h").
const clockEnv = "GAVEL_BOT_TEST_CLOCK_AHEAD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(childMain(path))
	}
	os.Exit(m.Run())
}

// plainRender renders only the plain-text log (under the "log.html"
// format, so the bot says its URL): enough to check that the published
// minutes hold every line.
func plainRender(m *meeting.Meeting) ([]SiteFile, error) {
	return []SiteFile{{Format: "log.html", Path: m.ID + ".log.txt", Data: PlainLog(m)}}, nil
}

func childMain(path string) int {
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	st, err := store.Open(cfg.Store.Path, store.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	opt := Options{Config: cfg, Store: st,
		Publisher: &DirPublisher{Dir: cfg.Site.Dir, BaseURL: cfg.Site.BaseURL, Render: plainRender}}
	if s := os.Getenv(clockEnv); s != "" {
		// The meeting timers' clock runs ahead by s (TestIdleEndAcrossKill).
		ahead, err := time.ParseDuration(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		opt.Now = func() time.Time { return time.Now().Add(ahead) }
		opt.TimerEvery = 50 * time.Millisecond
	}
	b, err := New(opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := b.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startChild runs the bot with the configuration file cfgPath in a child
// process (this test binary again); it is killed in t.Cleanup.
func startChild(t *testing.T, cfgPath string) *exec.Cmd {
	t.Helper()
	return startChildB(t, cfgPath)
}

// startChildB is startChild for tests and benchmarks.
func startChildB(t testing.TB, cfgPath string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+cfgPath), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	return cmd
}
