package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/notes"
)

// TestRunRefusesLongSocketPath: a store path whose backup and control
// sockets cannot be bound is an error at start that names the limit and
// the fix; before, gavel run started with both sockets missing and only an
// ERROR line in its log.
func TestRunRefusesLongSocketPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 30))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfg, []byte("[irc]\nserver = \"127.0.0.1:1\"\nchannels = [\"#a\"]\n[store]\npath = \"gavel.db\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var so, se bytes.Buffer
	err := runCommand().exec(ctx, &env{Stdout: &so, Stderr: &se}, []string{"-c", cfg})
	if err == nil || !strings.Contains(err.Error(), "store.path: socket path") || !strings.Contains(err.Error(), "limited to 107 bytes") ||
		!strings.Contains(err.Error(), "move the store") {
		t.Fatalf("gavel run with a store path of %d bytes: %v, want an error naming the socket limit and the fix", len(filepath.Join(dir, "gavel.db")), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gavel.db")); !os.IsNotExist(err) {
		t.Errorf("gavel run created the store before refusing: %v", err)
	}
}

// TestImportRefusesDatelessLog: a log whose date is nowhere (not in its
// name, not in its lines) is refused by gavel import unless --date gives
// it; before, it was stored as 1970-01-01 with a warning.
func TestImportRefusesDatelessLog(t *testing.T) {
	dir, cfg := notesSetup(t)
	log := filepath.Join(dir, "planning.log")
	if err := os.WriteFile(log, []byte("12:00:01 <alice> #startmeeting planning\n12:00:05 <alice> #topic venue\n12:01:00 <alice> #endmeeting\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, so, se := gavel(t, "import", "-c", cfg, "--no-publish", "--channel", "#fudcon", log)
	if rc != 1 || !strings.Contains(se, "date is not known") || !strings.Contains(se, "--date") {
		t.Fatalf("import of a dateless log: exit %d, want 1 naming --date\n%s\n%s", rc, so, se)
	}
	if m, _ := storeCounts(t, filepath.Join(dir, "data/gavel.db")); m != 0 {
		t.Fatalf("the dateless log was stored: %d meetings", m)
	}
	rc, so, se = gavel(t, "import", "-c", cfg, "--no-publish", "--channel", "#fudcon", "--date", "2026-03-04", log)
	if rc != 0 || !strings.Contains(so, "2026-03-04") {
		t.Fatalf("import with --date: exit %d\n%s\n%s", rc, so, se)
	}
}

// TestLimitDefaultsAgree: the [limits] defaults are the readers' own
// defaults, so a command without a configuration reads as one with it.
func TestLimitDefaultsAgree(t *testing.T) {
	if config.DefaultMaxLineBytes != logfile.DefaultMaxLineBytes || config.DefaultMaxNotesBytes != notes.DefaultMaxBytes {
		t.Errorf("config's [limits] defaults (line %d, notes %d) differ from logfile's (%d) and notes' (%d)",
			config.DefaultMaxLineBytes, config.DefaultMaxNotesBytes, logfile.DefaultMaxLineBytes, notes.DefaultMaxBytes)
	}
}
