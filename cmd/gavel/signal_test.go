package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// genLogs writes n MeetBot raw logs of about lines lines each into dir
// (ten series meeting weekly, each log with its own content) and returns
// their paths.
func genLogs(t *testing.T, dir string, n, lines int) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	day := time.Date(2020, 1, 6, 15, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "15:00:00 <alice> #startmeeting team%02d\n15:00:01 <alice> #topic release %d\n", i%10, i)
		for j := 0; j < lines; j++ {
			s := 2 + j
			switch j % 7 {
			case 0:
				fmt.Fprintf(&b, "15:%02d:%02d <bob> #info the build %d-%d is green again\n", s/60%60, s%60, i, j)
			case 3:
				fmt.Fprintf(&b, "15:%02d:%02d <carol> #action dave to review patch %d-%d\n", s/60%60, s%60, i, j)
			default:
				fmt.Fprintf(&b, "15:%02d:%02d <dave> we talked about mirror %d-%d and the compose\n", s/60%60, s%60, i, j)
			}
		}
		b.WriteString("16:00:00 <alice> #endmeeting\n")
		d := day.AddDate(0, 0, 7*(i/10))
		p := filepath.Join(dir, fmt.Sprintf("team%02d.%s.log.txt", i%10, d.Format("2006-01-02-15.04")))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// gavelProc is a gavel command run as a whole process (the test binary
// acting as gavel).
type gavelProc struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	done           chan struct{}
}

func startGavel(t *testing.T, args ...string) *gavelProc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	g := &gavelProc{cmd: exec.Command(exe, args...), done: make(chan struct{})}
	g.cmd.Env = append(os.Environ(), mainEnv+"=1")
	g.cmd.Stdout, g.cmd.Stderr = &g.stdout, &g.stderr
	g.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = g.cmd.Wait(); close(g.done) }()
	t.Cleanup(func() {
		_ = g.cmd.Process.Kill()
		<-g.done
	})
	return g
}

// cpuTicks is the process's user plus system time in clock ticks.
func cpuTicks(pid int) (int, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// Fields after the command name (in parentheses, may hold spaces).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, false
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s, true
}

// signalWhenWorking waits until the process has used ticks of CPU (it is
// past its start and into its work), then sends sig once. It fails the
// test when the process ended first: its input is too small to interrupt.
func (g *gavelProc) signalWhenWorking(t *testing.T, ticks int, sig syscall.Signal) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case <-g.done:
			t.Fatalf("gavel ended before it could be interrupted (exit %d):\n%s\n%s", g.cmd.ProcessState.ExitCode(), g.stdout.String(), g.stderr.String())
		default:
		}
		if n, ok := cpuTicks(g.cmd.Process.Pid); ok && n >= ticks {
			if err := g.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("gavel did not start working within 2 minutes")
}

// stopped waits for the process to end after the signal and checks it
// said it was stopped, with the shell's status for that signal.
func (g *gavelProc) stopped(t *testing.T, command string, sig syscall.Signal) {
	t.Helper()
	select {
	case <-g.done:
	case <-time.After(time.Minute):
		t.Fatalf("gavel %s did not stop after %v:\n%s", command, sig, g.stderr.String())
	}
	name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT (Ctrl-C)", syscall.SIGTERM: "SIGTERM"}[sig]
	want := "gavel " + command + ": stopped by " + name
	if rc := g.cmd.ProcessState.ExitCode(); rc != 128+int(sig) || !strings.Contains(g.stderr.String(), want) {
		t.Errorf("gavel %s after %v: exit %d, want %d and %q:\n%s", command, sig, rc, 128+int(sig), want, g.stderr.String())
	}
}

// noTempFiles fails when a write was left half done under dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // a site never built (a full build stopped before its swap) has no folder
		}
		if strings.HasPrefix(d.Name(), ".gavel-") || strings.HasSuffix(d.Name(), ".tmp") {
			t.Errorf("half-written file left: %s", p)
		}
		return nil
	})
}

// TestSignalsStopLongCommands: gavel replay, import (many logs), publish
// --full (a big archive) and notes (a big file), run as whole processes,
// stop at SIGINT or SIGTERM sent while they work, say so, exit with the
// shell's status for the signal, and leave the store and the site whole:
// the same command run again finishes the work (nothing stored twice, no
// half-written file). How fast they stop is measured by
// perf/signal-delay.py, not asserted here.
func TestSignalsStopLongCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("whole-process runs")
	}
	dir, cfg := notesSetup(t)
	conf, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(conf, "\n[limits]\nmax_notes_bytes = \"256MiB\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "data/gavel.db")
	logs := genLogs(t, filepath.Join(dir, "logs"), 300, 100)

	t.Run("replay", func(t *testing.T) {
		out := t.TempDir()
		g := startGavel(t, append([]string{"replay", "--out", out}, logs...)...)
		g.signalWhenWorking(t, 30, syscall.SIGINT)
		g.stopped(t, "replay", syscall.SIGINT)
		noTempFiles(t, out)
		if n := strings.Count(g.stdout.String(), "\n"); n >= 6*len(logs) {
			t.Errorf("replay wrote all %d files before it stopped: interrupt it later or give it more", n)
		}
	})

	t.Run("import", func(t *testing.T) {
		// The signal after 100 ms of CPU: without -race an import of 100
		// of these logs ends within 300 ms of CPU.
		g := startGavel(t, append([]string{"import", "-c", cfg, "--no-publish"}, logs...)...)
		g.signalWhenWorking(t, 10, syscall.SIGTERM)
		g.stopped(t, "import", syscall.SIGTERM)
		if _, err := store.Verify(db); err != nil {
			t.Fatalf("store after SIGTERM: %v", err)
		}
		before, _ := storeCounts(t, db)
		if before == len(logs) {
			t.Errorf("all %d logs were imported before the signal: give it more", before)
		}
		// Again: the rest is imported, nothing twice.
		rc, so, se := gavel(t, append([]string{"import", "-c", cfg, "--no-publish"}, logs...)...)
		want := fmt.Sprintf("%d meetings imported, %d already in the store", len(logs)-before, before)
		if rc != 0 || !strings.Contains(so, want) {
			t.Errorf("import after SIGTERM: exit %d, want %q\n%.300s\n%s", rc, want, so, se)
		}
		if m, _ := storeCounts(t, db); m != len(logs) {
			t.Errorf("%d meetings stored, want %d", m, len(logs))
		}
	})

	t.Run("publish", func(t *testing.T) {
		site := filepath.Join(dir, "public")
		g := startGavel(t, "publish", "-c", cfg, "--full")
		g.signalWhenWorking(t, 30, syscall.SIGINT)
		g.stopped(t, "publish", syscall.SIGINT)
		noTempFiles(t, site)
		if _, err := store.Verify(db); err != nil {
			t.Fatalf("store after SIGINT: %v", err)
		}
		rc, so, se := gavel(t, "publish", "-c", cfg, "--full")
		if rc != 0 || !strings.Contains(so, fmt.Sprintf("published %d meetings", len(logs))) {
			t.Errorf("publish --full after SIGINT: exit %d\n%s\n%s", rc, so, se)
		}
		// The stopped build's staging folder beside the site is gone.
		if ents, err := os.ReadDir(dir); err == nil {
			for _, e := range ents {
				if strings.Contains(e.Name(), ".gavel-build") {
					t.Errorf("%s left beside the site", e.Name())
				}
			}
		}
	})

	t.Run("notes", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("FUDCon planning\n\nPresent: alice, bob, carol\n\n")
		for i := 0; b.Len() < 2<<20; i++ {
			fmt.Fprintf(&b, "Topic %d about the release\n", i)
			for j := 0; j < 50; j++ {
				if j%10 == 0 {
					fmt.Fprintf(&b, "  - ACTION: alice to review patch %d-%d by Friday\n", i, j)
				} else {
					fmt.Fprintf(&b, "  - we talked about the build %d-%d and the mirror\n", i, j)
				}
			}
		}
		notes := filepath.Join(dir, "big-notes.txt")
		if err := os.WriteFile(notes, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		before, _ := storeCounts(t, db)
		g := startGavel(t, "notes", "-c", cfg, "--series", "fudcon", "--date", "2021-01-05", "--no-publish", notes)
		g.signalWhenWorking(t, 30, syscall.SIGTERM)
		g.stopped(t, "notes", syscall.SIGTERM)
		if _, err := store.Verify(db); err != nil {
			t.Fatalf("store after SIGTERM: %v", err)
		}
		if m, _ := storeCounts(t, db); m != before {
			t.Errorf("notes stopped by SIGTERM stored a meeting: %d meetings, had %d", m, before)
		}
	})
}

// TestSignalStopsHandOff: a command handed to a running gavel stops at
// Ctrl-C on the client, with the same message and status, the running
// gavel cancels it and stays up, and the same import run again through it
// finishes the work without storing anything twice.
func TestSignalStopsHandOff(t *testing.T) {
	if testing.Short() {
		t.Skip("whole-process runs")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	// No IRC server answers: gavel run keeps trying and serves its
	// control socket all the same.
	src := `[irc]
server = "127.0.0.1:1"
nick = "gavel"
channels = ["#x"]
[store]
path = "data/gavel.db"
lock_timeout = "10m"
[site]
dir = "public"
base_url = "http://minutes.test/"
[remind]
enabled = false
`
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := genLogs(t, filepath.Join(dir, "logs"), 300, 100)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	out := &syncBuffer{}
	go func() { ran <- runCommand().exec(ctx, &env{Stdout: out, Stderr: out}, []string{"-c", cfg}) }()
	defer func() {
		cancel()
		select {
		case <-ran:
		case <-time.After(20 * time.Second):
			t.Error("gavel run did not stop")
		}
	}()
	sock := filepath.Join(dir, "data/gavel.db.ctl")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no control socket; gavel run said:\n%s", out.String())
		}
	}
	listeners := unixSockets(t, sock)
	g := startGavel(t, append([]string{"import", "-c", cfg, "--no-publish"}, logs...)...)
	// Once the client is connected to the control socket (it then reads
	// and sends the logs and waits on the running gavel), Ctrl-C.
	for deadline := time.Now().Add(time.Minute); unixSockets(t, sock) <= listeners; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the client never connected:\n%s", g.stderr.String())
		}
	}
	if err := g.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	g.stopped(t, "import", syscall.SIGINT)
	select {
	case err := <-ran:
		t.Fatalf("gavel run ended with the client: %v\n%s", err, out.String())
	default:
	}
	rc, so, se := gavel(t, append([]string{"import", "-c", cfg, "--no-publish"}, logs...)...)
	var imported, already int
	if _, err := fmt.Sscanf(so[strings.LastIndex(strings.TrimSpace(so), "\n")+1:], "%d meetings imported, %d already in the store", &imported, &already); err != nil ||
		rc != 0 || imported+already != len(logs) {
		t.Errorf("import after the stopped hand-off: exit %d, %d imported + %d already, want %d in all\n%.300s\n%s", rc, imported, already, len(logs), so, se)
	}
}

// unixSockets counts the unix sockets bound in the folder of path: the
// listeners and each accepted connection, which /proc/net/unix lists under
// the name the listener was bound to (gavel binds a temporary name in the
// same folder and renames it).
func unixSockets(t *testing.T, path string) int {
	b, err := os.ReadFile("/proc/net/unix")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 8 && filepath.Dir(f[7]) == filepath.Dir(path) {
			n++
		}
	}
	return n
}
