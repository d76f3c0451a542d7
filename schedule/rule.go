// Package schedule turns the [[schedule]] tables of the config into
// recurrence rules. The next meeting of a series (#nextmeeting, the site's
// home and series pages), the meeting announcements of remind/ and the
// site's meetings.ics all come from one Rule per schedule, so a calendar
// never disagrees with the bot.
//
// A Rule is built with rrule-go from a cron spec (with its CRON_TZ zone),
// an ISO week parity ("odd" or "even" weeks) and a list of skipped dates; the
// same rrule.Set answers Next and is written as RRULE and EXDATE, with a
// VTIMEZONE made from the zone's real transitions, so calendar programs
// follow daylight-saving changes.
package schedule

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/teambition/rrule-go"
)

// Weeks values: which ISO weeks a schedule runs in.
const (
	EveryWeek = ""
	OddWeeks  = "odd"
	EvenWeeks = "even"
)

// DefaultStart is the first day a schedule's rule counts from when its
// config gives no start: the calendar's DTSTART is the first occurrence on
// or after it (in the schedule's zone). A fixed day keeps meetings.ics the
// same from one publish to the next.
const DefaultStart = "2026-01-01"

// Spec is what a [[schedule]] says about when it meets.
type Spec struct {
	// Cron is the cron spec (minute hour day-of-month month day-of-week),
	// optionally prefixed by "CRON_TZ=Zone ".
	Cron string
	// Zone is the zone of a Cron without CRON_TZ (UTC when nil).
	Zone *time.Location
	// Weeks is EveryWeek, OddWeeks or EvenWeeks (ISO 8601 week numbers).
	Weeks string
	// Skip lists local dates ("2026-12-25") with no meeting.
	Skip []string
	// Start is the local date the rule counts from (DefaultStart if empty).
	Start string
}

// Rule is a parsed schedule: it implements cron.Schedule (Next), so remind/
// announces with the same rule the calendar shows.
type Rule struct {
	spec  Spec
	loc   *time.Location
	opt   rrule.ROption // Dtstart is the first occurrence
	set   *rrule.Set
	exdts []time.Time
}

// FieldError says which field of a schedule cannot be a calendar rule, with
// its value and why.
type FieldError struct {
	Field  string // "cron", "weeks", "skip" or "start"
	Value  string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason) }

func fieldErr(field, value, format string, args ...any) error {
	return &FieldError{Field: field, Value: value, Reason: fmt.Sprintf(format, args...)}
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// starBit is robfig/cron's mark of a field given as "*" or "?".
const starBit = 1 << 63

// Parse builds the Rule of s. Its errors say which part of the schedule
// cannot be a calendar rule and why.
func Parse(s Spec) (*Rule, error) {
	cronText := strings.TrimSpace(s.Cron)
	if !strings.HasPrefix(cronText, "CRON_TZ=") && !strings.HasPrefix(cronText, "TZ=") {
		zone := "UTC"
		if s.Zone != nil {
			zone = s.Zone.String()
		}
		cronText = "CRON_TZ=" + zone + " " + cronText
	}
	parsed, err := cronParser.Parse(cronText)
	if err != nil {
		return nil, fieldErr("cron", s.Cron, "%v", err)
	}
	spec, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, fieldErr("cron", s.Cron, "an @every interval is not a calendar schedule; use minute hour day month weekday")
	}
	if spec.Second != 1 {
		return nil, fieldErr("cron", s.Cron, "seconds are not supported")
	}
	opt := rrule.ROption{
		Wkst:     rrule.MO,
		Byminute: fieldValues(spec.Minute, 0, 59),
		Byhour:   fieldValues(spec.Hour, 0, 23),
		Bysecond: []int{0},
	}
	if months := fieldValues(spec.Month, 1, 12); len(months) < 12 {
		opt.Bymonth = months
	}
	domStar, dowStar := spec.Dom&starBit != 0, spec.Dow&starBit != 0
	days := fieldValues(spec.Dow, 0, 6)
	weekdays := make([]rrule.Weekday, len(days))
	for i, d := range days {
		weekdays[i] = rruleDay(time.Weekday(d))
	}
	switch s.Weeks {
	case EveryWeek:
	case OddWeeks, EvenWeeks:
		if dowStar || !domStar {
			return nil, fieldErr("weeks", s.Weeks, "needs a cron spec that names weekdays (last field) with * as the day of the month, not %q", s.Cron)
		}
	default:
		return nil, fieldErr("weeks", s.Weeks, `want "odd", "even" or nothing`)
	}
	switch {
	case !domStar && !dowStar:
		return nil, fieldErr("cron", s.Cron, "names both days of the month and weekdays (cron takes either): a calendar rule cannot say that; use one")
	case s.Weeks != EveryWeek:
		opt.Freq = rrule.YEARLY
		opt.Byweekday = weekdays
		first := 1
		if s.Weeks == EvenWeeks {
			first = 2
		}
		for w := first; w <= 53; w += 2 {
			opt.Byweekno = append(opt.Byweekno, w)
		}
	case !dowStar:
		opt.Freq = rrule.WEEKLY
		opt.Byweekday = weekdays
	case !domStar:
		opt.Freq = rrule.MONTHLY
		opt.Bymonthday = fieldValues(spec.Dom, 1, 31)
	default:
		opt.Freq = rrule.DAILY
	}
	loc := spec.Location
	startText := s.Start
	if startText == "" {
		startText = DefaultStart
	}
	startDay, err := time.ParseInLocation(time.DateOnly, startText, loc)
	if err != nil {
		return nil, fieldErr("start", s.Start, "want a date like 2026-01-09")
	}
	// The first occurrence on or after the start day becomes DTSTART, as
	// RFC 5545 wants (DTSTART is the first instance).
	opt.Dtstart = startDay
	probe, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, fieldErr("cron", s.Cron, "%v", err)
	}
	first := probe.After(startDay, true)
	if first.IsZero() {
		return nil, fieldErr("cron", s.Cron, "no meeting on or after %s", startText)
	}
	opt.Dtstart = first
	rule, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, fieldErr("cron", s.Cron, "%v", err)
	}
	set := &rrule.Set{}
	set.RRule(rule)
	r := &Rule{spec: s, loc: loc, opt: opt, set: set}
	for _, d := range s.Skip {
		day, err := time.ParseInLocation(time.DateOnly, d, loc)
		if err != nil {
			return nil, fieldErr("skip", d, "want a date like 2026-12-25")
		}
		for _, occ := range rule.Between(day, day.AddDate(0, 0, 1), true) {
			if occ.Before(day.AddDate(0, 0, 1)) {
				r.exdts = append(r.exdts, occ)
				set.ExDate(occ)
			}
		}
	}
	slices.SortFunc(r.exdts, func(a, b time.Time) int { return a.Compare(b) })
	return r, nil
}

// fieldValues lists the values set in a cron field's bits from lo to hi.
func fieldValues(field uint64, lo, hi int) []int {
	var out []int
	for f := field &^ starBit; f != 0; f &= f - 1 {
		if v := bits.TrailingZeros64(f); v >= lo && v <= hi {
			out = append(out, v)
		}
	}
	return out
}

// rruleDay maps Go's weekday (Sunday 0) to rrule-go's.
func rruleDay(d time.Weekday) rrule.Weekday {
	return [...]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[d]
}

// Next returns the first meeting strictly after t (zero if none): the
// cron.Schedule interface, so the announcer's cron runs on this rule.
func (r *Rule) Next(t time.Time) time.Time {
	n := r.set.After(t, false)
	if n.IsZero() {
		return n
	}
	return n.In(r.loc)
}

// Between returns the meetings in [from, to).
func (r *Rule) Between(from, to time.Time) []time.Time {
	out := r.set.Between(from, to, true)
	for len(out) > 0 && !out[len(out)-1].Before(to) {
		out = out[:len(out)-1]
	}
	return out
}

// Location is the rule's zone: the CRON_TZ of its spec, or the channel's.
func (r *Rule) Location() *time.Location { return r.loc }

// Start is the first meeting (the calendar's DTSTART).
func (r *Rule) Start() time.Time { return r.opt.Dtstart }

// RRule is the rule's RFC 5545 RRULE value, e.g.
// "FREQ=WEEKLY;WKST=MO;BYDAY=FR;BYHOUR=13;BYMINUTE=0;BYSECOND=0".
func (r *Rule) RRule() string {
	o := r.opt
	o.Dtstart = time.Time{}
	return o.RRuleString()
}

// ExDates are the skipped meetings, in time order.
func (r *Rule) ExDates() []time.Time { return slices.Clone(r.exdts) }

// Spec returns what the rule was parsed from.
func (r *Rule) Spec() Spec { return r.spec }

var _ cron.Schedule = (*Rule)(nil)

// When formats a meeting time in UTC and, when it differs, in loc:
// "Fri 2026-08-14 13:00 UTC (18:30 IST)". The announcements, #nextmeeting
// and the site's plain-text times all use it.
func When(t time.Time, loc *time.Location) string {
	s := t.UTC().Format("Mon 2006-01-02 15:04 MST")
	if loc != nil && loc.String() != "UTC" {
		s += " (" + t.In(loc).Format("15:04 MST") + ")"
	}
	return s
}

// Until says how far t is from now in words: "in 3 days", "in 5 hours",
// "in 20 minutes", "now".
func Until(now, t time.Time) string {
	d := t.Sub(now)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "in 1 " + unit
	}
	return fmt.Sprintf("in %d %ss", n, unit)
}
