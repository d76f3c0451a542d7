package minutes

import (
	"bufio"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/internal/ascii"
	"github.com/gavel-irc/gavel/meeting"
)

// esc escapes user text for HTML text and quoted attributes.
func esc(s string) string { return html.EscapeString(plain(s)) }

// HTMLText returns user text as HTML: IRC control codes removed, escaped,
// and its URLs with a safe scheme (http, https, ftp, irc, ircs, mailto)
// made links, as in the .html minutes.
func HTMLText(s string) string {
	var room [256]byte // most items fit: one string made, at its size
	return string(appendLinkified(room[:0], plain(s)))
}

// linkify escapes s and makes its safe URLs links.
func linkify(b *bufio.Writer, s string) {
	s = plain(s)
	b.Write(appendLinkified(room(b, linkifiedMax(len(s))), s))
}

// appendLinkified appends s (plain text) escaped, its safe URLs made links.
func appendLinkified(dst []byte, s string) []byte {
	if strings.IndexByte(s, ':') < 0 {
		return appendEscaped(dst, s)
	}
	start := 0
	for {
		i, end, ok := nextURL(s, start)
		if !ok {
			break
		}
		dst = appendEscaped(dst, s[start:i])
		dst = append(dst, `<a href="`...)
		dst = appendEscaped(dst, s[i:end])
		dst = append(dst, `">`...)
		dst = appendEscaped(dst, s[i:end])
		dst = append(dst, `</a>`...)
		start = end
	}
	return appendEscaped(dst, s[start:])
}

// linkifiedMax bounds the length of appendLinkified of n bytes: each byte
// escaped to at most 5, a URL's written twice, and 15 bytes of tags for
// a URL, which takes at least 8 bytes ("mailto:x").
func linkifiedMax(n int) int { return 10*n + 2*n + 16 }

// writeEscaped writes html.EscapeString(s) to b without building the
// escaped string (the log's lines, most with nothing to escape).
func writeEscaped(b *bufio.Writer, s string) {
	b.Write(appendEscaped(room(b, 5*len(s)), s))
}

// appendEscaped appends html.EscapeString(s); each byte takes at most 5.
func appendEscaped(dst []byte, s string) []byte {
	for {
		i := plainHTMLPrefix(s)
		dst = append(dst, s[:i]...)
		if i == len(s) {
			return dst
		}
		switch s[i] {
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '&':
			dst = append(dst, "&amp;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		}
		s = s[i+1:]
	}
}

// room returns b's free space to append at most need bytes to (then
// written with b.Write, without a copy), flushing b first when it has
// less; nil when need is more than b ever holds (append then makes a new
// slice).
func room(b *bufio.Writer, need int) []byte {
	if b.Available() < need {
		_ = b.Flush() // an error sticks in b: the writer's last Flush reports it
	}
	if buf := b.AvailableBuffer(); cap(buf) >= need {
		return buf
	}
	return nil
}

// plainHTMLPrefix returns the length of s's leading run of bytes that
// html.EscapeString keeps: eight bytes a step (most log lines have nothing
// to escape), then byte by byte.
func plainHTMLPrefix(s string) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := ascii.Word(s[i : i+8])
		// A zero byte in lt, amp or quot is a '<' or '>' (0x3c, 0x3e),
		// a '&' or '\'' (0x26, 0x27), a '"' (0x22).
		lt := (w | 0x02*lo) ^ (0x3e * lo)
		amp := (w | lo) ^ (0x27 * lo)
		quot := w ^ (0x22 * lo)
		if (((lt-lo)&^lt)|((amp-lo)&^amp)|((quot-lo)&^quot))&hi != 0 {
			break
		}
	}
	for i < len(s) && !htmlSpecial[s[i]] {
		i++
	}
	return i
}

// htmlSpecial marks the bytes html.EscapeString replaces.
var htmlSpecial = [256]bool{'<': true, '>': true, '&': true, '\'': true, '"': true}

const minutesCSS = `<style type="text/css">
/* This is for the .html in the HTML2 writer */
body {
    font-family: Helvetica, sans-serif;
    font-size:14px;
}
h1 {
    text-align: center;
}
a {
    color:navy;
    text-decoration: none;
    border-bottom:1px dotted navy;
}
a:hover {
    text-decoration:none;
    border-bottom: 0;
    color:#0000B9;
}
hr {
    border: 1px solid #ccc;
}
/* The (nick, time) item pairs, and other body text things. */
.details {
    font-size: 12px;
    font-weight:bold;
}
/* The 'AGREED:', 'IDEA', etc, prefix to lines. */
.itemtype {
    font-style: normal;    /* un-italics it */
    font-weight: bold;
}
/* Example: change single item types.  Capitalized command name.
/* .TOPIC  {  color:navy;  } */
/* .AGREED {  color:lime;  } */

</style>
`

// details writes " <span class="details">(nick, HH:MM:SS)</span>" with the
// nick linking to the item's line in the .log.html; at is the item's time,
// written in UTC, and not at all in a date-only meeting (notes with no
// time of day: its events' times only order them).
func (v *view) details(b *bufio.Writer, nick string, line int, at time.Time) {
	b.WriteString(` <span class="details">(`)
	if v.logRef != "" && line >= 0 {
		b.WriteString(`<a href='`)
		b.WriteString(html.EscapeString(v.logRef))
		b.WriteString(`#l-`)
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(line+1), 10))
		b.WriteString(`'>`)
		b.WriteString(esc(nick))
		b.WriteString(`</a>`)
	} else {
		b.WriteString(esc(nick))
	}
	if !v.m.DateOnly {
		b.WriteString(", ")
		b.Write(appendHMS(b.AvailableBuffer(), at))
	}
	b.WriteString(")</span>")
}

// htmlItem writes one summary item (without <li>).
func (v *view) htmlItem(b *bufio.Writer, it meeting.Item) {
	if s, ok := DoneText(it); ok {
		b.WriteString(`<i class="itemtype">DONE</i> <span class="DONE">` + html.EscapeString(s) + notesMark(it) + `</span>`)
		v.details(b, it.Nick, it.Line, it.At)
		return
	}
	if prefixed(it.Kind) {
		label := kindLabel(it.Kind)
		b.WriteString(`<i class="itemtype">`)
		b.WriteString(label)
		b.WriteString(`</i>: <span class="`)
		b.WriteString(label)
		b.WriteString(`">`)
	} else {
		b.WriteString(`<span class="INFO">`)
	}
	linkify(b, it.Text)
	b.WriteString(notesMark(it))
	b.WriteString(`</span>`)
	v.details(b, it.Nick, it.Line, it.At)
}

func writeHTML(v *view, b *bufio.Writer) {
	b.WriteString("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n")
	b.WriteString("<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\">\n")
	b.WriteString("<title>" + esc(v.title) + "</title>\n")
	b.WriteString(minutesCSS)
	b.WriteString("</head>\n\n<body>\n")
	writeHTMLBody(v, b)
	b.WriteString("\n</body></html>\n")
}

// writeHTMLBody writes what the .html minutes hold inside <body>, without
// the white space around it: what a site puts inside its own layout.
func writeHTMLBody(v *view, b *bufio.Writer) {
	m := v.m
	b.WriteString("<h1>" + esc(v.title) + "</h1>\n")
	b.WriteString("<span class=\"details\">\nMeeting started by " + esc(m.Owner) + " " + esc(v.startedAt()))
	v.fullLogs(b)
	b.WriteString("</span>\n\n<br><br>\n\n\n\n<h3>Meeting summary</h3>\n<ol>\n")
	for ti, t := range v.topics {
		if preTopic(t) {
			// Items said before the first topic: top-level entries.
			for _, it := range t.Items {
				b.WriteString("<li>")
				v.htmlItem(b, it)
				b.WriteString("</li>\n")
			}
			continue
		}
		b.WriteString(`<li><b class="TOPIC">`)
		linkify(b, t.Title)
		b.WriteString(`</b>`)
		v.details(b, t.Nick, t.Line, t.At)
		b.WriteString("\n")
		if len(t.Items) > 0 {
			b.WriteString("<ol type=\"a\">\n")
			for _, it := range t.Items {
				b.WriteString("  <li>")
				v.htmlItem(b, it)
				b.WriteString("</li>\n")
			}
			b.WriteString("</ol>\n")
		}
		if ti < len(v.topics)-1 {
			b.WriteString("<br>")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n<br><br>\n\n\n\n<span class=\"details\">\n")
	if m.Ended.IsZero() {
		b.WriteString("Meeting not ended yet")
	} else {
		b.WriteString("Meeting ended" + esc(v.endedAt()))
	}
	v.fullLogs(b)
	b.WriteString("</span>\n\n<br><br>\n\n\n\n")

	if len(m.Votes) > 0 {
		b.WriteString("<h3>Votes</h3>\n<ol>\n")
		for _, vt := range m.Votes {
			b.WriteString(`  <li><span class="VOTE">`)
			linkify(b, vt.Question)
			b.WriteString("</span>")
			v.details(b, vt.Nick, vt.Line, vt.Started)
			if vt.Ended.IsZero() {
				b.WriteString(" (still open)")
			}
			b.WriteString("\n  <ol type=\"a\">\n")
			for _, r := range vt.Results() {
				b.WriteString("    <li>" + esc(r.Option) + " (" + strconv.Itoa(len(r.Voters)) + ")")
				if len(r.Voters) > 0 {
					b.WriteString(": " + esc(strings.Join(r.Voters, ", ")))
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("  </ol></li>\n")
		}
		b.WriteString("</ol>\n<br><br>\n\n\n\n")
	}

	if len(m.Agenda) > 0 {
		b.WriteString("<h3>Agenda</h3>\n<ol>\n")
		for _, a := range m.Agenda {
			b.WriteString(`  <li><span class="AGENDA">`)
			linkify(b, a.Text)
			b.WriteString("</span>")
			if a.Minutes > 0 {
				b.WriteString(" (" + strconv.Itoa(a.Minutes) + "m)")
			}
			b.WriteString(" (" + esc(a.By) + "): " + esc(a.Status) + "</li>\n")
		}
		b.WriteString("</ol>\n<br><br>\n\n\n\n")
	}

	b.WriteString("<h3>Action items</h3>\n<ol>\n")
	if len(v.actions) == 0 {
		b.WriteString("  <li>(none)</li>\n")
	}
	for _, it := range v.actions {
		b.WriteString("  <li>")
		v.htmlAction(b, it)
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n<br><br>\n\n\n\n")

	b.WriteString("<h3>Action items, by person</h3>\n<ol>\n")
	for _, p := range v.byPerson {
		b.WriteString("  <li> " + esc(p.Nick) + " <ol>\n")
		for _, it := range p.Items {
			b.WriteString("    <li>")
			v.htmlAction(b, it)
			b.WriteString("</li>\n")
		}
		b.WriteString("  </ol></li>\n")
	}
	b.WriteString("  <li> <b>UNASSIGNED</b> <ol>\n")
	if len(v.unassigned) == 0 {
		b.WriteString("    <li>(none)</li>\n")
	}
	for _, it := range v.unassigned {
		b.WriteString("    <li>")
		v.htmlAction(b, it)
		b.WriteString("</li>\n")
	}
	b.WriteString("  </ol></li>\n</ol>\n<br><br>\n\n\n\n")

	b.WriteString("<h3>People present (lines said)</h3>\n<ol>\n")
	for _, a := range v.attendees {
		b.WriteString("  <li>" + esc(a.Nick) + " (" + strconv.Itoa(a.Lines) + ")</li>\n")
	}
	b.WriteString("</ol>\n<br><br>\n\n\n\n")
	b.WriteString("<span class=\"details\">Generated by " + esc(v.opt.Generator) + ".</span>")
}

// fullLogs writes "\n(<a href=...>full logs</a>)." or "." when the logs
// are restricted.
func (v *view) fullLogs(b *bufio.Writer) {
	if v.logURL == "" {
		b.WriteString(".")
		return
	}
	b.WriteString("\n(<a href=\"" + html.EscapeString(v.logURL) + "\">full logs</a>).")
}

// htmlAction writes an action's text with its deadline, if any.
func (v *view) htmlAction(b *bufio.Writer, it meeting.Item) {
	linkify(b, it.Text)
	b.WriteString(notesMark(it))
	if label, text := dueNote(it); label != "" {
		b.WriteString(` <span class="due">(`)
		b.WriteString(label)
		b.WriteString(html.EscapeString(text))
		b.WriteString(`)</span>`)
	}
}
