package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
)

// mainEnv makes the test binary act as the gavel command (for scripts
// that run "gavel ..." as a program, like deploy/run-local.sh).
const mainEnv = "GAVEL_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestRunLocal runs deploy/run-local.sh (what `make run` runs) with a
// config whose loopback server is not running: the script starts ngIRCd,
// then gavel; a client runs a meeting and fetches the minutes from the
// site; SIGINT to the process group (Ctrl-C) stops gavel and ngIRCd.
func TestRunLocal(t *testing.T) {
	testenv.Need(t, "ngircd", "apt-get install -y ngircd")
	dir := t.TempDir()
	ircPort, webPort := ircdtest.FreePort(t), ircdtest.FreePort(t)
	cfg := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = "127.0.0.1:%d"
channels = ["#fudcon-planning"]
send_interval = "10ms"
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:%d/"
listen = "127.0.0.1:%d"
[remind]
enabled = false
`, ircPort, webPort, webPort)
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wrapper := filepath.Join(dir, "gavel")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\n"+mainEnv+"=1 exec '"+exe+"' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("../../deploy/run-local.sh", cfg)
	cmd.Env = append(os.Environ(), "GAVEL_BIN="+wrapper)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	log := &lockedBuilder{}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		once := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if !once && strings.Contains(sc.Text(), "irssi -c 127.0.0.1 -p "+itoaPort(ircPort)) {
				once = true
				close(ready)
			}
		}
		done <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("run-local.sh exited: %v\n%s", err, log.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("run-local.sh printed no join instructions in 30s")
	}
	ngircdPID := pidOf(t, filepath.Join(dir, "data", "ngircd"))

	addr := fmt.Sprintf("127.0.0.1:%d", ircPort)
	alice := ircdtest.Dial(t, addr, "alice")
	deadline := time.Now().Add(10 * time.Second)
	for {
		alice.Raw("NAMES #fudcon-planning")
		if l := alice.Wait(` 353 alice . #fudcon-planning :| 366 alice #fudcon-planning `); namesHaveBot(l) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel did not join:\n%s", log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	alice.Join("#fudcon-planning")
	for _, l := range []string{"#startmeeting First meeting", "#info make run works", "#endmeeting"} {
		alice.Privmsg("#fudcon-planning", l)
	}
	line := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Minutes: +http://\S+\.html$`)
	url := line[strings.LastIndex(line, " ")+1:]
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "make run works") {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}

	// Ctrl-C: SIGINT to the foreground process group.
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("run-local.sh did not stop on SIGINT:\n%s", log.String())
	}
	alice.Wait(`^:gavel!\S+ QUIT`) // gavel quit before the server went away
	if err := syscall.Kill(ngircdPID, 0); err == nil {
		t.Errorf("ngIRCd (pid %d) still running after Ctrl-C", ngircdPID)
	}
}

func itoaPort(p int) string { return fmt.Sprint(p) }

// lockedBuilder is a strings.Builder shared by a reader goroutine and the test.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// pidOf finds the ngIRCd started with the config in dir (from /proc).
func pidOf(t *testing.T, dir string) int {
	t.Helper()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(b), filepath.Join(dir, "ngircd.conf")) {
			return pid
		}
	}
	t.Fatalf("no ngIRCd running with %s", dir)
	return 0
}
