package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout version this gavel writes. It is stored in
// the meta bucket under the key "schema" as a decimal number.
const SchemaVersion = 6

// Top-level bucket names. See docs/store.md.
var (
	bMeta          = []byte("meta")
	bMeetings      = []byte("meetings")
	bEvents        = []byte("events")
	bIdxSeries     = []byte("idx_series")
	bIdxStart      = []byte("idx_start")
	bIdxOpen       = []byte("idx_open")
	bImports       = []byte("imports")
	bActions       = []byte("actions")
	bIdxActOwner   = []byte("idx_action_owner")
	bIdxActStatus  = []byte("idx_action_status")
	bIdxActSeries  = []byte("idx_action_series")
	bIdxActDue     = []byte("idx_action_due")
	bIdxActMeeting = []byte("idx_action_meeting")
	bIdxActOpen    = []byte("idx_action_open")
	bMarks         = []byte("marks")
	bHeld          = []byte("held")
	bSite          = []byte("site")
	bAgenda        = []byte("agenda")

	keySchema = []byte("schema")
)

// allBuckets lists the top-level buckets of the current schema.
func allBuckets() [][]byte {
	return [][]byte{bMeta, bMeetings, bEvents, bIdxSeries, bIdxStart, bIdxOpen, bImports,
		bActions, bIdxActOwner, bIdxActStatus, bIdxActSeries, bIdxActDue, bIdxActMeeting, bIdxActOpen, bMarks, bHeld, bSite, bAgenda}
}

// migration moves a file from schema version i to i+1 inside one
// transaction; migrations()[i] is that step.
type migration struct {
	what string
	fn   func(tx *bolt.Tx) error
}

// migrations is the table of schema steps: index i migrates v(i) to v(i+1).
// len(migrations()) must equal SchemaVersion.
func migrations() []migration {
	return []migration{
		// v0 is the layout before indexes: "meetings" (id -> record) and
		// "events" (id -> sub-bucket of seq -> event), no meta bucket. A
		// new, empty file is v0 too.
		{"create the index, tracker and reminder buckets and index existing meetings", migrateV0toV1},
		// v1 kept the replay options and the bot's marks in an untyped
		// "extra" map of the meeting record and had no revisions.
		{"move the meeting records' extra map into typed fields and give every meeting a revision", migrateV1toV2},
		// v2 left what the publisher published in two JSON files of the
		// site folder; the publisher moves them in on its first publish.
		{"create the bucket of the publisher's state", migrateV2toV3},
		// v3 had a "snapshots" bucket (a replay cache nothing wrote) and
		// no index of open items.
		{"drop the unused snapshots bucket and index the open action items", migrateV3toV4},
		// v4 had no agenda across meetings.
		{"create the bucket of the series' agendas", migrateV4toV5},
		// v5 keyed the imports bucket by import key and the open-items
		// index by series and owner: batches of an import rewrote pages
		// all over both as the archive grew.
		{"key the imports by start and id, the open items by series and id", migrateV5toV6},
	}
}

// schemaOf reads the schema version of a file (0 when there is no meta).
func schemaOf(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad schema version %q in meta bucket", v)
	}
	return n, nil
}

// migrate brings the file to SchemaVersion, one committed step at a time.
func (s *Store) migrate(readOnly bool) error {
	var v int
	if err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		v, err = schemaOf(tx)
		return err
	}); err != nil {
		return fmt.Errorf("store %s: %w", s.path, err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("store %s has schema version %d, newer than the %d this gavel understands; use a newer gavel or a backup: %w",
			s.path, v, SchemaVersion, ErrSchemaTooNew)
	}
	if v == SchemaVersion {
		return s.checkBuckets()
	}
	if v == 0 {
		if err := s.db.View(foreignCheck); err != nil {
			return fmt.Errorf("store %s: %w; nothing was changed. Check store.path", s.path, err)
		}
	}
	if readOnly {
		return fmt.Errorf("store %s has schema version %d, this gavel needs %d; open it read-write once (gavel run) to migrate: %w",
			s.path, v, SchemaVersion, ErrNeedsMigration)
	}
	steps := migrations()
	if len(steps) != SchemaVersion {
		return fmt.Errorf("store: internal error: %d migrations for schema %d", len(steps), SchemaVersion)
	}
	apply := func(tx *bolt.Tx, v int) error {
		step := steps[v]
		if err := step.fn(tx); err != nil {
			return fmt.Errorf("store %s: migrating schema v%d to v%d (%s): %w", s.path, v, v+1, step.what, err)
		}
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err == nil {
			err = meta.Put(keySchema, []byte(strconv.Itoa(v+1)))
		}
		if err != nil {
			return fmt.Errorf("store %s: migrating schema v%d to v%d (%s): %w", s.path, v, v+1, step.what, err)
		}
		return nil
	}
	if v == 0 && s.isEmpty() {
		// A new file: its whole layout in one commit. Step by step, each
		// step is a commit of two fdatasyncs (a new store's first gavel
		// notes or gavel import waited for 12 of them).
		return s.db.Update(func(tx *bolt.Tx) error {
			for ; v < SchemaVersion; v++ {
				if err := apply(tx, v); err != nil {
					return err
				}
			}
			return checkBuckets(tx, s.path)
		})
	}
	for ; v < SchemaVersion; v++ {
		if err := s.db.Update(func(tx *bolt.Tx) error { return apply(tx, v) }); err != nil {
			return err
		}
	}
	return s.checkBuckets()
}

// isEmpty reports whether the file holds no bucket at all (a new file).
func (s *Store) isEmpty() bool {
	empty := false
	err := s.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Cursor().First()
		empty = k == nil
		return nil
	})
	return err == nil && empty
}

// foreignCheck refuses a bbolt file without gavel's meta bucket that holds
// buckets gavel's first layout (v0: meetings and events) did not have:
// another program's database, which migrating would change.
func foreignCheck(tx *bolt.Tx) error {
	var other []string
	err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if !bytes.Equal(name, bMeetings) && !bytes.Equal(name, bEvents) && len(other) < 5 {
			other = append(other, strconv.Quote(string(name)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(other) > 0 {
		return fmt.Errorf("a bbolt database of another program (buckets %s, no gavel schema), %w", strings.Join(other, ", "), ErrNotStore)
	}
	return nil
}

// checkBuckets makes sure every bucket of the current schema is there, so
// that a damaged file is an error at Open, not a crash later.
func (s *Store) checkBuckets() error {
	return s.db.View(func(tx *bolt.Tx) error { return checkBuckets(tx, s.path) })
}

// checkBuckets is Store.checkBuckets inside tx, of the file at path.
func checkBuckets(tx *bolt.Tx, path string) error {
	for _, name := range allBuckets() {
		if tx.Bucket(name) == nil {
			return fmt.Errorf("store %s: schema v%d but bucket %q is missing; restore a backup", path, SchemaVersion, name)
		}
	}
	return nil
}

// migrateV0toV1 creates every bucket of schema 1 and builds the meeting
// indexes from the meeting records.
func migrateV0toV1(tx *bolt.Tx) error {
	for _, name := range allBuckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	t := &Tx{tx: tx}
	return tx.Bucket(bMeetings).ForEach(func(k, v []byte) error {
		var rec MeetingRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("meeting %q: %w", k, err)
		}
		if rec.ID == "" {
			rec.ID = string(k)
		}
		if rec.ID != string(k) {
			return errors.New("meeting key " + string(k) + " holds record of " + rec.ID)
		}
		return t.indexMeeting(&rec)
	})
}

// recordV1 is a schema-1 meeting record: the current fields plus the
// untyped map schema 2 replaced.
type recordV1 struct {
	MeetingRecord
	Extra map[string]string `json:"extra,omitempty"`
}

// The keys of recordV1.Extra that schema 2 knows.
const (
	v1SeriesOption = "series_option"
	v1OldTopic     = "old_topic"
	v1Published    = "published"
	v1MergedNotes  = "merged_notes"
	v1MergedKeys   = "merged_notes_keys" // space-separated
)

// migrateV1toV2 moves each record's extra map into the typed fields
// (unknown keys, which no gavel wrote, are refused rather than dropped)
// and gives every meeting revision 1.
func migrateV1toV2(tx *bolt.Tx) error {
	b := tx.Bucket(bMeetings)
	type kv struct{ k, v []byte }
	var out []kv
	err := b.ForEach(func(k, v []byte) error {
		var old recordV1
		if err := json.Unmarshal(v, &old); err != nil {
			return fmt.Errorf("meeting %q: %w", k, err)
		}
		rec := old.MeetingRecord
		for key, val := range old.Extra {
			switch key {
			case v1SeriesOption:
				rec.SeriesOption = val
			case v1OldTopic:
				rec.OldTopic = val
			case v1Published:
				rec.Published = val
			case v1MergedNotes:
				rec.MergedNotes = val
			case v1MergedKeys:
				rec.MergedKeys = strings.Fields(val)
			default:
				return fmt.Errorf("meeting %q: unknown extra key %q (value %q)", k, key, val)
			}
		}
		if rec.Revision == 0 {
			rec.Revision = 1
		}
		nv, err := json.Marshal(&rec)
		if err != nil {
			return fmt.Errorf("meeting %q: %w", k, err)
		}
		out = append(out, kv{append([]byte(nil), k...), nv})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range out {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// migrateV2toV3 creates the site bucket (the publisher imports the state
// files of an existing site folder into it on its first publish).
func migrateV2toV3(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bSite)
	return err
}

// migrateV3toV4 drops the "snapshots" bucket of schemas 1 to 3 (a cache of
// replayed meetings that no gavel wrote or read) and builds the open-items
// index (idx_action_open) from the action records.
func migrateV3toV4(tx *bolt.Tx) error {
	if err := tx.DeleteBucket([]byte("snapshots")); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
		return fmt.Errorf("dropping bucket snapshots: %w", err)
	}
	if _, err := tx.CreateBucketIfNotExists(bIdxActOpen); err != nil {
		return fmt.Errorf("creating bucket %s: %w", bIdxActOpen, err)
	}
	return (&Tx{tx: tx}).rebuildOpenItems()
}

// migrateV4toV5 creates the agenda bucket (one list of items per series).
func migrateV4toV5(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bAgenda)
	return err
}

// migrateV5toV6 rebuilds two buckets whose keys schema 6 changed: imports
// (import key -> meeting id before; start id -> import key now) from the
// import key of each meeting record, which indexMeeting wrote the bucket
// from, and idx_action_open (one entry per open item keyed by series and
// id, its owners in the value) from the action records.
func migrateV5toV6(tx *bolt.Tx) error {
	for _, name := range [][]byte{bImports, bIdxActOpen} {
		if err := tx.DeleteBucket(name); err != nil {
			return fmt.Errorf("dropping bucket %s: %w", name, err)
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	err := tx.Bucket(bMeetings).ForEach(func(k, v []byte) error {
		var rec MeetingRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("meeting %q: %w", k, err)
		}
		if rec.ImportKey == "" {
			return nil
		}
		rec.ID = string(k)
		return tx.Bucket(bImports).Put(startKey(&rec), []byte(rec.ImportKey))
	})
	if err != nil {
		return err
	}
	return (&Tx{tx: tx}).rebuildOpenItems()
}
