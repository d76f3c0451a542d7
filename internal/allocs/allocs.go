// Package allocs measures what a function allocates, for the tests that
// check a reader or writer grows linearly with its input (issue 13: no
// quadratic string building anywhere): the same work at 1x and 8x the
// input must allocate at most a bounded multiple of 8 times as much.
package allocs

import (
	"fmt"
	"runtime"
)

// Use is what one call of a function allocated.
type Use struct {
	Bytes   uint64 // bytes allocated
	Objects uint64 // heap objects allocated
}

// Measure runs f once (after a GC) and returns what it allocated. The
// test calling it must not run in parallel with others.
func Measure(f func()) Use {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return Use{Bytes: b.TotalAlloc - a.TotalAlloc, Objects: b.Mallocs - a.Mallocs}
}

// MaxRatio is the largest growth of bytes and objects from 1x to 8x input
// that counts as linear: 8 with room for the slices that grow by
// doubling (a quadratic builder gives about 64).
const MaxRatio = 12

// Linear runs small and big (8 times small's input) and returns what
// both allocated, as a line for the test's log, and an error naming what
// grew faster than MaxRatio.
func Linear(what string, small, big func()) (string, error) {
	small() // warm up: lazily built tables, pools
	s, b := Measure(small), Measure(big)
	rb := float64(b.Bytes) / float64(max(s.Bytes, 1))
	ro := float64(b.Objects) / float64(max(s.Objects, 1))
	fig := fmt.Sprintf("%s: 8x the input allocates %.1fx the bytes (%d -> %d) and %.1fx the objects (%d -> %d)",
		what, rb, s.Bytes, b.Bytes, ro, s.Objects, b.Objects)
	if rb > MaxRatio || ro > MaxRatio {
		return fig, fmt.Errorf("%s; linear is at most %d", fig, MaxRatio)
	}
	return fig, nil
}
