package store

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// rssFileKB returns this process's resident file-backed memory
// (RssFile in /proc/self/status), or -1 where there is none.
func rssFileKB(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatalf("reading %q: %v", line, err)
			}
			return n
		}
	}
	return -1
}

// TestReleaseMapped reads a store of about 16 MB through its mapping,
// releases the mapped pages, and checks that they left the process's
// resident memory and that reading again gives the same events.
func TestReleaseMapped(t *testing.T) {
	s, _ := openTemp(t)
	r := rec("m1", "fudcon", t0)
	if err := s.StartMeeting(r); err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 2000)
	const n = 6000
	err := s.Update(func(tx *Tx) error {
		for i := 1; i <= n; i++ {
			e := ev(i)
			e.Text += " " + pad
			if _, err := tx.Append("m1", e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() []meeting.Event {
		var evs []meeting.Event
		if err := s.View(func(tx *Tx) error {
			var err error
			evs, err = tx.Events("m1")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return evs
	}
	before := read()
	if len(before) != n {
		t.Fatalf("read %d events, want %d", len(before), n)
	}
	touched := rssFileKB(t)
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	released := rssFileKB(t)
	after := read()
	if len(after) != n || after[n-1].Text != before[n-1].Text || after[0].Text != before[0].Text {
		t.Fatalf("after the release: %d events, last %.20q, want %d, %.20q", len(after), after[len(after)-1].Text, n, before[n-1].Text)
	}
	t.Logf("RssFile: %d kB after reading, %d kB after releasing", touched, released)
	if runtime.GOOS == "linux" && touched-released < 8*1024 {
		t.Errorf("releasing the mapped pages freed %d kB of resident memory, want at least 8 MB of the ~16 MB read", touched-released)
	}
}
