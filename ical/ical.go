// Package ical writes the iCalendar (RFC 5545) feed of open action-item
// deadlines: one all-day VEVENT (or VTODO) per open item with a readable
// due date, for owners' calendars. The output is reproducible: UIDs are
// "<id>@<host>", DTSTAMP and LAST-MODIFIED come from the item's Updated
// time (not the clock), and items are sorted by due date and id. Lines end
// with CRLF and are folded at 75 octets without splitting a UTF-8
// character; TEXT values are escaped.
package ical

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/gavel-irc/gavel/internal/icsfold"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/store"
)

// Options configure WriteICS.
type Options struct {
	// Host makes the UIDs ("a12@minutes.example.org"); "gavel" when empty.
	Host string
	// Name is the calendar's name (X-WR-CALNAME), e.g. "Action items".
	Name string
	// URL, when set, is each item's link: URL + "#" + id (for example the
	// site's actions page).
	URL string
	// Todo writes VTODO components with DUE instead of all-day VEVENTs.
	// Many calendar programs (Google Calendar among them) show only
	// events, so events are the default.
	Todo bool
}

// HostFromURL is the UID host for a site whose base URL is baseURL: the
// URL's host name without port, or "gavel" when baseURL is empty or has
// none. The publisher and `gavel actions` both use it, so a feed written by
// either has the same UIDs.
func HostFromURL(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "gavel"
}

// FileName is the name of the site-wide feed and of each owner's.
const FileName = sitepath.CalendarFile

// WriteICS writes the calendar of items' open deadlines to w. Items that
// are not open, or have no due date (or one that could not be read), are
// left out.
func WriteICS(w io.Writer, items []store.ActionRecord, opt Options) error {
	host := opt.Host
	if host == "" {
		host = "gavel"
	}
	var sel []store.ActionRecord
	for _, a := range items {
		if (a.Status == store.StatusOpen || a.Status == "") && a.Due != "" && !a.DueUnread {
			if _, err := time.Parse("2006-01-02", a.Due); err == nil {
				sel = append(sel, a)
			}
		}
	}
	sort.SliceStable(sel, func(i, j int) bool {
		if sel[i].Due != sel[j].Due {
			return sel[i].Due < sel[j].Due
		}
		if len(sel[i].ID) != len(sel[j].ID) {
			return len(sel[i].ID) < len(sel[j].ID)
		}
		return sel[i].ID < sel[j].ID
	})
	cal := goical.NewCalendar()
	// TEXT values through icsfold.Escape, which also drops control characters
	// (go-ical's SetText keeps them).
	text := func(props goical.Props, name, value string) {
		p := goical.NewProp(name)
		p.Value = icsfold.Escape(value)
		props.Set(p)
	}
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//gavel//gavel action items//EN")
	cal.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(goical.PropMethod, "PUBLISH")
	if opt.Name != "" {
		text(cal.Props, "X-WR-CALNAME", opt.Name)
	}
	for _, a := range sel {
		due, _ := time.Parse("2006-01-02", a.Due)
		stamp := a.Updated
		if stamp.IsZero() {
			stamp = a.Created
		}
		comp := goical.NewComponent(goical.CompEvent)
		if opt.Todo {
			comp = goical.NewComponent(goical.CompToDo)
		}
		text(comp.Props, goical.PropUID, a.ID+"@"+host)
		comp.Props.SetDateTime(goical.PropDateTimeStamp, stamp.UTC())
		if !a.Created.IsZero() {
			comp.Props.SetDateTime(goical.PropCreated, a.Created.UTC())
		}
		comp.Props.SetDateTime(goical.PropLastModified, stamp.UTC())
		seq := goical.NewProp(goical.PropSequence)
		seq.Value = strconv.Itoa(len(a.History))
		comp.Props.Set(seq)
		if opt.Todo {
			comp.Props.SetDate(goical.PropDue, due)
			comp.Props.SetText(goical.PropStatus, "NEEDS-ACTION")
		} else {
			comp.Props.SetDate(goical.PropDateTimeStart, due)
			comp.Props.SetDate(goical.PropDateTimeEnd, due.AddDate(0, 0, 1))
			comp.Props.SetText(goical.PropTransparency, "TRANSPARENT")
		}
		summary := a.Text
		if len(a.Owners) > 0 {
			summary += " (" + strings.Join(a.Owners, ", ") + ")"
		}
		text(comp.Props, goical.PropSummary, summary)
		text(comp.Props, goical.PropDescription, description(a))
		if a.Series != "" {
			text(comp.Props, goical.PropCategories, a.Series)
		}
		if opt.URL != "" {
			u := goical.NewProp(goical.PropURL)
			u.Value = opt.URL + "#" + a.ID
			comp.Props.Set(u)
		}
		cal.Children = append(cal.Children, comp)
	}
	if len(cal.Children) == 0 {
		// RFC 5545 wants at least one component (go-ical refuses an empty
		// calendar): a feed with nothing due holds only the UTC zone.
		cal.Children = append(cal.Children, utcZone())
	}
	fw := icsfold.NewWriter(w)
	if err := goical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	if err := fw.Flush(); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	return nil
}

// utcZone is a VTIMEZONE for UTC, the component of an otherwise empty feed.
func utcZone() *goical.Component {
	tz := goical.NewComponent(goical.CompTimezone)
	tz.Props.SetText(goical.PropTimezoneID, "UTC")
	std := goical.NewComponent(goical.CompTimezoneStandard)
	for name, v := range map[string]string{goical.PropDateTimeStart: "19700101T000000",
		goical.PropTimezoneOffsetFrom: "+0000", goical.PropTimezoneOffsetTo: "+0000", goical.PropTimezoneName: "UTC"} {
		p := goical.NewProp(name)
		p.Value = v
		std.Props.Set(p)
	}
	tz.Children = append(tz.Children, std)
	return tz
}

func description(a store.ActionRecord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Action item %s", a.ID)
	if a.Series != "" {
		fmt.Fprintf(&b, " (%s)", a.Series)
	}
	b.WriteString(": " + a.Text + "\n")
	if len(a.Owners) > 0 {
		b.WriteString("Owners: " + strings.Join(a.Owners, ", ") + "\n")
	}
	b.WriteString("Due: " + a.Due)
	if a.DueText != "" {
		b.WriteString(" (as written: " + a.DueText + ")")
	}
	if len(a.Meetings) > 0 {
		b.WriteString("\nMeetings: " + strings.Join(a.Meetings, ", "))
	}
	return b.String()
}

// ByOwner groups items by owner (as written in the records), for the
// per-owner feeds.
func ByOwner(items []store.ActionRecord) map[string][]store.ActionRecord {
	out := map[string][]store.ActionRecord{}
	for _, a := range items {
		seen := map[string]bool{}
		for _, o := range a.Owners {
			if o == "" || seen[strings.ToLower(o)] {
				continue
			}
			seen[strings.ToLower(o)] = true
			out[o] = append(out[o], a)
		}
	}
	return out
}

// WriteFeeds writes the site-wide feed dir/actions.ics and one feed per
// owner, dir/actions/<sitepath.Slug(owner)>/actions.ics (the published
// site's layout), and returns the files written (relative to dir), sorted.
// Owners whose names differ only in case share a file.
func WriteFeeds(dir string, items []store.ActionRecord, opt Options) ([]string, error) {
	files := map[string][]store.ActionRecord{FileName: items}
	names := map[string]string{FileName: opt.Name}
	for o, its := range ByOwner(items) {
		f := filepath.Join(sitepath.ActionsDir, sitepath.Slug(o), FileName)
		files[f] = append(files[f], its...)
		names[f] = strings.TrimSpace(opt.Name + " — " + o)
	}
	var out []string
	for f := range files {
		out = append(out, f)
	}
	sort.Strings(out)
	for _, f := range out {
		o := opt
		o.Name = names[f]
		if err := writeFile(filepath.Join(dir, f), dedupe(files[f]), o); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func dedupe(items []store.ActionRecord) []store.ActionRecord {
	seen := map[string]bool{}
	var out []store.ActionRecord
	for _, a := range items {
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}

// writeFile writes the feed to path atomically (a temporary file renamed).
func writeFile(path string, items []store.ActionRecord, opt Options) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ics-*")
	if err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := WriteICS(tmp, items, opt); err != nil {
		tmp.Close()
		return fmt.Errorf("ical %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("ical %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("ical %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("ical %s: %w", path, err)
	}
	return nil
}
