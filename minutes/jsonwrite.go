package minutes

import (
	"bufio"
	"slices"
	"strconv"
	"unicode/utf8"
)

// encodeJSON writes j as encoding/json's Encoder with SetIndent("", "  ")
// writes it (the same bytes: field order and names of JSONMinutes' tags,
// omitempty, HTML-safe string escapes, sorted map keys, a final newline),
// straight into b, without the reflection, the compact copy and the indent
// pass (a tenth of gavel replay's CPU time with encoding/json). The types'
// tags stay the definition of the format: TestJSONWriterMatchesEncodingJSON
// and FuzzWrite check every meeting they write against encoding/json.
func encodeJSON(b *bufio.Writer, j *JSONMinutes) {
	w := &jsonWriter{b: b}
	w.begin('{')
	w.str("id", j.ID)
	w.str("series", j.Series)
	w.str("title", j.Title)
	w.str("channel", j.Channel)
	w.str("source", j.Source)
	w.str("timezone", j.TimeZone)
	if j.DateOnly {
		w.key("date_only")
		b.WriteString("true")
	}
	if j.Date != "" {
		w.str("date", j.Date)
	}
	w.str("started", j.Started)
	w.str("ended", j.Ended)
	w.str("owner", j.Owner)
	w.strs("chairs", j.Chairs)
	w.key("attendees")
	if w.array(j.Attendees == nil) {
		for _, a := range j.Attendees {
			w.elem()
			w.begin('{')
			w.str("nick", a.Nick)
			w.int("lines", a.Lines)
			w.end('}')
		}
		w.end(']')
	}
	w.key("topics")
	if w.array(j.Topics == nil) {
		for i := range j.Topics {
			t := &j.Topics[i]
			w.elem()
			w.begin('{')
			w.str("title", t.Title)
			w.str("nick", t.Nick)
			w.str("at", t.At)
			w.key("items")
			if w.array(t.Items == nil) {
				for k := range t.Items {
					it := &t.Items[k]
					w.elem()
					w.begin('{')
					w.str("kind", it.Kind)
					w.str("text", it.Text)
					w.str("nick", it.Nick)
					w.str("at", it.At)
					if it.FromNotes {
						w.key("from_notes")
						b.WriteString("true")
					}
					if c := it.Closes; c != nil {
						w.key("closes")
						w.begin('{')
						w.str("id", c.ID)
						w.str("text", c.Text)
						w.strs("owners", c.Owners)
						w.end('}')
					}
					w.end('}')
				}
				w.end(']')
			}
			w.end('}')
		}
		w.end(']')
	}
	w.key("actions")
	if w.array(j.Actions == nil) {
		for i := range j.Actions {
			a := &j.Actions[i]
			w.elem()
			w.begin('{')
			w.str("id", a.ID)
			if a.Key != "" {
				w.str("key", a.Key)
			}
			w.str("text", a.Text)
			w.strs("owners", a.Owners)
			w.str("due", a.Due)
			w.str("due_text", a.DueText)
			w.str("nick", a.Nick)
			w.str("at", a.At)
			if a.FromNotes {
				w.key("from_notes")
				b.WriteString("true")
			}
			w.end('}')
		}
		w.end(']')
	}
	w.key("votes")
	if w.array(j.Votes == nil) {
		for i := range j.Votes {
			v := &j.Votes[i]
			w.elem()
			w.begin('{')
			w.str("question", v.Question)
			w.str("nick", v.Nick)
			w.str("started", v.Started)
			w.str("ended", v.Ended)
			w.key("results")
			if w.array(v.Results == nil) {
				for _, r := range v.Results {
					w.elem()
					w.begin('{')
					w.str("option", r.Option)
					w.strs("voters", r.Voters)
					w.end('}')
				}
				w.end(']')
			}
			w.end('}')
		}
		w.end(']')
	}
	if len(j.Agenda) > 0 {
		w.key("agenda")
		w.array(false)
		for _, a := range j.Agenda {
			w.elem()
			w.begin('{')
			w.str("text", a.Text)
			w.str("by", a.By)
			w.str("status", a.Status)
			w.int("minutes", a.Minutes)
			w.end('}')
		}
		w.end(']')
	}
	w.key("files")
	if j.Files == nil {
		b.WriteString("null")
	} else {
		keys := make([]string, 0, len(j.Files))
		for k := range j.Files {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		w.begin('{')
		for _, k := range keys {
			w.str(k, j.Files[k])
		}
		w.end('}')
	}
	w.end('}')
	b.WriteByte('\n')
}

// jsonWriter writes indented JSON ("  " a level) the way encoding/json's
// indenting does: each member or element on its own line, empty
// containers as [] and {}.
type jsonWriter struct {
	b     *bufio.Writer
	depth int
	// first is true until the innermost open container gets a member.
	first bool
}

// begin opens an object or array.
func (w *jsonWriter) begin(c byte) {
	w.b.WriteByte(c)
	w.depth++
	w.first = true
}

// end closes the innermost object or array.
func (w *jsonWriter) end(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b.WriteByte(c)
	w.first = false
}

// array writes null for a nil slice (false), or opens an array (true).
func (w *jsonWriter) array(isNil bool) bool {
	if isNil {
		w.b.WriteString("null")
		return false
	}
	w.begin('[')
	return true
}

// elem starts the next element of an array.
func (w *jsonWriter) elem() {
	if !w.first {
		w.b.WriteByte(',')
	}
	w.first = false
	w.newline()
}

// key starts the next member of an object.
func (w *jsonWriter) key(k string) {
	w.elem()
	w.quote(k)
	w.b.WriteString(": ")
}

func (w *jsonWriter) newline() {
	w.b.WriteByte('\n')
	for range w.depth {
		w.b.WriteString("  ")
	}
}

func (w *jsonWriter) str(k, v string) {
	w.key(k)
	w.quote(v)
}

func (w *jsonWriter) int(k string, n int) {
	w.key(k)
	var nb [20]byte
	w.b.Write(strconv.AppendInt(nb[:0], int64(n), 10))
}

func (w *jsonWriter) strs(k string, vs []string) {
	w.key(k)
	if w.array(vs == nil) {
		for _, v := range vs {
			w.elem()
			w.quote(v)
		}
		w.end(']')
	}
}

// quote writes s as a JSON string with encoding/json's escapes (HTML-safe:
// <, > and & as \u003c, \u003e, \u0026; invalid UTF-8 as \ufffd; U+2028
// and U+2029 escaped).
func (w *jsonWriter) quote(s string) {
	const hex = "0123456789abcdef"
	b := w.b
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '\\', '"':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
