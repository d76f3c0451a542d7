package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// validFile returns the bytes of a small store with meetings, events and
// actions in it, made once.
var validOnce struct {
	sync.Once
	b []byte
}

func validStoreBytes(t testing.TB) []byte {
	validOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gavel-valid")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "v.db")
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.StartMeeting(rec("m", "fudcon", t0))
		for i := 1; i <= 300; i++ {
			s.Append("m", ev(i))
		}
		s.PutAction(ActionRecord{ID: "a1", Text: "x", Owners: []string{"pjp"}, Due: "2026-08-01"})
		s.Mark("k", t0)
		s.Close()
		validOnce.b, err = os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
	})
	return validOnce.b
}

// FuzzOpenDamaged damages a valid store file at fuzzed offsets and checks
// that opening and reading it gives an error or data, never a panic.
func FuzzOpenDamaged(f *testing.F) {
	f.Add(uint32(0), byte(0xff), uint32(0), byte(0))
	f.Add(uint32(4096), byte(1), uint32(8192), byte(0x80))
	f.Add(uint32(16384+20), byte(7), uint32(20000), byte(3))
	f.Fuzz(func(t *testing.T, off1 uint32, x1 byte, off2 uint32, x2 byte) {
		b := append([]byte(nil), validStoreBytes(t)...)
		b[int(off1)%len(b)] ^= x1
		b[int(off2)%len(b)] ^= x2
		path := filepath.Join(t.TempDir(), "d.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		Verify(path)
		s, err := Open(path, Options{ReadOnly: true, LockTimeout: -1})
		if err != nil {
			return
		}
		defer s.Close()
		s.Events("m")
		s.AllMeetings()
		s.SeriesList()
		s.OpenMeetings()
		s.Actions(ActionFilter{})
		s.Actions(ActionFilter{Owner: "pjp"})
		s.Marked("k")
		s.Held("x")
	})
}

// TestVerifyDamaged: a damaged page header that makes bbolt's own check
// panic is reported as ErrDamaged, naming the file.
func TestVerifyDamaged(t *testing.T) {
	b := append([]byte(nil), validStoreBytes(t)...)
	b[0] ^= 0xff // meta page 0 now names itself page 255
	path := filepath.Join(t.TempDir(), "d.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Verify(path)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Verify of a damaged file: %v", err)
	}
	if _, err := Verify(path + ".missing"); err == nil {
		t.Fatal("Verify of a missing file passed")
	}
	// The undamaged bytes pass.
	good := filepath.Join(t.TempDir(), "g.db")
	os.WriteFile(good, validStoreBytes(t), 0o600)
	if info, err := Verify(good); err != nil || info.Events != 300 || info.Actions != 1 {
		t.Fatalf("Verify of a good file: %+v, %v", info, err)
	}
}
