package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// syncBuffer is a bytes.Buffer safe for the goroutine of "gavel run".
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

// TestBackupWhileGavelRuns is the whole story on real parts: "gavel run" on
// a real ngIRCd holds the store while a client talks in a meeting without
// pause, and "gavel backup" writes a copy that holds every line the bot had
// committed before the backup began.
func TestBackupWhileGavelRuns(t *testing.T) {
	srv := ircdtest.Start(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
nick = "gavel"
channels = ["#meet"]
send_interval = "1ms"
send_burst = 50
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://minutes.test/"
`, srv.Addr)
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { ran <- runCommand().exec(ctx, &env{Stdout: logs, Stderr: logs}, []string{"-c", cfg}) }()
	defer func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil && ctx.Err() == nil {
				t.Errorf("gavel run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("gavel run did not stop")
		}
	}()

	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	alice.Wait(`(^:\S+ 353 alice . #meet :.*@?gavel|^:gavel!\S+ JOIN :?#meet)`)
	alice.Privmsg("#meet", "#startmeeting backup drill")
	alice.Wait(`^:gavel!\S+ PRIVMSG #meet :Meeting started`)
	const before = 100
	for i := 1; i <= before; i++ {
		alice.Privmsg("#meet", fmt.Sprintf("line %d", i))
	}
	// The bot commits each line before it answers a later one, so once it
	// answers this, every line above is in the store.
	alice.Privmsg("#meet", "#chair bob")
	alice.Wait(`^:gavel!\S+ PRIVMSG #meet :.*bob`)

	// Keep talking while the backup runs.
	stop := make(chan struct{})
	talked := make(chan int)
	go func() {
		n := before
		for {
			select {
			case <-stop:
				talked <- n
				return
			case <-time.After(5 * time.Millisecond):
				n++
				alice.Privmsg("#meet", fmt.Sprintf("line %d", n))
			}
		}
	}()
	time.Sleep(100 * time.Millisecond)

	out := filepath.Join(dir, "backup", "copy.db")
	os.MkdirAll(filepath.Dir(out), 0o700)
	var stdout, stderr bytes.Buffer
	code := run([]string{"backup", "-c", cfg, out}, &stdout, &stderr)
	close(stop)
	sent := <-talked
	if code != 0 {
		t.Fatalf("gavel backup: exit %d: %s\ngavel run said:\n%s", code, stderr.String(), logs.String())
	}
	if !strings.Contains(stdout.String(), "sent by the running gavel") {
		t.Errorf("backup output: %q", stdout.String())
	}

	c, err := store.Open(out, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	open, err := c.OpenMeetings()
	if err != nil || len(open) != 1 {
		t.Fatalf("open meetings in the copy: %v, %v", open, err)
	}
	evs, err := c.Events(open[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range evs {
		have[e.Text] = true
	}
	for i := 1; i <= before; i++ {
		if !have[fmt.Sprintf("line %d", i)] {
			t.Fatalf("the copy lacks %q, committed before the backup began", fmt.Sprintf("line %d", i))
		}
	}
	if !have["#chair bob"] || !have["#startmeeting backup drill"] {
		t.Error("the copy lacks the commands")
	}
	t.Logf("copy: %d events of meeting %s; %d lines said in all", len(evs), open[0].ID, sent)
}
