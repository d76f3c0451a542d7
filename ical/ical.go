// Package ical writes the iCalendar (RFC 5545) feed of open action-item
// deadlines: one all-day VEVENT (or VTODO) per open item with a readable
// due date, for owners' calendars. The output is reproducible: UIDs are
// "<id>@<host>", DTSTAMP and LAST-MODIFIED come from the item's Updated
// time (not the clock), and items are sorted by due date and id. Lines end
// with CRLF and are folded at 75 octets without splitting a UTF-8
// character; TEXT values are escaped.
package ical

import (
	"bufio"
	"bytes"
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

	"github.com/gavel-irc/gavel/internal/atomicfile"
	"github.com/gavel-irc/gavel/internal/icsfold"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/usertext"
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
	// ItemURL, when set, gives each item's link instead of URL (the
	// published site's page of the item).
	ItemURL func(id string) string
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

// InFeed reports whether item a has an event in the feeds: it is open and
// has a readable due date.
func InFeed(a *store.ActionRecord) bool {
	if (a.Status != store.StatusOpen && a.Status != "") || a.Due == "" || a.DueUnread {
		return false
	}
	_, err := time.Parse("2006-01-02", a.Due)
	return err == nil
}

// Less is the order of the events in a feed: by due date, then id (shorter
// ids first, so a9 comes before a10).
func Less(a, b *store.ActionRecord) bool {
	if a.Due != b.Due {
		return a.Due < b.Due
	}
	if len(a.ID) != len(b.ID) {
		return len(a.ID) < len(b.ID)
	}
	return a.ID < b.ID
}

// WriteICS writes the calendar of items' open deadlines to w. Items that
// are not open, or have no due date (or one that could not be read), are
// left out.
func WriteICS(w io.Writer, items []store.ActionRecord, opt Options) error {
	var sel []*store.ActionRecord
	for i := range items {
		if InFeed(&items[i]) {
			sel = append(sel, &items[i])
		}
	}
	sort.SliceStable(sel, func(i, j int) bool { return Less(sel[i], sel[j]) })
	events := make([][]byte, len(sel))
	for i, a := range sel {
		ev, err := Event(a, opt)
		if err != nil {
			return err
		}
		events[i] = ev
	}
	return WriteEvents(w, events, opt)
}

// text sets the TEXT property name through icsfold.Escape, which also drops
// control characters (go-ical's SetText keeps them).
func text(props goical.Props, name, value string) {
	p := goical.NewProp(name)
	p.Value = icsfold.Escape(value)
	props.Set(p)
}

// calendar is an empty calendar with the feed's properties.
func calendar(opt Options) *goical.Calendar {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//gavel//gavel action items//EN")
	cal.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(goical.PropMethod, "PUBLISH")
	if opt.Name != "" {
		text(cal.Props, "X-WR-CALNAME", opt.Name)
	}
	return cal
}

// encode writes cal folded.
func encode(w io.Writer, cal *goical.Calendar) error {
	fw := icsfold.NewWriter(w)
	if err := goical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	if err := fw.Flush(); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	return nil
}

const calendarEnd = "END:VCALENDAR\r\n"

// Event returns the encoded component (folded content lines, CRLF) of item
// a's deadline as it appears in a feed written with opt: what WriteEvents
// takes, so that a long-lived caller can keep each item's event and encode
// again only the items that changed. The caller checks InFeed(a) first.
func Event(a *store.ActionRecord, opt Options) ([]byte, error) {
	host := opt.Host
	if host == "" {
		host = "gavel"
	}
	due, err := time.Parse("2006-01-02", a.Due)
	if err != nil {
		return nil, fmt.Errorf("ical: item %s: due date %q: %w", a.ID, a.Due, err)
	}
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
	summary := usertext.Clean(a.Text)
	if len(a.Owners) > 0 {
		summary += " (" + cleanJoin(a.Owners) + ")"
	}
	text(comp.Props, goical.PropSummary, summary)
	text(comp.Props, goical.PropDescription, description(*a))
	if a.Series != "" {
		text(comp.Props, goical.PropCategories, a.Series)
	}
	link := ""
	switch {
	case opt.ItemURL != nil:
		link = opt.ItemURL(a.ID)
	case opt.URL != "":
		link = opt.URL + "#" + a.ID
	}
	if link != "" {
		u := goical.NewProp(goical.PropURL)
		u.Value = link
		comp.Props.Set(u)
	}
	// The component is encoded inside a bare calendar (go-ical encodes
	// whole calendars only) and cut out of it at its BEGIN line.
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-")
	cal.Children = append(cal.Children, comp)
	var buf bytes.Buffer
	if err := encode(&buf, cal); err != nil {
		return nil, fmt.Errorf("ical: item %s: %w", a.ID, err)
	}
	out := buf.Bytes()
	i := bytes.Index(out, []byte("\r\nBEGIN:"+comp.Name+"\r\n"))
	if i < 0 || !bytes.HasSuffix(out, []byte(calendarEnd)) {
		return nil, fmt.Errorf("ical: item %s: unexpected encoding", a.ID)
	}
	return out[i+2 : len(out)-len(calendarEnd)], nil
}

// WriteEvents writes a feed (named by opt.Name) of events made by Event, in
// the order given.
func WriteEvents(w io.Writer, events [][]byte, opt Options) error {
	cal := calendar(opt)
	// RFC 5545 wants at least one component (go-ical refuses an empty
	// calendar): a feed with nothing due holds only the UTC zone, and the
	// zone marks where the events go in a feed that has some.
	cal.Children = append(cal.Children, utcZone())
	var buf bytes.Buffer
	if err := encode(&buf, cal); err != nil {
		return err
	}
	frame := buf.Bytes()
	if len(events) == 0 {
		_, err := w.Write(frame)
		return err
	}
	i := bytes.Index(frame, []byte("\r\nBEGIN:VTIMEZONE\r\n"))
	if i < 0 || !bytes.HasSuffix(frame, []byte(calendarEnd)) {
		return fmt.Errorf("ical: unexpected encoding of the calendar")
	}
	bw := bufio.NewWriter(w)
	bw.Write(frame[:i+2])
	for _, ev := range events {
		bw.Write(ev)
	}
	bw.WriteString(calendarEnd)
	if err := bw.Flush(); err != nil {
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

// cleanJoin joins names people typed, each through usertext.Clean (an
// override in one name cannot run on into the next).
func cleanJoin(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = usertext.Clean(n)
	}
	return strings.Join(out, ", ")
}

func description(a store.ActionRecord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Action item %s", a.ID)
	if a.Series != "" {
		fmt.Fprintf(&b, " (%s)", a.Series)
	}
	b.WriteString(": " + usertext.Clean(a.Text) + "\n")
	if len(a.Owners) > 0 {
		b.WriteString("Owners: " + cleanJoin(a.Owners) + "\n")
	}
	b.WriteString("Due: " + a.Due)
	if a.DueText != "" {
		b.WriteString(" (as written: " + usertext.Clean(a.DueText) + ")")
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

// writeFile writes the feed to path atomically and durably (atomicfile).
func writeFile(path string, items []store.ActionRecord, opt Options) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	err := atomicfile.WriteWith(path, 0o644, func(w io.Writer) error {
		return WriteICS(w, items, opt)
	}, nil)
	if err != nil {
		return fmt.Errorf("ical %s: %w", path, err)
	}
	return nil
}
