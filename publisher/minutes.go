package publisher

import (
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

// DefaultMinutes returns the MinutesWriter of the minutes package: every
// format, with the MeetBot-structured .html put inside the site's layout.
func DefaultMinutes() MinutesWriter { return minutesWriter{} }

type minutesWriter struct{}

func (minutesWriter) Write(m *meeting.Meeting, pattern string) ([]MinutesFile, error) {
	files, err := minutes.Write(m, minutes.Options{Pattern: pattern})
	if err != nil {
		return nil, err
	}
	out := make([]MinutesFile, len(files))
	for i, f := range files {
		out[i] = MinutesFile{Format: f.Format, Path: f.Path, Data: f.Data}
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
