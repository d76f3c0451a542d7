package store

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCrashSafety kills a process that appends events with SIGKILL, three
// times on the same file, and checks each time that every event whose
// Append had returned is in the store, in order, and that the file passes
// bbolt's consistency check.
func TestCrashSafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gavel.db")
	for round := 1; round <= 3; round++ {
		c := startChild(t, "append", path)
		c.waitAcks(t, uint64(150*round))
		if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-c.done // every line the child printed has been read
		c.cmd.Wait()
		acked := c.acked()

		if _, err := Verify(path); err != nil {
			t.Fatalf("round %d: after SIGKILL: %v", round, err)
		}
		s, err := Open(path, Options{LockTimeout: -1})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		evs, err := s.Events("m")
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if uint64(len(evs)) < acked {
			t.Fatalf("round %d: %d events acknowledged, only %d stored", round, acked, len(evs))
		}
		// At most the one append in flight at the kill is extra.
		if uint64(len(evs)) > acked+1 {
			t.Fatalf("round %d: %d events stored, %d acknowledged", round, len(evs), acked)
		}
		for i, e := range evs {
			if want := fmt.Sprintf("line %d", i+1); e.Text != want {
				t.Fatalf("round %d: event %d is %q, want %q", round, i+1, e.Text, want)
			}
		}
		t.Logf("round %d: %d acknowledged, %d stored", round, acked, len(evs))
	}
}
