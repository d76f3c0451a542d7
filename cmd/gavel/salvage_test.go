package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestSalvageCommand: one corrupt event in a store (a real bbolt file,
// the event's bytes overwritten): gavel run logs the error naming the
// meeting, the event and gavel salvage, which copies the rest into a new
// store (listing the event it dropped) that publishes whole.
func TestSalvageCommand(t *testing.T) {
	dir, cfg := notesSetup(t)
	log := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
	if rc, so, se := gavel(t, "import", "-c", cfg, "--no-publish", "--channel", "#fedora-meeting", log); rc != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", rc, so, se)
	}
	db := filepath.Join(dir, "data/gavel.db")
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	if err := bdb.Update(func(tx *bolt.Tx) error {
		ev := tx.Bucket([]byte("events"))
		return ev.ForEachBucket(func(k []byte) error {
			id = string(k)
			key := []byte{0, 0, 0, 0, 0, 0, 0, 7}
			return ev.Bucket(k).Put(key, []byte(`{"t":"broken`))
		})
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()

	srv := ircdtest.Start(t)
	conf, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	conf = bytes.Replace(conf, []byte("[site]"), []byte("[site]\ndir = \"public\""), 1)
	conf = append([]byte(fmt.Sprintf("[irc]\nserver = %q\nchannels = [\"#fedora-meeting\"]\n", srv.Addr)), conf...)
	if err := os.WriteFile(cfg, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var so, se bytes.Buffer
	sew := &syncWriter{w: &se}
	done := make(chan error, 1)
	go func() { done <- runCommand().exec(ctx, &env{Stdout: &so, Stderr: sew}, []string{"-c", cfg}) }()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		sew.mu.Lock()
		got := se.String()
		sew.mu.Unlock()
		if strings.Contains(got, "meeting "+id+": event 7") && strings.Contains(got, "gavel salvage -c CONFIG NEW.db") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel run on a store with a corrupt event does not name the event and gavel salvage:\n%s", got)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("gavel run: %v", err)
	}

	out := filepath.Join(dir, "data", "salvaged.db")
	rc, sout, serr := gavel(t, "salvage", "-c", cfg, out)
	if rc != 0 || !strings.Contains(sout, "salvaged "+db+" into "+out+": 1 meetings") || !strings.Contains(sout, "dropped 1:") ||
		!strings.Contains(sout, "meeting "+id+": event 7 unreadable") {
		t.Fatalf("salvage: exit %d\n%s\n%s", rc, sout, serr)
	}
	if rc, _, serr := gavel(t, "salvage", "-c", cfg, out); rc != 1 || !strings.Contains(serr, "exists") {
		t.Errorf("salvage over an existing file: exit %d, %s", rc, serr)
	}
	// The salvaged store publishes.
	if err := os.WriteFile(cfg, bytes.Replace(conf, []byte(`path = "data/gavel.db"`), []byte(`path = "data/salvaged.db"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if rc, sout, serr := gavel(t, "publish", "-c", cfg, "--full"); rc != 0 {
		t.Errorf("publish --full of the salvaged store: exit %d\n%s\n%s", rc, sout, serr)
	}
}
