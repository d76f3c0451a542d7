package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"
)

// recordCache keeps the meeting records decoded, each with the bytes it
// was decoded from, so that listing every meeting (the site publisher at
// each #endmeeting) decodes only the records whose bytes changed. It needs
// no invalidation: a record is used only when the bytes in the file are
// exactly those it was decoded from.
type recordCache struct {
	mu   sync.Mutex
	recs map[string]*cachedRecord
}

type cachedRecord struct {
	raw []byte
	rec MeetingRecord
}

// decode returns the record of meeting id stored as v.
func (c *recordCache) decode(id string, v []byte) (MeetingRecord, error) {
	if c == nil {
		var rec MeetingRecord
		err := json.Unmarshal(v, &rec)
		return rec, err
	}
	c.mu.Lock()
	e := c.recs[id]
	c.mu.Unlock()
	if e != nil && bytes.Equal(e.raw, v) {
		rec := e.rec
		rec.MergedKeys = slices.Clone(rec.MergedKeys)
		return rec, nil
	}
	var rec MeetingRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return rec, err
	}
	e = &cachedRecord{raw: bytes.Clone(v), rec: rec}
	e.rec.MergedKeys = slices.Clone(rec.MergedKeys)
	c.mu.Lock()
	if c.recs == nil {
		c.recs = map[string]*cachedRecord{}
	}
	c.recs[id] = e
	c.mu.Unlock()
	return rec, nil
}
