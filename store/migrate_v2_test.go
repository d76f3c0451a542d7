package store

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// openFixture copies testdata/schema-v1.db.gz, a store written by gavel
// before schema 2 (commit 2b517b3: a MeetBot log imported, notes imported,
// a live IRC meeting with the bot's marks, notes merged into it), into a
// temporary file and returns its path.
func openFixture(t *testing.T) string { return copyFixture(t, "schema-v1.db.gz") }

// copyFixture copies the gzipped store testdata/name into a temporary file
// and returns its path.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gavel.db")
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateV1Fixture opens a store made by the previous schema and
// checks that every fact the extra map held is now in its typed field,
// that every meeting has a revision, and that the meetings still replay.
func TestMigrateV1Fixture(t *testing.T) {
	path := openFixture(t)
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a schema-1 file did not ask for a migration")
	}
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]MeetingRecord{}
	for _, r := range recs {
		byID[r.ID] = r
		if r.Revision != 1 {
			t.Errorf("meeting %s: revision %d after the migration, want 1", r.ID, r.Revision)
		}
	}
	irc, ok := byID["fudcon.2026-07-26T130005Z"]
	if !ok {
		t.Fatalf("the IRC meeting is missing; have %v", recs)
	}
	if irc.SeriesOption != "fudcon" || irc.OldTopic != "before the meeting" || irc.Published != "2026-07-26T13:05:00Z" ||
		irc.MergedNotes != "merge.txt" || len(irc.MergedKeys) != 1 {
		t.Errorf("IRC meeting's typed fields: %+v", irc)
	}
	imp, ok := byID["iot.2020-06-10T141012Z"]
	if !ok || imp.SeriesOption != "iot" || imp.ImportKey == "" {
		t.Errorf("imported meeting: %+v (found %v)", imp, ok)
	}
	f2f, ok := byID["fudcon.2011-07-12T000000Z"]
	if !ok || f2f.SeriesOption != "fudcon" || f2f.Source != "f2f" {
		t.Errorf("notes meeting: %+v (found %v)", f2f, ok)
	}
	for _, r := range recs {
		m, err := st.Replay(r.ID)
		if err != nil {
			t.Errorf("replay %s: %v", r.ID, err)
			continue
		}
		if m.ID != r.ID || m.Ended.IsZero() {
			t.Errorf("replay %s: id %s ended %v", r.ID, m.ID, m.Ended)
		}
	}
	// The merged notes closed the IRC meeting's action: the tracker's
	// records came through untouched.
	items, err := st.Actions(ActionFilter{Meeting: irc.ID})
	if err != nil || len(items) == 0 {
		t.Fatalf("actions of %s: %v, %v", irc.ID, items, err)
	}
	if !slices.ContainsFunc(items, func(a ActionRecord) bool { return a.Status == StatusDone }) {
		t.Errorf("no closed item among %+v", items)
	}
	// Opening again changes nothing.
	st.Close()
	st2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	again, _ := st2.Meeting(irc.ID)
	if again.Revision != 1 || again.OldTopic != irc.OldTopic {
		t.Errorf("second open changed the record: %+v", again)
	}
}
