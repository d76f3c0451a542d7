package store

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Action records are stored as the JSON of ActionRecord. Importing a dense
// notes file saves thousands of them in one transaction, so encodeAction
// writes exactly the bytes json.Marshal writes, without reflection.
// FuzzActionCodec checks that both always agree byte for byte; a record the
// fast encoder cannot write as json.Marshal would (a time outside what
// RFC 3339 can hold) goes to encoding/json, which reports the error.

// encodeAction returns the stored form of a, as json.Marshal(a) would.
func encodeAction(a *ActionRecord) ([]byte, error) {
	if b, ok := appendAction(make([]byte, 0, actionSizeHint(a)), a); ok {
		return b, nil
	}
	return json.Marshal(a)
}

// actionSizeHint guesses the encoded size of a, to allocate once.
func actionSizeHint(a *ActionRecord) int {
	n := 256 + len(a.ID) + len(a.Text) + len(a.Due) + len(a.DueText) + len(a.Series) + len(a.Topic) + len(a.Nick)
	for _, o := range a.Owners {
		n += len(o) + 3
	}
	for _, m := range a.Meetings {
		n += len(m) + 3
	}
	for i := range a.History {
		h := &a.History[i]
		n += 100 + len(h.Meeting) + len(h.Field) + len(h.Old) + len(h.New) + len(h.Nick)
	}
	return n + n/8
}

// appendAction appends the compact JSON of a to b in json.Marshal's field
// order; it reports false when a holds a time json.Marshal rejects.
func appendAction(b []byte, a *ActionRecord) ([]byte, bool) {
	ok := true
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, a.Text)
	b = append(b, `,"owners":`...)
	b = appendJSONStrings(b, a.Owners)
	b = append(b, `,"due":`...)
	b = appendJSONString(b, a.Due)
	b = append(b, `,"due_text":`...)
	b = appendJSONString(b, a.DueText)
	if a.DueUnread {
		b = append(b, `,"due_unread":true`...)
	}
	b = append(b, `,"status":`...)
	b = appendJSONString(b, a.Status)
	b = append(b, `,"series":`...)
	b = appendJSONString(b, a.Series)
	if a.Topic != "" {
		b = append(b, `,"topic":`...)
		b = appendJSONString(b, a.Topic)
	}
	if a.Nick != "" {
		b = append(b, `,"nick":`...)
		b = appendJSONString(b, a.Nick)
	}
	b = append(b, `,"meetings":`...)
	b = appendJSONStrings(b, a.Meetings)
	b = append(b, `,"created":`...)
	b, ok = appendJSONTime(b, a.Created, ok)
	b = append(b, `,"updated":`...)
	b, ok = appendJSONTime(b, a.Updated, ok)
	if len(a.History) > 0 {
		b = append(b, `,"history":[`...)
		for i := range a.History {
			h := &a.History[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"at":`...)
			b, ok = appendJSONTime(b, h.At, ok)
			if h.Meeting != "" {
				b = append(b, `,"meeting":`...)
				b = appendJSONString(b, h.Meeting)
			}
			b = append(b, `,"field":`...)
			b = appendJSONString(b, h.Field)
			b = append(b, `,"old":`...)
			b = appendJSONString(b, h.Old)
			b = append(b, `,"new":`...)
			b = appendJSONString(b, h.New)
			if h.Nick != "" {
				b = append(b, `,"nick":`...)
				b = appendJSONString(b, h.Nick)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if !a.Snoozed.IsZero() {
		b = append(b, `,"snoozed":`...)
		b, ok = appendJSONTime(b, a.Snoozed, ok)
	}
	b = append(b, '}')
	return b, ok
}

// appendJSONStrings appends ss as a JSON array ("null" for a nil slice).
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONTime appends t as time.Time.MarshalJSON does; it reports false
// (and ok's previous value otherwise) when MarshalJSON would fail.
func appendJSONTime(b []byte, t time.Time, ok bool) ([]byte, bool) {
	b = append(b, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	// The checks of time.Time.appendStrictRFC3339.
	if len(b) < n0+5 || b[n0+4] != '-' {
		ok = false
	} else if b[len(b)-1] != 'Z' {
		c := b[len(b)-len("Z07:00")]
		h := b[len(b)-len("07:00"):]
		if ('0' <= c && c <= '9') || 10*(h[0]-'0')+(h[1]-'0') >= 24 {
			ok = false
		}
	}
	return append(b, '"'), ok
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it (HTML-safe escaping, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
