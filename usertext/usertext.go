// Package usertext is the one rule for showing text that people typed
// (meeting items, titles, topics, nicks, action items) in anything gavel
// writes: the minutes in every format, the site's pages and its feeds.
//
// Clean removes IRC colours and formatting codes and every other control
// character, and isolates text that carries bidirectional formatting
// characters, so that a right-to-left override in an item cannot reverse
// the "(nick, time)" gavel writes after it.
package usertext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// The bidirectional formatting characters (Unicode's UAX #9).
const (
	lre = '\u202A' // left-to-right embedding
	rle = '\u202B'
	pdf = '\u202C' // pop directional formatting
	lro = '\u202D' // left-to-right override
	rlo = '\u202E'
	lri = '\u2066' // left-to-right isolate
	rli = '\u2067'
	fsi = '\u2068' // first strong isolate
	pdi = '\u2069' // pop directional isolate
)

// Clean returns s as gavel shows it: IRC colour codes ("\x03" with up to
// two digits, a comma and two more) and formatting codes and every other
// control character (C0, DEL, C1) removed, tabs and line breaks (LF, CR,
// CR LF) as one space each,
// and, when s holds bidirectional embeddings, overrides or isolates,
// unmatched closers dropped, what s leaves open closed, and the whole
// text wrapped in U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL
// ISOLATE. Text without any of these is returned as it is, and Clean
// of a result is that result.
func Clean(s string) string {
	dirty, bidi := scan(s)
	if !dirty && !bidi {
		return s
	}
	if dirty {
		s = stripControls(s)
	}
	if bidi {
		s = isolate(s)
	}
	return s
}

// IsClean reports whether s holds nothing that Clean removes or isolates
// (no control characters, no bidirectional formatting characters): then
// Clean(s) is s, and so is Clean of any part of s cut between two
// characters.
func IsClean(s string) bool {
	controls, bidi := scan(s)
	return !controls && !bidi
}

// scan reports whether s holds control characters, and whether it holds
// bidirectional formatting characters.
func scan(s string) (controls, bidi bool) {
	i := ascii.PrintablePrefix(s)
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			controls = true
		case c == 0xC2: // C1 controls are U+0080-U+009F: 0xC2 0x80-0x9F
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f {
				controls = true
			}
		case c == 0xE2: // U+202A-U+202E and U+2066-U+2069: E2 80 AA-AE, E2 81 A6-A9
			if i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0xAA && s[i+2] <= 0xAE || s[i+1] == 0x81 && s[i+2] >= 0xA6 && s[i+2] <= 0xA9) {
				bidi = true
			}
		}
	}
	return controls, bidi
}

func stripControls(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\t' || c == '\n':
			b.WriteByte(' ')
			i++
		case c == '\r':
			// A line break between two words keeps them apart: CR, LF and
			// CR LF are one space each.
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte(' ')
			}
			i++
		case c == 0x03: // colour: \x03[N[N]][,N[N]]
			i++
			i += digits(s, i)
			if i+1 < len(s) && s[i] == ',' && isDigit(s[i+1]) {
				i++
				i += digits(s, i)
			}
		case c < 0x20 || c == 0x7f:
			i++
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsControl(r) {
				b.WriteString(s[i : i+n])
			}
			i += n
		}
	}
	return b.String()
}

// isolate drops the closers that close nothing opened in s, closes what s
// leaves open, and wraps s in FSI ... PDI unless it is already wrapped so.
func isolate(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 6)
	var stack []rune // open embeddings/overrides (pdf closes) and isolates (pdi closes)
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo, lri, rli, fsi:
			stack = append(stack, r)
		case pdf:
			// PDF closes the innermost embedding, only inside the current isolate.
			if n := len(stack); n == 0 || isIsolate(stack[n-1]) {
				continue
			}
			stack = stack[:len(stack)-1]
		case pdi:
			// PDI closes the innermost isolate and every embedding inside it.
			k := len(stack) - 1
			for k >= 0 && !isIsolate(stack[k]) {
				k--
			}
			if k < 0 {
				continue
			}
			stack = stack[:k]
		}
		b.WriteRune(r)
	}
	for k := len(stack) - 1; k >= 0; k-- { // close what s left open
		if isIsolate(stack[k]) {
			b.WriteRune(pdi)
		} else {
			b.WriteRune(pdf)
		}
	}
	out := b.String()
	if wrapped(out) {
		return out
	}
	return string(fsi) + out + string(pdi)
}

func isIsolate(r rune) bool { return r == lri || r == rli || r == fsi }

// wrapped reports whether s (balanced by isolate) is one FSI ... PDI
// isolate from its first character to its last.
func wrapped(s string) bool {
	if !strings.HasPrefix(s, string(fsi)) || !strings.HasSuffix(s, string(pdi)) {
		return false
	}
	depth := 0
	for i, r := range s {
		switch {
		case isIsolate(r):
			depth++
		case r == pdi:
			depth--
			if depth == 0 {
				return i == len(s)-len(string(pdi))
			}
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits counts up to two ASCII digits at s[i:].
func digits(s string, i int) int {
	n := 0
	for n < 2 && i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}
