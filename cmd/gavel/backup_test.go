package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestBackupCommand runs "gavel backup" against a real store file, first
// while another handle holds it and serves backups (as "gavel run" does),
// then with nobody holding it.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \"data/gavel.db\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "data", "gavel.db")
	s, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 8, 7, 13, 0, 0, 0, time.UTC)
	if err := s.StartMeeting(store.MeetingRecord{ID: "m", Series: "fudcon", Started: t0}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, err := s.Append("m", meeting.Event{Time: t0, Nick: "pjp", Text: "hello"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeBackup(ctx, store.SocketPath(dbPath)) }()
	for i := 0; i < 500; i++ {
		if _, err := os.Stat(store.SocketPath(dbPath)); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	out := filepath.Join(dir, "copy.db")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"backup", "-c", cfg, out}, &stdout, &stderr); code != 0 {
		t.Fatalf("gavel backup while running: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1 meetings, 10 events (sent by the running gavel") {
		t.Errorf("output: %q", stdout.String())
	}
	if info, err := store.Verify(out); err != nil || info.Events != 10 {
		t.Fatalf("copy: %+v, %v", info, err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	s.Close()

	stdout.Reset()
	os.Remove(out)
	if code := run([]string{"backup", "-c", cfg, out}, &stdout, &stderr); code != 0 {
		t.Fatalf("gavel backup, store idle: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "(read directly") {
		t.Errorf("output: %q", stdout.String())
	}

	stderr.Reset()
	if code := run([]string{"backup", "-c", cfg}, &stdout, &stderr); code != 2 {
		t.Errorf("without OUT: exit %d, want 2", code)
	}
	stderr.Reset()
	if code := run([]string{"backup", "-c", filepath.Join(dir, "nope.toml"), out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "nope.toml") {
		t.Errorf("missing config: exit %d, %q", code, stderr.String())
	}
}
