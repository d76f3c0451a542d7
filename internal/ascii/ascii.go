// Package ascii answers, eight bytes at a time, the question every writer
// and the engine ask of each line first: is this text plain printable
// ASCII, so that nothing in it needs a closer look?
package ascii

import (
	"math/bits"
	"strings"
)

// PrintablePrefix returns the length of s's leading run of 8-byte words
// that hold only printable ASCII (0x20-0x7E): a multiple of 8, and the
// start of the first word holding another byte (or of the last, shorter
// than 8 bytes, part of s).
func PrintablePrefix(s string) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := Word(s[i : i+8])
		// The high bit of a byte ends up set by w itself (a byte over
		// 0x7F), by w-0x20 (a byte under 0x20; a borrow only ever starts
		// at such a byte) or by w+1 (0x7F; no carry leaves a byte under
		// 0x80).
		if (w|(w-0x20*lo)|(w+lo))&hi != 0 {
			break
		}
	}
	return i
}

// Word returns s's first eight bytes as one little-endian word (byte 0 in
// the low bits), one load with a single bounds check; s must hold at least
// eight bytes. The writers' word-at-a-time scans (PrintablePrefix here,
// minutes' HTML escaping) read their text with it.
func Word(s string) uint64 {
	_ = s[7] // one bounds check for the eight loads below
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Printable reports whether every byte of s is printable ASCII (0x20-0x7E).
func Printable(s string) bool {
	for i := PrintablePrefix(s); i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// ContainsFold reports whether s contains the lower-case ASCII word w in
// any case (strings.EqualFold at each place s may hold it). The notes
// reader's rules ask it a dozen times of every item: it looks for w's
// first letter in both cases with strings.IndexByte, each search resumed
// where it stopped, so a long text is read once per case, not byte by
// byte. The first letter, not the first byte: " will " is looked for at
// the w's of the text, not at every space.
func ContainsFold(s, w string) bool {
	if w[0]&0x20 == 0 {
		return false // no byte b has b|0x20 == w[0]
	}
	k, ascii := -1, true // w's first letter; whether w is all ASCII
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 {
			ascii = false
			break
		} else if l := c | 0x20; k < 0 && l >= 'a' && l <= 'z' {
			k = i
		}
	}
	switch {
	case !ascii:
		k = 0 // from its first byte, compared by strings.EqualFold
	case k < 0:
		return strings.Contains(s, w) // no letter: no case to fold
	}
	lo, up := w[k]|0x20, w[k]&^0x20
	if !ascii {
		lo, up = w[0], w[0]&^0x20 // as s[i]|0x20 == w[0] asks
	}
	// A match at i has w's letter at i+k: where the letter can be is
	// s[k:end].
	end := len(s) - len(w) + k + 1
	if end-k <= shortScan {
		return containsFoldShort(s, w, k, end, lo, ascii)
	}
	// nextLo (nextUp) is the next place at or after i holding lo (up):
	// -1 when there is none, -2 before the first search.
	nextLo, nextUp := -2, -2
	for i := k; i < end; {
		if nextLo != -1 && nextLo < i {
			nextLo = indexFrom(s[:end], i, lo)
		}
		if nextUp != -1 && nextUp < i {
			nextUp = indexFrom(s[:end], i, up)
		}
		j := nextLo
		if j < 0 || nextUp >= 0 && nextUp < j {
			j = nextUp
		}
		if j < 0 {
			return false
		}
		if m := s[j-k : j-k+len(w)]; ascii && equalFoldLower(m, w) || !ascii && strings.EqualFold(m, w) {
			return true
		}
		i = j + 1
	}
	return false
}

// shortScan is the length of text up to which ContainsFold looks for the
// word's letter eight bytes at a time in one pass (containsFoldShort)
// rather than with two strings.IndexByte searches, one per case: the
// notes' items and sentences are mostly shorter, and each IndexByte call
// costs more than it reads there.
const shortScan = 256

// containsFoldShort is ContainsFold's search of s[k:end] for the bytes b
// with b|0x20 == lo (lo has that bit: both cases of a letter, or w's
// first byte as ContainsFold asks), eight at a time: a byte of x^c is
// zero where x holds c; each place found is compared as ContainsFold
// compares it.
func containsFoldShort(s, w string, k, end int, lo byte, ascii bool) bool {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	c := uint64(lo) * ones
	i := k
	for ; i+8 <= end; i += 8 {
		v := (Word(s[i:i+8]) | 0x20*ones) ^ c
		// The high bit of each byte of v that is zero (exactly: no
		// borrow crosses bytes).
		zero := ^(((v & lows) + lows) | v) & highs
		for zero != 0 {
			j := i + bits.TrailingZeros64(zero)/8
			if m := s[j-k : j-k+len(w)]; ascii && equalFoldLower(m, w) || !ascii && strings.EqualFold(m, w) {
				return true
			}
			zero &= zero - 1
		}
	}
	for ; i < end; i++ {
		if s[i]|0x20 == lo {
			if m := s[i-k : i-k+len(w)]; ascii && equalFoldLower(m, w) || !ascii && strings.EqualFold(m, w) {
				return true
			}
		}
	}
	return false
}

// indexFrom is the index of the first c in s at or after i, -1 when none.
func indexFrom(s string, i int, c byte) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return -1
}

// equalFoldLower reports whether m (as long as w) is the ASCII text w in
// any ASCII case: what strings.EqualFold answers of them (a byte past ASCII
// in m has no ASCII case partner that keeps the lengths equal).
func equalFoldLower(m, w string) bool {
	for i := 0; i < len(w); i++ {
		c, l := m[i], w[i]|0x20
		if c != w[i] && (l < 'a' || l > 'z' || c|0x20 != l) {
			return false
		}
	}
	return true
}
