package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// salvageSource writes a store with three meetings of n events each (the
// texts carry a marker naming meeting and event), an action item, a mark
// and a held message.
func salvageSource(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "src.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"m1", "m2", "m3"} {
		if err := s.StartMeeting(rec(id, "fudcon", t0)); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= n; i++ {
			e := ev(i)
			e.Text = fmt.Sprintf("MARK-%s-%04d %s", id, i, strings.Repeat("x", 200))
			if _, err := s.Append(id, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.PutAction(ActionRecord{ID: "a1", Text: "book the hotel", Owners: []string{"pjp"}, Due: "2026-08-01", Status: "open"}); err != nil {
		t.Fatal(err)
	}
	s.Mark("remind/a1/7d", t0)
	s.Hold("pjp", HeldMessage{At: t0, Text: "you have 1 item"})
	s.Close()
	return path
}

// TestSalvageCorruptEvent: one event whose bytes are not an event; every
// other event, the action item, the mark and the held message are copied,
// the bad event is listed, and the damaged file is left as it was.
func TestSalvageCorruptEvent(t *testing.T) {
	src := salvageSource(t, 10)
	db, err := bolt.Open(src, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bEvents).Bucket([]byte("m2")).Put(seqKey(5), []byte(`{"t":"not an event`))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The store names the meeting and event, and wraps ErrDamaged.
	s, err := Open(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Events("m2")
	s.Close()
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "meeting m2: event 5") {
		t.Fatalf("reading the corrupt event: %v", err)
	}
	before, _ := os.ReadFile(src)
	dst := filepath.Join(t.TempDir(), "new.db")
	rep, err := Salvage(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meetings != 3 || rep.Events != 29 || rep.Actions != 1 || rep.Marks != 1 || rep.Held != 1 ||
		len(rep.Dropped) != 1 || !strings.Contains(rep.Dropped[0], "meeting m2: event 5 unreadable") {
		t.Fatalf("salvage report %+v", rep)
	}
	if after, _ := os.ReadFile(src); !bytes.Equal(before, after) {
		t.Error("salvage changed the damaged file")
	}
	out, err := Open(dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	evs, err := out.Events("m2")
	if err != nil || len(evs) != 9 || !strings.HasPrefix(evs[4].Text, "MARK-m2-0006") {
		t.Fatalf("salvaged m2: %d events, %v", len(evs), err)
	}
	if acts, err := out.Actions(ActionFilter{Owner: "pjp"}); err != nil || len(acts) != 1 {
		t.Errorf("salvaged actions by owner: %v %v", acts, err)
	}
	if _, err := Salvage(context.Background(), src, dst); err == nil {
		t.Error("salvage over an existing file")
	}
}

// TestSalvageDamagedPage: a page of one meeting's events overwritten on
// disk (as a disk fault would); salvage does not crash, copies the other
// meetings whole and lists what it could not read.
func TestSalvageDamagedPage(t *testing.T) {
	src := salvageSource(t, 200)
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("MARK-m2-0100"))
	if i < 0 {
		t.Fatal("marker not found in the file")
	}
	const page = 4096
	start := i - i%page
	for k := start; k < start+page; k++ {
		b[k] = 0xAA
	}
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "new.db")
	rep, err := Salvage(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meetings < 2 || len(rep.Dropped) == 0 {
		t.Fatalf("salvage of a damaged page: %+v", rep)
	}
	t.Logf("salvaged %d meetings, %d events; dropped %q", rep.Meetings, rep.Events, rep.Dropped)
	out, err := Open(dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"m1", "m3"} {
		if evs, err := out.Events(id); err != nil || len(evs) != 200 {
			t.Errorf("meeting %s: %d events, %v", id, len(evs), err)
		}
	}
	out.Close()
	if _, err := Verify(dst); err != nil {
		t.Errorf("the salvaged store fails its check: %v", err)
	}
}
