// Package minutes writes a meeting's minutes in MeetBot's formats, side by
// side: .html (MeetBot's structure, which Fedora's mote scrapes), .txt
// (MeetBot's text minutes, with the action items the old bots left out),
// .log.txt (the raw log, with its date in a header line that package logfile
// reads back), .log.html (the log with every line anchored), .md (Markdown)
// and .json (for tools).
//
// Times are shown in UTC, as MeetBot shows them; where the channel's time
// zone differs, the start and end of the meeting also show the local time,
// as in "13:00:05 UTC (18:30 IST)". All user text is escaped for the format
// it goes into, and only http, https, ftp, irc and mailto URLs become links.
//
// Output depends only on the Meeting and the Options, so writing the same
// meeting twice gives the same bytes.
package minutes

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/usertext"
)

// DefaultPattern names the minutes files by series first (gavel's layout):
// SERIES/YYYY-MM-DD/SERIES.YYYY-MM-DD-HH.MM plus the format's extension,
// with the date and time of the start in UTC. sitepath.LayoutPattern has
// Fedora's, OpenStack's and MeetBot's.
const DefaultPattern = sitepath.DefaultPattern

// DefaultGenerator is the name shown in the minutes' footer.
const DefaultGenerator = "gavel"

// The formats Write produces, in the order it returns them. Each is also
// the file's extension (after a dot).
const (
	FormatHTML    = "html"
	FormatText    = "txt"
	FormatLogHTML = "log.html"
	FormatLogText = "log.txt"
	FormatMD      = "md"
	FormatJSON    = "json"
)

// allFormats lists every format in the order Write returns them.
func allFormats() [6]string {
	return [...]string{FormatHTML, FormatText, FormatLogHTML, FormatLogText, FormatMD, FormatJSON}
}

// Formats returns every format Write can produce, in its order.
func Formats() []string { f := allFormats(); return f[:] }

// Options configure Write.
type Options struct {
	// Pattern names the files, without extension, relative to the
	// output folder (DefaultPattern when empty). Placeholders: {series},
	// {channel} (sanitised, without '#'), {date} (YYYY-MM-DD), {time}
	// (HH.MM), {year}, {id}; dates and times are the start's, in UTC.
	Pattern string
	// BaseURL, when set, makes the "full logs" link absolute: BaseURL
	// plus the log's relative path. Links are relative by default.
	BaseURL string
	// Generator is the name in the footer (DefaultGenerator when empty).
	Generator string
}

// File is one written minutes file.
type File struct {
	// Format is one of the Format constants.
	Format string
	// Path is relative to the output folder, with '/' separators.
	Path string
	Data []byte
}

// Paths returns the relative path of each format's file for m
// (format -> path), so callers can say URLs before or without writing.
// Meetings whose logs are restricted (#restrictlogs) have no log files.
func Paths(m *meeting.Meeting, opt Options) (map[string]string, error) {
	base, err := expand(m, opt.Pattern)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, 6)
	for _, f := range allFormats() {
		if m.Restricted && (f == FormatLogHTML || f == FormatLogText) {
			continue
		}
		out[f] = base + "." + f
	}
	return out, nil
}

// Write renders every format of m's minutes. It does not touch the disk:
// the caller writes each File under its output folder.
func Write(m *meeting.Meeting, opt Options) ([]File, error) {
	files := make([]File, 0, 6)
	err := WriteEach(m, opt, func(f File) error {
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// WriteEach renders m's minutes one format at a time, in the order of
// Formats, and hands each File to fn before rendering the next, so that
// only one file is held in memory; it stops at fn's first error.
func WriteEach(m *meeting.Meeting, opt Options, fn func(File) error) error {
	if m == nil {
		return fmt.Errorf("minutes: no meeting")
	}
	v, err := newView(m, opt)
	if err != nil {
		return err
	}
	for _, f := range allFormats() {
		p, ok := v.paths[f]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		buf.Grow(v.estimate(f))
		if err := v.render(&buf, f); err != nil {
			return err
		}
		if err := fn(File{Format: f, Path: p, Data: buf.Bytes()}); err != nil {
			return err
		}
	}
	return nil
}

// Render writes the minutes of m in one format (one of Formats) to w,
// without holding the file in memory. To write several formats of one
// meeting, NewRenderer does the shared work once.
func Render(w io.Writer, m *meeting.Meeting, opt Options, format string) error {
	r, err := NewRenderer(m, opt)
	if err != nil {
		return err
	}
	return r.Render(w, format)
}

// A Renderer writes the formats of one meeting's minutes, with what every
// format needs (paths, topics, action items by person, attendees) computed
// once. It only reads the meeting: its Render may be called from several
// goroutines at once, as gavel replay does, as long as nothing changes the
// meeting meanwhile.
type Renderer struct{ v *view }

// NewRenderer prepares m's minutes for Render.
func NewRenderer(m *meeting.Meeting, opt Options) (*Renderer, error) {
	if m == nil {
		return nil, fmt.Errorf("minutes: no meeting")
	}
	v, err := newView(m, opt)
	if err != nil {
		return nil, err
	}
	return &Renderer{v: v}, nil
}

// Paths gives each format's path, as Paths does for the meeting.
func (r *Renderer) Paths() map[string]string { return r.v.paths }

// Render writes the minutes in one format (one of Formats) to w, through a
// buffer but without holding the file in memory: what gavel replay uses to
// write large logs straight to disk.
func (r *Renderer) Render(w io.Writer, format string) error {
	v := r.v
	if _, ok := v.paths[format]; !ok {
		if v.m.Restricted && (format == FormatLogHTML || format == FormatLogText) {
			return fmt.Errorf("minutes: meeting %s has restricted logs: no %s file", v.m.ID, format)
		}
		return fmt.Errorf("minutes: unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return v.render(w, format)
}

// HTMLBody writes what the .html minutes hold inside <body> (without the
// white space around it), for a site that puts the minutes inside its own
// layout: the same bytes as in the .html file.
func (r *Renderer) HTMLBody(w io.Writer) error {
	if buf, inMemory := w.(*bytes.Buffer); inMemory {
		buf.Grow(r.v.estimate(FormatHTML))
	}
	bw := r.v.smallWriter(w)
	defer r.v.putSmallWriter(bw)
	r.v.summarize()
	writeHTMLBody(r.v, bw)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("minutes: writing the html minutes of %s: %w", r.v.m.ID, err)
	}
	return nil
}

// Title is the minutes' title as the .html file's <title> has it (before
// HTML escaping).
func (r *Renderer) Title() string { return plain(r.v.title) }

// smallWriter returns a 4 KiB buffered writer to w (an in-memory buffer),
// one the meeting's formats used before if there is one: a full build of
// 2,000 meetings made 12,000 of them, 75 MB of garbage.
func (v *view) smallWriter(w io.Writer) *bufio.Writer {
	bw := v.small.Swap(nil)
	if bw == nil {
		return bufio.NewWriterSize(w, 4<<10)
	}
	bw.Reset(w)
	return bw
}

// putSmallWriter hands bw back for the meeting's next format. (One kept,
// not a sync.Pool: the runtime keeps every pool that holds something
// reachable until a collection clears it, and with it the view and its
// meeting: a full build's peak memory grew by 9 MB.)
func (v *view) putSmallWriter(bw *bufio.Writer) {
	bw.Reset(nil)
	v.small.Store(bw)
}

// render writes format through a buffered writer to w.
func (v *view) render(w io.Writer, format string) error {
	var bw *bufio.Writer
	if buf, inMemory := w.(*bytes.Buffer); inMemory {
		// Sized once, not doubled as it fills (the publisher renders
		// every format of 2,000 meetings into buffers).
		buf.Grow(v.estimate(format))
		bw = v.smallWriter(w)
		defer v.putSmallWriter(bw)
	} else {
		bw = bufio.NewWriterSize(w, fileBuffer(v.estimate(format)))
	}
	if format != FormatLogHTML && format != FormatLogText {
		v.summarize()
	}
	switch format {
	case FormatHTML:
		writeHTML(v, bw)
	case FormatText:
		writeText(v, bw)
	case FormatLogHTML:
		writeLogHTML(v, bw)
	case FormatLogText:
		writeLogText(v, bw)
	case FormatMD:
		writeMarkdown(v, bw)
	case FormatJSON:
		writeJSON(v, bw)
	default:
		return fmt.Errorf("minutes: unknown format %q", format)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("minutes: writing the %s minutes of %s: %w", format, v.m.ID, err)
	}
	return nil
}

// fileBuffer is the size of the buffer a format of about size bytes is
// written to a file through: a quarter of it, from 4 KiB to 256 KiB.
// Larger writes cost the kernel less per byte than 32 KiB ones (its page
// cache takes them in larger folios): writing 3.3 MB to ext4 took 1.35 ms
// of CPU in 256 KiB writes against 2.15 ms in 32 KiB ones; for a file of
// 250 KB, 0.19 ms in 64 KiB writes against 0.16 ms in one, not worth the
// buffer's page faults (docs/PERFORMANCE.md, "Seventh pass").
func fileBuffer(size int) int {
	return min(max(size/4, 4<<10), 256<<10)
}

// estimate guesses the size of a format's file, to size buffers once.
func (v *view) estimate(format string) int {
	m := v.m
	switch format {
	case FormatLogText:
		n := 64
		for _, l := range m.Log {
			n += 24 + len(l.Nick) + len(l.Text)
		}
		return n
	case FormatLogHTML:
		n := 2048
		for _, l := range m.Log {
			n += 100 + len(l.Nick) + len(l.Text) + len(l.Text)/8
		}
		return n
	case FormatJSON:
		return 4096 + 300*len(m.Items) + 40*len(m.Lines)
	case FormatHTML:
		return 4096 + 400*len(m.Items) + 40*len(m.Lines)
	}
	return 2048 + 200*len(m.Items) + 30*len(m.Lines)
}

// expand fills the pattern's placeholders for m (see sitepath.Expand).
func expand(m *meeting.Meeting, pattern string) (string, error) {
	series := m.Series
	if series == "" {
		series = meeting.SanitizeName(m.Channel)
	}
	id := m.ID
	if id == "" {
		id = meeting.MakeID(series, m.Started)
	}
	// The names as the engine makes them, then the one path-component
	// rule (a series named "index.html" must not become the home page).
	f := sitepath.Fields{Series: sitepath.Slug(meeting.SanitizeName(series)),
		Channel: sitepath.Slug(meeting.SanitizeName(m.Channel)), ID: sitepath.Slug(meeting.SanitizeName(id)), Start: m.Started}
	if m.Source == "f2f" && m.Location != nil {
		// Notes are filed under the local date of the meeting.
		f.Start, f.Local = m.Started.In(m.Location), true
	}
	return sitepath.Expand(pattern, f)
}

// view is what every writer needs, computed once.
type view struct {
	// small holds a buffered writer of smallWriter.
	small atomic.Pointer[bufio.Writer]
	m     *meeting.Meeting
	opt   Options
	paths map[string]string
	// summary guards the fields below up to chairs: summarize fills them.
	summary    sync.Once
	topics     []meeting.Topic
	actions    []meeting.Item
	byPerson   []meeting.PersonActions
	unassigned []meeting.Item
	attendees  []meeting.Attendee
	chairs     []string
	// logRef is the .log.html's link from the .html (relative: its base
	// name, as both files share a folder), "" when logs are restricted.
	logRef string
	// logURL is the "full logs" link: logRef, or absolute with BaseURL.
	logURL string
	title  string // "#channel: Title"
	loc    *time.Location
}

// summarize computes the minutes' summary (topics, action items, who
// attended) once, for the formats that show it: the two log formats never
// wait for it (gavel replay starts them at once, beside it).
func (v *view) summarize() {
	v.summary.Do(func() {
		m := v.m
		v.topics = m.Topics()
		v.actions = m.Actions()
		v.byPerson, v.unassigned = m.ActionsByPerson()
		v.attendees = m.Attendees()
		v.chairs = m.ChairList()
	})
}

func newView(m *meeting.Meeting, opt Options) (*view, error) {
	if opt.Generator == "" {
		opt.Generator = DefaultGenerator
	}
	paths, err := Paths(m, opt)
	if err != nil {
		return nil, err
	}
	v := &view{m: m, opt: opt, paths: paths, loc: m.Location}
	if v.loc == nil {
		v.loc = time.UTC
	}
	if p, ok := paths[FormatLogHTML]; ok {
		v.logRef = path.Base(p)
		v.logURL = v.logRef
		if opt.BaseURL != "" {
			v.logURL = strings.TrimSuffix(opt.BaseURL, "/") + "/" + p
		}
	}
	title := plain(m.Title)
	switch {
	case m.Channel != "" && title != "":
		v.title = plain(m.Channel) + ": " + title
	case title != "":
		v.title = title
	case m.Channel != "":
		v.title = plain(m.Channel) + " meeting"
	default:
		v.title = "Meeting"
	}
	return v, nil
}

// hms is a time as MeetBot shows it: HH:MM:SS in UTC.
func hms(t time.Time) string {
	var b [8]byte
	return string(appendHMS(b[:0], t))
}

// appendHMS appends t as HH:MM:SS in UTC.
func appendHMS(b []byte, t time.Time) []byte {
	h, m, s := t.UTC().Clock()
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}

// startedAt says when the meeting started, after "Meeting started by
// NICK": "at 13:00:05 UTC (18:30 IST)", or "on 2026-11-24" (its local
// date) in a date-only meeting.
func (v *view) startedAt() string {
	if v.m.DateOnly {
		return "on " + v.m.Started.In(v.loc).Format("2006-01-02")
	}
	return "at " + v.clock(v.m.Started)
}

// endedAt says when the meeting ended, after "Meeting ended": " at
// 13:45:10 UTC (19:15 IST)", or nothing in a date-only meeting.
func (v *view) endedAt() string {
	if v.m.DateOnly {
		return ""
	}
	return " at " + v.clock(v.m.Ended)
}

// clock is the start or end time of the meeting: "13:00:05 UTC", plus the
// local time where the channel's zone is not UTC: "13:00:05 UTC (18:30 IST)".
func (v *view) clock(t time.Time) string {
	s := hms(t) + " UTC"
	local := t.In(v.loc)
	if _, off := local.Zone(); off != 0 {
		s += " (" + local.Format("15:04 MST") + ")"
	}
	return s
}

// kindLabel is the upper-case prefix MeetBot gives an item ("ACTION").
func kindLabel(k meeting.ItemKind) string {
	switch k { // the usual kinds without a new string each time
	case meeting.ItemAction:
		return "ACTION"
	case meeting.ItemAgreed:
		return "AGREED"
	case meeting.ItemIdea:
		return "IDEA"
	case meeting.ItemHelp:
		return "HELP"
	case meeting.ItemLink:
		return "LINK"
	case meeting.ItemInfo:
		return "INFO"
	}
	return strings.ToUpper(string(k))
}

// prefixed reports whether an item of kind k shows its kind before its
// text, as MeetBot shows "ACTION: ..." but not "INFO: ...".
func prefixed(k meeting.ItemKind) bool {
	return k != meeting.ItemInfo && k != meeting.ItemTopic
}

// Plain returns user text as every output shows it (usertext.Clean):
// without IRC control codes (colours, formatting), line breaks and other
// control characters, tabs as spaces, bidirectional overrides isolated.
func Plain(s string) string { return plain(s) }

// plain is usertext.Clean: the one rule for user text in every output.
func plain(s string) string { return usertext.Clean(s) }

// safeScheme reports whether u is a URL that may become a link: http,
// https, ftp, irc, ircs or mailto, and nothing else (never javascript:).
func safeScheme(u string) bool {
	for _, p := range [...]string{"http://", "https://", "ftp://", "irc://", "ircs://", "mailto:"} {
		if len(u) > len(p) && strings.EqualFold(u[:len(p)], p) {
			return true
		}
	}
	return false
}

// segment is a run of text, a URL or not.
type segment struct {
	text  string
	isURL bool
}

// splitURLs cuts s into text and URLs with a safe scheme. A URL ends at
// white space or at a character that cannot end one ('<', '>', '"'), and
// loses trailing punctuation that usually belongs to the sentence.
func splitURLs(s string) []segment {
	if strings.IndexByte(s, ':') < 0 {
		return []segment{{text: s}}
	}
	var out []segment
	start := 0 // start of the pending text
	for {
		i, end, ok := nextURL(s, start)
		if !ok {
			break
		}
		if i > start {
			out = append(out, segment{text: s[start:i]})
		}
		out = append(out, segment{text: s[i:end], isURL: true})
		start = end
	}
	if start < len(s) {
		out = append(out, segment{text: s[start:]})
	}
	return out
}

// nextURL finds the first URL of s (as splitURLs cuts them) that starts
// at or after from: s[start:end]; ok is false when there is none.
func nextURL(s string, from int) (start, end int, ok bool) {
	for i := from; i < len(s); i++ {
		if !urlStartAt(s, i) {
			continue
		}
		end := i
		for end < len(s) && !isURLStop(s[end]) {
			end++
		}
		for end > i && strings.IndexByte(".,;:!?)]'", s[end-1]) >= 0 {
			// Keep a ')' that closes a '(' inside the URL.
			if s[end-1] == ')' && strings.Count(s[i:end], "(") >= strings.Count(s[i:end], ")") {
				break
			}
			end--
		}
		u := s[i:end]
		if !safeScheme(u) || strings.HasSuffix(u, "//") || strings.HasSuffix(u, ":") {
			continue
		}
		return i, end, true
	}
	return 0, 0, false
}

// urlStartAt reports whether a URL with a safe scheme starts at s[i], at a
// word boundary.
func urlStartAt(s string, i int) bool {
	c := s[i] | 0x20
	if c != 'h' && c != 'f' && c != 'i' && c != 'm' {
		return false
	}
	if i > 0 {
		p := s[i-1]
		if p >= 'a' && p <= 'z' || p >= 'A' && p <= 'Z' || p >= '0' && p <= '9' || p == '_' || p == '/' || p == '.' || p == '@' || p == '-' {
			return false
		}
	}
	return safeScheme(s[i:])
}

func isURLStop(c byte) bool {
	return c == ' ' || c == '\t' || c == '<' || c == '>' || c == '"' || c < 0x20
}

// DoneText is what a #done line shows once the tracker knows the item it
// closed: "[a9] Book AV equipment for the keynote (pjp)"; ok is false for
// other items and for a #done whose item is not known (it then shows its
// own text, as "DONE: a9"). The text is plain (control codes removed), not
// escaped.
func DoneText(it meeting.Item) (s string, ok bool) {
	c := it.Closed
	if it.Kind != meeting.ItemDone || c == nil {
		return "", false
	}
	s = "[" + plain(c.ID) + "] " + plain(c.Text)
	if len(c.Owners) > 0 {
		s += " (" + plain(strings.Join(c.Owners, ", ")) + ")"
	}
	return s, true
}

// DueNote says an action's deadline for the action lists: "due 2026-08-10",
// or the phrase that could not be read ("" when there is none). User text
// in it is plain (control codes removed), not escaped.
func DueNote(it meeting.Item) string {
	label, text := dueNote(it)
	return label + text
}

// dueNote is DueNote in two parts, its label ("due ", ...: no byte that
// any format escapes) and the item's text after it, so that a format
// writes them without joining them; "", "" when there is no note.
func dueNote(it meeting.Item) (label, text string) {
	switch {
	case it.Due != "":
		return "due ", it.Due
	case it.DuePast && it.DueText != "":
		return "deadline before the meeting: ", plain(it.DueText)
	case it.DueUnread && it.DueText != "":
		return "deadline not understood: ", plain(it.DueText)
	}
	return "", ""
}

// notesMark marks an item made by merged notes (meeting.KindNotes):
// " (notes)", or "".
func notesMark(it meeting.Item) string {
	if it.FromNotes {
		return " (notes)"
	}
	return ""
}

// preTopic reports whether t is the group of items said before the first
// #topic (meeting.Meeting.Topics gives it an empty title and no nick).
func preTopic(t meeting.Topic) bool { return t.Title == "" && t.Nick == "" }
