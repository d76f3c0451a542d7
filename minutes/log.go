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
	b.WriteString(plain(logfile.Header(m.Channel, m.Started.UTC(), nil, m.BotNick())))
	b.WriteString("\n")
	var tb [8]byte
	for _, l := range m.Log {
		b.Write(appendHMS(tb[:0], l.Time))
		switch l.Kind {
		case meeting.KindAction:
			b.WriteString(" * ")
			b.WriteString(plain(l.Nick))
			b.WriteByte(' ')
		case meeting.KindNick:
			b.WriteString(" -!- ")
			b.WriteString(plain(l.Nick))
			b.WriteString(" is now known as ")
		default:
			b.WriteString(" <")
			b.WriteString(plain(l.Nick))
			b.WriteString("> ")
			if l.Kind == meeting.KindNotes {
				b.WriteString(notesLogMark)
			}
		}
		b.WriteString(plain(l.Text))
		b.WriteByte('\n')
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
	b.WriteString("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n")
	b.WriteString("<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\">\n")
	b.WriteString("<title>" + esc(m.Channel) + " log</title>\n")
	b.WriteString(logCSS)
	b.WriteString("</head>\n\n<body>\n<pre>")
	var nb [24]byte
	for i, l := range m.Log {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := strconv.AppendInt(nb[:0], int64(i+1), 10)
		b.WriteString(`<a id="l-`)
		b.Write(n)
		b.WriteString(`" href="#l-`)
		b.Write(n)
		b.WriteString(`" class="tm">`)
		if m.DateOnly {
			// No clock time: the line's number.
			b.WriteByte('#')
			b.Write(n)
		} else {
			b.Write(appendHMS(nb[len(n):len(n)], l.Time))
		}
		b.WriteString(`</a>`)
		switch l.Kind {
		case meeting.KindAction:
			b.WriteString(` <span class="nka">* `)
			writeEscaped(b, plain(l.Nick))
			b.WriteString(`</span> <span class="ac">`)
			linkify(b, l.Text)
			b.WriteString(`</span>`)
		case meeting.KindNick:
			b.WriteString(` <span class="nka">-!- ` + esc(l.Nick) + ` is now known as ` + esc(l.Text) + `</span>`)
		default:
			b.WriteString(`<span class="nk"> &lt;`)
			writeEscaped(b, plain(l.Nick))
			b.WriteString(`&gt;</span> `)
			if l.Kind == meeting.KindNotes {
				b.WriteString(notesLogMark)
			}
			// One scan of the text when it is clean (most lines), not
			// one here and one in linkify.
			if usertext.IsClean(l.Text) {
				logText(b, l.Text, true)
			} else {
				logText(b, plain(l.Text), false)
			}
		}
	}
	b.WriteString("</pre>\n</body></html>\n")
}

// logText writes a message as MeetBot's log does: a command in "cmd" and
// "cmdline" spans ("topic" and "topicline" for #topic), an addressed nick
// ("nick: ...") highlighted, URLs as links. s is plain(text); clean says
// the text was usertext.IsClean (its parts then need no cleaning).
func logText(b *bufio.Writer, s string, clean bool) {
	if strings.HasPrefix(s, "#") && len(s) > 1 && s[1] != ' ' {
		word, rest, _ := strings.Cut(s, " ")
		cls, line := "cmd", "cmdline"
		if strings.EqualFold(word, "#topic") {
			cls, line = "topic", "topicline"
		}
		b.WriteString(`<span class="`)
		b.WriteString(cls)
		b.WriteString(`">`)
		writeEscaped(b, word)
		b.WriteString(` </span><span class="`)
		b.WriteString(line)
		b.WriteString(`">`)
		linkifyIn(b, rest, clean)
		b.WriteString(`</span>`)
		return
	}
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " /") {
		b.WriteString(`<span class="hi">`)
		writeEscaped(b, s[:i+1])
		b.WriteString(`</span>`)
		linkifyIn(b, s[i+1:], clean)
		return
	}
	linkifyIn(b, s, clean)
}
