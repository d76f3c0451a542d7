package logfile

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// HeaderPrefix starts the first line of gavel's own .log.txt:
// "# #channel meeting log, 2020-06-10 (UTC)", optionally followed by
// ", bot NICK" naming the bot whose lines are its replies.
const HeaderPrefix = "# "

// NotesMark starts the text of a line of gavel's own .log.txt that was
// typed in from notes merged into the meeting (meeting.KindNotes), not
// said in the channel: "12:00:05 <alice> [notes] #info ...". Read gives
// such lines back as KindNotes events, without the mark, in a log with
// gavel's header (in other logs the text is kept as said).
const NotesMark = "[notes] "

// headerMarker is the fixed text after the channel in gavel's header.
const headerMarker = " meeting log, "

// Header returns the first line of a gavel .log.txt (without the newline)
// for a log of channel whose times are in loc and whose first line is on
// date; bot, when not empty, names the bot nick.
func Header(channel string, date time.Time, loc *time.Location, bot string) string {
	if loc == nil {
		loc = time.UTC
	}
	h := HeaderPrefix + channel + headerMarker + date.Format("2006-01-02") + " (" + loc.String() + ")"
	if bot != "" {
		h += ", bot " + bot
	}
	return h
}

// parseLine reads one line (without its line end) into r.steps and r.evs.
func (r *reader) parseLine(n int, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	// Comments and gavel's header.
	if s == "#" || strings.HasPrefix(s, HeaderPrefix) {
		if len(r.steps) == 0 && len(s) > len(HeaderPrefix) {
			if r.noHeader {
				r.headerCand = true
			} else if r.parseHeader(n, s) {
				return
			}
		}
		return // a comment, as in MeetBot's test scripts
	}
	if strings.HasPrefix(s, "--- ") {
		r.parseIrssiMeta(n, s[4:])
		return
	}
	rec := record{line: n, tod: -1, kind: meeting.KindMessage}
	body, ok := r.parseStamp(&rec, s)
	if !ok {
		// No time: a bare line (MeetBot test script) or garbage.
		if len(r.bare) < 1<<20 {
			r.bare = append(r.bare, record{line: n, tod: -1, nick: r.opt.ScriptNick, text: s, kind: meeting.KindMessage})
		}
		r.bareWarn = append(r.bareWarn, n)
		if strings.HasPrefix(s, "#startmeeting") {
			r.script = true
		}
		return
	}
	r.timed++
	if !r.parseBody(&rec, body) {
		return
	}
	r.add(&rec)
}

// parseHeader reads gavel's "# #chan meeting log, DATE (ZONE)[, bot NICK]".
func (r *reader) parseHeader(n int, s string) bool {
	rest := s[len(HeaderPrefix):]
	i := strings.Index(rest, headerMarker)
	if i <= 0 {
		return false
	}
	channel := rest[:i]
	rest = rest[i+len(headerMarker):]
	if len(rest) < 10 {
		return false
	}
	date, ok := parseISODate(rest[:10])
	if !ok {
		return false
	}
	rest = rest[10:]
	var loc *time.Location
	if strings.HasPrefix(rest, " (") {
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			return false
		}
		zone := rest[2:j]
		l, err := time.LoadLocation(zone)
		if err != nil {
			r.warn(n, "unknown time zone %q in the header; using %s", zone, r.opt.Location)
		} else {
			loc = l
		}
		rest = rest[j+1:]
	}
	if strings.HasPrefix(rest, ", bot ") {
		r.botNick = strings.TrimSpace(rest[len(", bot "):])
	}
	r.headerChannel = channel
	r.headerLoc = loc
	r.gavelLog = true
	r.add(&record{line: n, tod: -1, hint: hintAt, date: date, isMeta: true})
	return true
}

// parseIrssiMeta reads irssi's "--- Log opened Wed Sep 09 17:00:00 2020" and
// "--- Day changed Thu Sep 10 2020" (s is the text after "--- ").
func (r *reader) parseIrssiMeta(n int, s string) {
	switch {
	case strings.HasPrefix(s, "Log opened "):
		t, err := time.Parse("Mon Jan _2 15:04:05 2006", strings.TrimSpace(s[len("Log opened "):]))
		if err != nil {
			r.warn(n, "cannot read the date of %q", "--- "+s)
			return
		}
		r.add(&record{line: n, tod: -1, hint: hintAt, date: civilOf(t), isMeta: true})
	case strings.HasPrefix(s, "Day changed "):
		t, err := time.Parse("Mon Jan _2 2006", strings.TrimSpace(s[len("Day changed "):]))
		if err != nil {
			r.warn(n, "cannot read the date of %q", "--- "+s)
			return
		}
		r.add(&record{line: n, tod: -1, hint: hintDayChanged, date: civilOf(t), isMeta: true})
	case strings.HasPrefix(s, "Log closed"):
	default:
		r.warn(n, "unknown irssi line %q; skipped", clip("--- "+s))
	}
}

// meetingStarted reads the date of MeetBot's "Meeting started Wed Jun 10
// 12:02:26 2020 UTC." line.
func meetingStarted(s string) (civil, bool) {
	rest := strings.TrimPrefix(s, "Meeting started ")
	if len(rest) < 24 {
		return civil{}, false
	}
	t, err := time.Parse("Mon Jan _2 15:04:05 2006", rest[:24])
	if err != nil {
		return civil{}, false
	}
	return civilOf(t), true
}

// parseStamp reads the time stamp at the start of s into rec and returns
// the rest of the line after the separator.
func (r *reader) parseStamp(rec *record, s string) (string, bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", false
		}
		stamp := s[1:end]
		rest := strings.TrimPrefix(s[end+1:], " ")
		if len(stamp) >= 10 && (len(stamp) == 10 || stamp[10] == ' ' || stamp[10] == 'T') {
			d, ok := parseISODate(stamp[:10])
			if !ok {
				return "", false
			}
			if len(stamp) == 10 {
				return "", false
			}
			tod, ok := parseTOD(stamp[11:])
			if !ok {
				return "", false
			}
			rec.tod, rec.hint, rec.date = tod, hintAt, d
			return rest, true
		}
		tod, ok := parseTOD(stamp)
		if !ok {
			return "", false
		}
		rec.tod = tod
		return rest, true
	}
	// WeeChat: "YYYY-MM-DD HH:MM:SS\tnick\ttext".
	if len(s) > 19 && s[10] == ' ' && s[19] == '\t' {
		d, ok := parseISODate(s[:10])
		if !ok {
			return "", false
		}
		tod, ok := parseTOD(s[11:19])
		if !ok {
			return "", false
		}
		rec.tod, rec.hint, rec.date = tod, hintAt, d
		return "\t" + s[20:], true
	}
	// "HH:MM:SS rest" or "HH:MM rest".
	sp := strings.IndexByte(s, ' ')
	if sp < 0 {
		return "", false
	}
	tod, ok := parseTOD(s[:sp])
	if !ok {
		return "", false
	}
	rec.tod = tod
	return s[sp+1:], true
}

// parseTOD reads "HH:MM" or "HH:MM:SS" as seconds since midnight.
func parseTOD(s string) (int, bool) {
	if len(s) != 5 && len(s) != 8 {
		return 0, false
	}
	if s[2] != ':' || (len(s) == 8 && s[5] != ':') {
		return 0, false
	}
	h, ok1 := atoi(s[0:2])
	m, ok2 := atoi(s[3:5])
	sec := 0
	ok3 := true
	if len(s) == 8 {
		sec, ok3 = atoi(s[6:8])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return 0, false
	}
	if sec == 60 { // a leap second
		sec = 59
	}
	return h*3600 + m*60 + sec, true
}

// parseBody reads what follows the time stamp. It returns false when the
// line holds no event (skipped, with a warning when malformed).
func (r *reader) parseBody(rec *record, body string) bool {
	if strings.HasPrefix(body, "\t") {
		return r.parseWeechat(rec, body[1:])
	}
	b := strings.TrimLeft(body, " ")
	switch {
	case strings.HasPrefix(b, "<"):
		end := strings.IndexByte(b, '>')
		if end < 0 {
			r.warn(rec.line, "no '>' after the nick; skipped")
			return false
		}
		nick := strings.TrimLeft(b[1:end], " ")
		nick, rec.op = stripMode(nick)
		if !validNick(nick) {
			r.warn(rec.line, "bad nick %q; skipped", clip(nick))
			return false
		}
		rec.nick = nick
		rec.text = strings.TrimPrefix(b[end+1:], " ")
		if strings.HasPrefix(rec.text, "Meeting started ") {
			if d, ok := meetingStarted(rec.text); ok {
				rec.hint, rec.date = hintWeak, d
			}
		}
		return true
	case strings.HasPrefix(b, "* "):
		rest := strings.TrimLeft(b[2:], " ")
		nick, text, _ := strings.Cut(rest, " ")
		nick, rec.op = stripMode(nick)
		if !validNick(nick) {
			r.warn(rec.line, "bad nick %q in an action line; skipped", clip(nick))
			return false
		}
		rec.nick, rec.text, rec.kind = nick, text, meeting.KindAction
		return true
	case strings.HasPrefix(b, "-!- "):
		return r.nickChange(rec, b[4:])
	case strings.HasPrefix(b, "*** "):
		return r.nickChange(rec, b[4:])
	}
	r.warn(rec.line, "not a log line (want <nick> text or * nick action): %q; skipped", clip(b))
	return false
}

// nickChange reads irssi's and ZNC's "old is now known as new"; every other
// server notice (joins, quits, modes) is skipped without a warning.
func (r *reader) nickChange(rec *record, s string) bool {
	old, nw, ok := strings.Cut(s, " is now known as ")
	if !ok {
		return false
	}
	old = strings.TrimSpace(old)
	nw = strings.TrimSpace(nw)
	if !validNick(old) || !validNick(nw) {
		r.warn(rec.line, "bad nick change %q; skipped", clip(s))
		return false
	}
	rec.nick, rec.text, rec.kind = old, nw, meeting.KindNick
	return true
}

// parseWeechat reads WeeChat's "nick\ttext", " *\tnick action" and its
// "-->", "<--", "--" notices.
func (r *reader) parseWeechat(rec *record, s string) bool {
	prefix, text, ok := strings.Cut(s, "\t")
	if !ok {
		r.warn(rec.line, "WeeChat line without a text column; skipped")
		return false
	}
	switch strings.TrimSpace(prefix) {
	case "-->", "<--":
		return false
	case "--":
		if old, nw, ok := strings.Cut(text, " is now known as "); ok {
			return r.nickChange(rec, old+" is now known as "+nw)
		}
		return false
	case "*":
		nick, act, _ := strings.Cut(text, " ")
		nick, rec.op = stripMode(nick)
		if !validNick(nick) {
			r.warn(rec.line, "bad nick %q; skipped", clip(nick))
			return false
		}
		rec.nick, rec.text, rec.kind = nick, act, meeting.KindAction
		return true
	}
	nick, op := stripMode(strings.TrimSpace(prefix))
	if !validNick(nick) {
		r.warn(rec.line, "bad nick %q; skipped", clip(nick))
		return false
	}
	rec.nick, rec.text, rec.op = nick, text, op
	return true
}

// stripMode removes a channel mode prefix (@ op, + voice, % halfop, &
// admin, ~ owner) and says whether it made the nick an operator.
func stripMode(n string) (string, bool) {
	if n == "" {
		return n, false
	}
	switch n[0] {
	case '@', '&', '~':
		return n[1:], true
	case '+', '%':
		return n[1:], false
	}
	return n, false
}

// validNick accepts what IRC servers and bridges use as nicks: no spaces,
// no control characters, not too long.
func validNick(n string) bool {
	if n == "" || len(n) > 64 {
		return false
	}
	for _, c := range n {
		if c <= ' ' || c == 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// clip shortens text quoted in warnings.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
