package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/internal/progress"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

// importKey identifies meeting number index (from 0) of a log file by the
// file's content, so that importing the same file again is a no-op
// whatever its name or place.
func importKey(content []byte, index int) string {
	h := sha256.Sum256(content)
	return hashName(h[:]) + "#" + strconv.Itoa(index)
}

// hashName is the part of importKey that names the content by its hash.
func hashName(sum []byte) string { return "sha256:" + hex.EncodeToString(sum) }

// contentHash is hashName of content's SHA-256, hashed through buf (any
// length) instead of a copy of the whole content.
func contentHash(content string, buf []byte) string {
	h := sha256.New()
	for len(content) > 0 {
		n := copy(buf, content)
		h.Write(buf[:n])
		content = content[n:]
	}
	return hashName(h.Sum(buf[:0]))
}

// importCommand is the table entry of gavel import.
func importCommand() command {
	return command{Name: "import", Summary: "put raw meeting logs (MeetBot, irssi, ...) into the store",
		Usage:   "-c FILE [--series NAME] [--channel '#c'] [--date YYYY-MM-DD] [--tz ZONE] [--no-publish] LOG...",
		Doc:     "Puts raw meeting logs (MeetBot, irssi, ...) into the store and tracks their action items; importing a file twice changes nothing. Publishes the imported meetings to site.dir unless --no-publish.",
		Args:    nargs{Min: 1, Max: -1, Name: "LOG file"},
		HandOff: true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &importFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE` (its [store] is written to)")
			fs.BoolVar(&o.noPublish, "no-publish", false, "store only; do not publish the imported meetings to site.dir")
			o.lf.register(fs)
			return o.run
		}}
}

// importFlags are the flags of gavel import.
type importFlags struct {
	cfgPath   string
	noPublish bool
	lf        logFlags
}

// run runs gavel import.
func (o *importFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	if !c.Set("tz") && o.lf.channel != "" {
		// The channel's configured zone, as the live bot would use.
		o.lf.tz = cfg.ChannelConfig(o.lf.channel).Location.String()
	}
	if o.lf.series == "" && o.lf.channel != "" {
		o.lf.series = cfg.ChannelConfig(o.lf.channel).Series
	}
	ro, mo, err := o.lf.options()
	if err != nil {
		return err
	}
	mo.Source = "import"
	// A stored meeting needs its real date: no 1970-01-01 guesses.
	ro.RequireDate = true
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "import", c.Raw, c.Args)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	if e.host == nil {
		defer importGC()()
	}
	keeper := e.keeper(cfg, st)

	// On a terminal, a progress bar replaces the line per meeting.
	var bar *progress.Bar
	say := func(format string, args ...any) { fmt.Fprintf(e.Stdout, format, args...) }
	if isTerminal(e.Stdout) && len(c.Args) > 1 {
		bar = progress.New(e.Stdout, "importing", "logs", len(c.Args))
		say = func(string, ...any) {}
	}
	var failed []string
	imported, skipped, tracked := 0, 0, 0
	// Meetings are stored in batches, one transaction each (see
	// life.Keeper.ImportLogs): per-meeting commits made an archive import
	// wait on two fsyncs per meeting. Inside a running gavel the batches
	// are small, so that the bot's lines never wait long for the store.
	// Bigger batches touch each index page once for more items (bbolt
	// rewrites every page a transaction changed); 50,000 events are about
	// 330 logs of 150 lines.
	maxEvents := 50000
	if e.host != nil {
		maxEvents = 2000
	}
	type pending struct {
		path  string
		index int
		r     minutes.Replayed
	}
	var batch []pending
	var logs []life.Logged
	events := 0
	flush := func() error {
		if len(logs) == 0 {
			return nil
		}
		results := keeper.ImportLogs(ctx, logs)
		if e.host == nil {
			// The pages of the file this batch read (its index
			// pages, and their neighbours the kernel maps with them)
			// stay in the process's memory until released: without
			// this the peak RSS grows with the store file.
			if err := st.ReleaseMapped(); err != nil {
				return err
			}
		}
		for j, res := range results {
			p := batch[j]
			id := p.r.Meeting.ID
			switch {
			case errors.Is(res.Err, store.ErrExists):
				skipped++
				say("skipped %s (%s: meeting %d %v)\n", id, p.path, p.index+1, res.Err)
				continue
			case res.Err != nil:
				return fmt.Errorf("importing %s into %s: %w", p.path, cfg.Store.Path, res.Err)
			}
			if res.Open {
				fmt.Fprintf(e.Stderr, "warning: %s: meeting %s has no #endmeeting; stored as ended at its last line (%s)\n",
					p.path, id, p.r.Events[len(p.r.Events)-1].Time.UTC().Format(time.RFC3339))
			}
			imported++
			tracked += len(res.Changes)
			say("imported %s (%d events, %d action changes) from %s\n", id, len(p.r.Events), len(res.Changes), p.path)
		}
		batch, logs, events = batch[:0], logs[:0], 0
		return nil
	}
	// The logs are read and replayed up to readAheadLogs ahead of the
	// store's work, on the other core: that half of an import no longer
	// waits for commits.
	read := readAhead(ctx, e, c.Args, cfg.Limits, ro, mo)
	defer read.stop()
	for lr := range read.logs {
		if err := ctx.Err(); err != nil {
			return err
		}
		bar.Add(1)
		io.Copy(e.Stderr, &lr.warnings)
		if lr.err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if lr.err != nil {
			fmt.Fprintf(e.Stderr, "gavel import: %v\n", lr.err)
			failed = append(failed, lr.path)
			continue
		}
		for i, r := range lr.ms {
			batch = append(batch, pending{lr.path, i, r})
			logs = append(logs, life.Logged{Meeting: r.Meeting, Events: r.Events, SeriesOption: mo.Series, Key: lr.hash + "#" + strconv.Itoa(i)})
			events += len(r.Events)
		}
		if events >= maxEvents {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err // the reader stopped early: nothing more is stored
	}
	if err := flush(); err != nil {
		return err
	}
	bar.Done()
	fmt.Fprintf(e.Stdout, "%d meetings imported, %d already in the store, %d action item changes\n", imported, skipped, tracked)
	if imported > 0 && !o.noPublish {
		if err := publishChanges(ctx, e, cfg, st, "gavel import"); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d logs could not be read: %v", len(failed), len(c.Args), failed)
	}
	return nil
}

// readLogs reads and replays logs in order in a goroutine of its own,
// a bounded number ahead of the one who takes them from logs.
type readLogs struct {
	logs chan *readResult
	done chan struct{}
	exit chan struct{}
}

// readResult is one log read by readAhead, with the warnings that
// reading it gave, to be printed in the order of the logs.
type readResult struct {
	path string
	ms   []minutes.Replayed
	// hash names the log's content: its meetings' import keys are
	// importKey(content, i), hash + "#" + i.
	hash     string
	err      error
	warnings bytes.Buffer
}

// readAheadLogs is how many logs readAhead holds read and not yet taken:
// enough to keep the reader busy through a commit, few enough that the
// memory they hold stays small.
const readAheadLogs = 32

// readAhead starts reading paths with readLog, in order; the logs channel
// is closed after the last one or when ctx is done. stop, which the
// caller defers, ends the reader early and waits for it.
func readAhead(ctx context.Context, e *env, paths []string, lim config.Limits, ro logfile.ReadOptions, mo meeting.Options) *readLogs {
	r := &readLogs{logs: make(chan *readResult, readAheadLogs), done: make(chan struct{}), exit: make(chan struct{})}
	go func() {
		defer close(r.exit)
		defer close(r.logs)
		buf := make([]byte, 8<<10)
		for _, path := range paths {
			if ctx.Err() != nil {
				return
			}
			lr := &readResult{path: path}
			le := *e
			le.Stderr = &lr.warnings
			var text string
			lr.ms, text, lr.err = readLog(ctx, &le, path, lim, ro, mo, nil)
			if lr.err == nil {
				lr.hash = contentHash(text, buf)
			}
			select {
			case r.logs <- lr:
			case <-r.done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return r
}

// stop ends the reader and waits until it has returned.
func (r *readLogs) stop() {
	close(r.done)
	<-r.exit
}
