package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

func TestImportTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \"data/gavel.db\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "data/gavel.db")
	// A copy under another name: the key is the content, not the name.
	mag := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
	copyPath := filepath.Join(dir, "renamed.2020-06-10.log")
	b, _ := os.ReadFile(mag)
	os.WriteFile(copyPath, b, 0o644)
	two := filepath.Join(dir, "team.2026-01-05.log.txt")
	os.WriteFile(two, []byte("10:00:00 <a> #startmeeting one\n10:01:00 <a> #info x\n10:02:00 <a> #endmeeting\n"+
		"11:00:00 <b> #startmeeting two\n11:05:00 <b> #endmeeting\n"), 0o644)
	// zodbot's first file of the magazine meeting: the same meeting (same
	// id), so it is skipped, not stored twice.
	sameID := filepath.Join(corpusDir, "meetbot/fedora/magazine_editorial_board.2020-06-10-12.02.log.txt")
	unended := filepath.Join(dir, "late.2026-02-01.log")
	os.WriteFile(unended, []byte("09:00:00 <a> #startmeeting never ended\n09:05:00 <b> hello\n"), 0o644)
	logs := []string{mag, filepath.Join(corpusDir, "meetbot/fedora/fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt"), two, sameID, unended}

	var so, se bytes.Buffer
	if rc := run(append([]string{"import", "-c", cfg, "--channel", "#fedora-meeting"}, logs...), &so, &se); rc != 0 {
		t.Fatalf("first import: exit %d: %s", rc, se.String())
	}
	if !strings.Contains(so.String(), "5 meetings imported, 1 already") {
		t.Errorf("first import said %q", so.String())
	}
	if !strings.Contains(se.String(), "no #endmeeting") {
		t.Errorf("no warning about the meeting without #endmeeting: %q", se.String())
	}
	snapshot := func() (map[string]store.MeetingRecord, map[string]int) {
		st, err := store.Open(db, store.Options{LockTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		recs, err := st.AllMeetings()
		if err != nil {
			t.Fatal(err)
		}
		out, evs := map[string]store.MeetingRecord{}, map[string]int{}
		for _, r := range recs {
			out[r.ID] = r
			e, err := st.Events(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			evs[r.ID] = len(e)
		}
		return out, evs
	}
	recs1, evs1 := snapshot()
	// The imported meetings' action items are tracked: gavel actions
	// lists them, with the magazine meeting's owners.
	_, nActions := storeCounts(t, db)
	if nActions < 8 {
		t.Errorf("%d tracked action items after the import, want at least 8 (the magazine meeting's #action lines that repeat no other)", nActions)
	}
	rc, acts1, stderr := gavel(t, "actions", "-c", cfg, "--json")
	if rc != 0 {
		t.Fatalf("gavel actions: exit %d: %s", rc, stderr)
	}
	if !strings.Contains(acts1, `"series": "magazine"`) || !strings.Contains(acts1, `"sysoplab"`) {
		t.Errorf("gavel actions does not list the imported meetings' items: %s", acts1)
	}
	if len(recs1) != 5 {
		t.Fatalf("%d meetings in the store, want 5", len(recs1))
	}
	for id, r := range recs1 {
		if r.Source != "import" || r.ImportKey == "" || evs1[id] == 0 || r.Ended.IsZero() {
			t.Errorf("meeting %s: %+v with %d events", id, r, evs1[id])
		}
		if r.Title == "never ended" && !r.Ended.Equal(time.Date(2026, 2, 1, 9, 5, 0, 0, time.UTC)) {
			t.Errorf("meeting without #endmeeting stored as ended at %v, want its last line", r.Ended)
		}
	}

	so.Reset()
	se.Reset()
	if rc := run(append([]string{"import", "-c", cfg, "--channel", "#fedora-meeting"}, append(logs, copyPath)...), &so, &se); rc != 0 {
		t.Fatalf("second import: exit %d: %s", rc, se.String())
	}
	if !strings.Contains(so.String(), "0 meetings imported, 7 already") {
		t.Errorf("second import said %q", so.String())
	}
	recs2, evs2 := snapshot()
	if len(recs2) != len(recs1) {
		t.Fatalf("second import changed the meeting count: %d -> %d", len(recs1), len(recs2))
	}
	for id := range recs1 {
		if evs2[id] != evs1[id] {
			t.Errorf("meeting %s: %d events, then %d", id, evs1[id], evs2[id])
		}
	}
	if _, acts2, _ := gavel(t, "actions", "-c", cfg, "--json"); acts2 != acts1 {
		t.Errorf("second import changed the tracked actions:\n%s\nthen\n%s", acts1, acts2)
	}

	// The stored events replay into the same minutes as the log itself.
	st, err := store.Open(db, store.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var id string
	for _, r := range recs1 {
		if r.Series == "magazine" {
			id = r.ID
		}
	}
	evs, err := st.Events(id)
	if err != nil {
		t.Fatalf("events of %s: %v", id, err)
	}
	fromStore := minutes.Replay(evs, "#fedora-meeting", meeting.Options{Source: "import"})
	if len(fromStore) != 1 {
		t.Fatalf("%d meetings from the stored events", len(fromStore))
	}
	out := t.TempDir()
	if rc := run([]string{"replay", "--out", out, "--channel", "#fedora-meeting", mag}, &so, &se); rc != 0 {
		t.Fatal(se.String())
	}
	files, err := minutes.Write(fromStore[0].Meeting, minutes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Format == minutes.FormatJSON {
			continue // says "source": "import" rather than "irc"
		}
		want, err := os.ReadFile(filepath.Join(out, f.Path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s from the store differs from the replayed log", f.Path)
		}
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	var so, se bytes.Buffer
	if rc := run([]string{"import", "-c", filepath.Join(dir, "missing.toml"), "x.log"}, &so, &se); rc == 0 || !strings.Contains(se.String(), "missing.toml") {
		t.Errorf("missing config: exit %d, stderr %q", rc, se.String())
	}
	cfg := filepath.Join(dir, "gavel.toml")
	os.WriteFile(cfg, []byte("[store]\npath = \"gavel.db\"\n"), 0o644)
	se.Reset()
	if rc := run([]string{"import", "-c", cfg, filepath.Join(dir, "nope.log")}, &so, &se); rc != 1 || !strings.Contains(se.String(), "nope.log") {
		t.Errorf("missing log: exit %d, stderr %q", rc, se.String())
	}
}

// TestContentHashAsImportKey: the read-ahead's hash of a log, taken
// through a small buffer, names the same content as importKey, so the
// import keys (the imports bucket) stay what they were.
func TestContentHashAsImportKey(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 8 << 10, 20000} {
		content := strings.Repeat("12:00 <pjp> #action pjp to book the venue\n", n/40+1)[:n]
		for _, size := range []int{1, 8, 4096} {
			got := contentHash(content, make([]byte, size)) + "#3"
			if want := importKey([]byte(content), 3); got != want {
				t.Fatalf("%d bytes through a %d-byte buffer: %s, importKey %s", n, size, got, want)
			}
		}
	}
}
