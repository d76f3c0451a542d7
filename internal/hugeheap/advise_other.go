//go:build !linux

package hugeheap

// supported is false: huge pages are asked for only on Linux, and Make is
// a plain make elsewhere (no slack for nothing).
func supported() bool { return false }

// advise does nothing: huge pages are asked for only on Linux.
func advise(lo, n uintptr) {}
