// Package deadline reads deadline phrases ("Aug 10", "next Friday", "end of
// month", "2026-12-04", "Oct 1st week") against a reference date, and finds
// them in action-item text ("bob to fix it by Friday").
//
// It is conservative: a phrase that cannot be read gives ok=false, never a
// guess. Dates are calendar days: the time returned is midnight of that day
// in the reference time's location.
//
// Rules, all case-insensitive (ref is the reference date, usually the
// meeting's date in the channel's time zone):
//
//   - ISO dates "2026-12-04" and "2026/12/04". Other numeric forms such as
//     "12/04" are refused: day/month order is ambiguous.
//   - Month and day in either order, with optional ordinal, weekday and
//     year: "Aug 10", "10 Aug", "31 August", "Aug 5th", "Thursday Jul 21st",
//     "the 3rd of March", "Dec 4, 2027". Without a year the date is in ref's
//     year, unless that is more than 60 days before ref: then it is in the
//     next year (said on Dec 20, "Jan 5" is next January; said on Aug 20,
//     "Aug 10" stays this year and is simply in the past, which callers can
//     flag). A day that does not exist ("Feb 30") is not read.
//   - Nth week of a month: "Oct 1st week", "1st week of October", "3rd week
//     of August", "last week of May" give the last day of that week, day 7N
//     (Oct 7, Aug 21), or the month's last day for "last week".
//   - "end of month", "end of the week", "end of next week", "end of year",
//     "end of August": the month's last day; a week ends on Friday (the
//     working week), "end of week" said on a Saturday or Sunday is the next
//     Friday.
//   - "Friday next week" / "next week Friday" is that day of next week,
//     "Friday this week" that day of this week (Monday starts a week).
//   - "this weekend", "over the weekend" is the Sunday of ref's week (ref
//     itself on a Sunday); "this morning/afternoon/evening", "later today"
//     and "after the meeting" ("after our meeting", "after this call") are
//     ref's day.
//   - "end of day", "EOD" is the day itself; "EOW", "EOM", "EOY" are end of
//     week, month, year; "mid August", "mid-Aug", "middle of August" the 15th.
//   - "next week" is the Monday of next week; "this week" its Friday;
//     "next month" the first day of next month.
//   - "in 3 days", "in 2 weeks", "in a month", "two weeks from now".
//   - Through github.com/olebedev/when (its English weekday, casual date
//     and deadline rules, copied in whenen.go): "today", "tomorrow", "Friday" and "next Friday"
//     (both: the first Friday after ref, so "Friday" said on a Friday is
//     the week after), "this Friday", "within a week".
package deadline

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/olebedev/when/rules"
)

// Parse reads the first date in phrase against ref's date and location. The
// phrase may have free text around the date ("Kushal to have updates next
// week"). It returns ok=false when no date can be read.
func Parse(phrase string, ref time.Time) (date time.Time, ok bool) {
	d, _, _, ok := find(phrase, ref, false, true)
	return d, ok
}

// ParsePrefix reads a date at the very start of phrase (after blanks) and
// returns it with the number of bytes of phrase that the date used; ok is
// false when phrase does not start with a readable date ("the way",
// "bob"). Use it where a wrong date is worse than none.
func ParsePrefix(phrase string, ref time.Time) (date time.Time, n int, ok bool) {
	d, _, end, ok := find(phrase, ref, true, true)
	if !ok {
		return time.Time{}, 0, false
	}
	return d, end, true
}

// maxPhrase bounds the text the rules look at, so a huge line costs no more
// than a long sentence.
const maxPhrase = 512

// maxYears bounds how far from the reference a date may be: "in 9999
// weeks" is a joke or a typo, not a deadline.
const maxYears = 20

// match is one rule's reading of a phrase.
type match struct {
	start, end int
	date       time.Time
}

// find runs every rule on s and keeps the earliest match (the longest of
// those starting together; own rules win ties with when's). With prefix,
// only a match starting at the first non-blank byte counts. With bounded,
// dates more than maxYears from ref are refused.
func find(s string, ref time.Time, prefix, bounded bool) (date time.Time, start, end int, ok bool) {
	if len(s) > maxPhrase {
		s = s[:maxPhrase]
	}
	lead := len(s) - len(strings.TrimLeft(s, " \t"))
	day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())
	best := match{start: -1}
	consider := func(m match) {
		if prefix && m.start != lead {
			return
		}
		if best.start < 0 || m.start < best.start || (m.start == best.start && m.end > best.end) {
			best = m
		}
	}
	lower := asciiLower(s)
	hasMonth := false
	for _, m := range monthStems {
		if strings.Contains(lower, m) {
			hasMonth = true
			break
		}
	}
	for _, r := range ownRules() {
		if !r.applies(lower, hasMonth) {
			continue
		}
		for _, loc := range r.re.FindAllStringSubmatchIndex(s, 4) {
			if d, ok := r.read(submatches(s, loc), day); ok {
				consider(match{start: loc[0], end: loc[1], date: d})
				break
			}
		}
	}
	if whenMayRead(lower) {
		if m, ok := whenRead(s, day); ok {
			consider(m)
		}
	}
	if best.start < 0 || bounded && (best.date.Year() > day.Year()+maxYears || best.date.Year() < day.Year()-maxYears) {
		return time.Time{}, 0, 0, false
	}
	return best.date, best.start, best.end, true
}

func submatches(s string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = strings.ToLower(s[loc[2*i]:loc[2*i+1]])
		}
	}
	return out
}

// whenRules are olebedev/when's English rules that read dates without
// guessing: weekdays, casual dates, "in/within N units". Their regexps are
// compiled the first time a phrase needs them (not at start-up: commands
// that never read a deadline do not pay for them), then only read.
//
// gavel does not import when's root package, whose init builds parsers
// for four languages (about 1.6 MB of regexps), nor rules/en, whose init
// compiles all eight English rules: the three rules are copied in
// whenen.go, and whenParse does what its Parser.Parse does with them.
var whenRules = sync.OnceValue(func() []rules.Rule {
	return []rules.Rule{enWeekday(rules.Override), enCasualDate(rules.Override), enDeadline(rules.Override)}
})

// whenParse is olebedev/when's Parser.Parse (v1.1.0) over whenRules: it
// finds every rule's match, keeps the cluster of matches starting at the
// leftmost one (each within Distance of the previous), applies them in
// rule order and returns where the cluster is in s and the time it gives.
func whenParse(s string, base time.Time) (index int, text string, t time.Time, ok bool) {
	opt := rules.Options{Distance: 1, MatchByOrder: true}
	var matches []*rules.Match
	for i, r := range whenRules() {
		if m := r.Find(s); m != nil {
			m.Order = float64(i)
			matches = append(matches, m)
		}
	}
	if len(matches) == 0 {
		return -1, "", time.Time{}, false
	}
	sort.Sort(rules.MatchByIndex(matches))
	end := matches[0].Right
	index = matches[0].Left
	for i, m := range matches {
		if m.Left <= end+opt.Distance {
			end = m.Right
		} else {
			matches = matches[:i]
			break
		}
	}
	text = s[index:end]
	sort.Sort(rules.MatchByOrder(matches))
	ctx := &rules.Context{Text: text}
	applied := false
	for _, m := range matches {
		a, err := m.Apply(ctx, &opt, base)
		if err != nil {
			return -1, "", time.Time{}, false
		}
		applied = a || applied
	}
	if !applied {
		return -1, "", time.Time{}, false
	}
	t, err := ctx.Time(base)
	if err != nil {
		return -1, "", time.Time{}, false
	}
	return index, text, t, true
}

// whenMayRead is a cheap test that skips when's regexps on text none of
// its rules can match: weekday names, today/tonight/tomorrow/yesterday,
// and "in/within N units".
func whenMayRead(lower string) bool {
	for _, w := range [...]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun", "tod", "toni", "tom", "yest"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	if !strings.Contains(lower, "in") {
		return false
	}
	for _, w := range [...]string{"min", "hour", "day", "week", "month", "year", "sec"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// whenRead asks olebedev/when, never letting a panic in it escape.
func whenRead(s string, day time.Time) (m match, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	// when works at noon so that DST shifts cannot move the day.
	noon := day.Add(12 * time.Hour)
	index, text, when, ok := whenParse(s, noon)
	if !ok || index < 0 {
		return match{}, false
	}
	start, end := index, index+len(text)
	// when's patterns include the non-word byte before and after.
	for start < end && !isAlnum(s[start]) {
		start++
	}
	for end > start && !isAlnum(s[end-1]) {
		end--
	}
	if start >= end {
		return match{}, false
	}
	t := when.In(day.Location())
	return match{start: start, end: end, date: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, day.Location())}, true
}

func isAlnum(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b >= 0x80
}

// rule is one of the package's own date patterns.
type rule struct {
	// month: the pattern needs a month name; words: it needs one of these
	// (lower-case) substrings. Cheap tests that skip the regexp.
	month bool
	words []string
	re    *regexp.Regexp
	read  func(sub []string, day time.Time) (time.Time, bool)
}

// applies reports whether the rule can match the lower-cased text.
func (r *rule) applies(lower string, hasMonth bool) bool {
	if r.month && !hasMonth {
		return false
	}
	if len(r.words) == 0 {
		return true
	}
	for _, w := range r.words {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// monthStems are the first three letters of every month name.
var monthStems = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

const (
	monthPat   = `(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)`
	weekdayPat = `(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)`
	ordPat     = `(?:st|nd|rd|th)`
	numWords   = `(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// weekdays counts from Monday = 0.
var weekdays = map[string]int{
	"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
	"thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
	"sun": 6, "sunday": 6,
}

var numbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2,
	"third": 3, "fourth": 4, "fifth": 5,
}

func num(s string) (int, bool) {
	if n, ok := numbers[s]; ok {
		return n, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// Prepare compiles the deadline reader's patterns now; otherwise the first
// phrase read compiles them (about a millisecond). It is for a caller with
// a core to spare before it reads deadlines: gavel replay runs it beside
// reading its log. It is safe to call from several goroutines, any time.
func Prepare() {
	keywordRE()
	keywordAtRE()
	ownRules()
	whenRules()
}

// ownRules are tried on every phrase. Their regexps are compiled the first
// time a phrase is read, once (immutable afterwards), so that commands that
// never read a deadline do not pay for them at start-up.
var ownRules = sync.OnceValue(func() []rule {
	return []rule{
		{ // 2026-12-04, 2026/12/04
			words: []string{"-", "/"},
			re:    regexp.MustCompile(`\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				y, _ := strconv.Atoi(s[1])
				m, _ := strconv.Atoi(s[2])
				d, _ := strconv.Atoi(s[3])
				return exact(y, m, d, day.Location())
			},
		},
		{ // Oct 1st week, October 2nd week
			month: true, words: []string{"week"},
			re:   regexp.MustCompile(`(?i)\b` + monthPat + `\.?\s+(\d|first|second|third|fourth|fifth|last)` + ordPat + `?\s+week\b`),
			read: func(s []string, day time.Time) (time.Time, bool) { return nthWeek(s[1], s[2], day) },
		},
		{ // 1st week of October, last week of May
			month: true, words: []string{"week"},
			re:   regexp.MustCompile(`(?i)\b(?:the\s+)?(\d|first|second|third|fourth|fifth|last)` + ordPat + `?\s+week\s+(?:of|in)\s+` + monthPat + `\b`),
			read: func(s []string, day time.Time) (time.Time, bool) { return nthWeek(s[2], s[1], day) },
		},
		{ // Thursday Jul 21st, Aug 10, Dec 4, 2027
			month: true,
			re:    regexp.MustCompile(`(?i)\b(?:` + weekdayPat + `\.?,?\s+)?(?:the\s+)?` + monthPat + `\.?\s+(\d{1,2})` + ordPat + `?\b(?:,?\s+(\d{4})\b)?`),
			read:  func(s []string, day time.Time) (time.Time, bool) { return monthDay(s[1], s[2], s[3], day) },
		},
		{ // 31 Aug, 10th of August 2026, Thursday 21 July
			month: true,
			re:    regexp.MustCompile(`(?i)\b(?:` + weekdayPat + `\.?,?\s+)?(?:the\s+)?(\d{1,2})` + ordPat + `?\s+(?:of\s+)?` + monthPat + `\b\.?(?:,?\s+(\d{4})\b)?`),
			read:  func(s []string, day time.Time) (time.Time, bool) { return monthDay(s[2], s[1], s[3], day) },
		},
		{ // end of month, end of the week, end of next week, end of year, end of August
			words: []string{"end"},
			re:    regexp.MustCompile(`(?i)\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(this\s+|next\s+)?(week|month|year|` + monthPat[1:len(monthPat)-1] + `)\b`),
			read:  func(s []string, day time.Time) (time.Time, bool) { return endOf(strings.TrimSpace(s[1]), s[2], day) },
		},
		{ // Friday next week, next week Friday, Friday this week
			words: []string{"week"},
			re:    regexp.MustCompile(`(?i)\b(?:(` + weekdayPat[3:] + `\s+(?:of\s+)?(next|this)\s+week|(next|this)\s+week(?:\s+on)?\s+(` + weekdayPat[3:] + `)\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				wd, which := s[1], s[2]
				if wd == "" {
					wd, which = s[4], s[3]
				}
				n, ok := weekdays[wd]
				if !ok {
					return time.Time{}, false
				}
				monday := day.AddDate(0, 0, -weekdayMon0(day))
				if which == "next" {
					monday = monday.AddDate(0, 0, 7)
				}
				return monday.AddDate(0, 0, n), true
			},
		},
		{ // EOD, EOW, EOM, end of day, end of (the) day
			words: []string{"eo", "end"},
			re:    regexp.MustCompile(`(?i)\b(?:(eod|eow|eom|eoy)|end\s+of\s+(?:the\s+)?day)\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				switch s[1] {
				case "eow":
					return endOf("", "week", day)
				case "eom":
					return endOf("", "month", day)
				case "eoy":
					return endOf("", "year", day)
				}
				return day, true
			},
		},
		{ // this weekend, over the weekend: its Sunday; this afternoon, later today, after our meeting: the day
			words: []string{"weekend", "this", "later", "after"},
			re:    regexp.MustCompile(`(?i)\b(?:(?:this(?:\s+coming)?|over\s+the)\s+(weekend)|this\s+(?:morning|afternoon|evening)|later\s+today|after\s+(?:the|our|this|today['’]s)\s+(?:meeting|call))\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				if s[1] != "" {
					// The weekend of the meeting's week: its Sunday.
					return day.AddDate(0, 0, 6-weekdayMon0(day)), true
				}
				return day, true
			},
		},
		{ // mid August, mid-Aug, middle of August: the 15th
			month: true, words: []string{"mid"},
			re: regexp.MustCompile(`(?i)\b(?:mid-?|middle\s+of\s+)\s*` + monthPat + `\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				m, ok := months[s[1]]
				if !ok {
					return time.Time{}, false
				}
				return inYear(int(m), 15, day)
			},
		},
		{ // next week, this week, next month
			words: []string{"next", "this"},
			re:    regexp.MustCompile(`(?i)\b(next|this)\s+(week|month)\b`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				switch s[1] + " " + s[2] {
				case "next week":
					return day.AddDate(0, 0, 7-weekdayMon0(day)), true
				case "this week":
					return endOf("", "week", day)
				case "next month":
					return time.Date(day.Year(), day.Month()+1, 1, 0, 0, 0, 0, day.Location()), true
				}
				return endOf("", "month", day)
			},
		},
		{ // in 3 days, in 2 weeks, in a month, two weeks from now
			words: []string{"day", "week", "month"},
			re:    regexp.MustCompile(`(?i)\b(?:in\s+` + numWords + `|` + numWords + `)\s+(day|week|month)s?\b(\s+from\s+(?:now|today))?`),
			read: func(s []string, day time.Time) (time.Time, bool) {
				word := s[1]
				if word == "" {
					if s[4] == "" { // bare "2 weeks": not a date
						return time.Time{}, false
					}
					word = s[2]
				}
				n, ok := num(word)
				if !ok || n > 366 {
					return time.Time{}, false
				}
				switch s[3] {
				case "day":
					return day.AddDate(0, 0, n), true
				case "week":
					return day.AddDate(0, 0, 7*n), true
				}
				return addMonths(day, n), true
			},
		},
	}
})

// exact builds a date, refusing days that do not exist.
func exact(y, m, d int, loc *time.Location) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// rollOver is how far before the reference a month-day without a year may
// fall and still be read in the reference's year.
const rollOver = 60 * 24 * time.Hour

// monthDay reads a month name, a day and an optional year.
func monthDay(mon, dd, yyyy string, day time.Time) (time.Time, bool) {
	m, ok := months[strings.TrimSuffix(mon, ".")]
	if !ok {
		return time.Time{}, false
	}
	d, err := strconv.Atoi(dd)
	if err != nil {
		return time.Time{}, false
	}
	if yyyy != "" {
		y, _ := strconv.Atoi(yyyy)
		return exact(y, int(m), d, day.Location())
	}
	return inYear(int(m), d, day)
}

// inYear places month m, day d in day's year, or the next one when that is
// more than rollOver before day.
func inYear(m, d int, day time.Time) (time.Time, bool) {
	t, ok := exact(day.Year(), m, d, day.Location())
	if !ok {
		// Feb 29 in a common year: maybe next year... refuse instead.
		return time.Time{}, false
	}
	if day.Sub(t) > rollOver {
		return exact(day.Year()+1, m, d, day.Location())
	}
	return t, true
}

// nthWeek reads "the Nth week of month": the week's last day (day 7N), or
// the month's last day for "last" (and when 7N passes it).
func nthWeek(mon, nth string, day time.Time) (time.Time, bool) {
	m, ok := months[mon]
	if !ok {
		return time.Time{}, false
	}
	last := time.Date(day.Year(), m+1, 0, 0, 0, 0, 0, day.Location()).Day()
	d := last
	if nth != "last" {
		n, ok := num(nth)
		if !ok || n < 1 || n > 5 {
			return time.Time{}, false
		}
		d = min(7*n, last)
	}
	return inYear(int(m), d, day)
}

// weekdayMon0 is day's weekday counted from Monday = 0.
func weekdayMon0(day time.Time) int { return (int(day.Weekday()) + 6) % 7 }

// endOf reads "end of [this|next] week/month/year" and "end of August".
func endOf(which, unit string, day time.Time) (time.Time, bool) {
	switch unit {
	case "week":
		// Friday of this week; on Saturday or Sunday, the next Friday.
		wd := weekdayMon0(day)
		fri := day.AddDate(0, 0, 4-wd)
		if wd > 4 {
			fri = fri.AddDate(0, 0, 7)
		}
		if which == "next" {
			fri = fri.AddDate(0, 0, 7)
		}
		return fri, true
	case "month":
		mo := day.Month() + 1
		if which == "next" {
			mo++
		}
		return time.Date(day.Year(), mo, 0, 0, 0, 0, 0, day.Location()), true
	case "year":
		y := day.Year()
		if which == "next" {
			y++
		}
		return time.Date(y, 12, 31, 0, 0, 0, 0, day.Location()), true
	}
	if which != "" {
		return time.Time{}, false
	}
	m, ok := months[unit]
	if !ok {
		return time.Time{}, false
	}
	last := time.Date(day.Year(), m+1, 0, 0, 0, 0, 0, day.Location()).Day()
	return inYear(int(m), last, day)
}

// addMonths adds n months, clamping to the last day of the target month
// (Jan 31 + 1 month is Feb 28 or 29).
func addMonths(day time.Time, n int) time.Time {
	first := time.Date(day.Year(), day.Month()+time.Month(n), 1, 0, 0, 0, 0, day.Location())
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, day.Location()).Day()
	return time.Date(first.Year(), first.Month(), min(day.Day(), last), 0, 0, 0, 0, day.Location())
}
