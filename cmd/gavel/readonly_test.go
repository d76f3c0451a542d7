package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// TestReadCommandsWhileStoreHeld checks that gavel actions and gavel remind
// --dry-run work while another process-like holder (a Store with its backup
// socket, as gavel run has) keeps the bbolt file locked: they read a copy
// through the socket instead of failing with "locked".
func TestReadCommandsWhileStoreHeld(t *testing.T) {
	dir, cfg := notesSetup(t)
	db := filepath.Join(dir, "data/gavel.db")
	st, err := store.Open(db, store.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)
	if err := st.PutAction(store.ActionRecord{ID: "a7", Text: "book the hotel", Owners: []string{"Kushal Das"},
		Due: "2026-08-02", Status: "open", Series: "fudcon", Created: now, Updated: now}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go st.ServeBackup(ctx, store.SocketPath(db))
	waitFor(t, func() bool { _, err := os.Stat(store.SocketPath(db)); return err == nil })
	deadline := time.Now().Add(5 * time.Second)
	for {
		rc, so, se := gavel(t, "actions", "-c", cfg, "--json")
		if rc == 0 {
			if !strings.Contains(so, `"a7"`) || !strings.Contains(so, "book the hotel") {
				t.Fatalf("actions while held: item missing:\n%s", so)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gavel actions while the store is held: exit %d\n%s", rc, se)
		}
		time.Sleep(50 * time.Millisecond)
	}
	rc, so, se := gavel(t, "remind", "-c", cfg, "--at", "2026-08-01T09:00:00Z", "--dry-run")
	if rc != 0 {
		t.Fatalf("gavel remind --dry-run while the store is held: exit %d\n%s\n%s", rc, so, se)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if ok() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("condition not met in 2s")
}
