package publisher

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

// DefaultMinutes returns the MinutesWriter of the minutes package: every
// format, with the MeetBot-structured .html put inside the site's layout.
func DefaultMinutes() MinutesWriter {
	return &minutesWriter{bufs: map[string][]*bytes.Buffer{}}
}

// minutesWriter is the minutes package's MinutesWriter. Its files' bytes
// are in buffers it uses again once the publisher has written them
// (Recycle): a full build renders 12,000 files of up to 50 KB, and
// buffers made anew for each were a third of its allocations.
type minutesWriter struct {
	// bufs are the buffers handed back, by format (one format's files
	// are of a size), at most keptBuffers of each.
	mu   sync.Mutex
	bufs map[string][]*bytes.Buffer
}

// keptBuffers is how many buffers of each format a minutesWriter keeps:
// enough for the meetings a full build renders at once on a few cores,
// few enough that they weigh nothing in its peak memory.
const keptBuffers = 8

// minutesRecycler is a MinutesWriter that takes back the files it gave,
// once the publisher is done with their bytes, to render the next ones.
type minutesRecycler interface {
	Recycle(files []MinutesFile)
}

// Recycle takes back the bytes of files, which the caller no longer uses.
func (w *minutesWriter) Recycle(files []MinutesFile) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range files {
		if kept := w.bufs[f.Format]; cap(f.Data) > 0 && len(kept) < keptBuffers {
			w.bufs[f.Format] = append(kept, bytes.NewBuffer(f.Data[:0]))
		}
	}
}

// buffer returns an empty buffer for a file of format.
func (w *minutesWriter) buffer(format string) *bytes.Buffer {
	w.mu.Lock()
	defer w.mu.Unlock()
	if kept := w.bufs[format]; len(kept) > 0 {
		b := kept[len(kept)-1]
		w.bufs[format] = kept[:len(kept)-1]
		return b
	}
	return new(bytes.Buffer)
}

// Write renders each format once with one minutes.Renderer; the "html"
// format is rendered as its body and title (minutes.Renderer.HTMLBody).
func (w *minutesWriter) Write(m *meeting.Meeting, pattern string) ([]MinutesFile, error) {
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
		buf := w.buffer(format)
		f := MinutesFile{Format: format, Path: path}
		if format == minutes.FormatHTML {
			err = r.HTMLBody(buf)
			f.Title = r.Title()
		} else {
			err = r.Render(buf, format)
		}
		if err != nil {
			return nil, err
		}
		f.Data = buf.Bytes()
		out = append(out, f)
	}
	return out, nil
}

func (*minutesWriter) HTMLPath(rec Record, pattern string) (string, error) {
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
