package deadline

import (
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// keywords is the one list of the deadline keywords, which keywordRE and
// keywordAtRE are built from.
const keywords = `(due\s+date\s*:|due\s+(?:on|by|before)\b|due\b\s*:?|deadline\s*:|deadline\s+is\b|deadline\b|by\b|before\b|until\b|till\b|eta\s*:|target(?:\s+date)?\s*:)\s*`

// keywordRE finds words that may introduce a deadline in an action item.
// Strong keywords ("due", "due:", "due date:", "deadline:", "deadline is")
// always introduce one, so a phrase after them that cannot be read is worth
// flagging; weak ones ("by", "before", "until", "till", "deadline") count
// only when a readable date follows at once ("by the way" and "by bob" do
// not). "due to" is not a deadline. "ETA:" and "target:" ("(ETA: Friday)",
// "target date: May 1") are weak: an estimate that cannot be read is no
// deadline to flag.
// It is compiled the first time it is needed.
var keywordRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b` + keywords)
})

// keywordAtRE is keywordRE anchored at the start of the text, without its
// leading \b (keywordLocs checks that on the whole text).
var keywordAtRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i)` + keywords)
})

// keywordLocs gives what keywordRE().FindAllStringSubmatchIndex(text, -1)
// gives, running the regexp only where a keyword may start: at a d, b, u,
// t or e (any case) that starts a word. Every keyword starts so, and a match
// starting at one position is the one the unanchored regexp picks there.
func keywordLocs(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		switch text[i] | 0x20 {
		case 'd', 'b', 'u', 't', 'e':
		default:
			continue
		}
		if i > 0 && isWordByte(text[i-1]) {
			continue
		}
		loc := keywordAtRE().FindStringSubmatchIndex(text[i:])
		if loc == nil {
			continue
		}
		for j := range loc {
			if loc[j] >= 0 {
				loc[j] += i
			}
		}
		out = append(out, loc)
		i = loc[1] - 1
	}
	return out
}

// isWordByte is regexp's \w: an ASCII letter, digit or underscore.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// probeRef is the fixed reference Find uses to test whether a weak
// keyword's phrase is readable; readability does not depend on the date.
var probeRef = time.Date(2000, 6, 15, 0, 0, 0, 0, time.UTC)

// maxFind bounds the text Find scans.
const maxFind = 64 << 10

// Find locates a deadline phrase in an action item's text: a date
// introduced by due/by/before/until/deadline: ("bob to send it by next
// Friday, then review"). text[start:end] == phrase. When the date after the
// keyword can be read, the phrase is just the date ("next Friday"); after a
// strong keyword (due, deadline:) with no readable date the phrase is the
// text up to the next punctuation, so the caller can flag it. found is
// false when there is no deadline phrase.
func Find(text string) (phrase string, start, end int, found bool) {
	phrase, start, end, _, _, found = locate(nil, text, probeRef)
	return phrase, start, end, found
}

// Read is Find then Parse in one pass: it locates the deadline phrase in
// text and reads it against ref. found says a phrase was found; ok that it
// was read as date. Read(text, ref) gives the same as Parse(Find(text), ref).
func Read(text string, ref time.Time) (phrase string, date time.Time, found, ok bool) {
	return (*Reader)(nil).Read(text, ref)
}

// Reader is Read with a memory: it keeps how each date phrase read against
// each reference day, so a deadline repeated in many action items (one
// topic's deadline inherited by its actions, "by Friday" said again and
// again) runs the date rules once. It gives exactly what Read gives. The
// zero value is ready; a Reader is not safe for concurrent use, and it
// remembers at most maxMemo phrases (then it reads the others anew). A nil
// *Reader reads without remembering.
type Reader struct {
	memo map[memoKey]memoVal
}

// maxMemo bounds a Reader's memory (a long-lived engine reads many lines).
const maxMemo = 4096

type memoKey struct {
	s               string
	y               int
	m               time.Month
	d               int
	loc             *time.Location
	prefix, bounded bool
}

type memoVal struct {
	date       time.Time
	start, end int
	ok         bool
}

// Read is the package's Read, remembering the date phrases it reads.
func (r *Reader) Read(text string, ref time.Time) (phrase string, date time.Time, found, ok bool) {
	phrase, _, _, date, ok, found = locate(r, text, ref)
	if !found {
		return "", time.Time{}, false, false
	}
	if ok {
		return phrase, date, true, true
	}
	date, _, _, ok = r.find(phrase, ref, false, true)
	return phrase, date, true, ok
}

// Find is the package's Find, remembering the date phrases it reads.
func (r *Reader) Find(text string) (phrase string, start, end int, found bool) {
	phrase, start, end, _, _, found = locate(r, text, probeRef)
	return phrase, start, end, found
}

// Parse is the package's Parse, remembering the phrases it reads.
func (r *Reader) Parse(phrase string, ref time.Time) (date time.Time, ok bool) {
	date, _, _, ok = r.find(phrase, ref, false, true)
	return date, ok
}

// find is the package's find, through the memory when r is not nil. The
// reading depends only on s, ref's calendar day and location, and the
// flags.
func (r *Reader) find(s string, ref time.Time, prefix, bounded bool) (date time.Time, start, end int, ok bool) {
	if r == nil {
		return find(s, ref, prefix, bounded)
	}
	if len(s) > maxPhrase {
		s = s[:maxPhrase]
	}
	k := memoKey{s: s, y: ref.Year(), m: ref.Month(), d: ref.Day(), loc: ref.Location(), prefix: prefix, bounded: bounded}
	if v, hit := r.memo[k]; hit {
		return v.date, v.start, v.end, v.ok
	}
	date, start, end, ok = find(s, ref, prefix, bounded)
	if len(r.memo) < maxMemo {
		if r.memo == nil {
			r.memo = make(map[memoKey]memoVal)
		}
		k.s = strings.Clone(s) // not a slice of a long text
		r.memo[k] = memoVal{date: date, start: start, end: end, ok: ok}
	}
	return date, start, end, ok
}

// locate finds the deadline phrase; when it was read at the phrase's start
// (read is true), date is that reading against ref, within maxYears.
func locate(r *Reader, text string, ref time.Time) (phrase string, start, end int, date time.Time, read, found bool) {
	if len(text) > maxFind {
		text = text[:maxFind]
	}
	if !mayHaveKeyword(text) {
		return "", 0, 0, time.Time{}, false, false
	}
	for _, loc := range keywordLocs(text) {
		kw := strings.ToLower(strings.TrimSpace(text[loc[2]:loc[3]]))
		after := loc[1]
		rest := text[after:]
		if kw == "due" {
			if l := strings.ToLower(rest); strings.HasPrefix(l, "to ") || strings.HasPrefix(l, "to\t") || l == "to" {
				continue
			}
		}
		seg := rest[:phraseEnd(rest)]
		lead := len(seg) - len(strings.TrimLeft(seg, " \t"))
		if d, _, n, ok := r.find(seg, ref, true, false); ok {
			if r.orDate(seg[n:]) {
				// "by tomorrow or Wednesday": two dates offered, no one
				// day the item is due.
				continue
			}
			inBounds := d.Year() <= ref.Year()+maxYears && d.Year() >= ref.Year()-maxYears
			return seg[lead:n], after + lead, after + n, d, inBounds, true
		}
		// Whether a phrase is a deadline must not depend on the year
		// ("by Feb 29" is one even in a common year, flagged unread).
		if ref != probeRef {
			if _, _, n, ok := r.find(seg, probeRef, true, false); ok {
				return seg[lead:n], after + lead, after + n, time.Time{}, false, true
			}
		}
		// "deadline is" with no date after it only mentions the word
		// ("the deadline is fine with Dana"): not a deadline.
		strong := strings.HasPrefix(kw, "due") || strings.HasSuffix(kw, ":") && !estimate(kw)
		if strong {
			p := strings.TrimRight(seg, " \t")
			if strings.TrimSpace(p) == "" {
				continue
			}
			return p, after, after + len(p), time.Time{}, false, true
		}
	}
	return "", 0, 0, time.Time{}, false, false
}

// Trailing reads a date phrase that ends text without a keyword before it,
// as notes write deadlines: "send a test mail this week", "Publish the
// newsletter Wed.", "draft by the end of the month" (with a keyword, Find
// and Read apply). The phrase must end the text (a final '.' aside), so a
// date said in passing earlier in the sentence is no deadline, except a
// date standing alone in parentheses, an aside that dates the item
// ("Folks will meet up after the board meeting (this friday) to ..."). ok
// is false when no date ends the text and no aside is only a date.
func (r *Reader) Trailing(text string, ref time.Time) (phrase string, date time.Time, ok bool) {
	t := strings.TrimRight(text, " \t.!")
	if len(t) > maxPhrase {
		t = t[len(t)-maxPhrase:]
	}
	t = dropAsides(t)
	// The last clause only.
	if i := strings.LastIndexAny(t, ",;:()"); i >= 0 {
		t = t[i+1:]
	}
	d, start, end, ok := r.find(t, ref, false, true)
	if !ok || end != len(t) || saysState(t[:start]) || saysStart(t[:start]) || r.orDate(t[end:]) {
		return r.notTrailing(text, ref)
	}
	if i := strings.LastIndex(strings.TrimRight(t[:start], " \t"), " "); i >= 0 && strings.EqualFold(strings.TrimSpace(t[i:start]), "or") {
		// "on Tuesday or Wednesday": the second of two dates offered.
		return r.notTrailing(text, ref)
	}
	return strings.TrimSpace(t[start:end]), d, true
}

// dropAsides removes the asides in brackets that end t, "today [in
// Zulip]", "by Friday (see the thread)", so the date before them ends the
// text. A date alone in parentheses is read by dateAside.
func dropAsides(t string) string {
	for len(t) > 0 {
		i := TrailingBracket(t)
		if i <= 0 {
			return t
		}
		// A bracket escaped in Markdown ("today \\[in Zulip\\]") too.
		t = strings.TrimRight(t[:i], " \t.!\\")
	}
	return t
}

// TrailingBracket returns where the bracketed group that ends t opens: the
// index of the last '(' when t ends with ')', of the last '[' when it ends
// with ']', else -1. The notes reader's owners in an aside ("... (Chris)")
// and the deadline reader's asides after a date ("today [in Zulip]") both
// find their group with it.
func TrailingBracket(t string) int {
	if t == "" {
		return -1
	}
	switch t[len(t)-1] {
	case ')':
		return strings.LastIndexByte(t, '(')
	case ']':
		return strings.LastIndexByte(t, '[')
	}
	return -1
}

// orDate reports whether rest, what follows a date phrase, offers another
// date in its place: "tomorrow or Wednesday".
func (r *Reader) orDate(rest string) bool {
	rest = strings.TrimLeft(rest, " \t")
	if len(rest) < 4 || !strings.EqualFold(rest[:3], "or ") {
		return false
	}
	_, _, _, ok := r.find(rest[3:], probeRef, true, false)
	return ok
}

// saysStart reports whether the clause before a date says when work
// starts, not by when it is done: "start work this weekend", "starting next
// week", "begin the migration in May".
func saysStart(clause string) bool {
	for _, w := range strings.Fields(strings.ToLower(clause)) {
		switch strings.Trim(w, ".,;:!?\"'") {
		case "start", "starts", "starting", "begin", "begins", "beginning", "kick", "kicks", "kicking":
			return true
		}
	}
	return false
}

// notTrailing reads the dates of an item that no date ends: an aside
// that is only a date (dateAside), else the date of an event the item is
// for (forEvent).
func (r *Reader) notTrailing(text string, ref time.Time) (phrase string, date time.Time, ok bool) {
	if phrase, date, ok = r.dateAside(text, ref); ok {
		return phrase, date, ok
	}
	return r.forEvent(text, ref)
}

// forEventRE matches "for" (and "for the") where a date may follow:
// "Prepare for February 28th follow-up meeting".
var forEventRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bfor\s+(?:the\s+)?`)
})

// forEvent reads the date of an event that ends the item, right after
// "for": "Prepare for February 28th follow-up meeting", "slides for the May
// 3 release", "Book the room for Friday's call". The task is done for that
// day. The event is at most three words, none of them a date or a number.
func (r *Reader) forEvent(text string, ref time.Time) (phrase string, date time.Time, ok bool) {
	t := strings.TrimRight(dropAsides(strings.TrimRight(text, " \t.!")), " \t.!")
	if !ascii.ContainsFold(t, "for ") {
		return "", time.Time{}, false
	}
	for _, loc := range forEventRE().FindAllStringIndex(t, -1) {
		rest := t[loc[1]:]
		d, _, n, ok := r.find(rest, ref, true, true)
		if !ok {
			continue
		}
		event := strings.TrimPrefix(strings.TrimPrefix(rest[n:], "'s"), "’s")
		ws := strings.Fields(event)
		if len(ws) == 0 || len(ws) > 3 || strings.ContainsAny(event, "0123456789,;:()") || joining[strings.ToLower(ws[0])] {
			// "Move items for this month into that milestone": the
			// date names what, and the sentence goes on.
			continue
		}
		return strings.TrimSpace(rest[:n]), d, true
	}
	return "", time.Time{}, false
}

// joining are the words that go on with a sentence after a date, where an
// event's name would stand: "for this month into the milestone".
var joining = map[string]bool{"into": true, "to": true, "from": true, "with": true, "and": true, "or": true,
	"of": true, "on": true, "in": true, "at": true, "by": true, "as": true, "if": true, "so": true, "than": true}

// Leading reads a date that opens an item, as schedules in notes write
// it: "May 17 Henk will present the manifest", "2026-05-01: Ann to send
// the report", "Friday - Bo to book the room". The date must be followed by
// a colon, a dash or a capitalised word (who), so "May 17 was the
// release" gives none; rest is the item after the date and its mark.
func (r *Reader) Leading(text string, ref time.Time) (phrase string, date time.Time, rest string, ok bool) {
	d, _, n, ok := r.find(text, ref, true, true)
	if !ok || n >= len(text) {
		return "", time.Time{}, "", false
	}
	phrase = strings.TrimSpace(text[:n])
	after := strings.TrimLeft(text[n:], " \t")
	if after == text[n:] {
		// No blank after the date: "May 17th-ish", "2026-05-01/02".
		if !strings.HasPrefix(after, ":") {
			return "", time.Time{}, "", false
		}
	}
	switch {
	case strings.HasPrefix(after, ":"):
		after = after[1:]
	case strings.HasPrefix(after, "- "), strings.HasPrefix(after, "– "), strings.HasPrefix(after, "— "):
		_, after, _ = strings.Cut(after, " ")
	default:
		c, _ := utf8.DecodeRuneInString(after)
		if !unicode.IsUpper(c) && c != '@' {
			return "", time.Time{}, "", false
		}
	}
	rest = strings.TrimSpace(after)
	if rest == "" {
		return "", time.Time{}, "", false
	}
	return phrase, d, rest, true
}

// dateAside reads the first parenthesised aside of text that holds only a
// date phrase, "(this friday)"; "(probably not for next week)" says more
// than a date and is none.
func (r *Reader) dateAside(text string, ref time.Time) (phrase string, date time.Time, ok bool) {
	for rest := text; ; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			return "", time.Time{}, false
		}
		rest = rest[i+1:]
		j := strings.IndexAny(rest, "()")
		if j < 0 {
			return "", time.Time{}, false
		}
		if rest[j] == ')' {
			in := strings.TrimSpace(rest[:j])
			if in != "" && len(in) <= maxPhrase {
				if d, start, end, ok := r.find(in, ref, false, true); ok && start == 0 && end == len(in) {
					return in, d, true
				}
			}
		}
		rest = rest[j:]
	}
}

// saysState reports whether a clause before a date describes a state or a
// contrast rather than a task ("but is at a conference this week"): the
// date then says when, not by when. "is to", "am to" and "to be" say what
// is to be done ("My plan is to draft it today", "PR to be merged on Jan
// 1st").
func saysState(clause string) bool {
	ws := strings.Fields(strings.ToLower(clause))
	for i, w := range ws {
		switch w {
		case "is", "are", "am":
			if i+1 < len(ws) && ws[i+1] == "to" {
				continue
			}
			return true
		case "be":
			if i > 0 && ws[i-1] == "to" {
				// "to be merged on Jan 1st": what is to be done.
				continue
			}
			return true
		case "was", "were", "been", "but":
			return true
		}
	}
	return false
}

// mayHaveKeyword reports whether text contains, in any ASCII case, one of
// the words keywordRE starts with: a cheap test that spares most action
// items the regexp. The keywords' letters fold only to ASCII, so a text
// without them cannot match.
func mayHaveKeyword(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		var words []string
		switch text[i] | 0x20 {
		case 'd':
			words = []string{"due", "deadline"}
		case 'b':
			words = []string{"by", "before"}
		case 'u':
			words = []string{"until"}
		case 't':
			words = []string{"till", "target"}
		case 'e':
			words = []string{"eta"}
		default:
			continue
		}
		for _, w := range words {
			if len(text)-i >= len(w) && strings.EqualFold(text[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// phraseEnd is where a deadline phrase after a keyword stops: at
// punctuation that ends a clause (",;()[]!?", a '.' before a blank or the
// end, " - ") or the end of the text.
func phraseEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', ';', '(', ')', '[', ']', '!', '?', '|':
			// "Dec 4, 2027": keep a year after a comma.
			if s[i] == ',' && i+6 <= len(s) && s[i+1] == ' ' && isYear(s[i+2:i+6]) && (i+6 == len(s) || !isAlnum(s[i+6])) {
				continue
			}
			return i
		case '.':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				// "Aug. 10": an abbreviated month keeps its dot.
				if i >= 3 && months[strings.ToLower(s[i-3:i])] != 0 && i+2 < len(s) && s[i+2] >= '0' && s[i+2] <= '9' {
					continue
				}
				return i
			}
		case '-':
			if i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ' {
				return i - 1
			}
		}
	}
	return len(s)
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// estimate reports whether the keyword kw is an estimate's ("ETA:",
// "target:"), weak though it ends with a colon.
func estimate(kw string) bool {
	c := kw[0] | 0x20
	return c == 'e' || c == 't' && len(kw) > 1 && kw[1]|0x20 == 'a'
}
