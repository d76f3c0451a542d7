// Package sitepath owns the names gavel gives files and folders in a
// published site and in a folder of minutes: the minutes' file pattern
// (Expand, CheckPattern) and the one function that turns a name (a series,
// an owner, a tag) into a path component (Slug). It imports only the
// standard library, so the configuration, the minutes writers, the
// calendar feeds and the publisher can all use it.
package sitepath

import (
	"fmt"
	"strings"
	"time"
)

// DefaultPattern names the minutes files by series first: gavel's own
// layout, SERIES/YYYY-MM-DD/SERIES.YYYY-MM-DD-HH.MM.
const DefaultPattern = "{series}/{date}/{series}.{date}-{time}"

// DefaultLayout is the layout of DefaultPattern.
const DefaultLayout = "gavel"

// LayoutPattern returns the file pattern of a named archive layout, the
// conventions other tools read:
//   - "gavel": {series}/{date}/{series}.{date}-{time} (series first);
//   - "fedora": {channel}/{date}/{series}.{date}-{time}, as Fedora's zodbot
//     archive (meetbot.fedoraproject.org) lays it out: mote reads the first
//     folder as the channel;
//   - "openstack": {series}/{year}/{series}.{date}-{time}, as OpenStack's
//     eavesdrop archive;
//   - "meetbot": {channel}/{year}/{channel}.{date}-{time}, MeetBot's own
//     default (filename = channel/year/channel.date-time).
func LayoutPattern(name string) (string, error) {
	switch name {
	case "", DefaultLayout:
		return DefaultPattern, nil
	case "fedora":
		return "{channel}/{date}/{series}.{date}-{time}", nil
	case "openstack":
		return "{series}/{year}/{series}.{date}-{time}", nil
	case "meetbot":
		return "{channel}/{year}/{channel}.{date}-{time}", nil
	}
	return "", fmt.Errorf("layout %q: want one of %s", name, strings.Join(Layouts(), ", "))
}

// Layouts lists the names LayoutPattern knows.
func Layouts() []string { return []string{DefaultLayout, "fedora", "openstack", "meetbot"} }

// Fields are the values of a pattern's placeholders. Series, Channel and
// ID must already be path components (Slug's results); Start is the
// meeting's start.
type Fields struct {
	Series, Channel, ID string
	Start               time.Time
	// Local keeps Start's own zone for {date}, {time} and {year}: a
	// face-to-face meeting is filed under the date it was held on where
	// it was held (gavel notes --date), not under the UTC date.
	Local bool
}

// Expand fills pattern's placeholders ({series}, {channel}, {date} as
// YYYY-MM-DD, {time} as HH.MM, {year}, {id}; dates and times in UTC, or in
// Start's zone with Local) and
// returns the path, relative with '/' separators. It refuses an unknown
// placeholder and a result that would leave the output folder (absolute,
// or with an empty, '.' or '..' component).
func Expand(pattern string, f Fields) (string, error) {
	if pattern == "" {
		pattern = DefaultPattern
	}
	start := f.Start.UTC()
	if f.Local {
		start = f.Start
	}
	var b strings.Builder
	rest := pattern
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("minutes: file pattern %q: unclosed '{'", pattern)
		}
		name := rest[i+1 : i+j]
		switch name {
		case "series":
			b.WriteString(f.Series)
		case "channel":
			b.WriteString(f.Channel)
		case "date":
			b.WriteString(start.Format("2006-01-02"))
		case "time":
			b.WriteString(start.Format("15.04"))
		case "year":
			b.WriteString(start.Format("2006"))
		case "id":
			b.WriteString(f.ID)
		default:
			return "", fmt.Errorf("minutes: file pattern %q: unknown placeholder {%s} (want series, channel, date, time, year or id)", pattern, name)
		}
		rest = rest[i+j+1:]
	}
	p := b.String()
	if strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return "", fmt.Errorf("minutes: file pattern %q gives %q, which is not a relative path", pattern, p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return "", fmt.Errorf("minutes: file pattern %q gives %q, which has an empty, '.' or '..' component", pattern, p)
		}
	}
	return p, nil
}

// CheckPattern reports whether pattern is usable: known placeholders only,
// and every file it names stays inside the output folder. Placeholders
// expand to path components (no '/', never "." or ".."), so one sample
// proves it for every meeting.
func CheckPattern(pattern string) error {
	_, err := Expand(pattern, Fields{Series: "series", Channel: "channel", ID: "series.2026-01-02t030400z",
		Start: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)})
	return err
}
