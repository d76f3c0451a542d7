package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged marks a store file whose contents are not a consistent bbolt
// database (a disk fault, a truncated copy, an edited file). bbolt reacts
// to some damage with a panic; the store turns those into errors wrapping
// ErrDamaged that name the file. Restore a backup.
var ErrDamaged = errors.New("store file is damaged")

// guard runs fn, turning a panic or a memory fault (reading a damaged
// memory-mapped page) into an error wrapping ErrDamaged.
func guard(path string, fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			err = fmt.Errorf("store %s: %w, or gavel has a bug (panic: %v)", path, ErrDamaged, r)
		}
	}()
	return fn()
}

// checkPages reads the header of every page in use, the way bbolt's own
// check does but in this goroutine, so that a damaged header is an error
// here rather than a panic in the goroutine tx.Check starts.
func checkPages(path string, db *bolt.DB, tx *bolt.Tx) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	psize := db.Info().PageSize
	hdr := make([]byte, 16)
	header := func(id int) (pgid uint64, flags uint16, err error) {
		if _, err := f.ReadAt(hdr, int64(id)*int64(psize)); err != nil {
			return 0, 0, fmt.Errorf("page %d: %w", id, err)
		}
		return binary.LittleEndian.Uint64(hdr[0:8]), binary.LittleEndian.Uint16(hdr[8:10]), nil
	}
	hwm := int(tx.Size() / int64(psize)) // pages in use end here
	for id := 0; ; {
		info, err := tx.Page(id)
		if err != nil {
			return err
		}
		if info == nil {
			return nil // past the high-water mark
		}
		if id < 2 && info.Type == "free" {
			return fmt.Errorf("meta page %d is listed as free", id)
		}
		if info.Type != "free" {
			pgid, flags, err := header(id)
			if err != nil {
				return err
			}
			if pgid != uint64(id) {
				return fmt.Errorf("page %d identifies itself as %d", id, pgid)
			}
			switch flags {
			case 0x01, 0x02, 0x04, 0x10: // branch, leaf, meta, freelist
			default:
				return fmt.Errorf("page %d has unknown type %#x", id, flags)
			}
			if (id == 0 || id == 1) && flags != 0x04 {
				return fmt.Errorf("page %d should be a meta page, has type %#x", id, flags)
			}
			// bbolt's check loops forever on an absurd overflow count.
			if id+1+info.OverflowCount > hwm {
				return fmt.Errorf("page %d claims %d overflow pages, past the end (%d pages)", id, info.OverflowCount, hwm)
			}
		}
		if id < 2 {
			id++ // meta pages never overflow, whatever their header says
		} else {
			id += 1 + info.OverflowCount
		}
	}
}

// walk reads every byte of every key and value of every bucket, nested ones
// included, and checks that keys are in order: damage that would make
// bbolt's check fault in its own goroutine faults here, where guard turns
// it into an error.
func walk(tx *bolt.Tx) error {
	var sum byte
	touch := func(b []byte) {
		for _, c := range b {
			sum ^= c
		}
	}
	var visit func(b *bolt.Bucket, depth int) error
	visit = func(b *bolt.Bucket, depth int) error {
		if depth > 64 {
			return errors.New("buckets nested too deep")
		}
		var prev []byte
		return b.ForEach(func(k, v []byte) error {
			touch(k)
			touch(v)
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return fmt.Errorf("keys out of order: %x after %x", k, prev)
			}
			prev = k
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					return visit(sub, depth+1)
				}
			}
			return nil
		})
	}
	err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return visit(b, 0) })
	_ = sum
	return err
}
