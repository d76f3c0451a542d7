package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/gavel-irc/gavel/internal/words"
	bolt "go.etcd.io/bbolt"
)

// openItemsFromRecords is what OpenItems must return, computed from the
// decoded records instead of the index.
func openItemsFromRecords(t *testing.T, tx *Tx, series string, owners ...string) []*OpenItem {
	t.Helper()
	all, err := tx.Actions(ActionFilter{Series: series, Status: StatusOpen})
	if err != nil {
		t.Fatal(err)
	}
	out := []*OpenItem{}
	for _, a := range all {
		if len(owners) > 0 && !slices.ContainsFunc(a.Owners, func(o string) bool {
			return slices.ContainsFunc(owners, func(w string) bool {
				return strings.EqualFold(strings.TrimSpace(o), strings.TrimSpace(w)) && strings.TrimSpace(w) != ""
			})
		}) {
			continue
		}
		out = append(out, &OpenItem{ID: a.ID, Words: words.Joined(a.Text), TopicWords: words.Joined(a.Topic), Text: a.Text,
			WordSet: strings.Join(words.Set(words.Joined(a.Text)), " "), WordCount: len(words.Set(words.Joined(a.Text))),
			WordMask: words.Mask(words.Set(words.Joined(a.Text)))})
	}
	return out
}

// TestOpenItemsFollowsWrites puts and changes items at random and
// checks after each transaction that the open-items index answers exactly
// what the records say, for every series and owner.
func TestOpenItemsFollowsWrites(t *testing.T) {
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(1, 2))
	owners := []string{"pjp", "PJP", " Kushal Das ", "saleem", ""}
	texts := []string{"book the hotels", "Caterers for Friday", "call \x00 the venue", "review the budget", ""}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	statuses := []string{StatusOpen, StatusOpen, StatusDone, StatusDropped, ""}
	for round := range 60 {
		err := s.Update(func(tx *Tx) error {
			for range 1 + rng.IntN(4) {
				id := fmt.Sprintf("a%d", 1+rng.IntN(12))
				var os []string
				for range rng.IntN(3) {
					os = append(os, pick(owners))
				}
				a := ActionRecord{ID: id, Text: pick(texts), Topic: pick(texts), Owners: os,
					Series: pick([]string{"fudcon", "infra"}), Status: pick(statuses)}
				if err := tx.PutAction(a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		s.View(func(tx *Tx) error {
			for _, series := range []string{"fudcon", "infra", "none"} {
				for _, q := range [][]string{nil, {"pjp"}, {"kushal das"}, {"Saleem", "pjp", "PJP"}, {""}} {
					got := tx.OpenItems(series, q...)
					if got == nil {
						got = []*OpenItem{}
					}
					want := openItemsFromRecords(t, tx, series, q...)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d: OpenItems(%q, %q) =\n%+v\nwant (from the records)\n%+v", round, series, q, got, want)
					}
				}
			}
			return nil
		})
	}
}

// TestMigrateOpenItems checks the schema step that drops the snapshots
// bucket and builds the open-items index from the action records.
func TestMigrateOpenItems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	items := []ActionRecord{
		{ID: "a1", Text: "book the hotels", Topic: "Hotels", Owners: []string{"pjp", "Kushal Das"}, Series: "fudcon"},
		{ID: "a2", Text: "caterers", Owners: []string{"pjp"}, Series: "fudcon", Status: StatusDone},
		{ID: "a3", Text: "nobody's", Series: "fudcon"},
	}
	for _, a := range items {
		if err := s.PutAction(a); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// Make the file what schema 3 looked like: a snapshots bucket with
	// an entry, no open-items index.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bIdxActOpen); err != nil {
			return err
		}
		b, err := tx.CreateBucket([]byte("snapshots"))
		if err != nil {
			return err
		}
		if err := b.Put([]byte("m"), []byte(`{"up_to":1,"data":{}}`)); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(keySchema, []byte("3"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.View(func(tx *Tx) error {
		if v, _ := schemaOf(tx.tx); v != SchemaVersion {
			t.Errorf("schema %d after migration, want %d", v, SchemaVersion)
		}
		if tx.tx.Bucket([]byte("snapshots")) != nil {
			t.Error("the snapshots bucket is still there")
		}
		want := []*OpenItem{
			{ID: "a1", Words: "book hotel", TopicWords: "hotel", Text: "book the hotels", WordSet: "book hotel", WordCount: 2, WordMask: words.Bit("book") | words.Bit("hotel")},
			{ID: "a3", Words: "nobody s", Text: "nobody's", WordSet: "nobody s", WordCount: 2, WordMask: words.Bit("nobody") | words.Bit("s")},
		}
		if got := tx.OpenItems("fudcon"); !reflect.DeepEqual(got, want) {
			t.Errorf("OpenItems after migration = %+v, want %+v", got, want)
		}
		if got := tx.OpenItems("fudcon", "kushal das"); len(got) != 1 || got[0].ID != "a1" {
			t.Errorf("OpenItems(kushal das) after migration = %+v", got)
		}
		return nil
	})
}

// TestOpenItemsCacheFollowsWrites changes items at random in write
// transactions, some rolled back, and checks that OpenItems in a write
// transaction (served from the store's memory once a series was read)
// answers what the records say, before and after the transaction's own
// changes, and that the cache was used.
func TestOpenItemsCacheFollowsWrites(t *testing.T) {
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(5, 6))
	owners := []string{"pjp", "PJP", " Kushal Das ", "saleem", ""}
	texts := []string{"book the hotels", "Caterers for Friday", "call \x00 the venue", "review the budget", ""}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	statuses := []string{StatusOpen, StatusOpen, StatusDone, StatusDropped, ""}
	queries := [][]string{nil, {"pjp"}, {"kushal das"}, {"Saleem", "pjp", "PJP"}, {""}, {"nobody"}}
	check := func(round int, when string, tx *Tx) {
		for _, series := range []string{"fudcon", "infra", "none"} {
			for _, q := range queries {
				got := tx.OpenItems(series, q...)
				if got == nil {
					got = []*OpenItem{}
				}
				if want := openItemsFromRecords(t, tx, series, q...); !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d, %s: OpenItems(%q, %q) =\n%+v\nwant (from the records)\n%+v", round, when, series, q, got, want)
				}
			}
		}
	}
	errRollback := fmt.Errorf("rolled back")
	shared := 0
	for round := range 120 {
		err := s.Update(func(tx *Tx) error {
			if rng.IntN(2) == 0 {
				check(round, "before the changes", tx)
			}
			var batch []ActionRecord
			for i := range 1 + rng.IntN(4) {
				id := fmt.Sprintf("a%d", 1+rng.IntN(12))
				if rng.IntN(8) == 0 && i == 0 {
					if err := tx.DeleteAction(id); err != nil {
						return err
					}
					continue
				}
				var os []string
				for range rng.IntN(3) {
					os = append(os, pick(owners))
				}
				a := ActionRecord{ID: id, Text: pick(texts), Topic: pick(texts), Owners: os,
					Series: pick([]string{"fudcon", "infra"}), Status: pick(statuses)}
				if rng.IntN(2) == 0 {
					if err := tx.PutAction(a); err != nil {
						return err
					}
				} else if !slices.ContainsFunc(batch, func(b ActionRecord) bool { return b.ID == id }) {
					batch = append(batch, a)
				}
			}
			if err := tx.PutActions(batch); err != nil {
				return err
			}
			check(round, "after the changes", tx)
			if tx.open != nil && tx.open.shared {
				shared++
			}
			if rng.IntN(5) == 0 {
				return errRollback
			}
			return nil
		})
		if err != nil && err != errRollback {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	if shared < 60 {
		t.Errorf("only %d of 120 write transactions used the cached open items", shared)
	}
}

// TestOpenEntryLayout: a kept open item is 128 bytes, a size the Go
// allocator hands out at 64-byte boundaries, with the summary the tracker
// reads of every candidate (WordMask, WordCount, the lengths of Words and
// TopicWords) in its first 64 bytes; and its owners read back as written.
func TestOpenEntryLayout(t *testing.T) {
	if n := unsafe.Sizeof(openEntry{}); n != 128 {
		t.Errorf("openEntry is %d bytes, want 128", n)
	}
	var e openEntry
	if end := unsafe.Offsetof(e.item) + unsafe.Offsetof(e.item.TopicWords) + unsafe.Sizeof(e.item.TopicWords); end > 64 {
		t.Errorf("the candidate's summary ends at byte %d of the entry, past the first 64", end)
	}
	long := strings.Repeat("x", 200) // a length of two uvarint bytes
	owners := []string{"pjp", long, "kushal das"}
	k := keptEntry(owners, "a12", "book hotel", "venue", "book the hotels")
	var got []string
	k.eachOwner(func(o string) bool { got = append(got, o); return false })
	if !slices.Equal(got, owners) {
		t.Errorf("owners read back %q, want %q", got, owners)
	}
	if k.item.ID != "a12" || k.item.Text != "book the hotels" || k.item.Words != "book hotel" || k.item.TopicWords != "venue" ||
		k.item.WordSet != "book hotel" || k.item.WordCount != 2 || k.item.WordMask != words.Bit("book")|words.Bit("hotel") {
		t.Errorf("kept item %+v", k.item)
	}
}
