package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// liveGavel is a "gavel run" process (this test binary as the gavel
// command) against a real ngIRCd, with its config, store and site in Dir.
type liveGavel struct {
	Dir, Config string
	cmd         *exec.Cmd
	done        chan struct{}
}

// startLive writes a config for a gavel on the server at addr, in channel
// "#meet", whose site is in public/ (extra is TOML appended at the end of
// the file, after [remind]), and starts "gavel run" on it.
func startLive(t *testing.T, addr, extra string) *liveGavel {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#meet"]
send_interval = "1ms"
send_burst = 50
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://minutes.test/"
[remind]
enabled = false
%s
`, addr, extra)
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &liveGavel{Dir: dir, Config: cfg}
	g.start(t)
	return g
}

// start runs "gavel run -c Config"; the process is killed in t.Cleanup.
func (g *liveGavel) start(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "run", "-c", g.Config)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	g.cmd, g.done = cmd, done
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
}

// kill stops the process with SIGKILL and waits for it.
func (g *liveGavel) kill(t *testing.T) {
	t.Helper()
	if err := g.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-g.done
}

// stop stops the process with SIGTERM and waits for it to exit.
func (g *liveGavel) stop(t *testing.T) {
	t.Helper()
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-g.done:
	case <-time.After(20 * time.Second):
		t.Fatal("gavel run did not exit on SIGTERM")
	}
}

// namesHaveBot reports whether l, a NAMES reply (353, or the 366 that ends
// it), lists gavel: the nick in the list, not the server's name
// (irc.gavel.local) that starts every line.
func namesHaveBot(l string) bool {
	_, names, ok := strings.Cut(strings.TrimPrefix(l, ":"), " :")
	return ok && strings.Contains(l, " 353 ") &&
		slices.Contains(strings.Fields(strings.NewReplacer("@", "", "+", "").Replace(names)), "gavel")
}

// joinWhenBot connects nick and joins channel once gavel is in it.
func joinWhenBot(t *testing.T, addr, nick, channel string) *ircdtest.Client {
	t.Helper()
	c := ircdtest.Dial(t, addr, nick)
	deadline := time.Now().Add(20 * time.Second)
	for {
		c.Raw("NAMES " + channel)
		if l := c.Wait(` 353 ` + nick + ` . ` + channel + ` :| 366 ` + nick + ` ` + channel + ` `); namesHaveBot(l) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel did not join %s", channel)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.Join(channel)
	return c
}

// botSays waits for gavel to say a line in channel matching the pattern
// re (for its text) and returns the text.
func botSays(c *ircdtest.Client, channel, re string) string {
	l := c.Wait(`^:gavel!\S+ (PRIVMSG|NOTICE) ` + channel + ` :` + re)
	return l[strings.Index(l, " :")+2:]
}

// grepTree returns the files under dir whose content contains s.
func grepTree(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), s) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
