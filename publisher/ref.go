package publisher

import (
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/usertext"
)

// ref is a meeting as lists and links see it.
type ref struct {
	Record
	// Path is the minutes page's path from the site root.
	Path string
	loc  *time.Location
	// hash is recordHash of the record, made once per publish.
	hash string
	// src is the record as the Source gave it (a ref is kept between
	// publishes while the record stays the same).
	src Record
	// key is its feeds' key ("m/" and the id), made once per ref: the
	// site feed lists every meeting at each publish.
	key string
}

// feedKey returns r's key among the feeds' items.
func (r *ref) feedKey() string {
	if r.key == "" {
		return "m/" + r.ID
	}
	return r.key
}

// sameRecord reports whether a and b are the same record.
func sameRecord(a, b *Record) bool {
	return a.ID == b.ID && a.Series == b.Series && a.Title == b.Title && a.Channel == b.Channel && a.Source == b.Source &&
		a.TimeZone == b.TimeZone && a.Started.Equal(b.Started) && a.Ended.Equal(b.Ended) && a.Summary == b.Summary &&
		a.Revision == b.Revision
}

// pathKey is what a meeting's minutes path depends on.
type pathKey struct {
	id, series, channel, zone string
	started                   int64
}

func (p *Publisher) newRef(r Record, zones map[string]*time.Location) (*ref, error) {
	loc, ok := zones[r.TimeZone]
	if !ok {
		var err error
		if loc, err = time.LoadLocation(r.TimeZone); err != nil || r.TimeZone == "" {
			loc = time.UTC
		}
		zones[r.TimeZone] = loc
	}
	src := r
	r.Started = r.Started.In(loc)
	r.Ended = r.Ended.In(loc)
	// What people typed is shown by the one rule of every output: the
	// series and latest pages, the home page and the feeds show the title.
	r.Title = usertext.Clean(r.Title)
	rf := &ref{Record: r, loc: loc, src: src, key: "m/" + r.ID}
	key := pathKey{r.ID, r.Series, r.Channel, r.TimeZone, r.Started.UnixNano()}
	path, ok := p.paths[key]
	if !ok {
		var err error
		if path, err = p.opt.Minutes.HTMLPath(r, p.opt.FilePattern); err != nil {
			return nil, fmt.Errorf("publisher: meeting %s: %w", r.ID, err)
		}
		if err := checkRel(path); err != nil {
			return nil, fmt.Errorf("publisher: meeting %s: %w", r.ID, err)
		}
		p.paths[key] = path
	}
	rf.Path = path
	rf.hash = recordHash(rf)
	return rf, nil
}

// Name is the meeting's title, or its series when it has none.
func (r *ref) Name() string {
	if t := strings.TrimSpace(r.Title); t != "" {
		return t
	}
	return r.Series
}

// Date is the meeting's local start date.
func (r *ref) Date() string { return r.Started.Format("2006-01-02") }

// StartedISO is the start time in RFC 3339.
func (r *ref) StartedISO() string { return r.Started.Format(time.RFC3339) }

// Year is the meeting's local start year.
func (r *ref) Year() int { return r.Started.Year() }

// PostTitle is the title of the meeting as a post or feed entry:
// "Minutes of NAME, Jan 2, 2006", NAME the meeting's title, else its
// series.
func (r *ref) PostTitle() string {
	return "Minutes of " + r.Name() + ", " + r.Started.Format("Jan 2, 2006")
}

// PostPath is the path from the site root of the page of the meeting's
// post (a meeting with a chair's summary is one): posts/ID/index.html,
// the id in lower case (ids are lower case but for the time's T and Z,
// so no two meetings share a folder). A Markdown post's name never has
// the id's shape (a dot, then a date and time).
func (r *ref) PostPath() string { return PostPath(r.ID) }

func (r *ref) postSlug() string { return postSlug(r.ID) }

// PostPath is the path from the site root of the post page of meeting id
// (when it has a chair's summary): see ref.PostPath.
func PostPath(id string) string {
	return sitepath.PostsDir + "/" + postSlug(id) + "/" + sitepath.IndexPage
}

func postSlug(id string) string { return strings.ToLower(id) }
