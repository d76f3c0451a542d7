package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	bolt "go.etcd.io/bbolt"
)

// TestMain lets the test binary double as the child process of the crash
// and backup tests (see child_test.go).
func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(childMain(mode))
	}
	os.Exit(m.Run())
}

var t0 = time.Date(2026, 8, 7, 13, 0, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "gavel.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func ev(i int) meeting.Event {
	return meeting.Event{Time: t0.Add(time.Duration(i) * time.Second), Channel: "#fudcon-planning",
		Nick: fmt.Sprintf("nick%d", i%7), Text: fmt.Sprintf("line %d", i)}
}

func rec(id, series string, start time.Time) MeetingRecord {
	return MeetingRecord{ID: id, Channel: "#" + series, Series: series, Title: "t " + id, Source: "irc",
		TimeZone: "Asia/Kolkata", Started: start, BotNick: "gavel"}
}

func ids(recs []MeetingRecord) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestAppendOrderAndReopen(t *testing.T) {
	s, path := openTemp(t)
	r := rec("m1", "fudcon", t0)
	if err := s.StartMeeting(r); err != nil {
		t.Fatal(err)
	}
	if err := s.StartMeeting(r); !errors.Is(err, ErrExists) {
		t.Fatalf("second StartMeeting: got %v, want ErrExists", err)
	}
	var want []meeting.Event
	for i := 1; i <= 50; i++ {
		e := ev(i)
		e.Op = i%3 == 0
		e.Kind = []meeting.EventKind{meeting.KindMessage, meeting.KindAction, meeting.KindBot}[i%3]
		seq, err := s.Append("m1", e)
		if err != nil {
			t.Fatal(err)
		}
		if seq != uint64(i) {
			t.Fatalf("Append %d returned seq %d", i, seq)
		}
		want = append(want, e)
	}
	if _, err := s.Append("nope", ev(1)); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("Append to a missing meeting: %v", err)
	}
	check := func(s *Store) {
		t.Helper()
		got, err := s.Events("m1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d events, want %d", len(got), len(want))
		}
		for i := range want {
			if !got[i].Time.Equal(want[i].Time) || got[i].Nick != want[i].Nick || got[i].Text != want[i].Text ||
				got[i].Kind != want[i].Kind || got[i].Op != want[i].Op || got[i].Channel != want[i].Channel {
				t.Fatalf("event %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		m, err := s.Meeting("m1")
		if err != nil {
			t.Fatal(err)
		}
		if !m.Started.Equal(r.Started) || m.TimeZone != r.TimeZone || m.BotNick != "gavel" {
			t.Fatalf("record: got %+v, want %+v", m, r)
		}
		if n, err := s.LastSeq("m1"); err != nil || n != 50 {
			t.Fatalf("LastSeq = %d, %v", n, err)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	check(s2)
	// Appending after a reopen continues the sequence.
	if seq, err := s2.Append("m1", ev(51)); err != nil || seq != 51 {
		t.Fatalf("Append after reopen: %d, %v", seq, err)
	}
	if _, err := s2.Meeting("m2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing meeting: %v", err)
	}
}

func TestUpdateIsAtomic(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.StartMeeting(rec("m", "s", t0)); err != nil {
		t.Fatal(err)
	}
	if err := appendMany(s, "m", []meeting.Event{ev(1), ev(2), ev(3)}); err != nil {
		t.Fatal(err)
	}
	// A failing transaction keeps nothing: the third append hits a
	// missing meeting, so the first two must be rolled back.
	err := s.Update(func(tx *Tx) error {
		if _, err := tx.Append("m", ev(4)); err != nil {
			return err
		}
		if _, err := tx.Append("m", ev(5)); err != nil {
			return err
		}
		_, err := tx.Append("missing", ev(6))
		return err
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	evs, err := s.Events("m")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || evs[2].Text != "line 3" {
		t.Fatalf("after rollback: %d events", len(evs))
	}
	if seq, _ := s.Append("m", ev(4)); seq != 4 {
		t.Fatalf("sequence after rollback = %d, want 4", seq)
	}
}

func TestLockTimeout(t *testing.T) {
	s, path := openTemp(t)
	_ = s
	for _, timeout := range []time.Duration{300 * time.Millisecond, DefaultLockTimeout} {
		opt := Options{LockTimeout: timeout}
		if timeout == DefaultLockTimeout {
			opt.LockTimeout = 0 // the default
		}
		start := time.Now()
		s2, err := Open(path, opt)
		took := time.Since(start)
		if err == nil {
			s2.Close()
			t.Fatal("second Open of a locked store succeeded")
		}
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("got %v, want ErrLocked", err)
		}
		want := fmt.Sprintf("store %s is locked by another gavel process (waited %s)", path, timeout)
		if err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if took < timeout-100*time.Millisecond || took > timeout+time.Second {
			t.Errorf("timeout %s: Open returned after %s", timeout, took)
		}
	}
	// Released on Close: the next Open succeeds at once.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(path, Options{LockTimeout: -1})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s3.Close()
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "missing.db") {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
	path := filepath.Join(dir, "g.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StartMeeting(rec("m", "s", t0)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r1, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	// Two readers share the file.
	r2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if _, err := r2.Meeting("m"); err != nil {
		t.Fatal(err)
	}
	if _, err := r1.Append("m", ev(1)); err == nil {
		t.Fatal("Append on a read-only store succeeded")
	}
	// A writer cannot take the file from readers.
	if _, err := Open(path, Options{LockTimeout: 200 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("writer beside readers: %v", err)
	}
}

// writeV0 writes a file in the v0 layout: meetings and events buckets only,
// no meta bucket, no indexes.
func writeV0(t *testing.T, path string, recs []MeetingRecord, events map[string][]meeting.Event) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		mb, err := tx.CreateBucket([]byte("meetings"))
		if err != nil {
			return err
		}
		eb, err := tx.CreateBucket([]byte("events"))
		if err != nil {
			return err
		}
		for _, r := range recs {
			// The v0 record: the same JSON fields, written by hand.
			v := fmt.Sprintf(`{"id":%q,"channel":%q,"series":%q,"title":%q,"source":"irc","started":%q`,
				r.ID, r.Channel, r.Series, r.Title, r.Started.Format(time.RFC3339Nano))
			if !r.Ended.IsZero() {
				v += fmt.Sprintf(`,"ended":%q`, r.Ended.Format(time.RFC3339Nano))
			}
			if r.ImportKey != "" {
				v += fmt.Sprintf(`,"import_key":%q`, r.ImportKey)
			}
			if err := mb.Put([]byte(r.ID), []byte(v+"}")); err != nil {
				return err
			}
			b, err := eb.CreateBucket([]byte(r.ID))
			if err != nil {
				return err
			}
			for i, e := range events[r.ID] {
				v := fmt.Sprintf(`{"t":%q,"n":%q,"x":%q}`, e.Time.Format(time.RFC3339Nano), e.Nick, e.Text)
				if err := b.Put(seqKey(uint64(i+1)), []byte(v)); err != nil {
					return err
				}
				if err := b.SetSequence(uint64(i + 1)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateFromV0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	a := rec("fudcon-1", "fudcon", t0.Add(48*time.Hour))
	a.Ended = a.Started.Add(time.Hour)
	b := rec("fudcon-0", "fudcon", t0)
	b.Ended = b.Started.Add(time.Hour)
	b.ImportKey = "sha256:abc"
	c := rec("infra-0", "infra", t0.Add(time.Hour)) // still open
	writeV0(t, path, []MeetingRecord{a, b, c}, map[string][]meeting.Event{
		"fudcon-1": {ev(1), ev(2), ev(3)},
		"infra-0":  {ev(9)},
	})

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.View(func(tx *Tx) error { v, err = schemaOf(tx.tx); return err })
	if v != SchemaVersion {
		t.Fatalf("schema after migration = %d, want %d", v, SchemaVersion)
	}
	got, err := s.Meetings("fudcon")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids(got), []string{"fudcon-0", "fudcon-1"}) {
		t.Errorf("Meetings(fudcon) = %v", ids(got))
	}
	all, _ := s.AllMeetings()
	if !reflect.DeepEqual(ids(all), []string{"fudcon-0", "infra-0", "fudcon-1"}) {
		t.Errorf("AllMeetings = %v", ids(all))
	}
	open, _ := s.OpenMeetings()
	if !reflect.DeepEqual(ids(open), []string{"infra-0"}) {
		t.Errorf("OpenMeetings = %v", ids(open))
	}
	if id, ok, _ := s.ByImportKey("sha256:abc"); !ok || id != "fudcon-0" {
		t.Errorf("ByImportKey = %q, %v", id, ok)
	}
	evs, err := s.Events("fudcon-1")
	if err != nil || len(evs) != 3 || evs[2].Text != "line 3" {
		t.Fatalf("events after migration: %v, %v", evs, err)
	}
	if seq, err := s.Append("fudcon-1", ev(4)); err != nil || seq != 4 {
		t.Fatalf("append after migration: %d, %v", seq, err)
	}
	// The tracker's buckets exist too.
	if err := s.PutAction(ActionRecord{ID: "a1", Text: "x", Owners: []string{"pjp"}}); err != nil {
		t.Fatal(err)
	}
}

// TestNewStoreOneCommit: a new file gets the current schema, every bucket
// of it, in one commit (one transaction more than a bare bbolt file has),
// not one commit per migration step.
func TestNewStoreOneCommit(t *testing.T) {
	dir := t.TempDir()
	bare, err := bolt.Open(filepath.Join(dir, "bare.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var base int
	bare.View(func(tx *bolt.Tx) error { base = tx.ID(); return nil })
	bare.Close()

	s, err := Open(filepath.Join(dir, "new.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var id, v int
	s.View(func(tx *Tx) error {
		id = tx.tx.ID()
		v, err = schemaOf(tx.tx)
		return err
	})
	if v != SchemaVersion {
		t.Fatalf("schema of a new store = %d, want %d", v, SchemaVersion)
	}
	if id != base+1 {
		t.Errorf("a new store took %d commits to create, want 1", id-base)
	}
	if err := s.checkBuckets(); err != nil {
		t.Error(err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(keySchema, []byte("99")) })
	db.Close()
	for _, ro := range []bool{false, true} {
		_, err = Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Fatalf("got %v, want ErrSchemaTooNew", err)
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "99") {
			t.Errorf("error does not name the file and version: %v", err)
		}
	}
	// The refusal leaves the file alone and unlocked.
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bMeta).Get(keySchema)); v != "99" {
			t.Errorf("schema rewritten to %q", v)
		}
		return nil
	})
	db.Close()
}

func TestReadOnlyOldSchemaNeedsMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	writeV0(t, path, []MeetingRecord{rec("m", "s", t0)}, nil)
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrNeedsMigration) {
		t.Fatalf("got %v, want ErrNeedsMigration", err)
	}
}

func TestMeetingIndexes(t *testing.T) {
	s, _ := openTemp(t)
	// Inserted out of order on purpose; two series, one with a prefix of
	// the other's name.
	starts := map[string]time.Time{
		"f3": t0.Add(72 * time.Hour), "f1": t0, "f2": t0.Add(24 * time.Hour),
		"x1": t0.Add(time.Hour), "fb": t0.Add(2 * time.Hour), "old": t0.AddDate(-60, 0, 0),
	}
	series := map[string]string{"f1": "fudcon", "f2": "fudcon", "f3": "fudcon", "fb": "fudcon-b", "x1": "infra", "old": "fudcon"}
	for _, id := range []string{"f3", "x1", "f1", "fb", "old", "f2"} {
		if err := s.StartMeeting(rec(id, series[id], starts[id])); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.Meetings("fudcon")
	if want := []string{"old", "f1", "f2", "f3"}; !reflect.DeepEqual(ids(got), want) {
		t.Errorf("Meetings(fudcon) = %v, want %v", ids(got), want)
	}
	got, _ = s.Meetings("fudcon-b")
	if want := []string{"fb"}; !reflect.DeepEqual(ids(got), want) {
		t.Errorf("Meetings(fudcon-b) = %v, want %v", ids(got), want)
	}
	names, _ := s.SeriesList()
	if want := []string{"fudcon", "fudcon-b", "infra"}; !reflect.DeepEqual(names, want) {
		t.Errorf("SeriesList = %v, want %v", names, want)
	}
	all, _ := s.AllMeetings()
	if want := []string{"old", "f1", "x1", "fb", "f2", "f3"}; !reflect.DeepEqual(ids(all), want) {
		t.Errorf("AllMeetings = %v, want %v", ids(all), want)
	}
	open, _ := s.OpenMeetings()
	if len(open) != 6 {
		t.Errorf("OpenMeetings = %v", ids(open))
	}

	// #meetingname moves a meeting to another series; #endmeeting ends it.
	err := s.UpdateMeeting("x1", func(r *MeetingRecord) error {
		r.Series = "fudcon"
		r.Ended = r.Started.Add(time.Hour)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Meetings("fudcon")
	if want := []string{"old", "f1", "x1", "f2", "f3"}; !reflect.DeepEqual(ids(got), want) {
		t.Errorf("after rename: Meetings(fudcon) = %v, want %v", ids(got), want)
	}
	if got, _ := s.Meetings("infra"); len(got) != 0 {
		t.Errorf("infra still lists %v", ids(got))
	}
	names, _ = s.SeriesList()
	if want := []string{"fudcon", "fudcon-b"}; !reflect.DeepEqual(names, want) {
		t.Errorf("SeriesList = %v, want %v", names, want)
	}
	open, _ = s.OpenMeetings()
	if len(open) != 5 || open[0].ID != "old" {
		t.Errorf("OpenMeetings after end = %v", ids(open))
	}
	if err := s.UpdateMeeting("x1", func(r *MeetingRecord) error { r.ID = "y"; return nil }); err == nil {
		t.Error("UpdateMeeting changed the id")
	}
	if err := s.UpdateMeeting("zz", func(r *MeetingRecord) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateMeeting of a missing meeting: %v", err)
	}
	boom := errors.New("boom")
	if err := s.UpdateMeeting("f1", func(r *MeetingRecord) error { r.Title = "changed"; return boom }); !errors.Is(err, boom) {
		t.Errorf("fn error not returned: %v", err)
	}
	if m, _ := s.Meeting("f1"); m.Title != "t f1" {
		t.Errorf("failed update was kept: %q", m.Title)
	}
	if err := s.StartMeeting(MeetingRecord{ID: "bad", Series: "a\x00b"}); err == nil {
		t.Error("a series with NUL was accepted")
	}
}

func TestImportKey(t *testing.T) {
	s, _ := openTemp(t)
	r := rec("imp", "s", t0)
	r.Source, r.ImportKey = "import", "sha256:1"
	if err := s.StartMeeting(r); err != nil {
		t.Fatal(err)
	}
	r2 := rec("imp2", "s", t0)
	r2.ImportKey = "sha256:1"
	if err := s.StartMeeting(r2); !errors.Is(err, ErrExists) {
		t.Fatalf("second import with the same key: %v", err)
	}
	if id, ok, err := s.ByImportKey("sha256:1"); err != nil || !ok || id != "imp" {
		t.Fatalf("ByImportKey = %q %v %v", id, ok, err)
	}
	if _, ok, _ := s.ByImportKey("sha256:2"); ok {
		t.Fatal("unknown key found")
	}
}

func TestConcurrentAppend(t *testing.T) {
	s, _ := openTemp(t)
	for _, id := range []string{"a", "b"} {
		if err := s.StartMeeting(rec(id, "s", t0)); err != nil {
			t.Fatal(err)
		}
	}
	const workers, each = 8, 25
	var wg sync.WaitGroup
	seqs := make([][]uint64, workers)
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := []string{"a", "b"}[w%2]
			for i := 0; i < each; i++ {
				seq, err := s.Append(id, ev(w*1000+i))
				if err != nil {
					errs <- err
					return
				}
				seqs[w] = append(seqs[w], seq)
				if _, err := s.Events(id); err != nil { // readers alongside
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		evs, err := s.Events(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != workers/2*each {
			t.Fatalf("meeting %s has %d events, want %d", id, len(evs), workers/2*each)
		}
		// Each worker's own events are in the order it appended them.
		last := map[string]int{}
		for _, e := range evs {
			var n int
			fmt.Sscanf(e.Text, "line %d", &n)
			w := fmt.Sprint(n / 1000)
			if prev, ok := last[w]; ok && n <= prev {
				t.Fatalf("meeting %s: worker %s's events out of order (%d after %d)", id, w, n, prev)
			}
			last[w] = n
		}
	}
	// Sequence numbers per meeting are unique.
	seen := map[string]bool{}
	for w, list := range seqs {
		for _, q := range list {
			k := fmt.Sprintf("%d/%d", w%2, q)
			if seen[k] {
				t.Fatalf("sequence %s handed out twice", k)
			}
			seen[k] = true
		}
	}
}

func TestDamagedFileRefused(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bIdxActOwner) })
	db.Close()
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "idx_action_owner") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open of a file with a missing bucket: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a bbolt file ", 1000)), 0o600)
	if _, err := Open(junk, Options{}); err == nil || !strings.Contains(err.Error(), "junk.db") {
		t.Fatalf("Open of junk: %v", err)
	}
}
