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
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// FileName is the name of the site-wide feed.
const FileName = "actions.ics"

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
	bw := bufio.NewWriter(w)
	lw := &lineWriter{w: bw}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.line("PRODID:-//gavel//gavel action items//EN")
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:PUBLISH")
	if opt.Name != "" {
		lw.line("X-WR-CALNAME:" + Escape(opt.Name))
	}
	for _, a := range sel {
		due, _ := time.Parse("2006-01-02", a.Due)
		stamp := a.Updated
		if stamp.IsZero() {
			stamp = a.Created
		}
		comp := "VEVENT"
		if opt.Todo {
			comp = "VTODO"
		}
		lw.line("BEGIN:" + comp)
		lw.line("UID:" + Escape(a.ID+"@"+host))
		lw.line("DTSTAMP:" + utcStamp(stamp))
		if !a.Created.IsZero() {
			lw.line("CREATED:" + utcStamp(a.Created))
		}
		lw.line("LAST-MODIFIED:" + utcStamp(stamp))
		lw.line("SEQUENCE:" + strconv.Itoa(len(a.History)))
		if opt.Todo {
			lw.line("DUE;VALUE=DATE:" + due.Format("20060102"))
			lw.line("STATUS:NEEDS-ACTION")
		} else {
			lw.line("DTSTART;VALUE=DATE:" + due.Format("20060102"))
			lw.line("DTEND;VALUE=DATE:" + due.AddDate(0, 0, 1).Format("20060102"))
			lw.line("TRANSP:TRANSPARENT")
		}
		summary := a.Text
		if len(a.Owners) > 0 {
			summary += " (" + strings.Join(a.Owners, ", ") + ")"
		}
		lw.line("SUMMARY:" + Escape(summary))
		lw.line("DESCRIPTION:" + Escape(description(a)))
		if a.Series != "" {
			lw.line("CATEGORIES:" + Escape(a.Series))
		}
		if opt.URL != "" {
			lw.line("URL:" + opt.URL + "#" + a.ID)
		}
		lw.line("END:" + comp)
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return fmt.Errorf("ical: %w", lw.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	return nil
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

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape escapes s as an iCalendar TEXT value: backslash, semicolon, comma
// and newline (RFC 5545 3.3.11); other control characters are dropped.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
		case r < 0x20 || r == 0x7f:
			// CONTROL characters are not allowed in TEXT.
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineWriter writes content lines folded at 75 octets, CRLF-terminated.
type lineWriter struct {
	w   *bufio.Writer
	err error
}

// maxOctets is the longest line RFC 5545 allows, without the CRLF.
const maxOctets = 75

func (l *lineWriter) line(s string) {
	if l.err != nil {
		return
	}
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		_, l.err = l.w.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	if l.err == nil {
		_, l.err = l.w.WriteString(s + "\r\n")
	}
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

// OwnerSlug is an owner's name as a file name: lower case, letters and
// digits, other runs of characters as one '-' ("Kushal Das" is
// "kushal-das"); "owner" when nothing is left.
func OwnerSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "owner"
	}
	return b.String()
}

// WriteFeeds writes the site-wide feed dir/actions.ics and one feed per
// owner, dir/actions/<OwnerSlug>.ics, and returns the files written
// (relative to dir), sorted. Owners whose slugs collide share a file.
func WriteFeeds(dir string, items []store.ActionRecord, opt Options) ([]string, error) {
	files := map[string][]store.ActionRecord{FileName: items}
	names := map[string]string{FileName: opt.Name}
	for o, its := range ByOwner(items) {
		f := filepath.Join("actions", OwnerSlug(o)+".ics")
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
