package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/internal/atomicfile"
	"github.com/gavel-irc/gavel/internal/hugeheap"
	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/sitepath"
)

// logFlags are the flags replay and import share: how to read a raw log.
type logFlags struct {
	channel, date, tz, series string
}

func (lf *logFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&lf.channel, "channel", "", "channel the logs were said in (default: from the log or its file name)")
	fs.StringVar(&lf.date, "date", "", "date of the logs' first line, YYYY-MM-DD (default: from the file name or the log)")
	fs.StringVar(&lf.tz, "tz", "UTC", "IANA time zone of the logs' times and of the channel")
	fs.StringVar(&lf.series, "series", "", "meeting series name (default: from #meetingname or the title, as zodbot)")
}

// options turns the flags into reader and engine options.
func (lf *logFlags) options() (logfile.ReadOptions, meeting.Options, error) {
	loc, err := time.LoadLocation(lf.tz)
	if err != nil {
		return logfile.ReadOptions{}, meeting.Options{}, usagef("--tz %q: %v", lf.tz, err)
	}
	ro := logfile.ReadOptions{Location: loc, Channel: lf.channel}
	if lf.date != "" {
		d, err := time.ParseInLocation("2006-01-02", lf.date, loc)
		if err != nil {
			return ro, meeting.Options{}, usagef("--date %q: want YYYY-MM-DD", lf.date)
		}
		ro.Date = d
	}
	if lf.series != "" && meeting.SanitizeName(lf.series) != lf.series {
		return ro, meeting.Options{}, usagef("--series %q: use only a-z, 0-9, '_', '-' and '.' (for example %q)",
			lf.series, meeting.SanitizeName(lf.series))
	}
	// BotNick stays empty: raw logs already hold the old bot's lines.
	return ro, meeting.Options{Location: loc, Series: lf.series}, nil
}

// sniffBytes is how much of a log is looked at before it is read whole.
const sniffBytes = 8 << 10

// fileLimit names a [limits] bound on a file argument: the key and the
// largest size in bytes.
type fileLimit struct {
	key   string // "max_log_bytes" or "max_notes_bytes"
	bytes int64
	// text asks for the first sniffBytes to be text (no NUL byte, valid
	// UTF-8): a log; the notes reader checks its lines itself.
	text bool
	// huge asks for the buffer of a large file to be backed by huge pages
	// (internal/hugeheap): gavel replay, a short process that reads one
	// large log once. Not for gavel import, which reads many into a
	// long-lived heap.
	huge bool
}

// logLimit is the bound on a raw log from lim.
func logLimit(lim config.Limits) fileLimit {
	return fileLimit{key: "max_log_bytes", bytes: int64(lim.LogBytes), text: true}
}

// notesLimit is the bound on a notes or summary file from lim.
func notesLimit(lim config.Limits) fileLimit {
	return fileLimit{key: "max_notes_bytes", bytes: int64(lim.NotesBytes)}
}

// defaultLimits are the [limits] defaults, for gavel replay (which reads
// no configuration).
func defaultLimits() config.Limits {
	return config.Limits{LogBytes: config.DefaultMaxLogBytes, NotesBytes: config.DefaultMaxNotesBytes, LineBytes: config.DefaultMaxLineBytes}
}

// readLimited reads the file at path whole, refusing with one message a
// file larger than lim (before reading it, and again if it grows while it
// is read) or, for lim.text, one that is not text in its first 8 KiB. A
// regular file is read straight into one buffer of its size, which the
// string is then made of without a copy.
func readLimited(path string, lim fileLimit) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if fi.Size() > lim.bytes {
		return "", overLimit(path, fi.Size(), lim)
	}
	// One byte more than the file: a read that fills it means the file
	// grew while it was read.
	size := sniffBytes
	if fi.Mode().IsRegular() {
		size = int(fi.Size()) + 1
	}
	var buf []byte
	if lim.huge {
		buf = hugeheap.Make[byte](size)
	} else {
		buf = make([]byte, 0, size)
	}
	head := buf[:min(sniffBytes, size)]
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if lim.text {
		if err := checkText(path, head[:n], n == sniffBytes); err != nil {
			return "", err
		}
	}
	buf = buf[:n]
	// The rest, up to one byte over the limit: a file that grows while it
	// is read (or a pipe) is still cut there.
	for n == len(head) && int64(len(buf)) <= lim.bytes {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(len(buf), int(lim.bytes)+1-len(buf)))
		}
		m, err := f.Read(buf[len(buf):min(cap(buf), int(lim.bytes)+1)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", path, err)
		}
	}
	if int64(len(buf)) > lim.bytes {
		return "", fmt.Errorf("%s grew over [limits] %s (%s) while it was read; refused", path, lim.key, config.Size(lim.bytes))
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf)), nil
}

// checkLimited is readLimited's checks for a file's content that a client
// of the control socket sent.
func checkLimited(path, data string, lim fileLimit) error {
	if int64(len(data)) > lim.bytes {
		return overLimit(path, int64(len(data)), lim)
	}
	if lim.text {
		head := data[:min(len(data), sniffBytes)]
		return checkText(path, []byte(head), len(data) > sniffBytes)
	}
	return nil
}

func overLimit(path string, size int64, lim fileLimit) error {
	noun := "log"
	if !lim.text {
		noun = "file"
	}
	raise := "[limits] " + lim.key
	if lim.key == "max_log_bytes" {
		raise += " (gavel replay: --max-log-bytes)"
	}
	return fmt.Errorf("%s %s is %d bytes, over limits.%s (%s); refused (raise %s if it really is one %s)",
		noun, path, size, lim.key, config.Size(lim.bytes), raise, noun)
}

// checkText refuses a log whose head (cut from a longer file when cut)
// holds a NUL byte or invalid UTF-8: a binary file, refused with one
// message rather than a warning per line.
func checkText(path string, head []byte, cut bool) error {
	if bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimPartialRune(head, cut)) {
		return fmt.Errorf("log %s is not a text file (NUL bytes or invalid UTF-8 in its first %d KiB); refused", path, sniffBytes>>10)
	}
	return nil
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of a
// buffer cut from a longer file.
func trimPartialRune(b []byte, cut bool) []byte {
	if !cut {
		return b
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// readLog reads one log file into the meetings it holds, and returns its
// content too; warnings go to e.Stderr. A log larger than lim.LogBytes,
// or not text, is refused before it is read whole (inside a running gavel:
// before its content is parsed); lines over lim.LineBytes are skipped.
// With logs not nil, a log of streamLogsMin lines or more is parsed while
// the engine replays it (logfile.ReadStringStream) and has its meetings'
// log formats written through logs while the engine runs
// (minutes.ReplayStreamingFrom: they may still be writing when readLog
// returns, see pendingLogs.finish), and a large log's arrays are backed by
// huge pages (gavel replay, a short process: see internal/hugeheap).
func readLog(ctx context.Context, e *env, path string, lim config.Limits, ro logfile.ReadOptions, mo meeting.Options, logs *pendingLogs) ([]minutes.Replayed, string, error) {
	fl := logLimit(lim)
	fl.huge = logs != nil
	data, err := e.readLimited(path, fl)
	if err != nil {
		return nil, "", err
	}
	ro.MaxLineBytes = int(lim.LineBytes)
	var ms []minutes.Replayed
	var evs []meeting.Event
	if logs != nil && strings.Count(data, "\n") >= streamLogsMin {
		ms, evs, err = replayStream(ctx, e, data, path, ro, mo, logs)
	} else {
		ms, evs, err = replayRead(ctx, e, data, path, ro, mo)
	}
	if err != nil {
		return nil, "", err
	}
	if len(ms) == 0 {
		return nil, "", fmt.Errorf("log %s: no #startmeeting in %d lines", path, len(evs))
	}
	return ms, data, nil
}

// replayRead reads the log data whole, then replays it.
func replayRead(ctx context.Context, e *env, data, path string, ro logfile.ReadOptions, mo meeting.Options) ([]minutes.Replayed, []meeting.Event, error) {
	evs, warns, err := logfile.ReadStringContext(ctx, data, path, ro)
	for _, w := range warns {
		fmt.Fprintln(e.Stderr, "warning:", w)
	}
	if err != nil {
		return nil, nil, err
	}
	ms, err := minutes.ReplayContext(ctx, evs, evs[0].Channel, mo)
	return ms, evs, err
}

// replayStream replays the log data while it is parsed on another
// goroutine, the meetings' log formats written through logs meanwhile.
// The reading goroutine has ended when it returns; the log formats'
// writing ones may still run (logs.finish waits for them).
func replayStream(ctx context.Context, e *env, data, path string, ro logfile.ReadOptions, mo meeting.Options, logs *pendingLogs) ([]minutes.Replayed, []meeting.Event, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := logfile.ReadStringStream(ctx, data, path, ro)
	ms, wait, rerr := minutes.ReplayStreamingFrom(ctx, s, mo, logs.create)
	logs.wait = wait
	if rerr != nil {
		cancel() // the engine stopped: so does the reading
	}
	evs, warns, err := s.Wait()
	for _, w := range warns {
		fmt.Fprintln(e.Stderr, "warning:", w)
	}
	if err == nil {
		err = rerr
	}
	return ms, evs, err
}

// streamLogsMin is the fewest lines of a log gavel replay parses while the
// engine runs and whose meetings' log formats it writes meanwhile: a
// shorter log is replayed in a few milliseconds, and the two files would
// cost a temporary name and a rename for nothing.
const streamLogsMin = 4096

// pendingLogs are the files a log's meetings' log formats are streamed to
// while the engine replays it (minutes.ReplayStreaming): made in the
// output folder under temporary names, as a meeting's paths are known only
// once it ended, and renamed into place by take's caller.
type pendingLogs struct {
	ctx   context.Context
	batch *atomicfile.Batch
	dir   string
	// mu guards files and made while minutes.ReplayStreamingFrom's two
	// writing goroutines call create; files is read once they ended.
	mu    sync.Mutex
	files map[pendingKey]*atomicfile.Pending
	made  bool
	// wait is minutes.ReplayStreamingFrom's: it returns once the writing
	// goroutines ended and the meetings' Streamed are set (nil when the
	// log was not streamed).
	wait func()
}

// finish waits for the goroutines writing the log formats, if any; then
// the meetings' Streamed may be read and the files placed.
func (p *pendingLogs) finish() {
	if p != nil && p.wait != nil {
		p.wait()
	}
}

type pendingKey struct {
	m      *meeting.Meeting
	format string
}

// create is a minutes.LogCreate: a pending file in the output folder.
func (p *pendingLogs) create(m *meeting.Meeting, format string) (io.Writer, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.made {
		if err := p.batch.MkdirAll(p.dir, 0o755); err != nil {
			return nil, err
		}
		p.made = true
	}
	f, err := p.batch.Pending(p.dir, 0o644)
	if err != nil {
		return nil, err
	}
	p.files[pendingKey{m, format}] = f
	return ctxWriter{p.ctx, f}, nil
}

// place renames meeting m's streamed format to dst, reporting false when
// there is none or it could not be renamed there (dst on another file
// system than the output folder): the format is then rendered as the
// others are.
func (p *pendingLogs) place(m *meeting.Meeting, format, dst string) bool {
	f := p.files[pendingKey{m, format}]
	if f == nil {
		return false
	}
	delete(p.files, pendingKey{m, format})
	if err := p.batch.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		f.Discard()
		return false
	}
	if err := f.Place(dst); err != nil {
		f.Discard()
		return false
	}
	return true
}

// discard removes the pending files not placed, once their writers ended.
func (p *pendingLogs) discard() {
	p.finish()
	for k, f := range p.files {
		f.Discard()
		delete(p.files, k)
	}
}

// replayCommand is the table entry of gavel replay.
func replayCommand() command {
	return command{Name: "replay", Summary: "regenerate minutes from raw meeting logs, without a store",
		Usage: "[--out DIR] [--channel '#c'] [--date YYYY-MM-DD] [--tz ZONE] [--series NAME] [--layout NAME | --pattern P] [--base-url URL] [--max-log-bytes SIZE] LOG...",
		Doc:   "Regenerates every minutes format from raw meeting logs, without any store.",
		Args:  nargs{Min: 1, Max: -1, Name: "LOG file"},
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &replayFlags{}
			fs.StringVar(&o.out, "out", ".", "folder to write the minutes into")
			fs.StringVar(&o.pattern, "pattern", "", "file name pattern of the minutes, without extension (default: the layout's)")
			fs.StringVar(&o.layout, "layout", "", "archive layout of the minutes' paths: "+strings.Join(sitepath.Layouts(), ", ")+" (default gavel)")
			fs.StringVar(&o.baseURL, "base-url", "", "make the minutes' \"full logs\" link absolute with this URL prefix")
			fs.StringVar(&o.maxLog, "max-log-bytes", "", "largest log accepted, e.g. 64MiB (default "+config.Size(config.DefaultMaxLogBytes).String()+", as [limits] max_log_bytes; a log takes about 30 times its size in memory)")
			o.lf.register(fs)
			return o.run
		}}
}

// replayFlags are the flags of gavel replay.
type replayFlags struct {
	out     string
	pattern string
	layout  string
	baseURL string
	maxLog  string
	lf      logFlags
}

// run runs gavel replay. Every file is written through one atomicfile
// batch: each is written under a temporary name and renamed into place
// whole, so a reader (a web server, a second replay) never sees half a file.
// The batch is not committed: replay's files are derived from the logs it
// reads, which it does not change, so it makes no promise that they survive
// a power cut (after one, replay again) and does not wait for the disk, as
// MeetBot's replay does not (the seven fsyncs of the 20,000-line log's
// 5.9 MB cost 40 to 70 ms of wall time at load 11: docs/PERFORMANCE.md).
func (o *replayFlags) run(ctx context.Context, e *env, c *call) error {
	defer shortRunGC()()
	// The engine reads the action items' deadlines: their patterns are
	// compiled on the second core while the log is read, not between two
	// lines of the engine.
	var prepared sync.WaitGroup
	prepared.Go(deadline.Prepare)
	defer prepared.Wait()
	return o.replay(ctx, e, c, atomicfile.NewRenameBatch())
}

// replay writes the minutes of the logs c.Args into batch.
func (o *replayFlags) replay(ctx context.Context, e *env, c *call, batch *atomicfile.Batch) error {
	ro, mo, err := o.lf.options()
	if err != nil {
		return err
	}
	if o.pattern != "" && o.layout != "" {
		return usagef("--pattern and --layout are both given: use one")
	}
	if o.pattern == "" {
		if o.pattern, err = sitepath.LayoutPattern(o.layout); err != nil {
			return usagef("--layout: %v", err)
		}
	}
	lim := defaultLimits()
	if o.maxLog != "" {
		n, err := config.ParseSize(o.maxLog)
		if err != nil || n <= 0 {
			return usagef("--max-log-bytes %q: want a size such as 64MiB", o.maxLog)
		}
		lim.LogBytes = config.Size(n)
	}
	opt := minutes.Options{Pattern: o.pattern, BaseURL: o.baseURL}
	written := map[string]string{} // path -> the log it came from
	var failed []string
	for _, path := range c.Args {
		if err := ctx.Err(); err != nil {
			return err
		}
		logs := &pendingLogs{ctx: ctx, batch: batch, dir: o.out, files: map[pendingKey]*atomicfile.Pending{}}
		ms, _, err := readLog(ctx, e, path, lim, ro, mo, logs)
		if err != nil {
			logs.discard()
		}
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			fmt.Fprintf(e.Stderr, "gavel replay: %v\n", err)
			failed = append(failed, path)
			continue
		}
		for i := range ms {
			ms[i].Events = nil // not needed here: let the log's events go
		}
		if err := o.writeMinutes(ctx, e, path, ms, opt, written, logs, batch); err != nil {
			logs.discard()
			return err
		}
		logs.discard() // none left: a restricted meeting's, or a format rendered again
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d logs could not be read: %v", len(failed), len(c.Args), failed)
	}
	return nil
}

// writeMinutes writes every format of the meetings ms replayed from the
// log at path: the log formats logs holds by renaming them into place, the
// others rendered side by side. written maps each path written so far to
// the log it came from. When the log was streamed, the minutes formats
// are rendered while the log formats' goroutines finish, and the log
// formats are placed (or rendered, when not streamed in full) after.
func (o *replayFlags) writeMinutes(ctx context.Context, e *env, path string, ms []minutes.Replayed, opt minutes.Options, written map[string]string, logs *pendingLogs, batch *atomicfile.Batch) error {
	streamed := logs != nil && logs.wait != nil
	for i := range ms {
		m := ms[i].Meeting
		rr, err := minutes.NewRenderer(m, opt)
		if err != nil {
			return err
		}
		paths := rr.Paths()
		// all is every file of the meeting, in the formats' order; dsts
		// those rendered first, later those that wait for the log
		// formats' goroutines (placed when they streamed them in full).
		var all, dsts, formats, later, laterFormats []string
		for _, f := range minutes.Formats() {
			p, ok := paths[f]
			if !ok {
				continue
			}
			if from, dup := written[p]; dup {
				return fmt.Errorf("%s: two meetings would be written to %s (the other from %s); use --pattern with {id}", path, p, from)
			}
			written[p] = path
			dst := filepath.Join(o.out, filepath.FromSlash(p))
			all = append(all, dst)
			if streamed && (f == minutes.FormatLogHTML || f == minutes.FormatLogText) {
				later = append(later, dst)
				laterFormats = append(laterFormats, f)
				continue
			}
			dsts = append(dsts, dst)
			formats = append(formats, f)
		}
		if err := renderFormats(ctx, rr, batch, dsts, formats); err != nil {
			return err
		}
		if len(later) > 0 {
			logs.finish()
			dsts, formats = dsts[:0], formats[:0]
			for k, f := range laterFormats {
				if slices.Contains(ms[i].Streamed, f) && logs.place(m, f, later[k]) {
					continue
				}
				dsts = append(dsts, later[k])
				formats = append(formats, f)
			}
			if err := renderFormats(ctx, rr, batch, dsts, formats); err != nil {
				return err
			}
		}
		for _, dst := range all {
			fmt.Fprintln(e.Stdout, dst)
		}
	}
	return nil
}

// renderFormats renders the formats of rr to the files dsts side by side
// (the meeting is only read), each straight to its file: a large log is
// never held in memory whole. One goroutine a core takes them in turn, the
// two logs (the largest by far) first: no thread more than the cores for
// goroutines blocked in write, and the longest not started last.
func renderFormats(ctx context.Context, rr *minutes.Renderer, batch *atomicfile.Batch, dsts, formats []string) error {
	errs := make([]error, len(dsts))
	order := make([]int, 0, len(dsts))
	for i, f := range formats {
		if f == minutes.FormatLogHTML || f == minutes.FormatLogText {
			order = append(order, i)
		}
	}
	for i, f := range formats {
		if f != minutes.FormatLogHTML && f != minutes.FormatLogText {
			order = append(order, i)
		}
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Go(func() {
			for k := int(next.Add(1)) - 1; k < len(order); k = int(next.Add(1)) - 1 {
				i := order[k]
				errs[i] = writeBatch(batch, dsts[i], func(w io.Writer) error { return rr.Render(ctxWriter{ctx, w}, formats[i]) })
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ctxWriter is a writer that fails with ctx's error once ctx is done, so
// that rendering a long meeting stops at Ctrl-C (the file is then not
// renamed into place).
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// writeBatch writes path through batch, creating the folders, so a reader
// never sees half a file.
func writeBatch(batch *atomicfile.Batch, path string, write func(io.Writer) error) error {
	if err := batch.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := batch.WriteWith(path, 0o644, write); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
