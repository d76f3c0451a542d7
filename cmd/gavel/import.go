package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/gavel-irc/gavel/internal/progress"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

// importKey identifies meeting number index (from 0) of a log file by the
// file's content, so that importing the same file again is a no-op
// whatever its name or place.
func importKey(content []byte, index int) string {
	h := sha256.Sum256(content)
	return "sha256:" + hex.EncodeToString(h[:]) + "#" + strconv.Itoa(index)
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
	maxEvents := 20000
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
	for _, path := range c.Args {
		if err := ctx.Err(); err != nil {
			return err
		}
		bar.Add(1)
		ms, text, err := readLog(ctx, e, path, cfg.Limits, ro, mo)
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			fmt.Fprintf(e.Stderr, "gavel import: %v\n", err)
			failed = append(failed, path)
			continue
		}
		content := []byte(text)
		for i, r := range ms {
			batch = append(batch, pending{path, i, r})
			logs = append(logs, life.Logged{Meeting: r.Meeting, Events: r.Events, SeriesOption: mo.Series, Key: importKey(content, i)})
			events += len(r.Events)
		}
		if events >= maxEvents {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
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
