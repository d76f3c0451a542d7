// Package icsfold is the iCalendar text encoding go-ical leaves to its
// callers: it folds content lines (RFC 5545 section 3.1: a line longer than
// 75 octets, without its CRLF, continues on the next line after one space,
// never splitting a UTF-8 character) and escapes TEXT values without the
// control characters go-ical's SetText keeps. Both of gavel's calendars
// (action items, meeting schedules) use it.
package icsfold

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxOctets is the longest physical line RFC 5545 allows, without CRLF.
const MaxOctets = 75

// Writer folds the CRLF-terminated content lines written to it.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that folds into w. Call Flush at the end.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write buffers p and writes every complete line, folded.
func (f *Writer) Write(p []byte) (int, error) {
	f.pending = append(f.pending, p...)
	for {
		i := bytes.Index(f.pending, []byte("\r\n"))
		if i < 0 {
			return len(p), nil
		}
		if err := f.line(f.pending[:i]); err != nil {
			return 0, err
		}
		f.pending = f.pending[i+2:]
	}
}

// Flush writes what is left (a last line without CRLF gets one).
func (f *Writer) Flush() error {
	if len(f.pending) == 0 {
		return nil
	}
	err := f.line(f.pending)
	f.pending = nil
	return err
}

func (f *Writer) line(l []byte) error {
	var out bytes.Buffer
	limit := MaxOctets
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		out.Write(l[:cut])
		out.WriteString("\r\n ")
		l = l[cut:]
		limit = MaxOctets - 1 // the leading space counts
	}
	out.Write(l)
	out.WriteString("\r\n")
	_, err := f.w.Write(out.Bytes())
	return err
}

// Escape escapes s as an iCalendar TEXT value: backslash, semicolon, comma
// and newline (RFC 5545 3.3.11); other control characters are dropped.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
		case r < 0x20 || r == 0x7f:
			// CONTROL characters are not allowed in TEXT.
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
