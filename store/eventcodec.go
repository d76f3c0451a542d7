package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// Events are stored as the JSON of meeting.Event. Reading a long meeting
// back (resuming, publishing) decodes tens of thousands of them, so
// decodeEvent reads the shape the store itself writes without reflection,
// and hands anything else (other field order, whitespace, unknown fields) to
// encoding/json. FuzzDecodeEvent checks that both always agree.

// encodeEvent returns the stored form of ev: exactly the bytes
// json.Marshal(ev) writes, without reflection (an import writes hundreds of
// thousands). FuzzEncodeEvent checks that both agree byte for byte; an
// event whose time json.Marshal rejects goes to encoding/json, which
// reports the error.
func encodeEvent(ev meeting.Event) ([]byte, error) {
	return appendEvent(make([]byte, 0, eventSizeHint(&ev)), ev)
}

// eventSizeHint is about the length of ev's stored form (encodeEvent).
func eventSizeHint(ev *meeting.Event) int {
	return 64 + len(ev.Channel) + len(ev.Nick) + len(ev.Text) + len(ev.Text)/8 + len(ev.Kind)
}

// appendEvent appends the stored form of ev (encodeEvent) to b.
func appendEvent(b []byte, ev meeting.Event) ([]byte, error) {
	start := len(b)
	b = append(b, `{"t":`...)
	b, ok := appendJSONTime(b, ev.Time, true)
	if !ok {
		j, err := json.Marshal(ev)
		if err != nil {
			return b[:start], err
		}
		return append(b[:start], j...), nil
	}
	if ev.Channel != "" {
		b = append(b, `,"c":`...)
		b = appendJSONString(b, ev.Channel)
	}
	b = append(b, `,"n":`...)
	b = appendJSONString(b, ev.Nick)
	b = append(b, `,"x":`...)
	b = appendJSONString(b, ev.Text)
	if ev.Kind != "" {
		b = append(b, `,"k":`...)
		b = appendJSONString(b, string(ev.Kind))
	}
	if ev.Op {
		b = append(b, `,"op":true`...)
	}
	return append(b, '}'), nil
}

// interner shares the strings that repeat from event to event (channel,
// nick, kind) while decoding one meeting. The zero value is ready to use.
type interner map[string]string

func (in *interner) get(b []byte) string {
	if s, ok := (*in)[string(b)]; ok {
		return s
	}
	s := string(b)
	if *in == nil {
		*in = interner{}
	}
	if len(*in) < 4096 {
		(*in)[s] = s
	}
	return s
}

// decodeEvent decodes a stored event; in may be nil.
func decodeEvent(v []byte, ev *meeting.Event, in *interner) error {
	if fastDecodeEvent(v, ev, in) {
		return nil
	}
	*ev = meeting.Event{}
	return json.Unmarshal(v, ev)
}

// fastDecodeEvent decodes the compact form json.Marshal writes for
// meeting.Event. It reports false, leaving ev in an unspecified state, when v
// is anything else.
func fastDecodeEvent(v []byte, ev *meeting.Event, in *interner) bool {
	*ev = meeting.Event{}
	if len(v) < 2 || v[0] != '{' || v[len(v)-1] != '}' {
		return false
	}
	rest := v[1:]
	seen := 0
	for len(rest) > 1 {
		// "key":
		if rest[0] != '"' {
			return false
		}
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 || len(rest) < end+3 || rest[end+2] != ':' {
			return false
		}
		key := rest[1 : end+1]
		rest = rest[end+3:]
		var bit int
		switch string(key) {
		case "t":
			bit = 1
		case "c":
			bit = 2
		case "n":
			bit = 4
		case "x":
			bit = 8
		case "k":
			bit = 16
		case "op":
			bit = 32
		default:
			return false
		}
		if seen&bit != 0 {
			return false // duplicate keys: let encoding/json decide
		}
		seen |= bit
		if bit == 32 {
			switch {
			case bytes.HasPrefix(rest, []byte("true")):
				ev.Op, rest = true, rest[4:]
			case bytes.HasPrefix(rest, []byte("false")):
				ev.Op, rest = false, rest[5:]
			default:
				return false
			}
		} else {
			n, simple := stringEnd(rest)
			if n < 0 {
				return false
			}
			raw := rest[:n]
			rest = rest[n:]
			if bit == 1 {
				// What encoding/json calls for a time.Time.
				if ev.Time.UnmarshalJSON(raw) != nil {
					return false
				}
			} else {
				var s string
				ok := true
				if simple && utf8.Valid(raw[1:n-1]) {
					if bit != 8 && in != nil {
						s = in.get(raw[1 : n-1])
					} else {
						s = string(raw[1 : n-1])
					}
				} else if s, ok = unquote(raw); !ok {
					return false
				}
				switch bit {
				case 2:
					ev.Channel = s
				case 4:
					ev.Nick = s
				case 8:
					ev.Text = s
				case 16:
					ev.Kind = meeting.EventKind(s)
				}
			}
		}
		// , or the closing }
		if len(rest) == 0 {
			return false
		}
		if rest[0] == ',' {
			rest = rest[1:]
			if len(rest) == 1 {
				return false // trailing comma
			}
			continue
		}
		if rest[0] != '}' || len(rest) != 1 {
			return false
		}
		return true
	}
	return len(rest) == 1 && seen == 0 // "{}"
}

// unquote decodes the JSON string literal raw as encoding/json does (the
// events with escapes or bytes that are not UTF-8). Apart from
// fastDecodeEvent: the string it gives encoding/json a pointer to is
// moved to the heap, and fastDecodeEvent's own string was, once for every
// field of every event (900,000 allocations in a full build's replays).
func unquote(raw []byte) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// stringEnd returns the length of the JSON string literal at the start of b
// (quotes included), or -1 when there is none, and whether it is simple: no
// escapes, so its bytes are its value (when valid UTF-8).
func stringEnd(b []byte) (n int, simple bool) {
	if len(b) == 0 || b[0] != '"' {
		return -1, false
	}
	simple = true
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\\':
			simple = false
			i++
		case c == '"':
			return i + 1, simple
		case c < 0x20:
			return -1, false
		}
	}
	return -1, false
}

// decodeEventErr wraps a decoding failure with where it happened.
func decodeEventErr(id string, seq uint64, err error) error {
	return fmt.Errorf("meeting %s: event %d: %w (%w)", id, seq, err, ErrDamaged)
}
