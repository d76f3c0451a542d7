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
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/config"
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
		return logfile.ReadOptions{}, meeting.Options{}, fmt.Errorf("--tz %q: %v: %w", lf.tz, err, errUsage)
	}
	ro := logfile.ReadOptions{Location: loc, Channel: lf.channel}
	if lf.date != "" {
		d, err := time.ParseInLocation("2006-01-02", lf.date, loc)
		if err != nil {
			return ro, meeting.Options{}, fmt.Errorf("--date %q: want YYYY-MM-DD: %w", lf.date, errUsage)
		}
		ro.Date = d
	}
	if lf.series != "" && meeting.SanitizeName(lf.series) != lf.series {
		return ro, meeting.Options{}, fmt.Errorf("--series %q: use only a-z, 0-9, '_', '-' and '.' (for example %q): %w",
			lf.series, meeting.SanitizeName(lf.series), errUsage)
	}
	// BotNick stays empty: raw logs already hold the old bot's lines.
	return ro, meeting.Options{Location: loc, Series: lf.series}, nil
}

// readFile reads a whole file into a string, without the copy that
// converting os.ReadFile's bytes would make.
func readFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 && fi.Size() < 1<<40 {
		b.Grow(int(fi.Size()) + 1)
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return b.String(), nil
}

// sniffBytes is how much of a log is looked at before it is read whole.
const sniffBytes = 8 << 10

// readLogFile reads the log at path, refusing with one message a file
// larger than limit (limits.max_log_bytes) or one that is not text (a NUL
// byte or invalid UTF-8 in its first 8 KiB), before reading the rest of it.
func readLogFile(path string, limit int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if fi.Size() > limit {
		return "", fmt.Errorf("log %s is %d bytes, over limits.max_log_bytes (%s); refused (raise [limits] max_log_bytes if it really is one log)",
			path, fi.Size(), config.Size(limit))
	}
	var b strings.Builder
	b.Grow(int(fi.Size()) + 1)
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	head = head[:n]
	if bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimPartialRune(head, n == sniffBytes)) {
		return "", fmt.Errorf("log %s is not a text file (NUL bytes or invalid UTF-8 in its first %d KiB); refused", path, sniffBytes>>10)
	}
	b.Write(head)
	// A file that grows while it is read is still cut at the limit.
	if _, err := io.Copy(&b, io.LimitReader(f, limit-int64(n)+1)); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(b.Len()) > limit {
		return "", fmt.Errorf("log %s grew over limits.max_log_bytes (%s) while it was read; refused", path, config.Size(limit))
	}
	return b.String(), nil
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
// content too; warnings go to e.Stderr. A log on disk larger than limit
// bytes, or not text, is refused before it is read whole.
func readLog(e *env, path string, limit int64, ro logfile.ReadOptions, mo meeting.Options) ([]minutes.Replayed, string, error) {
	var data string
	var err error
	if e.host == nil {
		data, err = readLogFile(path, limit)
	} else {
		data, err = e.readFile(path)
	}
	if err != nil {
		return nil, "", err
	}
	evs, warns, err := logfile.ReadString(data, path, ro)
	for _, w := range warns {
		fmt.Fprintln(e.Stderr, "warning:", w)
	}
	if err != nil {
		return nil, "", err
	}
	channel := evs[0].Channel
	ms := minutes.Replay(evs, channel, mo)
	if len(ms) == 0 {
		return nil, "", fmt.Errorf("log %s: no #startmeeting in %d lines", path, len(evs))
	}
	return ms, data, nil
}

func runReplay(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	out := fs.String("out", ".", "folder to write the minutes into")
	pattern := fs.String("pattern", "", "file name pattern of the minutes, without extension (default: the layout's)")
	layout := fs.String("layout", "", "archive layout of the minutes' paths: "+strings.Join(sitepath.Layouts(), ", ")+" (default gavel)")
	baseURL := fs.String("base-url", "", "make the minutes' \"full logs\" link absolute with this URL prefix")
	var lf logFlags
	lf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel replay [--out DIR] [--channel '#c'] [--date YYYY-MM-DD] [--tz ZONE] [--series NAME] [--layout NAME | --pattern P] [--base-url URL] LOG...")
		fmt.Fprintln(e.Stderr, "Regenerates every minutes format from raw meeting logs, without any store.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no log files given: %w", errUsage)
	}
	ro, mo, err := lf.options()
	if err != nil {
		return err
	}
	if *pattern != "" && *layout != "" {
		return fmt.Errorf("--pattern and --layout are both given: use one: %w", errUsage)
	}
	if *pattern == "" {
		if *pattern, err = sitepath.LayoutPattern(*layout); err != nil {
			return fmt.Errorf("--layout: %v: %w", err, errUsage)
		}
	}
	opt := minutes.Options{Pattern: *pattern, BaseURL: *baseURL}
	written := map[string]string{} // path -> the log it came from
	var failed []string
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		ms, _, err := readLog(e, path, config.DefaultMaxLogBytes, ro, mo)
		if err != nil {
			fmt.Fprintf(e.Stderr, "gavel replay: %v\n", err)
			failed = append(failed, path)
			continue
		}
		for i := range ms {
			ms[i].Events = nil // not needed here: let the log's events go
		}
		for _, r := range ms {
			paths, err := minutes.Paths(r.Meeting, opt)
			if err != nil {
				return err
			}
			for _, f := range minutes.Formats() {
				p, ok := paths[f]
				if !ok {
					continue
				}
				if from, dup := written[p]; dup {
					return fmt.Errorf("%s: two meetings would be written to %s (the other from %s); use --pattern with {id}", path, p, from)
				}
				written[p] = path
				dst := filepath.Join(*out, filepath.FromSlash(p))
				// Rendered straight to the file: a large log is never
				// held in memory whole.
				err := writeAtomic(dst, func(w io.Writer) error { return minutes.Render(w, r.Meeting, opt, f) })
				if err != nil {
					return err
				}
				fmt.Fprintln(e.Stdout, dst)
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d logs could not be read: %v", len(failed), fs.NArg(), failed)
	}
	return nil
}

// writeAtomic writes path through a temporary file in the same folder and
// a rename, creating the folders, so a reader never sees half a file.
func writeAtomic(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gavel-*")
	if err != nil {
		return err
	}
	werr := write(tmp)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}
