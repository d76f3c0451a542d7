package publisher

import (
	"sort"
	"strconv"
	"time"
)

// The numbers behind the charts, counted from the build's records,
// digests and action items.

// burnMonths is how many months a burn-down chart covers (the current
// month and the ones before it).
const burnMonths = 12

// burndown counts, for each of the burnMonths months up to now, the
// action items opened and closed in that month and those open at its end.
// With series set, only that series' items count.
func burndown(actions []Action, series string, now time.Time) chart {
	first := burnStart(now)
	labels := make([]string, burnMonths)
	opened := make([]int, burnMonths)
	closed := make([]int, burnMonths)
	open := make([]int, burnMonths)
	month := func(t time.Time) int {
		t = t.UTC()
		return (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
	}
	for i := range labels {
		labels[i] = first.AddDate(0, i, 0).Format("2006-01")
	}
	any := false
	for i := range actions {
		a := &actions[i]
		if series != "" && a.Series != series {
			continue
		}
		any = true
		o := month(a.Created)
		if o >= 0 && o < burnMonths {
			opened[o]++
		}
		c := burnMonths // still open at the end of the window
		if !a.Open() {
			c = month(a.Closed)
			if c >= 0 && c < burnMonths {
				closed[c]++
			}
		}
		// Open at the end of months max(o,0) .. c-1.
		for m := max(o, 0); m < c && m < burnMonths; m++ {
			open[m]++
		}
	}
	if !any {
		return chart{}
	}
	return burnChart(series, labels, opened, closed, open)
}

// burnChart makes the burn-down chart of series from its counts by month.
func burnChart(series string, labels []string, opened, closed, open []int) chart {
	id := "burn"
	title := "Action items opened, closed and open at the end of each month"
	if series != "" {
		id += "-" + series
		title += ", " + series
	}
	// Months before the first activity say nothing: start at the first
	// month with an item open, opened or closed.
	skip := 0
	for skip < burnMonths-1 && opened[skip] == 0 && closed[skip] == 0 && open[skip] == 0 {
		skip++
	}
	labels, opened, closed, open = labels[skip:], opened[skip:], closed[skip:], open[skip:]
	return chart{ID: id, Title: title, Kind: lineChart, LabelTH: "Month", Labels: labels,
		Series: []chartSeries{{"opened", opened}, {"closed", closed}, {"open", open}}}
}

// attendanceShown is how many of a series' latest meetings its attendance
// chart shows.
const attendanceShown = 24

// attendance charts the people present at each of list's latest meetings.
func attendance(series string, list []*ref, dg map[string]digest) chart {
	if len(list) > attendanceShown {
		list = list[len(list)-attendanceShown:]
	}
	c := chart{ID: "att-" + series, Title: "People present at each of the latest meetings of " + series,
		Kind: barChart, LabelTH: "Meeting"}
	vals := make([]int, len(list))
	for i, r := range list {
		c.Labels = append(c.Labels, r.Date())
		vals[i] = dg[r.ID].People
	}
	c.Series = []chartSeries{{"people", vals}}
	return c
}

// ownersShown is how many owners the per-owner chart shows.
const ownersShown = 15

// ownerLoad charts the open and overdue items of the owners with the
// most open items.
func ownerLoad(rows []ownerRow) chart {
	type load struct {
		name          string
		open, overdue int
	}
	list := make([]*load, 0, len(rows))
	for _, r := range rows {
		list = append(list, &load{name: r.Owner, open: r.Open, overdue: r.Overdue})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].open != list[j].open {
			return list[i].open > list[j].open
		}
		return list[i].name < list[j].name
	})
	title := "Open and overdue action items per owner"
	if len(list) > ownersShown {
		title += " (the " + strconv.Itoa(ownersShown) + " with the most open items)"
		list = list[:ownersShown]
	}
	c := chart{ID: "owners", Title: title, Kind: hbarChart, LabelTH: "Owner"}
	open, overdue := make([]int, len(list)), make([]int, len(list))
	for i, l := range list {
		c.Labels = append(c.Labels, l.name)
		open[i], overdue[i] = l.open, l.overdue
	}
	c.Series = []chartSeries{{"open", open}, {"overdue", overdue}}
	return c
}

// burnStart is the first month a burn-down chart made at now covers.
func burnStart(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-burnMonths, 0)
}

// burnCounts are the burn-down counts of a group of items: how many, those
// opened and closed in each month, and the changes of the number open at
// the end of each month (open at month m is the sum of diff[0..m]).
type burnCounts struct {
	n              int
	opened, closed [burnMonths]int
	diff           [burnMonths + 1]int
}

// burnTally holds the burn-down counts of every item, site-wide and by
// series, for the window starting at first. The kept archive keeps it and
// adds or takes away the items that change (add, remove), so a publish
// does not count 20,000 items again for each chart; it equals a count
// from every item (burndown) for the same window.
type burnTally struct {
	first    time.Time
	all      burnCounts
	bySeries map[string]*burnCounts
}

// newBurnTally counts actions for the window starting at first.
func newBurnTally(actions []Action, first time.Time) *burnTally {
	t := &burnTally{first: first, bySeries: map[string]*burnCounts{}}
	for i := range actions {
		t.add(&actions[i], 1)
	}
	return t
}

// month is t's month's place in the window.
func (t *burnTally) month(at time.Time) int {
	at = at.UTC()
	return (at.Year()-t.first.Year())*12 + int(at.Month()) - int(t.first.Month())
}

// add counts item a (sign 1) or takes it away (sign -1).
func (t *burnTally) add(a *Action, sign int) {
	o := t.month(a.Created)
	c := burnMonths // still open at the end of the window
	if !a.Open() {
		c = t.month(a.Closed)
	}
	s := t.bySeries[a.Series]
	if s == nil {
		s = &burnCounts{}
		t.bySeries[a.Series] = s
	}
	for _, k := range [...]*burnCounts{&t.all, s} {
		k.n += sign
		if o >= 0 && o < burnMonths {
			k.opened[o] += sign
		}
		if !a.Open() && c >= 0 && c < burnMonths {
			k.closed[c] += sign
		}
		// Open at the end of months max(o,0) .. c-1.
		if lo, hi := max(o, 0), min(c, burnMonths); lo < hi {
			k.diff[lo] += sign
			k.diff[hi] -= sign
		}
	}
	if s.n == 0 {
		delete(t.bySeries, a.Series)
	}
}

// chart is the burn-down chart of series ("" for every item), as burndown
// makes it.
func (t *burnTally) chart(series string) chart {
	k := &t.all
	if series != "" {
		if k = t.bySeries[series]; k == nil {
			return chart{}
		}
	}
	if k.n == 0 {
		return chart{}
	}
	labels := make([]string, burnMonths)
	opened := make([]int, burnMonths)
	closed := make([]int, burnMonths)
	open := make([]int, burnMonths)
	run := 0
	for i := range labels {
		labels[i] = t.first.AddDate(0, i, 0).Format("2006-01")
		opened[i], closed[i] = k.opened[i], k.closed[i]
		run += k.diff[i]
		open[i] = run
	}
	return burnChart(series, labels, opened, closed, open)
}
