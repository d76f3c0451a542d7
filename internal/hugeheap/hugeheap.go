// Package hugeheap backs large arrays by transparent huge pages (2 MiB),
// for a short process that fills them whole once (gavel replay's log, its
// events and its first meeting's log; gavel notes' heap, see
// notesHugeHeap in cmd/gavel/gc.go).
//
// Touching a fresh 4 KiB page costs a page fault, and freeing it another
// cost at the exit: on the virtual machines gavel was measured on about
// 3.5 µs a page, so that the 20,000-line log's ~3,000 faults were about a
// fifth of gavel replay's CPU, while a 2 MiB page costs about as much as
// 60 small ones (docs/PERFORMANCE.md, the tenth replay pass). Linux gives
// huge pages to anonymous memory only where the program asks (madvise)
// when /sys/kernel/mm/transparent_hugepage/enabled is "madvise" (Debian's
// default), and the Go runtime asks for none of its heap.
//
// A block gets a huge page only if nothing in it was touched before: Make
// begins the array at a block's boundary inside a larger allocation
// (untouched when the runtime takes it fresh from the system; memory it
// had freed and hands out again is zeroed first, touched, and keeps its
// small pages), Advise takes the array where it is. Both count toward the garbage collector's goal (Make's
// slack too), which a short process's heap should stay under. The advice
// is only advice: where the kernel has no huge page at hand, has no
// transparent huge pages or the system says "never", memory is paged as
// before (Make's slack is then unused address space, untouched). Where a
// huge page is not 2 MiB (other page sizes, other systems than Linux) both
// do nothing more than make.
package hugeheap

import "unsafe"

// blockBytes is the size of a huge page on the architectures gavel is
// built for (x86-64, arm64 with 4 KiB pages).
const blockBytes = 2 << 20

// minBytes is the smallest array Make backs by huge pages: below half a
// block, the allocation's slack and the resident memory of a block filled
// in part would cost more than the faults saved.
const minBytes = blockBytes / 2

// Make returns a slice of length 0 and capacity n for an array that will
// be filled: when it takes minBytes or more (and huge pages are 2 MiB
// here: Linux with 4 KiB pages), its array begins at a 2 MiB boundary of
// the heap (or within one element after it, when the element's size does
// not divide the distance) and is advised for huge pages (the allocation
// is up to 2 MiB larger, never touched before the array; the last block is
// made resident whole, and what the runtime puts there later uses it).
// Otherwise it is make([]E, 0, n).
func Make[E any](n int) []E {
	var e E
	size := unsafe.Sizeof(e)
	if size == 0 || uintptr(n)*size < minBytes || !supported() {
		return make([]E, 0, n)
	}
	extra := int((blockBytes + size - 1) / size)
	s := make([]E, 0, n+extra)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	k := int(((p+blockBytes-1)&^(blockBytes-1) - p + size - 1) / size)
	s = s[k : k : k+n]
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(s[:1]))) &^ (blockBytes - 1)
	hi := (uintptr(unsafe.Pointer(unsafe.SliceData(s[:1]))) + uintptr(n)*size + blockBytes - 1) &^ (blockBytes - 1)
	advise(lo, hi-lo)
	return s
}

// Advise asks for huge pages for the array behind s (up to its capacity),
// which will be filled: every 2 MiB block it touches, the ones at its ends
// whole. Unlike Make it adds nothing to the allocation, but a block that
// was touched before (by what the runtime put before the array) stays in
// small pages.
func Advise[E any](s []E) {
	var e E
	n := uintptr(cap(s)) * unsafe.Sizeof(e)
	if n < minBytes || !supported() {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := p &^ (blockBytes - 1)
	hi := (p + n + blockBytes - 1) &^ (blockBytes - 1)
	advise(lo, hi-lo)
}
