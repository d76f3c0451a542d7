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
	now = now.UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-burnMonths, 0)
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
	id := "burn"
	title := "Action items opened, closed and open at the end of each month"
	if series != "" {
		id += "-" + series
		title += ", " + series
	}
	if !any {
		return chart{}
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
