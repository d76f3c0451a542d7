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

// pendingWrite is one index put (or, del, delete) not yet handed to bbolt;
// n is its place among the transaction's pending writes.
type pendingWrite struct {
	k, v []byte
	n    int
	del  bool
}

// pendingWrites are a write transaction's index writes not yet handed to
// bbolt, by bucket.
type pendingWrites struct {
	buckets []*pendingBucket
	n       int // writes added so far
	// err is the first error bbolt gave for a pending write (none is
	// expected: the sizes bbolt refuses are written at once, so that the
	// error is the caller's); Store.update returns it.
	err error
}

// pendingBucket is what waits for one bucket.
type pendingBucket struct {
	name   []byte
	writes []pendingWrite
	// values holds each waiting key's "value" (the index keys are value
	// NUL id: what comes before the last NUL), so that a read of one
	// value's entries (Tx.idsWithPrefix) need not write the others'
	// first; odd says a key does not have that form (no NUL, or more
	// than one), and then every read writes all first.
	values map[string]struct{}
	odd    bool
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
	t.pending.add(bucket, k, v, false)
	return nil
}

// del deletes k from bucket, or keeps the delete for the transaction's end.
func (t *Tx) del(bucket, k []byte) error {
	if !t.defers(bucket, k, nil) {
		return t.bucket(bucket).Delete(k)
	}
	t.pending.add(bucket, k, nil, true)
	return nil
}

// defers reports whether a write of k, v into bucket waits. A key or value
// bbolt would refuse is written at once, so that its error comes back to
// the caller that made it.
func (t *Tx) defers(bucket, k, v []byte) bool {
	return t.pending != nil && deferrable(bucket) && len(k) > 0 && len(k) <= bolt.MaxKeySize &&
		int64(len(v)) <= bolt.MaxValueSize
}

func (p *pendingWrites) add(bucket, k, v []byte, del bool) {
	var pb *pendingBucket
	for _, b := range p.buckets {
		if bytes.Equal(b.name, bucket) {
			pb = b
			break
		}
	}
	if pb == nil {
		pb = &pendingBucket{name: bucket, values: map[string]struct{}{}}
		p.buckets = append(p.buckets, pb)
	}
	pb.writes = append(pb.writes, pendingWrite{k: k, v: v, n: p.n, del: del})
	p.n++
	if i := bytes.LastIndexByte(k, 0); i < 0 || bytes.IndexByte(k[:i], 0) >= 0 {
		pb.odd = true
	} else if _, ok := pb.values[string(k[:i])]; !ok {
		pb.values[string(k[:i])] = struct{}{}
	}
}

// waits reports whether a write of a key value NUL ... waits for bucket.
func (p *pendingWrites) waits(bucket []byte, value string) bool {
	for _, b := range p.buckets {
		if bytes.Equal(b.name, bucket) {
			if len(b.writes) == 0 {
				return false
			}
			_, ok := b.values[value]
			return ok || b.odd
		}
	}
	return false
}

// flush hands b (the bucket name) the writes waiting for it, in key order:
// a key written twice keeps the order of its writes.
func (p *pendingWrites) flush(name []byte, b *bolt.Bucket) {
	for _, pb := range p.buckets {
		if !bytes.Equal(pb.name, name) {
			continue
		}
		ws := pb.writes
		if len(ws) == 0 {
			return
		}
		pb.writes, pb.odd = nil, false
		clear(pb.values)
		if err := writeSorted(name, b, ws); err != nil && p.err == nil {
			p.err = err
		}
		return
	}
}

// writeSorted hands b (the bucket name) the writes ws in key order, a key
// written twice in the order of its writes (n), with the pages the commit
// splits filled to batchFill when there are at least fullPagesFrom of
// them. It stops at the first write bbolt refuses.
func writeSorted(name []byte, b *bolt.Bucket, ws []pendingWrite) error {
	slices.SortFunc(ws, func(x, y pendingWrite) int {
		if c := bytes.Compare(x.k, y.k); c != 0 {
			return c
		}
		return x.n - y.n
	})
	if len(ws) >= fullPagesFrom {
		b.FillPercent = batchFill
	}
	for _, w := range ws {
		var err error
		if w.del {
			err = b.Delete(w.k)
		} else {
			err = b.Put(w.k, w.v)
		}
		if err != nil {
			return fmt.Errorf("writing %s, key %q: %w", name, w.k, err)
		}
	}
	return nil
}

// bucketFor returns bucket name for a read of the entries of one value (keys
// value NUL id): written first are the writes that wait for it only when
// one of them may be such an entry.
func (t *Tx) bucketFor(name []byte, value string) *bolt.Bucket {
	if t.pending != nil && !t.pending.waits(name, value) {
		return t.tx.Bucket(name)
	}
	return t.bucket(name)
}

// flushPending hands bbolt every write that waits and returns the first
// error one gave.
func (t *Tx) flushPending() error {
	if t.pending == nil {
		return nil
	}
	for _, pb := range t.pending.buckets {
		t.bucket(pb.name)
	}
	return t.pending.err
}
