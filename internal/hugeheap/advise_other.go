//go:build !linux

package hugeheap

// advise does nothing: huge pages are asked for only on Linux.
func advise(lo, n uintptr) {}
