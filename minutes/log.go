package minutes

import (
	"bufio"
	"strconv"
	"strings"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/usertext"
)

// writeLogText writes the raw log as MeetBot does ("HH:MM:SS <nick> text",
// "HH:MM:SS * nick action"), in UTC, after a header line that gives the
// channel, the date and the bot's nick, which logfile.Read reads back.
// Nick changes are written as irssi writes them ("-!- a is now known as b").
// A date-only meeting's lines keep their times here, one second apart from
// the day's local midnight: this is the machine-read log (logfile.Read,
// MeetBot's replay), whose lines need one; the header's date is the day.
func writeLogText(v *view, b *bufio.Writer) {
	m := v.m
	writeLogTextHead(m, m.BotNick(), b)
	writeLogTextLines(m.Log, b)
}

// writeLogTextHead writes the .log.txt's header line, naming bot as the
// bot's nick (m.BotNick()).
func writeLogTextHead(m *meeting.Meeting, bot string, b *bufio.Writer) {
	b.WriteString(plain(logfile.Header(m.Channel, m.Started.UTC(), nil, bot)))
	b.WriteString("\n")
}

// writeLogTextLines writes lines of a meeting's log as the .log.txt has
// them.
func writeLogTextLines(lines []meeting.LogLine, b *bufio.Writer) {
	for _, l := range lines {
		nick, text := plain(l.Nick), plain(l.Text)
		// Each line is made in the buffer's free space and written
		// whole: one Write a line, not seven.
		buf := room(b, 48+len(nick)+len(text))
		buf = appendHMS(buf, l.Time)
		switch l.Kind {
		case meeting.KindAction:
			buf = append(buf, " * "...)
			buf = append(buf, nick...)
			buf = append(buf, ' ')
		case meeting.KindNick:
			buf = append(buf, " -!- "...)
			buf = append(buf, nick...)
			buf = append(buf, " is now known as "...)
		default:
			buf = append(buf, " <"...)
			buf = append(buf, nick...)
			buf = append(buf, "> "...)
			if l.Kind == meeting.KindNotes {
				buf = append(buf, notesLogMark...)
			}
		}
		buf = append(buf, text...)
		buf = append(buf, '\n')
		b.Write(buf)
	}
}

// notesLogMark starts a log line typed in from notes (meeting.KindNotes),
// not said in the channel; logfile.Read reads it back.
const notesLogMark = logfile.NotesMark

const logCSS = `<style type="text/css">
/* For the .log.html */
pre { /*line-height: 125%;*/
      white-space: pre-wrap; }
body { background: #f0f0f0; }

body .tm  { color: #007020 }                      /* time */
body .nk  { color: #062873; font-weight: bold }   /* nick, regular */
body .nka { color: #007020; font-weight: bold }  /* action nick */
body .ac  { color: #00A000 }                      /* action line */
body .hi  { color: #4070a0 }                 /* hilights */
/* Things to make particular MeetBot commands stick out */
body .topic     { color: #007020; font-weight: bold }
body .topicline { color: #000080; font-weight: bold }
body .cmd       { color: #007020; font-weight: bold }
body .cmdline  { font-weight: bold }
body a.tm { text-decoration: none }

</style>
`

// writeLogHTML writes the log with every line anchored (id="l-N", N from
// 1) and its time linking to its own anchor, MeetBot's classes kept; in a
// date-only meeting the line's number ("#3") stands for the time.
func writeLogHTML(v *view, b *bufio.Writer) {
	m := v.m
	writeLogHTMLHead(m, b)
	writeLogHTMLLines(m, 0, m.Log, b)
	writeLogHTMLTail(b)
}

// writeLogHTMLHead writes what the .log.html has before its first line.
func writeLogHTMLHead(m *meeting.Meeting, b *bufio.Writer) {
	b.WriteString("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n")
	b.WriteString("<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\">\n")
	b.WriteString("<title>" + esc(m.Channel) + " log</title>\n")
	b.WriteString(logCSS)
	b.WriteString("</head>\n\n<body>\n<pre>")
}

// writeLogHTMLTail writes what the .log.html has after its last line.
func writeLogHTMLTail(b *bufio.Writer) {
	b.WriteString("</pre>\n</body></html>\n")
}

// writeLogHTMLLines writes lines of m's log as the .log.html has them,
// the first of them being line from+1 (index from of m.Log). It reads of m
// only DateOnly, which is set when the meeting starts.
func writeLogHTMLLines(m *meeting.Meeting, from int, lines []meeting.LogLine, b *bufio.Writer) {
	for k, l := range lines {
		i := from + k
		nick := plain(l.Nick)
		// Each line is made in the buffer's free space and written
		// whole (room's bound is generous: a longer line only costs a
		// copy).
		buf := room(b, 200+5*len(nick)+logTextMax(len(l.Text)))
		if i > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, `<a id="l-`...)
		n := len(buf)
		buf = strconv.AppendInt(buf, int64(i+1), 10)
		num := buf[n:] // the line's number, formatted once
		buf = append(buf, `" href="#l-`...)
		buf = append(buf, num...)
		buf = append(buf, `" class="tm">`...)
		if m.DateOnly {
			// No clock time: the line's number.
			buf = append(buf, '#')
			buf = append(buf, num...)
		} else {
			buf = appendHMS(buf, l.Time)
		}
		buf = append(buf, `</a>`...)
		switch l.Kind {
		case meeting.KindAction:
			buf = append(buf, ` <span class="nka">* `...)
			buf = appendEscaped(buf, nick)
			buf = append(buf, `</span> <span class="ac">`...)
			buf = appendLinkified(buf, plain(l.Text))
			buf = append(buf, `</span>`...)
		case meeting.KindNick:
			buf = append(buf, ` <span class="nka">-!- `+esc(l.Nick)+` is now known as `+esc(l.Text)+`</span>`...)
		default:
			buf = append(buf, `<span class="nk"> &lt;`...)
			buf = appendEscaped(buf, nick)
			buf = append(buf, `&gt;</span> `...)
			if l.Kind == meeting.KindNotes {
				buf = append(buf, notesLogMark...)
			}
			// One scan of the text when it is clean (most lines), not
			// one here and one in each part.
			if usertext.IsClean(l.Text) {
				buf = appendLogText(buf, l.Text, true)
			} else {
				buf = appendLogText(buf, plain(l.Text), false)
			}
		}
		b.Write(buf)
	}
}

// logTextMax bounds the length of appendLogText of n bytes of clean text.
func logTextMax(n int) int { return 100 + linkifiedMax(n) }

// appendLogText appends a message as MeetBot's log shows it: a command in
// "cmd" and "cmdline" spans ("topic" and "topicline" for #topic), an
// addressed nick ("nick: ...") highlighted, URLs as links. s is
// plain(text); clean says the text was usertext.IsClean (its parts then
// need no cleaning; other texts' parts are cleaned again).
func appendLogText(dst []byte, s string, clean bool) []byte {
	part := func(dst []byte, p string) []byte {
		if !clean {
			p = plain(p)
		}
		return appendLinkified(dst, p)
	}
	if strings.HasPrefix(s, "#") && len(s) > 1 && s[1] != ' ' {
		word, rest, _ := strings.Cut(s, " ")
		cls, line := "cmd", "cmdline"
		if strings.EqualFold(word, "#topic") {
			cls, line = "topic", "topicline"
		}
		dst = append(dst, `<span class="`...)
		dst = append(dst, cls...)
		dst = append(dst, `">`...)
		dst = appendEscaped(dst, word)
		dst = append(dst, ` </span><span class="`...)
		dst = append(dst, line...)
		dst = append(dst, `">`...)
		dst = part(dst, rest)
		return append(dst, `</span>`...)
	}
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " /") {
		dst = append(dst, `<span class="hi">`...)
		dst = appendEscaped(dst, s[:i+1])
		dst = append(dst, `</span>`...)
		return part(dst, s[i+1:])
	}
	return part(dst, s)
}
