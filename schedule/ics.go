package schedule

import (
	"fmt"
	"io"
	"slices"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/gavel-irc/gavel/internal/icsfold"
)

// Event is one scheduled meeting series in a calendar.
type Event struct {
	// UID is stable across publishes (for example "fudcon.fudcon-planning@host").
	UID string
	// Summary is the event's title, Description its text, URL a link
	// (the series page).
	Summary, Description, URL string
	// Rule is when it meets; Duration how long (an hour when zero).
	Rule     *Rule
	Duration time.Duration
}

// Calendar options.
type Calendar struct {
	// Name is the calendar's name (X-WR-CALNAME).
	Name string
	// Years is how many years of the zones' transitions each VTIMEZONE
	// lists after the earliest DTSTART (20 when zero).
	Years int
}

// WriteICS writes events as one RFC 5545 calendar: a VEVENT per event with
// DTSTART in its zone, RRULE, EXDATE for skipped dates, DURATION, and a
// VTIMEZONE per zone other than UTC. The output depends only on its input
// (DTSTAMP is the first meeting), so publishing twice writes the same bytes.
func WriteICS(w io.Writer, cal Calendar, events []Event) error {
	c := goical.NewCalendar()
	c.Props.SetText(goical.PropVersion, "2.0")
	c.Props.SetText(goical.PropProductID, "-//gavel//meeting schedule//EN")
	c.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	if cal.Name != "" {
		p := goical.NewProp("X-WR-CALNAME")
		p.Value = icsfold.Escape(cal.Name)
		c.Props.Set(p)
	}
	years := cal.Years
	if years <= 0 {
		years = 20
	}
	zones := map[string]*time.Location{}
	earliest := map[string]time.Time{}
	for _, e := range events {
		if e.Rule == nil {
			return fmt.Errorf("schedule: event %q has no rule", e.UID)
		}
		loc := e.Rule.Location()
		if loc.String() == "UTC" {
			continue
		}
		zones[loc.String()] = loc
		if t, ok := earliest[loc.String()]; !ok || e.Rule.Start().Before(t) {
			earliest[loc.String()] = e.Rule.Start()
		}
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		from := earliest[n].AddDate(-1, 0, 0)
		c.Children = append(c.Children, vtimezone(zones[n], from, from.AddDate(years+1, 0, 0)))
	}
	for _, e := range events {
		ev := goical.NewEvent()
		ev.Props.SetText(goical.PropUID, e.UID)
		start := e.Rule.Start()
		ev.Props.SetDateTime(goical.PropDateTimeStamp, start.UTC())
		setLocal(ev.Props, goical.PropDateTimeStart, start)
		d := e.Duration
		if d <= 0 {
			d = time.Hour
		}
		dur := goical.NewProp(goical.PropDuration)
		dur.SetDuration(d)
		ev.Props.Set(dur)
		rr := goical.NewProp(goical.PropRecurrenceRule)
		rr.SetValueType(goical.ValueRecurrence)
		rr.Value = e.Rule.RRule()
		ev.Props.Set(rr)
		for _, x := range e.Rule.ExDates() {
			p := goical.NewProp(goical.PropExceptionDates)
			setLocalProp(p, x)
			ev.Props.Add(p)
		}
		if e.Summary != "" {
			ev.Props.SetText(goical.PropSummary, e.Summary)
		}
		if e.Description != "" {
			ev.Props.SetText(goical.PropDescription, e.Description)
		}
		if e.URL != "" {
			p := goical.NewProp(goical.PropURL)
			p.SetValueType(goical.ValueURI)
			p.Value = e.URL
			ev.Props.Set(p)
		}
		c.Children = append(c.Children, ev.Component)
	}
	fw := icsfold.NewWriter(w)
	if err := goical.NewEncoder(fw).Encode(c); err != nil {
		return fmt.Errorf("schedule: writing the calendar %q: %w", cal.Name, err)
	}
	if err := fw.Flush(); err != nil {
		return fmt.Errorf("schedule: writing the calendar %q: %w", cal.Name, err)
	}
	return nil
}

// setLocal sets a DATE-TIME property in t's zone (TZID) or in UTC.
func setLocal(props goical.Props, name string, t time.Time) {
	p := goical.NewProp(name)
	setLocalProp(p, t)
	props.Set(p)
}

func setLocalProp(p *goical.Prop, t time.Time) {
	if t.Location().String() == "UTC" {
		p.SetDateTime(t.UTC())
		return
	}
	p.SetDateTime(t)
}

// transition is one change of a zone's offset.
type transition struct {
	at       time.Time // the instant
	from, to int       // offsets in seconds east of UTC
	name     string    // abbreviation after
	dst      bool      // daylight saving time after
}

// vtimezone describes loc from from to to with its real transitions (read
// from Go's zone data with ZoneBounds): one STANDARD or DAYLIGHT observance
// per kind of change, its first onset as DTSTART and the others as RDATE.
// The offset in force at from is an observance of its own, so every instant
// of the calendar is covered.
func vtimezone(loc *time.Location, from, to time.Time) *goical.Component {
	tz := goical.NewComponent(goical.CompTimezone)
	tz.Props.SetText(goical.PropTimezoneID, loc.String())
	t := from.In(loc)
	name0, off0 := t.Zone()
	ts := []transition{{at: t, from: off0, to: off0, name: name0, dst: t.IsDST()}}
	ts = append(ts, transitions(loc, t, to)...)
	type key struct {
		from, to int
		name     string
		dst      bool
	}
	var order []key
	groups := map[key]*goical.Component{}
	for _, tr := range ts {
		k := key{tr.from, tr.to, tr.name, tr.dst}
		// The onset is local time in the offset before the change (RFC 5545
		// 3.6.5), written without a zone.
		onset := tr.at.UTC().Add(time.Duration(tr.from) * time.Second).Format("20060102T150405")
		if g, ok := groups[k]; ok {
			p := goical.NewProp(goical.PropRecurrenceDates)
			p.SetValueType(goical.ValueDateTime)
			p.Value = onset
			g.Props.Add(p)
			continue
		}
		kind := goical.CompTimezoneStandard
		if tr.dst {
			kind = goical.CompTimezoneDaylight
		}
		g := goical.NewComponent(kind)
		p := goical.NewProp(goical.PropDateTimeStart)
		p.SetValueType(goical.ValueDateTime)
		p.Value = onset
		g.Props.Set(p)
		for name, off := range map[string]int{goical.PropTimezoneOffsetFrom: tr.from, goical.PropTimezoneOffsetTo: tr.to} {
			p := goical.NewProp(name)
			p.Value = utcOffset(off) // UTC-OFFSET is these properties' default type
			g.Props.Set(p)
		}
		g.Props.SetText(goical.PropTimezoneName, tr.name)
		groups[k] = g
		order = append(order, k)
	}
	for _, k := range order {
		tz.Children = append(tz.Children, groups[k])
	}
	return tz
}

// transitions lists loc's changes of offset, abbreviation or daylight time
// in [from, to). It probes day by day and bisects the day of a change to the
// second, rather than trusting time.Time.ZoneBounds, which (Go 1.26) stops
// advancing at some year ends past the zone data's last explicit transition.
func transitions(loc *time.Location, from, to time.Time) []transition {
	type zone struct {
		name string
		off  int
		dst  bool
	}
	at := func(t time.Time) zone {
		t = t.In(loc)
		n, o := t.Zone()
		return zone{n, o, t.IsDST()}
	}
	var out []transition
	prev := from
	pz := at(prev)
	for next := prev.Add(24 * time.Hour); prev.Before(to); next = prev.Add(24 * time.Hour) {
		nz := at(next)
		if nz == pz {
			prev = next
			continue
		}
		lo, hi := prev, next // pz at lo, something else at hi
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if at(mid) == pz {
				lo = mid
			} else {
				hi = mid
			}
		}
		hz := at(hi)
		if hi.Before(to) {
			out = append(out, transition{at: hi, from: pz.off, to: hz.off, name: hz.name, dst: hz.dst})
		}
		prev, pz = hi, hz
	}
	return out
}

// utcOffset formats seconds east of UTC as RFC 5545's UTC-OFFSET (+0530).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
