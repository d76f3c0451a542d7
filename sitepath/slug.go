package sitepath

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// The names of the published site's own files and folders. The publisher
// builds every path it writes from these (and Slug), and Reserved is made
// of them, so a slug can never take one of these names.
const (
	// IndexPage is the page of each folder.
	IndexPage = "index.html"
	// FeedFile is the Atom feed of the site, of a series, of a tag.
	FeedFile = "feed.atom"
	// CalendarFile is the iCalendar feed of open deadlines, of the site
	// and of each owner.
	CalendarFile = "actions.ics"
	// MeetingsCalendar is the iCalendar feed of scheduled meetings, of the
	// site and of each series.
	MeetingsCalendar = "meetings.ics"
	// SearchIndex is the search manifest in SearchDir.
	SearchIndex = "index.json"
	// The site's folders: owners' pages, series' pages, redirects to a
	// series' latest meeting, posts, tags and the search index.
	ActionsDir = "actions"
	SeriesDir  = "series"
	LatestDir  = "latest"
	PostsDir   = "posts"
	TagsDir    = "tags"
	SearchDir  = "search"
	// AssetsDir holds the static files (Assets).
	AssetsDir = "assets"
	// Unassigned is the folder of the items nobody owns, in ActionsDir.
	Unassigned = "_unassigned"
	// Items is the folder of the numbered pages of every action item, in
	// ActionsDir.
	Items = "_items"
)

// assets are the static files the site serves from AssetsDir.
var assets = [...]string{"style.css", "search.js", "site.js", "favicon.svg"}

// Assets returns the static files the site serves from AssetsDir.
func Assets() []string { a := assets; return a[:] }

// Reserved returns every name the site writes itself, in any folder where
// a slug may also go (the root, and the folders of series, owners, tags
// and posts). Slug never returns one of them.
func Reserved() []string {
	return []string{IndexPage, FeedFile, CalendarFile, MeetingsCalendar, SearchIndex, ActionsDir, SeriesDir, LatestDir, PostsDir,
		TagsDir, SearchDir, AssetsDir, Unassigned, Items}
}

// maxSlug is the longest slug; longer names end in "~~" and a hash.
const maxSlug = 120

// Slug turns a name (a series, a channel, an owner, a tag, a post) into
// one path component, the same way everywhere a site or a folder of
// minutes is written:
//
//   - it is lower case; a-z, 0-9, '_', '-' and '.' stay as they are;
//   - every other byte, a '.' at the start or the end and a '-' at the
//     start become "~" and two hex digits (so it is never "", ".", "..",
//     a hidden file or an option-like name);
//   - a name equal to one of Reserved has its first byte escaped the same
//     way ("index.html" becomes "~69ndex.html");
//   - a slug longer than 120 bytes is cut and ends in "~~" and 16 hex
//     digits of its SHA-256.
//
// Names that differ only in ASCII case have the same slug; otherwise two names
// never do (up to the hash of over-long ones), because a '~' in a slug
// always starts an escape. A name that is already a plain lower-case
// name (such as every series the engine makes) is its own slug, so the
// paths mote knows stay the same.
func Slug(name string) string {
	s := name
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteByte(c)
		case c == '-' && i > 0, c == '.' && i > 0 && i < len(s)-1:
			b.WriteByte(c)
		default:
			escape(&b, c)
		}
	}
	out := b.String()
	if out == "" {
		return "~"
	}
	for _, r := range Reserved() {
		if out == r {
			var e strings.Builder
			escape(&e, out[0])
			out = e.String() + out[1:]
			break
		}
	}
	if len(out) > maxSlug {
		cut := 100
		for k := cut - 2; k < cut; k++ { // never cut inside an escape
			if k >= 0 && out[k] == '~' {
				cut = k
			}
		}
		h := sha256.Sum256([]byte(strings.ToLower(s)))
		out = out[:cut] + "~~" + hex.EncodeToString(h[:8])
	}
	return out
}

func escape(b *strings.Builder, c byte) {
	const hexd = "0123456789abcdef"
	b.WriteByte('~')
	b.WriteByte(hexd[c>>4])
	b.WriteByte(hexd[c&15])
}
