package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestEmptyStoreRefused: a store file emptied to 0 bytes (a failed copy, a
// full disk) is refused by every command with one clear message, and
// neither the file nor the published site changes. Before, run, backup and
// publish --full took it for a new store and publish --full rewrote the
// site as an empty one. gavel init is the explicit way to start afresh.
func TestEmptyStoreRefused(t *testing.T) {
	dir, cfg := notesSetup(t)
	db := filepath.Join(dir, "data/gavel.db")
	log := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
	if rc, so, se := gavel(t, "import", "-c", cfg, "--channel", "#fedora-meeting", log); rc != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", rc, so, se)
	}
	site := readTree(t, filepath.Join(dir, "public"))
	if len(site) == 0 {
		t.Fatal("nothing published")
	}
	if err := os.Truncate(db, 0); err != nil {
		t.Fatal(err)
	}
	const want = "is an empty (0-byte) file, not a gavel store"
	for _, args := range [][]string{
		{"publish", "-c", cfg, "--full"},
		{"publish", "-c", cfg},
		{"backup", "-c", cfg, filepath.Join(dir, "backup.db")},
		{"actions", "-c", cfg},
		{"import", "-c", cfg, "--channel", "#fedora-meeting", log},
		{"remind", "-c", cfg, "--at", "2026-08-01T09:00:00Z", "--dry-run"},
	} {
		rc, so, se := gavel(t, args...)
		if rc != 1 || !strings.Contains(se, want) || strings.Count(se, "\n") != 1 {
			t.Errorf("gavel %s on an empty store: exit %d, want 1 and one line saying %q\nstdout: %s\nstderr: %s",
				strings.Join(args, " "), rc, want, so, se)
		}
	}
	// gavel run: on today's code it would go on to connect; bound it.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var so, se bytes.Buffer
	err := runCommand().exec(ctx, &env{Stdout: &so, Stderr: &se}, []string{"-c", cfg})
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "gavel init") {
		t.Errorf("gavel run on an empty store: %v, want %q naming gavel init", err, want)
	}
	if fi, err := os.Stat(db); err != nil || fi.Size() != 0 {
		t.Errorf("the empty store was changed: %v %v", fi.Size(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "backup.db")); !os.IsNotExist(err) {
		t.Errorf("backup of an empty store wrote a file: %v", err)
	}
	if got := readTree(t, filepath.Join(dir, "public")); !reflect.DeepEqual(got, site) {
		t.Errorf("the site changed after commands on an empty store: %d files before, %d after", len(site), len(got))
	}
	// gavel init makes it a store; a second init changes nothing.
	if rc, so, se := gavel(t, "init", "-c", cfg); rc != 0 || !strings.Contains(so, "created an empty store") {
		t.Fatalf("init: exit %d\n%s\n%s", rc, so, se)
	}
	if rc, _, se := gavel(t, "init", "-c", cfg); rc != 1 || !strings.Contains(se, "already exists") {
		t.Errorf("second init: exit %d, %s", rc, se)
	}
	if rc, so, se := gavel(t, "actions", "-c", cfg); rc != 0 {
		t.Errorf("actions after init: exit %d\n%s\n%s", rc, so, se)
	}
}
