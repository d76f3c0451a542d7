package publisher

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

// DefaultMinutes returns the MinutesWriter of the minutes package: every
// format, with the MeetBot-structured .html put inside the site's layout.
func DefaultMinutes() MinutesWriter { return minutesWriter{} }

type minutesWriter struct{}

// Write renders each format once with one minutes.Renderer; the "html"
// format is rendered as its body and title (minutes.Renderer.HTMLBody).
func (minutesWriter) Write(m *meeting.Meeting, pattern string) ([]MinutesFile, error) {
	r, err := minutes.NewRenderer(m, minutes.Options{Pattern: pattern})
	if err != nil {
		return nil, err
	}
	paths := r.Paths()
	out := make([]MinutesFile, 0, len(paths))
	for _, format := range minutes.Formats() {
		path, ok := paths[format]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		f := MinutesFile{Format: format, Path: path}
		if format == minutes.FormatHTML {
			err = r.HTMLBody(&buf)
			f.Title = r.Title()
		} else {
			err = r.Render(&buf, format)
		}
		if err != nil {
			return nil, err
		}
		f.Data = buf.Bytes()
		out = append(out, f)
	}
	return out, nil
}

func (minutesWriter) HTMLPath(rec Record, pattern string) (string, error) {
	loc, err := time.LoadLocation(rec.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	m := &meeting.Meeting{ID: rec.ID, Series: rec.Series, Title: rec.Title, Channel: rec.Channel,
		Source: rec.Source, Location: loc, Started: rec.Started, Ended: rec.Ended}
	paths, err := minutes.Paths(m, minutes.Options{Pattern: pattern})
	if err != nil {
		return "", err
	}
	p, ok := paths[minutes.FormatHTML]
	if !ok {
		return "", fmt.Errorf("minutes give no html file for pattern %q", pattern)
	}
	return p, nil
}
