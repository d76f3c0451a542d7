package minutes

import (
	"bufio"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// mdEscape escapes IRC text for CommonMark (GitHub flavour): the
// characters that make inline markup (emphasis, code, links, raw HTML,
// entities, strikethrough, tables) always get a backslash, so "<alice>"
// stays text and "[x](javascript:...)" is not a link; at the start of the
// text, so do the characters that would start a block (a heading, a list,
// a quote).
// MarkdownText returns user text as Markdown that shows it as written:
// IRC control codes removed, inline markup characters escaped (and those
// that would start a block at the start), as in the .md minutes.
func MarkdownText(s string) string { return mdEscape(s) }

func mdEscape(s string) string {
	return mdEscapeAt(s, true)
}

func mdEscapeAt(s string, start bool) string {
	s = plain(s)
	var b strings.Builder
	if start {
		// Leading spaces could make an indented code block; "#", "+",
		// "-", "=" and "1." or "1)" start blocks.
		s = strings.TrimLeft(s, " ")
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		switch {
		case i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')'):
			b.Grow(len(s) + 8)
			b.WriteString(s[:i])
			b.WriteByte('\\')
			s = s[i:]
		case i == 0 && len(s) > 0 && strings.IndexByte("#+-=", s[0]) >= 0:
			b.Grow(len(s) + 8)
			b.WriteByte('\\')
		}
	}
	i := mdPlainPrefix(s)
	if i == len(s) && b.Len() == 0 {
		return s // nothing to escape (most texts): no copy
	}
	b.Grow(len(s) + 8)
	for {
		b.WriteString(s[:i])
		if i == len(s) {
			break
		}
		b.WriteByte('\\')
		b.WriteByte(s[i])
		s = s[i+1:]
		i = mdPlainPrefix(s)
	}
	return b.String()
}

// mdSpecial marks the bytes mdEscapeAt puts a backslash before: those that
// make inline markup.
var mdSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\`*_[]<>&~|") {
		t[c] = true
	}
	return t
}()

// mdPlainPrefix returns the length of s's leading run of bytes that need no
// backslash.
func mdPlainPrefix(s string) int {
	for i := 0; i < len(s); i++ {
		if mdSpecial[s[i]] {
			return i
		}
	}
	return len(s)
}

// mdText escapes s and makes its safe URLs autolinks.
func mdText(b *bufio.Writer, s string) {
	s = plain(s)
	if strings.IndexByte(s, ':') < 0 {
		// No URL (splitURLs would give s whole): no segments to make.
		b.WriteString(mdEscapeAt(s, true))
		return
	}
	for i, seg := range splitURLs(s) {
		if seg.isURL && !strings.ContainsAny(seg.text, "<> \\`") {
			b.WriteByte('<')
			b.WriteString(seg.text)
			b.WriteByte('>')
		} else {
			b.WriteString(mdEscapeAt(seg.text, i == 0))
		}
	}
}

// mdDetails writes " (nick, [HH:MM:SS](log#l-N))".
func (v *view) mdDetails(b *bufio.Writer, nick string, line int, at time.Time) {
	if v.m.DateOnly {
		// A date-only meeting: no time to show, the nick links.
		if v.logRef != "" && line >= 0 {
			b.WriteString(" ([" + mdEscape(nick) + "](" + v.logRef + "#l-" + strconv.Itoa(line+1) + "))")
		} else {
			b.WriteString(" (" + mdEscape(nick) + ")")
		}
		return
	}
	b.WriteString(" (")
	b.WriteString(mdEscape(nick))
	b.WriteString(", ")
	if v.logRef != "" && line >= 0 {
		b.WriteByte('[')
		b.Write(appendHMS(b.AvailableBuffer(), at))
		b.WriteString("](")
		b.WriteString(v.logRef)
		b.WriteString("#l-")
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(line+1), 10))
		b.WriteByte(')')
	} else {
		b.Write(appendHMS(b.AvailableBuffer(), at))
	}
	b.WriteString(")")
}

func (v *view) mdItem(b *bufio.Writer, it meeting.Item) {
	if c, ok := DoneText(it); ok {
		b.WriteString("**DONE** " + mdEscapeAt(c, false) + notesMark(it))
		v.mdDetails(b, it.Nick, it.Line, it.At)
		return
	}
	if prefixed(it.Kind) {
		b.WriteString("**")
		b.WriteString(kindLabel(it.Kind))
		b.WriteString("**: ")
	}
	mdText(b, it.Text)
	b.WriteString(notesMark(it))
	v.mdDetails(b, it.Nick, it.Line, it.At)
}

func (v *view) mdAction(b *bufio.Writer, it meeting.Item) {
	mdText(b, it.Text)
	b.WriteString(notesMark(it))
	if label, text := dueNote(it); label != "" {
		// The label starts with a letter and holds no markup byte:
		// mdEscape of the whole note is the label and the text escaped
		// as inside a line.
		b.WriteString(" (")
		b.WriteString(label)
		b.WriteString(mdEscapeAt(text, false))
		b.WriteByte(')')
	}
}

func writeMarkdown(v *view, b *bufio.Writer) {
	m := v.m
	b.WriteString("# " + mdEscape(v.title) + "\n\n")
	b.WriteString("Meeting started by " + mdEscape(m.Owner) + " " + v.startedAt() + ".")
	if v.logURL != "" {
		b.WriteString(" [Full logs](" + v.logURL + ").")
	}
	b.WriteString("\n\n## Meeting summary\n\n")
	n := 0
	for _, t := range v.topics {
		if preTopic(t) {
			for _, it := range t.Items {
				b.WriteString("- ")
				v.mdItem(b, it)
				b.WriteString("\n")
			}
			b.WriteString("\n")
			continue
		}
		n++
		num := strconv.Itoa(n) + ". "
		b.WriteString(num + "**")
		mdText(b, t.Title)
		b.WriteString("**")
		v.mdDetails(b, t.Nick, t.Line, t.At)
		b.WriteString("\n")
		pad := strings.Repeat(" ", len(num))
		for _, it := range t.Items {
			b.WriteString(pad)
			b.WriteString("- ")
			v.mdItem(b, it)
			b.WriteString("\n")
		}
	}
	if len(v.topics) == 0 {
		b.WriteString("(none)\n")
	}
	if m.Ended.IsZero() {
		b.WriteString("\nMeeting not ended yet.\n")
	} else {
		b.WriteString("\nMeeting ended" + v.endedAt() + ".\n")
	}

	if len(m.Votes) > 0 {
		b.WriteString("\n## Votes\n\n")
		for _, vt := range m.Votes {
			b.WriteString("- ")
			mdText(b, vt.Question)
			v.mdDetails(b, vt.Nick, vt.Line, vt.Started)
			if vt.Ended.IsZero() {
				b.WriteString(" (still open)")
			}
			b.WriteString("\n")
			for _, r := range vt.Results() {
				b.WriteString("  - " + mdEscape(r.Option) + " (" + strconv.Itoa(len(r.Voters)) + ")")
				if len(r.Voters) > 0 {
					b.WriteString(": " + mdEscape(strings.Join(r.Voters, ", ")))
				}
				b.WriteString("\n")
			}
		}
	}

	if len(m.Agenda) > 0 {
		b.WriteString("\n## Agenda\n\n")
		for _, a := range m.Agenda {
			b.WriteString("- ")
			mdText(b, agendaLabel(a))
			b.WriteString(" (" + mdEscape(a.By) + "): " + a.Status + "\n")
		}
	}

	b.WriteString("\n## Action items\n\n")
	if len(v.actions) == 0 {
		b.WriteString("- (none)\n")
	}
	for _, it := range v.actions {
		b.WriteString("- ")
		v.mdAction(b, it)
		b.WriteString("\n")
	}
	b.WriteString("\n## Action items, by person\n\n")
	for _, p := range v.byPerson {
		b.WriteString("- " + mdEscape(p.Nick) + "\n")
		for _, it := range p.Items {
			b.WriteString("  - ")
			v.mdAction(b, it)
			b.WriteString("\n")
		}
	}
	b.WriteString("- **UNASSIGNED**\n")
	if len(v.unassigned) == 0 {
		b.WriteString("  - (none)\n")
	}
	for _, it := range v.unassigned {
		b.WriteString("  - ")
		v.mdAction(b, it)
		b.WriteString("\n")
	}
	b.WriteString("\n## People present (lines said)\n\n")
	for _, a := range v.attendees {
		b.WriteString("- " + mdEscape(a.Nick) + " (" + strconv.Itoa(a.Lines) + ")\n")
	}
	b.WriteString("\nGenerated by " + mdEscape(v.opt.Generator) + ".\n")
}
