package store

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A write transaction (Store.Update) hands its index writes to bbolt at its
// end, each index's in key order, rather than one at a time as its callers
// make them. A batch of `gavel import` writes a few entries per meeting
// into each index, and each series' (and owner's, and meeting's) entries
// sit in their own place of the index's tree: written meeting by meeting,
// every put walked the tree from its root to a leaf that the puts before
// it, at other places, had pushed out of the processor's caches, and that
// walk grew with the archive. In key order each put walks the path the one
// before it walked. The keys and values stored are the same either way.
//
// Every use of a bucket goes through Tx.bucket, which first hands over
// what waits for that bucket: whatever reads an index in the transaction
// sees every write made before, as if it had been made at once.

// pendingWrite is one index put (or, del, delete) not yet handed to bbolt.
type pendingWrite struct {
	k, v []byte
	del  bool
}

// pendingWrites are a write transaction's index writes not yet handed to
// bbolt, by bucket, in the order they were made.
type pendingWrites struct {
	buckets [][]byte
	writes  [][]pendingWrite
	// err is the first error bbolt gave for a pending write (none is
	// expected: the sizes bbolt refuses are written at once, so that the
	// error is the caller's); Store.update returns it.
	err error
}

// deferrable reports whether writes into bucket may wait: the indexes,
// whose entries nothing in a transaction reads but through Tx.bucket.
func deferrable(bucket []byte) bool {
	switch string(bucket) {
	case "idx_series", "idx_start", "idx_open", "imports", "idx_action_owner", "idx_action_status",
		"idx_action_series", "idx_action_due", "idx_action_meeting", "idx_action_open":
		return true
	}
	return false
}

// put writes k, v into bucket, or keeps the write for the transaction's end
// (k and v must then not change: callers hand over keys and values made
// for the write).
func (t *Tx) put(bucket, k, v []byte) error {
	if !t.defers(bucket, k, v) {
		return t.bucket(bucket).Put(k, v)
	}
	t.pending.add(bucket, pendingWrite{k: k, v: v})
	return nil
}

// del deletes k from bucket, or keeps the delete for the transaction's end.
func (t *Tx) del(bucket, k []byte) error {
	if !t.defers(bucket, k, nil) {
		return t.bucket(bucket).Delete(k)
	}
	t.pending.add(bucket, pendingWrite{k: k, del: true})
	return nil
}

// defers reports whether a write of k, v into bucket waits. A key or value
// bbolt would refuse is written at once, so that its error comes back to
// the caller that made it.
func (t *Tx) defers(bucket, k, v []byte) bool {
	return t.pending != nil && deferrable(bucket) && len(k) > 0 && len(k) <= bolt.MaxKeySize &&
		int64(len(v)) <= bolt.MaxValueSize
}

func (p *pendingWrites) add(bucket []byte, w pendingWrite) {
	for i, b := range p.buckets {
		if bytes.Equal(b, bucket) {
			p.writes[i] = append(p.writes[i], w)
			return
		}
	}
	p.buckets = append(p.buckets, bucket)
	p.writes = append(p.writes, []pendingWrite{w})
}

// flush hands b (the bucket name) the writes waiting for it, in key order:
// a key written twice keeps the order of its writes.
func (p *pendingWrites) flush(name []byte, b *bolt.Bucket) {
	for i, n := range p.buckets {
		if !bytes.Equal(n, name) {
			continue
		}
		ws := p.writes[i]
		if len(ws) == 0 {
			return
		}
		p.writes[i] = nil
		slices.SortStableFunc(ws, func(x, y pendingWrite) int { return bytes.Compare(x.k, y.k) })
		if len(ws) >= fullPagesFrom {
			b.FillPercent = batchFill // see PutActions
		}
		for _, w := range ws {
			var err error
			if w.del {
				err = b.Delete(w.k)
			} else {
				err = b.Put(w.k, w.v)
			}
			if err != nil && p.err == nil {
				p.err = fmt.Errorf("writing index %s, key %q: %w", name, w.k, err)
			}
		}
		return
	}
}

// flushPending hands bbolt every write that waits and returns the first
// error one gave.
func (t *Tx) flushPending() error {
	if t.pending == nil {
		return nil
	}
	for _, name := range t.pending.buckets {
		t.bucket(name)
	}
	return t.pending.err
}
