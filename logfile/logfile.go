// Package logfile reads raw IRC meeting logs into engine events, so that a
// log written by MeetBot, zodbot, an IRC client or gavel itself can be
// replayed through the meeting engine (gavel replay) or put into the store
// (gavel import).
//
// Read recognises, line by line:
//
//   - MeetBot and zodbot raw logs: "HH:MM:SS <nick> text" and
//     "HH:MM:SS * nick action";
//   - irssi and ZNC style client logs: "HH:MM < nick> text",
//     "HH:MM <@nick> text", "HH:MM  * nick action", "-!-" and "***" lines
//     (nick changes become meeting.KindNick events, joins, quits and modes
//     are skipped), "--- Log opened" and "--- Day changed" lines;
//   - dated lines: "[YYYY-MM-DD HH:MM:SS] <nick> text", and
//     "[HH:MM:SS] <nick> text";
//   - gavel's own .log.txt, whose first line "# #channel meeting log,
//     YYYY-MM-DD (UTC)" gives the channel, the date and the time zone;
//   - MeetBot's test scripts, which have neither times nor nicks.
//
// The date of lines that carry none comes from ReadOptions.Date, else the
// file name (NAME.YYYY-MM-DD-HH.MM.log.txt), else the old bot's "Meeting
// started Wed Jun 10 12:02:26 2020 UTC." line, else irssi's "--- Log opened"
// and "--- Day changed" lines. Times that go backwards by more than twelve
// hours roll over to the next day.
//
// Malformed lines are skipped with a Warning naming the file and line.
// Invalid UTF-8 and NUL bytes become U+FFFD, CRLF line ends are accepted, and
// lines of any length are read without failing (lines over
// ReadOptions.MaxLineBytes are skipped with a warning). At most MaxWarnings
// warnings are kept; the rest are counted in one last warning, so a file
// that is not a log gives a short answer, not one warning per line.
package logfile

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
	"github.com/gavel-irc/gavel/meeting"
)

// DefaultMaxLineBytes is the longest line Read accepts when
// ReadOptions.MaxLineBytes is 0 ([limits] max_line_bytes's default);
// longer lines are skipped with a warning. IRC lines are at most 512
// bytes, so anything near this is not a log line.
const DefaultMaxLineBytes = 64 << 10

// MaxWarnings is how many warnings Read keeps; beyond it they are only
// counted, in one warning at the end.
const MaxWarnings = 100

// DefaultScriptNick is the nick given to the lines of a MeetBot test script
// (a file of bare lines without times or nicks) when ReadOptions.ScriptNick
// is empty.
const DefaultScriptNick = "MrBeige"

// ReadOptions tells Read what the log itself may not say.
type ReadOptions struct {
	// Date is the date of the log's first line (only the year, month and
	// day are used). Zero means: find it in the file name or the log.
	Date time.Time
	// Location is the time zone of the log's times (default UTC). A
	// gavel .log.txt header that names its zone overrides it.
	Location *time.Location
	// Channel is the channel the log was said in. Empty means: from
	// gavel's header line, else "#" plus the file name up to its first dot.
	Channel string
	// ScriptNick is the nick of bare script lines (DefaultScriptNick).
	ScriptNick string
	// MaxLineBytes is the longest line read ([limits] max_line_bytes);
	// 0 means DefaultMaxLineBytes.
	MaxLineBytes int
	// RequireDate makes a log whose date cannot be found (no Date, no
	// date in the file name or the log) an error wrapping ErrNoDate rather
	// than a warning and 1970-01-01: gavel import, which would store it.
	RequireDate bool
}

// Warning is a line that Read skipped, or a fact Read had to assume.
type Warning struct {
	File string
	Line int // 1-based; 0 when the warning is about the whole file
	Msg  string
}

// String returns "file:line: msg".
func (w Warning) String() string {
	if w.Line == 0 {
		return w.File + ": " + w.Msg
	}
	return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
}

// ErrNoLines is returned (wrapped, naming the file) when a log holds no line
// Read recognises.
var ErrNoLines = errors.New("no log lines recognised")

// ErrNoDate is returned (wrapped, naming the file) when ReadOptions.RequireDate
// is set and the log's date is found nowhere.
var ErrNoDate = errors.New("the log's date is not known")

// dateKind says how a line's date hint applies.
type dateKind uint8

const (
	hintNone dateKind = iota
	// hintAt: the line's own date (dated lines, "Log opened", "Meeting
	// started", gavel's header).
	hintAt
	// hintDayChanged: the day starting at this line; earlier lines are on
	// the day before.
	hintDayChanged
	// hintWeak: the old bot's "Meeting started" line; used to find the
	// first line's date when nothing else gives it, never to move dates.
	hintWeak
)

// record is one recognised line before dates are assigned.
type record struct {
	line   int // 1-based line number
	tod    int // seconds since midnight, -1 when the line has no time
	hint   dateKind
	date   civil // valid when hint != hintNone
	nick   string
	text   string
	kind   meeting.EventKind
	op     bool
	isMeta bool // carries a date hint only, no event
}

// step is what the date pass needs of a recognised line; the line's event,
// if it has one, is the next in reader.evs.
type step struct {
	tod    int32 // seconds since midnight, -1 when the line has no time
	date   int32 // index in reader.dates when hint != hintNone
	hint   dateKind
	isMeta bool // carries a date hint only, no event
}

// add keeps a parsed line: its step, and its event unless it is meta.
func (r *reader) add(rec *record) {
	st := step{tod: int32(rec.tod), hint: rec.hint, isMeta: rec.isMeta, date: -1}
	if rec.hint != hintNone {
		st.date = int32(len(r.dates))
		r.dates = append(r.dates, rec.date)
	}
	r.steps = append(r.steps, st)
	if !rec.isMeta {
		r.evs = append(r.evs, meeting.Event{Nick: rec.nick, Text: rec.text, Kind: rec.kind, Op: rec.op})
	}
}

// civil is a calendar date.
type civil struct{ y, m, d int }

func (c civil) time(loc *time.Location, tod int) time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 0, 0, tod, 0, loc)
}

func (c civil) addDays(n int) civil {
	t := time.Date(c.y, time.Month(c.m), c.d+n, 12, 0, 0, 0, time.UTC)
	return civil{t.Year(), int(t.Month()), t.Day()}
}

func civilOf(t time.Time) civil { return civil{t.Year(), int(t.Month()), t.Day()} }

// reader holds the state of one Read call.
type reader struct {
	name     string
	opt      ReadOptions
	warnings []Warning
	steps    []step
	evs      []meeting.Event
	dates    []civil
	// header facts from gavel's own .log.txt
	headerChannel string
	headerLoc     *time.Location
	botNick       string
	// gavelLog is set by gavel's header: "[notes] " lines are KindNotes.
	gavelLog bool
	// bare lines, kept in case the whole file turns out to be a script
	bare     []record
	bareWarn []int
	script   bool // a bare "#startmeeting" line was seen
	timed    int
	// unlisted counts the warnings beyond MaxWarnings.
	unlisted int
	// noHeader is set for the parts of a log after its first (readParts):
	// their lines are never gavel's header; headerCand says a part's
	// first line with a step would have been read as one.
	noHeader, headerCand bool
}

func (r *reader) warn(line int, format string, args ...any) {
	if len(r.warnings) >= MaxWarnings {
		r.unlisted++
		return
	}
	r.warnings = append(r.warnings, Warning{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// newReader returns the state of one read of name, with opt's defaults
// filled in.
func newReader(name string, opt ReadOptions) *reader {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.ScriptNick == "" {
		opt.ScriptNick = DefaultScriptNick
	}
	if opt.MaxLineBytes <= 0 {
		opt.MaxLineBytes = DefaultMaxLineBytes
	}
	return &reader{name: name, opt: opt}
}

// Read reads the log in rd; name (a file name or path) is used for
// warnings, the date and the channel. It returns the events in the order
// of the log, the warnings about skipped lines, and an error when rd fails
// or holds no recognisable line.
func Read(rd io.Reader, name string, opt ReadOptions) ([]meeting.Event, []Warning, error) {
	r := newReader(name, opt)
	maxLine := r.opt.MaxLineBytes
	br := bufio.NewReaderSize(rd, 64<<10)
	var long []byte
	tooLong := false
	lineNo := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer: gather it, up to the limit.
			if !tooLong {
				if len(long)+len(chunk) > maxLine {
					tooLong, long = true, nil
				} else {
					long = append(long, chunk...)
				}
			}
			continue
		}
		if err != nil && err != io.EOF {
			return nil, r.warnings, fmt.Errorf("reading log %s: %w", name, err)
		}
		if len(chunk) > 0 || len(long) > 0 || tooLong || err == nil {
			lineNo++
			switch {
			case tooLong || len(long)+len(bytes.TrimSuffix(chunk, []byte{'\n'})) > maxLine:
				r.warn(lineNo, "line longer than %d bytes ([limits] max_line_bytes); skipped", maxLine)
			case len(long) > 0:
				r.parseLine(lineNo, clean(append(long, chunk...)))
			default:
				r.parseLine(lineNo, clean(chunk))
			}
			long, tooLong = nil, false
		}
		if err == io.EOF {
			break
		}
	}
	evs, err := r.finish()
	return evs, r.warnings, err
}

// ReadString is Read for a log already in memory; it is faster (the
// events' texts are parts of data, not copies) and is what gavel replay
// and gavel import use.
func ReadString(data string, name string, opt ReadOptions) ([]meeting.Event, []Warning, error) {
	return ReadStringContext(context.Background(), data, name, opt)
}

// ReadStringContext is ReadString that stops with ctx's error when ctx is
// done (Ctrl-C on a long log), looking at it every 4096 lines.
//
// A log of more than 2*minPartBytes is cut at line ends into up to
// GOMAXPROCS parts parsed side by side (the lines are independent until
// finish dates them); the events, warnings and errors are the same as
// reading it in one pass.
func ReadStringContext(ctx context.Context, data string, name string, opt ReadOptions) ([]meeting.Event, []Warning, error) {
	return readStringParts(ctx, data, name, opt, runtime.GOMAXPROCS(0), minPartBytes)
}

// minPartBytes is the smallest part of a log ReadString gives a goroutine
// of its own: below it, starting one costs more than it saves.
const minPartBytes = 256 << 10

// maxParts bounds the parts a log is cut into, whatever GOMAXPROCS says.
const maxParts = 8

// readStringParts is ReadStringContext cutting data into at most parts
// parts of at least minPart bytes.
func readStringParts(ctx context.Context, data string, name string, opt ReadOptions, parts, minPart int) ([]meeting.Event, []Warning, error) {
	r := newReader(name, opt)
	if cuts := cutLines(data, min(parts, maxParts), minPart); len(cuts) > 0 {
		ok, err := r.readParts(ctx, data, cuts)
		if err != nil {
			return nil, r.warnings, err
		}
		if ok {
			evs, err := r.finish()
			return evs, r.warnings, err
		}
		r = newReader(name, opt) // a header after a first part without lines: read it in one pass
	}
	lines := strings.Count(data, "\n") + 1
	r.steps = make([]step, 0, lines)
	r.evs = make([]meeting.Event, 0, lines)
	if _, err := r.readLines(ctx, data, 0); err != nil {
		return nil, r.warnings, err
	}
	evs, err := r.finish()
	return evs, r.warnings, err
}

// readLines parses the lines of data, the first of which is line
// first+1 of the log, and returns the number of the last.
func (r *reader) readLines(ctx context.Context, data string, first int) (int, error) {
	maxLine := r.opt.MaxLineBytes
	all := data
	lineNo := first
	for len(all) > 0 {
		line := all
		if i := strings.IndexByte(all, '\n'); i >= 0 {
			line, all = all[:i], all[i+1:]
		} else {
			all = ""
		}
		lineNo++
		if (lineNo-first)&4095 == 0 && ctx.Err() != nil {
			return lineNo, ctx.Err()
		}
		if len(line) > maxLine {
			r.warn(lineNo, "line longer than %d bytes ([limits] max_line_bytes); skipped", maxLine)
			continue
		}
		r.parseLine(lineNo, cleanString(line))
	}
	return lineNo, nil
}

// cutLines returns where to cut data into at most parts parts of at least
// minPart bytes, each cut just after a line end; none for a short log.
func cutLines(data string, parts, minPart int) []int {
	parts = min(parts, len(data)/max(minPart, 1))
	if parts < 2 {
		return nil
	}
	var cuts []int
	prev := 0
	for i := 1; i < parts; i++ {
		at := max(len(data)*i/parts, prev)
		nl := strings.IndexByte(data[at:], '\n')
		if nl < 0 {
			break
		}
		at += nl + 1
		if at >= len(data) {
			break
		}
		if at > prev {
			cuts = append(cuts, at)
			prev = at
		}
	}
	return cuts
}

// readParts parses the parts of data between cuts side by side, each into
// a reader of its own writing into its share of r's steps and events, and
// joins them into r as reading data in one pass would have. It reports
// false (r is then to be thrown away) when a part after the first has what
// would be gavel's header line, every part before it being without lines:
// only a pass over the whole log reads that right.
func (r *reader) readParts(ctx context.Context, data string, cuts []int) (bool, error) {
	n := len(cuts) + 1
	part := func(i int) string {
		from, to := 0, len(data)
		if i > 0 {
			from = cuts[i-1]
		}
		if i < len(cuts) {
			to = cuts[i]
		}
		return data[from:to]
	}
	// Part i's lines are the lines of the parts before it plus its own;
	// each line adds at most one step and one event, so part i writes
	// only into its share of one array of each.
	first := make([]int, n+1) // first[i]: lines before part i; first[n]: room for all
	for i := range n {
		c := strings.Count(part(i), "\n")
		if i == n-1 {
			c++ // a last line without a line end
		}
		first[i+1] = first[i] + c
	}
	steps := make([]step, 0, first[n])
	evs := make([]meeting.Event, 0, first[n])
	rs := make([]*reader, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		p := r
		if i > 0 {
			p = newReader(r.name, r.opt)
			p.noHeader = true
		}
		p.steps = steps[first[i]:first[i]:first[i+1]]
		p.evs = evs[first[i]:first[i]:first[i+1]]
		rs[i] = p
		if i > 0 {
			wg.Go(func() { _, errs[i] = p.readLines(ctx, part(i), first[i]) })
		}
	}
	_, errs[0] = r.readLines(ctx, part(0), 0)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return false, ctx.Err()
	}
	// Joined in place: each part's steps and events moved down behind
	// the ones before it (parts lose only blank, skipped and meta lines,
	// so most moves are short).
	steps, evs = steps[:len(r.steps)], evs[:len(r.evs)]
	for i, p := range rs[1:] {
		if p.headerCand && len(steps) == 0 {
			return false, nil
		}
		// Each part kept its first MaxWarnings: together, the first
		// MaxWarnings of the log, the rest counted.
		keep := min(len(p.warnings), MaxWarnings-len(r.warnings))
		r.warnings = append(r.warnings, p.warnings[:keep]...)
		r.unlisted += len(p.warnings) - keep + p.unlisted
		base := int32(len(r.dates))
		for j := range p.steps {
			if p.steps[j].hint != hintNone {
				p.steps[j].date += base
			}
		}
		r.dates = append(r.dates, p.dates...)
		if first[i+1] != len(steps) {
			steps = append(steps, p.steps...)
		} else {
			steps = steps[:len(steps)+len(p.steps)]
		}
		if first[i+1] != len(evs) {
			evs = append(evs, p.evs...)
		} else {
			evs = evs[:len(evs)+len(p.evs)]
		}
		if room := 1<<20 - len(r.bare); room > 0 {
			r.bare = append(r.bare, p.bare[:min(len(p.bare), room)]...)
		}
		r.bareWarn = append(r.bareWarn, p.bareWarn...)
		r.script = r.script || p.script
		r.timed += p.timed
	}
	r.steps, r.evs = steps, evs
	return true, nil
}

// cleanString is clean for a line already in a string; it allocates only
// when the line needs repair.
func cleanString(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	// A leading run of printable ASCII is valid UTF-8 without NULs, and
	// ends on a rune boundary: only the rest needs looking at (most lines
	// are all such text).
	rest := s[ascii.PrintablePrefix(s):]
	nul := strings.IndexByte(rest, 0) >= 0
	if !utf8.ValidString(rest) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if nul {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}

// clean strips the line end and makes the line valid UTF-8 without NULs.
func clean(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	ok := utf8.Valid(b)
	hasNul := false
	for _, c := range b {
		if c == 0 {
			hasNul = true
			break
		}
	}
	s := string(b)
	if !ok {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if hasNul {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}

// finish assigns dates and builds the events.
func (r *reader) finish() ([]meeting.Event, error) {
	return r.finishFrom(nil)
}

// finishFrom is finish after d (when not nil) dated the first steps.
func (r *reader) finishFrom(d *dater) ([]meeting.Event, error) {
	if r.timed == 0 && r.script {
		r.scriptMode()
	} else {
		for _, n := range r.bareWarn {
			r.warn(n, "no time at the start of the line; skipped")
		}
		sort.SliceStable(r.warnings, func(i, j int) bool { return r.warnings[i].Line < r.warnings[j].Line })
	}
	if r.unlisted > 0 {
		r.warnings = append(r.warnings, Warning{File: r.name,
			Msg: fmt.Sprintf("%d more warnings not listed (is this a meeting log?)", r.unlisted)})
		r.unlisted = 0
	}
	if len(r.evs) == 0 {
		return nil, fmt.Errorf("log %s: %w", r.name, ErrNoLines)
	}
	if d == nil {
		base, ok := r.baseDate()
		if !ok && r.opt.RequireDate {
			return nil, fmt.Errorf("log %s: %w: pass --date YYYY-MM-DD, or name the file NAME.YYYY-MM-DD-HH.MM.log.txt", r.name, ErrNoDate)
		}
		if !ok {
			base = civil{1970, 1, 1}
			r.warn(0, "no date found (pass --date, or name the file NAME.YYYY-MM-DD-HH.MM.log.txt); using 1970-01-01")
		}
		d = r.newDater(base)
	}
	d.run(r)
	return r.evs, nil
}

// dater is the date pass: it gives the events their times, channel and
// final kinds, step by step. It may run while the log is still being
// parsed (Stream), once the log's first step is known (gavel's header,
// which sets the channel, the zone and the bot, can only be that step)
// and its base date is.
type dater struct {
	loc      *time.Location
	channel  string
	cur      civil
	prev     int
	midnight time.Time
	// fixed: in UTC the times are computed by adding seconds to
	// midnight, elsewhere with time.Date for DST changes.
	fixed bool
	i, j  int // the next step and event to date
}

// newDater starts the date pass of r at the date base.
func (r *reader) newDater(base civil) *dater {
	loc := r.opt.Location
	if r.headerLoc != nil {
		loc = r.headerLoc
	}
	channel := r.opt.Channel
	if channel == "" {
		channel = r.headerChannel
	}
	if channel == "" {
		channel = channelFromName(r.name)
	}
	return &dater{loc: loc, channel: channel, cur: base, prev: -1, midnight: base.time(loc, 0), fixed: loc == time.UTC}
}

// run dates r's steps and events not dated yet.
func (d *dater) run(r *reader) {
	for ; d.i < len(r.steps); d.i++ {
		st := &r.steps[d.i]
		switch st.hint {
		case hintAt, hintDayChanged:
			if c := r.dates[st.date]; c != d.cur {
				d.cur = c
				d.midnight = d.cur.time(d.loc, 0)
			}
			d.prev = -1
		}
		if st.tod >= 0 {
			tod := int(st.tod)
			if d.prev >= 0 && tod < d.prev-12*3600 {
				d.cur = d.cur.addDays(1)
				d.midnight = d.cur.time(d.loc, 0)
			}
			d.prev = tod
		}
		if st.isMeta {
			continue
		}
		tod := int(st.tod)
		if tod < 0 {
			tod = max(d.prev, 0)
		}
		ev := &r.evs[d.j]
		d.j++
		if d.fixed {
			ev.Time = d.midnight.Add(time.Duration(tod) * time.Second)
		} else {
			ev.Time = d.cur.time(d.loc, tod)
		}
		ev.Channel = d.channel
		if ev.Kind == meeting.KindMessage && r.gavelLog && strings.HasPrefix(ev.Text, NotesMark) {
			ev.Kind, ev.Text = meeting.KindNotes, ev.Text[len(NotesMark):]
		} else if ev.Kind == meeting.KindMessage && r.botNick != "" && ev.Nick == r.botNick {
			ev.Kind = meeting.KindBot
		}
	}
}

// baseDate finds the date of the first line.
func (r *reader) baseDate() (civil, bool) {
	if !r.opt.Date.IsZero() {
		return civilOf(r.opt.Date), true
	}
	if c, ok := dateFromName(r.name); ok {
		return c, true
	}
	// The first date hint in the log, moved back by the roll-overs and
	// day changes before it.
	rolls := 0
	prev := -1
	for i := range r.steps {
		st := &r.steps[i]
		tod := int(st.tod)
		if st.hint != hintNone {
			// The hint's own line may itself be a roll-over.
			if tod >= 0 && prev >= 0 && tod < prev-12*3600 {
				rolls++
			}
			if st.hint == hintDayChanged {
				rolls++
			}
			return r.dates[st.date].addDays(-rolls), true
		}
		if tod >= 0 {
			if prev >= 0 && tod < prev-12*3600 {
				rolls++
			}
			prev = tod
		}
	}
	return civil{}, false
}

// scriptMode turns the bare lines of a MeetBot test script into records,
// one second apart from midnight.
func (r *reader) scriptMode() {
	r.steps, r.evs, r.dates = r.steps[:0], r.evs[:0], r.dates[:0]
	for i, b := range r.bare {
		b.tod = i % 86400
		if rest, ok := strings.CutPrefix(b.text, "/me "); ok {
			b.text, b.kind = rest, meeting.KindAction
		}
		r.add(&b)
	}
}

// channelFromName makes "#name" from a file name "name.2020-06-10...".
func channelFromName(name string) string {
	base := filepath.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if base == "" || base == "." || base == "/" {
		return ""
	}
	return "#" + base
}

// dateFromName finds YYYY-MM-DD in a file name.
func dateFromName(name string) (civil, bool) {
	base := filepath.Base(name)
	for i := 0; i+10 <= len(base); i++ {
		if c, ok := parseISODate(base[i : i+10]); ok {
			// Not part of a longer run of digits.
			if i > 0 && isDigit(base[i-1]) {
				continue
			}
			if i+10 < len(base) && isDigit(base[i+10]) {
				continue
			}
			return c, true
		}
	}
	return civil{}, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseISODate reads exactly "YYYY-MM-DD".
func parseISODate(s string) (civil, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return civil{}, false
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1 {
		return civil{}, false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return civil{}, false
	}
	return civil{y, m, d}, true
}

// atoi reads a short run of ASCII digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
