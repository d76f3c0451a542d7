package store

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketDigests returns a SHA-256 of every key and value of each top-level
// bucket of the bbolt file at path (sub-buckets included).
func bucketDigests(t *testing.T, path string) map[string][32]byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][32]byte{}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			h := sha256.New()
			var walk func(b *bolt.Bucket) error
			walk = func(b *bolt.Bucket) error {
				return b.ForEach(func(k, v []byte) error {
					h.Write(k)
					h.Write([]byte{0})
					if v == nil {
						h.Write([]byte("{"))
						if err := walk(b.Bucket(k)); err != nil {
							return err
						}
						h.Write([]byte("}"))
						return nil
					}
					h.Write(v)
					h.Write([]byte{0})
					return nil
				})
			}
			if err := walk(b); err != nil {
				return err
			}
			out[string(name)] = [32]byte(h.Sum(nil))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMigrateV5Fixture opens testdata/schema-v5.db.gz, a store written by
// the schema-5 code (commit 7a08551: 16 generated MeetBot logs of four
// series and a real Fedora log imported with gavel import, then notes
// imported into one of the series: an item closed, one with two owners, one
// owner named with a space and capitals) and checks the v5 -> v6 step: every
// bucket but the two it rebuilds is byte for byte as it was, each imported
// meeting is found by its import key and a second import of it is refused,
// the imports bucket is in start order, and the open-items index answers
// what the records say for every series and owner.
func TestMigrateV5Fixture(t *testing.T) {
	path := copyFixture(t, "schema-v5.db.gz")
	before := bucketDigests(t, path)
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrNeedsMigration) {
		t.Fatalf("read-only open of a schema-5 file: %v, want ErrNeedsMigration", err)
	}
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := st.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	after := bucketDigests(t, path)
	for name, d := range before {
		switch name {
		case string(bImports), string(bIdxActOpen):
			if d == after[name] {
				t.Errorf("bucket %s is unchanged: not rebuilt", name)
			}
		case string(bMeta):
		default:
			if d != after[name] {
				t.Errorf("bucket %s changed in the migration", name)
			}
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d buckets after the migration, %d before", len(after), len(before))
	}

	st, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	imported := 0
	for _, r := range recs {
		if r.ImportKey == "" {
			continue
		}
		imported++
		if id, ok, err := st.ByImportKey(r.ImportKey); err != nil || !ok || id != r.ID {
			t.Errorf("ByImportKey(%s) = %q, %v, %v; want %s", r.ImportKey, id, ok, err, r.ID)
		}
		again := r
		again.ID = r.ID + "-again"
		if err := st.StartMeeting(again); !errors.Is(err, ErrExists) {
			t.Errorf("a second import of %s: %v, want ErrExists", r.ID, err)
		}
	}
	if imported != 18 {
		t.Errorf("%d meetings with an import key in the fixture, want 18 (17 logs, 1 notes file)", imported)
	}
	err = st.View(func(tx *Tx) error {
		var keys [][]byte
		var starts []time.Time
		byKey := map[string]MeetingRecord{}
		for _, r := range recs {
			byKey[r.ImportKey] = r
		}
		tx.bucket(bImports).ForEach(func(k, v []byte) error {
			keys = append(keys, slices.Clone(k))
			r, ok := byKey[string(v)]
			if !ok || !bytes.Equal(k, startKey(&r)) {
				t.Errorf("imports entry %x -> %s: no meeting with that key and start", k, v)
			}
			starts = append(starts, r.Started)
			return nil
		})
		if len(keys) != imported {
			t.Errorf("%d entries in imports, want %d", len(keys), imported)
		}
		if !slices.IsSortedFunc(starts, func(a, b time.Time) int { return a.Compare(b) }) {
			t.Errorf("imports not in start order: %v", starts)
		}
		all, err := tx.Actions(ActionFilter{})
		if err != nil {
			return err
		}
		owners := map[string]bool{"": true}
		series := map[string]bool{"none": true}
		open := 0
		for _, a := range all {
			series[a.Series] = true
			for _, o := range a.Owners {
				owners[o] = true
			}
			if a.Status == StatusOpen {
				open++
			}
		}
		if open < 40 || open == len(all) {
			t.Errorf("%d open items of %d: the fixture should hold open and closed items", open, len(all))
		}
		for s := range series {
			for o := range owners {
				var q []string
				if o != "" {
					q = []string{o}
				}
				got := tx.OpenItems(s, q...)
				if got == nil {
					got = []*OpenItem{}
				}
				if want := openItemsFromRecords(t, tx, s, q...); !reflect.DeepEqual(got, want) {
					t.Errorf("OpenItems(%q, %q) =\n%+v\nwant (from the records)\n%+v", s, q, got, want)
				}
			}
		}
		if got := tx.OpenItems("team01_weekly_meeting", "BOB", "Judy"); !slices.ContainsFunc(got, func(it *OpenItem) bool {
			return it.Text == "bob and judy to prepare the kotukisa release notes by 2020-04-01"
		}) {
			t.Errorf("OpenItems(team01, BOB, Judy) lacks the item of two owners: %+v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
