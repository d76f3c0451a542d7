// Package icsfold folds iCalendar content lines (RFC 5545 section 3.1): a
// line longer than 75 octets, without its CRLF, continues on the next line
// after one space, never splitting a UTF-8 character. go-ical's encoder
// writes each content line whole; both of gavel's calendars (action items,
// meeting schedules) write through a Writer from here.
package icsfold

import (
	"bytes"
	"io"
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
