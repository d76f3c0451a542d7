package store

import (
	"fmt"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ReleaseMapped drops from this process's resident memory the pages of the
// store file that reads have touched (madvise MADV_DONTNEED on bbolt's
// read-only shared mapping of the file). The pages stay in the system's
// page cache and a later read maps them again, so nothing is lost but a
// minor page fault. A read of the whole store (a full site build replays
// every meeting) calls it now and then, so that its peak memory does not
// grow with the store file. It runs inside a read transaction, which keeps
// bbolt from remapping the file meanwhile.
func (s *Store) ReleaseMapped() error {
	return s.db.View(func(tx *bolt.Tx) error {
		data, size := s.db.Info().Data, tx.Size()
		if data == 0 || size <= 0 {
			return nil
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED); errno != 0 {
			return fmt.Errorf("store %s: releasing mapped pages: %w", s.path, errno)
		}
		return nil
	})
}
