//go:build !linux

package store

// ReleaseMapped does nothing where madvise is not used: see the Linux
// version.
func (s *Store) ReleaseMapped() error { return nil }
