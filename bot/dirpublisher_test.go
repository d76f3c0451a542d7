package bot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// SiteFile is one rendered minutes file: its format ("html", "txt",
// "log.html", ...), its path relative to the site folder (with '/'), and
// its content.
type SiteFile struct {
	Format string
	Path   string
	Data   []byte
}

// DirPublisher is a Publisher that renders a meeting's minutes with Render
// and writes the files into Dir atomically (temporary file, fsync, rename),
// so a URL said in the channel always serves a complete file. It is the
// bot's own publisher for sites without the full site builder.
type DirPublisher struct {
	// Dir is the site folder.
	Dir string
	// BaseURL is the URL Dir is served at, ending in '/'.
	BaseURL string
	// Render renders every minutes file of m.
	Render func(m *meeting.Meeting) ([]SiteFile, error)
}

// MeetingEnded writes the minutes of m and returns their URLs by format
// ("html", "txt", and "log" for the "log.html" file).
func (p *DirPublisher) MeetingEnded(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	return p.write(ctx, m)
}

// MeetingSaved writes interim minutes of m, like MeetingEnded.
func (p *DirPublisher) MeetingSaved(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	return p.write(ctx, m)
}

func (p *DirPublisher) write(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	if p.Render == nil {
		return nil, errors.New("publish: no renderer")
	}
	files, err := p.Render(m)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", m.ID, err)
	}
	urls := map[string]string{}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clean := path.Clean("/" + f.Path)[1:]
		if clean == "" || clean != f.Path {
			return nil, fmt.Errorf("publish %s: unsafe file path %q", m.ID, f.Path)
		}
		if err := WriteFileAtomic(filepath.Join(p.Dir, filepath.FromSlash(clean)), f.Data); err != nil {
			return nil, fmt.Errorf("publish %s: %w", m.ID, err)
		}
		key := f.Format
		if key == "log.html" {
			key = "log"
		}
		urls[key] = strings.TrimSuffix(p.BaseURL, "/") + "/" + clean
	}
	return urls, nil
}

// WriteFileAtomic writes data to name through a temporary file in the same
// folder, fsynced and renamed over name; folders are created as needed.
func WriteFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// PlainLog renders m's raw log as text ("HH:MM:SS <nick> text", "* nick
// text" for actions), one line per log line: a minimal minutes file.
func PlainLog(m *meeting.Meeting) []byte {
	var b strings.Builder
	loc := m.Location
	if loc == nil {
		loc = m.Started.Location()
	}
	for _, l := range m.Log {
		ts := l.Time.In(loc).Format("15:04:05")
		switch l.Kind {
		case meeting.KindAction:
			fmt.Fprintf(&b, "%s * %s %s\n", ts, l.Nick, l.Text)
		case meeting.KindNick:
			fmt.Fprintf(&b, "%s -!- %s is now known as %s\n", ts, l.Nick, l.Text)
		default:
			fmt.Fprintf(&b, "%s <%s> %s\n", ts, l.Nick, l.Text)
		}
	}
	return []byte(b.String())
}
