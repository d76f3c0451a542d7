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

func runImport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE` (its [store] is written to)")
	noPublish := fs.Bool("no-publish", false, "store only; do not publish the imported meetings to site.dir")
	var lf logFlags
	lf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel import -c gavel.toml [--series NAME] [--channel '#c'] [--date YYYY-MM-DD] [--tz ZONE] [--no-publish] LOG...")
		fmt.Fprintln(e.Stderr, "Puts raw meeting logs (MeetBot, irssi, ...) into the store and tracks their action items; importing a file twice changes nothing. Publishes the imported meetings to site.dir unless --no-publish.")
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
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	tzSet := false
	fs.Visit(func(f *flag.Flag) { tzSet = tzSet || f.Name == "tz" })
	if !tzSet && lf.channel != "" {
		// The channel's configured zone, as the live bot would use.
		lf.tz = cfg.ChannelConfig(lf.channel).Location.String()
	}
	if lf.series == "" && lf.channel != "" {
		lf.series = cfg.ChannelConfig(lf.channel).Series
	}
	ro, mo, err := lf.options()
	if err != nil {
		return err
	}
	mo.Source = "import"
	// A stored meeting needs its real date: no 1970-01-01 guesses.
	ro.RequireDate = true
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "import", args, fs.Args())
	if handed || err != nil {
		return err
	}
	defer closeStore()
	keeper := e.keeper(cfg, st)

	// On a terminal, a progress bar replaces the line per meeting.
	var bar *progress.Bar
	say := func(format string, args ...any) { fmt.Fprintf(e.Stdout, format, args...) }
	if isTerminal(e.Stdout) && fs.NArg() > 1 {
		bar = progress.New(e.Stdout, "importing", "logs", fs.NArg())
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
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		bar.Add(1)
		ms, text, err := readLog(e, path, cfg.Limits, ro, mo)
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
	if imported > 0 && !*noPublish {
		if err := publishChanges(ctx, e, cfg, st, "gavel import"); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d logs could not be read: %v", len(failed), fs.NArg(), failed)
	}
	return nil
}
