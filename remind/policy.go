package remind

import (
	"fmt"
	"sort"
	"time"

	"github.com/gavel-irc/gavel/config"
)

// Policy says when an owner is pinged about a deadline. All its hours are
// local hours in the owner's time zone.
type Policy struct {
	// Before lists how long before the deadline to ping (7d, 1d, 0d).
	// Whole days are counted on the calendar, so "7d before" stays at Hour
	// local time across a daylight-saving change; any remainder below a day
	// is subtracted as elapsed time.
	Before []time.Duration
	// OverdueEvery is how often to ping after the deadline, for OverdueFor.
	OverdueEvery time.Duration
	OverdueFor   time.Duration
	// Hour is the local hour of the deadline day the pings are anchored at.
	Hour int
	// QuietStart and QuietEnd bound the quiet hours [QuietStart, QuietEnd)
	// (wrapping past midnight when QuietStart > QuietEnd; none when equal).
	// A ping that falls in them is delayed to QuietEnd.
	QuietStart, QuietEnd int
}

// PolicyFrom builds the policy of the [remind] table (defaults applied by
// the config package).
func PolicyFrom(r config.Remind) Policy {
	p := Policy{OverdueEvery: r.OverdueEvery.Duration, OverdueFor: r.OverdueFor.Duration,
		Hour: r.Hour, QuietStart: r.QuietStart, QuietEnd: r.QuietEnd}
	for _, b := range r.Before {
		p.Before = append(p.Before, b.Duration)
	}
	return p
}

// Date is a calendar date without a zone: the "YYYY-MM-DD" of a due date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("remind: bad due date %q: want YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// At returns the instant of local hour h on d in loc. A wall time that does
// not exist (the spring-forward gap) becomes the first instant after the
// gap (02:00 on a New York spring-forward day is 03:00 EDT), and one that
// exists twice (the fall-back hour) is the first of the two, so every date
// has exactly one instant.
func (d Date) At(h int, loc *time.Location) time.Time {
	return wall(d.Year, d.Month, d.Day, h, loc)
}

// wall is time.Date at hour h, with a time in a gap moved past the gap:
// time.Date itself normalises 02:00 in New York's gap to 01:00 EST, which
// would move a reminder earlier, into what may be quiet hours.
func wall(y int, m time.Month, d, h int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, h, 0, 0, 0, loc)
	want := time.Date(y, m, d, h, 0, 0, 0, time.UTC) // the wall clock asked for
	for i := 0; i < 8; i++ {
		lt := t.In(loc)
		got := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), 0, 0, time.UTC)
		if !got.Before(want) {
			break
		}
		t = t.Add(15 * time.Minute)
	}
	return t
}

// DateOf returns the calendar date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, dd := t.In(loc).Date()
	return Date{y, m, dd}
}

// daysBetween returns b - a in calendar days.
func daysBetween(a, b Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Round(24*time.Hour) / (24 * time.Hour))
}

const day = 24 * time.Hour

// shift returns the instant delta after local Hour of d in loc: whole days
// on the calendar, the rest as elapsed time.
func (p Policy) shift(d Date, loc *time.Location, delta time.Duration) time.Time {
	days := int(delta / day)
	rest := delta % day
	return wall(d.Year, d.Month, d.Day+days, p.Hour, loc).Add(rest)
}

// quiet reports whether local hour h is a quiet hour.
func (p Policy) quiet(h int) bool {
	switch {
	case p.QuietStart == p.QuietEnd:
		return false
	case p.QuietStart < p.QuietEnd:
		return h >= p.QuietStart && h < p.QuietEnd
	default:
		return h >= p.QuietStart || h < p.QuietEnd
	}
}

// unquiet delays t, if it falls in quiet hours in loc, to the next QuietEnd.
func (p Policy) unquiet(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	if !p.quiet(lt.Hour()) {
		return t
	}
	y, m, d := lt.Date()
	end := wall(y, m, d, p.QuietEnd, loc)
	if !end.After(t) {
		end = wall(y, m, d+1, p.QuietEnd, loc)
	}
	return end
}

// Kind says which rule made a reminder instant.
type Kind int

// The kinds of reminder instants.
const (
	// KindBefore is a ping before (or on) the deadline.
	KindBefore Kind = iota
	// KindOverdue is a ping after the deadline.
	KindOverdue
	// KindSnooze is the ping at the end of a snooze.
	KindSnooze
)

// Instants returns, in ascending order and without duplicates, the instants
// an owner in loc is pinged about an item due on due: each Before, then
// every OverdueEvery for OverdueFor, all moved out of quiet hours. Instants
// before snoozed (when not zero) are dropped, and snoozed itself is added
// when it is not before the first instant.
func (p Policy) Instants(due Date, loc *time.Location, snoozed time.Time) []time.Time {
	return p.appendInstants(nil, due, loc, snoozed)
}

func (p Policy) appendInstants(out []time.Time, due Date, loc *time.Location, snoozed time.Time) []time.Time {
	start := len(out)
	var first time.Time // the earliest instant, snoozed or not
	add := func(t time.Time) {
		t = p.unquiet(t, loc)
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if !snoozed.IsZero() && t.Before(snoozed) {
			return
		}
		out = append(out, t)
	}
	for _, b := range p.Before {
		add(p.shift(due, loc, -b))
	}
	if p.OverdueEvery > 0 {
		for k := p.OverdueEvery; k <= p.OverdueFor; k += p.OverdueEvery {
			add(p.shift(due, loc, k))
		}
	}
	// The end of a snooze is pinged only inside the item's reminder
	// window, so an item whose first reminder is still ahead needs no
	// look (and a sweep can skip items due far in the future).
	if !snoozed.IsZero() && !snoozed.Before(first) {
		add(snoozed)
	}
	s := out[start:]
	sort.Slice(s, func(i, j int) bool { return s[i].Before(s[j]) })
	// drop duplicates (two rules landing on one instant after unquiet)
	w := start
	for i := start; i < len(out); i++ {
		if i > start && out[i].Equal(out[w-1]) {
			continue
		}
		out[w] = out[i]
		w++
	}
	return out[:w]
}

// Latest returns the latest instant of Instants that is not after now, and
// false when there is none. The final instant stays current for
// OverdueEvery (at least a day) and then expires, so an item long past its
// last reminder is not pinged again when it first appears.
func (p Policy) Latest(due Date, loc *time.Location, snoozed, now time.Time) (time.Time, bool) {
	if snoozed.IsZero() {
		// Cheap bounds first: no zone is more than a day off UTC and quiet
		// hours delay by less than a day, so an item is outside its window
		// when now is more than two days beyond them.
		mid := time.Date(due.Year, due.Month, due.Day, 0, 0, 0, 0, time.UTC)
		var maxBefore, maxAfter time.Duration
		for _, b := range p.Before {
			maxBefore, maxAfter = max(maxBefore, b), max(maxAfter, -b)
		}
		if now.Before(mid.Add(-maxBefore - 2*day)) {
			return time.Time{}, false
		}
		if now.After(mid.Add(max(p.OverdueFor, maxAfter) + max(p.OverdueEvery, day) + 3*day)) {
			return time.Time{}, false
		}
	}
	var buf [32]time.Time
	in := p.appendInstants(buf[:0], due, loc, snoozed)
	i := sort.Search(len(in), func(i int) bool { return in[i].After(now) })
	if i == 0 {
		return time.Time{}, false
	}
	latest := in[i-1]
	if i == len(in) {
		window := p.OverdueEvery
		if window < day {
			window = day
		}
		if now.Sub(latest) > window {
			return time.Time{}, false
		}
	}
	return latest, true
}
