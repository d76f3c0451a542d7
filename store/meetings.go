package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// MeetingRecord is what the store keeps about a meeting besides its events:
// enough to replay the events with identical results, and what the
// publisher adds afterwards.
type MeetingRecord struct {
	// ID is the meeting's stable id (meeting.MakeID); the key of the record.
	ID      string `json:"id"`
	Channel string `json:"channel,omitempty"`
	// Series is the sanitised meeting name; it must not contain NUL.
	Series string `json:"series,omitempty"`
	Title  string `json:"title,omitempty"`
	// Source is "irc", "f2f" or "import".
	Source string `json:"source,omitempty"`
	// TimeZone is the IANA name of the meeting's zone ("" = UTC).
	TimeZone string    `json:"timezone,omitempty"`
	Started  time.Time `json:"started"`
	// Ended is zero while the meeting is open (in progress).
	Ended time.Time `json:"ended,omitzero"`
	// OpsAreChairs and BotNick are the engine options the meeting ran with.
	OpsAreChairs bool   `json:"ops_are_chairs,omitempty"`
	BotNick      string `json:"bot_nick,omitempty"`
	// Summary is the chair's summary for the blog post.
	Summary string `json:"summary,omitempty"`
	// ImportKey identifies the imported file (a hash) so that importing it
	// again is a no-op; see ByImportKey. Empty for live meetings.
	ImportKey string `json:"import_key,omitempty"`
	// SeriesOption is the series the engine was configured with
	// (meeting.Options.Series, "" when it derives the series from the
	// title): replaying the events with it makes the same meeting id.
	SeriesOption string `json:"series_option,omitempty"`
	// DateOnly is meeting.Options.DateOnly: a notes meeting with a date
	// and no time of day, whose minutes show no clock times.
	DateOnly bool `json:"date_only,omitempty"`
	// SeriesFixed is meeting.Options.SeriesFixed: #meetingname did not
	// rename the meeting (absent in meetings recorded before it existed,
	// which replay with renaming, as they ran).
	SeriesFixed bool `json:"series_fixed,omitempty"`
	// OldTopic is the channel's topic before the meeting, restored at
	// #endmeeting (live meetings only).
	OldTopic string `json:"old_topic,omitempty"`
	// Published is when the bot finished publishing the ended meeting
	// (RFC 3339), or "empty" when there was nothing to publish; an IRC
	// meeting without it is published again when the bot starts.
	Published string `json:"published,omitempty"`
	// MergedNotes is the name of the last notes file merged into the
	// meeting; MergedKeys the keys (content hashes) of every notes file
	// merged, so that merging one again is refused.
	MergedNotes string   `json:"merged_notes,omitempty"`
	MergedKeys  []string `json:"merged_keys,omitempty"`
	// Revision counts the committed changes of the meeting (its events,
	// its record, the action items it made): every step of its life
	// bumps it, and the publisher republishes a meeting whose revision
	// is not the one it published.
	Revision uint64 `json:"rev,omitempty"`
}

// Open reports whether the meeting is still in progress.
func (r *MeetingRecord) Open() bool { return r.Ended.IsZero() }

func (r *MeetingRecord) validate() error {
	switch {
	case r.ID == "":
		return errors.New("meeting record without id")
	case strings.IndexByte(r.ID, 0) >= 0:
		return fmt.Errorf("meeting id %q contains NUL", r.ID)
	case strings.IndexByte(r.Series, 0) >= 0:
		return fmt.Errorf("meeting %s: series %q contains NUL", r.ID, r.Series)
	case strings.IndexByte(r.ImportKey, 0) >= 0:
		return fmt.Errorf("meeting %s: import key %q contains NUL", r.ID, r.ImportKey)
	}
	return nil
}

// timeKey encodes t so that byte order is time order (8 bytes, big-endian,
// sign bit flipped so that times before 1970 sort first).
func timeKey(t time.Time) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(t.UnixNano())^(1<<63))
	return b[:]
}

// seqKey encodes an event or message sequence number.
func seqKey(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// seriesKey is the idx_series key: series NUL start id.
func seriesKey(r *MeetingRecord) []byte {
	return concat([]byte(r.Series), []byte{0}, timeKey(r.Started), []byte(r.ID))
}

// startKey is the idx_start key: start id.
func startKey(r *MeetingRecord) []byte { return concat(timeKey(r.Started), []byte(r.ID)) }

// indexMeeting adds r to the meeting indexes.
func (t *Tx) indexMeeting(r *MeetingRecord) error {
	if err := t.put(bIdxSeries, seriesKey(r), nil); err != nil {
		return err
	}
	if err := t.put(bIdxStart, startKey(r), nil); err != nil {
		return err
	}
	if r.Open() {
		if err := t.put(bIdxOpen, []byte(r.ID), nil); err != nil {
			return err
		}
	}
	if r.ImportKey != "" {
		if err := t.put(bImports, startKey(r), []byte(r.ImportKey)); err != nil {
			return err
		}
		t.setImport(r.ImportKey, r.ID)
	}
	return nil
}

// unindexMeeting removes r from the meeting indexes.
func (t *Tx) unindexMeeting(r *MeetingRecord) error {
	for _, d := range []struct {
		b   []byte
		key []byte
	}{{bIdxSeries, seriesKey(r)}, {bIdxStart, startKey(r)}, {bIdxOpen, []byte(r.ID)}} {
		if err := t.del(d.b, d.key); err != nil {
			return err
		}
	}
	if r.ImportKey != "" {
		if err := t.del(bImports, startKey(r)); err != nil {
			return err
		}
		t.setImport(r.ImportKey, "")
	}
	return nil
}

func (t *Tx) putMeeting(r *MeetingRecord) error {
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("meeting %s: %w", r.ID, err)
	}
	t.touchMeeting(r.ID)
	return t.bucket(bMeetings).Put([]byte(r.ID), v)
}

// StartMeeting creates the record of a new meeting and its (empty) event
// sequence. It fails with ErrExists when the id, or the import key, is
// already in the store.
func (t *Tx) StartMeeting(rec MeetingRecord) error {
	if err := rec.validate(); err != nil {
		return err
	}
	if t.bucket(bMeetings).Get([]byte(rec.ID)) != nil {
		return fmt.Errorf("meeting %s: %w", rec.ID, ErrExists)
	}
	if rec.ImportKey != "" {
		if id, ok := t.importedAs(rec.ImportKey); ok {
			return fmt.Errorf("meeting %s: import key %s already imported as meeting %s: %w", rec.ID, rec.ImportKey, id, ErrExists)
		}
	}
	if err := t.putMeeting(&rec); err != nil {
		return err
	}
	if _, err := t.bucket(bEvents).CreateBucketIfNotExists([]byte(rec.ID)); err != nil {
		return fmt.Errorf("meeting %s: events bucket: %w", rec.ID, err)
	}
	return t.indexMeeting(&rec)
}

// Meeting returns the record of meeting id, or an error wrapping ErrNotFound.
func (t *Tx) Meeting(id string) (MeetingRecord, error) {
	v := t.bucket(bMeetings).Get([]byte(id))
	if v == nil {
		return MeetingRecord{}, fmt.Errorf("meeting %s: %w", id, ErrNotFound)
	}
	rec, err := t.recs.decode(id, v)
	if err != nil {
		return rec, fmt.Errorf("meeting %s: decoding record: %w", id, err)
	}
	return rec, nil
}

// UpdateMeeting changes the record of meeting id through fn (for example to
// set Series, Title or Ended) and keeps the indexes in step. The id
// cannot be changed.
func (t *Tx) UpdateMeeting(id string, fn func(*MeetingRecord) error) error {
	old, err := t.Meeting(id)
	if err != nil {
		return err
	}
	rec := old
	rec.MergedKeys = append([]string(nil), old.MergedKeys...)
	if err := fn(&rec); err != nil {
		return err
	}
	if rec.ID != id {
		return fmt.Errorf("meeting %s: the id cannot be changed (to %q)", id, rec.ID)
	}
	if err := rec.validate(); err != nil {
		return err
	}
	if rec.ImportKey != old.ImportKey && rec.ImportKey != "" {
		if other, ok := t.importedAs(rec.ImportKey); ok {
			return fmt.Errorf("meeting %s: import key %s already used by meeting %s: %w", id, rec.ImportKey, other, ErrExists)
		}
	}
	if err := t.unindexMeeting(&old); err != nil {
		return err
	}
	if err := t.putMeeting(&rec); err != nil {
		return err
	}
	return t.indexMeeting(&rec)
}

// BumpRevision adds one to meeting id's revision and returns the new one.
// Every step of a meeting's life calls it once, in the step's transaction.
func (t *Tx) BumpRevision(id string) (uint64, error) {
	rec, err := t.Meeting(id)
	if err != nil {
		return 0, err
	}
	rec.Revision++
	if err := t.putMeeting(&rec); err != nil {
		return 0, err
	}
	return rec.Revision, nil
}

// Append adds ev at the end of meeting id's events and returns its sequence
// number (1 for the first event).
func (t *Tx) Append(id string, ev meeting.Event) (uint64, error) {
	b := t.bucket(bEvents).Bucket([]byte(id))
	if b == nil {
		if t.bucket(bMeetings).Get([]byte(id)) == nil {
			return 0, fmt.Errorf("append to meeting %s: %w", id, ErrNotFound)
		}
		var err error
		if b, err = t.bucket(bEvents).CreateBucket([]byte(id)); err != nil {
			return 0, fmt.Errorf("append to meeting %s: %w", id, err)
		}
	}
	// Keys only grow: pack pages full instead of splitting them in half.
	b.FillPercent = 1.0
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("append to meeting %s: %w", id, err)
	}
	v, err := encodeEvent(ev)
	if err != nil {
		return 0, fmt.Errorf("append to meeting %s: encoding event: %w", id, err)
	}
	if err := b.Put(seqKey(seq), v); err != nil {
		return 0, fmt.Errorf("append to meeting %s: %w", id, err)
	}
	t.touchMeeting(id)
	return seq, nil
}

// AppendEvents adds evs at the end of meeting id's events, as Append does
// for each in turn (the same keys, values and bucket sequence), and returns
// the sequence number of the last (0 when evs is empty). An import stores
// a whole meeting this way: the meeting's bucket is looked up once and the
// values are encoded into one buffer rather than one allocation each.
func (t *Tx) AppendEvents(id string, evs []meeting.Event) (uint64, error) {
	b := t.bucket(bEvents).Bucket([]byte(id))
	if b == nil {
		if t.bucket(bMeetings).Get([]byte(id)) == nil {
			return 0, fmt.Errorf("append to meeting %s: %w", id, ErrNotFound)
		}
		var err error
		if b, err = t.bucket(bEvents).CreateBucket([]byte(id)); err != nil {
			return 0, fmt.Errorf("append to meeting %s: %w", id, err)
		}
	}
	b.FillPercent = 1.0 // as Append
	seq := b.Sequence()
	if len(evs) == 0 {
		return seq, nil
	}
	// bbolt keeps the values (not the keys) until the commit: each is a
	// slice of buf, capped, so that nothing writes into it again (were buf
	// to grow, the values before keep the old array).
	size := 0
	for i := range evs {
		size += eventSizeHint(&evs[i])
	}
	buf := make([]byte, 0, size)
	var key [8]byte
	for i := range evs {
		start := len(buf)
		var err error
		if buf, err = appendEvent(buf, evs[i]); err != nil {
			return 0, fmt.Errorf("append to meeting %s: encoding event: %w", id, err)
		}
		seq++
		binary.BigEndian.PutUint64(key[:], seq)
		if err := b.Put(key[:], buf[start:len(buf):len(buf)]); err != nil {
			return 0, fmt.Errorf("append to meeting %s: %w", id, err)
		}
	}
	if err := b.SetSequence(seq); err != nil {
		return 0, fmt.Errorf("append to meeting %s: %w", id, err)
	}
	t.touchMeeting(id)
	return seq, nil
}

// LastSeq returns the sequence number of meeting id's last event (0 when it
// has none).
func (t *Tx) LastSeq(id string) (uint64, error) {
	if t.bucket(bMeetings).Get([]byte(id)) == nil {
		return 0, fmt.Errorf("meeting %s: %w", id, ErrNotFound)
	}
	b := t.bucket(bEvents).Bucket([]byte(id))
	if b == nil {
		return 0, nil
	}
	return b.Sequence(), nil
}

// EachEvent calls fn with every event of meeting id in order, with its
// sequence number; it stops at the first error fn returns.
func (t *Tx) EachEvent(id string, fn func(seq uint64, ev meeting.Event) error) error {
	if t.bucket(bMeetings).Get([]byte(id)) == nil {
		return fmt.Errorf("meeting %s: %w", id, ErrNotFound)
	}
	b := t.bucket(bEvents).Bucket([]byte(id))
	if b == nil {
		return nil
	}
	var in interner
	var ev meeting.Event // reused: fn gets a copy
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("meeting %s: bad event key %x", id, k)
		}
		if err := decodeEvent(v, &ev, &in); err != nil {
			return decodeEventErr(id, binary.BigEndian.Uint64(k), err)
		}
		if err := fn(binary.BigEndian.Uint64(k), ev); err != nil {
			return err
		}
	}
	return nil
}

// Events returns every event of meeting id in order.
func (t *Tx) Events(id string) ([]meeting.Event, error) {
	var evs []meeting.Event
	if b := t.bucket(bEvents).Bucket([]byte(id)); b != nil {
		evs = make([]meeting.Event, 0, b.Sequence())
	}
	err := t.EachEvent(id, func(_ uint64, ev meeting.Event) error {
		evs = append(evs, ev)
		return nil
	})
	return evs, err
}

// recordsOf returns the records of ids, in that order.
func (t *Tx) recordsOf(ids []string) ([]MeetingRecord, error) {
	out := make([]MeetingRecord, 0, len(ids))
	for _, id := range ids {
		rec, err := t.Meeting(id)
		if err != nil {
			return nil, fmt.Errorf("index names a meeting that is missing: %w", err)
		}
		out = append(out, rec)
	}
	return out, nil
}

// Meetings returns the meetings of series by start time, oldest first.
func (t *Tx) Meetings(series string) ([]MeetingRecord, error) {
	prefix := append([]byte(series), 0)
	var ids []string
	c := t.bucket(bIdxSeries).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) < len(prefix)+8 {
			return nil, fmt.Errorf("series index: bad key %q", k)
		}
		ids = append(ids, string(k[len(prefix)+8:]))
	}
	return t.recordsOf(ids)
}

// AllMeetings returns every meeting by start time, oldest first.
func (t *Tx) AllMeetings() ([]MeetingRecord, error) {
	var ids []string
	err := t.bucket(bIdxStart).ForEach(func(k, _ []byte) error {
		if len(k) < 8 {
			return fmt.Errorf("start index: bad key %q", k)
		}
		ids = append(ids, string(k[8:]))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t.recordsOf(ids)
}

// LatestIn returns the record of the meeting of channel that started last
// (ok false when the channel has none). It walks the start index from the
// newest meeting back.
func (t *Tx) LatestIn(channel string) (rec MeetingRecord, ok bool, err error) {
	c := t.bucket(bIdxStart).Cursor()
	for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
		if len(k) < 8 {
			return rec, false, fmt.Errorf("start index: bad key %q", k)
		}
		if rec, err = t.Meeting(string(k[8:])); err != nil {
			return rec, false, fmt.Errorf("index names a meeting that is missing: %w", err)
		}
		if rec.Channel == channel {
			return rec, true, nil
		}
	}
	return MeetingRecord{}, false, nil
}

// OpenMeetings returns the meetings still in progress (Ended zero), by
// start time: the ones a restarted bot resumes.
func (t *Tx) OpenMeetings() ([]MeetingRecord, error) {
	var ids []string
	err := t.bucket(bIdxOpen).ForEach(func(k, _ []byte) error {
		ids = append(ids, string(k))
		return nil
	})
	if err != nil {
		return nil, err
	}
	recs, err := t.recordsOf(ids)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Started.Before(recs[j].Started) })
	return recs, nil
}

// SeriesList returns the names of all series that have meetings, sorted
// (byte order). Meetings without a series are listed under "".
func (t *Tx) SeriesList() ([]string, error) {
	var out []string
	c := t.bucket(bIdxSeries).Cursor()
	for k, _ := c.First(); k != nil; {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return nil, fmt.Errorf("series index: bad key %q", k)
		}
		out = append(out, string(k[:i]))
		next := append(append([]byte(nil), k[:i]...), 1) // first key after series NUL ...
		k, _ = c.Seek(next)
	}
	return out, nil
}

// ByImportKey returns the id of the meeting imported with key, if any.
func (t *Tx) ByImportKey(key string) (string, bool, error) {
	if key == "" {
		return "", false, nil
	}
	id, ok := t.importedAs(key)
	return id, ok, nil
}

// ---- Store wrappers: each is one transaction. ----

// StartMeeting creates a meeting record; see Tx.StartMeeting.
func (s *Store) StartMeeting(rec MeetingRecord) error {
	return s.Update(func(tx *Tx) error { return tx.StartMeeting(rec) })
}

// Append adds ev at the end of meeting id's events in one small
// transaction, committed and fsynced before it returns: once Append returns
// without error the event survives a crash. Its cost does not depend on the
// number of events the meeting already has.
func (s *Store) Append(id string, ev meeting.Event) (seq uint64, err error) {
	err = s.Update(func(tx *Tx) error {
		seq, err = tx.Append(id, ev)
		return err
	})
	return seq, err
}

// Events returns every event of meeting id in order.
func (s *Store) Events(id string) (evs []meeting.Event, err error) {
	err = s.View(func(tx *Tx) error {
		evs, err = tx.Events(id)
		return err
	})
	return evs, err
}

// LastSeq returns the sequence number of meeting id's last event.
func (s *Store) LastSeq(id string) (seq uint64, err error) {
	err = s.View(func(tx *Tx) error {
		seq, err = tx.LastSeq(id)
		return err
	})
	return seq, err
}

// UpdateMeeting changes meeting id's record through fn; see Tx.UpdateMeeting.
func (s *Store) UpdateMeeting(id string, fn func(*MeetingRecord) error) error {
	return s.Update(func(tx *Tx) error { return tx.UpdateMeeting(id, fn) })
}

// Meeting returns the record of meeting id, or an error wrapping ErrNotFound.
func (s *Store) Meeting(id string) (rec MeetingRecord, err error) {
	err = s.View(func(tx *Tx) error {
		rec, err = tx.Meeting(id)
		return err
	})
	return rec, err
}

// OpenMeetings returns the meetings in progress; see Tx.OpenMeetings.
func (s *Store) OpenMeetings() (recs []MeetingRecord, err error) {
	err = s.View(func(tx *Tx) error {
		recs, err = tx.OpenMeetings()
		return err
	})
	return recs, err
}

// Meetings returns the meetings of series, oldest first.
func (s *Store) Meetings(series string) (recs []MeetingRecord, err error) {
	err = s.View(func(tx *Tx) error {
		recs, err = tx.Meetings(series)
		return err
	})
	return recs, err
}

// AllMeetings returns every meeting, oldest first.
func (s *Store) AllMeetings() (recs []MeetingRecord, err error) {
	err = s.View(func(tx *Tx) error {
		recs, err = tx.AllMeetings()
		return err
	})
	return recs, err
}

// SeriesList returns the sorted names of the series that have meetings.
func (s *Store) SeriesList() (names []string, err error) {
	err = s.View(func(tx *Tx) error {
		names, err = tx.SeriesList()
		return err
	})
	return names, err
}

// ByImportKey returns the id of the meeting imported with key, if any.
func (s *Store) ByImportKey(key string) (id string, ok bool, err error) {
	err = s.View(func(tx *Tx) error {
		id, ok, err = tx.ByImportKey(key)
		return err
	})
	return id, ok, err
}

// EachMeeting calls fn with every meeting's record in the order of their
// ids (the file's order: no index lookups), stopping at fn's first error.
func (t *Tx) EachMeeting(fn func(rec MeetingRecord) error) error {
	return t.bucket(bMeetings).ForEach(func(k, v []byte) error {
		rec, err := t.recs.decode(string(k), v)
		if err != nil {
			return fmt.Errorf("meeting %s: decoding record: %w", k, err)
		}
		return fn(rec)
	})
}
