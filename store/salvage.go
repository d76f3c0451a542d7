package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/gavel-irc/gavel/meeting"
)

// SalvageReport says what Salvage copied and what it left behind.
type SalvageReport struct {
	Meetings, Events, Actions, Marks, Held int
	// Dropped lists, one line each, what could not be read: a meeting's
	// record, an event, an action item, or the rest of a bucket after a
	// damaged page.
	Dropped []string
}

// Salvage copies everything readable of the store file at src, which may
// be damaged, into a new store at dst (which must not exist): every
// meeting record with each of its events that decodes (under their
// original sequence numbers), every action item, reminder mark and held
// message. What cannot be read is listed in the report, not copied. src is
// opened read-only and never changed. gavel salvage runs it.
func Salvage(ctx context.Context, src, dst string) (rep SalvageReport, err error) {
	if err := checkFile(src, false); err != nil {
		return rep, err
	}
	if _, err := os.Lstat(dst); err == nil {
		return rep, fmt.Errorf("salvage into %s: the file exists; name a new file", dst)
	}
	var db *bolt.DB
	err = guard(src, func() (err error) {
		db, err = bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		return err
	})
	if errors.Is(err, ErrDamaged) {
		return rep, fmt.Errorf("salvage of %s: bbolt cannot open it at all (%w); only a backup can help", src, err)
	}
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return rep, fmt.Errorf("salvage of %s: the store is in use; stop gavel run first: %w", src, ErrLocked)
		}
		return rep, openError(src, err)
	}
	defer db.Close()
	out, err := Open(dst, Options{})
	if err != nil {
		return rep, err
	}
	defer out.Close()
	drop := func(format string, args ...any) { rep.Dropped = append(rep.Dropped, fmt.Sprintf(format, args...)) }

	type kv struct{ k, v []byte }
	// read copies the pairs of bucket path (nested names) up to a damaged
	// page, and reports where it stopped.
	read := func(what string, path ...[]byte) (pairs []kv, seq uint64) {
		var last []byte
		gerr := guard(src, func() error {
			return db.View(func(tx *bolt.Tx) error {
				b := tx.Bucket(path[0])
				for _, p := range path[1:] {
					if b == nil {
						break
					}
					b = b.Bucket(p)
				}
				if b == nil {
					return nil
				}
				seq = b.Sequence()
				c := b.Cursor()
				for k, v := c.First(); k != nil; k, v = c.Next() {
					if err := ctx.Err(); err != nil {
						return err
					}
					pairs = append(pairs, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
					if v == nil {
						pairs[len(pairs)-1].v = nil // a nested bucket
					}
					last = pairs[len(pairs)-1].k
				}
				return nil
			})
		})
		if gerr != nil && ctx.Err() == nil {
			if last == nil {
				drop("%s: unreadable (%v)", what, gerr)
			} else {
				drop("%s: everything after key %q unreadable (%v)", what, last, gerr)
			}
		}
		return pairs, seq
	}

	meetings, _ := read("meetings", bMeetings)
	for _, m := range meetings {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		var rec MeetingRecord
		if err := json.Unmarshal(m.v, &rec); err != nil || rec.ID != string(m.k) {
			drop("meeting %q: record unreadable (%v); its events are left too", m.k, err)
			continue
		}
		if err := rec.validate(); err != nil {
			drop("meeting %q: record invalid (%v); its events are left too", m.k, err)
			continue
		}
		evs, seq := read(fmt.Sprintf("meeting %s: events", rec.ID), bEvents, m.k)
		err := out.Update(func(tx *Tx) error {
			if err := tx.StartMeeting(rec); err != nil {
				return err
			}
			b := tx.bucket(bEvents).Bucket(m.k)
			var in interner
			var ev meeting.Event
			n := 0
			for _, e := range evs {
				if len(e.k) != 8 || e.v == nil {
					drop("meeting %s: bad event key %x", rec.ID, e.k)
					continue
				}
				if err := decodeEvent(e.v, &ev, &in); err != nil {
					drop("meeting %s: event %d unreadable (%v)", rec.ID, binary.BigEndian.Uint64(e.k), err)
					continue
				}
				if err := b.Put(e.k, e.v); err != nil {
					return err
				}
				n++
			}
			rep.Events += n
			return b.SetSequence(max(seq, uint64(len(evs))))
		})
		if err != nil {
			drop("meeting %s: not copied (%v)", rec.ID, err)
			continue
		}
		rep.Meetings++
	}

	actions, aseq := read("action items", bActions)
	err = out.Update(func(tx *Tx) error {
		for _, a := range actions {
			var rec ActionRecord
			if err := json.Unmarshal(a.v, &rec); err != nil || rec.ID != string(a.k) {
				drop("action item %q: unreadable (%v)", a.k, err)
				continue
			}
			if err := tx.PutAction(rec); err != nil {
				drop("action item %s: not copied (%v)", rec.ID, err)
				continue
			}
			rep.Actions++
		}
		return tx.bucket(bActions).SetSequence(aseq)
	})
	if err != nil {
		return rep, fmt.Errorf("salvage into %s: action items: %w", dst, err)
	}

	marks, _ := read("reminder marks", bMarks)
	held, _ := read("held messages", bHeld)
	err = out.Update(func(tx *Tx) error {
		for _, m := range marks {
			var at time.Time
			if m.v == nil || at.UnmarshalText(m.v) != nil {
				drop("reminder mark %q: unreadable", m.k)
				continue
			}
			if err := tx.bucket(bMarks).Put(m.k, m.v); err != nil {
				return err
			}
			rep.Marks++
		}
		for _, h := range held {
			if h.v != nil {
				continue
			}
			msgs, seq := read(fmt.Sprintf("held messages of %s", h.k), bHeld, h.k)
			b, err := tx.bucket(bHeld).CreateBucketIfNotExists(h.k)
			if err != nil {
				return err
			}
			for _, m := range msgs {
				var hm HeldMessage
				if json.Unmarshal(m.v, &hm) != nil {
					drop("held message for %s: unreadable", h.k)
					continue
				}
				if err := b.Put(m.k, m.v); err != nil {
					return err
				}
				rep.Held++
			}
			if err := b.SetSequence(seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("salvage into %s: marks and held messages: %w", dst, err)
	}
	return rep, nil
}
