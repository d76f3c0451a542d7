package main

import (
	"os"
	"runtime"
	"runtime/debug"

	"github.com/gavel-irc/gavel/internal/hugeheap"
)

// shortRunGC tunes the garbage collector for a command that runs once in its
// own process and whose heap is mostly live until it ends (gavel replay: the
// log, its events, the meeting; gavel notes: the notes, their outline, the
// engine's meeting and events), and returns the function that puts the
// settings back. A GOGC or GOMEMLIMIT set in the environment is left alone.
//
// At the default GOGC=100 replaying a 20,000-line log took three
// collections, about 12 ms of CPU, without freeing much; GOGC=400 takes none
// there, and a 64 MiB soft limit bounds the peak for the largest log replay
// accepts (max_log_bytes, 8 MiB, 90,000 lines: 65 MB peak RSS against 56 MB
// at GOGC=100). Importing a 5,000-line notes file (the seeds repeated,
// perf/notes-import.sh) cost about 10-15% less CPU at GOGC=400 with one
// collection instead of six or seven (docs/PERFORMANCE.md); gavel notes keeps
// the defaults for a file over shortRunGCMaxNotes, whose heap outgrows the
// limit (an 8 MB paragraph took 55% more CPU under it, for 88 MB of peak RSS
// instead of 119 MB). Inside gavel run (a command handed to it) the process
// is the server's: callers leave its settings alone.
func shortRunGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gc := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(64 << 20)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}

// shortRunGCMaxNotes is the largest notes file gavel notes reads under
// shortRunGC's setting: 1 MiB, over four times the 5,000-line file.
const shortRunGCMaxNotes = 1 << 20

// afterParseGC collects the garbage of reading a notes file (goldmark's
// tree, the outline's blocks, the rules' strings: most of what the parse
// allocated) before the engine and the store run, in gavel notes' own
// process under shortRunGC's setting (a GOGC or GOMEMLIMIT set in the
// environment is left alone). Under GOGC=400 the heap would otherwise grow
// through the whole import without a collection, every new page of it a
// page fault; collected once here, the engine's events and the store's
// pages reuse the parse's memory: for the 5,000-line file about 770 fewer
// page faults (5,350 -> 4,575), 5-8% less CPU and 5 MB less peak RSS
// (paired runs at load 24-27, docs/PERFORMANCE.md) for a collection of a
// few megabytes of live heap. A --dry-run gains nothing from it (no store).
func afterParseGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
}

// notesHugeHeap puts the heap gavel notes is about to fill on 2 MiB pages,
// in its own process under shortRunGC's setting (a GOGC or GOMEMLIMIT set
// in the environment is left alone): an array of about 72 bytes a byte of
// notes (what reading a file and importing it take on top of the start-up
// heap, over the run: 15-16 MB for the 5,000-line file of 224 KB; at most
// notesHugeMax) is made on huge pages by hugeheap.Make and dropped at
// once, and a collection of the few hundred kilobytes live at that point
// frees its pages, untouched, for the parse, the engine and the store to
// allocate from. A 4 KiB page costs a page fault when first touched (about
// 3.5 us on the machines measured, docs/PERFORMANCE.md), a 2 MiB page
// about as much as 60 of them: about 2,500 fewer faults and 6-9 ms less
// system time for the 5,000-line import, for 3-4 MB more peak RSS (the
// last huge page is resident whole). Notes under about 28 KB (an array
// under 2 MiB) are left as they are: the collection would cost more than
// the faults saved.
func notesHugeHeap(notesBytes int) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	n := min(72*notesBytes, notesHugeMax)
	if n < 2<<20 {
		return
	}
	b := hugeheap.Make[byte](n)
	runtime.KeepAlive(b)
	runtime.GC()
}

// notesHugeMax bounds notesHugeHeap's array (shortRunGC's 64 MiB limit
// stays far above it).
const notesHugeMax = 16 << 20

// importGC tunes the garbage collector for gavel import in its own process
// and returns the function that puts the settings back; a GOGC or
// GOMEMLIMIT set in the environment is left alone. An import is a loop of
// batches whose live heap stays about the same (one batch of logs and its
// transaction, 35-50 MB), so the setting is a percentage, which costs the
// same per log whatever the archive's size: GOGC=200 instead of 100 halves
// the collections (about a sixth of the CPU at 2,000 and 10,000 logs) for
// about 25-30 MB more peak RSS. The 256 MiB soft limit bounds a single
// log near max_log_bytes, whose meeting alone is a large live heap.
func importGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gc := debug.SetGCPercent(200)
	limit := debug.SetMemoryLimit(256 << 20)
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}
