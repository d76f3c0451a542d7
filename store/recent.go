package store

import (
	"bytes"
	"fmt"
	"time"
)

// StartedSince returns the meetings that started at or after since, oldest
// first. It walks the start index back from the newest meeting, so its
// cost is that of the meetings it returns, not of the archive.
func (t *Tx) StartedSince(since time.Time) ([]MeetingRecord, error) {
	from := timeKey(since)
	var ids []string
	c := t.bucket(bIdxStart).Cursor()
	for k, _ := c.Last(); k != nil && bytes.Compare(k, from) >= 0; k, _ = c.Prev() {
		if len(k) < 8 {
			return nil, fmt.Errorf("start index: bad key %q", k)
		}
		ids = append(ids, string(k[8:]))
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return t.recordsOf(ids)
}
