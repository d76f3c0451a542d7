package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Mark sets the "sent" mark key at time at, unless it is already set. It
// reports whether the mark was set before (in which case at is ignored and
// nothing is written). Marks make reminders idempotent across restarts.
func (t *Tx) Mark(key string, at time.Time) (already bool, err error) {
	if key == "" {
		return false, errors.New("mark: empty key")
	}
	b := t.bucket(bMarks)
	if b.Get([]byte(key)) != nil {
		return true, nil
	}
	v, err := at.UTC().MarshalText()
	if err != nil {
		return false, fmt.Errorf("mark %s: %w", key, err)
	}
	return false, b.Put([]byte(key), v)
}

// MarkedAt returns when mark key was set, and whether it is set.
func (t *Tx) MarkedAt(key string) (time.Time, bool, error) {
	v := t.bucket(bMarks).Get([]byte(key))
	if v == nil {
		return time.Time{}, false, nil
	}
	var at time.Time
	if err := at.UnmarshalText(v); err != nil {
		return time.Time{}, true, fmt.Errorf("mark %s: bad time %q: %w", key, v, err)
	}
	return at, true, nil
}

// Unmark removes mark key (a no-op when it is not set).
func (t *Tx) Unmark(key string) error {
	if key == "" {
		return nil
	}
	return t.bucket(bMarks).Delete([]byte(key))
}

// Marks returns the marks whose keys start with prefix, with the time each
// was set.
func (t *Tx) Marks(prefix string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	c := t.bucket(bMarks).Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var at time.Time
		if err := at.UnmarshalText(v); err != nil {
			return nil, fmt.Errorf("mark %s: bad time %q: %w", k, v, err)
		}
		out[string(k)] = at
	}
	return out, nil
}

// HeldMessage is a message kept for an owner who is offline, delivered when
// they next join or speak.
type HeldMessage struct {
	// Seq is the message's place in the nick's queue, set by Hold.
	Seq  uint64    `json:"seq"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
	// Key is the reminder mark the message belongs to, if any.
	Key string `json:"key,omitempty"`
}

// Hold appends msg to nick's queue of held messages (nick is
// case-insensitive) and returns its sequence number.
func (t *Tx) Hold(nick string, msg HeldMessage) (uint64, error) {
	if nick == "" {
		return 0, errors.New("hold: empty nick")
	}
	b, err := t.bucket(bHeld).CreateBucketIfNotExists([]byte(lower(nick)))
	if err != nil {
		return 0, fmt.Errorf("hold for %s: %w", nick, err)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("hold for %s: %w", nick, err)
	}
	msg.Seq = seq
	v, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("hold for %s: %w", nick, err)
	}
	return seq, b.Put(seqKey(seq), v)
}

// Held returns nick's held messages in the order held.
func (t *Tx) Held(nick string) ([]HeldMessage, error) {
	b := t.bucket(bHeld).Bucket([]byte(lower(nick)))
	if b == nil {
		return nil, nil
	}
	var out []HeldMessage
	err := b.ForEach(func(k, v []byte) error {
		var m HeldMessage
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("held message %d for %s: %w", binary.BigEndian.Uint64(k), nick, err)
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// HeldNicks returns the (lower-cased) nicks that have held messages.
func (t *Tx) HeldNicks() ([]string, error) {
	var out []string
	err := t.bucket(bHeld).ForEach(func(k, _ []byte) error {
		if b := t.bucket(bHeld).Bucket(k); b != nil {
			if k2, _ := b.Cursor().First(); k2 != nil {
				out = append(out, string(k))
			}
		}
		return nil
	})
	return out, err
}

// ClearHeld deletes nick's held messages with Seq <= upTo (those delivered).
func (t *Tx) ClearHeld(nick string, upTo uint64) error {
	b := t.bucket(bHeld).Bucket([]byte(lower(nick)))
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= upTo; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("clear held for %s: %w", nick, err)
		}
	}
	return nil
}

// ---- Store wrappers ----

// Mark sets mark key once; see Tx.Mark.
func (s *Store) Mark(key string, at time.Time) (already bool, err error) {
	err = s.Update(func(tx *Tx) error {
		already, err = tx.Mark(key, at)
		return err
	})
	return already, err
}

// Marked reports whether mark key is set.
func (s *Store) Marked(key string) (ok bool, err error) {
	err = s.View(func(tx *Tx) error {
		_, ok, err = tx.MarkedAt(key)
		return err
	})
	return ok, err
}

// Unmark removes mark key.
func (s *Store) Unmark(key string) error {
	return s.Update(func(tx *Tx) error { return tx.Unmark(key) })
}

// Marks returns the marks whose keys start with prefix.
func (s *Store) Marks(prefix string) (m map[string]time.Time, err error) {
	err = s.View(func(tx *Tx) error {
		m, err = tx.Marks(prefix)
		return err
	})
	return m, err
}

// Hold queues msg for nick; see Tx.Hold.
func (s *Store) Hold(nick string, msg HeldMessage) (seq uint64, err error) {
	err = s.Update(func(tx *Tx) error {
		seq, err = tx.Hold(nick, msg)
		return err
	})
	return seq, err
}

// Held returns nick's held messages in order.
func (s *Store) Held(nick string) (msgs []HeldMessage, err error) {
	err = s.View(func(tx *Tx) error {
		msgs, err = tx.Held(nick)
		return err
	})
	return msgs, err
}

// HeldNicks returns the nicks with held messages.
func (s *Store) HeldNicks() (nicks []string, err error) {
	err = s.View(func(tx *Tx) error {
		nicks, err = tx.HeldNicks()
		return err
	})
	return nicks, err
}

// ClearHeld deletes nick's held messages up to and including seq upTo.
func (s *Store) ClearHeld(nick string, upTo uint64) error {
	return s.Update(func(tx *Tx) error { return tx.ClearHeld(nick, upTo) })
}
