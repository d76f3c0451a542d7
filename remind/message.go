package remind

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/store"
)

// maxListed is how many items one message lists before "and N more".
const maxListed = 10

// maxText is how many characters of an item's text a line carries.
const maxText = 200

// helpLine tells owners how to answer.
const helpLine = "Reply to me privately: done ID | snooze ID 2d | due ID DATE | list"

// clip shortens s to n characters, with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// relDue says when date due is, seen from now in loc: "today", "tomorrow",
// "in 3 days", "1 day overdue", "12 days overdue".
func relDue(due Date, now time.Time, loc *time.Location) string {
	n := daysBetween(DateOf(now, loc), due)
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n > 1:
		return fmt.Sprintf("in %d days", n)
	case n == -1:
		return "1 day overdue"
	default:
		return fmt.Sprintf("%d days overdue", -n)
	}
}

// itemLine is one item in a reminder: "[a7] Book the hotel (due Fri 2026-08-14, in 7 days)".
func itemLine(a store.ActionRecord, now time.Time, loc *time.Location) string {
	s := "[" + a.ID + "] " + clip(a.Text, maxText)
	if d, err := ParseDate(a.Due); err == nil {
		wd := d.At(12, time.UTC).Weekday().String()[:3]
		s += fmt.Sprintf(" (due %s %s, %s)", wd, d, relDue(d, now, loc))
	} else if a.DueText != "" {
		s += " (due " + clip(a.DueText, 60) + ")"
	}
	return s
}

// reminderLines renders the reminder for person p about acts (not empty):
// one line for one item, else a header, one line per item and "and N more".
// The last line says how to answer.
func reminderLines(p Person, acts []store.ActionRecord, now time.Time) []string {
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	if len(acts) == 1 {
		return []string{"Reminder: " + itemLine(acts[0], now, loc), helpLine}
	}
	lines := []string{fmt.Sprintf("Reminder: %d of your action items need attention:", len(acts))}
	for i, a := range acts {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("… and %d more (reply: list)", len(acts)-maxListed))
			break
		}
		lines = append(lines, "  "+itemLine(a, now, loc))
	}
	return append(lines, helpLine)
}

// humanDuration says d the way people do: "10 minutes", "1 hour", "1h30m", "2 days".
func humanDuration(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d <= 0:
		return "now"
	case d%(24*time.Hour) == 0:
		return plural(int64(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	case d < time.Hour && d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	default:
		return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	}
}

// ownersOf formats an item's owners: "PJP, Saleem".
func ownersOf(a store.ActionRecord) string {
	if len(a.Owners) == 0 {
		return "nobody"
	}
	return strings.Join(a.Owners, ", ")
}
